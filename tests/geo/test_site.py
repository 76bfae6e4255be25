"""The static edition's files: what `python -m geo export-site` writes, without a browser."""

import gzip
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

from geo import Timeline, load_package
from geo.frames import frame_dates
from geo.quotes import quote_found
from geo.site import API_SIZE_LIMIT, SIZE_LIMIT, export_site

ROOT = Path(__file__).resolve().parents[2]


def _data(site: Path) -> dict:
    script = next((site / "assets").glob("kcm-data.*.js")).read_text(encoding="utf-8")
    return json.loads(json.loads(script.removeprefix("window.KCM_DATA = JSON.parse(").removesuffix(");\n")))


def test_export_site_cli_writes_hashed_assets_referenced_by_index(mini, tmp_path):
    out = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "geo", "export-site", out, "--data", mini], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    index = (out / "index.html").read_text(encoding="utf-8")
    refs = re.findall(r'(?:src|href)="([^"]+)"', index)
    assets = [r for r in refs if r.startswith("assets/")]
    assert len(assets) == 11 and not [r for r in refs if r not in assets and r != "./"]
    for ref in assets:  # the name carries the first 12 hex digits of the content's sha256
        content = (out / ref).read_bytes()
        assert hashlib.sha256(content).hexdigest()[:12] in ref
        assert gzip.decompress((out / f"{ref}.gz").read_bytes()) == content  # what nginx's gzip_static sends
    assert "<script>" not in index and "<style" not in index and " style=" not in index  # CSP: no inline code
    assert "default-src 'self'" in index
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    assert total < SIZE_LIMIT


def test_no_file_of_the_site_loads_from_another_host(tmp_path):
    out = tmp_path / "site"
    report = export_site(load_package(), out)
    assert report.page_bytes < SIZE_LIMIT and report.api_bytes < API_SIZE_LIMIT  # api/: a budget of its own
    for css in (out / "assets").glob("*.css"):  # Leaflet's comments name bug trackers; only url() loads
        assert not re.search(r"url\(\s*['\"]?(?:[a-z]+:)?//", css.read_text(encoding="utf-8")), css
    scripts = [path for name in ("kcm-static-host", "kcm-panel", "kcm-claims", "kcm-core")
               for path in (out / "assets").glob(f"{name}.*.js")]
    for path in [out / "index.html", *scripts]:
        assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", path.read_text(encoding="utf-8")), path


def test_a_new_export_removes_its_stale_assets_one_export_later_and_nothing_else(mini, tmp_path):
    out = tmp_path / "site"
    export_site(load_package(mini), out)
    stale = next((out / "assets").glob("kcm-data.*.js"))
    mine = out / "assets" / "kcm-data.000000000000.js"  # a file of the user's, named like an asset
    mine.write_text("mine", encoding="utf-8")
    for edit in ("# a later edit\n", "# another\n"):  # another data version each time: another data asset
        with open(mini / "events.yaml", "a", encoding="utf-8") as f:
            f.write(edit)
        export_site(load_package(mini), out)
        # Kept through the first re-export, for a reader who loaded the old page a moment before the switch.
        assert stale.exists() == (edit == "# a later edit\n") == stale.with_name(stale.name + ".gz").exists()
    assert mine.read_text(encoding="utf-8") == "mine"
    assert len(list((out / "assets").glob("kcm-data.*.js"))) == 3  # mine, the previous site's, the site's


def test_frames_cover_every_stop_and_the_first_day(mini, tmp_path):
    package = load_package(mini)
    timeline = Timeline(package)
    out = tmp_path / "site"
    export_site(package, out)
    data = _data(out)
    assert data["frames"]["dates"] == [d.isoformat() for d in frame_dates(timeline)]
    assert data["frames"]["dates"][0] == timeline.start.isoformat()
    assert data["dataVersion"].startswith("sha256:")
    quotes = {c[1] for d in data["districts"].values() for ch in d["changes"] for c in ch["citations"] if c[1]}
    seeds = package.seed_texts.values()
    assert quotes and all(any(quote_found(text, q) for text in seeds) for q in quotes)  # as in the seeds
