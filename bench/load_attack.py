"""`make load`'s attack case: ATTACK_TABS sessions hold ArrowRight on the date slider while readers step
normally, against the app and, as a control, an unattacked second server on the same machine (bench/load.py
describes both cases and runs them)."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import tempfile
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from playwright.async_api import async_playwright

from bench.app_bench import MAP_SHOWS, summary
from bench.load import SESSION_TTL_S
from tools.harness import CHROMIUM, CHROMIUM_ARGS, HealthProbe, StreamlitServer
from tools.protocol import Session

ATTACK_TABS = 5
ATTACK_KEYS_PER_S = 90
ATTACK_S = 30
ATTACK_START = dt.date(2008, 1, 1)  # far enough from the slider's end that every key repeat moves it
READERS = 1  # browser tabs per server: each step a browser draws costs this machine's cores too
PROTOCOL_READERS = 3  # per server: sessions timing the server's answer to a step, with no browser drawing it
READER_START = dt.date(2020, 11, 16)
READER_PAUSE_S = 0.5
STEP_TIMEOUT_S = 15
BASELINE_S = 6
RECOVERY_LIMIT_S = 60
IDLE_CPU = 0.25  # the server is idle once it uses less than a quarter of a core over a second
TARGETS = {"reader_p95_ms_during_attack": 1000, "recovery_s": 5}


def machine_busy_seconds() -> float:
    """CPU time all cores of the machine spent busy so far (from /proc/stat): the server, the browsers
    driving it, and anything else running."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")  # less idle and iowait


async def launch_niced(playwright) -> Any:
    """A Chromium whose every process runs at the lowest CPU priority (through a `nice` wrapper)."""
    handle, wrapper = tempfile.mkstemp(prefix="kcm-chromium-niced-")
    try:
        os.write(handle, f'#!/bin/sh\nexec nice -n 19 "{CHROMIUM}" "$@"\n'.encode())
        os.close(handle)
        os.chmod(wrapper, 0o755)
        return await playwright.chromium.launch(executable_path=wrapper, args=CHROMIUM_ARGS)
    finally:
        os.unlink(wrapper)  # read once, when the browser started


class Clock:
    """Seconds since the attack started (negative before), and the phase a moment belongs to."""

    def __init__(self) -> None:
        self.attack_started = self.attack_stopped = float("inf")

    def now(self) -> float:
        return time.monotonic() - self.attack_started

    def phase(self, moment: float) -> str:
        if moment < self.attack_started:
            return "before"
        return "during" if moment < self.attack_stopped else "after"


async def open_map(browser, url: str, date: str):
    context = await browser.new_context(viewport={"width": 1300, "height": 1000})
    page = await context.new_page()
    await page.goto(f"{url}/?date={date}", timeout=90_000)
    await page.wait_for_function(MAP_SHOWS, arg=date, polling=20, timeout=90_000)
    slider = page.get_by_role("slider")
    await slider.focus()
    return context, page


async def timed_step(page, date: dt.date) -> tuple[float, bool]:
    """Press ArrowRight and wait until the map shows `date`: (ms, finished in time)."""
    t0 = time.perf_counter()
    await page.keyboard.press("ArrowRight")
    try:
        await page.wait_for_function(MAP_SHOWS, arg=date.isoformat(), polling=20, timeout=STEP_TIMEOUT_S * 1000)
    except Exception:  # noqa: BLE001 - a step that never shows is a timeout, counted
        return STEP_TIMEOUT_S * 1000.0, False
    return (time.perf_counter() - t0) * 1000, True


async def reader(page, clock: Clock, until: asyncio.Event, steps: list[tuple[str, float, bool]]) -> None:
    """A reader stepping a day at a time, pausing between steps, until told to stop."""
    date = READER_START
    while not until.is_set():
        date += dt.timedelta(days=1)
        started = time.monotonic()
        ms, ok = await timed_step(page, date)
        steps.append((clock.phase(started), ms, ok))
        await asyncio.sleep(READER_PAUSE_S)


