"""What a picture is drawn from, read once per package: the web map's geometry (geo.frames.map_geometry) and the
offline basemap (the package's own, as both editions draw it; geo/basemap_recipe.py), all projected to Web Mercator
as the web map shows them, and the map of one date (geo.frames.date_payload), so a picture cannot show another
state than the map."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
from PIL import Image
from pyproj import Transformer
from shapely.geometry import shape

from ..basemap import BASEMAP_DIR, INDEX
from ..basemap_recipe import basemap_folder, legend_lines
from ..frames import date_payload, map_geometry
from ..models import Package
from ..timeline import Timeline

MERCATOR = "EPSG:3857"  # the web map's projection: the relief's rows are warped to it (geo/basemap.py)
_TO_MERCATOR = Transformer.from_crs("EPSG:4326", MERCATOR, always_xy=True)


def to_mercator(lon: float, lat: float) -> tuple[float, float]:
    x, y = _TO_MERCATOR.transform(lon, lat)
    return float(x), float(y)


def _frame(features: list[dict[str, Any]]) -> gpd.GeoDataFrame:
    rows = [{**f.get("properties", {}), "id": f.get("id", (f.get("properties") or {}).get("id")),
             "geometry": shape(f["geometry"])} for f in features]
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326").to_crs(MERCATOR)


@dataclass
class Basemap:
    relief: np.ndarray  # greyscale hillshade, rows in Web Mercator
    extent: tuple[float, float, float, float]  # left, right, bottom, top in Web Mercator metres
    layers: gpd.GeoDataFrame  # lakes, rivers, borders, a reference line if any and country-name points (`kind`)
    credit: str
    lines: list[list[str]] = field(default_factory=list)  # the legend's lines, [kind, words] (the index's)


def read_basemap(folder: Path = BASEMAP_DIR) -> Basemap:
    index = json.loads((folder / INDEX).read_text(encoding="utf-8"))
    (south, west), (north, east) = index["relief"]["bounds"]
    with Image.open(folder / index["relief"]["image"]) as image:
        relief = np.asarray(image.convert("L"))
    left, bottom = to_mercator(west, south)
    right, top = to_mercator(east, north)
    features = [f for name in index["layers"]
                for f in json.loads((folder / name).read_text(encoding="utf-8"))["features"]]
    credit = json.loads((folder / "relief.json").read_text(encoding="utf-8")).get("credit", "")
    lines = legend_lines(index)
    drawn = "water, borders, reference line" if len(lines) > 1 else "water, borders"
    return Basemap(relief, (left, right, bottom, top), _frame(features), f"{credit}; {drawn}: Made with Natural Earth",
                   lines)


def package_basemap(package: Package) -> Basemap:
    """The package's own basemap; a package with none built draws the engine's default (still the first
    package's: a debt of issue 20)."""
    folder = basemap_folder(package)
    return read_basemap(folder if folder is not None and (folder / INDEX).is_file() else BASEMAP_DIR)


@dataclass
class MapSource:
    """The static part of every picture of a package: read and projected once (an animation draws many dates)."""

    package: Package
    timeline: Timeline
    geometry: dict[str, Any]  # geo.frames.map_geometry: what the web map is built from
    districts: gpd.GeoDataFrame  # id, label, role
    corridors: dict[str, gpd.GeoDataFrame]  # route id -> its band and line (`part`)
    places: list[dict[str, Any]]  # the timeline places in payload order, with x, y
    labels: list[dict[str, Any]]  # district labels with x, y
    basemap: Basemap
    _payloads: dict[dt.date, dict[str, Any]] = field(default_factory=dict)

    def payload(self, date: dt.date) -> dict[str, Any]:
        """The map of `date`, as the web map receives it."""
        if date not in self._payloads:
            self._payloads[date] = date_payload(self.package, self.timeline, date)
        return self._payloads[date]


def map_source(package: Package, timeline: Timeline | None = None, basemap: Basemap | None = None) -> MapSource:
    geometry = map_geometry(package)
    districts = _frame(geometry["districts"]["features"])
    corridors = {rid: _frame(fc["features"]) for rid, fc in geometry["corridors"].items()}
    places = [{**p, "xy": to_mercator(p["lon"], p["lat"])} for p in geometry["places"]]
    labels = [{**lab, "xy": to_mercator(lab["lon"], lab["lat"])} for lab in geometry["labels"]]
    return MapSource(package, timeline or Timeline(package), geometry, districts, corridors, places, labels,
                     basemap or package_basemap(package))
