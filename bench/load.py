"""`make load`: many users at once, on localhost only, bounded in count and time.

Starts the app, opens SESSIONS concurrent headless browser sessions that each scrub the date slider
STEPS times and click a district, and reports errors (must be 0), step latency under load, and the
server's memory before, at peak and after the sessions close (it should return near its baseline).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.async_api import async_playwright  # noqa: E402

from bench.app_bench import MAP_SHOWS, summary  # noqa: E402
from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS, StreamlitServer  # noqa: E402

SESSIONS = 20
STEPS = 8
DEADLINE_S = 240  # the whole run stops by itself after this
# Streamlit keeps a closed session 120 s by default for a reconnect; a short TTL lets the run see
# the memory after clean-up without waiting two minutes.
SESSION_TTL_S = 10
START = "2020-11-16"


def rss_mb(pid: int) -> float:
    """Resident memory of the server process, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


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
        combo = page.get_by_role("combobox").first
        await combo.click()
        await page.keyboard.type("Berdzor")
        await page.keyboard.press("Enter")
        await page.get_by_text("Lachin/Berdzor", exact=True).first.wait_for(timeout=60_000)
    except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
        errors.append(f"session {index}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
    finally:
        await context.close()


async def run_load() -> dict:
    server = StreamlitServer(extra_flags=("--server.disconnectedSessionTTL", str(SESSION_TTL_S)))
    try:
        baseline = rss_mb(server.process.pid)
        latencies: list[float] = []
        errors: list[str] = []
        peak = baseline
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            # Warm the server once (first-run imports and caches), then measure the baseline again.
            await session(browser, server.url, -1, [], [])
            baseline = rss_mb(server.process.pid)
            started = time.monotonic()
            tasks = [asyncio.create_task(session(browser, server.url, i, latencies, errors)) for i in range(SESSIONS)]
            while not all(t.done() for t in tasks):
                peak = max(peak, rss_mb(server.process.pid))
                if time.monotonic() - started > DEADLINE_S:
                    for t in tasks:
                        t.cancel()
                    errors.append(f"deadline of {DEADLINE_S}s reached")
                    break
                await asyncio.sleep(0.5)
            await asyncio.gather(*tasks, return_exceptions=True)
            elapsed = time.monotonic() - started
            await browser.close()
        after = []
        for _ in range(SESSION_TTL_S + 20):  # closed sessions are dropped after the TTL
            await asyncio.sleep(1)
            after.append(rss_mb(server.process.pid))
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


def main() -> int:
    result = asyncio.run(run_load())
    print(json.dumps(result, indent=1))
    out = ROOT / "bench" / "load-results.json"
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
