"""Resolve what a user clicked: a district by point-in-polygon, a position by distance."""

from __future__ import annotations

import datetime as dt
import math

from shapely import STRtree
from shapely.geometry import Point

from .models import Package, Place, Position
from .timeline import Timeline

EARTH_RADIUS_M = 6_371_008.8


class Locator:
    """A spatial index over a package's districts, built once."""

    def __init__(self, package: Package) -> None:
        self._ids = sorted(package.districts)
        self._tree = STRtree([package.districts[i].geometry for i in self._ids])
        # A city with a timeline of its own (Shusha city) is selected itself; one without, as its parent.
        self._parents = {d.id: d.parent for d in package.districts.values() if d.role != "story"}

    def district_at(self, lat: float, lon: float) -> str | None:
        """The id of the district containing the point, or None (outside every district or not a number)."""
        if not (_finite(lat) and _finite(lon)) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return None
        hits = self._tree.query(Point(lon, lat), predicate="intersects")
        if len(hits) == 0:
            return None
        # On a shared border several districts touch the point: take the first by id, deterministically.
        return self._ids[int(min(hits))]

    def story_district_at(self, lat: float, lon: float) -> str | None:
        """Like `district_at`, but a city without a timeline of its own resolves to its parent district."""
        found = self.district_at(lat, lon)
        return self._parents.get(found) or found if found else None


def resolve_district(package: Package, name: str) -> str | None:
    """The id of the timeline district that `name` names: its id or any of its names or aliases, in any case
    (`Shushi`, `lachin`, `Karvachar`), or None. A name shared by a district and its city means the district."""
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


def metres_per_pixel(lat: float, zoom: float) -> float:
    """Ground size of one screen pixel in Web Mercator at `zoom` (256 px tiles)."""
    return 156_543.03392 * math.cos(math.radians(lat)) / 2 ** zoom


SPOT_SPACING_PX = 20  # posts at one point are drawn this far apart on screen (static/kcm-map.js)


def spot_offsets(positions: list[Position]) -> dict[str, float]:
    """How many pixels east of its point each position is drawn: posts at one point (a Russian post and an
    Azerbaijani checkpoint at the Hakari bridge) sit side by side, so each can be hovered and clicked."""
    from .layers import position_slots

    return {p.id: (slot - (slots - 1) / 2) * SPOT_SPACING_PX for p, slot, slots in position_slots(positions)}


def position_near(timeline: Timeline, date: dt.date, lat: float, lon: float, zoom: float,
                  tolerance_px: float = 12) -> Position | None:
    """The active position drawn nearest to a click, if within `tolerance_px` of it at `zoom` (where it is
    drawn: posts at one point are drawn apart, see `spot_offsets`)."""
    if not (_finite(lat) and _finite(lon) and _finite(zoom)):
        return None
    zoom = max(0.0, min(zoom, 22.0))
    limit = tolerance_px * metres_per_pixel(lat, zoom)
    active = timeline.positions_at(date)
    shifts = spot_offsets(active)
    degrees_per_px = 360 / (256 * 2 ** zoom)  # of longitude, in Web Mercator at any latitude

    def distance(p: Position) -> float:
        return distance_m(lat, lon, p.lat, p.lon + shifts[p.id] * degrees_per_px)

    best = min(active, key=distance, default=None)
    if best is None or distance(best) > limit:
        return None
    return best


def place_near(package: Package, lat: float, lon: float, zoom: float, tolerance_px: float = 8) -> Place | None:
    """The timeline place drawn nearest to a click, if within `tolerance_px` of it at `zoom`."""
    if not (_finite(lat) and _finite(lon) and _finite(zoom)):
        return None
    from .layers import timeline_places

    limit = tolerance_px * metres_per_pixel(lat, max(0.0, min(zoom, 22.0)))
    best = min(timeline_places(package), key=lambda p: distance_m(lat, lon, p.lat, p.lon), default=None)
    if best is None or distance_m(lat, lon, best.lat, best.lon) > limit:
        return None
    return best


def _finite(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


__all__ = ["Locator", "distance_m", "metres_per_pixel", "place_near", "position_near", "resolve_district",
           "spot_offsets"]
