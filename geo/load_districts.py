"""Readers of the map's units: the districts (districts.geojson, with its provenance), the name table they
were built from (names.yaml) and the GeoNames rows the package cites (places.csv)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pydantic import ValidationError
from shapely.geometry import shape

from . import settings as S
from ._parse import PARSE_ERRORS, Collector, clip, read_csv_rows, read_json, read_yaml_mapping, record_id, show
from ._validate import field_text, validate_one
from .models import District, GeoName, Names
from .package_files import DISTRICTS_FILE, FILES_BY_NAME, GEONAMES_FILE, NAMES_FILE
from .profile import refuse_unless
from .schemas_districts import DistrictProperties, Geometry, GeoNameRow, NamesEntry, Provenance

PLACE_COLUMNS = tuple(GeoNameRow.__annotations__)


def read_districts(data_dir: Path, out: Collector, countries: tuple[str, ...] | None
                   ) -> tuple[dict[str, District], dict[str, Any]]:
    data = read_json(data_dir / DISTRICTS_FILE, DISTRICTS_FILE, out)
    if data is None:
        return {}, {}
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(features, list):
        out.add(DISTRICTS_FILE, "-", "type", "must be a GeoJSON FeatureCollection with a 'features' list")
        out.unreadable.add(DISTRICTS_FILE)
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
        geometry, flaws = _geometry(feat.get("geometry"))
        for field, message in flaws:
            out.add(DISTRICTS_FILE, rid, field, message)
        did = props.get(S.P_ID)
        if isinstance(did, str) and did in seen:
            out.add(DISTRICTS_FILE, rid, S.P_ID, "duplicate district id")
            continue
        if isinstance(did, str):
            seen.add(did)
        country = props.get(S.P_COUNTRY)  # checked on a refused feature too, so that every problem shows at once
        if isinstance(country, str) and not refuse_unless(country, countries,
                                                          functools.partial(out.add, DISTRICTS_FILE, rid), S.P_COUNTRY):
            continue
        if p is None or flaws:
            continue
        districts[p[S.P_ID]] = District(
            id=p[S.P_ID], names=Names(en=p["name_en"], az=p.get("name_az"), hy=p.get("name_hy"), ru=p.get("name_ru"),
                                      aliases=tuple(p.get(S.P_ALIASES) or ()), label=p.get("label")),
            role=p[S.P_ROLE], country=p[S.P_COUNTRY], area_km2=p[S.P_AREA], geometry=geometry,
            parent=p.get(S.P_PARENT), centre=p.get(S.P_CENTRE),
        )
    return districts, _provenance(data.get("provenance", {}), out)


def _provenance(value: Any, out: Collector) -> dict[str, Any]:
    """The boundaries' provenance, shown on the About page (all of it, or nothing if it has a problem)."""
    provenance = validate_one(Provenance, value, DISTRICTS_FILE, "-", out, within=["provenance"])
    return dict(provenance) if provenance is not None else {}


def _geometry(value: Any) -> tuple[Any, list[tuple[str, str]]]:
    """A feature's shapely geometry (None if unreadable) and its problems as (field, message): it must be
    a valid Polygon or MultiPolygon of finite 2D longitude and latitude positions."""
    if not isinstance(value, dict):
        return None, [("geometry", f"{show(value)} is not a GeoJSON geometry; allowed: Polygon, MultiPolygon")]
    try:
        with np.errstate(invalid="ignore"):  # NaN coordinates are reported below, not warned about
            geometry = shape(value)
    except (*PARSE_ERRORS, shapely.errors.GEOSException) as exc:
        return None, [("geometry", f"is not a readable GeoJSON geometry ({clip(str(exc))})")]
    polygonal = geometry.geom_type in ("Polygon", "MultiPolygon")
    flaws = _ring_flaws(value) if polygonal and not geometry.has_z else []  # shapely closes an open ring silently
    xyz = shapely.get_coordinates(geometry, include_z=True)
    if geometry.is_empty:
        flaws.append(("geometry", "is empty"))
    elif not polygonal:
        flaws.append(("geometry", f"{geometry.geom_type} is not allowed; allowed: Polygon, MultiPolygon"))
    elif geometry.has_z:
        flaws.append(("geometry", "has 3D coordinates; allowed: 2D [longitude, latitude] positions"))
    elif not (np.isfinite(xyz[:, :2]).all() and (np.abs(xyz[:, 0]) <= 180).all() and (np.abs(xyz[:, 1]) <= 90).all()):
        flaws.append(("geometry", "has a coordinate that is not a finite longitude (-180..180) and latitude (-90..90)"))
    elif not geometry.is_valid:
        flaws.append(("geometry", f"is invalid ({shapely.is_valid_reason(geometry)})"))
    return geometry, flaws


def _ring_flaws(geometry: dict[str, Any]) -> list[tuple[str, str]]:
    """The GeoJSON rules shapely does not enforce: each ring closed, with at least 4 positions."""
    try:
        Geometry.validate_python(geometry)
    except ValidationError as exc:
        return [(field_text(["geometry", *e["loc"][1:]]), e["msg"].removeprefix("Value error, ")
                 + " (RFC 7946: a ring is closed and has at least 4 positions)") for e in exc.errors(include_url=False)]
    return []


def check_names_table(data_dir: Path, districts: dict[str, District], out: Collector) -> None:
    """names.yaml, when the package has it, is the table districts.geojson was built from: each entry
    must be valid, name a district, and agree with it (else the built file is stale)."""
    path = data_dir / NAMES_FILE
    if not path.exists() and not FILES_BY_NAME[NAMES_FILE].required:
        return
    table = read_yaml_mapping(path, NAMES_FILE, out)
    for did, raw in table.items():
        rid = str(did)
        entry = validate_one(NamesEntry, raw, NAMES_FILE, rid, out)
        if entry is None:
            continue
        district = districts.get(rid)
        if district is None and not out.readable(DISTRICTS_FILE):
            continue
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
    """The GeoNames rows the package cites (places.csv), by GeoNames id."""
    places: dict[int, GeoName] = {}
    for row in read_csv_rows(data_dir / GEONAMES_FILE, GEONAMES_FILE, out, PLACE_COLUMNS):
        rid = row["geonameid"] or "-"
        r = validate_one(GeoNameRow, row, GEONAMES_FILE, rid, out)
        if r is None:
            continue
        if r["geonameid"] in places:
            out.add(GEONAMES_FILE, rid, "geonameid", "duplicate GeoNames id")
            continue
        places[r["geonameid"]] = GeoName(geonameid=r["geonameid"], name=r["name"], country=r["country"],
                                         population=r["population"], lat=r["latitude"],
                                         lon=r["longitude"])
    return places
