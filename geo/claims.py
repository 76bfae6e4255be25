"""Each side's claims side by side: who announced a settlement's or a district's change, who denied or acknowledged
it, and what the sources confirm, each account on its own line with its date and sources.

The accounts of a change are derived from its record: the record's own account (an announcement by the side said
to have taken the place when a settlement's `basis` is `announced`, else what the sources report; a district's
record is always what the sources report), then the record's explicit `accounts` (place_control.yaml,
control.yaml), each with its own date and citations. A change announced by one side stays a claim
(drawn hollow, hatched in the inferred areas) until the side said to have lost the place acknowledges it or an
independent source confirms it; from that date it is drawn as sourced. Both editions take their sentences from here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import settings as S
from . import vocabulary
from .describe import format_date
from .layers.districts_record import ControlChange
from .layers.places import BASIS_TEXT
from .layers.places_record import PlaceChange
from .models import Account, Citation, Package
from .vocabulary import Vocabulary

STANCE_WORDS = {"announced": "Announced", "denied": "Denied", "acknowledged": "Acknowledged",
                "confirmed": "Confirmed", "reported": "Reported"}
UNCONFIRMED = "no acknowledgement or independent confirmation is recorded here"
CONFIRMING = S.CONFIRMING_STANCES
ALL_DATES = "The whole record"
ON_DATE = "This date"
STANDING_ON = "Each side's account · on {date}: {standing}"  # a settlement's panel, above its accounts
NONE_ON_DATE = "No settlement's change is announced, denied, acknowledged or reported on {date}."  # {date}: filled in


Change = PlaceChange | ControlChange  # a settlement's change or a district's: both may carry accounts


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _basis(change: Change) -> str:
    """How the record itself knows the change: a district's record is what the sources report."""
    return change.basis if isinstance(change, PlaceChange) else "reported"


def subject(change: Change) -> str:
    """The settlement's id, or the district's."""
    return change.place if isinstance(change, PlaceChange) else change.district


def claimed_changes(package: Package) -> list[Change]:
    """The changes the Claims view lists: every settlement's change (its own account is a claim or a report), then
    each district's change that carries accounts (one without is the sourced record alone, not a claim)."""
    return [*package.place_changes, *(c for c in package.changes if c.accounts)]


@dataclass(frozen=True)
class AccountLine:
    """One account of a change on its own line: when, whose, what, and its sources."""

    change: str
    place: str  # the settlement's id, or the district's
    date: dt.date
    precision: str
    side: str  # a side of the profile | independent | sources (the record's own, when not announced)
    stance: str  # announced | denied | acknowledged | confirmed | reported
    text: str
    citations: tuple[Citation, ...]


def _sentence(account: Account, words: Vocabulary) -> str:
    when = format_date(account.date, account.precision)
    return f"{when} — {STANCE_WORDS[account.stance]} by {words.parties[account.side]} ({account.by}): {account.summary}"


def accounts(change: Change, words: Vocabulary) -> list[AccountLine]:
    """The change's accounts by date: the record's own first, then its explicit ones. The record's own account
    cites the record's sources that no explicit account cites (all of them if every one is cited there)."""
    cited = {c.source for a in change.accounts for c in a.citations}
    own = tuple(c for c in change.citations if c.source not in cited) or change.citations
    when = format_date(change.date, change.precision)
    if isinstance(change, PlaceChange) and change.basis == "announced":
        side, stance = change.controller, "announced"
        text = f"{when} — Announced by {words.parties[side]} ({change.announced_by}): {change.summary}"
    else:
        side, stance = "sources", "reported"
        text = f"{when} — {BASIS_TEXT[_basis(change)].capitalize()}: {change.summary}"
    place = subject(change)
    lines = [AccountLine(change.id, place, change.date, change.precision, side, stance, text, own)]
    lines += [AccountLine(change.id, place, a.date, a.precision, a.side, a.stance, _sentence(a, words),
                          a.citations)
              for a in change.accounts]
    return sorted(lines, key=lambda x: x.date)  # stable: the record's own account first on its day


def not_borne_out(change: Change) -> list[Account]:
    """Announcements dated before the change itself: claims the record shows were not borne out then."""
    return [a for a in change.accounts if a.stance == "announced" and a.date < change.date]


