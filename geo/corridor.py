"""The corridor's band: a route's band of the statement's width, buffered in a metric CRS.

The rest of the corridor's routes (schema, model, reader, queries for a date, encoder) is its layer's,
geo/layers/corridor.py. The band stays here because the validation rules use it as well as the layer's encoder
(geo/rules_places.py refuses a band its exclusions empty; geo/rules_layers.py finds the settlements inside it), and
it is built once per route and width (the cache below) whoever asks first.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pyproj import Transformer
from shapely.geometry import LineString

from . import settings as S
from ._geom import reproject, round_coordinates
from .models import Package

if TYPE_CHECKING:  # the route's model is its layer's, which imports this module
    from .layers.corridor import CorridorRoute

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
