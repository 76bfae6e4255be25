"""Writers of `export-intervals`: CSV (the one CSV writer, `geo.csvfile`), GeoJSON, GeoPackage (Date-typed
start/end so QGIS's temporal controller finds them) and a Frictionless data package. Each writes a new file or
folder only: an existing one is refused, never replaced, and a failed write removes what it created."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from . import exports
from .csvfile import csv_text
from .errors import GeoError
from .intervals import COLUMNS, DATE_COLUMNS, intervals_geojson
from .models import Package
from .version import data_version

LINK_COLUMNS = ("interval_id", "source")
# Each side's accounts of an interval's records: a row per account, and a row per account and source it cites.
ACCOUNT_COLUMNS = ("interval_id", "account", "record", "side", "stance", "date", "precision", "by", "summary")
ACCOUNT_LINK_COLUMNS = ("interval_id", "account", "source")
# Table Schema types of the interval columns (every other column is a string).
_TYPES = {"start_date": "date", "end_date": "date", "pending_handover": "date", "time_precision": "integer",
          "date_prec": "integer", "geo_precision": "integer", "where_prec": "integer",
          "location_precision_m": "number", "share": "number", "lat": "number", "lon": "number",
          "accounts": "array", "account": "integer"}
_ENUMS = {"time_precision": [1, 2, 3], "geo_precision": [1, 2, 3], "date_prec": list(range(1, 8)),
          "where_prec": list(range(1, 8)), "layer": ["district", "settlement", "post", "corridor_route"]}
_DESCRIPTIONS = {
    "start_date": "first day of the interval", "end_date": "last day of the interval (empty: still so)",
    "start_precision": "day, month or year (the project's words)", "end_precision": "day, month or year",
    "time_precision": "ACLED time_precision of the coarser of start and end (1 day, 2 week, 3 month or coarser)",
    "date_prec": "UCDP date_prec of the coarser of start and end (1 day, 4 month, 5 year)",
    "location_precision": "exact, settlement, approximate or district (the project's words)",
    "location_precision_m": "how far the real place may be from the point or line drawn, in metres",
    "geo_precision": "ACLED geo_precision (1 town, 2 near a town or part of a region, 3 province)",
    "where_prec": "UCDP where_prec (1 exact or a settlement, 2 within 25 km, 3 about a district, 4 admin-1)",
    "basis": "district: actual or scheduled; settlement: announced, reported, handover, agreed, or prior (held "
             "before its first recorded change)",
    "claimant": "who announced the claim (settlements whose basis is announced)",
    "records": "ids of the data package records behind the interval, '; '-separated",
    "sources": "ids of the sources cited, '; '-separated (one row each in interval_sources)",
    "accounts": "each side's accounts of the records that open the interval, a JSON array of {record, side, stance, "
                "date, precision, by, summary, sources} (empty: none; one row each in interval_accounts)",
    "account": "the account's place among the interval's accounts, from 0",
    "side": "a side of the package's profile, or independent", "stance": "announced, denied, acknowledged or confirmed",
    "record": "the id of the record the account answers", "by": "who gave the account",
}
LICENSES = [
    {"name": "MIT", "path": "https://opensource.org/licenses/MIT",
     "title": "The project's data files and code (the repository's LICENSE)"},
    {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
     "title": "Settlement coordinates from GeoNames (geonames.org)"},
    {"name": "other-pd", "title": "District boundaries: Made with Natural Earth (public domain)"},
]


def write_new_text(out: Path, text: str) -> None:
    with out.open("x", encoding="utf-8", newline="") as f:  # "x": never replaces a file
        f.write(text)


def flat(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with their accounts as JSON text (None where none), for the formats whose cells hold text."""
    return [{**row, "accounts": accounts_json(row["accounts"])} for row in rows]


def accounts_json(accounts: list[dict[str, Any]]) -> str | None:
    return json.dumps(accounts, ensure_ascii=False) if accounts else None


def csv_rows_text(rows: list[dict[str, Any]]) -> str:
    return csv_text(COLUMNS, flat(rows))


def geojson_text(rows: list[dict[str, Any]], package: Package) -> str:
    return json.dumps(intervals_geojson(rows, package.coverage_end), ensure_ascii=False) + "\n"


GPKG_LAYERS = {"district": ("districts", "MultiPolygon"), "settlement": ("settlements", "Point"),
               "post": ("posts", "Point"), "corridor_route": ("corridor_routes", "LineString")}
_INTEGERS = ("time_precision", "date_prec", "geo_precision", "where_prec")
_FLOATS = ("location_precision_m", "share", "lat", "lon")


def write_gpkg(rows: list[dict[str, Any]], out: Path) -> None:
    """A GeoPackage (EPSG:4326) with a layer per kind (districts, settlements, posts, corridor_routes), each of
    one geometry type so QGIS opens it without asking; start_date/end_date/pending_handover are Date fields
    (NULL: still so). Written beside OUT and linked into place, which fails rather than replace a file."""
    import numpy as np  # only this format needs them
    import pyogrio.raw
    import shapely

    if out.exists() or out.is_symlink():
        raise GeoError(f"{out} exists; --out writes a new file only (nothing is overwritten)")
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp.gpkg", dir=out.parent)
    os.close(fd)
    os.unlink(tmp)  # GDAL creates the file itself
    try:
        for i, (layer, (name, geometry_type)) in enumerate(GPKG_LAYERS.items()):
            part = [r for r in rows if r["layer"] == layer]
            if not part:
                continue
            geoms = [shapely.geometry.shape(r["geometry"]) for r in part]
            if geometry_type == "MultiPolygon":
                geoms = [g if g.geom_type == "MultiPolygon" else shapely.MultiPolygon([g]) for g in geoms]
            # numpy datetime64[D] is what pyogrio writes as an OGR Date field (NaT: NULL); object columns of
            # datetime.date would become text.
            data = [_column(c, [r[c] for r in flat(part)], np) for c in COLUMNS]
            pyogrio.raw.write(tmp, shapely.to_wkb(np.array(geoms, dtype=object)), data, list(COLUMNS), layer=name,
                              driver="GPKG", geometry_type=geometry_type, crs="EPSG:4326", append=i > 0 and
                              os.path.exists(tmp))
        os.link(tmp, out)  # FileExistsError if someone made OUT meanwhile
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _column(name: str, values: list[Any], np: Any) -> Any:
    if name in DATE_COLUMNS:
        return np.array([v.isoformat() if v else "NaT" for v in values], dtype="datetime64[D]")
    if name in _INTEGERS:
        return np.array(values, dtype="int64")
    if name in _FLOATS:
        return np.array([np.nan if v is None else v for v in values], dtype="float64")
    return np.array(["; ".join(v) if isinstance(v, list) else v for v in values], dtype=object)


