"""Build `districts.geojson` from Natural Earth's admin-1 layer, reproducibly.

Pipeline: read → fix known errors → assign unique ids → name from the project's table →
round coordinates (keeping geometries valid) → compute areas in an equal-area CRS → write atomically.
Building twice from the same inputs gives byte-identical output. What is one source's and one war's (the codes it
gets wrong, the geometries a fix relies on, the fixes' words) is the recipe's (geo/build_recipe.py).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
from pyproj import Geod
from shapely.geometry import mapping, shape

from . import settings as S
from ._files import write_atomically
from ._geom import round_coordinates
from ._parse import PARSE_ERRORS, Collector, clip, read_json, read_yaml_mapping, record_id
from ._validate import validate_one
from .build_recipe import DEFAULT_RECIPE, Recipe, read_recipe
from .errors import DataError, GeoError
from .schemas_districts import NamesEntry, SourceFeatureProperties

# NE repeats a code for a district and the city inside it: the city's id gets this suffix.
CITY_SUFFIX = "-C"


def build_districts(source: Path, names_file: Path, out_file: Path, recipe: Path = DEFAULT_RECIPE) -> dict[str, Any]:
    """Build the districts GeoJSON from `source` by `recipe` and write it to `out_file`; returns it."""
    collection = districts_collection(source, names_file, recipe)
    write_atomically(out_file, dumps_collection(collection))
    return collection


def districts_collection(source: Path, names_file: Path, recipe_file: Path = DEFAULT_RECIPE) -> dict[str, Any]:
    recipe = read_recipe(recipe_file)
    problems = Collector()
    features = _source_features(source, problems)
    names = _name_table(names_file, problems)
    if problems.problems:
        raise DataError(problems.problems)
    raw = source.read_bytes()  # read again only to record its checksum

    ids = assign_ids(features, recipe.renamed_ids)
    _check_geometries(features, ids, recipe)
    ordered = sorted(zip(features, ids, strict=True), key=lambda pair: pair[1])
    geometries = [clean_geometry(shape(feature["geometry"])) for feature, _ in ordered]
    areas = areas_km2(geometries)
    out = []
    for (feature, fid), geometry, area in zip(ordered, geometries, areas, strict=True):
        out.append({
            "type": "Feature",
            "properties": _properties(fid, feature["properties"], names.get(fid), area, recipe.local_language),
            "geometry": mapping(geometry),
        })
    missing = sorted(set(names) - set(ids))
    if missing:
        raise GeoError(f"{names_file}: ids not in the source: {', '.join(missing)}")
    return {
        "type": "FeatureCollection",
        "provenance": provenance(source, raw, recipe),
        "features": out,
    }


# The fields of an entry of the name table (see the head of geo/data/names.yaml).
def _source_features(source: Path, out: Collector) -> list[dict[str, Any]]:
    """The source's features, each with an `iso_3166_2` code and a GeoJSON geometry; every flaw is reported
    against the source file and the feature's code (or its number)."""
    label = str(source)
    data = read_json(source, label, out)
    if data is None:
        return []
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        out.add(label, "-", "features", "must be a GeoJSON FeatureCollection with a 'features' list")
        return []
    for i, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            out.add(label, f"#{i + 1}", "properties", "feature has no properties (a mapping)")
            continue
        rid = record_id({"id": props.get("iso_3166_2")}, i)
        validate_one(SourceFeatureProperties, props, label, rid, out, within=["properties"])
        try:
            shape(feature.get("geometry"))
        except (*PARSE_ERRORS, shapely.errors.GEOSException) as exc:
            out.add(label, rid, "geometry", f"is not a GeoJSON geometry ({clip(str(exc), 80)})")
    return features


def _name_table(names_file: Path, out: Collector) -> dict[str, dict[str, Any]]:
    """The project's name table: per district id, its names, role, centre and parent (names.yaml's schema,
    as validate checks it)."""
    label = str(names_file)
    table = read_yaml_mapping(names_file, label, out)
    for did, entry in table.items():
        validate_one(NamesEntry, entry, label, str(did), out)
    return table


def assign_ids(features: list[dict[str, Any]], renamed: dict[str, str] | None = None) -> list[str]:
    """One unique id per feature: the NE code, renamed where NE's code is wrong (the recipe's) or repeated."""
    renamed = renamed or {}
    codes = [f["properties"]["iso_3166_2"] for f in features]
    ids = []
    for feature, code in zip(features, codes, strict=True):
        fid = renamed.get(code, code)
        if codes.count(code) > 1 and feature["properties"].get("type_en") == "Municipality":
            fid = code + CITY_SUFFIX
        ids.append(fid)
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise GeoError(f"source has repeated codes the build cannot resolve: {', '.join(duplicates)}")
    return ids


