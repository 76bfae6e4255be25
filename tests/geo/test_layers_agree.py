"""The rule across layers (issue 19): a district's drawn state agrees with the settlements inside it.

The mini package: Alpha (AZ-AAA) is split until 20 November 2020, then held by Azerbaijan; its town Alphaville
passes to Azerbaijan the same day; the corridor (road-1, then road-2) runs through Alphaville, and Alpha is
partly in the peacekeeping zone from 10 November 2020 (alpha-deadline)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from geo import check_package
from geo.layers.districts import district_state
from geo.layers.places import place_state
from geo.settings import DEFAULT_DATA_DIR
from tests.conftest import edit_yaml


def layer_problems(data: Path) -> list[tuple[str, str, str, str]]:
    return [(p.file, p.record, p.field, p.message) for p in check_package(data)[1]
            if "inside it" in p.message]


def record(records: list[dict], rid: str) -> dict:
    return next(r for r in records if r["id"] == rid)


def test_the_mini_package_agrees_with_itself(mini):
    assert layer_problems(mini) == []


def test_a_district_wholly_held_while_a_settlement_inside_is_held_by_the_other_side(mini):
    edit_yaml(mini / "place_control.yaml", lambda rs: record(rs, "alphaville-2020-11-20").update(date="2020-12-05"))
    [(file, rid, field, message)] = layer_problems(mini)
    assert (file, rid, field) == ("control.yaml", "alpha-handover", "set.controller")
    for words in ("AZ-AAA is drawn as wholly held by azerbaijan", "settlement 'alphaville'",
                  "held by armenian_forces", "'alphaville-2020-11-20' of 2020-12-05",
                  "from 2020-11-20 to 2020-12-04"):
        assert words in message, message


def test_a_settlement_taken_before_its_district_is_refused_too(mini):
    # Alpha wholly Armenian-held until the handover while Gamma inside it was taken on 9 October 2020.
    def wholly_armenian(records: list[dict]) -> None:
        start = record(records, "alpha-start")
        start["set"].update(controller="armenian_forces", share=None)
        del start["figures"]  # figures of a share only while split

    edit_yaml(mini / "control.yaml", wholly_armenian)
    [(file, rid, field, message)] = layer_problems(mini)
    assert (file, rid, field) == ("control.yaml", "alpha-start", "set.controller")
    assert "'gamma'" in message and "held by azerbaijan" in message and "from 2020-10-09 to 2020-11-19" in message


def test_a_split_district_may_hold_settlements_of_both_sides(mini):
    edit_yaml(mini / "control.yaml", lambda rs: record(rs, "alpha-handover")["set"].update(controller="split"))
    edit_yaml(mini / "place_control.yaml", lambda rs: record(rs, "alphaville-2020-11-20").update(date="2020-12-05"))
    assert layer_problems(mini) == []


def test_a_district_outside_the_zone_while_a_settlement_inside_lies_in_the_corridor(mini):
    edit_yaml(mini / "control.yaml", lambda rs: record(rs, "alpha-deadline")["set"].update(peacekeeping_zone=False))
    [(file, rid, field, message)] = layer_problems(mini)
    assert (file, rid, field) == ("control.yaml", "alpha-deadline", "set.peacekeeping_zone")
    for words in ("AZ-AAA is drawn as wholly outside the peacekeeping zone", "settlement 'alphaville'",
                  "lies in the corridor (route 'road-1'", "from 2020-11-10 to 2023-09-30"):
        assert words in message, message


def test_the_zone_rule_ends_with_the_corridor(mini):
    # Without road-2 the corridor ends on 25 August 2022, and so does the contradiction.
    edit_yaml(mini / "corridor.yaml", lambda rs: [r for r in rs if r["id"] != "road-2"])
    edit_yaml(mini / "control.yaml", lambda rs: record(rs, "alpha-deadline")["set"].update(peacekeeping_zone=False))
    [(_, _, _, message)] = layer_problems(mini)
    assert "from 2020-11-10 to 2022-08-25" in message, message


def test_the_real_package_agrees_across_layers():
    assert layer_problems(DEFAULT_DATA_DIR) == []


def _every_stop_every_settlement(data: Path) -> set[tuple[str, str]]:
    """The rule checked the slow, obvious way (every settlement on every stop): (settlement, dates) of each
    contradiction, its dates written as the problem writes them."""
    from geo import Timeline

    p = check_package(data)[0]
    timeline = Timeline(p)
    stops = timeline.stops()
    runs: set[tuple[str, str]] = set()
    started: dict[str, tuple[str, object]] = {}  # settlement -> (its district's controller, first date)
    for i, date in enumerate([*stops, None]):
        for pid, place in p.places.items():
            now = None
            if date is not None:
                state, held = district_state(timeline, place.district, date), place_state(timeline, pid, date)
                if state and held and state.controller in ("armenian_forces", "azerbaijan") \
                        and held.controller != state.controller:
                    now = state.controller
            if pid in started and started[pid][0] != now:
                first, last = started.pop(pid)[1], (stops[i] - dt.timedelta(days=1)) if date else p.coverage_end
                runs.add((pid, f"on {first}" if first == last else f"from {first} to {last}"))
            if now is not None and pid not in started:
                started[pid] = (now, date)
    return runs


def test_each_stop_finds_what_checking_every_settlement_on_every_stop_finds(tmp_path):
    # Districts wholly held by one side and then the other, with settlements changing hands inside them on
    # other days: contradictions that begin and end on a district's change, on a settlement's, or on neither
    # (the stop only checks the settlements it can change, geo/rules_layers.py).
    from bench.synthetic import make_package

    data = make_package(tmp_path, 4, 24, settlements=12, place_changes=40, seed=3)
    sides = iter(["armenian_forces", "azerbaijan", "azerbaijan"] * 8)  # each district changes hands
    edit_yaml(data / "control.yaml",
              lambda rs: [r["set"].update(controller=next(sides), share=None) for r in rs] and rs)
    found = {(re.search(r"settlement '(\w+)'", m)[1], re.search(r"(on|from) [-\d]+( to [-\d]+)?(?=;)", m)[0])
             for _, _, _, m in layer_problems(data)}
    expected = _every_stop_every_settlement(data)
    assert len(expected) > 10  # the package is made to contradict itself often
    assert found == expected
