"""How the cost grows with the data: load+validate, state_at per query, layer building, payload size."""

from __future__ import annotations

import datetime as dt
import json
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.synthetic import END, START, make_package
from dashboard.map import encode
from geo import Timeline, check_package
from geo.frames import MapEncoder, date_payload, map_geometry
from geo.layers.districts import district_state, state_at

SIZES = [(100, 1_000), (100, 10_000), (1_000, 10_000), (1_000, 100_000)]


def _median_ms(fn: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(times), 3)


def measure_size(regions: int, changes: int, root: Path) -> dict[str, Any]:
    data = make_package(root / f"r{regions}-c{changes}", regions, changes)
    t0 = time.perf_counter()
    package, problems = check_package(data)
    load_s = time.perf_counter() - t0
    assert not problems, problems[:3]
    t0 = time.perf_counter()
    timeline = Timeline(package)
    index_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    updates = MapEncoder(package, timeline)
    tables_s = time.perf_counter() - t0
    rng = random.Random(7)
    span = (END - START).days
    dates = [START + dt.timedelta(days=rng.randint(0, span)) for _ in range(200)]
    districts = list(package.districts)

    def one_region_batch() -> None:  # 2,000 single-region queries, timed together for resolution
        for i in range(2000):
            district_state(timeline, districts[i % len(districts)], dates[i % len(dates)])

    all_regions = iter(range(10**9))
    return {
        "regions": regions, "changes": changes,
        "load_validate_s": round(load_s, 2), "timeline_index_s": round(index_s, 3),
        "state_at_all_regions_ms": _median_ms(lambda: state_at(timeline, dates[next(all_regions) % 200]), 200),
        "district_state_one_region_us": round(_median_ms(one_region_batch, 5) * 1000 / 2000, 2),
        # What a step sends (indices into tables sent once) and, for comparison, the whole map of a date.
        "step_payload_ms": _median_ms(lambda: updates.frame(dates[0]), 20),
        "payload_bytes": len(encode(updates.frame(dates[0]))),
        "whole_date_payload_bytes": len(encode(date_payload(package, timeline, dates[0]))),
        "map_tables_build_s": round(tables_s, 3),
        "static_geometry_bytes": len(json.dumps({**map_geometry(package), "tables": updates.tables},
                                                separators=(",", ":"))),
        "data": str(data),
    }


def run(root: Path | None = None) -> list[dict[str, Any]]:
    root = root or Path(tempfile.mkdtemp(prefix="kcm-scale-"))
    return [measure_size(regions, changes, root) for regions, changes in SIZES]
