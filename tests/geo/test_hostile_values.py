"""Hostile data packages (see test_hostile_data.py): duplicate ids, bad dates, shares and enums, and malicious
input."""

from __future__ import annotations

import csv
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo import check_package
from tests.conftest import edit_yaml
from tests.helpers import (
    PLACES,
    assert_cli_rejected,
    assert_problems,
    assert_rejected,
    feature,
    laughs,
    run_validate,
    sub,
    write,
    yaml_edit,
)

ROOT = Path(__file__).resolve().parents[2]

# --- duplicate ids, in every file ----------------------------------------------------------------

DUPLICATES = [  # (file, mutation, record, field, words)
    ("events.yaml", yaml_edit("events.yaml", lambda d: d[1].update(id="start")), "start", "id", "duplicate id (2"),
    ("positions.yaml", yaml_edit("positions.yaml", lambda d: d.append(dict(d[0]))), "hq", "id", "duplicate id (2"),
    ("corridor.yaml", yaml_edit("corridor.yaml", lambda d: d[1].update(id="road-1")), "road-1", "id", "duplicate id"),
    ("sources.yaml", yaml_edit("sources.yaml", lambda d: d.append(dict(d[0]))), "ext-report", "id",
     "duplicate source id"),
    ("seeds/index.yaml", yaml_edit("../seeds/index.yaml", lambda d: d.append(dict(d[0]))), "alpha.txt", "id",
     "duplicate seed id"),
    ("places.csv", write("places.csv", PLACES + "2,Betatown again,AZ,1,40.05,46.15\n"), "2", "geonameid",
     "duplicate GeoNames id"),
    ("districts.geojson", feature(1, props_id="AZ-AAA"), "AZ-AAA", "id", "duplicate district id"),
    # both records are invalid: the duplicate is still reported, not hidden behind their (equal) problems
    ("control.yaml", yaml_edit("control.yaml", lambda d: d.extend([
        {"id": "twin", "district": "AZ-AAA", "date": "2020-02-30"}, {"id": "twin", "district": "AZ-AAA",
                                                                      "date": "2020-02-30"}])),
     "twin", "id", "duplicate id (2 records); ids must be unique"),
]


@pytest.mark.parametrize(("file", "mutate", "record", "field", "words"), DUPLICATES, ids=[d[0] for d in DUPLICATES])
def test_duplicate_ids_in_every_file(mini, file, mutate, record, field, words):
    mutate(mini)
    assert_problems(mini, [(file, record, field, words)])


def test_duplicate_ids_through_the_cli(mini):
    for _, mutate, *_ in DUPLICATES:
        mutate(mini)
    assert_rejected(mini, [(file, record, field, words) for file, _, record, field, words in DUPLICATES])


# --- dates, shares and enums: every bad value in-process, all together through the CLI ------------

DATE_FIELDS = [  # (file, text to replace, record, field)
    ("events.yaml", "date: 2000-01-01", "start", "date"),
    ("control.yaml", "date: 2020-11-10", "alpha-deadline", "date"),
    ("control.yaml", "pending_handover: 2020-11-20", "alpha-deadline", "set.pending_handover"),
    ("positions.yaml", "start: 2020-11-10", "hq", "start"),
    ("corridor.yaml", "end: 2023-09-30", "road-2", "end"),
    ("sources.yaml", "date: 2020-11-21", "ext-report", "date"),
    ("../seeds/index.yaml", "date: 2020-11-20", "alpha.txt", "date"),
    ("package.yaml", "end: 2030-12-31", "package", "coverage.end"),
]
BAD_DATES = ["2020-13-01", "0000-01-01", "'2020-11-20T10:00'", "2020-11-20T10:00:00", "2020-11-20 10:00:00+02:00",
             "20201120", "'20201120'", "2020-1-5", "2020-W47-5", "'next week'", "[2020, 11, 20]"]


def _set_date(data: Path, file: str, old: str, value: str) -> None:
    sub(file, old, old.split(":")[0] + ": " + value)(data)


def _label(file: str) -> str:
    return file.replace("../", "")


@pytest.mark.parametrize("value", BAD_DATES)
def test_every_date_field_rejects_a_bad_date(mini, value):
    for file, old, _, _ in DATE_FIELDS:
        _set_date(mini, file, old, value)
    problems = assert_problems(mini, [(_label(file), record, field, "is not a real date; expected YYYY-MM-DD")
                                      for file, _, record, field in DATE_FIELDS])
    start = next(p.message for p in problems if (p.file, p.record, p.field) == ("events.yaml", "start", "date"))
    assert value.strip("'") in start  # the message shows the value as written


