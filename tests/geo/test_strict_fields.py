"""Validation refuses what it cannot honestly use: unknown fields, quotes of external sources, quotes too
short to identify a passage. Each case failed silently before (validate printed OK)."""

from __future__ import annotations

import pytest

from geo import check_package
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
