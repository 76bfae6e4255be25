"""Areas of control inferred from the sourced settlement states: not a surveyed front line.

Where a district's own sourced status is "split", each of its settlements with a control timeline gets its
Voronoi cell (in a local metric plane), clipped to the district; the cells are dissolved by (controller,
announced-only) and simplified. A district with any other status keeps it: nothing is inferred there. A split
district whose settlements are all held by one side gets no areas, since its sourced status says the other side
held a part that no settlement locates. The line of contact is where the surfaces held by the profile's first two
sides meet (inferred areas, districts wholly held by one side, and the second's country outside the conflict area).
Areas depend only on the states of a district's settlements, so they are cached per distinct state.
"""

from __future__ import annotations

import datetime as dt
import math
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import shapely
from shapely.ops import unary_union

from . import status, vocabulary
from ._geom import geojson
from .layers.districts import state_for
from .layers.places import place_state
from .models import Package
from .timeline import Timeline

SIMPLIFY_M = 150.0  # an area's edges are simplified to this tolerance: they are an inference, not a survey
CONTACT_TOLERANCE_M = 300.0  # district outlines from different sources meet within this
DECIMALS = 5  # about a metre: more would claim a precision the method has not
ANNOUNCED = "announced"  # basis: the settlements' states rest on one side's announcement only
SOURCED = "sourced"  # basis: reported, agreed or handed over

# A local equirectangular plane (metres) centred on the conflict area: within 150 km of the centre its distances
# are off by well under 1%, which is far below what a Voronoi cell claims.
_LAT0, _LON0 = 39.8, 46.8
_MX = 111_320.0 * math.cos(math.radians(_LAT0))
_MY = 110_574.0


def default_range(package: Package) -> tuple[dt.date, dt.date] | None:
    """The dates the package's profile shows the areas on by default (both included); None: never by default."""
    return package.profile.inferred_default_on if package.profile is not None else None


def default_on(package: Package, date: dt.date) -> bool:
    """Whether the areas are shown on `date` until a reader sets the switch."""
    on = default_range(package)
    return on is not None and on[0] <= date <= on[1]


def to_metric(geom: Any) -> Any:
    return shapely.transform(geom, lambda xy: (xy - (_LON0, _LAT0)) * (_MX, _MY))


def to_wgs84(geom: Any) -> Any:
    return shapely.transform(geom, lambda xy: xy / (_MX, _MY) + (_LON0, _LAT0))


def _rounded(geom: Any) -> Any:
    return shapely.set_precision(geom, 10 ** -DECIMALS)


@dataclass(frozen=True)
class Area:
    """One district's area held by one side, inferred from the settlements it rests on."""

    district: str
    controller: str
    announced: bool
    places: tuple[str, ...]
    geometry: Any  # shapely, WGS84, rounded

    @property
    def basis(self) -> str:
        return ANNOUNCED if self.announced else SOURCED


# A settlement as the areas see it: (id, lon, lat, controller, announced only).
Seed = tuple[str, float, float, str, bool]


def cells(outline: Any, seeds: tuple[Seed, ...]) -> list[Any]:
    """Each seed's Voronoi cell (metric plane), in the order of `seeds`, not yet clipped to `outline` (metric);
    seeds at one point share a cell."""
    points = [((lon - _LON0) * _MX, (lat - _LAT0) * _MY) for _, lon, lat, _, _ in seeds]
    distinct = list(dict.fromkeys(points))  # GEOS refuses a repeated point when asked for ordered regions
    if len(distinct) < 2:
        return [outline for _ in seeds]
    regions = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(distinct),
                                                         extend_to=outline.envelope.buffer(1000), ordered=True))
    region_of = {point: region for point, region in zip(distinct, regions, strict=True)}
    return [region_of[point] for point in points]


