"""Load + validate a synthetic package of 100,000 control changes; the target is at most 3 s.

    python -m bench.load_100k [CHANGES] [REGIONS]

Generates the package into a temporary directory (bench/synthetic.py), then times `check_package`
three times and prints the best and median runs with a breakdown of where the time goes.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import make_package
from geo import check_package

TARGET_S = 3.0


def main(changes: int = 100_000, regions: int = 1_000) -> int:
    with tempfile.TemporaryDirectory(prefix="kcm-load-") as tmp:
        data = make_package(Path(tmp), regions, changes)
        size_mb = (data / "control.yaml").stat().st_size / 1e6
        times, cpu = [], []
        for _ in range(3):
            t0, c0 = time.perf_counter(), time.process_time()
            package, problems = check_package(data)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            assert not problems, problems[:3]
            assert len(package.changes) == changes
        profile = cProfile.Profile()
        profile.runcall(check_package, data)
    print(f"{changes:,} changes ({size_mb:.1f} MB control.yaml), {regions:,} regions: load + validate "
          f"best {min(times):.2f} s, median {statistics.median(times):.2f} s (CPU best {min(cpu):.2f} s; "
          f"target {TARGET_S} s); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    pstats.Stats(profile).sort_stats("cumulative").print_stats(12)
    return 0 if min(times) <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main(*(int(a) for a in sys.argv[1:])))
