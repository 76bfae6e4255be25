"""The package profile (profile.yaml, geo/schemas_profile.py, geo/profile.py): every package has one, the loader
reads it into `Package.profile`, and each of its problems names the file, the record, the field and what is
allowed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from geo import check_package, load_package
from geo.settings import DEFAULT_DATA_DIR

ROOT = Path(__file__).parents[2]


def _edit(mini: Path, change) -> list[str]:
    path = mini / "profile.yaml"
    profile = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(profile)
    path.write_text(yaml.safe_dump(profile, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _package, problems = check_package(str(mini))
    return [str(p) for p in problems]


@pytest.mark.parametrize("data", [DEFAULT_DATA_DIR, ROOT / "tests" / "fixtures" / "mini" / "data",
                                  ROOT / "packages" / "georgia-2008" / "data"], ids=["karabakh", "mini", "georgia"])
def test_each_package_has_a_profile_the_loader_reads(data: Path):
    profile = check_package(str(data))[0].profile
    assert profile is not None
    assert len(profile.sides) >= 2 and profile.operators and profile.languages[0] == "en"
    assert profile.in_region(profile.map_centre[0], profile.map_centre[1])


def test_the_first_package_profile_says_its_sides_and_region():
    profile = load_package().profile
    assert profile is not None
    assert profile.side_ids == ("armenian_forces", "azerbaijan")
    assert profile.region_bounds == (43.0, 38.0, 51.0, 42.5)
    assert profile.countries == ("AZ", "AM") and profile.languages == ("en", "az", "hy", "ru")
    assert "corridor" in profile.statuses and profile.statuses["split"].colour == "#CC79A7"


def test_a_missing_profile_is_one_problem_by_name(mini: Path):
    (mini / "profile.yaml").unlink()
    package, problems = check_package(str(mini))
    assert package.profile is None
    assert [str(p) for p in problems if p.file == "profile.yaml"] == [
        next(str(p) for p in problems if p.file == "profile.yaml" and "is missing" in p.message)]


@pytest.mark.parametrize(("change", "field", "words"), [
    (lambda p: p["sides"][0].update(id="Armenian Forces"), "sides[0].id", "lower-case ASCII letters"),
    (lambda p: p["sides"][1].update(id=p["sides"][0]["id"]), "sides[1].id", "duplicate id"),
    (lambda p: p["sides"][0].update(id="split"), "sides[0].id", "a status the engine defines"),
    (lambda p: p["sides"][0].update(colour="orange"), "sides[0].colour", "a colour written #RRGGBB"),
    (lambda p: p["sides"][1].update(code="A"), "sides[1].code", "duplicate code 'A'"),
    (lambda p: p["sides"][0].update(code="ab"), "sides[0].code", "one upper-case ASCII letter"),
    (lambda p: p["sides"][0]["names"].update(ka="ქართული"), "sides[0].names.ka", "allowed: en, az, hy, ru"),
    (lambda p: p.update(sides=p["sides"][:1]), "sides", "at least two sides"),
    (lambda p: p["operators"].append(dict(p["operators"][0])), "operators[5].id", "duplicate id"),
    (lambda p: p["map"].update(centre=[10.0, 10.0]), "map.centre", "outside the region"),
    (lambda p: p["map"].update(region_bounds=[51.0, 38.0, 43.0, 42.5]), "map.region_bounds", "is not a box"),
    (lambda p: p["map"].update(zoom="8"), "map.zoom", "is not a whole number; expected 1 to 18"),
    (lambda p: p.update(languages=["az", "en"]), "languages", "must start with en"),
    (lambda p: p.update(claims_order=["azerbaijan"]), "claims_order", "must list every side once"),
    (lambda p: p.update(colour="#000000"), "colour", "unknown field"),
    (lambda p: p.update(basemap="../nowhere"), "basemap", "no such folder"),
    (lambda p: p.update(language_names={"en": "English", "ka": "Georgian"}), "language_names.ka",
     "not a language of the profile"),
    (lambda p: p["map"].update(min_zoom=9), "map.min_zoom", "deeper than the opening zoom 8"),
    (lambda p: p["map"].update(max_zoom=7), "map.max_zoom", "shallower than the opening zoom 8"),
    (lambda p: p["inferred"]["default_on"].update(end="2020-09-01"), "inferred.default_on.end",
     "2020-09-01 precedes the start 2020-09-27; allowed: a date on or after the start"),
    (lambda p: p["inferred"].update(contact_date="1990-01-01"), "inferred.contact_date",
     "1990-01-01 is outside the package's coverage; allowed: 2000-01-01 to 2030-12-31 (package.yaml)"),
    (lambda p: p["inferred"]["default_on"].update(start="1999-12-31"), "inferred.default_on.start",
     "outside the package's coverage"),
    (lambda p: p["inferred"].update(contact_date="10 Nov 2020"), "inferred.contact_date", "expected YYYY-MM-DD"),
    (lambda p: p["inferred"].update(contact_country="GE"), "inferred.contact_country",
     "'GE' is not a country of the profile; allowed: AZ, AM"),
    (lambda p: p["inferred"].update(default_on={"start": "2020-09-27"}), "inferred.default_on.end", "required"),
    (lambda p: p["inferred"].update(contact_day="2020-11-10"), "inferred.contact_day", "unknown field"),
    (lambda p: p.update(short_name="../etc/x"), "short_name", "a file-name word"),
    (lambda p: p.update(short_name="Mini Map"), "short_name", "a file-name word"),
    (lambda p: p.update(short_name="-mini"), "short_name", "a file-name word"),
    (lambda p: p.update(short_name="m" * 41), "short_name", "at most 40 characters"),
])
def test_each_problem_names_the_file_record_field_and_what_is_allowed(mini: Path, change, field, words):
    problems = _edit(mini, change)
    mine = [p for p in problems if p.startswith(f"profile.yaml: record 'profile', field '{field}'")]
    assert mine and words in mine[0], problems[:5]


def test_a_refused_profile_does_not_also_refuse_the_data(mini: Path):
    problems = _edit(mini, lambda p: p["sides"][0].update(colour="orange"))
    assert all(p.startswith("profile.yaml") for p in problems), problems[:5]


# --- the data are checked against the profile, not against one war's types -----------------------------------


def test_the_second_war_validates_with_its_own_sides_operators_country_and_region():
    """Fails on the code before the profile: 78 problems ('georgia' is not allowed; allowed: armenian_forces, ...)."""
    package, problems = check_package(str(ROOT / "packages" / "georgia-2008" / "data"))
    assert [str(p) for p in problems] == []
    assert {c.set["controller"] for c in package.changes if "controller" in c.set} <= {
        *package.profile.side_ids, "split"}
    assert {p.country for p in package.districts.values()} == {"GE"}


def test_a_side_the_profile_does_not_list_is_refused_with_what_it_allows(mini: Path):
    def rename(p):
        p["sides"][0]["id"] = "side_a"
        p["claims_order"] = ["azerbaijan", "side_a"]
    problems = _edit(mini, rename)
    said = "'armenian_forces' is not allowed; allowed: side_a, azerbaijan"
    assert any(p.startswith("control.yaml: record 'beta-start', field 'set.controller'") and f"{said}, split" in p
               for p in problems), problems
    assert any(p.startswith("place_control.yaml") and "field 'from'" in p and said in p for p in problems), problems


def test_an_operator_or_country_the_profile_does_not_list_is_refused(mini: Path):
    def change(p):
        p["operators"] = [o for o in p["operators"] if o["id"] != "russian_peacekeepers"]
        p["countries"] = ["AZ"]
    problems = _edit(mini, change)
    assert any(p.startswith("positions.yaml: record 'hq', field 'operator': 'russian_peacekeepers' is not allowed; "
                            "allowed: joint_russian_turkish") for p in problems), problems
    assert any(p.startswith("districts.geojson: record 'AM-CCC', field 'country': 'AM' is not allowed; allowed: AZ")
               for p in problems), problems


def test_coordinates_must_fall_in_the_profile_region(mini: Path):
    problems = _edit(mini, lambda p: p["map"].update(region_bounds=[46.0, 39.0, 51.0, 42.5], centre=[40.0, 47.0]))
    assert any("outside the region 39.0..42.5 N, 46.0..51.0 E" in p for p in problems), problems


def test_a_status_the_data_set_needs_the_profile_words_for_it(mini: Path):
    def unword(p):
        del p["statuses"]["pending_handover"]
        del p["statuses"]["split"]["share"]
    problems = _edit(mini, unword)
    assert any("field 'set.pending_handover'" in p and "needs the profile's words for it (statuses.pending_handover "
               "in profile.yaml)" in p for p in problems), problems
    assert any("field 'set.share'" in p and "statuses.split.share" in p for p in problems), problems


def test_without_a_short_name_downloads_start_with_map(mini: Path):
    assert _edit(mini, lambda p: p.pop("short_name")) == []
    profile = load_package(mini).profile
    assert profile is not None and profile.short_name == "map"
