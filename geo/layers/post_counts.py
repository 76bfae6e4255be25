"""The post counts (post_counts.yaml) as one layer, end to end: the record's schema, its model, its reader, the
query for a date, its sentence, and its encoder for the map core's plugin "post_counts"
(geo/mapcore/kcm-post-counts.js), which shows the count in force in the legend of both editions.

The sources give how many posts the mission had on some dates (or planned, or closed); the map locates only
some of them. The legend line puts the two numbers side by side, so a reader knows that the posts drawn are not
all there were. The mission is the profile's first operator (geo/vocabulary.py).
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, NotRequired

from pydantic import Field, with_config
from typing_extensions import TypedDict

from .. import settings as S
from .. import vocabulary
from .._parse import Collector, read_yaml_list
from .._validate import validate_records
from ..accounts import citations_of
from ..describe import format_date
from ..models import Citation, Package
from ..package_files import FILES_BY_NAME, POST_COUNTS_FILE
from ..schemas import STRICT, Citations, IsoDate, RecordId, Text
from ..timeline import Timeline
from ._common import Indexed
from .positions import positions_at

# --- the record (post_counts.yaml) -------------------------------------------------------------

PostTotal = Annotated[int, Field(ge=0, le=10_000, description="a whole number from 0 to 10000")]


@with_config(STRICT)
class PostCountRecord(TypedDict):
    """A total of posts the mission reported on a date; parts split it as the source does."""

    id: RecordId
    kind: S.PostCountKind
    date: IsoDate
    precision: S.Precision
    total: PostTotal
    parts: NotRequired[Annotated[dict[str, PostTotal] | None, Field(  # must add up to total (checked when read)
        description="a mapping of part name to a count (a whole number)")]]
    summary: Text
    citations: Citations


# --- the model ---------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class PostCount:
    """A total of peacekeeping posts the mission reported on a date, with its parts where given."""

    id: str
    kind: str  # total | planned | closed
    date: dt.date
    precision: str
    total: int
    parts: dict[str, int]
    summary: str
    citations: tuple[Citation, ...]


# --- the reader --------------------------------------------------------------------------------

def read_post_counts(data_dir: Path, out: Collector) -> list[PostCount]:
    """The file's counts, sorted by date and id (the query relies on it); a package without the file has none."""
    path = data_dir / POST_COUNTS_FILE
    if not path.exists() and not FILES_BY_NAME[POST_COUNTS_FILE].required:
        return []
    counts: list[PostCount] = []
    for _, c in validate_records(PostCountRecord, read_yaml_list(path, POST_COUNTS_FILE, out), POST_COUNTS_FILE, out):
        if c is None:
            continue
        parts = c.get("parts") or {}
        if parts and sum(parts.values()) != c["total"]:
            out.add(POST_COUNTS_FILE, c["id"], "parts", f"add up to {sum(parts.values())}, not the total {c['total']}")
            continue
        counts.append(PostCount(id=c["id"], kind=c["kind"], date=c["date"], precision=c["precision"], total=c["total"],
                                parts=dict(parts), summary=c["summary"],
                                citations=citations_of(c["citations"])))
    return sorted(counts, key=lambda c: (c.date, c.id))


# --- the query for a date ----------------------------------------------------------------------

def count_at(timeline: Timeline, date: dt.date) -> PostCount | None:
    """What the sources say of the mission's posts on `date`: the latest count on or before it (of two on one
    day, the last by id), None before the first. `DateOutOfRange` outside the package's coverage."""
    timeline.check(date)
    counts = timeline.package.post_counts  # sorted by date and id when read
    i = bisect.bisect_right(counts, date, key=lambda c: c.date)
    return counts[i - 1] if i else None


MISSION_KINDS = ("observation_post", "checkpoint")  # what a count counts of the mission's positions


def located(timeline: Timeline, date: dt.date) -> int:
    """The mission's observation posts and checkpoints drawn on the map on `date` (the mission is the profile's
    first operator)."""
    mission = vocabulary.profile_of(timeline.package).operators[0].id
    return sum(1 for p in positions_at(timeline, date) if p.operator == mission and p.kind in MISSION_KINDS)


