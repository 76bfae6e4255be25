"""Small geometry helpers shared by the build and the layers."""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
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