def district_areas(district: str, outline_m: Any, seeds: tuple[Seed, ...],
                   seed_cells: list[Any] | None = None) -> list[Area]:
    """A split district's areas: its settlements' cells dissolved by (controller, announced only). None where
    every settlement is held by one side (see the module's note). `seed_cells`: `cells(outline_m, seeds)`, if
    the caller keeps them (they depend on the settlements' points only, not on who holds them)."""
    if len({s[3] for s in seeds}) < 2:
        return []
    groups: dict[tuple[str, bool], list[tuple[Seed, Any]]] = {}
    for seed, cell in zip(seeds, cells(outline_m, seeds) if seed_cells is None else seed_cells, strict=True):
        groups.setdefault((seed[3], seed[4]), []).append((seed, cell))
    keys = sorted(groups)
    # Dissolved first and clipped once (the clip of a union is the union of the clips, at a tenth of the cost).
    merged = [shapely.coverage_union_all([c for _, c in groups[k]]).intersection(outline_m) for k in keys]
    # Simplified as one coverage, so neighbouring areas keep one shared edge (no gaps, no overlaps).
    simple = shapely.coverage_simplify(merged, SIMPLIFY_M)
    areas = []
    for key, geom in zip(keys, simple, strict=True):
        wgs = _rounded(to_wgs84(geom.intersection(outline_m)))  # simplifying may have moved the district's edge
        if wgs.is_empty:
            continue
        areas.append(Area(district, key[0], key[1], tuple(sorted(s[0] for s, _ in groups[key])), wgs))
    return areas