# A held key, as the operating system repeats it: keydown events at a steady rate (with catch-up when the
# tab lags) from a timer in the page, so the rate does not depend on how fast this driver can send them.
HOLD_ARROW = """([perSecond, seconds]) => new Promise(resolve => {
    const target = document.activeElement, started = performance.now();
    let sent = 0;
    const key = (type, repeat) => target.dispatchEvent(new KeyboardEvent(type, {key: 'ArrowRight',
        code: 'ArrowRight', keyCode: 39, which: 39, bubbles: true, cancelable: true, repeat}));
    const timer = setInterval(() => {
        const elapsed = performance.now() - started;
        const due = Math.min(Math.floor(elapsed / 1000 * perSecond), perSecond * seconds);
        while (sent < due) { key('keydown', sent > 0); sent++; }
        if (elapsed >= seconds * 1000) { clearInterval(timer); key('keyup', false); resolve(sent); }
    }, 1000 / perSecond);
})"""


async def hold_arrow(page, seconds: float) -> int:
    """Hold ArrowRight on the focused slider for `seconds`; returns the key repeats sent."""
    return int(await page.evaluate(HOLD_ARROW, [ATTACK_KEYS_PER_S, seconds]))


async def protocol_reader(url: str, clock: Clock, until: asyncio.Event, steps: list[tuple[str, float, bool]]
                          ) -> None:
    """A reader stepping a day at a time from a protocol session: the time from asking for the next day to
    the end of the run that draws it, all of its page received (the server's share of a step)."""
    session = await Session.open(url, READER_START)
    date = READER_START
    try:
        while not until.is_set():
            date += dt.timedelta(days=1)
            started = time.monotonic()
            try:
                steps.append((clock.phase(started), await session.step_to(date, STEP_TIMEOUT_S), True))
            except TimeoutError:
                steps.append((clock.phase(started), STEP_TIMEOUT_S * 1000.0, False))
                return  # the session's later answers would be taken for the next step's
            await asyncio.sleep(READER_PAUSE_S)
    finally:
        await session.close()


def recovery(clock: Clock, cpu: list[tuple[float, float]], fresh: list[tuple[float, float]]) -> dict:
    """Seconds after the attack until the server's CPU stayed idle and a fresh reader's step was fast."""
    stop = clock.attack_stopped - clock.attack_started
    after = [(t - stop, load) for t, load in cpu if t >= stop]
    busy = [t for t, load in after if load >= IDLE_CPU]
    idle_at: float | None = busy[-1] if busy else 0.0
    if busy and busy[-1] == after[-1][0]:
        idle_at = None  # still busy when the window closed
    fast = [t - stop for t, ms in fresh if ms < 1000]
    step_at = fast[0] if fast else None
    recovered = None if idle_at is None or step_at is None else round(max(idle_at, step_at), 1)
    return {"recovery_s": recovered, "cpu_idle_after_s": None if idle_at is None else round(idle_at, 1),
            "first_fast_step_after_s": None if step_at is None else round(step_at, 1),
            "window_s": RECOVERY_LIMIT_S}


