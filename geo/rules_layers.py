"""The rule across layers: a district's drawn state agrees with the settlements inside it.

A district drawn as wholly held by one side cannot hold, on the same date, a settlement held by another side;
a district drawn as wholly outside the peacekeeping zone cannot hold a settlement inside the corridor's band
(the statement puts the corridor under the peacekeepers). Both layers change only on the timeline's stops,
so checking every stop finds every contradiction; each one is reported once, with the dates it lasts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import shapely
from shapely.geometry import Point

from ._parse import Collector
from .corridor import corridor_band
from .models import DistrictState, Package, Place, PlaceState
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
    open_: dict[tuple[str, str, str], _Open] = {}
    for date in timeline.stops():
        found = _contradictions(p, timeline, date, in_corridor, whole)
        for key in [k for k in open_ if k not in found]:
            _report(timeline, open_.pop(key), date - dt.timedelta(days=1), out)
        for key, item in found.items():
            open_.setdefault(key, item)
    for item in open_.values():
        _report(timeline, item, p.coverage_end, out)


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
                    whole: tuple[str, ...]) -> dict[tuple[str, str, str], _Open]:
    found: dict[tuple[str, str, str], _Open] = {}
    route = timeline.route_at(date)
    inside = in_corridor.get(route.id) if route is not None else None
    for pid, place in sorted(p.places.items()):
        did, state = _district_state(p, timeline, place, date)
        if state is None:
            continue
        held = timeline.place_state(pid, date)
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
    state = timeline.district_state(did, date)
    district = p.districts.get(did)
    if state is None and district is not None and district.parent is not None:
        did = district.parent
        state = timeline.district_state(did, date)
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
