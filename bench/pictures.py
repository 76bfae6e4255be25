"""What `geo map` and `geo animate` cost (issue 18, item 2): the budget is 5 s per image and 60 s for the 44-day
war's animation at 1080 px. Each is timed as a user runs it (a fresh `python -m geo` process: imports and the
package's loading included) and, for the map, also the drawing alone with the package already loaded. The sizes
are recorded too (the war's GIF must stay under 8 MB).

    .venv/bin/python -m bench.pictures        # prints JSON, writes bench/pictures-results.json; figures in README
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "pictures-results.json"
WAR = ("2020-09-27", "2020-11-09")  # 27 Sep to 9 Nov 2020: 44 days, the day before the statement took effect
MAP_RUNS = 3


def _timed(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, check=True, capture_output=True, timeout=600)
    return time.perf_counter() - start


def main() -> dict[str, Any]:
    from geo import settings as S
    from geo.load import load_package
    from geo.picture.render import map_bytes
    from geo.picture.source import map_source

    result: dict[str, Any] = {"measured": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                              "cpus": os.cpu_count(), "load_average": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="kcm-bench-pictures-") as folder:
        out = Path(folder)
        for ext in ("png", "svg", "pdf"):
            times = [_timed("map", "2020-11-20", "--out", str(out / f"map-{i}.{ext}")) for i in range(MAP_RUNS)]
            result[f"geo_map_{ext}_s"] = {"median": round(statistics.median(times), 2), "runs": [round(t, 2)
                                                                                               for t in times]}
            result[f"geo_map_{ext}_bytes"] = (out / f"map-0.{ext}").stat().st_size
        source = map_source(load_package(S.DEFAULT_DATA_DIR))
        drawn = []
        for day in (dt.date(2020, 11, 20), dt.date(2021, 6, 1), dt.date(2023, 9, 20)):
            start = time.perf_counter()
            map_bytes(source, day, "png")
            drawn.append(time.perf_counter() - start)
        result["draw_png_loaded_package_s"] = {"median": round(statistics.median(drawn), 2),
                                               "runs": [round(t, 2) for t in drawn]}
        kinds = ["gif", "mp4"] if shutil.which("ffmpeg") else ["gif"]
        for ext in kinds:
            path = out / f"war.{ext}"
            seconds = _timed("animate", *WAR, "--out", str(path), "--width", "1080")
            result[f"war_{ext}"] = {"seconds": round(seconds, 1), "bytes": path.stat().st_size, "frames": 44}
    RESULTS.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    print(json.dumps(main(), indent=1))
