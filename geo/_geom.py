"""Small geometry helpers shared by the build and the layers."""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
import shapely.geometry
from pyproj import Transformer


def reproject(geometry: Any, transformer: Transformer) -> Any:
    """`geometry` with every coordinate passed through `transformer` (always_xy)."""
    def project(xy: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])
    return shapely.transform(geometry, project)


def round_coordinates(geometry: Any, decimals: int) -> Any:
    """`geometry` with coordinates rounded for printing (call after snapping to the same grid)."""
    return shapely.transform(geometry, lambda xy: np.round(xy, decimals))


def geojson(geometry: Any) -> dict[str, Any]:
    """`shapely.geometry.mapping(geometry)`, with lists for tuples, for (multi)polygons and lines: shapely's own
    walks each coordinate in Python (a fifth of the inferred areas' cost at the app's start)."""
    kind = geometry.geom_type
    if geometry.is_empty or geometry.has_z or kind not in _RINGS_OF:
        return shapely.geometry.mapping(geometry)
    return {"type": kind, "coordinates": _RINGS_OF[kind](geometry)}


def _coordinates(geometry: Any) -> list[list[float]]:
    coordinates: list[list[float]] = shapely.get_coordinates(geometry).tolist()
    return coordinates


def _polygon(polygon: Any) -> list[list[list[float]]]:
    return [_coordinates(polygon.exterior), *(_coordinates(ring) for ring in polygon.interiors)]


_RINGS_OF = {
    "Polygon": _polygon,
    "MultiPolygon": lambda g: [_polygon(p) for p in g.geoms],
    "LineString": _coordinates,
    "MultiLineString": lambda g: [_coordinates(line) for line in g.geoms],
}