async def run_attack(attacker: str = "protocol") -> dict:
    timing = Path(tempfile.mkstemp(prefix="kcm-load-runs-", suffix=".txt")[1])
    server = StreamlitServer(env={"KCM_TIMING_FILE": str(timing)},
                             extra_flags=("--server.disconnectedSessionTTL", str(SESSION_TTL_S)))
    # The control: the same app in a second server on the same machine, read the same way at the same
    # time but not attacked. What its readers see is what the busy machine alone costs.
    neighbour = StreamlitServer()
    clock = Clock()
    steps: list[tuple[str, float, bool]] = []
    neighbour_steps: list[tuple[str, float, bool]] = []
    server_steps: list[tuple[str, float, bool]] = []  # the protocol readers'
    neighbour_server_steps: list[tuple[str, float, bool]] = []
    cpu: list[tuple[float, float]] = []
    threads: list[tuple[float, int]] = []
    machine: list[tuple[float, float]] = []
    fresh: list[tuple[float, float]] = []
    done = asyncio.Event()

    def runs() -> int:
        return len(timing.read_text().split())

    async def sample_cpu() -> None:
        last_t, last_cpu, last_busy = time.monotonic(), server.cpu_seconds(), machine_busy_seconds()
        while not done.is_set():
            await asyncio.sleep(0.5)
            now, used, busy = time.monotonic(), server.cpu_seconds(), machine_busy_seconds()
            cpu.append((now - clock.attack_started, (used - last_cpu) / (now - last_t)))
            machine.append((now - clock.attack_started, (busy - last_busy) / (now - last_t)))
            threads.append((now - clock.attack_started, server.status("Threads")))
            last_t, last_cpu, last_busy = now, used, busy

    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            warm, _ = await open_map(browser, server.url, READER_START.isoformat())
            await warm.close()
            readers = [await open_map(browser, server.url, READER_START.isoformat()) for _ in range(READERS)]
            neighbour_readers = [await open_map(browser, neighbour.url, READER_START.isoformat())
                                 for _ in range(READERS)]
            fresh_context, fresh_page = await open_map(browser, server.url, READER_START.isoformat())
            attacking_browser = None
            holders: list[Callable[[float], Coroutine[Any, Any, int]]]
            closers: list[Callable[[], Coroutine[Any, Any, None]]]
            if attacker == "browser":
                # The attacker's tabs get a browser of their own at the lowest priority: the two cores are
                # shared by the server, every tab and the driver, and the attack is on the server.
                attacking_browser = await launch_niced(playwright)
                tabs = [await open_map(attacking_browser, server.url, ATTACK_START.isoformat())
                        for _ in range(ATTACK_TABS)]
                holders = [lambda s, page=page: hold_arrow(page, s) for _, page in tabs]
                closers = [context.close for context, _ in tabs]
            else:
                sessions = [await Session.open(server.url, ATTACK_START) for _ in range(ATTACK_TABS)]
                holders = [lambda s, session=session: session.hold_arrow(ATTACK_START, ATTACK_KEYS_PER_S, s)
                           for session in sessions]
                closers = [session.close for session in sessions]
            probe = HealthProbe(f"{server.url}/_stcore/health", timeout=30)
            neighbour_probe = HealthProbe(f"{neighbour.url}/_stcore/health", timeout=30)
            monitors = [asyncio.create_task(sample_cpu())]
            stop_readers = asyncio.Event()
            reading = [asyncio.create_task(reader(page, clock, stop_readers, steps)) for _, page in readers]
            reading += [asyncio.create_task(reader(page, clock, stop_readers, neighbour_steps))
                        for _, page in neighbour_readers]
            reading += [asyncio.create_task(protocol_reader(app.url, clock, stop_readers, answers))
                        for app, answers in ((server, server_steps), (neighbour, neighbour_server_steps))
                        for _ in range(PROTOCOL_READERS)]
            await asyncio.sleep(BASELINE_S)

            load_at_start = round(os.getloadavg()[0], 2)  # other work on the machine skews every figure
            clock.attack_started = time.monotonic()
            runs_at_start = runs()
            holding = [asyncio.create_task(hold(ATTACK_S)) for hold in holders]
            await asyncio.sleep(ATTACK_S / 2)
            load_t0 = time.perf_counter()
            page_load_s: float | None = None  # a page that never shows its map
            try:
                late_context, _ = await asyncio.wait_for(
                    open_map(browser, server.url, READER_START.isoformat()), STEP_TIMEOUT_S * 4)
                page_load_s = round(time.perf_counter() - load_t0, 2)
                await late_context.close()
            except Exception:  # noqa: BLE001 - reported as None
                pass
            keys = sum(await asyncio.gather(*holding))
            for close in closers:  # the attacker closes the tabs
                await close()
            clock.attack_stopped = time.monotonic()
            runs_at_stop = runs()
            stop_readers.set()
            await asyncio.gather(*reading)

            # Recovery: a reader who waited through the attack steps now; the server's CPU is watched.
            date = READER_START
            while time.monotonic() - clock.attack_stopped < RECOVERY_LIMIT_S:
                date += dt.timedelta(days=1)
                ms, _ = await timed_step(fresh_page, date)
                fresh.append((clock.now(), ms))
                idle_for = [load for t, load in cpu if t > clock.now() - 3]
                if fresh[-1][1] < 1000 and len(idle_for) >= 5 and max(idle_for) < IDLE_CPU:
                    break  # both recovered, and has stayed idle a few seconds
                await asyncio.sleep(READER_PAUSE_S)
            done.set()
            await asyncio.gather(*monitors)
            health = [(asked - clock.attack_started, ms) for asked, ms in probe.stop()]
            neighbour_health = [(asked - clock.attack_started, ms) for asked, ms in neighbour_probe.stop()]
            if attacking_browser:
                await attacking_browser.close()
            for context, _ in readers + neighbour_readers:
                await context.close()
            await fresh_context.close()
            await browser.close()
        runs_at_end = runs()
    finally:
        server.stop()
        neighbour.stop()
        timing.unlink(missing_ok=True)

    def latencies(phase: str, steps: list[tuple[str, float, bool]] = steps) -> dict:
        chosen = [ms for p, ms, _ in steps if p == phase]
        return {**summary(chosen), "timeouts": sum(1 for p, _, ok in steps if p == phase and not ok)}

    during = (0.0, clock.attack_stopped - clock.attack_started)
    result = {
        "machine_load_avg_1min_at_start": load_at_start, "attacker": attacker,
        "attack_tabs": ATTACK_TABS, "key_repeats_per_s_per_tab": ATTACK_KEYS_PER_S, "attack_s": ATTACK_S,
        "key_repeats_sent": keys, "readers": READERS,
        "reader_step_ms_before_attack": latencies("before"),
        "reader_step_ms_during_attack": latencies("during"),
        "health_ms_during_attack": summary([ms for t, ms in health if during[0] <= t < during[1]]),
        "health_ms_during_attack_neighbour": summary([ms for t, ms in neighbour_health if during[0] <= t < during[1]]),
        "reader_step_ms_during_attack_neighbour": latencies("during", neighbour_steps),
        "protocol_readers": PROTOCOL_READERS,
        "reader_server_ms_before_attack": latencies("before", server_steps),
        "reader_server_ms_during_attack": latencies("during", server_steps),
        "reader_server_ms_during_attack_neighbour": latencies("during", neighbour_server_steps),
        "page_load_s_during_attack": page_load_s,
        "script_runs_during_attack": runs_at_stop - runs_at_start,
        "script_runs_after_tabs_closed": runs_at_end - runs_at_stop,
        "server_cpu_cores_during_attack": summary([load for t, load in cpu if during[0] <= t < during[1]]),
        "machine_cpu_cores_busy_during_attack": summary([load for t, load in machine if during[0] <= t < during[1]]),
        "server_threads": {"before": threads[0][1] if threads else None,
                           "peak": max((n for _, n in threads), default=None),
                           "end": threads[-1][1] if threads else None},
        **recovery(clock, cpu, fresh),
        "targets": TARGETS,
    }
    ours, theirs = (result[f"reader_step_ms_during_attack{k}"].get("p95") for k in ("", "_neighbour"))
    result["reader_p95_over_neighbour"] = round(ours / theirs, 2) if ours and theirs else None
    result["met_targets"] = bool(
        result["reader_step_ms_during_attack"].get("p95", float("inf")) < TARGETS["reader_p95_ms_during_attack"]
        and result["recovery_s"] is not None and result["recovery_s"] <= TARGETS["recovery_s"])
    return result
