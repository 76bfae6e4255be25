"""Property tests of `Timeline` on random valid packages, against brute-force references.

The references replay the history from scratch for every query and know nothing of the timeline's
precomputed tracks or binary searches.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from geo import DateOutOfRange, Timeline
from geo.layers.corridor import route_at
from geo.layers.districts import district_state, state_at
from geo.layers.districts_record import ControlChange, DistrictState
from geo.layers.positions import Position, positions_at
from geo.models import District, Event, Names, Package
from geo.settings import STATE_FIELDS

CONTROLLERS = ("side_a", "side_b", "split")  # the timeline knows no side: any profile's ids, and split
START = dt.date(2020, 11, 1)
DAY = dt.timedelta(days=1)
CHECK = settings(max_examples=50, derandomize=True, database=None, deadline=None)


def order(c: ControlChange) -> tuple[dt.date, str]:
    """The order in which the timeline applies changes."""
    return c.date, c.id


# --- random valid packages ---------------------------------------------------------------------


def day_in(end: dt.date) -> st.SearchStrategy[dt.date]:
    return st.dates(START, end)


@st.composite
def packages(draw) -> Package:
    """1-3 story districts with 1-12 changes each, a few events and positions, over up to 60 days.

    Days are few so that several changes often share a day; ids are random so that the order of
    a day's changes is random too. Every district starts at the coverage start with all four
    fields set (its id sorts first: digits before letters); a share is only given while split.
    """
    end = START + draw(st.integers(0, 60)) * DAY
    districts, changes = {}, []
    for k in range(draw(st.integers(1, 3))):
        did = f"AZ-D{k}"
        districts[did] = District(id=did, names=Names(en=f"District {k}"), role="story", country="AZ", area_km2=1.0,
                                  geometry=box(46 + k, 40, 46.1 + k, 40.1))
        tags = draw(st.lists(st.text("abcdefgh", min_size=1, max_size=3), max_size=11, unique=True))
        dated = sorted((draw(day_in(end)), f"{did}-{tag}") for tag in tags)
        controller = draw(st.sampled_from(CONTROLLERS))
        first = {"controller": controller, "share": draw(share_for(controller)),
                 "pending_handover": draw(st.none() | day_in(end)), "peacekeeping_zone": draw(st.booleans())}
        changes.append(change(f"{did}-000", did, START, first))
        for date, cid in dated:
            new = draw(st.fixed_dictionaries({}, optional={
                "controller": st.sampled_from(CONTROLLERS),
                "share": st.none() | st.floats(0, 1),
                "pending_handover": st.none() | day_in(end),
                "peacekeeping_zone": st.booleans(),
            }).filter(bool))
            controller = new.get("controller", controller)
            if controller != "split" and new.get("share") is not None:
                new["share"] = None  # the loader rejects a share while not split
            changes.append(change(cid, did, date, new))
    events = [Event(id=f"e{i}", date=draw(day_in(end)), precision="day", title=f"Event {i}",
                    citations=()) for i in range(draw(st.integers(0, 4)))]
    positions = []
    for i in range(draw(st.integers(0, 3))):
        first_day = draw(st.dates(START - 10 * DAY, end + 10 * DAY))
        last_day = draw(st.none() | st.dates(first_day, end + 10 * DAY))
        positions.append(Position(id=f"p{i}", kind="checkpoint", name=f"Post {i}", operator="other", place=1,
                                  precision="exact", radius_m=10.0, precision_note="-", start=first_day,
                                  end=last_day, citations=()))
    changes = draw(st.permutations(changes))  # the timeline must not rely on the file's order
    events = draw(st.permutations(events))
    return Package(title="random", coverage_start=START, coverage_end=end, districts=districts, geonames={},
                   sources={}, events=events, changes=changes, positions=positions, routes=[])


def share_for(controller: str) -> st.SearchStrategy[float | None]:
    return st.none() | st.floats(0, 1) if controller == "split" else st.none()


def change(cid: str, district: str, date: dt.date, new: dict) -> ControlChange:
    return ControlChange(id=cid, district=district, date=date, precision="day", kind="actual", summary="summary",
                         set=new, citations=())


def dates_of(package: Package) -> list[dt.date]:
    """Every covered day (at most 61)."""
    days = (package.coverage_end - package.coverage_start).days
    return [package.coverage_start + i * DAY for i in range(days + 1)]


# --- brute-force references ----------------------------------------------------------------------


def reference_state(package: Package, district: str, date: dt.date) -> DistrictState | None:
    """Replay every change of `district` on or before `date`, field by field."""
    history = sorted((c for c in package.changes if c.district == district and c.date <= date), key=order)
    if not history:
        return None
    values: dict = {"controller": None, "share": None, "pending_handover": None, "peacekeeping_zone": False}
    setter: dict[str, str] = {}
    for c in history:
        values |= c.set
        setter |= dict.fromkeys(c.set, c.id)
        if values["controller"] != "split" and "share" not in c.set:
            values["share"] = None  # a share only means something while split ...
            if "controller" in c.set:
                setter["share"] = c.id  # ... so the change that ended the split set it
    ids = tuple(dict.fromkeys(setter[k] for k in sorted(setter)))
    return DistrictState(district=district, controller=values["controller"], share=values["share"],
                         pending_handover=values["pending_handover"],
                         peacekeeping_zone=bool(values["peacekeeping_zone"]), change_ids=ids)


def reference_stops(package: Package) -> set[dt.date]:
    days = {e.date for e in package.events} | {c.date for c in package.changes}
    for p in package.positions:
        days.add(p.start)
        if p.end is not None:
            days.add(p.end + DAY)  # the first day it is gone
    return {d for d in days if package.coverage_start <= d <= package.coverage_end}


# --- properties ----------------------------------------------------------------------------------


@CHECK
@given(packages())
def test_state_on_every_day_is_the_replayed_history(package):
    """state_at and district_state equal a replay from scratch; on a day with several changes the
    state is the one after the day's last change (in id order)."""
    timeline = Timeline(package)
    for date in dates_of(package):
        expected = {d: reference_state(package, d, date) for d in sorted(package.districts)}
        assert state_at(timeline, date) == {d: s for d, s in expected.items() if s is not None}
        for did, state in expected.items():
            assert district_state(timeline, did, date) == state
    for did in package.districts:
        history = sorted((c for c in package.changes if c.district == did), key=order)
        for date in {c.date for c in history}:
            last = [c for c in history if c.date == date][-1]
            state = district_state(timeline, did, date)
            assert all(getattr(state, key) == value for key, value in last.set.items())
            assert last.id in state.change_ids


