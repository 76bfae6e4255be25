"""Ids follow one documented pattern per kind (ASCII letters, digits, hyphens; districts as build-districts
writes them), and two ids of one namespace that differ only by case, invisible characters or look-alike
letters are refused, in every file (issue 21, item 9: `AZ-AGM` + a zero-width space beside `AZ-AGM` drew
two "Aghdam" rows, the twin on top)."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest

from geo import check_package
from geo.rules_ids import fold
from tests.conftest import edit_yaml

LIST_FILES = ["events.yaml", "control.yaml", "positions.yaml", "corridor.yaml", "places.yaml", "place_control.yaml",
              "post_counts.yaml", "periods.yaml", "sources.yaml"]
ZWSP, CYRILLIC_A = "\u200b", "\u0430"


def problems_of(data: Path, file: str, record: str, field: str = "id") -> list[str]:
    return [p.message for p in check_package(data)[1] if (p.file, p.record, p.field) == (file, record, field)]


def add_twin(data: Path, file: str, twin: str) -> str:
    """A copy of the file's first record under the id `twin(first id)`; returns the new id."""
    made: list[str] = []

    def change(records: list[dict]) -> None:
        record = copy.deepcopy(records[0])
        record["id"] = twin(record["id"])
        made.append(record["id"])
        records.append(record)
    edit_yaml(data / file, change)
    return made[0]


def add_district_twin(data: Path, twin: str) -> None:
    path = data / "districts.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    feature = copy.deepcopy(collection["features"][0])
    feature["properties"]["id"] = twin
    collection["features"].append(feature)
    path.write_text(json.dumps(collection), encoding="utf-8")


@pytest.mark.parametrize("file", LIST_FILES)
@pytest.mark.parametrize("twin", [lambda rid: rid + ZWSP, lambda rid: CYRILLIC_A + rid,
                                  lambda rid: "__proto__", lambda rid: rid + "_x", lambda rid: rid + " "],
                         ids=["zero-width-space", "cyrillic-letter", "proto", "underscore", "trailing-space"])
def test_an_id_outside_its_pattern_is_refused(mini, file, twin):
    rid = add_twin(mini, file, twin)
    found = problems_of(mini, file, rid)
    assert any("ASCII letters" in m or "lower-case a-z" in m for m in found), found


@pytest.mark.parametrize("file", [f for f in LIST_FILES if f not in ("places.yaml", "sources.yaml")])
def test_ids_that_differ_only_by_case_are_refused(mini, file):
    rid = add_twin(mini, file, str.upper)
    [message] = problems_of(mini, file, rid)
    assert "only by case, invisible characters or look-alike letters" in message


@pytest.mark.parametrize("twin", ["AZ-AAA" + ZWSP, "az-aaa", "AZ-ААА", "AZ_AAA", "AZAAA", "AZ-AAA-"])
def test_a_district_id_must_have_the_form_build_districts_writes(mini, twin):
    add_district_twin(mini, twin)
    [message] = problems_of(mini, "districts.geojson", twin)
    assert "is not a district id as build-districts writes it" in message, message


def test_seed_ids_that_differ_only_by_case_are_refused(mini):
    seeds = mini.parent / "seeds"
    shutil.copy(seeds / "alpha.txt", seeds / "Alpha.txt")
    index = seeds / "index.yaml"
    text = index.read_text(encoding="utf-8")
    index.write_text(text + text.replace("id: alpha.txt", "id: Alpha.txt"), encoding="utf-8")
    [message] = problems_of(mini, "seeds/index.yaml", "Alpha.txt")
    assert "differs from the id 'alpha.txt' only by case" in message


def test_a_seed_id_must_be_a_plain_ascii_file_name(mini):
    seeds = mini.parent / "seeds"
    odd = "alpha" + ZWSP + ".txt"
    shutil.copy(seeds / "alpha.txt", seeds / odd)
    index = seeds / "index.yaml"
    text = index.read_text(encoding="utf-8")
    index.write_text(text + text.replace("id: alpha.txt", f"id: \"{odd}\""), encoding="utf-8")
    [message] = problems_of(mini, "seeds/index.yaml", odd)
    assert "is not a file name of ASCII letters" in message


def test_a_place_id_that_is_a_geonames_id_is_refused(mini):
    edit_yaml(mini / "places.yaml", lambda places: places[0].update(id="2"))  # places.csv has GeoNames 2
    [message] = problems_of(mini, "places.yaml", "2")
    assert "is also a GeoNames id in places.csv" in message


def test_a_control_record_cannot_set_the_controller_to_null(mini):
    text = (mini / "control.yaml").read_text(encoding="utf-8")
    (mini / "control.yaml").write_text(text.replace("controller: azerbaijan, pending", "controller: null, pending"),
                                       encoding="utf-8")
    [message] = problems_of(mini, "control.yaml", "alpha-handover", "set.controller")
    assert message.startswith("None is not allowed; expected a side of profile.yaml's sides, or split")


@pytest.mark.parametrize(("one", "other"), [("AZ-AGM", "az-agm"), ("AZ-AGM", "AZ-AGM" + ZWSP),
                                            ("war", "w" + CYRILLIC_A + "r"), ("war", "\uff57\uff41\uff52"),
                                            ("pk-hq", "\u03a1\u039a-hq"), ("hq", "h\u00adq")])
def test_fold_makes_look_alikes_equal(one, other):
    assert one != other and fold(one) == fold(other)


def test_fold_keeps_different_ids_apart():
    assert len({fold(x) for x in ["AZ-AGM", "AZ-AGA", "AZ-AGM-C", "war-2020", "war-2021", "alpha.txt"]}) == 6


def test_the_real_package_ids_fold_apart():
    from geo import load_package

    p = load_package()
    for ids in (list(p.districts), list(p.places), list(p.sources), [e.id for e in p.events],
                [c.id for c in p.changes], [x.id for x in p.positions], [c.id for c in p.place_changes]):
        assert len({fold(x) for x in ids}) == len(ids)
