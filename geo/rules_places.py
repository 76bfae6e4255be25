"""Rules on what cannot be true of places, counts, periods and routes (issue 21, item 10): a place outside
its district, one day with two counts of one kind, two periods of one title, a corridor band that vanishes
once its excluded districts are cut out, a route leg of no length; and the settlements' references across files
(`check_place_references`: known districts, sources and places, changes that follow on, one place listed twice).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import shapely
from pyproj import Transformer

from . import settings as S
from ._geom import reproject
from ._parse import Collector, show
from .corridor import corridor_band
from .models import Package
from .package_files import (
    CORRIDOR_FILE,
    DISTRICTS_FILE,
    GEONAMES_FILE,
    PERIODS_FILE,
    PLACE_CONTROL_FILE,
    PLACES_FILE,
    POST_COUNTS_FILE,
    SEED_LABEL,
    SOURCES_FILE,
)
from .rules_ids import fold

if TYPE_CHECKING:  # the settlements' models are their layer's, which imports geo/rules.py (and so this module)
    from .layers.places_record import Place, PlaceChange

# Natural Earth's 1:10m admin-1 boundaries are generalised, and some follow older district lines: of the first
# package's 257 places, 35 lie outside their district's polygon, the farthest by 6.9 km (its sources place it in
# that district), nearly all others within 2.7 km. So a place may lie this far outside its district, beyond its
# own precision_m: enough for the coarse boundaries, far too little for a place moved to another country's city.
BOUNDARY_SLACK_M = 7_500
SAME_ROUTE_POINT_M = 1.0  # two consecutive waypoints closer than this make a leg of no length


def check_place_facts(p: Package, out: Collector) -> None:
    """The rules of this module, each in its own function."""
    _places_in_their_districts(p, out)
    _one_count_per_kind_and_day(p, out)
    _period_titles_unique(p, out)
    _routes_have_length_and_band(p, out)


def _places_in_their_districts(p: Package, out: Collector) -> None:
    """Each place within its district's polygon, allowing its precision and `BOUNDARY_SLACK_M`; measured in
    the metric CRS (UTM 38N) the corridor is buffered in. Places of an unknown district are reported already."""
    if not out.readable(DISTRICTS_FILE) or not p.places:
        return
    to_metric = Transformer.from_crs("EPSG:4326", S.SETTINGS.metric_crs, always_xy=True)
    by_district: dict[str, list[int]] = {}
    places = list(p.places.values())
    for i, place in enumerate(places):
        if place.district in p.districts:
            by_district.setdefault(place.district, []).append(i)
    lon = np.array([x.lon for x in places])
    lat = np.array([x.lat for x in places])
    x, y = to_metric.transform(lon, lat)
    points = shapely.points(x, y)
    metric = {did: reproject(p.districts[did].geometry, to_metric) for did in by_district}
    for did, members in by_district.items():
        index = np.array(members)
        distance = shapely.distance(metric[did], points[index])
        allowed = np.array([places[i].precision_m for i in members]) + BOUNDARY_SLACK_M
        for i, far in zip(index[distance > allowed], distance[distance > allowed], strict=True):
            place = places[i]
            inside = [d for d, g in p.districts.items() if g.geometry.covers(shapely.Point(place.lon, place.lat))]
            where = f"it lies in {', '.join(inside)}" if inside else "it lies in no district of the package"
            out.add(PLACES_FILE, place.id, "district",
                    f"({place.lat}, {place.lon}) is {far / 1000:.1f} km outside its district {did} "
                    f"({p.districts[did].names.en}); {where}. A place must lie in its district, allowing its "
                    f"precision_m ({place.precision_m:g}) and {BOUNDARY_SLACK_M / 1000:g} km for the boundaries' "
                    "coarseness")


def _one_count_per_kind_and_day(p: Package, out: Collector) -> None:
    """Two post counts of one kind on one day: at most one can be the count (23 and 2,500 both 'total')."""
    first: dict[tuple[str, object], str] = {}
    totals = {c.id: c.total for c in p.post_counts}
    for c in p.post_counts:  # sorted by date and id
        earlier = first.setdefault((c.kind, c.date), c.id)
        if earlier != c.id:
            out.add(POST_COUNTS_FILE, c.id, "date",
                    f"{c.date} already has a {c.kind!r} count ({earlier!r}, {totals[earlier]}; this one "
                    f"{c.total}); one count per kind and day (give another day's count its own date)")


def _period_titles_unique(p: Package, out: Collector) -> None:
    """Two periods titled alike (folded as ids are) would be two bars of one name on the timeline."""
    first: dict[str, str] = {}
    for x in sorted(p.periods, key=lambda x: x.id):
        earlier = first.setdefault(fold(x.title), x.id)
        if earlier != x.id:
            out.add(PERIODS_FILE, x.id, "title", f"{show(x.title)} is also the title of period {earlier!r}; "
                                                 "each period has a title of its own")


def _routes_have_length_and_band(p: Package, out: Collector) -> None:
    """Each leg of a route has a length, and the band survives the districts it excludes."""
    to_metric = Transformer.from_crs("EPSG:4326", S.SETTINGS.metric_crs, always_xy=True)
    for r in p.routes:
        x, y = to_metric.transform(np.array([c[0] for c in r.coordinates]), np.array([c[1] for c in r.coordinates]))
        legs = np.hypot(np.diff(x), np.diff(y))
        for j in np.flatnonzero(legs < SAME_ROUTE_POINT_M):
            out.add(CORRIDOR_FILE, r.id, f"waypoints[{j + 1}]",
                    f"{show(r.waypoints[j + 1])} is at the same point as waypoints[{j}] ({show(r.waypoints[j])}); "
                    "each leg of a route must have a length (a route of one point draws nothing)")
        if len(legs) and legs.sum() >= SAME_ROUTE_POINT_M and r.excludes and corridor_band(r, p).is_empty:
            out.add(CORRIDOR_FILE, r.id, "excludes",
                    f"cutting out {', '.join(r.excludes)} leaves nothing of the {r.width_km:g} km band; the corridor "
                    "would silently vanish from the map")


SAME_PLACE_M = 50  # two places closer than this are one place listed twice


def _near_twins(places: Iterable[Place]) -> list[tuple[Place, Place]]:
    """(place, the first place before it less than `SAME_PLACE_M` from it). Candidates come from a spatial
    index (any two points 2 cm apart are found, wherever they fall; cells of 50 m missed pairs across an
    edge), then the distance decides."""
    listed = list(places)
    if len(listed) < 2:
        return []
    points = shapely.points([p.lon for p in listed], [p.lat for p in listed])
    # 50 m is under 0.0009 degrees of longitude up to 60 N (and of latitude everywhere)
    later, earlier = shapely.STRtree(points).query(points, predicate="dwithin", distance=0.0009)
    twins: dict[int, int] = {}
    for i, j in zip(later[earlier < later].tolist(), earlier[earlier < later].tolist(), strict=True):
        if j < twins.get(i, i) and _metres(listed[i], listed[j]) < SAME_PLACE_M:
            twins[i] = j
    return [(listed[i], listed[j]) for i, j in sorted(twins.items())]


def _metres(a: Place, b: Place) -> float:
    """Distance on a sphere, good to a fraction of a metre at these distances."""
    dy = math.radians(a.lat - b.lat)
    dx = math.radians(a.lon - b.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return 6_371_000 * math.hypot(dx, dy)


def check_place_references(places: dict[str, Place], changes: list[PlaceChange], districts: Iterable[str],
                           sources: Iterable[str], out: Collector) -> None:
    """Places name known districts and sources; changes name known places, and each place's changes
    follow on from one another (each one's `from` is the controller the one before it left). A reference
    into a file refused whole is not checked (it would be reported unknown for that reason alone)."""
    districts, sources = set(districts), set(sources)
    districts_read = out.readable(DISTRICTS_FILE)
    sources_read = out.readable(SOURCES_FILE, SEED_LABEL)
    places_read = out.readable(PLACES_FILE, GEONAMES_FILE)
    for p in places.values():
        if districts_read and p.district not in districts:
            out.add(PLACES_FILE, p.id, "district", f"unknown district {p.district!r}; it must be an id in "
                                                    f"{DISTRICTS_FILE}")
        if sources_read and p.coordinate.source is not None and p.coordinate.source not in sources:
            out.add(PLACES_FILE, p.id, "coordinate.source", f"unknown source {p.coordinate.source!r}; it must be "
                                                             f"an id in {SOURCES_FILE}")
    for p, twin in _near_twins(places.values()):  # one place listed twice (two spellings): two timelines
        out.add(PLACES_FILE, p.id, "coordinate", f"the same point as place {twin.id!r}; one place is one "
                                                  "record (other spellings go in aliases)")
    last: dict[str, PlaceChange] = {}
    for c in sorted(changes, key=lambda c: (c.date, c.id)):
        if c.place not in places:
            if not places_read:
                continue
            out.add(PLACE_CONTROL_FILE, c.id, "place", f"unknown place {c.place!r}; it must be an id in "
                                                       f"{PLACES_FILE}")
            continue
        before = last.get(c.place)
        if before is not None and before.date == c.date:
            out.add(PLACE_CONTROL_FILE, c.id, "date", f"{c.place} already changes on {c.date} ({before.id}); "
                                                      "one change per place and day")
        elif before is not None and before.controller != c.previous:
            out.add(PLACE_CONTROL_FILE, c.id, "from", f"{c.previous!r}, but the change before it ({before.id}, "
                                                      f"{before.date}) left {c.place} to {before.controller!r}")
        last[c.place] = c
