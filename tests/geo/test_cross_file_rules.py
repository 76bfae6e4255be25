"""Rules across records and files that validation used to skip (issue 8, "quiet acceptance"): each case
here passed `validate` before. Every refusal names the file, the record and the field."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from geo import check_package
from geo.settings import DEFAULT_DATA_DIR
from tests.conftest import edit_yaml

SQUARE = [[46.0, 40.0], [46.1, 40.0], [46.1, 40.1], [46.0, 40.1], [46.0, 40.0]]


def problems(data: Path) -> list[tuple[str, str, str, str]]:
    return [(p.file, p.record, p.field, p.message) for p in check_package(data)[1]]


def assert_refused(data: Path, file: str, record: str, field: str, *words: str) -> str:
    found = problems(data)
    hits = [m for f, r, fl, m in found if (f, r, fl) == (file, record, field) and all(w in m for w in words)]
    assert hits, f"no problem {file}/{record}/{field} with {words} in {found}"
    return hits[0]


def edit_features(data: Path, change) -> None:
    path = data / "districts.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    change({f["properties"]["id"]: f for f in collection["features"]}, collection)
    path.write_text(json.dumps(collection), encoding="utf-8")


def set_props(did: str, **props: object):
    return lambda features, _: features[did]["properties"].update(props)


def set_geometry(did: str, geometry: dict):
    return lambda features, _: features[did].update(geometry=geometry)


# --- references between files --------------------------------------------------------------------


def test_a_parent_must_be_a_known_district(mini):
    edit_features(mini, set_props("AM-CCC", parent="AZ-NOPE"))
    assert_refused(mini, "districts.geojson", "AM-CCC", "parent", "unknown district 'AZ-NOPE'")


def test_parents_must_not_form_a_cycle(mini):
    edit_features(mini, set_props("AZ-AAA", parent="AZ-BBB"))
    edit_features(mini, set_props("AZ-BBB", parent="AZ-AAA"))
    for did in ("AZ-AAA", "AZ-BBB"):
        assert_refused(mini, "districts.geojson", did, "parent", "cycle")


def test_a_district_that_is_its_own_parent_is_a_cycle(mini):
    edit_features(mini, set_props("AM-CCC", parent="AM-CCC"))
    assert_refused(mini, "districts.geojson", "AM-CCC", "parent", "cycle")


def test_a_centre_must_be_a_geonames_row_of_the_package(mini):
    edit_features(mini, set_props("AZ-AAA", centre=404))
    assert_refused(mini, "districts.geojson", "AZ-AAA", "centre", "GeoNames id 404 is not in places.csv")


def test_a_centre_outside_the_region_is_refused(mini):
    (mini / "places.csv").write_text((mini / "places.csv").read_text() + "9,Faraway,US,1,40.7,-74.0\n")
    edit_features(mini, set_props("AZ-AAA", centre=9))
    assert_refused(mini, "districts.geojson", "AZ-AAA", "centre", "outside the region")


@pytest.fixture
def real(tmp_path: Path) -> Path:
    """A writable copy of the real package (with its names.yaml) and its seeds."""
    shutil.copytree(DEFAULT_DATA_DIR, tmp_path / "geo" / "data")
    shutil.copytree(DEFAULT_DATA_DIR.parent / "seeds", tmp_path / "geo" / "seeds")  # package.yaml: seeds: ../seeds
    basemap = Path("mapcore") / "static" / "basemap"  # profile.yaml: basemap: ../mapcore/static/basemap
    shutil.copytree(DEFAULT_DATA_DIR.parent / basemap, tmp_path / "geo" / basemap)
    return tmp_path / "geo" / "data"


def test_the_names_file_is_read_and_must_agree_with_the_built_districts(real):
    edit_yaml(real / "names.yaml", lambda table: table["AZ-AGM"].update(en="Agdam"))
    assert_refused(real, "names.yaml", "AZ-AGM", "en", "'Agdam' differs from districts.geojson ('Aghdam')",
                   "build-districts")


def test_the_names_file_refuses_unknown_fields_roles_and_districts(real):
    def change(table):
        table["AZ-AGM"]["rol"] = "story"
        table["AZ-KAL"]["role"] = "hero"
        table["AZ-NOPE"] = {"en": "Nowhere"}
    edit_yaml(real / "names.yaml", change)
    assert_refused(real, "names.yaml", "AZ-AGM", "rol", "unknown field; allowed: en, az, hy, ru")
    assert_refused(real, "names.yaml", "AZ-KAL", "role", "'hero' is not allowed; allowed: story, city, context")
    assert_refused(real, "names.yaml", "AZ-NOPE", "-", "unknown district 'AZ-NOPE'")


# --- geometry ------------------------------------------------------------------------------------


@pytest.mark.parametrize("ring", [
    [[-74.05, 40.7], [-73.95, 40.7], [-73.95, 40.8], [-74.05, 40.8], [-74.05, 40.7]],  # over New York
    [[179.9, 40.0], [-179.9, 40.0], [-179.9, 40.1], [179.9, 40.1], [179.9, 40.0]],  # across the antimeridian
    [[46.0, 40.0], [52.0, 40.0], [52.0, 40.1], [46.0, 40.1], [46.0, 40.0]],  # partly outside
])
def test_a_district_outside_the_region_is_refused(mini, ring):
    edit_features(mini, set_geometry("AZ-BBB", {"type": "Polygon", "coordinates": [ring]}))
    assert_refused(mini, "districts.geojson", "AZ-BBB", "geometry", "outside the region 38.0..42.5 N, 43.0..51.0 E")


def test_an_unclosed_ring_is_refused(mini):
    edit_features(mini, set_geometry("AZ-AAA", {"type": "Polygon", "coordinates": [SQUARE[:-1]]}))
    assert_refused(mini, "districts.geojson", "AZ-AAA", "geometry.coordinates", "same start and end coordinates")


def test_an_unclosed_ring_of_a_multipolygon_is_refused(mini):
    edit_features(mini, set_geometry("AZ-AAA", {"type": "MultiPolygon", "coordinates": [[SQUARE[:-1]]]}))
    assert_refused(mini, "districts.geojson", "AZ-AAA", "geometry.coordinates", "same start and end coordinates")


# --- dates ---------------------------------------------------------------------------------------


def test_a_month_precise_date_must_be_the_first_of_its_month(mini):
    edit_yaml(mini / "control.yaml", lambda d: d[1].update(precision="month"))  # dated 2020-11-10
    message = assert_refused(mini, "control.yaml", "alpha-deadline", "date", "1st of its month (2020-11-01)")
    assert "2020-11-10 is month-precise" in message


def test_precision_is_checked_in_every_file_that_has_it(mini):
    edit_yaml(mini / "events.yaml", lambda d: d[1].update(precision="month"))  # 2020-11-20
    edit_yaml(mini / "positions.yaml", lambda d: d[0].update(start_precision="year"))  # 2020-11-10
    assert_refused(mini, "events.yaml", "handover", "date", "1st of its month")
    assert_refused(mini, "positions.yaml", "hq", "start", "year-precise", "1 January (2020-01-01)")


def test_a_deadline_before_its_own_record_is_refused(mini):
    edit_yaml(mini / "control.yaml", lambda d: d[1]["set"].update(pending_handover="2020-11-01"))
    assert_refused(mini, "control.yaml", "alpha-deadline", "set.pending_handover",
                   "2020-11-01 is before the record's own date 2020-11-10")


@pytest.mark.parametrize(("file", "record"), [("sources.yaml", "ext-report"), ("seeds/index.yaml", "alpha.txt")])
def test_a_source_published_in_the_future_is_refused(mini, file, record):
    path = mini / file if file == "sources.yaml" else mini.parent / file
    edit_yaml(path, lambda d: d[0].update(date="9999-01-01"))
    assert_refused(mini, file, record, "date", "9999-01-01 is after today", "cannot be published in the future")


# --- one district, one day -----------------------------------------------------------------------


def test_two_contradictory_changes_of_a_district_on_one_day_are_refused(mini):
    def add(changes):
        changes.append({"id": "alpha-zzz", "district": "AZ-AAA", "date": "2020-11-20", "precision": "day",
                        "kind": "actual", "summary": "Alpha stays Armenian-held.",
                        "set": {"controller": "armenian_forces"},
                        "citations": [{"source": "ext-report", "note": "says so"}]})
    edit_yaml(mini / "control.yaml", add)
    message = assert_refused(mini, "control.yaml", "alpha-zzz", "set.controller", "contradicts 'alpha-handover'")
    assert "'azerbaijan'" in message and "2020-11-20" in message


def test_changes_of_different_fields_on_one_day_are_fine(mini):
    def add(changes):
        changes.append({"id": "alpha-zone", "district": "AZ-AAA", "date": "2020-11-20", "precision": "day",
                        "kind": "actual", "summary": "Alpha in the zone.", "set": {"peacekeeping_zone": True},
                        "citations": [{"source": "ext-report", "note": "says so"}]})
    edit_yaml(mini / "control.yaml", add)
    assert problems(mini) == []


def test_the_real_names_file_agrees_with_the_real_districts():
    assert not [p for p in check_package(DEFAULT_DATA_DIR)[1] if p.file == "names.yaml"]
    assert yaml.safe_load((DEFAULT_DATA_DIR / "names.yaml").read_text(encoding="utf-8"))
