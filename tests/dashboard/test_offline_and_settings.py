"""Offline by default, pinned assets, and Streamlit's protections kept on."""

import hashlib
import json
import re
import sys
import tomllib
from pathlib import Path

import pytest

from dashboard import map as dashboard_map
from dashboard.bundle import GENERATED_DIR
from geo.mapcore import BASEMAP_DIR, CORE_SCRIPTS, CORE_STYLES, LEAFLET
from tools.harness import StreamlitServer

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "dashboard" / "static"
CDN = re.compile(r"cdn\.jsdelivr|cdnjs\.cloudflare|unpkg\.com|code\.jquery\.com|bootstrapcdn|d3js\.org|googleapis")


def test_no_cdn_in_the_app_code_and_assets():
    files = [*ROOT.joinpath("dashboard").glob("*.py"), *STATIC.glob("*.js"), *STATIC.glob("*.css")]
    assert len(files) >= 8
    for path in files:
        assert not CDN.search(path.read_text(encoding="utf-8")), path


def test_the_map_loads_only_local_assets():
    [(_, leaflet), (_, core)] = dashboard_map.OfflineMap.default_css
    # Leaflet's styles (and the images they name) from the map core's files, which the app serves where geo is.
    assert dashboard_map.MAP_FILES.path == str(ROOT / "geo" / "mapcore" / "static")
    assert leaflet == f"../{dashboard_map.MAP_FILES.name}/vendor/leaflet-1.9.4/leaflet.css"
    assert (LEAFLET / "leaflet.css").is_file()
    # The map core's styles, as the static edition loads them, from the generated files.
    assert core.startswith(dashboard_map.GENERATED + "/map-"), core
    served = GENERATED_DIR / core.rsplit("/", 1)[1]
    assert served.read_text(encoding="utf-8") == CORE_STYLES.read_text(encoding="utf-8")
    [(_, script)] = dashboard_map.OfflineMap.default_js  # the app's static scripts joined (next test)
    assert script.startswith(dashboard_map.GENERATED + "/map-"), script


def test_the_maps_one_script_is_leaflet_the_map_core_and_the_apps_host_in_order():
    [(_, script)] = dashboard_map.OfflineMap.default_js
    joined = (GENERATED_DIR / script.rsplit("/", 1)[1]).read_text(encoding="utf-8")
    assert (LEAFLET / "leaflet.js", *CORE_SCRIPTS, STATIC / "kcm-app-host.js") == dashboard_map.MAP_SCRIPTS
    assert joined == "\n;\n".join(path.read_text(encoding="utf-8") for path in dashboard_map.MAP_SCRIPTS)


def test_the_basemap_the_map_asks_for_is_served_by_the_app(tmp_path):
    assert BASEMAP_DIR == ROOT / "geo" / "mapcore" / "static" / "basemap"
    served_at = dashboard_map.basemap_url(BASEMAP_DIR)  # the package's folder, a component of its own
    assert served_at is not None and served_at.startswith("../dashboard.map.basemap-")
    assert served_at.endswith("/index.json")
    assert dashboard_map.basemap_url(tmp_path) is None and dashboard_map.basemap_url(None) is None  # none built
    index = json.loads((BASEMAP_DIR / "index.json").read_text(encoding="utf-8"))
    files = [index["relief"]["image"], *index["layers"]]
    assert len(files) == 4
    for name in files:
        assert (BASEMAP_DIR / name).is_file(), name


def test_vendored_leaflet_matches_its_pinned_sums():
    folder = LEAFLET
    sums = [line.split() for line in (folder / "SHA256SUMS").read_text().splitlines() if line.strip()]
    assert {name for _, name in sums} >= {"leaflet.js", "leaflet.css", "LICENSE"}
    for digest, name in sums:
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name


def test_streamlit_protections_stay_on_and_nothing_phones_home():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableCORS"] is True
    assert config["server"]["enableStaticServing"] is True
    assert config["server"]["headless"] is True
    assert config["browser"]["gatherUsageStats"] is False


def test_the_launcher_sets_what_config_toml_sets_whatever_the_working_directory():
    """config.toml is read only from the working directory; `python -m dashboard` passes every one of its
    settings as flags, so an app started elsewhere (an installed one) neither stalls under bursts nor resends
    the page, serves its static files, and neither asks for an email, opens a browser nor lets Streamlit
    collect usage statistics. (Before, only the runner, cache and data-export settings were passed.)"""
    from dashboard.__main__ import CONFIG_FLAGS

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    passed = dict(zip(CONFIG_FLAGS[::2], CONFIG_FLAGS[1::2], strict=True))
    in_file = {f"--{section}.{key}": str(value).lower() for section, table in config.items()
               for key, value in table.items()}
    assert len(in_file) == 10
    assert {flag: value.lower() for flag, value in passed.items()} == in_file
    assert float(passed["--global.minCachedMessageSize"]) <= 1000


