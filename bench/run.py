"""`make bench`: the browser benchmark against the naive baseline, then the scale benchmark.

Prints the figures and writes them to bench/results.json. Not part of `make test`: numbers vary with
the machine; tests stay deterministic.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from bench import app_bench, scale  # noqa: E402
from tools.harness import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

TARGETS = {
    "step latency p50 <= 200 ms": lambda r: r["ours"]["step_latency_ms"]["median"] <= 200,
    "step latency p95 <= 300 ms": lambda r: r["ours"]["step_latency_ms"]["p95"] <= 300,
    ">= 3x faster than naive (median)": lambda r: (r["naive_over_ours"]["step_latency_median"] or 0) >= 3,
    "0 map frame reloads": lambda r: r["ours"]["map_frame_reloads"] == 0,
    "JS heap growth <= 10 MB over the steps": lambda r: r["ours"]["js_heap_mb"]["growth"] <= 10,
    "<= 20 kB per step (median)": lambda r: r["ours"]["bytes_per_step"]["median"] <= 20_000,
    "cold start <= 3 s (median of 5)": lambda r: r["ours"]["cold_start_s"] <= 3,
    "server time <= 30 ms per rerun (median)": lambda r: r["ours"]["server_ms_per_rerun"]["median"] <= 30,
}


def machine() -> dict[str, object]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                 if line.startswith("model name")]
        cpu = names[0] if names else cpu
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(), "os": platform.platform()}


def largest_rendering_size(sizes: list[dict]) -> dict | None:
    """Browser step latency on the largest synthetic package whose map still renders."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for size in sorted(sizes, key=lambda s: (s["regions"], s["changes"]), reverse=True):
                try:
                    result = app_bench.measure(app_bench.OURS, 20, data_dir=Path(size["data"]), browser=browser)
                except Exception as exc:  # noqa: BLE001 - a size that does not render is the finding
                    print(f"  {size['regions']} regions / {size['changes']} changes did not render: {exc}")
                    continue
                return {"regions": size["regions"], "changes": size["changes"], **result}
        finally:
            browser.close()
    return None


def main() -> int:
    started = time.monotonic()
    results: dict[str, object] = {"machine": machine(), "taken": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    print("Browser benchmark (ours vs naive baseline)…", flush=True)
    app = app_bench.run()
    results["app"] = app
    print(json.dumps(app, indent=1))
    print("Scale benchmark…", flush=True)
    sizes = scale.run()
    results["scale"] = sizes
    for s in sizes:
        print(json.dumps({k: v for k, v in s.items() if k != "data"}))
    results["scale_browser"] = largest_rendering_size(sizes)
    print(json.dumps(results["scale_browser"], indent=1))
    verdicts = {name: bool(check(app)) for name, check in TARGETS.items()}
    results["targets"] = verdicts
    results["seconds"] = round(time.monotonic() - started, 1)
    for name, ok in verdicts.items():
        print(f"  {'met ' if ok else 'MISS'}  {name}")
    out = ROOT / "bench" / "results.json"
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out} in {results['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
