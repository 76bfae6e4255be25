"""Validation refuses what it cannot honestly use: unknown fields, quotes of external sources, quotes too
short to identify a passage. Each case failed silently before (validate printed OK)."""

from __future__ import annotations

import json

import pytest

from geo import check_package
from geo.build import districts_collection
from geo.errors import DataError, GeoError
from tests.conftest import edit_yaml


def problems(mini):
    return [(p.file, p.record, p.field, p.message) for p in check_package(mini)[1]]


@pytest.mark.parametrize(("file", "mutate", "record", "field"), [
    # the attack's example: renaming excludes: to exclude: dropped the Shusha cut with validate printing OK
    ("corridor.yaml", lambda d: d[0].update(exclude=["AZ-BBB"]), "road-1", "exclude"),
    ("control.yaml", lambda d: d[0].update(controler="azerbaijan"), "alpha-start", "controler"),
    ("control.yaml", lambda d: d[0]["figures"][0].update(valeu=0.5), "alpha-start", "figures[0].valeu"),
    ("control.yaml", lambda d: d[0]["citations"][0].update(qoute="x"), "alpha-start", "citations[0].qoute"),
    ("events.yaml", lambda d: d[0].update(titel="x"), "start", "titel"),
    ("positions.yaml", lambda d: d[0].update(radius=5), "hq", "radius"),
    ("sources.yaml", lambda d: d[0].update(accessed="2020-01-01"), "ext-report", "accessed"),
    ("package.yaml", lambda d: d.update(coverge={}), "package", "coverge"),
])
def test_an_unknown_field_is_an_error(mini, file, mutate, record, field):
    edit_yaml(mini / file, lambda data: (mutate(data), None)[1])
    found = [p for p in problems(mini) if (p[0], p[1], p[2]) == (file, record, field)]
    assert found and "unknown field; allowed:" in found[0][3], problems(mini)


def test_an_external_source_cannot_be_quoted(mini):
    edit_yaml(mini / "events.yaml", lambda d: d[0]["citations"][0].update(quote="a sentence the report may not hold"))
    assert any((f, r, fl) == ("events.yaml", "start", "citations[0].quote") and "only a seed can be quoted" in m
               for f, r, fl, m in problems(mini))


@pytest.mark.parametrize("quote", ["a", ",", "Armenian forces"])
def test_a_quote_too_short_to_identify_a_passage_is_refused(mini, quote):
    edit_yaml(mini / "control.yaml", lambda d: d[0]["citations"][0].update(quote=quote))
    assert any((f, r, fl) == ("control.yaml", "alpha-start", "citations[0].quote") and "too short" in m
               for f, r, fl, m in problems(mini))


def _edit(mini, file, mutate):
    path = mini.parent / file if file.startswith("seeds/") else mini / file
    edit_yaml(path, lambda data: (mutate(data), None)[1])


# The files declared as schemas last (post_counts, places, package, sources, seeds/index): a value their
# declarations refuse, named by file, record and field, saying what is allowed.
@pytest.mark.parametrize(("file", "mutate", "record", "field", "words"), [
    ("post_counts.yaml", lambda d: d[0].update(kind="estimated"), "count-2020-11-10", "kind",
     "'estimated' is not allowed; allowed: total, planned, closed"),
    ("post_counts.yaml", lambda d: d[0].update(date="10 Nov 2020"), "count-2020-11-10", "date",
     "'10 Nov 2020' is not a real date; expected YYYY-MM-DD"),
    ("post_counts.yaml", lambda d: d[0].update(total=25.0), "count-2020-11-10", "total",
     "25.0 is not a whole number; expected 0 to 10000"),
    ("places.yaml", lambda d: d[0]["coordinate"].update(datum="WGS84"), "gamma", "coordinate.datum",
     "unknown field; allowed: lat, lon, as_written, source"),
    ("places.yaml", lambda d: d[1]["coordinate"].update(geonames="1"), "alphaville", "coordinate.geonames",
     "'1' is not a GeoNames id (an integer)"),
    ("places.yaml", lambda d: d[0].update(coordinate="40.02, 46.03"), "gamma", "coordinate",
     "must be {geonames: ID} or {lat, lon, as_written, source}"),
    ("places.yaml", lambda d: d[0].update(aliases=["Gama", 7]), "gamma", "aliases[1]", "must be text, found int"),
    ("package.yaml", lambda d: d["coverage"].update(middle="2020-01-01"), "package", "coverage.middle",
     "unknown field; allowed: start, end"),
    ("package.yaml", lambda d: d.pop("coverage"), "package", "coverage",
     "is required: {start: YYYY-MM-DD, end: YYYY-MM-DD}"),
    ("sources.yaml", lambda d: d[0].update(title_basis="guess"), "ext-report", "title_basis",
     "'guess' is not allowed; allowed: headline, url_slug, descriptive"),
    ("sources.yaml", lambda d: d[0].update(id="Ext_Report"), "Ext_Report", "id",
     "'Ext_Report' is not a source id: lower-case a-z, 0-9 and single hyphens"),
    ("seeds/index.yaml", lambda d: d[0].update(author="Someone"), "alpha.txt", "author",
     "unknown field; allowed: id, title, publisher, publisher_basis"),
])
def test_a_declared_record_refuses_what_its_schema_does_not_allow(mini, file, mutate, record, field, words):
    _edit(mini, file, mutate)
    found = [m for f, r, fl, m in problems(mini) if (f, r, fl) == (file, record, field)]
    assert found and words in found[0], problems(mini)


