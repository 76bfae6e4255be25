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
