"""Synthetic data packages of any size, valid by construction, for the scale benchmark.

`make_package(dir, regions, changes)` writes a grid of square regions and a random (seeded) history
of control changes in the project's data format, so the real loader, validator, timeline and app run
on it unchanged. With `settlements` (and `place_changes`) it also writes a gazetteer of settlements on a
grid inside each region (places.yaml, their GeoNames rows in places.csv) and their control timelines
(place_control.yaml): the shape of a settlement-level dataset such as VIINA's. The regions then stay
split (their share changes), so that no region is drawn wholly held by one side while a settlement in it
is held by the other (the rule across layers): valid by construction.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from pathlib import Path

import yaml

START, END = dt.date(1994, 5, 12), dt.date(2024, 12, 31)
CONTROLLERS = ("armenian_forces", "azerbaijan", "split")
SOURCE = [{"source": "synthetic-source", "note": "synthetic record for benchmarking"}]


class _NoAliasDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes the shared citation list out in every record: data files may not use anchors and aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _squares(regions: int) -> list[dict]:
    side = math.ceil(math.sqrt(regions))
    west, south, size = 45.0, 38.9, 2.0 / side  # a 2°x2° block around the real map's area
    features = []
    for i in range(regions):
        x0, y0 = west + (i % side) * size, south + (i // side) * size
        ring = [[round(x0, 5), round(y0, 5)], [round(x0 + size, 5), round(y0, 5)],
                [round(x0 + size, 5), round(y0 + size, 5)], [round(x0, 5), round(y0 + size, 5)],
                [round(x0, 5), round(y0, 5)]]
        features.append({"type": "Feature", "properties": {
            "id": f"SY-{i:05d}", "name_en": f"Region {i}", "label": f"Region {i}", "role": "story",
            "country": "AZ", "area_km2": round((size * 111) ** 2 * 0.77, 1)},
            "geometry": {"type": "Polygon", "coordinates": [ring]}})
    return features


def _profile() -> dict:
    """The generated package's profile: its sides are CONTROLLERS' (the side names are generic)."""
    sides = [{"id": side, "code": n, "names": {"en": f"Side {n}"}, "party": f"side {n}", "status": f"Held by side {n}",
              "legend": f"Held by side {n}", "colour": colour}
             for side, n, colour in zip(CONTROLLERS[:2], "AB", ("#E69F00", "#0072B2"), strict=True)]
    words = {key: {"name": key, "legend": key, "colour": colour}
             for key, colour in (("split", "#CC79A7"), ("context", "#E8E8E8"), ("peacekeeping_zone", "#009E73"))}
    words["split"]["share"] = "held by side A"
    return {"title": "Synthetic", "attribution": "Synthetic data for benchmarking", "languages": ["en"],
            "countries": ["AZ"], "sides": sides, "operators": [{"id": "other", "name": "other", "colour": "#444444"}],
            "statuses": words, "map": {"centre": [39.9, 46.0], "zoom": 8, "region_bounds": [43.0, 38.0, 51.0, 42.5],
                                       "metric_crs": "EPSG:32638", "equal_area_crs": "EPSG:6933"},
            # The inferred areas' dates the engine had as constants before the profile did: the same work measured.
            "inferred": {"default_on": {"start": "2020-09-27", "end": "2020-12-01"}, "contact_date": "2020-11-10",
                         "contact_country": "AZ"}}


def make_package(root: Path, regions: int, changes: int, seed: int = 1, settlements: int = 0,
                 place_changes: int = 0) -> Path:
    """Write a package with `regions` regions and `changes` control changes under `root`, and `settlements`
    settlements with `place_changes` changes between them (at least one each); returns its data dir."""
    if settlements and place_changes < settlements:
        raise ValueError(f"place_changes ({place_changes}) must be at least settlements ({settlements}): "
                         "each settlement's timeline starts with a change")
    rng = random.Random(seed)
    data, seeds = root / "data", root / "seeds"
    data.mkdir(parents=True, exist_ok=True)
    seeds.mkdir(exist_ok=True)
    (seeds / "index.yaml").write_text("[]\n", encoding="utf-8")
    (data / "package.yaml").write_text(yaml.safe_dump({
        "title": f"Synthetic: {regions} regions, {changes} changes",
        "coverage": {"start": START.isoformat(), "end": END.isoformat()}, "seeds": "../seeds"}), encoding="utf-8")
    squares = _squares(regions)
    (data / "districts.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": squares}),
                                            encoding="utf-8")
    _settlements(data, squares, settlements, place_changes, rng)
    (data / "sources.yaml").write_text(yaml.safe_dump([{"id": "synthetic-source", "publisher": "Benchmark",
                                                         "title": "Synthetic data", "date": None}]), encoding="utf-8")
    outlet = {"id": "benchmark", "name": "Benchmark", "class": "not_citable", "reason": "Synthetic benchmark data."}
    (data / "publishers.yaml").write_text(yaml.safe_dump({"outlets": [outlet]}), encoding="utf-8")
    (data / "deny.yaml").write_text("[]\n", encoding="utf-8")
    (data / "events.yaml").write_text(yaml.safe_dump([{"id": "start", "date": START, "precision": "day",
                                                        "title": "Start", "citations": SOURCE}]), encoding="utf-8")
    (data / "profile.yaml").write_text(yaml.safe_dump(_profile(), sort_keys=False), encoding="utf-8")
    (data / "positions.yaml").write_text("[]\n", encoding="utf-8")
    (data / "corridor.yaml").write_text("[]\n", encoding="utf-8")
    span = (END - START).days
    records = []
    used: set[tuple[int, dt.date]] = set()
    for i in range(changes):
        region = i % regions
        if i < regions:  # each region's first record sets everything, at the coverage start
            date = START
            first = "split" if settlements else CONTROLLERS[0]
            new = {"controller": first, "share": 0.5 if settlements else None, "pending_handover": None,
                   "peacekeeping_zone": False}
        else:
            date = START + dt.timedelta(days=rng.randint(1, span))
            while (region, date) in used:  # one change per region and day: two could contradict each other
                date = START + dt.timedelta(days=rng.randint(1, span))
            controller = "split" if settlements else rng.choice(CONTROLLERS)
            new = {"controller": controller, "share": round(rng.random(), 2) if controller == "split" else None,
                   "peacekeeping_zone": rng.random() < 0.3}
        used.add((region, date))
        records.append({"id": f"c{i:06d}", "district": f"SY-{region:05d}", "date": date.isoformat(),
                        "precision": "day", "kind": "actual", "summary": "synthetic change", "set": new,
                        "citations": SOURCE})
    (data / "control.yaml").write_text(yaml.dump(records, Dumper=_NoAliasDumper, sort_keys=False), encoding="utf-8")
    return data


def _settlements(data: Path, squares: list[dict], count: int, changes: int, rng: random.Random) -> None:
    """places.csv, places.yaml and place_control.yaml: `count` settlements on a grid inside the regions (spaced
    well over the 50 m that makes two points one place), each with a timeline of changes between the two sides
    (each change's `from` is the side the one before left; at most one a day)."""
    header = "geonameid,name,country,population,latitude,longitude\n"
    if not count:  # one GeoNames row, cited by no place: the file is part of every package
        (data / "places.csv").write_text(header + "1,P,AZ,1,39.5,46.5\n", encoding="utf-8")
        return
    per = math.ceil(count / len(squares))
    side = math.ceil(math.sqrt(per))
    rows, places = [header], []
    for i in range(count):
        square, k = squares[i % len(squares)], i // len(squares)
        (x0, y0), (x1, y1) = square["geometry"]["coordinates"][0][0], square["geometry"]["coordinates"][0][2]
        lon = round(x0 + (x1 - x0) * (k % side + 0.5) / side, 5)
        lat = round(y0 + (y1 - y0) * (k // side + 0.5) / side, 5)
        rows.append(f"{i + 1},Settlement {i},AZ,{100 + i % 5000},{lat},{lon}\n")
        places.append({"id": f"s{i:06d}", "kind": "village", "district": square["properties"]["id"],
                       "names": {"en": f"Settlement {i}"}, "coordinate": {"geonames": i + 1}, "precision_m": 500})
    (data / "places.csv").write_text("".join(rows), encoding="utf-8")
    (data / "places.yaml").write_text(yaml.dump(places, Dumper=_NoAliasDumper, sort_keys=False), encoding="utf-8")
    # How many changes each settlement gets: one each, the rest spread at random.
    counts = [1] * count
    for _ in range(changes - count):
        counts[rng.randrange(count)] += 1
    span = (END - START).days
    records = []
    a, b = CONTROLLERS[:2]
    for i, n in enumerate(counts):
        days = sorted(rng.sample(range(1, span + 1), n))
        held = a if i % 2 else b
        for j, day in enumerate(days):
            new = b if held == a else a
            records.append({"id": f"s{i:06d}-{j}", "place": f"s{i:06d}",
                            "date": (START + dt.timedelta(days=day)).isoformat(), "precision": "day",
                            "from": held, "controller": new, "basis": "reported",
                            "summary": "synthetic settlement change", "citations": SOURCE})
            held = new
    (data / "place_control.yaml").write_text(yaml.dump(records, Dumper=_NoAliasDumper, sort_keys=False),
                                             encoding="utf-8")
