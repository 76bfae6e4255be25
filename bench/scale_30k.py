"""The engine at the size of the largest public settlement-control dataset (issue 20, item 6): VIINA tracks about
33,000 settlements, so 30,000 settlements in 300 districts with 100,000 changes, against a baseline a tenth of it.

    python -m bench.scale_30k [--sizes baseline,30k] [--static-sizes baseline,30k] [--steps N] [--first-map-timeout S]

For each size, a synthetic package (bench/synthetic.py) in a temporary folder, then, each in one run:
- load + validate in a fresh process (bench/validate_scale.py's measure: CPU, wall time, peak memory);
- the app: its slider stepped in headless Chromium (bench/app_bench.py's driver), step p50/p95, and the
  server's resident memory (its process and children, from /proc) after the steps;
- the static edition: its export time, first-load bytes (the page and the assets it names, raw and gzip) and
  its step p50/p95 (bench/static_steps.py's measure), exported `--without-date-files` (its api/state files, one
  per stop date with every settlement, would be 6,552 x 1.4 MB at the baseline: their cost is measured on one
  file and multiplied, `date_files_estimate`). It runs on the sizes of --static-sizes; a size named only there
  gets the static edition alone (e.g. `--sizes '' --static-sizes baseline,30k`).
Writes bench/scale-30k-results.json (bench/scale-30k-static-results.json when no --sizes). Not a test: the
figures vary with the shared machine (its load average is recorded before and after each part).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from bench import app_bench, static_steps  # noqa: E402
from bench.run import machine  # noqa: E402
from bench.synthetic import make_package  # noqa: E402
from tools.harness import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

RESULTS = ROOT / "bench" / "scale-30k-results.json"
STATIC_RESULTS = ROOT / "bench" / "scale-30k-static-results.json"  # a run of the static edition alone
# name: (districts, district changes, settlements, settlement changes); changes add up to the size's total.
SIZES = {"30k": (300, 3_000, 30_000, 97_000), "baseline": (30, 300, 3_000, 9_700),
         "small": (10, 100, 300, 900), "tiny": (4, 40, 100, 290)}
TARGETS = {"load_validate_s": 5.0, "app_step_p50_ms": 150.0, "static_first_load_bytes": 1_500_000,
           "static_step_p95_ms": 16.0, "app_server_rss_mb": 1024.0}


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def tree_memory_mb(pid: int) -> dict[str, int]:
    """Resident and peak resident memory (MB) of a process and its descendants, from /proc."""
    rss = hwm = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:  # it ended meanwhile
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        rss += int(fields.get("VmRSS", "0 kB").split()[0])
        hwm += int(fields.get("VmHWM", "0 kB").split()[0])
    return {"server_rss_mb": round(rss / 1024), "server_peak_rss_mb": round(hwm / 1024)}


def load_validate(data: Path) -> dict[str, Any]:
    """`check_package` in a fresh process, imports not counted (validate_scale's measure)."""
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "bench.validate_scale", "--measure", str(data)], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    return {**json.loads(out), "process_wall_s": round(time.perf_counter() - started, 2), "load": load()}


def app(data: Path, browser: Any, steps: int, first_map_s: float) -> dict[str, Any]:
    """The app's slider stepped `steps` days in Chromium, and the server's memory after the steps."""
    result = app_bench.measure(app_bench.OURS, steps, data_dir=data, browser=browser,
                               probe=lambda server: tree_memory_mb(server.process.pid), first_map_s=first_map_s)
    return {**result, "load": load()}


def first_load(site: Path) -> dict[str, int]:
    """What a browser fetches to show the page: index.html, the assets it names and the relief its script
    loads; raw bytes and gzip's (what a server sends with gzip_static)."""
    index = (site / "index.html").read_text(encoding="utf-8")
    paths = [site / "index.html", *(site / ref for ref in re.findall(r'(?:src|href)="(assets/[^"?#]+)"', index)),
             *(site / "assets").glob("relief.*.png")]
    raw = sum(p.stat().st_size for p in paths)
    gz = sum(len(gzip.compress(p.read_bytes(), 6)) if p.suffix != ".png" else p.stat().st_size for p in paths)
    return {"first_load_bytes": raw, "first_load_gzip_bytes": gz, "files": len(paths)}


def date_files_estimate(package: Any) -> dict[str, Any]:
    """What api/state/DATE.json would cost: one file (the last date's) timed and measured, times the dates."""
    from geo import Timeline
    from geo.frames import frame_dates
    from geo.statejson import state_json, state_text

    timeline = Timeline(package)
    dates = frame_dates(timeline)
    started = time.perf_counter()
    one = len(state_text(state_json(package, timeline, dates[-1])).encode("utf-8"))
    took = time.perf_counter() - started
    return {"dates": len(dates), "one_file_bytes": one, "one_file_s": round(took, 2),
            "all_bytes": one * len(dates), "all_s": round(took * len(dates)), "load": load()}