def test_bad_dates_through_the_cli(mini):
    for (file, old, _, _), value in zip(DATE_FIELDS, BAD_DATES, strict=False):
        _set_date(mini, file, old, value)
    assert_rejected(mini, [(_label(file), record, field, "is not a real date")
                           for file, _, record, field in DATE_FIELDS])


BAD_SHARES = ["-0.1", "1.1", "'77%'", "77%", ".nan", ".inf", "true", "'0.5'", "[0.5]", "{value: 0.5}"]


@pytest.mark.parametrize("value", BAD_SHARES)
def test_share_must_be_a_number_from_0_to_1(mini, value):
    sub("control.yaml", "share: 0.6", f"share: {value}")(mini)
    sub("control.yaml", "- value: 0.6", f"- value: {value}")(mini)
    words = "outside the allowed range 0.0 to 1.0" if value in ("-0.1", "1.1") else "is not a number; expected 0.0"
    assert_problems(mini, [("control.yaml", "alpha-start", "set.share", words),
                           ("control.yaml", "alpha-start", "figures[0].value", words)])


def test_bad_shares_through_the_cli(mini):
    sub("control.yaml", "share: 0.6", "share: -0.1")(mini)
    sub("control.yaml", "- value: 0.6", "- value: .nan")(mini)
    sub("control.yaml", "- value: 0.55", "- value: true")(mini)
    assert_rejected(mini, [("control.yaml", "alpha-start", "set.share", "-0.1 is outside the allowed range"),
                           ("control.yaml", "alpha-start", "figures[0].value", "'.nan' is not a number"),
                           ("control.yaml", "alpha-start", "figures[1].value", "True is not a number")])


ENUM_FIELDS = [  # (file, text to replace, new text, record, field, allowed values named in the message)
    ("control.yaml", "precision: day", "precision: Day", "alpha-start", "precision", "allowed: day, month, year"),
    ("control.yaml", "kind: scheduled", "kind: [scheduled]", "alpha-deadline", "kind", "allowed: actual, scheduled"),
    ("control.yaml", "controller: armenian_forces", "controller: armenia", "beta-start", "set.controller",
     "allowed: armenian_forces, azerbaijan, split"),
    ("control.yaml", "set: {peacekeeping_zone: true}", "set: {peacekeeping_zone: 'yes'}", "beta-zone",
     "set.peacekeeping_zone", "allowed: true, false"),
    ("control.yaml", "set: {peacekeeping_zone: true}", "set: {controlled: true}", "beta-zone", "set.controlled",
     "unknown field; allowed: controller, share, pending_handover, peacekeeping_zone"),
    ("events.yaml", "precision: day", "precision: 1", "start", "precision", "allowed: day, month, year"),
    ("positions.yaml", "kind: headquarters", "kind: HQ", "hq", "kind", "allowed: headquarters, base, observation_post"),
    ("positions.yaml", "operator: russian_peacekeepers", "operator: un", "hq", "operator",
     "allowed: russian_peacekeepers, joint_russian_turkish"),
    ("positions.yaml", "precision: settlement", "precision: town", "hq", "precision",
     "allowed: exact, settlement, approximate"),
    ("positions.yaml", "start: 2020-11-10", "start: 2020-11-10\n  start_precision: week", "hq", "start_precision",
     "allowed: day, month, year"),
    ("positions.yaml", "end: 2024-06-12", "end: 2024-06-12\n  end_precision: null", "hq", "end_precision",
     "None is not allowed; allowed: day, month, year (or no 'end_precision' at all)"),
    ("districts.geojson", '"role": "story"', '"role": "Story"', "AZ-AAA", "role", "allowed: story, city, context"),
    ("districts.geojson", '"country": "AM"', '"country": "ARM"', "AM-CCC", "country", "allowed: AZ, AM"),
    ("../seeds/index.yaml", "publisher_basis: unknown", "publisher_basis: guessed", "alpha.txt", "publisher_basis",
     "allowed: stated, inferred, unknown"),
    ("../seeds/index.yaml", "date_basis: inferred", "date_basis: false", "alpha.txt", "date_basis",
     "allowed: stated, inferred, unknown"),
    ("../seeds/index.yaml", "date_precision: day", "date_precision: hour", "alpha.txt", "date_precision",
     "allowed: day, month, year"),
]


@pytest.mark.parametrize(("file", "old", "new", "record", "field", "words"), ENUM_FIELDS,
                         ids=[f"{e[0].replace('../', '')}:{e[4]}" for e in ENUM_FIELDS])
def test_every_enum_field_rejects_an_unknown_value(mini, file, old, new, record, field, words):
    sub(file, old, new)(mini)
    assert_problems(mini, [(_label(file), record, field, words)])


