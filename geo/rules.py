"""Rules across records and files: references resolve, timelines hold together, dates make sense.

Each file's own records are checked when read (geo/load.py with the schemas of geo/schemas.py);
what needs more than one record, or more than one file, is checked here on the loaded package.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from . import settings as S
from ._parse import Collector, show
from .layers.districts_record import ControlChange, replay
from .layers.places_points import in_region, region_text
from .models import Account, Citation, District, Package
from .package_files import (
    CONTROL_FILE,
    CORRIDOR_FILE,
    DISTRICTS_FILE,
    EVENTS_FILE,
    GEONAMES_FILE,
    PERIODS_FILE,
    PLACE_CONTROL_FILE,
    POSITIONS_FILE,
    POST_COUNTS_FILE,
    SEED_LABEL,
    SOURCES_FILE,
)
from .quotes import SeedQuotes
from .rules_ids import check_unique
from .rules_layers import check_layers_agree
from .rules_places import check_place_references
from .timeline import histories

MIN_QUOTE = 20  # characters: a shorter "quote" (a word, a comma) would be found verbatim anywhere


def check_package_rules(p: Package, rejected_districts: set[str], out: Collector, today: dt.date | None = None
                        ) -> None:
    """Every rule across records and files; `rejected_districts` have a record refused already."""
    today = today or dt.date.today()
    _check_districts(p, out)
    _check_sources(p, today, out)
    _check_dated_claims(p, out)
    _check_precisions(p, out)
    _check_timelines(p, rejected_districts, out)
    for r in p.routes:
        for excluded in r.excludes:
            if excluded not in p.districts and out.readable(DISTRICTS_FILE):
                out.add(CORRIDOR_FILE, r.id, "excludes",
                        f"unknown district {excluded!r}; it must be an id in {DISTRICTS_FILE}")
    for earlier, later in zip(p.routes, p.routes[1:], strict=False):
        if earlier.end is None or earlier.end >= later.start:
            out.add(CORRIDOR_FILE, later.id, "start", f"overlaps route {earlier.id!r}; one route per date")
    check_place_references(p.places, p.place_changes, p.districts, p.sources, out)
    check_unique(PLACE_CONTROL_FILE, [c.id for c in p.place_changes], out)
    check_unique(POST_COUNTS_FILE, [c.id for c in p.post_counts], out)
    check_unique(PERIODS_FILE, [x.id for x in p.periods], out)
    check_layers_agree(p, out)


# --- districts -----------------------------------------------------------------------------------


def _check_districts(p: Package, out: Collector) -> None:
    """Parents and centres resolve, parents form no cycle, and every shape lies in the map's region."""
    bounds = p.profile.region_bounds if p.profile else None
    for did, d in sorted(p.districts.items()):
        if d.parent is not None and d.parent not in p.districts:
            out.add(DISTRICTS_FILE, did, S.P_PARENT,
                    f"unknown district {d.parent!r}; a parent must be another id in {DISTRICTS_FILE}")
        if d.centre is not None and out.readable(GEONAMES_FILE):
            row = p.geonames.get(d.centre)
            if row is None:
                out.add(DISTRICTS_FILE, did, S.P_CENTRE, f"GeoNames id {d.centre} is not in {GEONAMES_FILE}")
            elif not in_region(row.lat, row.lon, bounds):
                out.add(DISTRICTS_FILE, did, S.P_CENTRE,
                        f"GeoNames {d.centre} ({row.lat}, {row.lon}) is outside the region {region_text(bounds)}")
        x0, y0, x1, y1 = d.geometry.bounds
        if not (in_region(y0, x0, bounds) and in_region(y1, x1, bounds)):
            out.add(DISTRICTS_FILE, did, "geometry",
                    f"spans {y0:.4f}..{y1:.4f} N, {x0:.4f}..{x1:.4f} E, outside the region {region_text(bounds)}; "
                    "every district must lie inside it (a shape elsewhere would take clicks meant for another)")
    for did in sorted(_parent_cycles(p.districts)):
        out.add(DISTRICTS_FILE, did, S.P_PARENT, f"the chain of parents from {did} comes back to it; "
                                                 "parents must not form a cycle")


def _parent_cycles(districts: dict[str, District]) -> set[str]:
    """Ids whose chain of parents returns to themselves."""
    cyclic = set()
    for did in districts:
        seen, current = set(), districts[did].parent
        while current is not None and current in districts and current not in seen:
            if current == did:
                cyclic.add(did)
                break
            seen.add(current)
            current = districts[current].parent
    return cyclic


# --- sources, citations and dates ----------------------------------------------------------------


