import datetime as dt

import pytest

from geo import DateOutOfRange, Timeline, load_package
from geo.layers.corridor import route_at
from geo.layers.districts import district_state, state_at
from geo.layers.positions import positions_at

D = dt.date


@pytest.fixture
def timeline(mini):
    return Timeline(load_package(mini))


def test_forward_fill_keeps_fields_not_set_by_a_change(timeline):
    state = district_state(timeline, "AZ-AAA", D(2020, 11, 15))
    assert state.controller == "split"
    assert state.share == 0.6
    assert state.pending_handover == D(2020, 11, 20)
    assert state.change_ids == ("alpha-start", "alpha-deadline")


def test_handover_day_before_and_day_of(timeline):
    before = district_state(timeline, "AZ-AAA", D(2020, 11, 19))
    on = district_state(timeline, "AZ-AAA", D(2020, 11, 20))
    assert (before.controller, before.pending_handover) == ("split", D(2020, 11, 20))
    assert (on.controller, on.pending_handover, on.share) == ("azerbaijan", None, None)


def test_range_boundaries_are_inclusive_and_outside_raises_naming_the_range(timeline):
    assert state_at(timeline, D(2000, 1, 1))["AZ-BBB"].controller == "armenian_forces"
    assert state_at(timeline, D(2030, 12, 31))["AZ-AAA"].controller == "azerbaijan"
    for outside in (D(1999, 12, 31), D(2031, 1, 1)):
        with pytest.raises(DateOutOfRange, match="2000-01-01 to 2030-12-31"):
            state_at(timeline, outside)


def test_context_districts_have_no_timeline(timeline):
    assert "AM-CCC" not in state_at(timeline, D(2020, 1, 1))
    assert district_state(timeline, "AM-CCC", D(2020, 1, 1)) is None


def test_positions_and_routes_follow_their_intervals(timeline):
    assert positions_at(timeline, D(2020, 11, 9)) == []
    assert [p.id for p in positions_at(timeline, D(2024, 6, 12))] == ["hq"]
    assert positions_at(timeline, D(2024, 6, 13)) == []
    assert route_at(timeline, D(2020, 11, 9)) is None
    assert route_at(timeline, D(2022, 8, 25)).id == "road-1"
    assert route_at(timeline, D(2022, 8, 26)).id == "road-2"
    assert route_at(timeline, D(2023, 10, 1)) is None


def test_changes_and_events_between(timeline):
    assert [c.id for c in timeline.changes_between(D(2020, 11, 10), D(2020, 11, 20))] == ["alpha-handover"]
    assert [c.id for c in timeline.changes_between(D(2020, 11, 20), D(2020, 11, 9))] == [
        "alpha-deadline", "beta-zone", "alpha-handover"]
    assert [e.id for e in timeline.events_between(D(2000, 1, 1), D(2020, 11, 20))] == ["start", "handover"]


def test_stops_include_changes_and_first_day_after_an_interval(timeline):
    stops = timeline.stops()
    assert stops == sorted(stops)
    assert D(2020, 11, 20) in stops and D(2024, 6, 13) in stops and D(2022, 8, 26) in stops
    assert timeline.next_stop(D(2020, 11, 10)) == D(2020, 11, 20)
    assert timeline.previous_stop(D(2020, 11, 20)) == D(2020, 11, 10)
    assert timeline.previous_stop(D(2000, 1, 1)) is None
    assert timeline.next_stop(D(2030, 12, 31)) is None
