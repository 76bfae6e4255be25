"""The rule across layers: a district's drawn state agrees with the settlements inside it.

A district drawn as wholly held by one side cannot hold, on the same date, a settlement held by another side;
a district drawn as wholly outside the peacekeeping zone cannot hold a settlement inside the corridor's band
(the statement puts the corridor under the peacekeepers). Both layers change only on the timeline's stops,
so checking every stop finds every contradiction; each one is reported once, with the dates it lasts. A stop
re-checks only the settlements it can change (their own change, their district's or its parent's, a new corridor
route): checking all of them on every stop cost stops x settlements (2 minutes for 3,000 settlements and 6,500
stops; bench/scale_30k.py).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import shapely
from shapely.geometry import Point

from ._parse import Collector
from .corridor import corridor_band
from .layers.corridor import route_at
from .layers.districts import district_state
from .layers.districts_record import DistrictState
from .layers.places import place_state
from .layers.places_record import Place, PlaceState
from .models import Package
from .package_files import CONTROL_FILE, CORRIDOR_FILE, PLACE_CONTROL_FILE, PLACES_FILE
from .timeline import Timeline


@dataclass
class _Open:
    """A contradiction found on `start` and still seen on the latest stop."""

    start: dt.date
    district: str
    field: str  # the district's field that contradicts the settlement: controller or peacekeeping_zone
    text: str  # what contradicts what, without the dates


def check_layers_agree(p: Package, out: Collector) -> None:
    """Report each district drawn wholly held by one side while a settlement inside it is held by another,
    and each district drawn outside the peacekeeping zone while a settlement inside it lies in the corridor."""
    if not p.places or not p.changes or p.profile is None:
        return
    whole = p.profile.side_ids  # a district drawn wholly held by one side (not split)
    timeline = Timeline(p)
    in_corridor = _places_in_corridor(p)
    touched = _touched_by_date(p, timeline, set().union(*in_corridor.values()))
    open_: dict[tuple[str, str, str], tuple[int, _Open]] = {}  # in the order found: reports keep that order
    by_place: dict[str, set[tuple[str, str, str]]] = {}
    seq = itertools.count()
    route_id: str | None = ""  # no stop seen yet: the first stop checks every settlement
    for date in timeline.stops():
        route = route_at(timeline, date)
        new_route = (route.id if route is not None else None) != route_id
        route_id = route.id if route is not None else None
        places = sorted(p.places) if new_route else sorted(touched.get(date, ()))
        found = _contradictions(p, timeline, date, in_corridor, whole, places)
        closed = [k for pid in places for k in by_place.get(pid, ()) if k not in found]
        for key in sorted(closed, key=lambda k: open_[k][0]):
            _report(timeline, open_.pop(key)[1], date - dt.timedelta(days=1), out)
            by_place[key[1]].discard(key)
        for key, item in found.items():
            if key not in open_:
                open_[key] = (next(seq), item)
                by_place.setdefault(key[1], set()).add(key)
    for _, item in sorted(open_.values(), key=lambda x: x[0]):
        _report(timeline, item, p.coverage_end, out)


def _touched_by_date(p: Package, timeline: Timeline, in_any_corridor: set[str]) -> dict[dt.date, set[str]]:
    """For each date, the settlements whose check can change on it: those that change hands, those inside a
    district (or the parent of a district) whose controller changes, and those of a corridor's band inside a
    district whose zone changes. A district's change of share alone touches none."""
    inside: dict[str, set[str]] = {}
    for pid, place in p.places.items():
        inside.setdefault(place.district, set()).add(pid)
        district = p.districts.get(place.district)
        if district is not None and district.parent is not None:
            inside.setdefault(district.parent, set()).add(pid)
    touched: dict[dt.date, set[str]] = {}
    for c in p.place_changes:
        if c.place in p.places:  # a change of an unknown place is reported by the place rules, not checked here
            touched.setdefault(c.date, set()).add(c.place)
    for change in p.changes:
        members = inside.get(change.district)
        if not members or not timeline.start <= change.date <= timeline.end:  # no stop outside the covered range
            continue
        now = district_state(timeline, change.district, change.date)
        before = (district_state(timeline, change.district, change.date - dt.timedelta(days=1))
                  if change.date > timeline.start else None)
        if before is None or now is None or before.controller != now.controller:
            touched.setdefault(change.date, set()).update(members)
        elif before.peacekeeping_zone != now.peacekeeping_zone:
            touched.setdefault(change.date, set()).update(members & in_any_corridor)
    return touched


