"""The map core: one script (and its styles) that builds and restyles every layer of the map, loaded by both the
app's map frame and the static edition's page. What it draws is encoded by geo/frames.py.

The files both editions serve as they are live in static/ (package data): Leaflet, vendored, and the offline
basemap (`python -m geo build-basemap`). The app serves that folder where it is installed (dashboard/map.py);
the static edition copies from it (geo/site).
"""

from __future__ import annotations

from .._files import package_folder

HERE = package_folder("geo.mapcore")
# The core, then its layer plugins (each registers itself with the core): both editions load them in this order.
CORE_SCRIPTS = (HERE / "kcm-core.js", HERE / "kcm-labels.js", HERE / "kcm-layers.js", HERE / "kcm-inferred.js",
                HERE / "kcm-post-counts.js", HERE / "kcm-legend.js")
CORE_STYLES = HERE / "kcm-core.css"
STATIC = HERE / "static"
LEAFLET = STATIC / "vendor" / "leaflet-1.9.4"  # tools/vendor-leaflet.sh re-creates it from the pinned npm package
BASEMAP_DIR = STATIC / "basemap"


def core_script() -> str:
    """The core and its plugins as one script (a line break ends each file's trailing `//` comment, and a `;`
    keeps the next file's first parenthesis from calling the previous file's last expression)."""
    return "\n;\n".join(path.read_text(encoding="utf-8") for path in CORE_SCRIPTS)
