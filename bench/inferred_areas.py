"""What the inferred areas of control (geo/inferred.py) cost: `python bench/inferred_areas.py`.

- the encoder: time to compute every distinct area once, a frame's time, and the bytes a frame's `inferred`
  index adds (the app sends one frame per step) and the areas' table adds (sent once);
- the static edition: bytes of a first load (each file the page loads, as its precompressed .gz twin where it
  has one), and a slider step with the areas on (27 Sep to 1 Dec 2020, every step draws them), measured as
  bench/static_steps.py does (input event to restyled map and panel, layout included);
- the app: bench/app_bench.py's measure() stepping from 20 October 2020 (the areas on for 42 of the steps).
Writes bench/inferred-results.json. Targets: app step p50 <= 120 ms, static step p95 <= 16 ms, static first
load <= 450 kB with the areas on.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from bench import app_bench  # noqa: E402
from bench.static_steps import MEASURE  # noqa: E402
from geo import Timeline, load_package  # noqa: E402
from geo.frames import MapEncoder, frame_dates  # noqa: E402
from geo.site import export_site  # noqa: E402
from tools.harness import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

RESULTS = ROOT / "bench" / "inferred-results.json"
ON_FROM, ON_DAYS = "2020-09-27", 65  # to 1 December 2020: the areas are drawn on every step
APP_FROM, APP_STEPS = dt.date(2020, 10, 20), 60


def encoder_costs() -> dict[str, object]:
    package = load_package()
    timeline = Timeline(package)
    t0 = time.perf_counter()
    encoder = MapEncoder(package, timeline)
    build_s = time.perf_counter() - t0
    dates = [d for d in frame_dates(timeline) if dt.date(2020, 9, 27) <= d <= dt.date(2020, 12, 1)]
    times = []
    for date in dates * 5:
        t0 = time.perf_counter()
        encoder.frame(date)
        times.append((time.perf_counter() - t0) * 1000)
    frame = encoder.frame(dt.date(2020, 10, 20))
    without = {k: v for k, v in frame.items() if k != "inferred"}
    table = json.dumps(encoder.tables["inferred"], separators=(",", ":")).encode()
    return {"encoder_build_s_with_areas": round(build_s, 2), "frame_ms_median": round(statistics.median(times), 3),
            "bytes_added_per_frame": len(json.dumps(frame)) - len(json.dumps(without)),
            "areas": len(encoder.tables["inferred"]["areas"]), "area_sets": len(encoder.tables["inferred"]["sets"]),
            "table_bytes": len(table), "table_bytes_gzip": len(gzip.compress(table))}


def first_load_bytes(site: Path) -> dict[str, int]:
    """What a reader downloads: index.html and every asset it loads (the relief image included), gzip where
    the export wrote a .gz twin. The Leaflet licence and marker images are not loaded by the page."""
    total, data = 0, 0
    for path in [site / "index.html", *sorted((site / "assets").rglob("*"))]:
        if not path.is_file() or path.suffix == ".gz" or path.name == "LEAFLET-LICENSE.txt" or \
                path.parent.name == "images":
            continue
        twin = path.with_name(path.name + ".gz")
        size = (twin if twin.exists() else path).stat().st_size
        total += size
        data += size if path.name.startswith("kcm-data.") else 0
    return {"first_load_bytes": total, "data_file_bytes_gzip": data}


def main() -> int:
    result: dict[str, object] = {"encoder": encoder_costs()}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        site = Path(tmp)
        export_site(load_package(), site)
        result["static"] = first_load_bytes(site)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{(site / 'index.html').as_uri()}?date=2020-09-26")
        page.wait_for_function("() => window.kcmExport && window.kcmExport.ready")
        assert page.evaluate("document.querySelectorAll('path.kcm-inferred').length") == 0
        page.evaluate(MEASURE, 1)
        assert page.get_attribute("#kcm-map", "data-date") == ON_FROM
        steps = page.evaluate(MEASURE, ON_DAYS - 1)  # 28 Sep .. 1 Dec
        assert page.evaluate("document.querySelectorAll('path.kcm-inferred').length") > 0
        result["static"]["steps_with_areas_on"] = {"from": ON_FROM, "steps": ON_DAYS - 1, **steps}  # type: ignore[index]
        app_bench.START = APP_FROM  # measure() starts there
        ours = app_bench.measure(app_bench.OURS, APP_STEPS, browser=browser)
        browser.close()
    result["app"] = {"from": APP_FROM.isoformat(), "steps": APP_STEPS, "step_latency_ms": ours["step_latency_ms"],
                     "bytes_per_step": ours["bytes_per_step"], "server_ms_per_rerun": ours["server_ms_per_rerun"],
                     "map_frame_reloads": ours["map_frame_reloads"]}
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
