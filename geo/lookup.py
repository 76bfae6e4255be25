"""Find a district by any of its names; distances between points."""

from __future__ import annotations

import math

from .models import Package

EARTH_RADIUS_M = 6_371_008.8


def resolve_district(package: Package, name: str) -> str | None:
    """The id of the timeline district that `name` names: its id or any of its names or aliases, in any case
    (`alfa`, `ALPHA`, an alias in another language), or None. A name shared by a district and its city means the
    district."""
    wanted = name.strip().casefold()
    if not wanted:
        return None
    matches = [d for d in package.districts.values() if d.role == "story"
               and (d.id.casefold() == wanted or wanted in (n.casefold() for n in d.names.all()))]
    if not matches:
        return None
    return min(matches, key=lambda d: (d.parent is not None, d.id)).id


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


__all__ = ["distance_m", "resolve_district"]