def when(count: PostCount) -> str:
    """`on 20 November 2020`, `in November 2022`: the count's date as precise as its source."""
    return ("on " if count.precision == "day" else "in ") + format_date(count.date, count.precision)


# --- its sentence (the date heading of both editions) -------------------------------------------

def sentence(timeline: Timeline, date: dt.date) -> str | None:
    """What the sources say of the posts on `date`, beside how many the map locates; None before any count."""
    count = count_at(timeline, date)
    if count is None:
        return None
    if count.kind == "total":
        return (f"The mission reported {count.total} posts {when(count)}; {located(timeline, date)} of its posts and "
                "checkpoints are located on this map.")
    if count.kind == "planned":
        # Who said it is the summary's words (attributed there), not the engine's.
        return (f"Planned posts ({when(count)}, {count.total}): {count.summary} Located on this map: "
                f"{located(timeline, date)}.")
    return f"Latest report on the posts ({when(count)}): {count.summary}"


# --- the encoder (map core plugin "post_counts") -----------------------------------------------

# The legend's line, by the kind of the count in force: {mission} is filled in from the profile when the map's data
# is made, the rest by the plugin from the table and the frame (legend_line below does the same in Python).
LEGEND = {
    "total": "Posts located on the map ({mission}): {located} of the {total} reported {when} (source: {source})",
    "planned": "Posts located on the map ({mission}): {located}; {total} planned, as reported {when} "
               "(source: {source})",
    "closed": "Posts located on the map ({mission}): {located}; {total} reported closed {when} (source: {source})",
}


def source_name(package: Package, count: PostCount) -> str:
    """The count's first source by its publisher (its title where none is known)."""
    source = package.sources.get(count.citations[0].source)
    if source is None:
        return count.citations[0].source
    return source.publisher or source.title


def count_row(package: Package, count: PostCount) -> dict[str, Any]:
    return {"id": count.id, "kind": count.kind, "total": count.total, "date": count.date.isoformat(),
            "when": when(count), "source": source_name(package, count)}


def legend_words(words: vocabulary.Vocabulary) -> dict[str, str]:
    mission = next(iter(words.operators.values())).legend
    return {kind: template.replace("{mission}", mission) for kind, template in LEGEND.items()}


def legend_line(words: vocabulary.Vocabulary, row: dict[str, Any] | None, located_now: int) -> str:
    """The legend's line for a count (a table row) and the posts located: what the plugin writes."""
    if row is None:
        return ""
    values = {**{k: str(v) for k, v in row.items()}, "located": str(located_now)}
    template = legend_words(words)[row["kind"]]
    out, rest = [], template
    while "{" in rest:  # one pass, as the plugin's: a value holding "{total}" stays as written
        before, _, after = rest.partition("{")
        key, _, rest = after.partition("}")
        out += [before, values[key]]
    return "".join([*out, rest])



class PostCounts:
    name = "post_counts"

    def geometry(self, package: Package) -> dict[str, Any] | None:
        return None  # a count has no place on the map: the legend shows it

    def prepare(self, package: Package, timeline: Timeline, words: vocabulary.Vocabulary) -> Indexed:
        return Indexed(package, timeline, {c.id: i for i, c in enumerate(package.post_counts)})

    def table(self, state: Indexed) -> dict[str, Any] | None:
        return {"postCounts": [count_row(state.package, c) for c in state.package.post_counts]}

    def frame(self, state: Indexed, date: dt.date) -> dict[str, Any]:
        """[the count in force by index, the mission's posts located], or None before the first count."""
        count = count_at(state.timeline, date)
        return {"post_count": None if count is None else [state.index[count.id], located(state.timeline, date)]}

    def written_out(self, package: Package, timeline: Timeline, date: dt.date) -> dict[str, Any]:
        count = count_at(timeline, date)
        return {"post_count": None if count is None else {**count_row(package, count),
                                                          "located": located(timeline, date)}}

    def drawing(self, words: vocabulary.Vocabulary) -> dict[str, Any]:
        return {"postCountWords": legend_words(words)}


LAYER = PostCounts()
