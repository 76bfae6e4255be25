"""Navigating time and names: compare two dates, dates as users type them, districts by any name."""

from __future__ import annotations

import datetime as dt

import pytest

from geo import Timeline
from geo.compare import compare
from geo.lookup import resolve_district
from geo.navigation import parse_user_date, ranges, step_date

D = dt.date


def test_compare_the_handover_month_lists_aghdam_kalbajar_and_settlements(package):
    diffs = compare(Timeline(package), D(2020, 11, 1), D(2020, 11, 30))
    districts = {d.id: d for d in diffs if d.kind == "district"}
    # After the handovers both stay split: Kichan (Aghdam) and Martakert villages (Kalbajar) stayed with the
    # Armenian side until September 2023 (issue 19).
    assert districts["AZ-AGM"].before == "Split (about 77% held by Armenian forces)"
    assert districts["AZ-AGM"].after == "Split (share not sourced)"
    assert districts["AZ-KAL"].before == "Held by Armenian forces"
    assert districts["AZ-KAL"].after.startswith("Split (share not sourced)")
    assert "AZ-ZAN" in districts and "AM-SU" not in districts  # context regions never differ
    places = {d.id for d in diffs if d.kind == "place"}
    assert {"shusha", "gulabird"} <= places or "gulabird" in places
    assert any(d.kind == "position" for d in diffs)


def test_compare_a_date_with_itself_finds_nothing(package):
    assert compare(Timeline(package), D(2021, 5, 5), D(2021, 5, 5)) == []


def test_compare_across_the_2022_reroute_names_both_corridor_routes(package):
    corridor = [d for d in compare(Timeline(package), D(2022, 8, 1), D(2022, 9, 1)) if d.kind == "corridor"]
    assert [(c.before, c.after) for c in corridor] == [("Lachin corridor through Lachin/Berdzor",
                                                        corridor[0].after)] and "new road" in corridor[0].after


@pytest.mark.parametrize(("text", "expected"), [
    ("2020-10-09", D(2020, 10, 9)), ("9 Oct 2020", D(2020, 10, 9)), ("9 October 2020", D(2020, 10, 9)),
    ("  9  oct  2020 ", D(2020, 10, 9)), ("30 Sept 2023", D(2023, 9, 30)),
    ("2020-W41-5", None), ("20201009", None), ("31 Feb 2020", None), ("9 Foo 2020", None), ("", None),
    ("2020-10-9", None), ("yesterday", None),
])
def test_dates_as_users_type_them(text, expected):
    assert parse_user_date(text) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("Shushi", "AZ-SUS"), ("shusha", "AZ-SUS"), ("lachin", "AZ-LAN"), ("Berdzor", "AZ-LAN"), ("Karvachar", "AZ-KAL"),
    ("az-agm", "AZ-AGM"), ("Stepanakert", "AZ-XA"), ("Jebrail", "AZ-CAB"), ("nowhere", None), ("  ", None),
])
def test_a_district_by_any_of_its_names(package, name, expected):
    assert resolve_district(package, name) == expected


@pytest.mark.parametrize(("date", "unit", "forward", "expected"), [
    (D(2020, 10, 9), "day", True, D(2020, 10, 10)), (D(2020, 10, 9), "week", False, D(2020, 10, 2)),
    (D(2020, 1, 31), "month", True, D(2020, 2, 29)), (D(2020, 12, 15), "month", True, D(2021, 1, 15)),
    (D(1994, 5, 12), "day", False, D(1994, 5, 12)), (D(2024, 12, 20), "month", True, D(2024, 12, 31)),
])
def test_steps_of_a_day_a_week_a_month_stay_in_range(date, unit, forward, expected):
    assert step_date(date, unit, forward, D(1994, 5, 12), D(2024, 12, 31)) == expected


def test_one_click_ranges_come_from_the_periods(package):
    spans = {r.id: (r.start, r.end) for r in ranges(package)}
    assert spans["war-2020"] == (D(2020, 9, 27), D(2020, 11, 10))  # to the day the ceasefire took effect
    assert spans["line-1994-2020"] == (D(1994, 5, 12), D(2020, 9, 26))
    assert spans["blockade"][0] == D(2022, 12, 12)
    assert spans["offensive-withdrawal"] == (D(2023, 9, 19), D(2024, 6, 12))
    assert list(spans)[-1] == "all" and len(spans) == 7


def test_the_static_editions_play_stops_at_the_end_of_the_period_it_starts_in(package):
    """The static edition has no period choice: Play started in the war stops on 10 November, one started in the
    handovers on 1 December (it used to play on to the end of the covered range)."""
    from geo.navigation import play_end, play_ends
    spans = ranges(package)
    last = package.coverage_end
    assert play_end(spans, D(2020, 10, 1), last) == D(2020, 11, 10)
    assert play_end(spans, D(2020, 11, 10), last) == D(2020, 12, 1)  # the war's last day opens the handovers
    assert play_end(spans, D(2020, 12, 1), last) == last and play_end(spans, D(2010, 1, 1), last) == D(2020, 9, 26)
    pairs = play_ends(spans, package.coverage_start, last)
    assert [a for a, _ in pairs] == sorted(a for a, _ in pairs)
    for day in (D(1994, 5, 12), D(2020, 9, 26), D(2020, 9, 27), D(2020, 11, 9), D(2020, 11, 10), D(2021, 5, 5),
                D(2022, 12, 31), D(2023, 9, 20), D(2024, 6, 12), last):
        assert next(end for start, end in reversed(pairs) if start <= day) == play_end(spans, day, last), day
