"""Driving the app in a browser: start `streamlit run` on a free port, launch Debian's Chromium, find the map,
block and record every request to another host.

Shared by the browser tests, the benchmarks and tools/screenshot.py (not test code: bench and tools import it).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
DASHBOARD = ROOT / "dashboard" / "app.py"
DEFAULT_DATA = ROOT / "geo" / "data"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class StreamlitServer:
    """`streamlit run dashboard/app.py` in a subprocess, stopped on exit."""

    def __init__(self, data_dir: Path | None = None, app: Path | None = None,
                 env: dict[str, str] | None = None, extra_flags: tuple[str, ...] = (),
                 cwd: Path = ROOT, preexec_fn: Callable[[], None] | None = None, port: int | None = None) -> None:
        app = app or DASHBOARD
        self.port = port or free_port()  # a given port: a replica restarted where its proxy expects it
        self.url = f"http://localhost:{self.port}"
        flags = ["--server.port", str(self.port), "--server.headless", "true", "--server.address", "127.0.0.1",
                 "--browser.gatherUsageStats", "false", "--server.enableStaticServing", "true",
                 "--server.fileWatcherType", "none", *extra_flags]
        if app == DASHBOARD:  # as `make run` starts it: the launcher warms imports and data while starting
            cmd = [sys.executable, "-m", "dashboard", *flags, "--data", str(data_dir or DEFAULT_DATA)]
        else:
            cmd = [sys.executable, "-m", "streamlit", "run", str(app), *flags]
            if data_dir is not None:
                cmd += ["--", "--data", str(data_dir)]
        ARTIFACTS.mkdir(exist_ok=True)
        self.log = open(ARTIFACTS / f"streamlit-{self.port}.log", "w")  # noqa: SIM115 (closed in stop())
        self.started = time.monotonic()
        self.process = subprocess.Popen(cmd, cwd=cwd, stdout=self.log, stderr=subprocess.STDOUT,
                                        env={**os.environ, **(env or {})}, preexec_fn=preexec_fn)
        self._wait()

    def _wait(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.process.returncode}; see {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.05)  # polled often: the cold-start benchmark counts this wait
        raise RuntimeError(f"streamlit did not start within {timeout}s; see {self.log.name}")

    def cpu_seconds(self) -> float:
        """User + system CPU time the server process has used so far (from /proc)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def status(self, field: str) -> int:
        """One number from /proc/PID/status of the server: VmRSS (kB), Threads."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
        return 0

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


_PROBE = """
import json, sys, time, urllib.request
url, timeout, answers = sys.argv[1], float(sys.argv[2]), []
try:
    while True:
        asked = time.monotonic()
        try:
            urllib.request.urlopen(url, timeout=timeout).read()
            answers.append((asked, (time.monotonic() - asked) * 1000))
        except OSError:
            answers.append((asked, timeout * 1000))
        time.sleep(0.1)
except KeyboardInterrupt:
    print(json.dumps(answers))
"""


class HealthProbe:
    """Asks a URL (such as the server's /_stcore/health) every 0.1 s from a process of its own, so the
    caller's work, such as driving a browser, does not delay the asking, until stopped."""

    def __init__(self, url: str, timeout: float = 10) -> None:
        self.process = subprocess.Popen([sys.executable, "-c", _PROBE, url, str(timeout)], stdout=subprocess.PIPE)

    def stop(self) -> list[tuple[float, float]]:
        """(time.monotonic() when asked, ms to answer; the timeout when there was no answer) per probe."""
        self.process.send_signal(signal.SIGINT)
        return [(asked, ms) for asked, ms in json.loads(self.process.communicate(timeout=30)[0])]


def browser_available() -> bool:
    return shutil.which(CHROMIUM) is not None or Path(CHROMIUM).exists()


LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")


def foreign_host(url: str) -> str | None:
    """The host of a URL that is not this machine (None for local, data:, blob: and about: URLs)."""
    if url.startswith(("data:", "blob:", "about:")):
        return None
    host = url.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]
    return None if host in LOCAL_HOSTS else host


def block_foreign_requests(context) -> None:
    """Abort every request of a browser context to another host (a PageRecorder still records it)."""
    context.route(lambda url: foreign_host(url) is not None, lambda route: route.abort())


class PageRecorder:
    """Every request and dialog a page made, to assert on afterwards."""

    def __init__(self, page) -> None:
        self.page = page
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def foreign_hosts(self) -> set[str]:
        return {host for host in map(foreign_host, self.requests) if host is not None}