def standings(change: Change, words: Vocabulary) -> list[tuple[dt.date, str]]:
    """Where the change stands from each of its dates on: a claim, denied, acknowledged or confirmed (and, before
    the change, an announcement not borne out)."""
    held = f"{words.name(change.previous)} until " if isinstance(change, PlaceChange) else "not until "
    early = [(a.date, f"{_cap(words.parties[a.side])}'s announcement of {format_date(a.date, a.precision)} was not "
                      f"borne out: {held}{format_date(change.date, change.precision)}, per the sources here")
             for a in sorted(not_borne_out(change), key=lambda a: a.date)]
    if not isinstance(change, PlaceChange) or change.basis != "announced":
        return [*early, (change.date, f"{BASIS_TEXT[_basis(change)].capitalize()} (not one side's claim alone)")]
    claimant = words.parties[change.controller]
    out = [*early, (change.date, f"Rests on {claimant}'s announcement: {UNCONFIRMED}")]
    confirmed = False
    for a in sorted(change.accounts, key=lambda a: a.date):
        if a.date < change.date:
            continue
        when = format_date(a.date, a.precision)
        if a.stance in CONFIRMING and not confirmed:
            confirmed = True
            out.append((a.date, f"{STANCE_WORDS[a.stance]} by {words.parties[a.side]} on {when}"))
        elif a.stance == "denied" and not confirmed:
            out.append((a.date, f"{_cap(claimant)}'s claim, denied by {words.parties[a.side]} "
                                f"on {when}: {UNCONFIRMED}"))
    return out


def standing_on(change: Change, date: dt.date, words: Vocabulary) -> str:
    """Where the change stands on `date` (its first standing if `date` is before the change)."""
    found = standings(change, words)
    return next((text for when, text in reversed(found) if when <= date), found[0][1])


@dataclass(frozen=True)
class ClaimRow:
    """An account dated inside the period asked for, with where its change stands at the period's end."""

    line: AccountLine
    place_name: str  # the settlement's name, or the district's
    district: str  # the district's id (a settlement's district, or the district itself)
    standing: str
    claim_only: bool  # the change still rests only on one side's announcement at the period's end
    borne_out: bool = True  # False: an announcement the record shows was not borne out (dated before the change)
    layer: str = "settlement"  # settlement | district


def row_label(package: Package, row: ClaimRow) -> str:
    """What a row is about: "Gamma (Alpha)" for a settlement in its district, "Alpha (district layer)" for a
    district's own record."""
    if row.layer == "district":
        return f"{row.place_name} (district layer)"
    district = package.districts.get(row.district)
    return f"{row.place_name} ({district.names.display if district else row.district})"


def claims_between(package: Package, start: dt.date, end: dt.date) -> list[ClaimRow]:
    """Every account of a settlement's change, and of a district's change that has accounts, dated from `start` to
    `end` (both included), by date then place: what each side announced, denied or acknowledged, and what the
    sources report or confirm."""
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    return _claim_rows(package, start, end, each_day=False)


def claims_by_day(package: Package) -> dict[dt.date, list[ClaimRow]]:
    """`claims_between(package, day, day)` for every day with an account, in one pass over the accounts (the
    static edition's Claims list for a date; one call a day grew with days x accounts: 9 minutes at 9,700)."""
    days: dict[dt.date, list[ClaimRow]] = {}
    for row in _claim_rows(package, package.coverage_start, package.coverage_end, each_day=True):
        days.setdefault(row.line.date, []).append(row)
    return days


def _claim_rows(package: Package, start: dt.date, end: dt.date, each_day: bool) -> list[ClaimRow]:
    """The rows from `start` to `end`, each as of `end` (`each_day`: as of its own date)."""
    rows, words = [], vocabulary.of(package)
    for change in claimed_changes(package):
        if isinstance(change, PlaceChange):
            place = package.places.get(change.place)
            name, district = (place.names.en, place.district) if place else (change.place, "")
            layer = "settlement"
        else:
            found = package.districts.get(change.district)
            name, district = found.names.display if found else change.district, change.district
            layer = "district"
        for line in accounts(change, words):
            if start <= line.date <= end:
                until = line.date if each_day else end
                only = isinstance(change, PlaceChange) and change.announced_only(until)
                early = line.stance == "announced" and line.date < change.date
                rows.append(ClaimRow(line, name, district, standing_on(change, until, words),
                                     only or (early and until < change.date), not early, layer))
    return sorted(rows, key=lambda r: (r.line.date, r.place_name, r.line.change))