LAUNCH = """
import json, sys
import streamlit.web.cli as cli
import dashboard.__main__ as launcher
import dashboard.warmup
seen = {}
def fake_streamlit_main():
    from streamlit.components.v2 import manifest_scanner
    seen["geo_imported"] = any(name == "geo" or name.startswith("geo.") for name in sys.modules)
    seen["manifest_scan"] = manifest_scanner.scan_component_manifests.__module__
    seen["argv"] = list(sys.argv)
    return 0
cli.main = fake_streamlit_main
dashboard.warmup.start = lambda *args: None
launcher.main(sys.argv[1:])
print(json.dumps(seen))
"""


def test_the_launcher_starts_the_server_before_loading_the_data_code():
    """`geo` (its schemas, pydantic, the loaders) costs about 0.3 s to import: the warm-up does it once the
    server listens, so the browser can already fetch the page. The script gets --data only if given."""
    import subprocess
    import sys

    def launch(*args: str) -> dict:
        done = subprocess.run([sys.executable, "-c", LAUNCH, *args], cwd=ROOT, capture_output=True, text=True,
                              timeout=60, check=True)
        return json.loads(done.stdout.strip().splitlines()[-1])

    plain = launch("--server.port", "8599")
    assert plain["geo_imported"] is False
    assert plain["manifest_scan"] == "dashboard.__main__"  # skipped: see the next test
    assert "--data" not in plain["argv"] and plain["argv"][1:3] == ["run", str(ROOT / "dashboard" / "app.py")]
    assert plain["argv"][plain["argv"].index("--server.port") + 1] == "8599"
    given = launch("--data", "/some/package")
    assert given["argv"][-3:] == ["--", "--data", "/some/package"]


WARM_UP = """
import json, socket, sys, time
from dashboard import warmup
listening = socket.socket(); listening.bind(("127.0.0.1", 0)); listening.listen()
warmup.start(sys.argv[1], listening.getsockname()[1])
waited = time.perf_counter()
warmup.wait()
waited = time.perf_counter() - waited
from dashboard.bundle import build_bundle
built = time.perf_counter()
build_bundle(sys.argv[1])
print(json.dumps({"waited": waited, "bundle_after_wait": time.perf_counter() - built,
                  "imported": [m for m in ("folium", "pandas", "shapely", "geo") if m in sys.modules]}))
"""


def test_no_installed_package_ships_a_component_manifest_the_launcher_would_skip():
    """The launcher skips Streamlit's scan for "v2" component manifests before the server listens; the real
    scan finds none here, so skipping it loses nothing. (A dependency that adds one fails this test.)"""
    from tests.conftest import REAL_MANIFEST_SCAN  # the tests skip the scan, as the launcher does

    assert REAL_MANIFEST_SCAN() == []


def test_the_first_run_waits_for_the_warm_up_instead_of_importing_alongside_it():
    """Two threads importing shapely at once once failed a cold start ("cannot import name 'BaseGeometry'
    from partially initialized module"): the script waits for the launcher's warm-up, then finds its
    imports done and the bundle built."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", WARM_UP, str(ROOT / "geo" / "data")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=True)
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["imported"] == ["folium", "pandas", "shapely", "geo"]
    assert seen["waited"] > 0.2, "wait() returned before the warm-up had imported anything"
    assert seen["bundle_after_wait"] < 0.05, "the bundle was built again after the warm-up"


def test_the_script_waits_for_the_warm_up_before_its_own_imports():
    """Every import of the app's own modules comes after `warmup.wait()` in dashboard/app.py."""
    import ast

    tree = ast.parse((ROOT / "dashboard" / "app.py").read_text(encoding="utf-8"))
    waits = [node.lineno for node in tree.body if isinstance(node, ast.Expr) and ast.unparse(node) == "warmup.wait()"]
    assert len(waits) == 1
    own = [node.lineno for node in tree.body if isinstance(node, ast.ImportFrom)
           and (node.module or "").split(".")[0] in ("dashboard", "geo")
           and not (node.module == "dashboard" and [a.name for a in node.names] == ["warmup"])]
    assert own and min(own) > waits[0]


def test_without_the_launcher_nothing_is_awaited():
    """Under `streamlit run` or AppTest no warm-up was started: the script goes on at once."""
    import time

    from dashboard import warmup

    started = time.perf_counter()
    warmup.wait()
    assert time.perf_counter() - started < 0.05


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc (uvloop is not installed on Windows)")
def test_the_server_runs_on_uvloop():
    """Streamlit's server (uvicorn) takes uvloop when it is installed: the first map shows about 0.3 s sooner than
    on asyncio's own loop (README, Performance). A Streamlit that stopped taking it would lose that unseen."""
    server = StreamlitServer()
    try:
        assert "uvloop" in Path(f"/proc/{server.process.pid}/maps").read_text()
    finally:
        server.stop()
