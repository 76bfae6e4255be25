"""Each side's accounts of a district's change (control.yaml): the same shape, reader and checks as a settlement's
(geo/accounts.py), shown in the Claims rows, the static edition's panel data and the interval exports; and the
retired `disputed` field refused with a message naming `accounts`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import frictionless
import pytest

from geo import Timeline, check_package, load_package
from geo import claims as C
from geo.cli import iter_citations, main
from geo.site.data import site_data
from geo.vocabulary import of
from tests.conftest import edit_yaml

D = dt.date
HANDOVER = "alpha-handover"  # mini: Azerbaijan takes Alpha (split before) on 20 Nov 2020
BETA = "beta-start"  # mini: Beta held by Armenian forces from 2000


def account(side: str, stance: str, date: str, by: str = "a spokesman", source: str = "ext-report") -> dict:
    return {"side": side, "stance": stance, "date": date, "precision": "day", "by": by,
            "summary": f"{by} on Alpha.", "citations": [{"source": source, "note": "says so"}]}


def with_district_accounts(mini: Path, record: str, *accounts: dict) -> Path:
    def change(data: list) -> None:
        next(r for r in data if r["id"] == record)["accounts"] = list(accounts)
    edit_yaml(mini / "control.yaml", change)
    return mini


def _problems(mini: Path) -> list[tuple[str, str, str, str]]:
    _, problems = check_package(mini)
    return [(p.file, p.record, p.field, p.message) for p in problems]


def test_a_district_change_carries_accounts_each_on_its_own_line_in_claims_and_the_static_panel(mini):
    package = load_package(with_district_accounts(
        mini, HANDOVER, account("azerbaijan", "announced", "2020-11-20", "the Defence Ministry"),
        account("armenian_forces", "acknowledged", "2020-11-21", "the district's head")))
    change = next(c for c in package.changes if c.id == HANDOVER)
    assert [(a.side, a.stance) for a in change.accounts] == [("azerbaijan", "announced"),
                                                             ("armenian_forces", "acknowledged")]
    words = of(package)
    lines = C.accounts(change, words)
    # The record's own account first (what the sources report), then each side's, by date.
    assert [(x.side, x.stance, x.date) for x in lines] == [
        ("sources", "reported", D(2020, 11, 20)), ("azerbaijan", "announced", D(2020, 11, 20)),
        ("armenian_forces", "acknowledged", D(2020, 11, 21))]
    assert lines[2].text == ("21 November 2020 — Acknowledged by the Armenian side (the district's head): "
                             "the district's head on Alpha.")
    rows = C.claims_between(package, D(2020, 11, 21), D(2020, 11, 21))
    assert [(r.layer, r.line.place, r.line.stance) for r in rows] == [("district", "AZ-AAA", "acknowledged")]
    assert C.row_label(package, rows[0]) == "Alpha/Alfa (district layer)"
    # A district's change with no accounts is the sourced record alone: not listed as a claim.
    assert {r.line.change for r in C.claims_between(package, package.coverage_start, package.coverage_end)
            if r.layer == "district"} == {HANDOVER}
    data = site_data(package, Timeline(package), "test")
    entry = next(c for c in data["districts"]["AZ-AAA"]["changes"] if c["date"] == "2020-11-20"
                 and c["accounts"])
    assert [a[0] for a in entry["accounts"]] == [x.text for x in lines]
    assert entry["standings"][0][1].startswith("Reported (not one side's claim alone)")
    row = next(r for r in data["claims"]["rows"] if r[2] == "Alpha/Alfa (district layer)")
    assert data["claims"]["standings"][row[4]] == entry["standings"]
    # `geo citations` lists each account's sources beside the record's own.
    assert f"control {HANDOVER}: acknowledged by the district's head: the district's head on Alpha." in {
        claim for claim, _ in iter_citations(package)}


@pytest.mark.parametrize(("record", "given", "field", "words"), [
    # Azerbaijan took Alpha: the Armenian side cannot announce it, nor a side confirm it.
    (HANDOVER, account("armenian_forces", "announced", "2020-11-20"), "accounts[0].side",
     "'armenian_forces' cannot give an account 'announced': only the side said to have taken the place"),
    (HANDOVER, account("azerbaijan", "confirmed", "2020-11-20"), "accounts[0].side", "only an independent source"),
    (HANDOVER, account("armenian_forces", "denied", "2020-11-19"), "accounts[0].date",
     "before the record's own date 2020-11-20"),
    (HANDOVER, account("armenian_forces", "denied", "2020-11-21", source="nowhere"),
     "accounts[0].citations[0].source", "unknown source"),
    (HANDOVER, account("russia", "denied", "2020-11-21"), "accounts[0].side",
     "armenian_forces, azerbaijan, independent"),
    (HANDOVER, {**account("armenian_forces", "denied", "2020-11-21"), "when": "later"}, "accounts[0].when",
     "unknown field"),
])
def test_a_district_account_that_cannot_be_right_is_refused_naming_file_record_and_field(mini, record, given, field,
                                                                                        words):
    problems = _problems(with_district_accounts(mini, record, given))
    hits = [m for f, r, fl, m in problems if (f, r, fl) == ("control.yaml", record, field)]
    assert hits and any(words in m for m in hits), "\n".join(map(str, problems))


def test_the_side_said_to_have_taken_a_place_may_deny_a_change_it_did_not_announce(mini):
    # Parukh, March 2022: reported by others, denied by Azerbaijan's Ministry of Defence (the taker).
    package = load_package(with_district_accounts(mini, HANDOVER, account("azerbaijan", "denied", "2020-11-21")))
    assert [a.stance for a in next(c for c in package.changes if c.id == HANDOVER).accounts] == ["denied"]


@pytest.mark.parametrize("file", ["control.yaml", "place_control.yaml"])
def test_the_retired_disputed_field_is_refused_saying_to_use_accounts(mini, file):
    edit_yaml(mini / file, lambda d: d[0].update(disputed="Denied by the other side."))
    problems = [p for p in _problems(mini) if p[0] == file and p[2] == "disputed"]
    assert problems and "'disputed' is no longer a field: give each side's account under 'accounts'" in \
        problems[0][3], problems


def test_the_interval_exports_carry_the_accounts(mini, tmp_path, capsys):
    with_district_accounts(mini, HANDOVER, account("armenian_forces", "acknowledged", "2020-11-21", "the head"))
    assert main(["export-intervals", "--format", "csv", "--data", str(mini)]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out.removeprefix("\ufeff"), newline="")))
    alpha = next(r for r in table if r["id"] == "AZ-AAA" and r["start_date"] == "2020-11-20")
    assert json.loads(alpha["accounts"]) == [{
        "record": HANDOVER, "side": "armenian_forces", "stance": "acknowledged", "date": "2020-11-21",
        "precision": "day", "by": "the head", "summary": "the head on Alpha.", "sources": ["ext-report"]}]
    assert all(r["accounts"] == "" for r in table if r is not alpha)
    out = tmp_path / "i.geojson"
    assert main(["export-intervals", "--format", "geojson", "--data", str(mini), "--out", str(out)]) == 0
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    lists = {f["id"]: f["properties"]["accounts"] for f in features}
    assert lists["district:AZ-AAA:2020-11-20"][0]["by"] == "the head"
    assert all(v == [] for k, v in lists.items() if k != "district:AZ-AAA:2020-11-20")
    dp = tmp_path / "dp"
    assert main(["export-intervals", "--format", "datapackage", "--data", str(mini), "--out", str(dp)]) == 0
    report = frictionless.validate(dp / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = list(csv.DictReader(io.StringIO((dp / "interval_accounts.csv").read_text(encoding="utf-8-sig"))))
    assert [(r["interval_id"], r["account"], r["stance"]) for r in rows] == [
        ("district:AZ-AAA:2020-11-20", "0", "acknowledged")]
    # The keys are checked: an account citing a source missing from sources.csv makes the package invalid.
    path = dp / "account_sources.csv"
    path.write_text(path.read_text(encoding="utf-8-sig") + "district:AZ-AAA:2020-11-20,0,no-such-source\r\n",
                    encoding="utf-8-sig")
    assert "foreign-key" in {e[0] for e in frictionless.validate(dp / "datapackage.json").flatten(["type"])}