def summary(rows: list[ClaimRow], start: dt.date, end: dt.date, words: Vocabulary) -> str:
    """The period in one sentence: how many changes each side announced, and how many of those the sources
    confirm by its end."""
    period = format_date(start) if start == end else f"{format_date(start)} to {format_date(end)}"
    if not rows:
        return NONE_ON_DATE.format(date=period) if start == end else \
            f"No settlement's change is announced, denied, acknowledged or reported from {period}."
    announced = [r for r in rows if r.line.stance == "announced"]
    parts = []
    for side in words.claims_order:
        own = [r for r in announced if r.line.side == side and r.layer == "settlement"]
        districts = sum(1 for r in announced if r.line.side == side and r.layer == "district")
        if own:
            still = sum(1 for r in own if r.claim_only and r.borne_out)
            refuted = sum(1 for r in own if not r.borne_out)
            parts.append(f"{words.parties[side]} announced {len(own)} settlement change(s), {still} of them still only "
                         "its claim at the end" + (f" and {refuted} not borne out then" if refuted else "")
                         + (f", and {districts} district change(s)" if districts else ""))
        elif districts:
            parts.append(f"{words.parties[side]} announced {districts} district change(s)")
    reported = sum(1 for r in rows if r.line.stance == "reported" and r.layer == "settlement")
    if reported:
        parts.append(f"the sources report {reported} other change(s)")
    district = sum(1 for r in rows if r.line.stance == "reported" and r.layer == "district")
    if district:
        parts.append(f"the district layer records {district} change(s) with each side's accounts")
    text = "; ".join(parts) if parts else f"{len(rows)} account(s) of earlier changes"
    return f"{'On' if start == end else 'From'} {period}: {text}."


def periods(package: Package) -> list[tuple[str, dt.date, dt.date]]:
    """The periods a reader may list the claims for, besides a single date: the package's periods, clipped to
    the covered range, and the whole record."""
    out = []
    for p in package.periods:
        start = max(p.start, package.coverage_start)
        end = min(p.end or package.coverage_end, package.coverage_end)
        if start <= end:
            out.append((f"{p.title} ({format_date(start)} to {format_date(end)})", start, end))
    return [*out, (ALL_DATES, package.coverage_start, package.coverage_end)]


STANCE_ORDER = ("announced", "denied", "acknowledged", "confirmed", "reported")
def heading(side: str, stance: str, words: Vocabulary) -> str:
    """A group of the claims list: what one side did ("Announced by the A side")."""
    return f"{STANCE_WORDS[stance]} by {words.parties[side]}"


def grouped(rows: list[ClaimRow], words: Vocabulary) -> list[tuple[str, list[ClaimRow]]]:
    """The rows by what each side did: each side's announcements first, then denials, acknowledgements and what
    the sources confirm or report; by date inside a group."""
    order = (*words.claims_order, "independent", "sources")
    keys = sorted({(r.line.stance, r.line.side) for r in rows},
                  key=lambda k: (STANCE_ORDER.index(k[0]), order.index(k[1])))
    return [(heading(side, stance, words), [r for r in rows if (r.line.stance, r.line.side) == (stance, side)])
            for stance, side in keys]


def sources_brief(package: Package, cites: tuple[Citation, ...]) -> str:
    """A row's sources in a line: each source's publisher and date ("Sources: Reuters, 9 November 2020; ...")."""
    parts = []
    for cite in cites:
        source = package.sources.get(cite.source)
        if source is None:
            parts.append(cite.source)
            continue
        when = "date unknown" if source.date is None else format_date(source.date, source.date_precision)
        parts.append(f"{source.publisher or 'publisher unknown'}, {when}")
    return "Sources: " + "; ".join(parts)
