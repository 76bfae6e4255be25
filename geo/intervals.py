"""`python -m geo export-intervals`: the whole history as one row per interval, for tools that read intervals
(QGIS's temporal controller, kepler.gl, OpenHistoricalMap, Frictionless) rather than one date at a time.

A row is something that held from `start_date` to `end_date` (both days included; `end_date` None: still so at
the end of the covered range): a district's state between two of its changes, a settlement's controller, a
post's active life, a corridor route's period. Rows are derived from the same timeline the map reads (the
district forward fill is `timeline.replay`), so an interval says what `state DATE` says on each of its days.
Precision is given in the project's words and as ACLED's and UCDP's codes (mapping in docs/DATA.md).
Each side's accounts of the records that open an interval ride along (`accounts`: a list, [] where none).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import vocabulary
from .layers.districts import status_text
from .layers.districts_record import replay
from .models import Account, Citation, Package
from .timeline import Timeline

# The row's fields, in column order (the GeoJSON adds folium Timeline's `start`/`end`; `geometry` is apart).
COLUMNS = ("interval_id", "layer", "id", "name", "start_date", "end_date", "start_precision", "end_precision",
           "time_precision", "date_prec", "location_precision", "location_precision_m", "geo_precision",
           "where_prec", "controller", "status", "share", "pending_handover", "peacekeeping_zone", "kind", "basis",
           "claimant", "accounts", "records", "sources", "lat", "lon")
DATE_COLUMNS = ("start_date", "end_date", "pending_handover")
LAYERS = ("district", "settlement", "post", "corridor_route")

# ACLED time_precision: 1 the day is known, 2 the week, 3 only the month (ACLED has no coarser code: a
# year-precise date is 3, the coarsest it has). UCDP date_prec: 1 the day, 4 only the month, 5 only the year.
ACLED_TIME = {"day": 1, "month": 3, "year": 3}
UCDP_DATE = {"day": 1, "month": 4, "year": 5}
_ORDER = ("day", "month", "year")  # finest first
UCDP_NEAR_M = 25_000  # UCDP where_prec 2: within about 25 km of a known point


def location_codes(words: str, metres: float | None) -> tuple[int, int]:
    """(ACLED geo_precision, UCDP where_prec) for the project's location precision and its radius in metres.

    exact: the point itself (1, 1). settlement: at a named town or village's point (1, 1). approximate, or a
    line drawn through settlements: near a known point, (2, 2) within 25 km, else (3, 3) (an area of about a
    district's size). district: the claim is about a whole first-order division (ISO 3166-2), (3, 4)."""
    if words in ("exact", "settlement"):
        return 1, 1
    if words == "district":
        return 3, 4
    if metres is not None and metres <= UCDP_NEAR_M:
        return 2, 2
    return 3, 3


def coarser(*precisions: str | None) -> str | None:
    """The coarsest of the given date precisions (None ones skipped)."""
    given = [p for p in precisions if p is not None]
    return max(given, key=_ORDER.index) if given else None


def interval_rows(package: Package, timeline: Timeline) -> list[dict[str, Any]]:
    """Every interval of every district, settlement, post and corridor route; dates are `datetime.date`,
    `sources` and `records` lists of ids, `geometry` a GeoJSON geometry (not a column)."""
    rows = [*_district_rows(package, timeline), *_settlement_rows(package, timeline),
            *_post_rows(package), *_route_rows(package)]
    for row in rows:
        row["interval_id"] = f"{row['layer']}:{row['id']}:{row['start_date'].isoformat()}"
        period = coarser(row["start_precision"], row["end_precision"])
        row["time_precision"] = ACLED_TIME.get(period) if period else None
        row["date_prec"] = UCDP_DATE.get(period) if period else None
        row["geo_precision"], row["where_prec"] = location_codes(row["location_precision"],
                                                                 row["location_precision_m"])
    return rows


def _row(**fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    row["accounts"] = []
    row.update(fields)
    return row


def _sources(citations: tuple[Citation, ...] | list[Citation]) -> list[str]:
    return list(dict.fromkeys(c.source for c in citations))


def account_items(record: str, accounts: tuple[Account, ...]) -> list[dict[str, Any]]:
    """A record's accounts as plain values (dates as YYYY-MM-DD, sources as ids), in the record's order."""
    return [{"record": record, "side": a.side, "stance": a.stance, "date": a.date.isoformat(),
             "precision": a.precision, "by": a.by, "summary": a.summary, "sources": _sources(a.citations)}
            for a in accounts]


def _district_rows(package: Package, timeline: Timeline) -> list[dict[str, Any]]:
    rows, words = [], vocabulary.of(package)
    for did in sorted({c.district for c in package.changes}):
        changes = timeline.district_changes(did)
        district = package.districts.get(did)
        days: dict[dt.date, tuple[Any, list[str], str]] = {}  # date -> (the day's final state, its records)
        for change, state in replay(did, changes):
            _, ids, precision = days.get(change.date, (None, [], change.precision))
            days[change.date] = (state, [*ids, change.id], coarser(precision, change.precision) or "day")
        dates = sorted(days)
        point = district.geometry.representative_point() if district else None
        for i, start in enumerate(dates):
            state, ids, precision = days[start]
            end = dates[i + 1] - dt.timedelta(days=1) if i + 1 < len(dates) else None
            cited = [c for cid in state.change_ids for c in timeline.change(cid).citations]  # as state_json
            opening = timeline.change(ids[-1])
            rows.append(_row(
                layer="district", id=did, name=district.names.en if district else did,
                start_date=start, end_date=end, start_precision=precision,
                end_precision=days[dates[i + 1]][2] if end else None,
                location_precision="district", location_precision_m=None,
                controller=state.controller, status=status_text(district, state, words) if district else None,
                share=state.share, pending_handover=state.pending_handover,
                peacekeeping_zone=str(state.peacekeeping_zone).lower(), kind=district.role if district else None,
                basis=opening.kind, records=ids, sources=_sources(cited),
                accounts=[a for cid in ids for a in account_items(cid, timeline.change(cid).accounts)],
                lat=round(point.y, 4) if point else None, lon=round(point.x, 4) if point else None,
                geometry=district.geometry.__geo_interface__ if district else None))
    return rows


def _settlement_rows(package: Package, timeline: Timeline) -> list[dict[str, Any]]:
    rows = []
    for pid in sorted({c.place for c in package.place_changes}):
        place = package.places[pid]
        changes = timeline.place_changes(pid)
        common = dict(layer="settlement", id=pid, name=place.names.en, kind=place.kind,
                      location_precision="settlement", location_precision_m=place.precision_m,
                      lat=place.lat, lon=place.lon, geometry={"type": "Point", "coordinates": [place.lon, place.lat]})
        first = changes[0]
        if first.date > timeline.start:  # held before its first change by that change's `from`
            rows.append(_row(**common, start_date=timeline.start, end_date=first.date - dt.timedelta(days=1),
                             start_precision=None, end_precision=first.precision, controller=first.previous,
                             basis="prior", records=[first.id], sources=_sources(first.citations), accounts=[]))
        for i, change in enumerate(changes):
            after = changes[i + 1] if i + 1 < len(changes) else None
            rows.append(_row(**common, start_date=change.date,
                             end_date=after.date - dt.timedelta(days=1) if after else None,
                             start_precision=change.precision, end_precision=after.precision if after else None,
                             controller=change.controller, basis=change.basis, claimant=change.announced_by,
                             accounts=account_items(change.id, change.accounts), records=[change.id],
                             sources=_sources(change.citations)))
    return rows


def _post_rows(package: Package) -> list[dict[str, Any]]:
    return [_row(
        layer="post", id=p.id, name=p.name, start_date=p.start, end_date=p.end, start_precision=p.start_precision,
        end_precision=p.end_precision if p.end else None, location_precision=p.precision,
        location_precision_m=p.radius_m, controller=p.operator, kind=p.kind, records=[p.id],
        sources=_sources(p.citations), lat=p.lat, lon=p.lon,
        geometry={"type": "Point", "coordinates": [p.lon, p.lat]},
    ) for p in sorted(package.positions, key=lambda p: (p.start, p.id))]


def _route_rows(package: Package) -> list[dict[str, Any]]:
    return [_row(
        layer="corridor_route", id=r.id, name=r.name, start_date=r.start, end_date=r.end, start_precision="day",
        end_precision="day" if r.end else None, location_precision="approximate",
        location_precision_m=r.accuracy_m, kind="corridor", records=[r.id], sources=_sources(r.citations),
        geometry={"type": "LineString", "coordinates": [list(xy) for xy in r.coordinates]},
    ) for r in sorted(package.routes, key=lambda r: (r.start, r.id))]


def intervals_geojson(rows: list[dict[str, Any]], coverage_end: dt.date) -> dict[str, Any]:
    """The rows as a FeatureCollection: dates as YYYY-MM-DD (null end: still so), plus folium Timeline's
    `start`/`end` as epoch milliseconds (UTC), `end` the last millisecond of the last day (of the day after the
    covered range for an open interval: Leaflet.timeline needs a finite end)."""
    features = []
    for row in rows:
        props = {k: _json_value(row[k]) for k in COLUMNS}
        last = row["end_date"] or coverage_end + dt.timedelta(days=1)
        props["start"] = _epoch_ms(row["start_date"])
        props["end"] = _epoch_ms(last + dt.timedelta(days=1)) - 1
        features.append({"type": "Feature", "id": row["interval_id"], "geometry": row["geometry"],
                         "properties": props})
    return {"type": "FeatureCollection", "features": features}


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _epoch_ms(day: dt.date) -> int:
    return (day - dt.date(1970, 1, 1)).days * 86_400_000
