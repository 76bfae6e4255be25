"""What readers take away: the map of a date as GeoJSON or CSV, the sources for reference managers,
and a citation of a view. All built from `state_json`, so the exports say what the map says. CSV files are
written by `geo.csvfile`, the one CSV writer."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import quote, urlencode

from markupsafe import Markup

from .citing import SourceGroup, one_line, unrecorded, view_groups
from .describe import format_date
from .errors import GeoError
from .models import Package, Source
from .reliability import reliability_text
from .statejson import state_json
from .timeline import Timeline
from .urltable import View, view_query
from .version import data_version

EXPORT_COLUMNS = ("layer", "id", "name", "date", "controller", "status", "share", "pending_handover",
                  "peacekeeping_zone", "kind", "lat", "lon", "sources")
SOURCE_COLUMNS = ("id", "kind", "title", "publisher", "date", "date_precision", "url", "title_basis",
                  "publisher_basis", "date_basis", "reliability", "party", "reliability_reason", "mirror_of",
                  "read_via")
URL_SAFE = ":/@!$&()*+,;=%~[]"  # a base URL's reserved characters and percent escapes, kept ('"<> are not)
EMBED = Markup('<iframe src="{}" width="100%" height="720" loading="lazy" title="{}"></iframe>')


def export_rows(package: Package, timeline: Timeline, date: dt.date) -> list[dict[str, Any]]:
    """Districts, settlements and positions on `date`, one row each, with controller and source ids.
    A row's `geometry` is the district's outline or the point (not a CSV column)."""
    state = state_json(package, timeline, date)
    rows: list[dict[str, Any]] = []
    for did, d in state["districts"].items():
        district = package.districts.get(did)
        point = district.geometry.representative_point() if district else None
        rows.append({
            "layer": "district", "id": did, "name": d["name"], "date": state["date"], "controller": d["controller"],
            "status": d["status"], "share": d["share"], "pending_handover": d["pending_handover"],
            "peacekeeping_zone": d["peacekeeping_zone"], "kind": district.role if district else None,
            "lat": round(point.y, 4) if point else None, "lon": round(point.x, 4) if point else None,
            "sources": d["sources"], "geometry": district.geometry.__geo_interface__ if district else None,
        })
    for p in state["places"]:
        rows.append({
            "layer": "settlement", "id": p["id"], "name": p["name"], "date": state["date"],
            "controller": p["controller"], "status": p["basis"], "kind": p["kind"], "lat": p["lat"], "lon": p["lon"],
            "sources": p["sources"], "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
        })
    for p in state["positions"]:
        rows.append({
            "layer": "position", "id": p["id"], "name": p["name"], "date": state["date"], "controller": p["operator"],
            "status": p["precision"], "kind": p["kind"], "lat": p["lat"], "lon": p["lon"], "sources": p["sources"],
            "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
        })
    return rows


def export_geojson(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": f"{r['layer']}:{r['id']}", "geometry": r["geometry"],
         "properties": {k: r.get(k) for k in EXPORT_COLUMNS if k not in ("lat", "lon")}}
        for r in rows]}


def source_rows(package: Package) -> list[dict[str, Any]]:
    """Every source, one row each."""
    return [{
        "id": s.id, "kind": "seed article" if s.is_seed else "external", "title": s.title, "publisher": s.publisher,
        "date": s.date.isoformat() if s.date else None, "date_precision": s.date_precision if s.date else None,
        "url": s.url, "title_basis": s.title_basis, "publisher_basis": s.publisher_basis, "date_basis": s.date_basis,
        "reliability": s.reliability, "party": s.party, "reliability_reason": s.reliability_reason,
        "mirror_of": s.mirror_of, "read_via": s.read_via,
    } for s in _ordered(package)]


def csl_json(package: Package) -> list[dict[str, Any]]:
    """Every source as CSL-JSON (Zotero, Mendeley, pandoc-citeproc import it)."""
    items = []
    for source in _ordered(package):
        item: dict[str, Any] = {"id": source.id, "type": _csl_type(source), "title": source.title}
        if source.publisher:
            item["publisher"] = source.publisher
            item["container-title"] = source.publisher
        if source.date:
            parts = [source.date.year, source.date.month, source.date.day]
            item["issued"] = {"date-parts": [parts[:{"year": 1, "month": 2}.get(source.date_precision, 3)]]}
        if source.url:
            item["URL"] = source.url
        fit = reliability_text(source)
        notes = [n for n in (source.publisher_note, source.date_note, fit and f"Reliability: {fit}") if n]
        if notes:
            item["note"] = " ".join(notes)
        items.append(item)
    return items


def _ordered(package: Package) -> list[Source]:
    """Seeds first, then by date."""
    return sorted(package.sources.values(), key=lambda s: (not s.is_seed, s.date or dt.date.min, s.id))


def _csl_type(source: Source) -> str:
    if source.is_seed:
        return "article-newspaper"
    return "webpage" if source.url else "document"


def permalink(date: dt.date, district: str | None, base_url: str = "") -> str:
    """The address of the view of `date` (and `district`): `base_url` without its query or fragment, then
    ?date=…&district=…. Every value is URL-encoded, whatever it holds, so the permalink stays one URL (no quote,
    space, & or # of an id can end it or add a parameter); the base must be http(s) or empty (relative)."""
    base = base_url.split("#", 1)[0].split("?", 1)[0]
    if base and not re.match(r"(?i)^https?://", base):
        shown = base if len(base) <= 40 else base[:40] + "…"
        raise GeoError(f"base URL {shown!r} is not an http(s) address; expected e.g. https://map.example.org/")
    params = view_query(View(date, district or None))  # the URL table both editions read
    # Characters a URL cannot hold as they are (space, quotes, <, >, non-ASCII) are percent-encoded in the base.
    return quote(base, safe=URL_SAFE) + "?" + urlencode(params, quote_via=quote, safe="")


def embed_html(url: str, title: str) -> str:
    """An iframe showing `url`, for readers to paste into their own pages: attributes are HTML-escaped."""
    return str(EMBED.format(url, title))


def citation(package: Package, timeline: Timeline, date: dt.date, district: str | None, accessed: dt.date,
             base_url: str = "") -> dict[str, Any]:
    """A citation of the view of `date` (and `district`): title, permalink, an embed snippet, data version,
    access date and the sources behind what the view shows."""
    state = state_json(package, timeline, date)
    shown = f"{package.districts[district].names.display} on" if district is not None else "the map on"
    view = f"{shown} {format_date(date)}"
    groups = view_groups(package, state, district)
    link = permalink(date, district, base_url)
    version = data_version(package)
    return {
        "one_line": one_line(package, view, link, version, accessed),
        "title": f"{package.title}: {view}", "date_shown": date.isoformat(), "district": district,
        "permalink": link, "embed": embed_html(link, package.title), "data_version": version,
        "accessed": accessed.isoformat(),
        **_grouped(package, groups),
        "settlements_before_their_first_record": unrecorded(state, district),
    }


def _grouped(package: Package, groups: list[SourceGroup]) -> dict[str, Any]:
    """A citation's groups and the sources they name, once each."""
    sources = [package.sources[s] for s in dict.fromkeys(s for g in groups for s in g.sources)]
    return {"groups": [{"label": g.label, "sources": list(g.sources), "published_later": list(g.later)}
                       for g in groups],
            "sources": [cited_source_row(s) for s in sources]}


def cited_source_row(s: Source) -> dict[str, Any]:
    return {"id": s.id, "title": s.title, "publisher": s.publisher, "date": s.date.isoformat() if s.date else None,
            "url": s.url, "seed": s.is_seed}


def view_sources(package: Package, state: dict[str, Any], district: str | None) -> dict[str, Any]:
    """The sources behind a view (the state `state` of a date, one district's or the whole map's) as the static
    page lists them, in `citation_text`'s words: each group's heading, its source ids and those published later,
    then the note on settlements without a record in force yet (or None)."""
    grouped = _grouped(package, view_groups(package, state, district))
    count = unrecorded(state, district)
    return {"groups": [[group_heading(g), g["sources"], g["published_later"]] for g in grouped["groups"]],
            "note": settlements_note(count) if count else None}


def citation_text(cite: dict[str, Any]) -> str:
    """The one-line citation first, then the view's details and its sources by group."""
    lines = [cite["one_line"], "", cite["title"], f"Date shown: {cite['date_shown']}"]
    if cite["district"]:
        lines.append(f"District: {cite['district']}")
    lines += [f"Permalink: {cite['permalink']}", f"Data version: {cite['data_version']}",
              f"Accessed: {cite['accessed']}", f"Sources behind this view ({len(cite['sources'])}):"]
    lines += [line for group in cite["groups"] for line in source_group_lines(cite, group)]
    if cite["settlements_before_their_first_record"]:
        lines.append(settlements_note(cite["settlements_before_their_first_record"]))
    return "\n".join(lines) + "\n"


def settlements_note(count: int) -> str:
    return (f"({count} settlement(s) shown have no control record in force yet: their state on this date is "
            "what their first later record says it was before; its sources are cited on that later date.)")


PUBLISHED_LATER = " (published later; the record's only sources)"


def source_group_lines(cite: dict[str, Any], group: dict[str, Any]) -> list[str]:
    """A group's heading and one line per source ('published later' where the record has only later sources)."""
    by_id = {s["id"]: s for s in cite["sources"]}
    return [group_heading(group)] + [cited_source_line(by_id[sid]) +
                                     (PUBLISHED_LATER if sid in group["published_later"] else "")
                                     for sid in group["sources"]]


def group_heading(group: dict[str, Any]) -> str:
    return f"{group['label']} ({len(group['sources'])}):"


def cited_source_line(s: dict[str, Any]) -> str:
    """A source as a citation lists it: '  [id] title — publisher, date <url>'."""
    where = ", ".join(x for x in (s["publisher"], s["date"]) if x)
    return f"  [{s['id']}] {s['title']}" + (f" — {where}" if where else "") + (f" <{s['url']}>" if s["url"] else "")