def static(data: Path, browser: Any, steps: int) -> dict[str, Any]:
    from geo import load_package
    from geo.site import export_site

    package = load_package(data)
    with tempfile.TemporaryDirectory(prefix="kcm-site-") as tmp:
        site = Path(tmp) / "site"
        started = time.perf_counter()
        report = export_site(package, site, date_files=False)
        export_s = time.perf_counter() - started
        exported = {"export_s": round(export_s, 1), "site_bytes": report.total_bytes, "api_bytes": report.api_bytes,
                    "chunk_bytes": report.chunk_bytes, "load": load()}
        print(json.dumps(exported), flush=True)
        steps_ms = static_steps.measure_site(site, browser, (("no panel", ""), ("a district's panel open",
                                                                                 "&district=SY-00000")), steps)
        return {**exported, **first_load(site), "steps": steps_ms, "load_after_steps": load(),
                "date_files_estimate": date_files_estimate(package)}


def measure(name: str, root: Path, browser: Any, steps: int, with_static: bool, first_map_s: float,
            with_app: bool = True) -> dict[str, Any]:
    districts, district_changes, settlements, place_changes = SIZES[name]
    started = time.perf_counter()
    data = make_package(root / name, districts, district_changes, settlements=settlements,
                        place_changes=place_changes)
    result: dict[str, Any] = {"size": name, "districts": districts, "settlements": settlements,
                              "district_changes": district_changes, "settlement_changes": place_changes,
                              "generate_s": round(time.perf_counter() - started, 1),
                              "data_bytes": sum(f.stat().st_size for f in data.iterdir())}
    if with_app:
        print(f"{name}: load + validate…", flush=True)
        result["load_validate"] = load_validate(data)
        print(f"{name}: app…", flush=True)
        try:
            result["app"] = app(data, browser, steps, first_map_s)
        except Exception as exc:  # noqa: BLE001 - an app that does not step is the finding
            result["app"] = {"error": f"{type(exc).__name__}: {exc}"[:500], "load": load()}
    if with_static:
        print(f"{name}: static edition…", flush=True)
        try:
            result["static"] = static(data, browser, steps)
        except Exception as exc:  # noqa: BLE001 - the same
            result["static"] = {"error": f"{type(exc).__name__}: {exc}"[:500], "load": load()}
    print(json.dumps(result, indent=1), flush=True)
    return result


def verdicts(sizes: list[dict[str, Any]]) -> dict[str, Any]:
    """Each target against the largest size measured for it (by settlements)."""
    def figure(size: dict[str, Any], key: str) -> float | None:
        lv, ap, st = size.get("load_validate", {}), size.get("app", {}), size.get("static", {})
        return {"load_validate_s": lv.get("wall_s"), "app_step_p50_ms": ap.get("step_latency_ms", {}).get("median"),
                "app_server_rss_mb": ap.get("server_peak_rss_mb"),
                "static_first_load_bytes": st.get("first_load_gzip_bytes"),
                "static_step_p95_ms": max((s["p95_ms"] for s in st.get("steps", {}).values()), default=None)}[key]
    out = {}
    for key, target in TARGETS.items():
        measured = [(s["size"], v) for s in sorted(sizes, key=lambda s: -s["settlements"])
                    if (v := figure(s, key)) is not None]
        if measured:  # met or not only at the size the targets are for; a smaller size is a hint
            name, value = measured[0]
            out[key] = {"target": target, "size": name, "measured": value,
                        "met": value <= target if name == "30k" else None}
        else:
            out[key] = {"target": target, "measured": None, "met": None}
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="baseline,30k")
    parser.add_argument("--static-sizes", default="baseline,30k")
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--first-map-timeout", type=float, default=1800,
                        help="seconds the app's first map may take (its cold start builds every frame's areas)")
    args = parser.parse_args(argv)
    static_sizes = set(args.static_sizes.split(",")) if args.static_sizes else set()
    sizes = [s for s in args.sizes.split(",") if s]
    names = [*sizes, *(s for s in args.static_sizes.split(",") if s and s not in sizes)]
    results: dict[str, Any] = {"machine": machine(), "taken": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                               "load_at_start": load(), "steps": args.steps}
    with tempfile.TemporaryDirectory(prefix="kcm-scale30k-") as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        results["chromium"] = browser.version
        results["sizes"] = []
        for name in names:  # written after each size: a long run stopped keeps what it measured
            results["sizes"].append(measure(name, Path(tmp), browser, args.steps, name in static_sizes,
                                            args.first_map_timeout, name in sizes))
            results["targets"] = verdicts(results["sizes"])
            results["load_at_end"] = load()
            (RESULTS if sizes else STATIC_RESULTS).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        browser.close()
    print(json.dumps(results["targets"], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