def _report(timeline: Timeline, item: _Open, last: dt.date, out: Collector) -> None:
    """One problem, on the district's record that set the contradicting field in force on the first day."""
    dates = f"on {item.start}" if last == item.start else f"from {item.start} to {last}"
    record = _setter(timeline, item.district, item.start, item.field)
    out.add(CONTROL_FILE, record, f"set.{item.field}", f"{item.text} {dates}; make the district split (with the "
            "settlement as evidence) or correct the settlement, whichever the sources support")


def _places_in_corridor(p: Package) -> dict[str, set[str]]:
    """Per corridor route, the places its band covers: each band is cut and tested once, not on every date."""
    covered: dict[str, set[str]] = {}
    for route in p.routes:
        if not route.coordinates:
            continue
        band = corridor_band(route, p)
        shapely.prepare(band)
        covered[route.id] = {pid for pid, place in p.places.items() if band.covers(Point(place.lon, place.lat))}
    return covered


def _contradictions(p: Package, timeline: Timeline, date: dt.date, in_corridor: dict[str, set[str]],
                    whole: tuple[str, ...], places: list[str]) -> dict[tuple[str, str, str], _Open]:
    """The contradictions on `date` of the settlements `places` (ids, sorted)."""
    found: dict[tuple[str, str, str], _Open] = {}
    route = route_at(timeline, date)
    inside = in_corridor.get(route.id) if route is not None else None
    for pid in places:
        place = p.places[pid]
        did, state = _district_state(p, timeline, place, date)
        if state is None:
            continue
        held = place_state(timeline, pid, date)
        if held is not None and state.controller in whole and held.controller != state.controller:
            found[(did, pid, "controller")] = _Open(
                date, did, "controller",
                f"{did} is drawn as wholly held by {state.controller} while the settlement {pid!r} "
                f"({PLACES_FILE}), inside it, is held by {held.controller} ({_place_basis(held, timeline, pid)}),")
        if inside is not None and route is not None and state.peacekeeping_zone is False and pid in inside:
            found[(did, pid, "zone")] = _Open(
                date, did, "peacekeeping_zone",
                f"{did} is drawn as wholly outside the peacekeeping zone while the settlement {pid!r} "
                f"({PLACES_FILE}), inside it, lies in the corridor (route {route.id!r}, {route.width_km:g} km band "
                f"in {CORRIDOR_FILE}),")
    return found


def _district_state(p: Package, timeline: Timeline, place: Place, date: dt.date
                    ) -> tuple[str, DistrictState | None]:
    """The place's district and its state; a district without a timeline of its own takes its parent's,
    as the map draws it."""
    did = place.district
    state = district_state(timeline, did, date)
    district = p.districts.get(did)
    if state is None and district is not None and district.parent is not None:
        did = district.parent
        state = district_state(timeline, did, date)
    return did, state


def _setter(timeline: Timeline, did: str, date: dt.date, field: str) -> str:
    """The id of the district's last change on or before `date` that set `field`."""
    setter = ""
    for change in timeline.district_changes(did):
        if change.date > date:
            break
        if field in change.set:
            setter = change.id
    return setter or did


def _place_basis(held: PlaceState, timeline: Timeline, pid: str) -> str:
    if held.change is not None:
        return f"{PLACE_CONTROL_FILE} {held.change.id!r} of {held.change.date}"
    first = timeline.place_changes(pid)[0]
    return f"{PLACE_CONTROL_FILE}: before {first.id!r} of {first.date}"
