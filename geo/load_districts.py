"""Readers of the map's units: the districts (districts.geojson, with its provenance), the name table they
were built from (names.yaml) and the GeoNames rows the package cites (places.csv)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pydantic import ValidationError
from shapely.geometry import shape

from . import settings as S
from ._parse import PARSE_ERRORS, Collector, Fields, clip, read_csv_rows, read_json, read_yaml_mapping, record_id, show
from ._validate import field_text, validate_one
from .models import District, GeoName, Names
from .schemas import DistrictProperties, Geometry, NamesEntry

DISTRICTS_FILE = "districts.geojson"
NAMES_FILE = "names.yaml"
GEONAMES_FILE = "places.csv"
PLACE_COLUMNS = ("geonameid", "name", "country", "population", "latitude", "longitude")


def read_districts(data_dir: Path, out: Collector) -> tuple[dict[str, District], dict[str, Any]]:
    data = read_json(data_dir / DISTRICTS_FILE, DISTRICTS_FILE, out)
    if data is None:
        return {}, {}
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(features, list):
        out.add(DISTRICTS_FILE, "-", "type", "must be a GeoJSON FeatureCollection with a 'features' list")
        return {}, {}
    districts: dict[str, District] = {}
    seen: set[str] = set()
    for i, feat in enumerate(data["features"]):
        props = feat.get("properties") if isinstance(feat, dict) else None
        if not isinstance(props, dict):
            out.add(DISTRICTS_FILE, f"#{i + 1}", "properties", "feature has no properties")
            continue
        rid = record_id(props, i)
        p = validate_one(DistrictProperties, props, DISTRICTS_FILE, rid, out)
        f = Fields(props, DISTRICTS_FILE, rid, out)  # the geometry's problems
        geometry = None
        if not isinstance(feat.get("geometry"), dict):
            f.problem("geometry", f"{show(feat.get('geometry'))} is not a GeoJSON geometry; allowed: Polygon, "
                                  "MultiPolygon")
        else:
            try:
                with np.errstate(invalid="ignore"):  # NaN coordinates are reported below, not warned about
                    geometry = shape(feat["geometry"])
            except (*PARSE_ERRORS, shapely.errors.GEOSException) as exc:
                f.problem("geometry", f"is not a readable GeoJSON geometry ({clip(str(exc))})")
        if geometry is not None and geometry.geom_type in ("Polygon", "MultiPolygon") and not geometry.has_z:
            _check_rings(feat["geometry"], f)  # shapely closes an open ring silently
        if geometry is not None:
            xyz = shapely.get_coordinates(geometry, include_z=True)
            if geometry.is_empty:
                f.problem("geometry", "is empty")
            elif geometry.geom_type not in ("Polygon", "MultiPolygon"):
                f.problem("geometry", f"{geometry.geom_type} is not allowed; allowed: Polygon, MultiPolygon")
            elif geometry.has_z:
                f.problem("geometry", "has 3D coordinates; allowed: 2D [longitude, latitude] positions")
            elif not (np.isfinite(xyz[:, :2]).all() and (np.abs(xyz[:, 0]) <= 180).all()
                      and (np.abs(xyz[:, 1]) <= 90).all()):
                f.problem("geometry", "has a coordinate that is not a finite longitude (-180..180) and latitude "
                                      "(-90..90)")
            elif not geometry.is_valid:
                f.problem("geometry", f"is invalid ({shapely.is_valid_reason(geometry)})")
        did = props.get(S.P_ID)
        if isinstance(did, str) and did in seen:
            f.problem(S.P_ID, "duplicate district id")
            continue
        if isinstance(did, str):
            seen.add(did)
        if p is None or not f.ok:
            continue
        districts[p[S.P_ID]] = District(
            id=p[S.P_ID], names=Names(p["name_en"], p.get("name_az"), p.get("name_hy"), p.get("name_ru"),
                                      tuple(p.get(S.P_ALIASES) or ()), p.get("label")),
            role=p[S.P_ROLE], country=p[S.P_COUNTRY], area_km2=p[S.P_AREA], geometry=geometry,
            parent=p.get(S.P_PARENT), centre=p.get(S.P_CENTRE),
        )
    return districts, _provenance(data.get("provenance", {}), out)


def _provenance(value: Any, out: Collector) -> dict[str, Any]:
    """The boundaries' provenance, shown on the About page: texts, and `fixes` a list of texts."""
    if not isinstance(value, dict):
        out.add(DISTRICTS_FILE, "-", "provenance", f"{show(value)} is not allowed; expected a mapping of texts")
        return {}
    f = Fields(value, DISTRICTS_FILE, "-", out, prefix="provenance.")
    for key in value:
        if key != "fixes":
            f.text(key)
    fixes = value.get("fixes", [])
    if not isinstance(fixes, list) or not all(isinstance(fix, str) and fix.strip() for fix in fixes):
        f.problem("fixes", f"{show(fixes)} is not allowed; expected a list of texts (or no 'fixes' at all)")
    return value if f.ok else {}


