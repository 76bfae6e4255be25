"""Offline by default, pinned assets, and Streamlit's protections kept on."""

import hashlib
import json
import re
import tomllib
from pathlib import Path

from dashboard import map as dashboard_map

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "dashboard" / "static"
CDN = re.compile(r"cdn\.jsdelivr|cdnjs\.cloudflare|unpkg\.com|code\.jquery\.com|bootstrapcdn|d3js\.org|googleapis")


def test_no_cdn_in_the_app_code_and_assets():
    files = [*ROOT.joinpath("dashboard").glob("*.py"), *STATIC.glob("*.js"), *STATIC.glob("*.css")]
    assert len(files) >= 8
    for path in files:
        assert not CDN.search(path.read_text(encoding="utf-8")), path


def test_the_map_loads_only_local_assets():
    for _, url in (*dashboard_map.OfflineMap.default_js, *dashboard_map.OfflineMap.default_css):
        assert url.startswith("../../app/static/"), url
        assert (STATIC / url.removeprefix("../../app/static/")).is_file(), url


def test_the_basemap_the_map_asks_for_is_served_by_the_app():
    assert dashboard_map.BASEMAP_INDEX == "../../app/static/basemap/index.json"
    index = json.loads((STATIC / "basemap" / "index.json").read_text(encoding="utf-8"))
    files = [index["relief"]["image"], *index["layers"]]
    assert len(files) == 4
    for name in files:
        assert (STATIC / "basemap" / name).is_file(), name


def test_vendored_leaflet_matches_its_pinned_sums():
    folder = STATIC / "vendor" / "leaflet-1.9.4"
    sums = [line.split() for line in (folder / "SHA256SUMS").read_text().splitlines() if line.strip()]
    assert {name for _, name in sums} >= {"leaflet.js", "leaflet.css", "LICENSE"}
    for digest, name in sums:
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name


def test_streamlit_protections_stay_on_and_nothing_phones_home():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableCORS"] is True
    assert config["server"]["enableStaticServing"] is True
    assert config["browser"]["gatherUsageStats"] is False


def test_the_launcher_sets_what_config_toml_sets_whatever_the_working_directory():
    """config.toml is read only from the working directory; `python -m dashboard` passes the same
    settings as flags, so an app started elsewhere neither stalls under bursts nor resends the page."""
    from dashboard.__main__ import CACHE_FLAGS, RUNNER_FLAGS

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    flags = [*RUNNER_FLAGS, *CACHE_FLAGS]
    passed = dict(zip(flags[::2], flags[1::2], strict=True))
    in_file = {f"--{section}.{key}": str(value).lower() for section in ("runner", "global")
               for key, value in config[section].items()}
    assert {flag: value.lower() for flag, value in passed.items()} == in_file
    assert float(passed["--global.minCachedMessageSize"]) <= 1000