def _check_sources(p: Package, today: dt.date, out: Collector) -> None:
    for s in p.sources.values():
        if s.date is not None and s.date > today:
            out.add(SEED_LABEL if s.is_seed else SOURCES_FILE, s.id, "date",
                    f"{s.date} is after today ({today}); a source cannot be published in the future")


def _check_dated_claims(p: Package, out: Collector) -> None:
    """Each claim's dates inside the covered range and its citations resolvable (and verbatim for seeds)."""
    event_ids = {e.id for e in p.events}
    quotes = SeedQuotes(p.seed_texts)

    def claim(label: str, rid: str, dates: dict[str, dt.date | None], cites: tuple[Citation, ...]) -> None:
        for field, date in dates.items():
            if date is not None and not p.coverage_start <= date <= p.coverage_end:
                out.add(label, rid, field, f"{date} is outside the covered range "
                                           f"{p.coverage_start} to {p.coverage_end} (package.yaml)")
        _check_citations(p, label, rid, "citations", cites, out, quotes)

    for e in p.events:
        claim(EVENTS_FILE, e.id, {"date": e.date}, e.citations)
    for c in p.changes:
        district = p.districts.get(c.district)
        if district is None and not out.readable(DISTRICTS_FILE):
            pass  # districts.geojson refused whole: its problem is the one to fix
        elif district is None:
            out.add(CONTROL_FILE, c.id, "district",
                    f"unknown district {c.district!r}; it must be an id in {DISTRICTS_FILE}")
        elif district.role != "story":
            out.add(CONTROL_FILE, c.id, "district",
                    f"{c.district} has role {district.role!r}; only 'story' districts have a timeline")
        deadline = c.set.get("pending_handover")
        claim(CONTROL_FILE, c.id, {"date": c.date, "set.pending_handover": deadline}, c.citations)
        if deadline is not None and deadline < c.date:
            out.add(CONTROL_FILE, c.id, "set.pending_handover",
                    f"the deadline {deadline} is before the record's own date {c.date}; a pending handover's "
                    "deadline is on or after the day it was set")
        if c.event is not None and c.event not in event_ids and out.readable(EVENTS_FILE):
            out.add(CONTROL_FILE, c.id, "event", f"unknown event {c.event!r}; it must be an id in {EVENTS_FILE}")
        for i, fig in enumerate(c.figures):
            _check_citations(p, CONTROL_FILE, c.id, f"figures[{i}].citations", fig.citations, out, quotes)
        _check_accounts(p, CONTROL_FILE, c.id, c.accounts, claim, out, quotes)
    for x in p.positions:
        claim(POSITIONS_FILE, x.id, {"start": x.start, "end": x.end}, x.citations)
    for r in p.routes:
        claim(CORRIDOR_FILE, r.id, {"start": r.start, "end": r.end}, r.citations)
    for pc in p.place_changes:
        claim(PLACE_CONTROL_FILE, pc.id, {"date": pc.date}, pc.citations)
        _check_accounts(p, PLACE_CONTROL_FILE, pc.id, pc.accounts, claim, out, quotes)
    for n in p.post_counts:
        claim(POST_COUNTS_FILE, n.id, {"date": n.date}, n.citations)
    for period in p.periods:
        claim(PERIODS_FILE, period.id, {"start": period.start, "end": period.end}, period.citations)


def _check_accounts(p: Package, label: str, rid: str, accounts: tuple[Account, ...], claim: Callable[..., None],
                    out: Collector, quotes: SeedQuotes) -> None:
    """Each account's date inside the covered range and its citations resolved, as a record's own are."""
    for i, account in enumerate(accounts):
        claim(label, rid, {f"accounts[{i}].date": account.date}, ())
        _check_citations(p, label, rid, f"accounts[{i}].citations", account.citations, out, quotes)


def _check_citations(p: Package, label: str, rid: str, field: str, cites: tuple[Citation, ...], out: Collector,
                     quotes: SeedQuotes) -> None:
    for i, cite in enumerate(cites):
        where = f"{field}[{i}]"
        source = p.sources.get(cite.source)
        if source is None and not out.readable(SOURCES_FILE, SEED_LABEL):
            continue  # a source file refused whole: its problem is the one to fix
        if source is None:
            out.add(label, rid, f"{where}.source", f"unknown source {cite.source!r}; it must be a seed file "
                                                  f"in {SEED_LABEL} or an id in {SOURCES_FILE}")
        elif not source.is_seed and cite.quote:
            out.add(label, rid, f"{where}.quote", "only a seed can be quoted (its quotes are checked verbatim); "
                                                  "for an external source write what it supports as a note")
        elif source.is_seed:
            if cite.quote and len(cite.quote.strip()) < MIN_QUOTE:
                out.add(label, rid, f"{where}.quote", f"{show(cite.quote)} is too short to identify a passage; "
                                                      f"quote at least {MIN_QUOTE} characters")
            elif not cite.quote:
                out.add(label, rid, f"{where}.quote", "a citation of a seed needs a verbatim quote from it")
            elif cite.source in p.seed_texts and not quotes.found(cite.source, cite.quote):
                out.add(label, rid, f"{where}.quote", f"quote not found verbatim in seeds/{cite.source}: "
                                                      f"{cite.quote[:80]!r}")
        elif not (cite.note or cite.quote):
            out.add(label, rid, where, "a citation of an external source needs a note saying what it supports")


