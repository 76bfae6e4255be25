"""`python -m geo export | sources | cite` run as a user runs them: a subprocess, exit codes, stdout/stderr."""

import csv
import io
import json

from tests.conftest import edit_yaml
from tests.helpers import run


def _csv(text):
    assert text.startswith("\ufeff")  # the BOM: spreadsheets read the file as UTF-8
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_export_csv_has_districts_settlements_and_positions_with_controller_and_sources(mini):
    result = run("export", "2020-11-15", "--format", "csv", "--data", mini)
    assert result.returncode == 0, result.stderr
    rows = {(r["layer"], r["id"]): r for r in _csv(result.stdout)}
    alpha = rows[("district", "AZ-AAA")]
    assert (alpha["controller"], alpha["share"], alpha["pending_handover"]) == ("split", "0.6", "2020-11-20")
    assert alpha["sources"] == "alpha.txt; ext-report"
    assert rows[("settlement", "gamma")]["controller"] == "azerbaijan"
    assert rows[("position", "hq")]["controller"] == "russian_peacekeepers"
    assert {layer for layer, _ in rows} == {"district", "settlement", "position"}


def test_export_geojson_is_a_feature_collection(mini):
    result = run("export", "2020-11-21", "--data", mini)
    assert result.returncode == 0, result.stderr
    collection = json.loads(result.stdout)
    assert collection["type"] == "FeatureCollection"
    by_id = {f["id"]: f for f in collection["features"]}
    alpha = by_id["district:AZ-AAA"]
    assert alpha["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert alpha["properties"]["controller"] == "azerbaijan" and alpha["properties"]["date"] == "2020-11-21"
    assert by_id["position:hq"]["geometry"] == {"type": "Point", "coordinates": [46.15, 40.05]}


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(mini):
    edit_yaml(mini / "sources.yaml", lambda d: d[0].update(title='=HYPERLINK("http://x.invalid","click")',
                                                             publisher="@SUM(1+1)"))
    edit_yaml(mini / "places.yaml", lambda d: d[0]["names"].update(en="+cmd|' /C calc'!A0"))
    result = run("sources", "--format", "csv", "--data", mini)
    assert result.returncode == 0, result.stderr
    report = next(r for r in _csv(result.stdout) if r["id"] == "ext-report")
    assert report["title"] == "'=HYPERLINK(\"http://x.invalid\",\"click\")" and report["publisher"] == "'@SUM(1+1)"
    result = run("export", "2020-11-15", "--format", "csv", "--data", mini)
    assert "'+cmd|' /C calc'!A0" in [r["name"] for r in _csv(result.stdout)]
    # a bare CR in a name: with LF rows it was left unquoted and readers began a runnable row after it
    edit_yaml(mini / "places.yaml", lambda d: d[0]["names"].update(en="Fuzuli\r=cmd|' /C calc'!A0"))
    result = run("export", "2020-11-15", "--format", "csv", "--data", mini)
    assert result.returncode == 0, result.stderr
    rows = _csv(result.stdout)
    assert "Fuzuli\n'=cmd|' /C calc'!A0" in [r["name"] for r in rows]  # one cell (text mode reads CR as LF)
    assert {r["layer"] for r in rows} == {"district", "settlement", "position"}


def test_sources_csl_json_for_reference_managers(mini):
    result = run("sources", "--format", "csl-json", "--data", mini)
    assert result.returncode == 0, result.stderr
    items = {i["id"]: i for i in json.loads(result.stdout)}
    assert items["alpha.txt"]["type"] == "article-newspaper"
    assert items["ext-report"] | {"type": "webpage", "URL": "https://example.org/report", "publisher": "Example Wire",
                                  "issued": {"date-parts": [[2020, 11, 21]]}} == items["ext-report"]
    assert "issued" not in items["wiki-gamma"]  # no date: none made up


def test_cite_a_district_view(mini):
    result = run("cite", "2020-11-15", "--district", "AZ-AAA", "--accessed", "2026-01-02", "--json",
                 "--base-url", "https://map.example.org/", "--data", mini)
    assert result.returncode == 0, result.stderr
    cite = json.loads(result.stdout)
    assert cite["title"] == "Mini test package: Alpha/Alfa on 15 November 2020"
    assert cite["permalink"] == "https://map.example.org/?date=2020-11-15&district=AZ-AAA"
    assert cite["date_shown"] == "2020-11-15" and cite["accessed"] == "2026-01-02"
    assert [s["id"] for s in cite["sources"]] == ["alpha.txt", "ext-report"]
    version = cite["data_version"]
    assert version.startswith("sha256:") and len(version) == 7 + 64
    text = run("cite", "2020-11-15", "--data", mini).stdout
    assert "Permalink: ?date=2020-11-15\n" in text and f"Data version: {version}" in text
    edit_yaml(mini / "sources.yaml", lambda d: d[0].update(title="Another title"))
    changed = json.loads(run("cite", "2020-11-15", "--json", "--data", mini).stdout)["data_version"]
    assert changed != version  # the version names the data exactly


def test_bad_date_and_unknown_district_exit_1_with_a_clear_message(mini):
    for args, message in [
        (("cite", "2020-02-30"), "'2020-02-30' is not a date; expected YYYY-MM-DD"),
        (("cite", "2020-11-15", "--district", "AZ-<script>"), "unknown district 'AZ-<script>'; known: AZ-AAA, AZ-BBB"),
        (("export", "1999-01-01"), "1999-01-01 is outside the covered range 2000-01-01 to 2030-12-31"),
        (("export", "20201115", "--format", "csv"), "'20201115' is not a date; expected YYYY-MM-DD"),
        (("cite", "1999-01-01", "--district", "AZ-AAA"), "outside the covered range"),
    ]:
        result = run(*args, "--data", mini)
        assert result.returncode == 1, args
        assert message in result.stderr and "Traceback" not in result.stderr, result.stderr
        assert result.stdout == ""
