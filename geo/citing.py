"""What a citation of a view names: a one-line form to paste first, then the sources behind what the view
shows, grouped by what they support (districts, settlements, posts, the corridor, the post count).

Only records in force on the date count (the state on that date, `state_json`), and of a record's sources only
those published on or before the date (or undated): a 2023 report on a post's withdrawal is not a source of the
map of 1 December 2020. A record known only from later reports keeps them (it would otherwise look unsourced);
`later` lists those so a reader can see which they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from . import status, vocabulary
from .describe import format_date
from .models import Package

DIGEST_SHOWN = 12  # hex digits of the data version in the one-line form (the full one is in the details)


@dataclass(frozen=True)
class SourceGroup:
    """Sources behind one kind of thing the view shows, in first-cited order."""

    label: str
    sources: tuple[str, ...]
    later: tuple[str, ...]  # of `sources`, those published after the view's date (the record's only sources)


def short_name(package: Package) -> str:
    """The map's name without its subtitle: the package title up to its first ': '."""
    return package.title.split(": ", 1)[0]


def one_line(package: Package, view_title: str, permalink: str, version: str, accessed: dt.date) -> str:
    """The citation in one line, e.g. '<the map's name>, <district> on 20 November 2020 (data sha256:4d5f…),
    https://…?date=…, accessed 6 December 2026.'"""
    algorithm, _, digest = version.partition(":")
    short = f"{algorithm}:{digest[:DIGEST_SHOWN]}" if digest else version[:DIGEST_SHOWN]
    where = f", {permalink}" if permalink else ""
    return f"{short_name(package)}, {view_title} (data {short}){where}, accessed {format_date(accessed)}."


def cite_template(package: Package, version: str) -> str:
    """`one_line` with {view}, {url} and {accessed} left for the static page to fill in."""
    return one_line(package, "{view}", "{url}", version, dt.date(2000, 1, 1)).replace(
        format_date(dt.date(2000, 1, 1)), "{accessed}")


def view_groups(package: Package, state: dict[str, Any], district: str | None) -> list[SourceGroup]:
    """The groups of sources behind the view `state` (a `state_json`) shows: one district's records when a
    district is chosen, else the whole map's. Empty groups are left out."""
    date = dt.date.fromisoformat(state["date"])
    districts = state["districts"]
    chosen = [district] if district is not None else list(districts)
    named = vocabulary.of(package).by_key.get(status.CORRIDOR)  # the profile's name for it, if it has one
    corridor = named.name if named is not None else "Corridor"
    labels = (DISTRICTS, SETTLEMENTS, POSTS, corridor, POST_COUNT)
    records: dict[str, list[list[str]]] = {label: [] for label in labels}
    for did in chosen:
        d = districts.get(did)
        if d is not None:
            records[DISTRICTS].append(d["sources"])
            records[DISTRICTS] += [fig["sources"] for fig in d["figures"]]
    # A settlement whose first change is still to come has no record in force: its state is that change's
    # "before", and its sources are of the later change (counted by `unrecorded`, not listed).
    records[SETTLEMENTS] = [p["sources"] for p in state["places"] if p["since"] is not None
                              and (district is None or p["district"] == district)]
    if district is None:
        records[POSTS] = [p["sources"] for p in state["positions"]]
        records[corridor] = [state["corridor"]["sources"]] if state["corridor"] else []
        records[POST_COUNT] = [state["post_counts"]["sources"]] if state["post_counts"] else []
    groups = []
    for label in labels:
        kept: dict[str, None] = {}
        for ids in records[label]:
            known = [s for s in dict.fromkeys(ids) if s in package.sources]
            in_time = [s for s in known if _published_by(package, s, date)]
            kept.update(dict.fromkeys(in_time or known))
        if kept:
            groups.append(SourceGroup(label, tuple(kept),
                                      tuple(s for s in kept if not _published_by(package, s, date))))
    return groups


def unrecorded(state: dict[str, Any], district: str | None) -> int:
    """How many settlements the view shows whose state no record in force on the date sets (see view_groups)."""
    return sum(1 for p in state["places"] if p["since"] is None and (district is None or p["district"] == district))


# The groups of a view's sources, in order (the corridor's, between posts and post count, is named by the profile).
DISTRICTS, SETTLEMENTS, POSTS, POST_COUNT = "Districts", "Settlements", "Peacekeeping posts", "Post count"


def _published_by(package: Package, source_id: str, date: dt.date) -> bool:
    """Published on or before `date`, or undated (an undated source is kept: nothing says it is later).
    A month- or year-precise date counts from the period's first day."""
    published = package.sources[source_id].date
    return published is None or published <= date
