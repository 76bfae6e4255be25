"""`make load`: many users at once, on localhost only, bounded in count and time.

Two cases, each against a fresh server:

- sessions: SESSIONS concurrent headless browser sessions that each scrub the date slider STEPS times
  and click a district; reports errors (must be 0), step latency under load, and the server's memory
  before, at peak and after the sessions close (it should return near its baseline).
- attack: ATTACK_TABS sessions hold ArrowRight on the date slider (ATTACK_KEYS_PER_S key repeats a
  second each) for ATTACK_S seconds while other sessions step normally.
  The attacker's sessions speak Streamlit's websocket protocol directly, sending a new date on every key
  repeat (harsher than a browser's slider, which sends fewer): an attacker's browsers run on the
  attacker's machine, and on this one their drawing would take the two cores the readers' browsers
  need. `--attacker browser` holds the key in real tabs here instead (in a niced Chromium).
  The readers: READERS browser tabs, timed until their map shows the next day, and PROTOCOL_READERS
  sessions timed until the server has sent the whole page of the next day (the server's share of a
  step, without this machine's cost of drawing it).
  Reports the readers' step latency before and during the attack, /_stcore/health latency, script
  runs started, a page load during the attack, and the recovery once the tabs close: time until the
  server's CPU is idle and a reader's step takes under a second again.
  As a control, a second server of the same app on the same machine is read the same way at the same
  time, unattacked: the machine's two cores are shared by both servers, every browser tab and the
  driver (and whatever else runs there).

`python bench/load.py [--case sessions|attack|all] [--attacker protocol|browser] [--save-as KEY]` writes
each case's figures under its own key (or KEY) in bench/load-results.json, keeping the other keys.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.async_api import async_playwright  # noqa: E402

from bench.app_bench import MAP_SHOWS, summary  # noqa: E402
from tools.harness import CHROMIUM, CHROMIUM_ARGS, StreamlitServer  # noqa: E402

SESSIONS = 20
STEPS = 8
DEADLINE_S = 240  # the whole run stops by itself after this
# Streamlit keeps a closed session 120 s by default for a reconnect; a short TTL lets the run see
# the memory after clean-up without waiting two minutes.
SESSION_TTL_S = 10
START = "2020-11-16"




def rss_mb(server: StreamlitServer) -> float:
    """Resident memory of the server process."""
    return round(server.status("VmRSS") / 1024, 1)


async def session(browser, url: str, index: int, latencies: list[float], errors: list[str]) -> None:
    context = await browser.new_context(viewport={"width": 1300, "height": 1000})
    page = await context.new_page()
    page.on("pageerror", lambda e: errors.append(f"session {index}: page error {e}"))
    try:
        await page.goto(f"{url}/?date={START}", timeout=90_000)
        await page.wait_for_function(MAP_SHOWS, arg=START, polling=20, timeout=90_000)
        slider = page.get_by_role("slider")
        await slider.focus()
        day = 16
        for _ in range(STEPS):
            day += 1
            date = f"2020-11-{day:02d}"
            t0 = time.perf_counter()
            await slider.press("ArrowRight")
            await page.wait_for_function(MAP_SHOWS, arg=date, polling=20, timeout=60_000)
            latencies.append((time.perf_counter() - t0) * 1000)
            await page.wait_for_timeout(300)
        # by its name: the page has other select boxes (Period, Play mode...) before it
        combo = page.get_by_role("combobox", name=re.compile("Find a district"))
        await combo.click()
        await page.keyboard.type("Berdzor")
        await page.keyboard.press("Enter")
        await page.get_by_text("Lachin/Berdzor", exact=True).first.wait_for(timeout=60_000)
    except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
        errors.append(f"session {index}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
    finally:
        await context.close()


async def run_sessions(browser, url: str, sample: Callable[[], None] = lambda: None
                       ) -> tuple[list[float], list[str], float]:
    """SESSIONS concurrent sessions against `url`, stopped at DEADLINE_S; `sample` is called every 0.5 s
    meanwhile. Returns the step latencies (ms), the errors and the seconds the sessions took."""
    latencies: list[float] = []
    errors: list[str] = []
    started = time.monotonic()
    tasks = [asyncio.create_task(session(browser, url, i, latencies, errors)) for i in range(SESSIONS)]
    while not all(t.done() for t in tasks):
        sample()
        if time.monotonic() - started > DEADLINE_S:
            for t in tasks:
                t.cancel()
            errors.append(f"deadline of {DEADLINE_S}s reached")
            break
        await asyncio.sleep(0.5)
    await asyncio.gather(*tasks, return_exceptions=True)
    return latencies, errors, time.monotonic() - started


async def run_load() -> dict:
    server = StreamlitServer(extra_flags=("--server.disconnectedSessionTTL", str(SESSION_TTL_S)))
    try:
        baseline = rss_mb(server)
        peak = baseline

        def sample_peak() -> None:
            nonlocal peak
            peak = max(peak, rss_mb(server))

        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            # Warm the server once (first-run imports and caches), then measure the baseline again.
            await session(browser, server.url, -1, [], [])
            baseline = rss_mb(server)
            latencies, errors, elapsed = await run_sessions(browser, server.url, sample_peak)
            await browser.close()
        after = []
        for _ in range(SESSION_TTL_S + 20):  # closed sessions are dropped after the TTL
            await asyncio.sleep(1)
            after.append(rss_mb(server))
        return {
            "sessions": SESSIONS, "steps_per_session": STEPS, "seconds": round(elapsed, 1),
            "errors": len(errors), "error_messages": errors[:10],
            "step_latency_ms_under_load": summary(latencies),
            "server_rss_mb": {"baseline_after_warmup": baseline, "peak": peak, "after_close": after[-1],
                              "after_close_min": min(after), "growth_after_close": round(after[-1] - baseline, 1),
                              "seconds_after_close": len(after), "session_ttl_s": SESSION_TTL_S},
        }
    finally:
        server.stop()


def run_attack(attacker: str = "protocol") -> Coroutine[Any, Any, dict]:
    from bench.load_attack import run_attack as attack  # it imports this module

    return attack(attacker)


CASES = {"sessions": run_load, "attack": run_attack}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", choices=[*CASES, "all"], default="all")
    parser.add_argument("--attacker", choices=["protocol", "browser"], default="protocol",
                        help="attack from websocket sessions (default) or from tabs of a niced Chromium here")
    parser.add_argument("--save-as", help="the key to store the figures under (default: the case's name)")
    args = parser.parse_args()
    out = ROOT / "bench" / "load-results.json"
    stored = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    ok = True
    for name, case in CASES.items():
        if args.case not in (name, "all"):
            continue
        result = asyncio.run(case(args.attacker) if name == "attack" else case())
        print(json.dumps({name: result}, indent=1))
        stored[args.save_as or name] = result
        ok = ok and result.get("errors", 0) == 0 and result.get("met_targets", True)
    out.write_text(json.dumps(stored, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
