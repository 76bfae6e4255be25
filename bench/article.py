"""What a date step costs while a big seed article is open in the article viewer (issue 21, item 13).

A copy of the data package whose seed 000_... is padded to about 1.9 MB (the quote moved to its end, so finding
it reads the whole text) is served by the app; a browser opens the article at the quote, then steps the date
slider STEPS times with the article open, and as many with it closed. Per step: the server's time per rerun
(dashboard/timing.py), the browser's step latency and the websocket bytes received.

    .venv/bin/python -m bench.article [STEPS]     # prints JSON; the figures are in README.md
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from playwright.sync_api import sync_playwright

from bench.app_bench import MAP_SHOWS, Traffic, open_tab, summary
from tools.harness import CHROMIUM, CHROMIUM_ARGS, ROOT, StreamlitServer

SEED = "000_387f2398fb5511fd.txt"
TITLE = "Russia strengthens border guards in Armenia after Karabakh ceasefire"
SIZE = 1_900_000
START = dt.date(2020, 11, 20)  # Aghdam's handover, cited with a quote from SEED


def big_seed_package(root: Path) -> Path:
    """geo/data, the seeds and the basemap copied under `root` (as geo/seeds and geo/mapcore/static/basemap, where
    package.yaml and profile.yaml name them), SEED padded to SIZE bytes before its text; the data dir."""
    shutil.copytree(ROOT / "geo" / "data", root / "geo" / "data")
    shutil.copytree(ROOT / "seeds", root / "geo" / "seeds")
    shutil.copytree(ROOT / "geo" / "mapcore" / "static" / "basemap", root / "geo" / "mapcore" / "static" / "basemap")
    seed = root / "geo" / "seeds" / SEED
    text = seed.read_text(encoding="utf-8")
    filler = "Filler paragraph of a long page, repeated to make the article big. " * 20 + "\n\n"
    seed.write_text(filler * ((SIZE - len(text)) // len(filler)) + text, encoding="utf-8")
    index = root / "geo" / "seeds" / "index.yaml"
    records = yaml.safe_load(index.read_text(encoding="utf-8"))
    next(r for r in records if r["id"] == SEED)["sha256"] = hashlib.sha256(seed.read_bytes()).hexdigest()
    index.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root / "geo" / "data"


def open_article(page: Any) -> None:
    """Click the 'Read the quote in the article' button that opens SEED; wait for its highlighted quote."""
    buttons = page.get_by_role("button", name="Read the quote in the article")
    buttons.first.wait_for(timeout=60000)
    viewer = page.locator(".st-key-kcm-article-viewer")
    for i in range(buttons.count()):
        buttons.nth(i).click()
        viewer.wait_for(timeout=60000)
        page.wait_for_function("() => !!document.querySelector('mark#quote')", polling=20, timeout=60000)
        if TITLE in viewer.inner_text():
            return
    raise RuntimeError(f"no button opens {SEED}")


def steps(page: Any, traffic: Traffic, timing: Path, start: dt.date, count: int) -> dict[str, Any]:
    runs_before = len(timing.read_text().split())
    slider = page.get_by_role("slider")
    slider.focus()
    latencies, step_bytes, date = [], [], start
    for _ in range(count):
        date += dt.timedelta(days=1)
        before, t0 = traffic.ws, time.perf_counter()
        slider.press("ArrowRight")
        page.wait_for_function(MAP_SHOWS, arg=date.isoformat(), polling=5, timeout=60000)
        latencies.append((time.perf_counter() - t0) * 1000)
        traffic.quiet(page)
        step_bytes.append(traffic.ws - before)
    server_ms = [float(x) for x in timing.read_text().split()[runs_before:]]
    return {"step_latency_ms": summary(latencies), "bytes_per_step": summary(step_bytes),
            "server_ms_per_rerun": summary(server_ms), "last_date": date.isoformat()}


def run(count: int = 20) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="kcm-bench-article-") as tmp:
        data = big_seed_package(Path(tmp))
        timing = Path(tmp) / "timing.txt"
        timing.touch()
        server = StreamlitServer(data, env={"KCM_TIMING_FILE": str(timing)})
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                context, page = open_tab(browser)
                traffic = Traffic()
                page.on("websocket", lambda ws: ws.on("framereceived", traffic.frame))
                page.goto(f"{server.url}/?date={START.isoformat()}&district=AZ-AGM")
                page.wait_for_function(MAP_SHOWS, arg=START.isoformat(), polling=5, timeout=60000)
                open_article(page)
                traffic.quiet(page)
                shown = len(page.locator(".st-key-kcm-article").inner_text())
                with_article = steps(page, traffic, timing, START, count)
                page.get_by_role("button", name="✕ Close the article").click()
                page.locator(".st-key-kcm-article-viewer").wait_for(state="detached", timeout=60000)
                traffic.quiet(page)
                without = steps(page, traffic, timing, dt.date.fromisoformat(with_article["last_date"]), count)
                context.close()
                version = browser.version
                browser.close()
        finally:
            server.stop()
    return {"chromium": version, "seed_chars_shown": shown, "steps": count,
            "article_open": with_article, "article_closed": without}


if __name__ == "__main__":
    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 20), indent=2))