def _check_geometries(features: list[dict[str, Any]], ids: list[str], recipe: Recipe) -> None:
    """A fix may rely on a feature's geometry being the place it names (the recipe's checks): check it, so a new
    source cannot fool us."""
    for fid, name, (west, south, east, north) in recipe.checks:
        if fid not in ids:
            raise GeoError(f"source has no {fid} ({name}) feature")
        c = shape(features[ids.index(fid)]["geometry"]).centroid
        if not (west <= c.x <= east and south <= c.y <= north):
            raise GeoError(f"{fid}'s geometry (centroid {c.y:.2f} N, {c.x:.2f} E) is not {name}")


def clean_geometry(geometry: Any) -> Any:
    """Round to the settings' precision on a grid (which keeps it valid) and orient rings per RFC 7946."""
    grid = 10 ** -S.SETTINGS.coordinate_decimals
    rounded = shapely.set_precision(geometry, grid)
    if not rounded.is_valid:
        rounded = shapely.make_valid(rounded)
    rounded = shapely.orient_polygons(rounded)
    # set_precision leaves float noise (46.30000000000001): round the printed values too.
    return round_coordinates(rounded, S.SETTINGS.coordinate_decimals)


def areas_km2(geometries: list[Any]) -> list[float]:
    """Areas in km², computed with geopandas in the settings' equal-area CRS (WGS84 lon/lat in)."""
    projected = gpd.GeoSeries(geometries, crs="EPSG:4326").to_crs(S.SETTINGS.equal_area_crs)
    return [round(float(a) / 1e6, 1) for a in projected.area]


def geodesic_area_km2(geometry: Any) -> float:
    """Area on the WGS84 ellipsoid, to cross-check the projected figure in tests."""
    area, _ = Geod(ellps="WGS84").geometry_area_perimeter(geometry)
    return abs(area) / 1e6


def _properties(fid: str, ne: dict[str, Any], entry: dict[str, Any] | None, area: float,
                local_language: dict[str, str]) -> dict[str, Any]:
    country = fid.split("-")[0]  # an ISO 3166-2 code starts with its country's ISO 3166-1 code
    if entry is None:  # context region: Natural Earth's names, said so (its local name in the country's language)
        entry = {"en": ne.get("name_en") or ne.get("name"), "ru": ne.get("name_ru") or None, "role": "context",
                 "names_from": "natural_earth"}
        if country in local_language:
            entry[local_language[country]] = ne.get("name")
    props: dict[str, Any] = {
        S.P_ID: fid,
        S.P_NE_CODE: ne["iso_3166_2"],
        S.P_ROLE: entry.get("role", "context"),
        S.P_COUNTRY: country,
        "name_en": entry.get("en"),
        "name_az": entry.get("az"),
        "name_hy": entry.get("hy"),
        "name_ru": entry.get("ru"),
        "label": entry.get("label") or entry.get("en"),
        S.P_ALIASES: list(entry.get("aliases", [])),
        S.P_PARENT: entry.get("parent"),
        S.P_CENTRE: entry.get("centre"),
        "names_from": entry.get("names_from", "project"),
        S.P_AREA: area,
    }
    return props


def provenance(source: Path, raw: bytes, recipe: Recipe) -> dict[str, Any]:
    return {
        "source": recipe.source,
        "source_file": source.name,
        "source_sha256": hashlib.sha256(raw).hexdigest(),
        "credit": "Made with Natural Earth",
        "licence": "public domain",
        "scale": "1:10,000,000 (about 1 km positional accuracy): fine for a dashboard, not for surveying",
        "coordinates": f"WGS84 lon/lat rounded to {S.SETTINGS.coordinate_decimals} decimals",
        "area": f"area_km2 computed in {S.SETTINGS.equal_area_crs} (equal-area)",
        "fixes": list(recipe.fixes),
    }


def dumps_collection(collection: dict[str, Any]) -> str:
    """Stable text: one feature per line, keys sorted, so rebuilding gives the same bytes and small diffs."""
    head = {k: v for k, v in collection.items() if k != "features"}
    lines = [json.dumps(f, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for f in collection["features"]]
    head_text = json.dumps(head, ensure_ascii=False, sort_keys=True, indent=1)[:-2]
    return head_text + ',\n "features": [\n' + ",\n".join(lines) + "\n ]\n}\n"