class InferredControl:
    """The inferred areas on any date, each distinct district state computed once."""

    def __init__(self, package: Package, timeline: Timeline) -> None:
        self.package, self.timeline = package, timeline
        self._outlines = {d.id: to_metric(d.geometry) for d in package.districts.values() if d.role != "context"}
        self._places: dict[str, list[str]] = {}
        for pid in sorted({c.place for c in package.place_changes}):  # as frames.timeline_places
            if pid in package.places:
                self._places.setdefault(package.places[pid].district, []).append(pid)
        self._areas = lru_cache(maxsize=None)(self._compute)
        self._cells = lru_cache(maxsize=1_024)(self._district_cells)  # a district's points, one key a district
        self.districts = list(self._outlines)  # the order areas come in
        self._contact: Any = None
        profile = vocabulary.profile_of(package)
        self.contact_date, self._contact_country = profile.contact_date, profile.contact_country

    def split_districts(self, date: dt.date) -> list[str]:
        """The districts whose own sourced status on `date` is split (the only ones areas are inferred for)."""
        return [did for did in self._outlines
                if (s := state_for(self.timeline, self.package.districts[did], date)) is not None
                and s.controller == status.SPLIT]

    def seeds(self, district: str, date: dt.date) -> tuple[Seed, ...]:
        result = []
        for pid in self._places.get(district, []):
            state = place_state(self.timeline, pid, date)
            if state is None:
                continue
            place = self.package.places[pid]
            announced = bool(state.change and state.change.announced_only(date))
            result.append((pid, place.lon, place.lat, state.controller, announced))
        return tuple(result)

    def _compute(self, district: str, seeds: tuple[Seed, ...]) -> tuple[Area, ...]:
        points = tuple((s[1], s[2]) for s in seeds)
        return tuple(district_areas(district, self._outlines[district], seeds, self._cells(district, points)))

    def _district_cells(self, district: str, points: tuple[tuple[float, float], ...]) -> list[Any]:
        """A district's settlements' Voronoi cells: the same on every date (who holds a settlement moves no point),
        so a district's new state costs its dissolve only (a fifth of the app's step at 30,000 settlements went
        to the diagrams; bench/scale_30k.py)."""
        return cells(self._outlines[district], tuple(("", lon, lat, "", False) for lon, lat in points))

    def areas_at(self, date: dt.date) -> list[Area]:
        return [a for did in self.split_districts(date) for a in self._areas(did, self.seeds(did, date))]

    def district_areas_at(self, district: str, date: dt.date) -> tuple[Area, ...]:
        """One district's areas on `date` (none unless its own sourced status is split)."""
        state = state_for(self.timeline, self.package.districts[district], date)
        if state is None or state.controller != status.SPLIT:
            return ()
        return self._areas(district, self.seeds(district, date))

    def _change_days(self) -> list[tuple[int, str]]:
        """(ordinal, district) for every day a district's areas may change: a change of its own or its parent's, or
        of a settlement inside it (its control or an account of it); sorted."""
        days: list[tuple[int, str]] = []
        for did in self._outlines:
            district = self.package.districts[did]
            for owner in (did, district.parent):
                days += [(c.date.toordinal(), did) for c in self.timeline.district_changes(owner)] if owner else []
            for pid in self._places.get(did, []):
                for c in self.timeline.place_changes(pid):
                    days += [(c.date.toordinal(), did)] + [(a.date.toordinal(), did) for a in c.accounts]
        days.sort()
        return days

    def change_days(self) -> dict[str, list[int]]:
        """Each district's days its areas may change on (sorted, distinct): between two of them its areas stay."""
        result: dict[str, list[int]] = {did: [] for did in self._outlines}
        for day, did in self._change_days():
            if not result[did] or result[did][-1] != day:
                result[did].append(day)
        return result

    def district_areas_uncached(self, district: str, date: dt.date) -> tuple[Area, ...]:
        """A split district's areas on `date`, not kept (the lazy encoding keeps its own, bounded)."""
        return self._compute(district, self.seeds(district, date))

    def changed_over(self, dates: list[dt.date]) -> Iterator[tuple[dt.date, list[str]]]:
        """For each of `dates` (ascending), the districts (in `areas_at`'s order) whose areas may differ from the
        date before: every district on the first date, then those with a change day (`change_days`) since the date
        before. Asking every settlement on every frame date cost frames x settlements (66 s for 3,000 settlements;
        bench/scale_30k.py)."""
        days = self._change_days()
        order = {did: i for i, did in enumerate(self._outlines)}
        i = 0
        for n, date in enumerate(dates):
            touched: set[str] = set()
            while i < len(days) and days[i][0] <= date.toordinal():
                touched.add(days[i][1])
                i += 1
            yield date, list(self._outlines) if n == 0 else sorted(touched, key=order.__getitem__)

    def has_contact(self) -> bool:
        """Whether the profile gives a line of contact's date, the package covers it, and areas are inferred on it."""
        t, day = self.timeline, self.contact_date
        return day is not None and t.start <= day <= t.end and bool(self.areas_at(day))

    def contact_line(self) -> Any:
        """Where the surfaces held by the profile's first two sides meet on the profile's contact date (WGS84,
        rounded); only asked where `has_contact()`."""
        if self._contact is None and self.contact_date is not None:
            self._contact = self._compute_contact(self.contact_date)
        return self._contact

    def _compute_contact(self, date: dt.date) -> Any:
        # The line runs between the profile's first two sides; the context districts of the profile's contact
        # country (the one the story's districts lie in) count for the second.
        first, second = vocabulary.profile_of(self.package).side_ids[:2]
        held: dict[str, list[Any]] = {first: [], second: []}
        for d in self.package.districts.values():
            if d.role == "context":
                if self._contact_country is not None and d.country == self._contact_country:
                    held[second].append(to_metric(d.geometry))
                continue
            state = state_for(self.timeline, d, date)
            if state is not None and state.controller in held:
                held[state.controller].append(self._outlines[d.id])
        for area in self.areas_at(date):
            if area.controller in held:
                held[area.controller].append(to_metric(area.geometry))
        one, other = (unary_union(held[k]) for k in (first, second))
        line = one.boundary.intersection(other.buffer(CONTACT_TOLERANCE_M))
        line = shapely.line_merge(unary_union(line)) if not line.is_empty else line
        return _rounded(to_wgs84(line.simplify(SIMPLIFY_M)))

    def settlement_count(self, areas: list[Area]) -> int:
        return sum(len(a.places) for a in areas)

    def feature_collection(self, date: dt.date) -> dict[str, Any]:
        """The areas on `date` as GeoJSON (`python -m geo state DATE --json`'s `inferred_control`)."""
        areas = self.areas_at(date)
        n = self.settlement_count(areas)
        features = [{
            "type": "Feature",
            "properties": {"district": a.district, "controller": a.controller, "basis": a.basis,
                           "settlements": list(a.places), "note": note(n)},
            "geometry": geojson(a.geometry),
        } for a in areas]
        if (day := self.contact_date) is not None and date >= day and self.has_contact():
            on = self.areas_at(day)
            features.append({"type": "Feature",
                             "properties": {"kind": "line_of_contact", "date": day.isoformat(),
                                            "controller": None, "basis": "line_of_contact",
                                            "settlements": sorted(p for a in on for p in a.places),
                                            "note": contact_note(self.settlement_count(on))},
                             "geometry": geojson(self.contact_line())})
        return {"type": "FeatureCollection", "features": features}


def note(n: int) -> str:
    return status.INFERRED_NOTE.format(n=n)


def contact_note(n: int) -> str:
    return status.CONTACT_NOTE.format(n=n)


_BY_TIMELINE: weakref.WeakKeyDictionary[Timeline, InferredControl] = weakref.WeakKeyDictionary()


def inferred_control(package: Package, timeline: Timeline) -> InferredControl:
    """The one InferredControl of `timeline` (its areas cached for as long as the timeline lives)."""
    control = _BY_TIMELINE.get(timeline)
    if control is None or control.package is not package:
        control = _BY_TIMELINE[timeline] = InferredControl(package, timeline)
    return control