def test_unknown_enum_values_through_the_cli(mini):
    done = set()
    for file, old, new, *_ in ENUM_FIELDS:
        if (file, old) not in done:  # one value per place in the file
            sub(file, old, new)(mini)
            done.add((file, old))
    assert_rejected(mini, [(_label(file), record, field, words) for file, old, _, record, field, words in ENUM_FIELDS
                           if field != "set.controlled"])


# --- malicious input -----------------------------------------------------------------------------


ALIASES = "anchors (&name) and aliases (*name) are not allowed in data files; write the value out where it is used"


def test_billion_laughs_neither_hangs_nor_floods_the_messages(mini):
    bomb = "- id: bomb\n" + laughs("x") + "".join(
        f"  {key}: *l9\n" for key in ("date", "precision", "title", "citations"))
    (mini / "events.yaml").write_text(bomb + (mini / "events.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (mini / "positions.yaml").write_text("- id: bombs\n" + laughs("y") + "  place: *l9\n  kind: *l9\n"
                                         "  radius_m: *l9\n  start: *l9\n", encoding="utf-8")
    started = time.perf_counter()
    result = assert_rejected(mini, [("events.yaml", "-", "-", "invalid YAML at line 11, column 7: " + ALIASES),
                                    ("positions.yaml", "-", "-", "invalid YAML at line 11, column 7: " + ALIASES)])
    assert time.perf_counter() - started < 20
    assert len(result.stderr) < 5000


def test_billion_laughs_as_the_list_of_records(mini):
    root = "\n".join(f"- &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" if i else "- &l0 [lol, lol, lol]"
                     for i in range(10))
    (mini / "control.yaml").write_text(root + "\n", encoding="utf-8")
    result = assert_rejected(mini, [("control.yaml", "-", "-", "invalid YAML at line 1, column 3: " + ALIASES)])
    assert len(result.stderr) < 5000


def test_records_sharing_one_huge_list_of_quotes_are_refused_at_once(mini):
    """1,000 records citing one list of 1,000 quotes through an alias: a million quote checks (minutes) and,
    quotes being wrong, a million problems; the alias alone is refused instead."""
    quotes = "".join(f"    - {{source: alpha.txt, quote: \"not in the seed {i}\"}}\n" for i in range(1000))
    records = "".join(f"- {{id: e{i}, date: 2020-11-20, precision: day, title: T, citations: *q}}\n"
                      for i in range(1000))
    (mini / "events.yaml").write_text("- id: anchor\n  date: 2020-11-20\n  precision: day\n  title: T\n"
                                      "  citations: &q\n" + quotes + records, encoding="utf-8")
    started = time.perf_counter()
    result = run_validate(mini)
    assert time.perf_counter() - started < 20
    assert_cli_rejected(result, check_package(mini)[1], [("events.yaml", "-", "-", ALIASES)])
    assert len(result.stderr.splitlines()) < 10


def test_thousands_of_problems_are_listed_up_to_200_with_a_count_of_the_rest(mini):
    edit_yaml(mini / "events.yaml", lambda events: events.extend(
        {"id": f"bad-{i:04}", "date": "2020-11-20", "precision": "hour", "title": "T",
         "citations": [{"source": "ext-report", "note": "n"}]} for i in range(1500)))
    _, problems = check_package(mini)
    assert len(problems) == 1500
    result = run_validate(mini)
    assert_cli_rejected(result, problems, [("events.yaml", "bad-0000", "precision", "allowed: day, month, year")])
    listed = [line for line in result.stderr.splitlines() if line.startswith("  - events.yaml: record 'bad-")]
    assert len(listed) == 200
    assert "  - ... and 1300 more problem(s) not listed; fix these first" in result.stderr
    state = subprocess.run([sys.executable, "-m", "geo", "state", "2020-11-20", "--data", str(mini)], cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
    assert state.returncode == 1 and "Traceback" not in state.stderr
    assert "1500 problem(s)" in state.stderr and "and 1300 more problem(s)" in state.stderr
    assert len(state.stderr.splitlines()) < 210


def test_a_csv_value_over_the_limit_is_refused_whatever_limit_the_process_has(mini):
    """The limit is the package's, not the csv module's: a library in the same process (frictionless raises it to
    its maximum while it validates) must not let a 200,000-character value through."""
    sub("places.csv", "Alphaville", "A" * 200_000)(mini)
    before = csv.field_size_limit(sys.maxsize)
    try:
        assert_problems(mini, [("places.csv", "line 2", "-", "invalid CSV: field larger than field limit (131072)")])
    finally:
        csv.field_size_limit(before)