def map_frame(page, timeout: float = 30):
    """The map's iframe, once its geometry is loaded and the first date applied."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            if "streamlit_folium" in frame.url:
                try:
                    if frame.evaluate("!!(window.kcm && window.kcm.ready && window.kcm.updates > 0)"):
                        return frame
                except Exception:  # the frame may be navigating
                    pass
        page.wait_for_timeout(100)
    raise AssertionError("the map frame did not become ready")


def wait_for(frame_or_page, expression: str, timeout_ms: int = 20000) -> None:
    frame_or_page.wait_for_function(expression, timeout=timeout_ms)


def wait_for_text(page, text: str, timeout_ms: int = 20000) -> None:
    """Wait until the page shows `text`: the parts below the map come with the run the map's report starts."""
    page.wait_for_function("t => document.body.innerText.includes(t)", arg=text, timeout=timeout_ms)


# Run before the page's own scripts: keeps the delay of every interval timer that is set and not yet cleared,
# so a test can see that a clock (Play's) is stopped without waiting to see that nothing happens.
LIVE_INTERVALS = """(() => {
    const live = new Map(), set = window.setInterval, clear = window.clearInterval;
    window.setInterval = function (fn, ms, ...rest) { const id = set(fn, ms, ...rest); live.set(id, ms); return id; };
    window.clearInterval = function (id) { live.delete(id); return clear(id); };
    window.kcmLiveIntervals = () => Array.from(live.values());
})();"""


def record_intervals(page) -> None:
    """Call before page.goto: see live_intervals."""
    page.add_init_script(LIVE_INTERVALS)


def live_intervals(page) -> list[float]:
    """The delays (ms) of the page's interval timers now running."""
    return page.evaluate("window.kcmLiveIntervals()")


SCRIPT_IDLE = ("() => { const app = document.querySelector('[data-testid=\"stApp\"]');"
               " return !!app && app.getAttribute('data-test-script-state') === 'notRunning'; }")


def wait_idle(page, timeout_ms: int = 30000) -> None:
    """Wait until the app's script run has finished (a key press during a rerun can be lost)."""
    page.wait_for_function(SCRIPT_IDLE, timeout=timeout_ms)


# True once the element of `selector` holding `text` (all its text, if `whole`) is wholly inside the window and
# inside every box around it that scrolls.
IN_VIEW = """([selector, text, whole]) => {
    const el = Array.from(document.querySelectorAll(selector)).find(
        e => whole ? e.textContent.trim() === text : e.textContent.includes(text));
    if (!el) return false;
    const r = el.getBoundingClientRect();
    if (r.height === 0 || r.top < -1 || r.bottom > window.innerHeight + 1) return false;  // a pixel: scrolling rounds
    for (let box = el.parentElement; box; box = box.parentElement) {
        const style = getComputedStyle(box);
        if (!/(auto|scroll)/.test(style.overflowY)) continue;
        const b = box.getBoundingClientRect();
        if (r.top < b.top - 1 || r.bottom > b.bottom + 1) return false;
    }
    return true;
}"""


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def district_near(scope, x, y, step_x, step_y):
    """The first point of `scope` (a page or frame) from (x, y), moving by (step_x, step_y), where a district
    shape (or an inferred area of control over one) is under the mouse (not a control such as the scale or the
    attribution), or None."""
    return scope.evaluate("""([x, y, dx, dy]) => {
        for (let i = 0; i < 60; i++, x += dx, y += dy) {
            const el = document.elementFromPoint(x, y);
            if (el && el.matches('path.kcm-district, path.kcm-inferred')) return [x, y];  // an inferred area over one
        }
        return null; }""", [x, y, step_x, step_y])


def tooltips_at_edges(scope, origin, size, hover):
    """Hover districts near the bottom and the right edge of a map at `origin` (its top-left in `scope`'s
    coordinates) of `size`; `hover(x, y)` moves the mouse to a point of `scope`. Returns each point and the
    tooltip's box (left, top, right, bottom), both relative to the map."""
    (ox, oy), (width, height) = origin, size
    found = []
    # Along the bottom edge leftwards from the middle, and down the right edge.
    for (x, y), (dx, dy) in (((width * 0.5, height - 4), (-8, 0)), ((width - 4, height * 0.4), (0, 8))):
        point = district_near(scope, ox + x, oy + y, dx, dy)
        assert point is not None, (x, y)
        hover(*point)
        scope.wait_for_function("() => document.querySelectorAll('.leaflet-tooltip').length > 0", timeout=5000)
        left, top, right, bottom = scope.evaluate(TOOLTIP_BOX)
        found.append(((point[0] - ox, point[1] - oy), (left - ox, top - oy, right - ox, bottom - oy)))
        hover(ox - 100000, oy - 100000)  # away: the tooltip closes
        scope.wait_for_function("() => document.querySelectorAll('.leaflet-tooltip').length === 0", timeout=5000)
    return found


TOOLTIP_BOX = ("(() => { const r = document.querySelector('.leaflet-tooltip').getBoundingClientRect();"
               " return [r.left, r.top, r.right, r.bottom]; })()")
