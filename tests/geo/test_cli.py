"""The CLI run as a user runs it: a subprocess, exit codes, stdout/stderr."""

import json
from pathlib import Path

from tests.conftest import edit_yaml
from tests.helpers import run

ROOT = Path(__file__).resolve().parents[2]


def test_validate_clean_exits_0(mini):
    result = run("validate", "--data", mini)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK:")


def test_validate_lists_all_problems_without_traceback(mini):
    edit_yaml(mini / "control.yaml", lambda d: d[0].update(kind="rumour"))
    edit_yaml(mini / "positions.yaml", lambda d: d[0].update(kind="bunker"))
    result = run("validate", "--data", mini)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "2 problem(s)" in result.stderr
    assert "control.yaml: record 'alpha-start', field 'kind'" in result.stderr
    assert "positions.yaml: record 'hq', field 'kind'" in result.stderr


def test_state_json_has_the_documented_shape(mini):
    result = run("state", "2020-11-15", "--json", "--data", mini)
    assert result.returncode == 0, result.stderr
    state = json.loads(result.stdout)
    assert state["date"] == "2020-11-15"
    alpha = state["districts"]["AZ-AAA"]
    assert alpha["name"] == "Alpha"
    assert (alpha["controller"], alpha["share"], alpha["pending_handover"]) == ("split", 0.6, "2020-11-20")
    assert alpha["peacekeeping_zone"] == "partly"  # the corridor runs through Alphaville (alpha-deadline)
    assert alpha["sources"] == ["alpha.txt", "ext-report"]
    assert state["positions"][0] | {"lat": 40.05, "lon": 46.15, "precision_m": 2000, "kind": "headquarters"} \
        == state["positions"][0]
    assert state["corridor"]["route_id"] == "road-1" and state["corridor"]["width_km"] == 5


def test_state_outside_range_and_bad_date_exit_1(mini):
    result = run("state", "1999-01-01", "--data", mini)
    assert result.returncode == 1 and "2000-01-01 to 2030-12-31" in result.stderr
    result = run("state", "20-11-2020", "--data", mini)
    assert result.returncode == 1 and "expected YYYY-MM-DD" in result.stderr


def test_state_on_invalid_data_exits_1_listing_problems(mini):
    edit_yaml(mini / "positions.yaml", lambda d: d[0].update(kind="bunker"))
    result = run("state", "2020-11-15", "--data", mini)
    assert result.returncode == 1 and "positions.yaml: record 'hq', field 'kind'" in result.stderr
    assert "Traceback" not in result.stderr


def test_citations_json(mini):
    result = run("citations", "--json", "--data", mini)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    seeds = [r for r in rows if r["seed"]]
    assert {r["seed"] for r in seeds} == {"alpha.txt"}
    assert all(r["quote"] for r in seeds)
    assert any(r["source_id"] == "ext-report" and r["seed"] is None for r in rows)
    assert len(rows) == 20  # 12 on districts, events, positions, routes; 8 on places, counts and periods
    assert any(r["claim"].startswith("place gamma: coordinate") and r["source_id"] == "wiki-gamma" for r in rows)


def test_state_takes_only_yyyy_mm_dd(mini):
    """Python 3.11's fromisoformat also reads week dates and the basic form; the CLI must not."""
    for written in ("2020-W46-2", "20201110", "2020-11-10T00:00", " 2020-11-10"):
        result = run("state", written, "--data", mini)
        assert result.returncode == 1, written
        assert "Traceback" not in result.stderr
        assert f"error: {written!r} is not a date; expected YYYY-MM-DD" in result.stderr
