"""The corridor's geometry: a route's band of the statement's width, buffered in a metric CRS, and the route
most recently out of use (drawn faintly, so the road's moves show)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from pyproj import Transformer
from shapely.geometry import LineString, mapping

from . import settings as S
from ._geom import reproject, round_coordinates
from .models import CorridorRoute, Package

_TO_METRIC = Transformer.from_crs("EPSG:4326", S.SETTINGS.metric_crs, always_xy=True)


_FROM_METRIC = Transformer.from_crs(S.SETTINGS.metric_crs, "EPSG:4326", always_xy=True)


@lru_cache(maxsize=64)
def _buffered(coordinates: tuple[tuple[float, float], ...], width_km: float) -> Any:
    line = reproject(LineString(coordinates), _TO_METRIC)
    band = line.buffer(width_km * 1000 / 2, quad_segs=8)  # the statement's width is the full width
    return round_coordinates(reproject(band, _FROM_METRIC), 5)


def corridor_band(route: CorridorRoute, package: Package) -> Any:
    """The route's band of `width_km`, buffered in a metric CRS (UTM 38N), returned in WGS84, with the
    route's excluded districts cut out."""
    band = _buffered(route.coordinates, route.width_km)
    for excluded in route.excludes:
        district = package.districts.get(excluded)
        if district is not None:
            band = band.difference(district.geometry)  # after rounding, so no sliver creeps back in
    return band


def corridor_geojson(route: CorridorRoute, package: Package) -> dict[str, Any]:
    """A corridor route's band and line as GeoJSON."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": f"{route.id}-band",
         "properties": {"id": route.id, "part": "band", "name": route.name, "width_km": route.width_km},
         "geometry": mapping(corridor_band(route, package))},
        {"type": "Feature", "id": f"{route.id}-line",
         "properties": {"id": route.id, "part": "route", "name": route.name},
         "geometry": mapping(LineString(route.coordinates))},
    ]}


def former_route(package: Package, date: dt.date) -> CorridorRoute | None:
    """The corridor route most recently out of use on `date`: drawn faintly, so a move of the road
    (30 August 2022, 30 March 2023) shows on the map and not only in the text."""
    ended = [r for r in package.routes if r.end is not None and r.end < date]
    return max(ended, key=lambda r: r.end or date, default=None)
