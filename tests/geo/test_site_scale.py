"""The static edition at scale (issue 20, item 6): a settlement's timeline and the Claims list's rows are split so
the first load stays small, the claims of each day come from one pass, and a package whose api/state files would be
over their budget is refused unless exported --without-date-files, which api/ and the page then say."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from geo import Timeline, load_package
from geo import claims as C
from geo.errors import ExportRefused
from geo.frames import frame_dates
from geo.site import export_site
from geo.site.api import STATE_FILES_OMITTED
from geo.site.cite import CITE_OMITTED
from geo.site.runs import INFERRED_OMITTED

ROOT = Path(__file__).resolve().parents[2]


def first_load_gzip(site: Path) -> int:
    """What a browser fetches to show the page (index.html and the assets it names), gzipped."""
    index = (site / "index.html").read_text(encoding="utf-8")
    paths = [site / "index.html", *(site / ref for ref in re.findall(r'(?:src|href)="(assets/[^"?#]+)"', index))]
    return sum(len(gzip.compress(p.read_bytes(), 6)) if p.suffix != ".png" else p.stat().st_size for p in paths)


def page_data(site: Path) -> dict:
    script = next((site / "assets").glob("kcm-data.*.js")).read_text(encoding="utf-8")
    return json.loads(json.loads(script.removeprefix("window.KCM_DATA = JSON.parse(").removesuffix(");\n")))


@pytest.mark.parametrize("data", [None, "mini"])
def test_the_claims_of_each_day_are_those_of_that_day_alone(data, mini):
    package = load_package(mini) if data else load_package()
    days = C.claims_by_day(package)
    assert days and sum(len(rows) for rows in days.values()) == len(
        C.claims_between(package, package.coverage_start, package.coverage_end))
    for day, rows in days.items():
        assert rows == C.claims_between(package, day, day), day


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """1,000 settlements in 10 districts with 3,100 changes over 30 years: 2,500 stop dates."""
    from bench.synthetic import make_package

    return make_package(tmp_path_factory.mktemp("large"), 10, 100, settlements=1_000, place_changes=3_000)


def test_a_large_package_exports_with_a_small_first_load(large, tmp_path):
    """The page held a frame per stop date with every settlement's code and sentence, and every panel and claim:
    at this size 2,500 stops x 1,000 settlements: its data script alone was 97.5 MB (22 MB gzipped) and took
    251 s to make. Measured after the split: 123 kB gzipped."""
    package = load_package(large)
    timeline = Timeline(package)
    out = tmp_path / "site"
    report = export_site(package, out, date_files=False)
    assert len(frame_dates(timeline)) > 2_000
    assert first_load_gzip(out) < 150_000
    assert report.first_load_gzip < 150_000  # what --without-date-files holds to FIRST_LOAD_LIMIT (1.5 MB)
    data = page_data(out)
    assert data["places"] is None and len(data["placeChunks"]["files"]) == 2  # 500 settlements a chunk
    assert data["claims"]["rows"] is None and len(data["claims"]["chunks"]) == 31  # a year a chunk
    chunks = sorted(p.name for p in (out / "assets").glob("kcm-chunk-*.js"))
    assert chunks == sorted([*data["placeChunks"]["files"], *data["claims"]["chunks"].values()])
    assert report.chunk_bytes == sum((out / "assets" / name).stat().st_size
                                     + (out / "assets" / f"{name}.gz").stat().st_size for name in chunks)
    assert data["frames"]["inferredOmitted"] == INFERRED_OMITTED.format(n=2_000)  # said on the page's switch
    assert data["cite"]["index"] is None and data["cite"]["unavailable"] == CITE_OMITTED


def test_a_package_with_too_many_state_files_is_refused_unless_asked(large, tmp_path):
    out = tmp_path / "site"
    with pytest.raises(ExportRefused, match="--without-date-files") as refused:
        export_site(load_package(large), out)
    assert "GB" in str(refused.value) or "MB" in str(refused.value)
    assert not out.exists() or not any(out.iterdir())  # refused before anything was written


def test_without_date_files_api_lists_the_dates_and_says_why_there_are_no_files(mini, tmp_path):
    out = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "geo", "export-site", out, "--data", mini,
                             "--without-date-files"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "--without-date-files: no api/state/DATE.json files" in result.stdout
    assert "first load (gzip): 0." in result.stdout
    index = json.loads((out / "api" / "index.json").read_text(encoding="utf-8"))
    timeline = Timeline(load_package(mini))
    assert index["dates"] == [{"date": d.isoformat()} for d in frame_dates(timeline)]
    assert index["state_files"] == STATE_FILES_OMITTED
    assert not (out / "api" / "state").exists() and not (out / "cite").exists()
    assert (out / "api" / "intervals.geojson").exists()
    # The default export of the same package writes them, as before.
    full = tmp_path / "full"
    export_site(load_package(mini), full)
    assert len(list((full / "api" / "state").glob("*.json"))) == len(index["dates"])
