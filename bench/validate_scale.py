"""What validation costs on packages shaped to stress it (issue 21, item 11): many citations of one seed
quote, and many places or periods. Each case is validated in a fresh process, so that its CPU time and peak
memory (max RSS) are its own.

    python -m bench.validate_scale [quotes|places|periods ...]
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from bench.synthetic import START, _NoAliasDumper, make_package

QUOTE = "the peacekeepers entered the district on Friday"
SEED = "seed.txt"


def _seed(data: Path, text: str) -> None:
    """One seed article, its index pointing at it."""
    seeds = data.parent / "seeds"
    (seeds / SEED).write_text(text, encoding="utf-8")
    (seeds / "index.yaml").write_text(yaml.safe_dump([{
        "id": SEED, "title": "Synthetic seed", "publisher_basis": "unknown", "date_basis": "unknown",
        "sha256": hashlib.sha256(text.encode()).hexdigest()}]), encoding="utf-8")


def quotes_package(root: Path, events: int = 429, citations: int = 1_000) -> Path:
    """`events` events each citing one seed quote `citations` times (the issue's 49.8 MB package)."""
    data = make_package(root / "quotes", 1, 1)
    article = ("Filler sentence about something else entirely. " * 2_000) + QUOTE + " The end."
    _seed(data, article)
    cites = [{"source": SEED, "quote": QUOTE} for _ in range(citations)]
    records = [{"id": f"e{i}", "date": START.isoformat(), "precision": "day", "title": f"Event {i}",
                "citations": cites} for i in range(events)]
    (data / "events.yaml").write_text(yaml.dump(records, Dumper=_NoAliasDumper, sort_keys=False), encoding="utf-8")
    return data


def places_package(root: Path, count: int = 200_000) -> Path:
    """`count` places spread over the synthetic region (one district), each its own stated point."""
    data = make_package(root / "places", 1, 1)
    district = json.loads((data / "districts.geojson").read_text())["features"][0]
    (x0, y0), (x1, y1) = district["geometry"]["coordinates"][0][0], district["geometry"]["coordinates"][0][2]
    side = int(count ** 0.5) + 1
    records = []
    for i in range(count):
        lat = round(y0 + 0.01 + (y1 - y0 - 0.02) * (i // side) / side, 6)
        lon = round(x0 + 0.01 + (x1 - x0 - 0.02) * (i % side) / side, 6)
        records.append({"id": f"p{i}", "kind": "village", "district": district["properties"]["id"],
                        "names": {"en": f"Place {i}"}, "precision_m": 100,
                        "coordinate": {"lat": lat, "lon": lon, "as_written": f"{lat}, {lon}",
                                       "source": "synthetic-source"}})
    (data / "places.yaml").write_text(yaml.dump(records, Dumper=_NoAliasDumper, sort_keys=False), encoding="utf-8")
    return data


def periods_package(root: Path, count: int = 200_000) -> Path:
    data = make_package(root / "periods", 1, 1)
    records = [{"id": f"x{i}", "title": f"Period {i}", "start": (START + dt.timedelta(days=i % 9000)).isoformat(),
                "end": None, "summary": "synthetic period",
                "citations": [{"source": "synthetic-source", "note": "synthetic"}]} for i in range(count)]
    (data / "periods.yaml").write_text(yaml.dump(records, Dumper=_NoAliasDumper, sort_keys=False), encoding="utf-8")
    return data


CASES = {"quotes": quotes_package, "places": places_package, "periods": periods_package}


def _measure(data: Path) -> dict[str, float | int]:
    """Validate `data` in this process: CPU seconds, wall seconds, peak resident memory in MB, problems."""
    from geo import check_package

    t0, c0 = time.perf_counter(), time.process_time()
    _, problems = check_package(data)
    return {"cpu_s": round(time.process_time() - c0, 2), "wall_s": round(time.perf_counter() - t0, 2),
            "peak_mb": _peak_mb(), "problems": len(problems)}


def _peak_mb() -> int:
    """This process's peak resident memory since its exec (ru_maxrss would carry the parent's over exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def main(names: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name in names or list(CASES):
            data = CASES[name](Path(tmp))
            size = sum(f.stat().st_size for f in data.iterdir()) / 1e6
            result = subprocess.run([sys.executable, "-m", "bench.validate_scale", "--measure", str(data)],
                                    capture_output=True, text=True, check=True)
            print(json.dumps({"case": name, "data_mb": round(size, 1), **json.loads(result.stdout)}))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        print(json.dumps(_measure(Path(sys.argv[2]))))
    else:
        main(sys.argv[1:])