@pytest.mark.parametrize(("file", "record"), [("sources.yaml", "ext-report"), ("seeds/index.yaml", "alpha.txt")])
def test_a_refused_source_still_resolves_the_claims_citing_it(mini, file, record):
    """The source's own problem is reported; the claims citing it get no misleading "unknown source"."""
    _edit(mini, file, lambda d: d[0].update(title=7))
    assert problems(mini) == [(file, record, "title", "must be text, found int")]


def test_a_refused_seed_still_has_its_quotes_checked(mini):
    _edit(mini, "seeds/index.yaml", lambda d: d[0].update(title=7))
    edit_yaml(mini / "control.yaml", lambda d: d[0]["citations"][0].update(quote="words that are not in the seed"))
    assert ("control.yaml", "alpha-start", "citations[0].quote") in [p[:3] for p in problems(mini)]


def test_an_unknown_district_property_is_refused(mini):
    """A property build-districts never writes (here a status) must not ride along unchecked."""
    path = mini / "districts.geojson"
    path.write_text(path.read_text(encoding="utf-8").replace('"name_en": "Beta"', '"name_en": "Beta", "controller": '
                                                             '"azerbaijan"'), encoding="utf-8")
    found = [m for f, r, fl, m in problems(mini) if (f, r, fl) == ("districts.geojson", "AZ-BBB", "controller")]
    assert found and found[0].startswith("unknown field; allowed: id, ne_code, name_en"), problems(mini)


# --- places.csv: numbers are plain decimal text -------------------------------------------------

ALPHAVILLE = "1,Alphaville,AZ,1000,40.05,46.05"  # mini's first row of places.csv


def _row(geonameid="1", name="Alphaville", country="AZ", population="1000", latitude="40.05", longitude="46.05"):
    return ",".join((geonameid, name, country, population, latitude, longitude))


def _replace_row(mini, row):
    path = mini / "places.csv"
    text = path.read_text(encoding="utf-8")
    assert ALPHAVILLE in text
    path.write_text(text.replace(ALPHAVILLE, row), encoding="utf-8")


# Python's int() and float() (and pydantic's lax numbers) read each of these as a number; all but the
# last three of each column were taken as one before places.csv was declared.
LAX_NUMBERS = {
    "latitude": ["4_0.05", " 40.05", "40.05 ", "+40.05", "4.005e1", "٤٠.٠٥", "040.05", "1_000", "nan", "inf"],
    "longitude": ["4_6.05", "46.05\t", "46.", "-inf", "Infinity", "46,05"],
    "population": ["1_000", " 1000", "١٠٠٠", "01000", "1e3", "1000.0", "-3"],
    "geonameid": ["1_0", "01", " 1", "+1", "1.0", "0"],
}
WORDS = {"latitude": "a number from -90 to 90", "longitude": "a number from -180 to 180",
         "population": "an integer from 0", "geonameid": "an integer from 1"}


@pytest.mark.parametrize(("column", "text"), [(c, t) for c, texts in LAX_NUMBERS.items() for t in texts])
def test_a_places_csv_number_must_be_plain_decimal_text(mini, column, text):
    if column == "longitude" and text == "46,05":
        text = '"46,05"'  # a decimal comma, quoted as a CSV value
    _replace_row(mini, _row(**{column: text}))
    value = text.strip('"')
    record = value if column == "geonameid" else "1"
    found = [m for f, r, fl, m in problems(mini) if (f, r, fl) == ("places.csv", record, column)]
    assert found == [f"{value!r} is not allowed; expected {WORDS[column]}"], problems(mini)


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"name": ""}, "name", "is required (a non-empty text)"),
    ({"country": "Azerbaijan"}, "country", "'Azerbaijan' is not a two-letter country code (ISO 3166-1)"),
])
def test_a_places_csv_text_is_declared_too(mini, change, field, words):
    _replace_row(mini, _row(**change))
    assert [m for f, r, fl, m in problems(mini) if (f, r, fl) == ("places.csv", "1", field)] == [words]


@pytest.mark.parametrize(("header", "field", "words"), [
    ("geonameid,name,country,population,latitude,longitude,elevation", "elevation", "unknown column(s)"),
    ("geonameid,name,country,population,latitude,latitude", "longitude", "missing column(s)"),
    ("geonameid,name,country,population,latitude,longitude,latitude", "latitude", "repeated column(s)"),
])
def test_a_places_csv_header_names_each_column_once_and_no_other(mini, header, field, words):
    """Said once of the header, not of every row; a repeated column's last value would silently win."""
    path = mini / "places.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    extra = header.count(",") - 5
    path.write_text("\n".join([header, *(line + ",1" * extra for line in lines[1:])]) + "\n", encoding="utf-8")
    found = [m for f, r, fl, m in problems(mini) if (f, r) == ("places.csv", "header") and fl == field]
    assert found == [f"{words}; expected geonameid, name, country, population, latitude, longitude"], problems(mini)


