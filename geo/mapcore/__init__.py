"""The map core: one script (and its styles) that builds and restyles every layer of the map, loaded by both the
app's map frame and the static edition's page. What it draws is encoded by geo/frames.py.

The files both editions serve as they are live in static/ (package data): Leaflet, vendored, and the offline
basemap (`python -m geo build-basemap`). The app serves that folder where it is installed (dashboard/map.py);
the static edition copies from it (geo/site).
"""

from __future__ import annotations

from .._files import package_folder

HERE = package_folder("geo.mapcore")
CORE_SCRIPT = HERE / "kcm-core.js"
CORE_STYLES = HERE / "kcm-core.css"
STATIC = HERE / "static"
LEAFLET = STATIC / "vendor" / "leaflet-1.9.4"  # tools/vendor-leaflet.sh re-creates it from the pinned npm package
BASEMAP_DIR = STATIC / "basemap"