def _check_rings(geometry: dict[str, Any], f: Fields) -> None:
    """The GeoJSON rules shapely does not enforce: each ring closed, with at least 4 positions."""
    try:
        Geometry.validate_python(geometry)
    except ValidationError as exc:
        for e in exc.errors(include_url=False):
            where = field_text(["geometry", *e["loc"][1:]])
            f.problem(where, e["msg"].removeprefix("Value error, ") + " (RFC 7946: a ring is closed and has at least "
                                                                   "4 positions)")


def check_names_table(data_dir: Path, districts: dict[str, District], out: Collector) -> None:
    """names.yaml, when the package has it, is the table districts.geojson was built from: each entry
    must be valid, name a district, and agree with it (else the built file is stale)."""
    path = data_dir / NAMES_FILE
    if not path.exists():
        return
    table = read_yaml_mapping(path, NAMES_FILE, out)
    for did, raw in table.items():
        rid = str(did)
        entry = validate_one(NamesEntry, raw, NAMES_FILE, rid, out)
        if entry is None:
            continue
        district = districts.get(rid)
        if district is None:
            out.add(NAMES_FILE, rid, "-", f"unknown district {rid!r}; it must be an id in {DISTRICTS_FILE}")
            continue
        n = district.names
        built = {"en": n.en, "az": n.az, "hy": n.hy, "ru": n.ru, "label": n.label, "aliases": list(n.aliases),
                 "role": district.role, "parent": district.parent, "centre": district.centre}
        wanted = {**entry.model_dump(), "label": entry.label or entry.en}
        for key, value in wanted.items():
            if built[key] != value:
                out.add(NAMES_FILE, rid, key, f"{show(value)} differs from {DISTRICTS_FILE} ({show(built[key])}); "
                                              "rebuild it with `python -m geo build-districts`")


def read_geonames(data_dir: Path, out: Collector) -> dict[int, GeoName]:
    places: dict[int, GeoName] = {}
    for row in read_csv_rows(data_dir / GEONAMES_FILE, GEONAMES_FILE, out, PLACE_COLUMNS):
        rid = row["geonameid"] or "-"
        geonameid = _csv_number(row, "geonameid", int, 1, None, rid, out)
        population = _csv_number(row, "population", int, 0, None, rid, out)
        lat = _csv_number(row, "latitude", float, -90, 90, rid, out)
        lon = _csv_number(row, "longitude", float, -180, 180, rid, out)
        if geonameid is None or population is None or lat is None or lon is None:
            continue
        place = GeoName(geonameid, row["name"], row["country"], population, lat, lon)
        if place.geonameid in places:
            out.add(GEONAMES_FILE, rid, "geonameid", "duplicate GeoNames id")
            continue
        places[place.geonameid] = place
    return places


def _csv_number(row: dict[str, str], key: str, kind: type, low: float, high: float | None, rid: str,
                out: Collector) -> Any:
    """The column as `kind` from `low` to `high` (None: no upper bound; an empty population is 0), else a problem."""
    text = row[key].strip() or ("0" if key == "population" else "")
    try:
        value = kind(text)
    except ValueError:
        value = None
    if value is None or (kind is float and not math.isfinite(value)) or value < low or (
            high is not None and value > high):
        what = "an integer" if kind is int else "a number"
        out.add(GEONAMES_FILE, rid, key, f"{show(text)} is not allowed; expected {what} from {low}"
                                       + ("" if high is None else f" to {high}"))
        return None
    return value