@CHECK
@given(packages())
def test_each_field_comes_from_the_change_that_last_set_it(package):
    """Declaratively: per field, the last change (in (date, id) order) that set it gives its value and is
    listed in change_ids; a change that makes the controller non-split without a share sets share to None."""
    timeline = Timeline(package)

    def sets(c, key):
        return key in c.set or (key == "share" and c.set.get("controller", "split") != "split")

    for did in package.districts:
        ordered = [c for c in sorted(package.changes, key=order) if c.district == did]
        for date in dates_of(package):
            history = [c for c in ordered if c.date <= date]
            setters = {key: next(c for c in reversed(history) if sets(c, key)) for key in STATE_FIELDS}
            state = district_state(timeline, did, date)
            assert state.controller == setters["controller"].set["controller"]
            assert state.share == setters["share"].set.get("share")
            assert state.pending_handover == setters["pending_handover"].set["pending_handover"]
            assert state.peacekeeping_zone == setters["peacekeeping_zone"].set["peacekeeping_zone"]
            assert state.change_ids == tuple(dict.fromkeys(setters[k].id for k in sorted(setters)))


@CHECK
@given(packages(), st.data())
def test_changes_between_is_the_half_open_interval_in_either_order(package, data):
    """a < date <= b, sorted, in either order; consecutive steps neither lose nor repeat a change."""
    timeline = Timeline(package)
    cuts = sorted(data.draw(st.lists(day_in(package.coverage_end), min_size=2, max_size=6)))
    for a, b in zip(cuts, cuts[1:], strict=False):
        got = timeline.changes_between(a, b)
        assert got == timeline.changes_between(b, a)
        assert [c.id for c in got] == [c.id for c in sorted(package.changes, key=order) if a < c.date <= b]
        assert timeline.changes_between(a, a) == []
    stepped = [c.id for a, b in zip(cuts, cuts[1:], strict=False) for c in timeline.changes_between(a, b)]
    assert stepped == [c.id for c in timeline.changes_between(cuts[0], cuts[-1])]
    assert len(set(stepped)) == len(stepped)
    whole = timeline.changes_between(package.coverage_start, package.coverage_end)
    assert {c.id for c in whole} == {c.id for c in package.changes if c.date > package.coverage_start}


@CHECK
@given(packages(), st.data())
def test_events_between_includes_both_ends_and_positions_their_intervals(package, data):
    timeline = Timeline(package)
    a = data.draw(day_in(package.coverage_end))
    b = data.draw(st.dates(a, package.coverage_end))
    expected = sorted((e for e in package.events if a <= e.date <= b), key=lambda e: (e.date, e.id))
    assert timeline.events_between(a, b) == expected
    for e in package.events:
        assert e in timeline.events_between(e.date, e.date)
    for date in dates_of(package):
        active = [p for p in package.positions if p.start <= date and (p.end is None or date <= p.end)]
        assert positions_at(timeline, date) == active


@CHECK
@given(packages())
def test_stops_are_sorted_unique_complete_and_stepping_is_strict(package):
    timeline = Timeline(package)
    stops = timeline.stops()
    assert stops == sorted(set(stops))
    assert set(stops) == reference_stops(package)
    probes = set(dates_of(package)) | {package.coverage_start - DAY, package.coverage_end + DAY}
    for date in sorted(probes | set(stops)):
        assert timeline.next_stop(date) == min((s for s in stops if s > date), default=None)
        assert timeline.previous_stop(date) == max((s for s in stops if s < date), default=None)
    for earlier, later in zip(stops, stops[1:], strict=False):
        assert timeline.next_stop(earlier) == later and timeline.previous_stop(later) == earlier


@CHECK
@given(packages(), st.integers(1, 4000))
def test_outside_the_coverage_raises_naming_the_range(package, days):
    timeline = Timeline(package)
    start, end = package.coverage_start, package.coverage_end
    covered = f"{start.isoformat()} to {end.isoformat()}"
    for inside in (start, end):
        assert set(state_at(timeline, inside)) == set(package.districts)  # every district starts at `start`
        timeline.changes_between(start, end)
        timeline.events_between(start, end)
        positions_at(timeline, inside)
        route_at(timeline, inside)
    for outside in (start - DAY, end + DAY, start - days * DAY, end + days * DAY):
        for query in (lambda d: state_at(timeline, d), lambda d: positions_at(timeline, d),
                      lambda d: route_at(timeline, d),
                      lambda d: district_state(timeline, "AZ-D0", d),
                      lambda d: timeline.changes_between(start, d), lambda d: timeline.changes_between(d, end),
                      lambda d: timeline.events_between(d, end), lambda d: timeline.events_between(start, d)):
            with pytest.raises(DateOutOfRange, match=covered) as info:
                query(outside)
            assert info.value.date == outside and (info.value.start, info.value.end) == (start, end)
            assert outside.isoformat() in str(info.value)
