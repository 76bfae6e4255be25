"""Whatever `python -m geo validate` accepts, the app and every CLI command show; what they could not show,
validate refuses with file, record, field and what is allowed. Each package is tried on both sides: the CLI
in a subprocess, the app with streamlit.testing."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import edit_yaml
from tests.helpers import drawn

pytestmark = pytest.mark.slow  # subprocesses per case: `make test` and CI run it, `make check` does not

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
VIEWS = ("Who held what", "Area over time", "Claims", "Sources", "Share and cite", "About the data")


def cli(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geo", *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def app(data: Path, view: str = "Who held what") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["view"] = view
    with mock.patch.object(sys, "argv", ["app.py", "--data", str(data)]), \
            mock.patch("dashboard.map.draw", lambda opening, payload: drawn(opening.map())):
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def coverage(start: str, end: str) -> Callable[[Path], None]:
    """Coverage from `start` to `end`; the records of the mini package's first day move to `start` and
    whatever falls after `end` is dropped."""
    def edit(data: Path) -> None:
        edit_yaml(data / "package.yaml", lambda p: p.update(coverage={"start": start, "end": end}))
        for name in ("control.yaml", "events.yaml", "place_control.yaml", "post_counts.yaml"):
            edit_yaml(data / name, lambda records: [
                r | {"date": start} if str(r["date"]) == "2000-01-01" else r for r in records
                if str(r["date"]) <= end])
        for name in ("corridor.yaml", "periods.yaml", "positions.yaml"):
            if end < "2020-11-10":
                edit_yaml(data / name, lambda records: [])
        if end < "2020-12-01":  # the profile's inferred areas' dates (default_on, contact_date) fall after it
            edit_yaml(data / "profile.yaml", lambda profile: profile.pop("inferred", None) and None)
    return edit


def provenance(value: object) -> Callable[[Path], None]:
    def edit(data: Path) -> None:
        collection = json.loads((data / "districts.geojson").read_text(encoding="utf-8"))
        collection["provenance"] = value
        (data / "districts.geojson").write_text(json.dumps(collection), encoding="utf-8")
    return edit


def label(text: str) -> Callable[[Path], None]:
    def edit(data: Path) -> None:
        collection = json.loads((data / "districts.geojson").read_text(encoding="utf-8"))
        collection["features"][0]["properties"]["label"] = text
        (data / "districts.geojson").write_text(json.dumps(collection), encoding="utf-8")
    return edit


REFUSED = {
    "one-day coverage": (coverage("2000-01-01", "2000-01-01"), "package.yaml: record 'package', field 'coverage': "
                         "starts and ends on 2000-01-01; it must span at least two days"),
    "coverage from 0001": (coverage("0001-01-01", "2030-12-31"), "field 'coverage.start': 0001-01-01 is outside the "
                           "dates the app can show; allowed: 1700-01-01 to 2200-12-31"),
    "coverage to 9999": (coverage("2000-01-01", "9999-12-31"), "field 'coverage.end': 9999-12-31 is outside the "
                         "dates the app can show; allowed: 1700-01-01 to 2200-12-31"),
    "provenance.fixes null": (provenance({"source": "Natural Earth", "fixes": None}),
                              "districts.geojson: record '-', field 'provenance.fixes': None is not allowed; "
                              "expected a list of texts"),
    "provenance a list": (provenance(["Natural Earth"]), "districts.geojson: record '-', field 'provenance'"),
    "provenance.credit a number": (provenance({"credit": 5}), "field 'provenance.credit': must be text"),
    "lone surrogate in a label": (label("Al\ud800pha"), "districts.geojson: record 'AZ-AAA', field "
                                  "'properties.label': contains a lone surrogate"),
}


@pytest.mark.parametrize("package", list(REFUSED))
def test_what_the_app_could_not_show_validate_refuses_and_the_app_lists(mini, package):
    edit, message = REFUSED[package]
    edit(mini)
    for command in (["validate"], ["state", "2000-01-01", "--json"]):
        result = cli(*command, "--data", mini)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert message in result.stderr
    at = app(mini)
    assert "problem(s)" in at.error[0].value


ACCEPTED = {
    "two-day coverage": (coverage("2000-01-01", "2000-01-02"), "2000-01-02"),
    "coverage at the limits": (coverage("1700-01-01", "2200-12-31"), "2200-12-31"),
    "provenance with fixes": (provenance({"source": "Natural Earth", "fixes": ["AZ-AAA: renamed"]}), "2020-11-20"),
}


@pytest.mark.parametrize("package", list(ACCEPTED))
def test_what_validate_accepts_every_view_and_command_shows(mini, package):
    edit, last_day = ACCEPTED[package]
    edit(mini)
    assert cli("validate", "--data", mini).returncode == 0
    for command in (["state", last_day, "--json"], ["state", last_day], ["export", last_day, "--format", "csv"],
                    ["cite", last_day], ["export-site", mini.parent / "site"]):  # what shows dates
        result = cli(*command, "--data", mini)
        assert result.returncode == 0, (command, result.stderr)
    for view in VIEWS:
        app(mini, view)
