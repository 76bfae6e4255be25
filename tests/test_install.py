"""The packages work installed: everything they read at run time is inside them, found wherever they are.

An install is imitated offline by copying the packages as a wheel carries them (links followed: geo/seeds
becomes a folder of the seeds) into a folder of their own, run from another folder. tools/check_wheel.py (run
by CI) builds and installs the real wheel; its check of a wheel's contents is tested here too.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tools import check_wheel

pytestmark = pytest.mark.slow  # subprocesses per case: `make test` and CI run it, `make check` does not

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted(p.name for p in (ROOT / "seeds").iterdir())


def install(site: Path, *packages: str) -> dict[str, str]:
    """The packages copied into `site` (links followed, as in the wheel); the environment that imports them
    from there, with a HOME of its own (no ~/.streamlit)."""
    for name in packages:
        shutil.copytree(ROOT / name, site / name, ignore=shutil.ignore_patterns("__pycache__"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "STREAMLIT"))}
    return env | {"PYTHONPATH": str(site), "HOME": str(site.parent / "home"), "PYTHONDONTWRITEBYTECODE": "1"}


def python(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_the_seeds_reach_the_geo_package_through_a_link_and_nothing_is_added_to_seeds():
    link = ROOT / "geo" / "seeds"
    assert link.is_symlink() and os.readlink(link) == "../seeds"
    assert len(SEEDS) == 6 and "index.yaml" in SEEDS  # the five articles and their index: nothing added
    assert sorted(p.name for p in link.iterdir()) == SEEDS


def test_geo_alone_validates_and_exports_from_another_folder(tmp_path):
    """Before, the data named its seeds ../../seeds (outside the package: 'seeds/index.yaml: file is missing')
    and the export read Leaflet and the basemap from dashboard/static."""
    site, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = install(site, "geo")
    where = python(["-c", "import geo; print(geo.__file__)"], elsewhere, env)
    assert Path(where.stdout.strip()) == site / "geo" / "__init__.py"
    done = python(["-m", "geo", "validate"], elsewhere, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "all seed quotes found verbatim" in done.stdout
    out = tmp_path / "out"
    done = python(["-m", "geo", "export-site", str(out)], elsewhere, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assets = {p.name.split(".")[0] for p in (out / "assets").iterdir()}
    assert {"leaflet", "kcm-core", "kcm-data", "relief"} <= assets
    assert not any(site.parent.joinpath(name).exists() for name in ("seeds", "dashboard"))


def test_the_app_runs_from_another_folder_and_serves_the_map_files(tmp_path):
    """`python -m dashboard` started outside the repository (no .streamlit/config.toml there) answers its
    health check and serves Leaflet, the basemap and every file its index names, and its components' files."""
    site, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = install(site, "geo", "dashboard")
    fetched = check_wheel.check_app(Path(sys.executable), elsewhere, env, tmp_path)
    assert f"{check_wheel.MAP_FILES}/basemap/relief.png" in fetched
    assert "/app/static/kcm-app-host.js" in fetched


def wheel_of(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return path


def test_the_wheel_check_wants_every_file_the_packages_read_with_the_repositorys_bytes(tmp_path):
    expected = check_wheel.expected_files()
    for name in SEEDS:
        digest = hashlib.sha256((ROOT / "seeds" / name).read_bytes()).hexdigest()
        assert expected[f"geo/seeds/{name}"] == digest  # the seeds byte for byte, through the link
    for rel in ("geo/mapcore/static/basemap/relief.png", "geo/mapcore/static/vendor/leaflet-1.9.4/leaflet.js",
                "geo/mapcore/kcm-core.js", "geo/site/static/kcm-static-host.js", "dashboard/static/kcm-app-host.js",
                "dashboard/static/kcm-scroll/index.html", "geo/data/package.yaml"):
        assert rel in expected, rel
    assert not any(rel.endswith(".py") or rel.startswith("seeds/") for rel in expected)

    contents = {rel: (ROOT / rel).read_bytes() for rel in expected}
    assert check_wheel.wheel_problems(wheel_of(tmp_path / "whole.whl", contents)) == []
    seed = f"geo/seeds/{SEEDS[0]}"
    broken = {rel: content for rel, content in contents.items() if rel != "geo/mapcore/static/basemap/index.json"}
    broken[seed] = contents[seed] + b" "
    assert check_wheel.wheel_problems(wheel_of(tmp_path / "broken.whl", broken)) == [
        "geo/mapcore/static/basemap/index.json is missing from the wheel",
        f"{seed} differs in the wheel from the repository's",
    ]


@pytest.mark.parametrize("module", ["geo/settings.py", "geo/basemap.py", "geo/site/__init__.py", "geo/cli.py"])
def test_geo_names_no_folder_outside_its_package(module):
    """Before, geo read dashboard/static by path and ../shared/data outside the repository."""
    text = (ROOT / module).read_text(encoding="utf-8")
    for outside in ('"dashboard"', "PROJECT_ROOT.parent", "PROJECT_ROOT /", '"shared"'):
        assert outside not in text, outside