def precision_problem(date: dt.date, precision: str) -> str | None:
    """Why `date` cannot be written with `precision`, or None: a month is written as its 1st, a year as 1 January."""
    if precision == "month" and date.day != 1:
        return f"{date} is month-precise, so it must be written as the 1st of its month ({date.replace(day=1)})"
    if precision == "year" and (date.month, date.day) != (1, 1):
        return f"{date} is year-precise, so it must be written as 1 January ({date.replace(month=1, day=1)})"
    return None


def _check_precisions(p: Package, out: Collector) -> None:
    dated: list[tuple[str, str, str, dt.date | None, str]] = [
        *((EVENTS_FILE, e.id, "date", e.date, e.precision) for e in p.events),
        *((CONTROL_FILE, c.id, "date", c.date, c.precision) for c in p.changes),
        *((PLACE_CONTROL_FILE, c.id, "date", c.date, c.precision) for c in p.place_changes),
        *((POST_COUNTS_FILE, n.id, "date", n.date, n.precision) for n in p.post_counts),
        *((SEED_LABEL if s.is_seed else SOURCES_FILE, s.id, "date", s.date, s.date_precision)
          for s in p.sources.values()),
    ]
    for x in p.positions:
        dated += [(POSITIONS_FILE, x.id, "start", x.start, x.start_precision),
                  (POSITIONS_FILE, x.id, "end", x.end, x.end_precision)]
    for label, rid, field, date, precision in dated:
        problem = precision_problem(date, precision) if date is not None else None
        if problem:
            out.add(label, rid, field, problem)


# --- district timelines --------------------------------------------------------------------------


def _check_timelines(p: Package, rejected_districts: set[str], out: Collector) -> None:
    """Each story district's timeline starts at the coverage start with every field set; shares only
    while split; no two changes of a district on one day say different things.

    Districts with a rejected record are skipped for the first-record rule: their problem is already
    reported, and a follow-on complaint about the record after it would only mislead.
    """
    if not out.readable(CONTROL_FILE):
        return  # refused whole: every district would be said to have no changes
    coverage_known = p.coverage_start != dt.date.min and p.coverage_end != dt.date.max  # package.yaml's, read
    by_district = histories(p.changes, lambda c: c.district)
    for did, district in sorted(p.districts.items()):
        if district.role == "story" and did not in by_district:
            out.add(CONTROL_FILE, did, "district", "story district has no control changes; add its first record")
    for did, changes in by_district.items():
        first = changes[0]
        if did not in rejected_districts:
            missing = [k for k in S.STATE_FIELDS if k not in first.set]
            if missing:
                out.add(CONTROL_FILE, first.id, "set",
                        f"the first record of {did} must set every field; missing {', '.join(missing)}")
            if coverage_known and first.date != p.coverage_start:
                out.add(CONTROL_FILE, first.id, "date",
                        f"the first record of {did} must be dated at the coverage start {p.coverage_start}")
        _check_same_day(changes, out)
        if not any("controller" not in c.set and c.set.get("share") is not None for c in changes):
            continue  # a record that also sets `controller` is checked on its own when read
        for change, state in replay(did, changes):
            if "controller" not in change.set and change.set.get("share") is not None and state.controller != "split":
                out.add(CONTROL_FILE, change.id, "set.share", f"a share is only allowed while {did} is split; "
                                                             f"its controller is {state.controller!r} on {change.date}")


def _check_same_day(changes: list[ControlChange], out: Collector) -> None:
    """Two changes of one district on one day must not set a field to different values: the one whose
    id sorts last would silently win."""
    set_today: dict[str, tuple[Any, str]] = {}
    for before, c in zip(changes, changes[1:], strict=False):
        if c.date != before.date:
            set_today = {}
            continue
        if not set_today:
            set_today = {key: (value, before.id) for key, value in before.set.items()}
        for key, value in c.set.items():
            earlier = set_today.setdefault(key, (value, c.id))
            if earlier[0] != value:
                out.add(CONTROL_FILE, c.id, f"set.{key}",
                        f"{show(value)} contradicts {earlier[1]!r}, which sets {key} of {c.district} to "
                        f"{show(earlier[0])} on the same day {c.date}; one day, one value per field")
