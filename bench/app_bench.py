"""Browser benchmark of the dashboard against the naive baseline (see bench/README.md).

For each app: cold start (process start → first map painted in a blank tab already open; the median of five
starts; also timed with the tab opened inside the clock, as before 30 Nov 2026), bytes of the first page, then
STEPS keyboard steps of the date slider, each timed from the key press until the map shows the new
date; bytes received per step (websocket frames); map frame reloads; JS heap before/after the steps;
server time per rerun from the app's own instrumentation ($KCM_TIMING_FILE).
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from tools.harness import CHROMIUM, CHROMIUM_ARGS, ROOT, SCRIPT_IDLE, StreamlitServer

OURS = ROOT / "dashboard" / "app.py"
NAIVE = ROOT / "bench" / "naive_app.py"
START = dt.date(2020, 11, 8)  # the steps cross the statement, the deadlines and three handovers

# True once some map frame shows `date` (the naive app replaces its frame, ours restyles it).
MAP_SHOWS = """(date) => Array.from(document.querySelectorAll('iframe')).some(f => {
    try { return !!f.contentDocument.querySelector('.leaflet-container[data-date="' + date + '"]'); }
    catch (e) { return false; } })"""


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {"n": 0}

    def pct(q: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]
    return {"n": len(ordered), "median": round(statistics.median(ordered), 2), "p95": round(pct(0.95), 2),
            "max": round(ordered[-1], 2), "mean": round(statistics.fmean(ordered), 2)}


@dataclass
class Traffic:
    """Bytes the page received: HTTP bodies (from CDP) and websocket frames."""

    http: int = 0
    ws: int = 0
    last_frame: float = field(default_factory=time.monotonic)

    def frame(self, payload: Any) -> None:
        self.ws += len(payload)
        self.last_frame = time.monotonic()

    def quiet(self, page: Any, ms: float = 150, limit_s: float = 10) -> None:
        """Wait until the script run has finished and no websocket frame arrived for `ms`."""
        page.wait_for_function(SCRIPT_IDLE, timeout=limit_s * 1000)
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline and time.monotonic() - self.last_frame < ms / 1000:
            page.wait_for_timeout(20)


def heap_mb(cdp: Any) -> float:
    cdp.send("HeapProfiler.collectGarbage")
    return round(cdp.send("Runtime.getHeapUsage")["usedSize"] / 1e6, 2)


def measure(app: Path, steps: int, data_dir: Path | None = None, browser: Any = None,
            probe: Callable[[StreamlitServer], dict[str, Any]] | None = None,
            first_map_s: float = 60) -> dict[str, Any]:
    """The figures of one app; `probe`, if given, is called with the server after the steps (e.g. its memory)
    and what it returns is added to them; `first_map_s` is how long the first map may take to show."""
    timing = Path(tempfile.mkstemp(prefix="kcm-timing-", suffix=".txt")[1])
    context, page = open_tab(browser)
    traffic = Traffic()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.on("Network.loadingFinished", lambda e: setattr(traffic, "http", traffic.http + e["encodedDataLength"]))
    page.on("websocket", lambda ws: ws.on("framereceived", traffic.frame))
    loads: list[str] = []
    page.on("framenavigated", lambda f: loads.append(f.url) if "streamlit_folium" in f.url else None)
    started = time.monotonic()
    server = StreamlitServer(data_dir, app=app, env={"KCM_TIMING_FILE": str(timing)})
    try:
        page.goto(f"{server.url}/?date={START.isoformat()}")
        page.wait_for_function(MAP_SHOWS, arg=START.isoformat(), polling=5, timeout=first_map_s * 1000)
        cold_start = time.monotonic() - started
        traffic.quiet(page)
        first_page = traffic.http + traffic.ws
        server_runs_before = len(timing.read_text().split())
        loads_before = len(loads)
        heap_before = heap_mb(cdp)

        slider = page.get_by_role("slider")
        slider.focus()
        latencies: list[float] = []
        step_bytes: list[float] = []
        date = START
        for _ in range(steps):
            date += dt.timedelta(days=1)
            before = traffic.ws
            t0 = time.perf_counter()
            slider.press("ArrowRight")
            page.wait_for_function(MAP_SHOWS, arg=date.isoformat(), polling=5, timeout=60000)
            latencies.append((time.perf_counter() - t0) * 1000)
            traffic.quiet(page)
            step_bytes.append(traffic.ws - before)
        heap_after = heap_mb(cdp)
        server_ms = [float(x) for x in timing.read_text().split()[server_runs_before:]]
        probed = probe(server) if probe is not None else {}
        context.close()
    finally:
        server.stop()
        timing.unlink(missing_ok=True)
    return {
        "steps": steps, "first_date": START.isoformat(), "last_date": date.isoformat(),
        "step_latency_ms": summary(latencies),
        "map_frame_reloads": len(loads) - loads_before,
        "js_heap_mb": {"before": heap_before, "after": heap_after, "growth": round(heap_after - heap_before, 2)},
        "bytes_per_step": summary(step_bytes),
        "first_page_bytes": first_page,
        "cold_start_s": round(cold_start, 2),
        "server_ms_per_rerun": summary(server_ms),
        **probed,
    }


def open_tab(browser: Any) -> tuple[Any, Any]:
    """A blank tab in a fresh browser context (nothing cached), opened before a cold start is timed: the
    reader's browser is already running, and opening a tab (about 0.15 s here, plus its renderer starting)
    is the browser's cost, not the app's."""
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    return context, context.new_page()


def cold_start(app: Path, browser: Any, tab_in_clock: bool = False) -> float:
    """Process start → first map painted, in a blank tab of a fresh context, as `measure` times it (or with
    the tab opened after the clock starts)."""
    if not tab_in_clock:
        context, page = open_tab(browser)
    started = time.monotonic()
    if tab_in_clock:
        context, page = open_tab(browser)
    server = StreamlitServer(app=app)
    try:
        page.goto(f"{server.url}/?date={START.isoformat()}")
        page.wait_for_function(MAP_SHOWS, arg=START.isoformat(), polling=5, timeout=60000)
        seconds = time.monotonic() - started
        context.close()
    finally:
        server.stop()
    return seconds


def run(steps: int = 100, naive_steps: int = 40, cold_starts: int = 5) -> dict[str, Any]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        ours = measure(OURS, steps, browser=browser)
        naive = measure(NAIVE, naive_steps, browser=browser)
        # One start varies by a few tenths of a second: the figure is the median of several, taken in turn.
        starts: dict[str, list[float]] = {"ours": [ours["cold_start_s"]], "naive": [naive["cold_start_s"]]}
        for _ in range(cold_starts - 1):
            starts["ours"].append(cold_start(OURS, browser))
            starts["naive"].append(cold_start(NAIVE, browser))
        with_tab: dict[str, list[float]] = {"ours": [], "naive": []}
        for _ in range(cold_starts):
            with_tab["ours"].append(cold_start(OURS, browser, tab_in_clock=True))
            with_tab["naive"].append(cold_start(NAIVE, browser, tab_in_clock=True))
        for result, name in ((ours, "ours"), (naive, "naive")):
            result["cold_start_runs_s"] = sorted(round(s, 2) for s in starts[name])
            result["cold_start_s"] = round(statistics.median(starts[name]), 2)
            result["cold_start_tab_in_clock_runs_s"] = sorted(round(s, 2) for s in with_tab[name])
            result["cold_start_tab_in_clock_s"] = round(statistics.median(with_tab[name]), 2)
        version = browser.version
        browser.close()

    def ratio(key: str, stat: str = "median") -> float | None:
        a, b = ours[key].get(stat), naive[key].get(stat)
        return round(b / a, 2) if a and b else None
    return {
        "chromium": version,
        "ours": ours,
        "naive": naive,
        "naive_over_ours": {
            "step_latency_median": ratio("step_latency_ms"),
            "step_latency_p95": ratio("step_latency_ms", "p95"),
            "bytes_per_step_median": ratio("bytes_per_step"),
            "server_ms_median": ratio("server_ms_per_rerun"),
            "cold_start": round(naive["cold_start_s"] / ours["cold_start_s"], 2),
        },
    }
