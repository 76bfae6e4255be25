"""Compare two dates in the app (issue 18): who gained, before and after, a typed date applied on Enter, and a
swap to read the map before, then after. Run with streamlit.testing; the gainer rule on the real package."""

import datetime as dt

from geo import Timeline, load_package
from geo.compare import compare, compare_summary, district_gainer
from geo.layers.districts_record import DistrictState
from tests.helpers import run_app, texts

D = dt.date


def state(controller, share=None):
    return DistrictState(district="X", controller=controller, share=share, pending_handover=None,
                         peacekeeping_zone=False, change_ids=())


def test_who_gained_a_district():
    arm, aze, split = "armenian_forces", "azerbaijan", "split"
    sides = (arm, aze)  # a split's share counts the first side's hold
    assert district_gainer(state(split, 0.77), state(aze), sides) == aze
    assert district_gainer(state(split, 0.5), state(split, 0.7), sides) == arm
    assert district_gainer(state(arm), state(split), sides) == aze  # held whole, then split: the other took a part
    assert district_gainer(state(aze), state(split), sides) == arm
    assert district_gainer(state(split), state(split), sides) is None  # shares not sourced: the data cannot tell
    assert district_gainer(None, state(aze), sides) is None
    three = ("georgia", "russian_forces", "south_ossetian_forces")  # more sides: only who holds it whole tells
    assert district_gainer(state("georgia"), state("russian_forces"), three) == "russian_forces"
    assert district_gainer(state("georgia"), state(split), three) is None


def test_the_war_reads_as_azerbaijans_gains():
    timeline = Timeline(load_package())
    a, b = D(2020, 9, 26), D(2020, 11, 10)
    diffs = compare(timeline, a, b)
    gained = {d.id: d.gained for d in diffs if d.kind == "district"}
    assert gained["AZ-ZAN"] == gained["AZ-SUS-C"] == gained["AZ-CAB"] == "azerbaijan"
    assert {d.gained for d in diffs if d.kind == "place"} == {"azerbaijan"}
    summary = compare_summary(timeline.package, a, b, diffs)
    assert summary.startswith("From 26 September 2020 to 10 November 2020: Azerbaijan gained ")
    assert "Armenian forces gained nothing" in summary


def test_compare_says_who_gained_before_and_after(fake_map):
    at = run_app({"date": "2020-11-30", "compare": "2020-11-01"})
    assert "From 1 November 2020 to 30 November 2020: Azerbaijan gained" in texts(at)
    table = at.dataframe[0].value
    assert list(table.columns) == ["What", "Name", "Gained", "Before (1 November 2020)", "After (30 November 2020)"]
    rows = table.set_index("Name")
    assert rows.loc["Kalbajar/Karvachar", "Gained"] == "Azerbaijan"
    assert set(table["Gained"]) <= {"Azerbaijan", "Armenian forces", "—"}


def test_a_typed_compare_date_is_applied_on_enter(fake_map):
    """The issue: a typed compare date was not applied until a day was clicked in the calendar."""
    at = run_app({"date": "2020-11-30", "compare": "2020-11-01"})
    at.text_input(key="compare_text").input("9 Oct 2020").run()  # AppTest's input + run is typing and Enter
    assert at.session_state.compare == D(2020, 10, 9)
    assert at.query_params["compare"] == "2020-10-09"
    assert "What changed from 9 October 2020 to 30 November 2020" in texts(at)
    at.text_input(key="compare_text").input("30 Feb 2020").run()
    assert at.session_state.compare == D(2020, 10, 9) and "not a date" in at.error[0].value


def test_the_swap_shows_the_other_date_on_the_map(fake_map):
    at = run_app({"date": "2020-11-30", "compare": "2020-11-01"})
    at.button(key="compare-swap").click().run()
    assert at.session_state.date == D(2020, 11, 1) and at.session_state.compare == D(2020, 11, 30)
    assert at.text_input(key="compare_text").value == "2020-11-30"
    assert "From 1 November 2020 to 30 November 2020" in texts(at)  # the reading stays forward in time
