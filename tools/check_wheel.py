"""The package installs: build the wheel, install it into a fresh venv outside the repository, and run it there.

`python3 tools/check_wheel.py [--keep]` (CI runs it before the tests; it needs only the standard library and
the network for the dependencies, which pip takes from its cache when it can):

1. builds the wheel from a copy of the repository's tracked files (an in-tree build would leave build/ in the
   repository and could carry a stale file from it into the wheel);
2. checks the wheel carries every tracked file the packages read (every non-Python file under geo/ and
   dashboard/, the seeds through the geo/seeds link) with the same bytes;
3. installs it with its dependencies into a new venv and, from a folder that is not the repository, checks
   the packages are the installed ones and runs `python -m geo validate`, `python -m geo export-site` and
   `python -m dashboard`, whose health check and served files (Leaflet, the basemap and every file its index
   names, the app's own static files and components) it fetches and compares with the repository's.

Any failure ends it with "check-wheel: FAILED: ..." and exit status 1.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("geo", "dashboard")
# What a build needs besides the packages: the project's metadata, its readme and licence, the seeds (geo/seeds).
BUILD_INPUTS = ("pyproject.toml", "README.md", "LICENSE", "seeds", *PACKAGES)
MAP_FILES = "/component/dashboard.map.mapfiles"  # geo/mapcore/static, served by the app (dashboard/map.py)
START_LIMIT_S = 120


class Failed(Exception):
    pass


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 900) -> str:
    """Run a command; its output on failure, in the error."""
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise Failed(f"`{' '.join(cmd)}` (in {cwd}) exited with {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def tracked_files() -> list[str]:
    out = run(["git", "ls-files", "-z", "--", *BUILD_INPUTS], cwd=ROOT)
    return [name for name in out.split("\0") if name]


def copy_sources(dest: Path) -> None:
    """The tracked build inputs, links kept as links (geo/seeds must stay one, as in the repository)."""
    for name in tracked_files():
        source, target = ROOT / name, dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            target.symlink_to(os.readlink(source))
        else:
            shutil.copyfile(source, target)


def expected_files() -> dict[str, str]:
    """Path in the wheel -> sha256 of every tracked non-Python file under the packages, links followed."""
    expected = {}
    for name in tracked_files():
        path = ROOT / name
        if name.split("/")[0] not in PACKAGES or name.endswith(".py"):
            continue
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            rel = name if file == path else f"{name}/{file.relative_to(path).as_posix()}"
            expected[rel] = hashlib.sha256(file.read_bytes()).hexdigest()
    return expected


def wheel_problems(wheel: Path) -> list[str]:
    """What the wheel lacks or carries differently from the repository (empty: all there)."""
    with zipfile.ZipFile(wheel) as archive:
        inside = {name: hashlib.sha256(archive.read(name)).hexdigest() for name in archive.namelist()}
    problems = []
    expected = expected_files()
    for rel, digest in sorted(expected.items()):
        if rel not in inside:
            problems.append(f"{rel} is missing from the wheel")
        elif inside[rel] != digest:
            problems.append(f"{rel} differs in the wheel from the repository's")
    for needed in ("geo/seeds/index.yaml", "geo/mapcore/static/basemap/index.json",
                   "geo/mapcore/static/vendor/leaflet-1.9.4/leaflet.js", "geo/mapcore/kcm-core.js",
                   "dashboard/static/kcm-app-host.js"):
        if needed not in expected:
            problems.append(f"{needed} is not a tracked file of the repository (check this list)")
    return problems


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> bytes | None:
    """The body of a 200 answer, else None."""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return bytes(answer.read()) if answer.status == 200 else None
    except (urllib.error.URLError, OSError):
        return None


def fetch_until(url: str, deadline: float, process: subprocess.Popen[bytes], log: Path) -> bytes:
    """Poll until the server answers `url` with 200 (components are registered once the server listens)."""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise Failed(f"the app exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        body = fetch(url)
        if body is not None:
            return body
        time.sleep(0.2)
    raise Failed(f"no answer 200 from {url} within {START_LIMIT_S} s; the app's log:\n"
                 f"{log.read_text(errors='replace')}")


def check_app(python: Path, cwd: Path, env: dict[str, str], work: Path) -> list[str]:
    """Start the installed app from `cwd`; its health check and the files it serves. Returns what it fetched."""
    port = free_port()
    log = work / "app.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([str(python), "-m", "dashboard", "--server.port", str(port)], cwd=cwd, env=env,
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + START_LIMIT_S
        base = f"http://127.0.0.1:{port}"
        if fetch_until(f"{base}/_stcore/health", deadline, process, log).strip() != b"ok":
            raise Failed("the app's health check did not answer ok")
        static = ROOT / "geo" / "mapcore" / "static"
        wanted = {f"{MAP_FILES}/basemap/index.json": static / "basemap" / "index.json",
                  f"{MAP_FILES}/vendor/leaflet-1.9.4/leaflet.js": static / "vendor" / "leaflet-1.9.4" / "leaflet.js",
                  f"{MAP_FILES}/vendor/leaflet-1.9.4/leaflet.css": static / "vendor" / "leaflet-1.9.4" / "leaflet.css",
                  "/component/dashboard.scroll.kcm_scroll/index.html": ROOT / "dashboard/static/kcm-scroll/index.html",
                  "/app/static/kcm-app-host.js": ROOT / "dashboard" / "static" / "kcm-app-host.js"}
        index = json.loads(wanted[f"{MAP_FILES}/basemap/index.json"].read_text(encoding="utf-8"))
        for name in [index["relief"]["image"], *index["layers"]]:
            wanted[f"{MAP_FILES}/basemap/{name}"] = static / "basemap" / name
        for path, file in wanted.items():
            if fetch_until(base + path, deadline, process, log) != file.read_bytes():
                raise Failed(f"the app served {path} with other bytes than {file.relative_to(ROOT)}")
        return ["/_stcore/health", *wanted]
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the session started for it: the app and nothing else
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def check(work: Path) -> None:
    started = time.monotonic()
    source, dist, venv, elsewhere = work / "source", work / "dist", work / "venv", work / "elsewhere"
    for folder in (source, dist, elsewhere):
        folder.mkdir()
    copy_sources(source)
    run([sys.executable, "-m", "venv", str(venv)], cwd=work)
    python = venv / "bin" / "python"
    run([str(python), "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(dist), str(source)], cwd=work)
    [wheel] = dist.glob("*.whl")
    built = time.monotonic()
    print(f"check-wheel: built {wheel.name} ({wheel.stat().st_size / 1e6:.2f} MB) in {built - started:.0f} s")
    problems = wheel_problems(wheel)
    if problems:
        raise Failed("the wheel lacks what the packages read:\n  " + "\n  ".join(problems))
    run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], cwd=work)
    installed = time.monotonic()
    print(f"check-wheel: installed it with its dependencies in {installed - built:.0f} s")

    # A clean environment: no PYTHONPATH, no user site, a HOME of its own (no ~/.streamlit), not the repository.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "STREAMLIT"))}
    env |= {"HOME": str(work / "home"), "PYTHONNOUSERSITE": "1"}
    where = run([str(python), "-c", "import geo, dashboard; print(geo.__file__); print(dashboard.__file__)"],
                cwd=elsewhere, env=env).split()
    site = venv.resolve()
    if not all(Path(p).resolve().is_relative_to(site) for p in where):
        raise Failed(f"the packages imported are not the installed ones: {where}")
    print("check-wheel: " + run([str(python), "-m", "geo", "validate"], cwd=elsewhere, env=env).strip())
    out = work / "site"
    print("check-wheel: " + run([str(python), "-m", "geo", "export-site", str(out)], cwd=elsewhere, env=env).strip())
    assets = sorted(p.name for p in (out / "assets").iterdir())
    for stem in ("leaflet.", "kcm-core.", "kcm-data.", "relief."):
        if not any(name.startswith(stem) for name in assets):
            raise Failed(f"the exported site has no {stem}* in assets/: {assets}")
    fetched = check_app(python, elsewhere, env, work)
    print(f"check-wheel: the installed app answered {len(fetched)} requests "
          f"({', '.join(fetched[:3])}, ...) with the repository's bytes")
    print(f"check-wheel: OK in {time.monotonic() - started:.0f} s")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the work folder (its path is printed)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="kcm-check-wheel-"))
    try:
        check(work)
        return 0
    except (Failed, subprocess.TimeoutExpired) as exc:
        print(f"check-wheel: FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"check-wheel: work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