def write_datapackage(rows: list[dict[str, Any]], package: Package, out: Path) -> list[Path]:
    """A Frictionless data package in the new folder OUT: intervals.csv, sources.csv, interval_sources.csv
    (one row per interval and source cited: the claims-to-sources link), interval_accounts.csv and
    account_sources.csv (each side's accounts of an interval's records, and the sources each cites) and
    datapackage.json with their Table Schemas, primary and foreign keys and licences."""
    sources = exports.source_rows(package)
    links = [{"interval_id": r["interval_id"], "source": s} for r in rows for s in r["sources"]]
    accounts = [{"interval_id": r["interval_id"], "account": i, **a} for r in rows for i, a in enumerate(r["accounts"])]
    account_links = [{"interval_id": a["interval_id"], "account": a["account"], "source": s}
                     for a in accounts for s in dict.fromkeys(a["sources"])]
    unknown = sorted({link["source"] for link in [*links, *account_links]} - {s["id"] for s in sources})
    if unknown:  # validation refuses this; say so rather than write a package that fails its own keys
        raise GeoError(f"intervals cite unknown source ids: {', '.join(unknown[:5])}")
    files = {
        "intervals.csv": csv_text(COLUMNS, flat(rows)),
        "sources.csv": csv_text(exports.SOURCE_COLUMNS, sources),
        "interval_sources.csv": csv_text(LINK_COLUMNS, links),
        "interval_accounts.csv": csv_text(ACCOUNT_COLUMNS, accounts),
        "account_sources.csv": csv_text(ACCOUNT_LINK_COLUMNS, account_links),
        "datapackage.json": json.dumps(descriptor(package), ensure_ascii=False, indent=1) + "\n",
    }
    try:
        out.mkdir()  # never an existing folder
    except FileExistsError:
        raise GeoError(f"{out} exists; --out writes a new folder only (nothing is overwritten)") from None
    try:
        for name, text in files.items():
            write_new_text(out / name, text)
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)  # the folder is ours: made above
        raise
    return [out / name for name in files]


def _field(name: str) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": _TYPES.get(name, "string")}
    if name in _DESCRIPTIONS:
        field["description"] = _DESCRIPTIONS[name]
    if name in _ENUMS:
        field["constraints"] = {"enum": _ENUMS[name]}
    if name in ("interval_id", "layer", "id", "start_date", "source", "account"):
        field.setdefault("constraints", {})["required"] = True
    return field


def _resource(name: str, columns: tuple[str, ...], schema: dict[str, Any], title: str) -> dict[str, Any]:
    return {"name": name, "path": f"{name}.csv", "title": title, "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig",
            "schema": {"fields": [_field(c) for c in columns], **schema}}


def descriptor(package: Package) -> dict[str, Any]:
    """datapackage.json: the five tables, their keys and the licences."""
    return {
        "profile": "tabular-data-package",
        "name": "karabakh-ceasefire-map-intervals",
        "title": f"{package.title}: intervals",
        "description": "One row per interval of each district's state, settlement's controller, post and corridor "
                       "route, with the sources cited (python -m geo export-intervals).",
        "version": data_version(package)[:12],
        "licenses": LICENSES,
        "resources": [
            _resource("intervals", COLUMNS, {"primaryKey": ["interval_id"]}, "Intervals"),
            _resource("sources", exports.SOURCE_COLUMNS, {"primaryKey": ["id"]}, "Sources"),
            _resource("interval_sources", LINK_COLUMNS, {
                "primaryKey": list(LINK_COLUMNS),
                "foreignKeys": [
                    {"fields": ["interval_id"], "reference": {"resource": "intervals", "fields": ["interval_id"]}},
                    {"fields": ["source"], "reference": {"resource": "sources", "fields": ["id"]}},
                ]}, "Which sources each interval cites"),
            _resource("interval_accounts", ACCOUNT_COLUMNS, {
                "primaryKey": ["interval_id", "account"],
                "foreignKeys": [
                    {"fields": ["interval_id"], "reference": {"resource": "intervals", "fields": ["interval_id"]}},
                ]}, "Each side's accounts of the records that open each interval"),
            _resource("account_sources", ACCOUNT_LINK_COLUMNS, {
                "primaryKey": list(ACCOUNT_LINK_COLUMNS),
                "foreignKeys": [
                    {"fields": ["interval_id", "account"],
                     "reference": {"resource": "interval_accounts", "fields": ["interval_id", "account"]}},
                    {"fields": ["source"], "reference": {"resource": "sources", "fields": ["id"]}},
                ]}, "Which sources each account cites"),
        ],
    }
