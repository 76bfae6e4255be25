"""Places and counts that cannot be true are refused (issue 21, item 10): a place outside its district, one
place listed twice, two counts of one kind on one day, two periods of one title, a corridor band emptied by
its exclusions, a route leg of no length. Each passed validation before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo import check_package
from geo.rules_places import BOUNDARY_SLACK_M
from tests.conftest import edit_yaml


def problems_of(data: Path, file: str, record: str, field: str) -> list[str]:
    return [p.message for p in check_package(data)[1] if (p.file, p.record, p.field) == (file, record, field)]


def move_place(data: Path, index: int, lat: float, lon: float) -> str:
    """Place `index` of places.yaml moved to a stated point; returns its id."""
    ids: list[str] = []

    def change(places: list[dict]) -> None:
        places[index]["coordinate"] = {"lat": lat, "lon": lon, "as_written": f"{lat}, {lon}", "source": "wiki-gamma"}
        ids.append(places[index]["id"])
    edit_yaml(data / "places.yaml", change)
    return ids[0]


# --- a place lies in its district ------------------------------------------------------------------


@pytest.mark.parametrize(("lat", "lon", "where", "square"), [
    (38.08, 46.2919, "no district", None),  # Tabriz: inside the region's box, in neither country
    (40.4093, 49.8671, "no district", None),  # Baku
    (40.05, 46.15, "AZ-BBB", (46.0, 40.0, 46.01, 40.01)),  # in the district next door, 12 km from its own
    (40.05, 45.95, "AM-CCC", (46.09, 40.09, 46.1, 40.1)),  # (its own shrunk to a corner, for the distance)
])
def test_a_place_outside_its_district_is_refused(mini, lat, lon, where, square):
    if square is not None:
        set_square(mini, "AZ-AAA", *square)
    pid = move_place(mini, 0, lat, lon)  # gamma, district AZ-AAA, precision 500 m
    [message] = problems_of(mini, "places.yaml", pid, "district")
    assert "outside its district AZ-AAA" in message and where in message, message


@pytest.mark.parametrize("metres_out", [0, 400, 3_000, BOUNDARY_SLACK_M])
def test_a_place_within_its_precision_and_the_boundary_slack_is_accepted(mini, metres_out):
    lon = 46.0 - metres_out / 85_300  # west of AZ-AAA's western edge (a degree of longitude at 40° N: 85.3 km)
    pid = move_place(mini, 0, 40.05, round(lon, 6))
    assert problems_of(mini, "places.yaml", pid, "district") == []


def set_square(data: Path, did: str, x0: float, y0: float, x1: float, y1: float) -> None:
    path = data / "districts.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    for f in collection["features"]:
        if f["properties"]["id"] == did:
            f["geometry"] = {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}
    path.write_text(json.dumps(collection), encoding="utf-8")


# --- one place listed twice ----------------------------------------------------------------------


@pytest.mark.parametrize(("dlat", "dlon"), [(0.0, 0.0), (2e-7, 0.0), (0.0, 3e-7), (2e-4, 2e-4), (-3e-4, 1e-4)])
@pytest.mark.parametrize("lat", [40.0202499, 40.02025, 40.0205, 40.05])  # on and beside cells' edges
def test_two_places_less_than_50_m_apart_are_refused(mini, lat, dlat, dlon):
    move_place(mini, 0, lat, 46.05)
    twin = move_place(mini, 2, round(lat + dlat, 7), round(46.05 + dlon, 7))
    edit_yaml(mini / "places.yaml", lambda places: places[2].update(district="AZ-AAA"))
    [message] = problems_of(mini, "places.yaml", twin, "coordinate")
    assert message.startswith("the same point as place 'gamma'")


def test_places_60_m_apart_are_two_places(mini):
    move_place(mini, 0, 40.05, 46.05)
    twin = move_place(mini, 2, 40.05054, 46.05)
    edit_yaml(mini / "places.yaml", lambda places: places[2].update(district="AZ-AAA"))
    assert problems_of(mini, "places.yaml", twin, "coordinate") == []


# --- counts, periods, routes ---------------------------------------------------------------------


def test_two_counts_of_one_kind_on_one_day_are_refused(mini):
    def add(counts: list[dict]) -> None:
        counts.append({**counts[0], "id": "count-2020-11-10-b", "total": 2500, "parts": None})
    edit_yaml(mini / "post_counts.yaml", add)
    [message] = problems_of(mini, "post_counts.yaml", "count-2020-11-10-b", "date")
    assert "already has a 'total' count ('count-2020-11-10', 25; this one 2500)" in message


def test_counts_of_different_kinds_on_one_day_are_fine(mini):
    def add(counts: list[dict]) -> None:
        counts.append({**counts[0], "id": "count-2020-11-10-planned", "kind": "planned", "total": 30, "parts": None})
    edit_yaml(mini / "post_counts.yaml", add)
    assert check_package(mini)[1] == []


@pytest.mark.parametrize("title", ["44-day war", "44-Day War", "44-day war ", "44-day\u200bwar"])
def test_two_periods_of_one_title_are_refused(mini, title):
    def add(periods: list[dict]) -> None:
        periods.append({**periods[0], "id": "war-again", "title": title, "start": "2020-10-01"})
    edit_yaml(mini / "periods.yaml", add)
    [message] = problems_of(mini, "periods.yaml", "war-again", "title")
    assert "is also the title of period 'war'" in message


@pytest.mark.parametrize(("waypoints", "second"), [([2, 2], 1), ([3, 1, 1, 2], 2), (["alphaville", 1], 1),
                                                   ([3, "alphaville", 1], 2)])
def test_a_route_leg_of_no_length_is_refused(mini, waypoints, second):
    edit_yaml(mini / "corridor.yaml", lambda routes: routes[1].update(waypoints=waypoints))
    found = [p for p in check_package(mini)[1] if (p.file, p.record) == ("corridor.yaml", "road-2")]
    assert [p.field for p in found] == [f"waypoints[{second}]"], found
    assert "is at the same point as" in found[0].message


def test_a_corridor_band_emptied_by_its_exclusions_is_refused(mini):
    set_square(mini, "AM-CCC", 45.5, 39.5, 46.5, 40.5)  # a district the whole band lies in
    edit_yaml(mini / "corridor.yaml", lambda routes: routes[1].update(excludes=["AM-CCC"]))
    [message] = problems_of(mini, "corridor.yaml", "road-2", "excludes")
    assert "leaves nothing of the 5 km band" in message


def test_a_corridor_band_cut_but_not_emptied_is_fine(mini):
    edit_yaml(mini / "corridor.yaml", lambda routes: routes[1].update(excludes=["AZ-AAA"]))
    assert check_package(mini)[1] == []
