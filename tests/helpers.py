"""Helpers the test modules share (test modules do not import each other's helpers)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import http.server
import json
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo import check_package
from tests.conftest import edit_yaml
from tools.harness import map_frame, wait_for, wait_idle

ROOT = Path(__file__).resolve().parents[1]
Expect = tuple[str, str, str, str]  # file, record, field, words the message must contain

# A point well inside Aghdam district (10 km from its edge), 11 km from any settlement dot: a click or a hover
# there meets the district, not a dot (Aghdam town, 2 km from the point the tests used before, has a dot now).
IN_AGHDAM = (40.07, 47.003)

def rename(value: Any, old: str, new: str) -> Any:
    """`value` with every string equal to `old` replaced by `new`, at any depth."""
    if isinstance(value, dict):
        return {k: rename(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [rename(v, old, new) for v in value]
    return new if value == old else value


def hex_colour(css_colour: str) -> str:
    """'rgb(230, 159, 0)' or '#e69f00' -> '#E69F00'."""
    if css_colour.startswith("#"):
        return css_colour.upper()
    r, g, b = (int(n) for n in re.findall(r"\d+", css_colour)[:3])
    return f"#{r:02X}{g:02X}{b:02X}"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


@contextmanager
def file_server(folder: Path, host: str = "127.0.0.1") -> Iterator[str]:
    """`folder` served over HTTP on a free port of `host`: its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer((host, 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


# --- hostile packages (tests/geo/test_hostile_*.py) ------------------------------


def run_validate(data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geo", "validate", "--data", str(data_dir)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def snapshot(root: Path) -> dict[str, str]:
    """Every file and directory under `root` with its content hash: validation must change none."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(root.rglob("*"))}


def line(file: str, record: str, field: str) -> str:
    """The start of a problem's line as the CLI prints it."""
    return f"{file}: record {record!r}, field {field!r}"


def assert_problems(data_dir: Path, expected: list[Expect]) -> list:
    _, problems = check_package(data_dir)
    for file, record, field, words in expected:
        hits = [p.message for p in problems if (p.file, p.record, p.field) == (file, record, field)]
        assert hits, f"no problem for {line(file, record, field)} in:\n" + "\n".join(map(str, problems))
        assert any(words in m for m in hits), f"{words!r} not in {hits}"
    return problems


def assert_cli_rejected(result: subprocess.CompletedProcess[str], problems: list, expected: list[Expect]) -> None:
    """Exit code 1, no traceback, every problem listed, each expected one by file, record and field."""
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert f"{len(problems)} problem(s)" in result.stderr
    for file, record, field, words in expected:
        assert line(file, record, field) in result.stderr
        assert words in result.stderr
    assert max(len(x) for x in result.stderr.splitlines()) < 600, "a message echoes a huge value"


def assert_rejected(data_dir: Path, expected: list[Expect]) -> subprocess.CompletedProcess[str]:
    """`assert_problems` and `assert_cli_rejected`, and no file changed."""
    before = snapshot(data_dir.parent)
    problems = assert_problems(data_dir, expected)
    result = run_validate(data_dir)
    assert_cli_rejected(result, problems, expected)
    assert snapshot(data_dir.parent) == before
    return result


def sub(rel: str, old: str, new: str) -> Callable[[Path], None]:
    """Replace the first `old` in the file by `new`, as raw text (so YAML is written exactly as given)."""
    def mutate(data: Path) -> None:
        text = (data / rel).read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        (data / rel).write_text(text.replace(old, new, 1), encoding="utf-8")
    return mutate


def write(rel: str, content: str | bytes) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        if isinstance(content, bytes):
            (data / rel).write_bytes(content)
        else:
            (data / rel).write_text(content, encoding="utf-8")
    return mutate


def cut_before(rel: str, marker: str) -> Callable[[Path], None]:
    """Truncate the file just before `marker` (like a copy or download that stopped there)."""
    def mutate(data: Path) -> None:
        raw = (data / rel).read_bytes()
        (data / rel).write_bytes(raw[:raw.index(marker.encode())])
    return mutate


def recode(rel: str, encoding: str, old: str = "", new: str = "") -> Callable[[Path], None]:
    """Save the file in another encoding (characters it lacks become '?'), after an optional edit."""
    def mutate(data: Path) -> None:
        text = (data / rel).read_text(encoding="utf-8")
        (data / rel).write_bytes((text.replace(old, new, 1) if old else text).encode(encoding, errors="replace"))
    return mutate


def drop_properties(collection: dict) -> None:
    del collection["features"][1]["properties"]


def geojson(change: Callable[[dict], object]) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        path = data / "districts.geojson"
        collection = json.loads(path.read_text(encoding="utf-8"))
        result = change(collection)
        path.write_text(json.dumps(collection if result is None else result), encoding="utf-8")
    return mutate


def feature(index: int, **changes: object) -> Callable[[Path], None]:
    """Set (or with None, delete) keys of a feature; `props_KEY` sets KEY in its properties."""
    def change(collection: dict) -> None:
        feat = collection["features"][index]
        for key, value in changes.items():
            target, key = (feat["properties"], key[6:]) if key.startswith("props_") else (feat, key)
            if value is None:
                target.pop(key, None)
            else:
                target[key] = value
    return geojson(change)


def yaml_edit(rel: str, change: Callable[[object], object]) -> Callable[[Path], None]:
    return lambda data: edit_yaml(data / rel, change)


def both(*mutations: Callable[[Path], None]) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        for m in mutations:
            m(data)
    return mutate


def laughs(name: str, levels: int = 9) -> str:
    """YAML anchors that expand to 9**levels strings ("billion laughs" at 9 levels)."""
    lines = [f"  {name}0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"  {name}{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def link_seed_outside(data: Path) -> None:
    """seeds/alpha.txt becomes a link to an identical file beside seeds/ (so its hash still matches)."""
    seed = data.parent / "seeds" / "alpha.txt"
    outside = data.parent / "outside.txt"
    outside.write_bytes(seed.read_bytes())
    seed.unlink()
    seed.symlink_to(outside)


def grow(rel: str, size: int) -> Callable[[Path], None]:
    """Pad the file with a YAML comment to `size` bytes: still valid, only too large."""
    def mutate(data: Path) -> None:
        raw = (data / rel).read_bytes() + b"# "
        (data / rel).write_bytes(raw + b"x" * (size - len(raw) - 1) + b"\n")
    return mutate


def grow_seed(size: int) -> Callable[[Path], None]:
    """Pad seeds/alpha.txt to `size` bytes and record its new SHA-256: valid but for its size."""
    def mutate(data: Path) -> None:
        seed = data.parent / "seeds" / "alpha.txt"
        old = hashlib.sha256(seed.read_bytes()).hexdigest()
        seed.write_bytes(seed.read_bytes() + b" " * (size - seed.stat().st_size))
        sub("../seeds/index.yaml", old, hashlib.sha256(seed.read_bytes()).hexdigest())(data)
    return mutate


SQUARE = [[[46.0, 40.0], [46.1, 40.0], [46.1, 40.1], [46.0, 40.1], [46.0, 40.0]]]
GARBAGE = bytes(range(256)) * 8
HEADER = "geonameid,name,country,population,latitude,longitude\n"
PLACES = HEADER + "1,Alphaville,AZ,1000,40.05,46.05\n2,Betatown,AZ,2000,40.05,46.15\n3,Border,AM,300,40.05,45.95\n"


@dataclass(frozen=True)
class Case:
    id: str
    mutate: Callable[[Path], None]
    expected: list[Expect]


# --- both editions, driven alike (tests/browser/test_both_editions*.py) ------------------------------

STATIC_READY = "() => !!(window.kcmExport && window.kcmExport.ready)"
STATIC_DATA_PREFIX, STATIC_DATA_SUFFIX = "window.KCM_DATA = JSON.parse(", ");\n"


@dataclass
class Edition:
    """How a test drives one edition: open it, reach the document its map is drawn in, move the date, point at
    the map, read its side panel, and serve it broken data."""

    name: str  # "app" or "static"
    recorder: Any  # tools.harness.PageRecorder
    base: str
    map: Any = None  # the document the map is drawn in: the app's map frame, the static page itself

    @property
    def page(self) -> Any:
        return self.recorder.page

    def open(self, date: str, more: str = "") -> None:
        """Open the edition at `date` (`more`: further address parameters, e.g. "&district=AZ-KAL")."""
        if self.name == "app":
            self.page.goto(f"{self.base}/?date={date}{more}")
            self.map = map_frame(self.page)
            wait_idle(self.page)
        else:
            self.page.goto(f"{self.base}/index.html?date={date}{more}")
            self.page.wait_for_function(STATIC_READY, timeout=15000)
            self.map = self.page

    def date(self) -> str:
        return self.map.get_attribute(".leaflet-container", "data-date")

    def wait_date(self, date: str) -> None:
        wait_for(self.map, f"document.querySelector('.leaflet-container').getAttribute('data-date') === '{date}'")
        if self.name == "app":
            wait_idle(self.page)

    def show(self, date: str) -> None:
        """Go to a date as a reader types it (the app's date box) or drags the slider (the static page)."""
        if self.name == "app":
            box = self.page.get_by_role("textbox", name="Go to date")
            box.fill(date)
            box.press("Enter")
        else:
            start = self.page.evaluate("KCM_DATA.start")
            days = (dt.date.fromisoformat(date) - dt.date.fromisoformat(start)).days
            self.page.fill("#kcm-slider", str(days))
        self.wait_date(date)

    def press_on_slider(self, key: str, date_after: str) -> None:
        """A key on the date slider (the mouse stays where it is); waits until the map shows `date_after`."""
        slider = self.page.get_by_role("slider") if self.name == "app" else self.page.locator("#kcm-slider")
        slider.focus()
        slider.press(key)
        self.wait_date(date_after)

    def panel_text(self) -> str:
        if self.name == "app":
            return self.page.locator("[class*='st-key-kcm-panel-']").first.inner_text(timeout=20000)
        return self.page.locator("#kcm-panel-body").inner_text()

    def set_view(self, lat_lon: tuple[float, float], zoom: float) -> None:
        self.map.evaluate("([lat, lon, zoom]) => (window.kcm ? kcm.map : kcmExport.map).setView([lat, lon], zoom, "
                          "{animate: false})", [*lat_lon, zoom])

    def on_screen(self, lat_lon: tuple[float, float]) -> tuple[float, float]:
        """Where a point of the map is in the page (the map scrolled into view)."""
        frame = self.page.locator("iframe[src*='streamlit_folium']") if self.name == "app" else None
        (frame if frame is not None else self.page.locator(".leaflet-container")).scroll_into_view_if_needed()
        x, y = self.map.evaluate("([lat, lon]) => { const m = window.kcm ? kcm.map : kcmExport.map, "
                                 "p = m.latLngToContainerPoint([lat, lon]), "
                                 "r = m.getContainer().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }",
                                 list(lat_lon))
        if frame is not None:
            box = frame.bounding_box()
            x, y = x + box["x"], y + box["y"]
        return x, y

    def hover(self, lat_lon: tuple[float, float]) -> str:
        """Move the mouse onto a point of the map: the tooltip's text."""
        self.away()
        x, y = self.on_screen(lat_lon)
        self.page.mouse.move(x - 3, y)
        self.page.mouse.move(x, y, steps=3)
        tooltip = self.map.locator(".leaflet-tooltip").first
        tooltip.wait_for(timeout=10000)
        return tooltip.inner_text()

    def tooltip(self) -> str:
        return self.map.locator(".leaflet-tooltip").first.inner_text()

    def away(self) -> None:
        """The mouse leaves the map: its tooltips close."""
        self.page.mouse.move(1, 1)
        self.map.wait_for_function("() => !document.querySelector('.leaflet-tooltip')", timeout=10000)

    def serve_broken(self, breaking: Callable[[dict], None], whole_site: bool = False) -> None:
        """Serve the edition's map data with `breaking` applied: the app's generated map-data file, the static
        edition's data script (whose `map` is the same map data; `whole_site`: break the page's data as a whole)."""
        def app_data(route: Any) -> None:
            data = json.loads(route.fetch().text())
            breaking(data)
            route.fulfill(body=json.dumps(data), content_type="application/json")

        def static_data(route: Any) -> None:
            text = route.fetch().text()
            site = json.loads(json.loads(text.removeprefix(STATIC_DATA_PREFIX).removesuffix(STATIC_DATA_SUFFIX)))
            breaking(site if whole_site else site["map"])
            route.fulfill(body=f"{STATIC_DATA_PREFIX}{json.dumps(json.dumps(site))}{STATIC_DATA_SUFFIX}",
                          content_type="text/javascript")

        if self.name == "app":
            self.page.route("**/map-data-*.json", app_data)
        else:
            self.page.route("**/assets/kcm-data.*.js", static_data)
