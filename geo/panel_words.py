"""The side panel's words, written once for both editions (issue 17, item 1): the app's panel (dashboard/panel.py)
calls these, and the static edition ships their output (geo/site/data.py), so its script only places text.

A sentence that depends on the date shown is a template with named slots ({date}, {n}) the static page fills in;
every other sentence is made whole here. Sentences that name a side take the package's profile words."""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import status
from .describe import format_date
from .layers.districts_record import ControlChange
from .layers.places import point_origin
from .layers.places_record import Place
from .layers.positions import Position
from .models import District, Package
from .timeline import Timeline
from .vocabulary import Vocabulary

NAME_ITEM = "{label}: {name}"  # one language's name on the names line
NAME_SEP = " · "
NO_NAME = "—"  # a language in which no name is known
ALSO = "Also: {aliases}"
ON_DATE = "On {date}: "  # before the status on the date shown
DEADLINE = "Handover deadline: {date} ({n} day(s) from this date)."
SOURCES = "Sources ({n})"
SOURCE_KINDS = {True: "Seed article", False: "Source"}  # is the source a seed
SOURCE_MISSING = "Source {id}"  # a citation of a source not in the package (validation refuses it)
WHAT_HAPPENED = "What happened"
SCHEDULE = "Deadlines and schedule"
TIMELINE = "Timeline"  # the static edition's heading of a settlement's changes
HINT = "Click a district, a settlement or a position on the map to read its sourced timeline."
ENDLESS = "beyond the covered range"  # a post without an end date
DATE_NOTE = "Date: {note}"  # an external source's note on its date (a seed's shows in the article viewer)
# An inferred area's panel: the app's (dashboard/inferred.py) calls the functions below, the static page fills in
# the same templates (geo/site/static/kcm-panel.js).
AREA_TITLE = "{status} (inferred area)"
AREA_WITHIN = "Each settlement's Voronoi cell within its district ({district})."
AREA_OPEN = "Open the district's sourced timeline"
AREA_RESTS = "Rests on {n} settlement(s)"
AREA_SOURCES_PAST = "Sources of its change on {when}"
AREA_SOURCES_NEXT = "Sources of its next change, on {when}"
AREA_NOT_DRAWN = "Not drawn on {date}; the settlements' states below are this date's."


def names_items(names: Any, languages: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(language, name) for each of the profile's languages, in its order ('—' where no name is known)."""
    return [(label, getattr(names, key, None) or NO_NAME) for key, label in languages]


def names_line(names: Any, languages: list[tuple[str, str]]) -> str:
    return NAME_SEP.join(NAME_ITEM.format(label=label, name=name) for label, name in names_items(names, languages))


def aliases_line(aliases: tuple[str, ...] | list[str]) -> str | None:
    return ALSO.format(aliases=", ".join(aliases)) if aliases else None


def on_date(date: dt.date) -> str:
    return ON_DATE.format(date=format_date(date))


def deadline_line(deadline: dt.date, date: dt.date) -> str:
    return DEADLINE.format(date=format_date(deadline), n=(deadline - date).days)


def sources_label(n: int) -> str:
    return SOURCES.format(n=n)


def figure_line(value: float, words: Vocabulary) -> str:
    """A sourced figure of a district's share, in the profile's words of what a share counts."""
    held = f" {words.share_words}" if words.share_words else ""
    return f"Figure: {value:.1%}{held}"


def area_line(district: District) -> str:
    return f"Area {district.area_km2:,.1f} km² (equal-area projection, Natural Earth 1:10m)."


def shares_timeline_line(parent: District) -> str:
    return f"Shares the timeline of {parent.names.display}."


def district_timeline(package: Package, timeline: Timeline,
                      district: District) -> tuple[list[ControlChange], str | None]:
    """The changes a district's panel lists, and the line saying whose they are where they are not its own: a
    district with no changes of its own (a city) shows its parent's."""
    own = timeline.district_changes(district.id)
    if own or not district.parent or district.parent not in package.districts:
        return own, None
    return timeline.district_changes(district.parent), shares_timeline_line(package.districts[district.parent])


def date_note_line(source: Any) -> str | None:
    return DATE_NOTE.format(note=source.date_note) if not source.is_seed and source.date_note else None


def place_caption(package: Package, place: Place) -> str:
    """What and where a settlement is, and where its point comes from."""
    district = package.districts.get(place.district)
    where = district.names.display if district else place.district
    return f"{place.kind.capitalize()} in {where} district · {point_origin(package, place)}"


def position_lines(position: Position, kind_label: str, precision_label: str) -> list[str]:
    """A post's lines: what it is and who runs it, when it was active, where it is (as precise as known)."""
    end = format_date(position.end, position.end_precision) if position.end else ENDLESS
    return [f"{kind_label} · operator: {position.operator.replace('_', ' ')}",
            f"Active: {format_date(position.start, position.start_precision)} to {end}",
            f"Location: {precision_label} (GeoNames id {position.place})"]


def source_parts(source: Any) -> tuple[str, str, str]:
    """A source's line around its (linked) title: what precedes it, the title's note, and what follows it (publisher
    and date, saying what is inferred or unknown)."""
    publisher = source.publisher or "publisher unknown"
    if source.is_seed and source.publisher and source.publisher_basis == "inferred":
        publisher += " (inferred)"
    when = "date unknown" if source.date is None else format_date(source.date, source.date_precision)
    if source.date is not None and source.date_basis == "inferred":
        when += " (inferred)"
    title_note = {"url_slug": " (title taken from the page address)", "descriptive": " (our description)"}
    return f"{SOURCE_KINDS[source.is_seed]}: ", title_note.get(source.title_basis, ""), f" — {publisher}, {when}"


def area_title(words: Vocabulary, controller: str, announced: bool) -> str:
    return AREA_TITLE.format(status=words.place_status[words.place_codes[(controller, announced)]])


def area_caption(n: int, district_name: str) -> str:
    """What an area is: inferred from its `n` settlements, each one's Voronoi cell within the district."""
    return status.INFERRED_NOTE.format(n=n) + ". " + AREA_WITHIN.format(district=district_name)


def area_rests(n: int) -> str:
    return AREA_RESTS.format(n=n)


def area_sources(when: str, past: bool) -> str:
    """Whose sources a settlement's line shows: its last change on or before the date, else (before its first
    change) that change's, which say who held it until then."""
    return (AREA_SOURCES_PAST if past else AREA_SOURCES_NEXT).format(when=when)


def area_not_drawn(date: dt.date) -> str:
    return AREA_NOT_DRAWN.format(date=format_date(date))


def static_words() -> dict[str, Any]:
    """The templates and fixed words the static page fills in and places (once, not per record)."""
    return {"months": [dt.date(2000, m, 1).strftime("%B") for m in range(1, 13)],
            "nameItem": NAME_ITEM, "nameSep": NAME_SEP, "noName": NO_NAME, "onDate": ON_DATE,
            "deadline": DEADLINE, "sources": SOURCES, "sourceMissing": SOURCE_MISSING,
            "whatHappened": WHAT_HAPPENED, "schedule": SCHEDULE, "timeline": TIMELINE, "hint": HINT,
            "areaTitle": AREA_TITLE, "areaWithin": AREA_WITHIN, "areaOpen": AREA_OPEN, "areaRests": AREA_RESTS,
            "areaSourcesPast": AREA_SOURCES_PAST, "areaSourcesNext": AREA_SOURCES_NEXT,
            "areaNotDrawn": AREA_NOT_DRAWN}