def test_plain_decimal_places_csv_values_are_read_as_numbers(mini):
    _replace_row(mini, _row(population="", latitude="40.05", longitude="46.050"))  # GeoNames may leave it empty
    package, found = check_package(mini)
    assert found == []
    row = package.geonames[1]
    assert (row.geonameid, row.population, row.lat, row.lon) == (1, 0, 40.05, 46.05)


# --- districts.geojson's provenance --------------------------------------------------------------


def _set_provenance(mini, value):
    path = mini / "districts.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    collection["provenance"] = value
    path.write_text(json.dumps(collection), encoding="utf-8")


PROVENANCE_KEYS = "source, source_file, source_sha256, credit, licence, scale, coordinates, area, fixes"


@pytest.mark.parametrize(("provenance", "field", "words"), [
    ({"fixes": [""]}, "provenance.fixes[0]", "is required (a non-empty text)"),
    ({"fixes": ["AZ-AAA: renamed", 7]}, "provenance.fixes[1]", "must be text, found int"),
    ({"fixes": 3}, "provenance.fixes", "must be a list of texts, found int"),
    ({"fixes": "AZ-AAA: renamed"}, "provenance.fixes", "must be a list of texts, found str"),
    ({"fixes": None}, "provenance.fixes", "None is not allowed; expected a list of texts (or no 'fixes' at all)"),
    ({"credit": None}, "provenance.credit", "None is not allowed; expected a non-empty text (or no 'credit' at all)"),
    ({"credit": {"text": "Made with Natural Earth"}}, "provenance.credit", "must be text, found dict"),
    ({"licence": " "}, "provenance.licence", "is required (a non-empty text)"),
    ({"licnce": "public domain"}, "provenance.licnce", f"unknown field; allowed: {PROVENANCE_KEYS}"),
    (["Natural Earth"], "provenance", "must be a mapping of fields, found list"),
], ids=["empty-fix", "numeric-fix", "fixes-a-number", "fixes-a-text", "fixes-null", "credit-null", "credit-a-mapping",
        "blank-licence", "unknown-key", "a-list"])
def test_the_provenance_is_declared(mini, provenance, field, words):
    """The About page shows the provenance as it is: a typo'd key would vanish from it silently."""
    _set_provenance(mini, provenance)
    package, found = check_package(mini)
    assert [(p.file, p.record, p.field, p.message) for p in found] == [("districts.geojson", "-", field, words)]
    assert package.provenance == {}


@pytest.mark.parametrize("provenance", [{}, {"source": "Natural Earth"}, {"source": "Natural Earth", "fixes": []},
                                        {"credit": "Made with Natural Earth", "fixes": ["AZ-AAA: renamed"]}])
def test_a_provenance_the_schema_allows_is_kept(mini, provenance):
    _set_provenance(mini, provenance)
    package, found = check_package(mini)
    assert found == [] and package.provenance == provenance


# --- build-districts' source features ------------------------------------------------------------


def _build_problems(tmp_path, properties):
    """The problems build-districts finds in a source of one feature with these properties."""
    square = [[[46.0, 40.0], [46.1, 40.0], [46.1, 40.1], [46.0, 40.1], [46.0, 40.0]]]
    source = tmp_path / "ne.geojson"
    source.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": properties, "geometry": {"type": "Polygon", "coordinates": square}}]}),
        encoding="utf-8")
    names = tmp_path / "names.yaml"
    names.write_text("AZ-LAN: {en: Lachin, role: story}\n", encoding="utf-8")
    with pytest.raises(DataError) as raised:
        districts_collection(source, names)
    return [(p.file, p.record, p.field, p.message) for p in raised.value.problems]


@pytest.mark.parametrize(("properties", "record", "words"), [
    ({"name": "Lachin"}, "#1", "is required (a non-empty text)"),
    ({"iso_3166_2": None}, "#1", "is required (a non-empty text)"),
    ({"iso_3166_2": ""}, "#1", "is required (a non-empty text)"),
    ({"iso_3166_2": " "}, " ", "is required (a non-empty text)"),
    ({"iso_3166_2": 5}, "5", "must be text, found int"),
    ({"iso_3166_2": ["AZ-LAN"]}, "#1", "must be text, found list"),
], ids=["missing", "null", "empty", "blank", "a-number", "a-list"])
def test_a_source_feature_needs_an_iso_3166_2_code(tmp_path, properties, record, words):
    assert _build_problems(tmp_path, {"type_en": "District", **properties}) == [
        (str(tmp_path / "ne.geojson"), record, "properties.iso_3166_2", words)]


def test_a_source_feature_may_carry_natural_earths_other_properties(tmp_path):
    """Only the code is the build's business; the build then stops at the missing Lachin, not at a property."""
    with pytest.raises(GeoError, match="source has no AZ-LAN"):
        _build_problems(tmp_path, {"iso_3166_2": "AZ-AGM", "name": 3, "name_alt": None, "type_en": ["x"]})
