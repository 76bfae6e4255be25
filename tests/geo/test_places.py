"""The place layer: gazetteer, settlements' control timelines, post counts and ongoing periods."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from geo import Timeline, check_package, load_package
from geo.layers.periods import ongoing
from geo.layers.places import place_state, places_at
from geo.layers.post_counts import count_at
from geo.statejson import state_json
from tests.conftest import edit_yaml

ROOT = Path(__file__).resolve().parents[2]
D = dt.date


@pytest.fixture
def timeline(mini):
    return Timeline(load_package(mini))


def test_a_place_is_held_by_its_first_change_from_side_until_the_change(timeline):
    before, on = place_state(timeline, "gamma", D(2020, 10, 8)), place_state(timeline, "gamma", D(2020, 10, 9))
    assert (before.controller, before.since, before.change) == ("armenian_forces", None, None)
    assert (on.controller, on.since, on.change.id) == ("azerbaijan", D(2020, 10, 9), "gamma-2020-10-09")
    assert place_state(timeline, "delta-heights", D(2020, 10, 9)) is None  # no timeline: not reported
    assert set(places_at(timeline, D(2020, 10, 9))) == {"gamma", "alphaville"}


def test_post_counts_give_the_latest_report_on_or_before_the_date(timeline):
    assert count_at(timeline, D(2020, 11, 9)) is None
    assert count_at(timeline, D(2020, 11, 10)).total == 25
    assert count_at(timeline, D(2020, 12, 31)).total == 25
    assert count_at(timeline, D(2021, 1, 1)).total == 27


def test_ongoing_periods_count_days_from_one(timeline):
    assert [(p.id, p.day(D(2020, 10, 20))) for p in ongoing(timeline, D(2020, 10, 20))] == [("war", 24)]
    assert [p.id for p in ongoing(timeline, D(2020, 11, 9))] == ["war"]
    assert [p.id for p in ongoing(timeline, D(2020, 11, 10))] == ["mission"]
    assert ongoing(timeline, D(2020, 9, 26)) == []


def test_place_changes_and_counts_are_stops(timeline):
    stops = timeline.stops()
    assert {D(2020, 10, 9), D(2021, 1, 1), D(2020, 9, 27), D(2020, 11, 10)} <= set(stops)
    assert timeline.next_stop(D(2020, 10, 1)) == D(2020, 10, 9)


def test_state_json_reports_places_counts_ongoing_and_the_corridor_line(timeline, mini):
    package = timeline.package
    state = state_json(package, timeline, D(2020, 11, 16))
    places = {p["id"]: p for p in state["places"]}
    assert places["gamma"] == {
        "id": "gamma", "name": "Gamma", "kind": "village", "district": "AZ-AAA", "lat": 40.02, "lon": 46.03,
        "precision_m": 500.0, "controller": "azerbaijan", "since": "2020-10-09", "basis": "announced",
        "claim_only": True, "sources": ["ext-report"]}
    assert places["alphaville"]["controller"] == "armenian_forces"
    assert state["post_counts"] == {"date": "2020-11-10", "total": 25, "parts": {"south": 9, "north": 9, "corridor": 7},
                                    "located": 1, "sources": ["ext-report"]}
    assert state["ongoing"] == [{"id": "mission", "title": "Peacekeeping mission", "start": "2020-11-10",
                                 "end": "2024-06-12", "day": 7}]
    assert state["corridor"]["line"] == [[45.95, 40.05], [46.05, 40.05], [46.15, 40.05]]
    assert [f["value"] for f in state["districts"]["AZ-AAA"]["figures"]] == [0.6, 0.55]
    after = state_json(package, timeline, D(2020, 11, 20))
    assert after["districts"]["AZ-AAA"]["figures"] == []  # no competing shares once it is not split


def test_state_json_through_the_cli(mini):
    out = subprocess.run([sys.executable, "-m", "geo", "state", "2020-11-20", "--json", "--data", str(mini)],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    state = json.loads(out.stdout)
    assert {p["id"]: p["controller"] for p in state["places"]} == {"alphaville": "azerbaijan", "gamma": "azerbaijan"}
    assert state["positions"][0]["precision_m"] == 2000


def _problems(mini: Path) -> list[tuple[str, str, str, str]]:
    _, problems = check_package(mini)
    return [(p.file, p.record, p.field, p.message) for p in problems]


def _has(problems, file, record, field, words) -> bool:
    return any((f, r, fl) == (file, record, field) and words in m for f, r, fl, m in problems)


@pytest.mark.parametrize(("file", "mutate", "record", "field", "words"), [
    ("places.yaml", lambda d: d[0].update(coordinates=d[0]["coordinate"]), "gamma", "coordinates", "unknown field"),
    ("places.yaml", lambda d: d[0]["coordinate"].pop("source"), "gamma", "coordinate.source", "is required"),
    ("places.yaml", lambda d: d[0]["coordinate"].pop("as_written"), "gamma", "coordinate.as_written", "is required"),
    ("places.yaml", lambda d: d[0]["coordinate"].update(lat=40.7128, lon=-74.006, as_written="40.7128, -74.006"),
     "gamma", "coordinate", "outside the region"),
    ("places.yaml", lambda d: d[1]["coordinate"].update(geonames=99), "alphaville", "coordinate.geonames",
     "not in places.csv"),
    ("places.yaml", lambda d: d[1]["coordinate"].update(lat=40.0), "alphaville", "coordinate.lat",
     "not allowed with geonames"),
    ("places.yaml", lambda d: d[0].update(id="Gаmma"), "Gаmma", "id", "lower-case a-z"),  # a Cyrillic а
    ("places.yaml", lambda d: d[0]["coordinate"].update(lat=40.2), "gamma", "coordinate.lat",
     "differs from as_written"),
    ("places.yaml", lambda d: d[0]["coordinate"].update(as_written="north of the river"), "gamma",
     "coordinate.as_written", "not a coordinate we can read"),
    ("places.yaml", lambda d: d[0].update(kind="hamlet"), "gamma", "kind", "allowed: city, town, village, site"),
    ("places.yaml", lambda d: d[0].update(district="AZ-ZZZ"), "gamma", "district", "unknown district"),
    ("places.yaml", lambda d: d[0]["coordinate"].update(source="nowhere"), "gamma", "coordinate.source",
     "unknown source"),
    ("places.yaml", lambda d: d[0]["names"].pop("en"), "gamma", "names.en", "is required"),
    ("places.yaml", lambda d: d[0]["names"].update(fr="Gamma"), "gamma", "names.fr", "unknown field"),
    ("places.yaml", lambda d: d.append(dict(d[0])), "gamma", "id", "duplicate place id"),
    ("places.yaml", lambda d: d.append({**d[0], "id": "gamma-twin"}), "gamma-twin", "coordinate",
     "the same point as place 'gamma'"),
    ("place_control.yaml", lambda d: d[0].pop("announced_by"), "gamma-2020-10-09", "announced_by", "is required"),
    ("place_control.yaml", lambda d: d[0].update(place="nowhere"), "gamma-2020-10-09", "place", "unknown place"),
    ("place_control.yaml", lambda d: d[0].update(controller="armenian_forces"), "gamma-2020-10-09", "controller",
     "must change the controller"),
    ("place_control.yaml", lambda d: d[0].update(basis="rumour"), "gamma-2020-10-09", "basis", "allowed: announced"),
    ("place_control.yaml", lambda d: d[0].update(date="2020-W41-5"), "gamma-2020-10-09", "date", "YYYY-MM-DD"),
    ("place_control.yaml", lambda d: d[0].update(citations=[]), "gamma-2020-10-09", "citations",
     "at least one citation"),
    ("place_control.yaml",
     lambda d: d[0].update(citations=[{"source": "alpha.txt", "quote": "these words are not in the seed"}]),
     "gamma-2020-10-09", "citations[0].quote", "not found verbatim"),
    ("place_control.yaml", lambda d: d.append({**d[0], "id": "gamma-again", "date": "2021-01-01"}), "gamma-again",
     "from", "left gamma to 'azerbaijan'"),
    ("place_control.yaml", lambda d: d.append({**d[0], "id": "gamma-same-day", "from": "azerbaijan",
                                                "controller": "armenian_forces"}),
     "gamma-same-day", "date", "one change per place and day"),
    ("place_control.yaml", lambda d: d[0].update(date="1990-01-01"), "gamma-2020-10-09", "date",
     "outside the covered range"),
    ("post_counts.yaml", lambda d: d[0].update(total=24), "count-2020-11-10", "parts",
     "add up to 25, not the total 24"),
    ("post_counts.yaml", lambda d: d[0].update(total=2.5, parts={}), "count-2020-11-10", "total", "whole number"),
    ("post_counts.yaml", lambda d: d[0].update(parts={"south": "nine"}), "count-2020-11-10", "parts.south",
     "'nine' is not a whole number; expected 0 to 10000"),
    ("post_counts.yaml", lambda d: d[0].update(parts=[9, 9, 7]), "count-2020-11-10", "parts",
     "must be a mapping of part name to a count"),
    ("post_counts.yaml", lambda d: d[0].update(totl=25), "count-2020-11-10", "totl", "unknown field"),
    ("periods.yaml", lambda d: d[0].update(end="2020-09-01"), "war", "end", "before start"),
    ("periods.yaml", lambda d: d[0].update(begin="2020-09-27"), "war", "begin", "unknown field"),
    ("positions.yaml", lambda d: d[0].update(place="nowhere"), "hq", "place", "unknown place 'nowhere'"),
    ("corridor.yaml", lambda d: d[0].update(waypoints=["gamma", "nowhere"]), "road-1", "waypoints[1]",
     "unknown place 'nowhere'"),
])
def test_each_place_layer_error_names_file_record_and_field(mini, file, mutate, record, field, words):
    edit_yaml(mini / file, lambda data: (mutate(data), None)[1])  # mutate in place, whatever it returns
    problems = _problems(mini)
    assert _has(problems, file, record, field, words), "\n".join(map(str, problems))


def test_positions_and_routes_may_stand_on_gazetteer_places(mini):
    edit_yaml(mini / "positions.yaml", lambda d: d[0].update(place="gamma"))
    edit_yaml(mini / "corridor.yaml", lambda d: d[0].update(waypoints=[3, "gamma", "delta-heights"]))
    package = load_package(mini)
    assert (package.positions[0].lat, package.positions[0].lon) == (40.02, 46.03)
    assert package.routes[0].coordinates == ((45.95, 40.05), (46.03, 40.02), (46.18, 40.08))


def test_the_place_layer_is_optional(mini):
    for name in ("places.yaml", "place_control.yaml", "post_counts.yaml", "periods.yaml"):
        (mini / name).unlink()
    package = load_package(mini)
    assert (package.places, package.place_changes, package.post_counts, package.periods) == ({}, [], [], [])


@pytest.mark.parametrize(("text", "expected"), [
    ("{{coord|39|31|00|N|47|01|48|E|region:AZ|display=inline,title}}", (39.516667, 47.03)),
    ("39°31′00″N 47°01′48″E", (39.516667, 47.03)),
    ("39°44’08″ s. Sch. 47°07′40″ Zoll. E.", (39.735556, 47.127778)),
    ("北緯39度41分38秒 東経47度01分44秒", (39.693889, 47.028889)),
    ("39° 9′ 2″ N, 46° 56′ 24″ O", (39.150556, 46.94)),
    ("40.08, 46.18", (40.08, 46.18)),
    ("somewhere", None),
])
def test_written_coordinates_are_read_as_pages_write_them(text, expected):
    from geo.layers.places_points import written_degrees
    got = written_degrees(text)
    assert got == expected if expected is None else got == pytest.approx(expected, abs=1e-6)
