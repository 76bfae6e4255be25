"""The static edition's data: the whole timeline precomputed from `geo`, so the page needs no Python.

A *frame* is the map on one stop date (every date on which something changes, and the first covered
day); any other date shows the last frame on or before it, the same forward fill as `Timeline`. The frames
are stored as run lists (geo/site/runs.py: each value once, from the frame it changes on), so the data grows
with the changes, not with stops x settlements; above a size the settlements' panels and the claims go into
chunks loaded when asked for (geo/site/chunks.py). Repeated strings and styles go into tables referenced by
index, which keeps the file small.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import claims as C
from .. import status, vocabulary
from ..citing import cite_template
from ..dayinfo import event_lines
from ..describe import format_date
from ..exports import permalink
from ..frames import MapEncoder, Table, map_data, timeline_places
from ..layers.districts_record import ControlChange
from ..layers.places_record import PlaceChange
from ..layers.positions import position_kind_label, precision_label
from ..models import Citation, Package, Source
from ..navigation import play_ends, ranges
from ..panel_words import (
    aliases_line,
    area_line,
    date_note_line,
    district_timeline,
    figure_line,
    place_caption,
    position_lines,
    source_parts,
    static_words,
)
from ..reliability import claim_of, reliability_text
from ..timeline import Timeline
from ..urltable import url_data
from ..vocabulary import profile_of
from .runs import frame_runs, place_runs

DEFAULT_DATE = dt.date(2020, 11, 10)  # the statement: the same opening date as the app


def site_data(package: Package, timeline: Timeline, data_version: str, basemap: Any = None,
              base_url: str = "") -> dict[str, Any]:
    """Everything the static page shows, as one JSON-able dict: the map core's data and a frame per stop date
    (the same encoder as the app's), and what the page around the map shows."""
    texts = Table()
    encoder, profile = MapEncoder(package, timeline), profile_of(package)
    places = timeline_places(package)
    cited: set[str] = set()
    frames = frame_runs(encoder, timeline, texts)  # run lists: geo/site/runs.py
    codes, sentences = place_runs(encoder, timeline)
    districts = {}
    for d in package.districts.values():
        if d.role == "context":
            continue
        changes, shares = district_timeline(package, timeline, d)
        # The panel's sentences whole (geo/panel_words.py, as the app's panel words them).
        districts[d.id] = {
            "names": _names(d.names), "area": area_line(d), "sharesTimelineOf": shares,
            "changes": [_change(package, c, cited) for c in changes],
        }
    place_panels = {p.id: {
        "names": _names(p.names), "caption": place_caption(package, p), "status": status_runs,
        "changes": [_place_change(package, c, cited) for c in timeline.place_changes(p.id)],
    } for p, status_runs in zip(places, sentences, strict=True)}
    position_rows = [{
        "id": p.id, "name": p.name, "kind": p.kind, "kind_label": position_kind_label(p.kind),
        "precision": p.precision, "precision_label": precision_label(p.precision, p.radius_m),
        "radius_m": p.radius_m, "lat": p.lat, "lon": p.lon, "operator": p.operator.replace("_", " "),
        "lines": position_lines(p, position_kind_label(p.kind), precision_label(p.precision, p.radius_m)),
        "note": p.precision_note, "citations": _citations(p.citations, cited),
    } for p in package.positions]
    return {
        "title": package.title,
        "dataVersion": data_version,
        # The public address for the permalink and embed ($KCM_PUBLIC_URL or --base-url; checked as the app's
        # is); "": the address the page is opened at.
        "baseUrl": permalink(timeline.start, None, base_url).split("?", 1)[0],
        # The app's one-line citation (geo.citing), its view, address and access date filled in by the page.
        "citeLine": cite_template(package, data_version),
        "start": timeline.start.isoformat(),
        "end": timeline.end.isoformat(),
        "defaultDate": (DEFAULT_DATE if timeline.start <= DEFAULT_DATE <= timeline.end else timeline.start).isoformat(),
        "stops": [d.isoformat() for d in timeline.stops()],
        "centre": list(profile.map_centre),  # the package's view and words (its profile.yaml)
        "zoom": profile.map_zoom,
        "languages": profile.named_languages(),  # a names line lists these, in this order
        "panel": static_words(),  # the panel's templates and fixed words (geo/panel_words.py), filled in by the page
        "legend": [[entry.colour, entry.key, entry.legend] for entry in encoder.words.legend],
        "noData": status.name(status.UNKNOWN),
        "attribution": profile.attribution,
        "map": map_data(package, encoder, basemap),
        "positionPanels": position_rows,
        "texts": texts.values,
        "frames": frames,
        "placeCodes": codes,  # each settlement's code as a run list, in the map's order of settlements
        "url": url_data(package),
        "events": [[e.date.isoformat(), e.title] for e in timeline.events_between(timeline.start, timeline.end)],
        "dayLines": event_lines(package, timeline),  # the date heading's line and the day's other events
        # Where Play stops: [from this day, the last day of the period it is in] (geo.navigation.play_ends).
        "playEnds": [[a.isoformat(), b.isoformat()]
                     for a, b in play_ends(ranges(package), timeline.start, timeline.end)],
        "periods": [[p.title, p.start.isoformat(), p.end.isoformat() if p.end else None, p.length_days]
                    for p in package.periods],
        "districts": districts,
        "places": place_panels,
        "claims": claims_data(package),
        "sources": {sid: _source(package.sources[sid]) for sid in sorted(cited) if sid in package.sources},
    }


def _names(names: Any) -> dict[str, Any]:
    return {"display": names.display, "en": names.en, "az": names.az, "hy": names.hy, "ru": names.ru,
            "also": aliases_line(names.aliases)}


def _citations(cites: tuple[Citation, ...], cited: set[str]) -> list[list[str | None]]:
    cited.update(c.source for c in cites)
    return [[c.source, c.quote, c.note] for c in cites]


def _claim(package: Package, cites: tuple[Citation, ...]) -> str | None:
    """Whose claim an entry is, when it rests only on one party's or state outlets' word (as the app says)."""
    return claim_of([package.sources[c.source] for c in cites if c.source in package.sources])


def _change(package: Package, change: ControlChange, cited: set[str]) -> dict[str, Any]:
    """A district's change: with accounts, each on its own line as a settlement's (`_accounts`)."""
    return {"date": change.date.isoformat(), "when": format_date(change.date, change.precision),
            "kind": change.kind, "summary": change.summary, "claim": _claim(package, change.citations),
            "figures": [[figure_line(fig.value, vocabulary.of(package)), _citations(fig.citations, cited)]
                        for fig in change.figures],
            **_accounts(package, change, cited), "citations": _citations(change.citations, cited)}


def _place_change(package: Package, change: PlaceChange, cited: set[str]) -> dict[str, Any]:
    """A settlement's change, with its accounts (`_accounts`)."""
    return {"date": change.date.isoformat(), "when": format_date(change.date, change.precision),
            "kind": "actual", "summary": change.summary, "figures": [],
            "claim": _claim(package, change.citations), **_accounts(package, change, cited),
            "citations": _citations(change.citations, cited)}


def _accounts(package: Package, change: C.Change, cited: set[str]) -> dict[str, Any]:
    """A change's accounts, each on its own line with its sources and whose claim it is, and where the change
    stands from each of its dates on (the page shows the one on or before its date); none: empty lists."""
    if not change.accounts:
        return {"accounts": [], "standings": []}
    words = vocabulary.of(package)
    return {"accounts": [[line.text, _citations(line.citations, cited), _claim(package, line.citations)]
                         for line in C.accounts(change, words)],
            "standings": [[d.isoformat(), text] for d, text in C.standings(change, words)]}


def claims_data(package: Package) -> dict[str, Any]:
    """The Claims list for any date or period: every account as a row (its group, place, sentence and sources),
    where each change stands from each of its dates on, and the sentence summing up each period and each date
    that has accounts (another date has none: `none`, with {date} to fill in)."""
    rows = C.claims_between(package, package.coverage_start, package.coverage_end)
    claimed = C.claimed_changes(package)
    # A row's change by its subject and id: a settlement's and a district's record may share an id.
    changes = {(C.subject(c), c.id): i for i, c in enumerate(claimed)}
    words = vocabulary.of(package)
    groups = [title for title, _ in C.grouped(rows, words)]
    ranges = C.periods(package)
    # Each summary as of its own period's end (where a change stands depends on it); a day's from its own rows.
    summaries = {f"{d.isoformat()}/{d.isoformat()}": C.summary(day, d, d, words)
                 for d, day in sorted(C.claims_by_day(package).items())}
    summaries |= {f"{a.isoformat()}/{b.isoformat()}": C.summary(C.claims_between(package, a, b), a, b, words)
                  for _, a, b in ranges}
    return {
        "onDate": C.ON_DATE,
        "standingOn": C.STANDING_ON,
        "periods": [[label, a.isoformat(), b.isoformat()] for label, a, b in ranges],
        "groups": groups,
        "rows": [[r.line.date.isoformat(), groups.index(C.heading(r.line.side, r.line.stance, words)),
                  C.row_label(package, r), r.line.text, changes[(r.line.place, r.line.change)],
                  C.sources_brief(package, r.line.citations)] for r in rows],
        "standings": [[[d.isoformat(), text] for d, text in C.standings(c, words)] for c in claimed],
        "summaries": summaries,
        "none": C.NONE_ON_DATE,
    }


def _source(source: Source) -> dict[str, Any]:
    """A source in words around its title, saying what is inferred or unknown (geo/panel_words.py: the app's source
    line's words): the page places `lead`, the (linked) title, then `tail`."""
    lead, title_note, tail = source_parts(source)
    safe_url = source.url if source.url and source.url.startswith(("https://", "http://")) else None
    return {"lead": lead, "title": source.title, "tail": title_note + tail, "url": safe_url,
            "reliability": reliability_text(source), "dateNote": date_note_line(source)}
