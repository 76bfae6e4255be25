"""One test per kind of data error: the message names file, record and field, and says what is allowed."""

import json
from pathlib import Path

import pytest

from geo import DataError, check_package, load_package
from tests.conftest import edit_yaml


def problems_of(data_dir: Path):
    _, problems = check_package(data_dir)
    return problems


def only(problems, file, record, field):
    hits = [p for p in problems if (p.file, p.record, p.field) == (file, record, field)]
    assert hits, f"no problem for {file}/{record}/{field} in {[str(p) for p in problems]}"
    return hits[0].message


def test_clean_package_has_no_problems(mini):
    assert problems_of(mini) == []


def first(data):
    return data[0]


def set_in(index, key, value):
    def change(data):
        data[index][key] = value
    return change


CASES = [
    # (file, mutation, record, field, words the message must contain)
    ("control.yaml", set_in(0, "district", "AZ-NOPE"), "alpha-start", "district", "unknown district"),
    ("control.yaml", set_in(0, "date", "2020-02-30"), "alpha-start", "date", "not a real date"),
    ("control.yaml", set_in(1, "date", "1990-01-01"), "alpha-deadline", "date", "outside the covered range"),
    ("control.yaml", set_in(0, "kind", "rumour"), "alpha-start", "kind", "allowed: actual, scheduled"),
    ("control.yaml", set_in(0, "summary", None), "alpha-start", "summary", "required"),
    ("control.yaml", set_in(0, "citations", []), "alpha-start", "citations", "at least one citation"),
    ("control.yaml", set_in(2, "event", "nope"), "alpha-handover", "event", "unknown event"),
    ("control.yaml", set_in(1, "id", "alpha-start"), "alpha-start", "id", "duplicate"),
    ("control.yaml", set_in(0, "set", {"controller": "split", "share": 1.5, "pending_handover": None,
                                       "peacekeeping_zone": False}), "alpha-start", "set.share",
     "outside the allowed range"),
    ("control.yaml", set_in(0, "set", {"controller": "russia", "share": None, "pending_handover": None,
                                       "peacekeeping_zone": False}), "alpha-start", "set.controller",
     "allowed: armenian_forces, azerbaijan, split"),
    ("control.yaml", set_in(3, "set", {"controller": "armenian_forces"}), "beta-start", "set", "must set every field"),
    ("control.yaml", set_in(0, "citations", [{"source": "nobody"}]), "alpha-start", "citations[0].source",
     "unknown source"),
    ("control.yaml", set_in(0, "citations", [{"source": "alpha.txt", "quote": "Forces fled Alpha district in haste."}]),
     "alpha-start", "citations[0].quote", "not found verbatim in seeds/alpha.txt"),
    ("control.yaml", set_in(0, "citations", [{"source": "alpha.txt"}]), "alpha-start", "citations[0].quote",
     "needs a verbatim quote"),
    ("positions.yaml", set_in(0, "end", "2019-01-01"), "hq", "end", "before start"),
    ("positions.yaml", set_in(0, "kind", "bunker"), "hq", "kind", "allowed: headquarters"),
    ("positions.yaml", set_in(0, "place", 999), "hq", "place", "not in places.csv"),
    ("corridor.yaml", set_in(1, "start", "2022-08-01"), "road-2", "start", "overlaps route 'road-1'"),
    ("corridor.yaml", set_in(0, "waypoints", [1]), "road-1", "waypoints", "at least two"),
    ("events.yaml", set_in(0, "precision", "hour"), "start", "precision", "allowed: day, month, year"),
    ("sources.yaml", set_in(0, "url", "javascript:alert(1)"), "ext-report", "url", "http:// or https://"),
]


@pytest.mark.parametrize(("file", "mutate", "record", "field", "words"), CASES,
                         ids=[f"{c[0]}:{c[3]}:{c[4][:20]}" for c in CASES])
def test_each_kind_of_error_names_file_record_and_field(mini, file, mutate, record, field, words):
    edit_yaml(mini / file, mutate)
    message = only(problems_of(mini), file, record, field)
    assert words in message


def test_all_problems_are_reported_together(mini):
    edit_yaml(mini / "control.yaml", set_in(0, "district", "AZ-NOPE"))
    edit_yaml(mini / "positions.yaml", set_in(0, "kind", "bunker"))
    edit_yaml(mini / "events.yaml", set_in(1, "date", "not a date"))
    with pytest.raises(DataError) as info:
        load_package(mini)
    files = {p.file for p in info.value.problems}
    assert {"control.yaml", "positions.yaml", "events.yaml"} <= files
    assert "problem(s) in the data package" in str(info.value)


def test_invalid_yaml_names_the_line(mini):
    (mini / "events.yaml").write_text("- id: a\n  date: [unclosed\n", encoding="utf-8")
    message = only(problems_of(mini), "events.yaml", "-", "-")
    assert "invalid YAML at line" in message


def test_wrong_encoding_and_missing_file(mini):
    (mini / "sources.yaml").write_bytes("- id: caf\xe9\n".encode("latin-1"))
    (mini / "corridor.yaml").unlink()
    problems = problems_of(mini)
    assert "not valid UTF-8" in only(problems, "sources.yaml", "-", "-")
    assert "missing" in only(problems, "corridor.yaml", "-", "-")


def test_a_record_that_is_not_a_mapping_is_reported_not_dropped(mini):
    edit_yaml(mini / "events.yaml", lambda data: data.append("just text"))
    assert "must be a mapping" in only(problems_of(mini), "events.yaml", "#3", "-")


def _edit_geojson(path, change):
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_invalid_and_empty_geometries(mini):
    def break_geometries(data):
        data["features"][0]["geometry"]["coordinates"] = [[[46.0, 40.0], [46.1, 40.1], [46.1, 40.0], [46.0, 40.1],
                                                           [46.0, 40.0]]]  # a bow tie
        data["features"][1]["geometry"] = {"type": "Polygon", "coordinates": []}
    _edit_geojson(mini / "districts.geojson", break_geometries)
    problems = problems_of(mini)
    assert "invalid" in only(problems, "districts.geojson", "AZ-AAA", "geometry")
    assert "empty" in only(problems, "districts.geojson", "AZ-BBB", "geometry")


def test_coordinates_outside_the_region(mini):
    (mini / "places.csv").write_text(
        "geonameid,name,country,population,latitude,longitude\n1,A,AZ,1,40.05,46.05\n2,Far,AZ,1,10.0,10.0\n"
        "3,B,AM,1,40.05,45.95\n", encoding="utf-8")
    assert "outside the region" in only(problems_of(mini), "positions.yaml", "hq", "place")


def test_seed_missing_or_altered(mini):
    seeds = mini.parent / "seeds"
    (seeds / "alpha.txt").write_text("Changed.\n", encoding="utf-8")
    assert "was altered" in only(problems_of(mini), "seeds/index.yaml", "alpha.txt", "sha256")
    (seeds / "alpha.txt").unlink()
    assert "is missing" in only(problems_of(mini), "seeds/index.yaml", "alpha.txt", "id")


def test_missing_data_directory(tmp_path):
    problems = problems_of(tmp_path / "nowhere")
    assert len(problems) == 1 and "does not exist" in problems[0].message


def test_validation_never_modifies_files(mini):
    edit_yaml(mini / "control.yaml", set_in(0, "district", "AZ-NOPE"))
    before = {p: p.read_bytes() for p in mini.parent.rglob("*") if p.is_file()}
    problems_of(mini)
    assert {p: p.read_bytes() for p in mini.parent.rglob("*") if p.is_file()} == before
