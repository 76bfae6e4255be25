"""The static edition's api/: a state file per date on which something changes, the same bytes as
`python -m geo state DATE --json`, an index of them, and the intervals; all under the export's manifest."""

import datetime as dt
import gzip
import hashlib
import json
import subprocess
import sys
from pathlib import Path

from geo import Timeline, load_package
from geo.cli import main
from geo.site import API_SIZE_LIMIT, SIZE_LIMIT, export_site
from geo.site._publish import MANIFEST
from geo.statejson import state_json

ROOT = Path(__file__).resolve().parents[2]


def _cli_state(data: Path, date: str, tmp: Path) -> bytes:
    out = tmp / f"cli-{date}.json"
    assert main(["state", date, "--json", "--data", str(data), "--out", str(out)]) == 0
    return out.read_bytes()


def _check_api(site: Path, data: Path, dates: list[str] | None, tmp: Path) -> dict:
    api = site / "api"
    index = json.loads((api / "index.json").read_text(encoding="utf-8"))
    listed = [entry["date"] for entry in index["dates"]]
    for entry in index["dates"]:
        content = (api / entry["state"]).read_bytes()
        assert hashlib.sha256(content).hexdigest() == entry["sha256"]
        assert gzip.decompress((api / (entry["state"] + ".gz")).read_bytes()) == content
    for date in listed if dates is None else dates:
        assert (api / "state" / f"{date}.json").read_bytes() == _cli_state(data, date, tmp), date
    intervals = (api / "intervals.geojson").read_bytes()
    assert hashlib.sha256(intervals).hexdigest() == index["intervals"]["sha256"]
    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))["files"]
    api_files = {p.relative_to(site).as_posix() for p in api.rglob("*") if p.is_file()}
    assert api_files <= set(manifest)  # the same record, the same atomic switch as the page
    return index


def _without_day_counts(state: dict) -> dict:
    """The state minus what changes every day by itself (the date, the day number of an ongoing period)."""
    return {**state, "date": None, "ongoing": [{**x, "day": None} for x in state["ongoing"]]}


def test_mini_api_lists_every_day_something_changes_and_each_file_equals_the_cli(mini, tmp_path):
    site = tmp_path / "site"
    report = export_site(load_package(mini), site)
    assert 0 < report.api_bytes < report.total_bytes
    index = _check_api(site, mini, None, tmp_path)
    package = load_package(mini)
    timeline = Timeline(package)
    assert index["start"] == timeline.start.isoformat() and index["end"] == timeline.end.isoformat()
    # Every day of the covered range: the state changed from the day before exactly on a listed date.
    listed = {dt.date.fromisoformat(e["date"]) for e in index["dates"]}
    assert timeline.start in listed
    day, before = timeline.start, None
    while day <= timeline.end:
        state = _without_day_counts(state_json(package, timeline, day))
        if before is not None and state != before:
            assert day in listed, f"the state changes on {day}, which api/index.json does not list"
        before, day = state, day + dt.timedelta(days=1)
    features = json.loads((site / "api" / "intervals.geojson").read_text(encoding="utf-8"))["features"]
    assert features and all("start" in f["properties"] and "end_date" in f["properties"] for f in features)


def test_real_api_sample_equals_the_cli_and_keeps_the_budgets(tmp_path):
    site = tmp_path / "site"
    report = export_site(load_package(), site)
    assert report.page_bytes < SIZE_LIMIT and report.api_bytes < API_SIZE_LIMIT
    data = ROOT / "geo" / "data"
    index = _check_api(site, data, ["2020-11-10", "2020-11-20", "2023-09-20", "2024-06-13"], tmp_path)
    assert len(index["dates"]) > 50
    # One real subprocess: the CLI's stdout itself, byte for byte.
    date = index["dates"][len(index["dates"]) // 2]["date"]
    printed = subprocess.run([sys.executable, "-m", "geo", "state", date, "--json"], cwd=ROOT, capture_output=True,
                             timeout=120, check=True).stdout
    assert printed == (site / "api" / "state" / f"{date}.json").read_bytes()
