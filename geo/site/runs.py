"""The static edition's timeline as runs: each value stored once, from the frame on which it changes.

The page once held every frame (a stop date's map, state and every settlement's code and status sentence), which
grows with stops x settlements: 6,552 stops x 3,000 settlements at the scale benchmark's baseline. Here a value
that changes over time is a *run list*, flat `[frame, value, frame, value, ...]` (frame indices ascending, the
first 0): the value on a frame is that of the last pair at or before it, which the page finds by bisection
(geo/site/static/kcm-frames.js). A whole-frame value (the corridor, the posts) is one run list; a value per
district (its look, its state) or per settlement (its code, its status sentence) is one run list each, so the data
grows with the changes, not with stops x settlements.

A settlement's code and sentence change only on the day of one of its changes or of an account of one (the
places layer's `Coding` relies on the same), so they are worked out on those days only, as of the first frame on
or after each (the frame that shows it); `tests/geo/test_site_runs.py` holds every frame equal to the frame-by-frame
computation on the real packages.
"""

from __future__ import annotations

import bisect
import datetime as dt
from typing import Any

from ..dayinfo import situation
from ..frames import MapEncoder, Table, frame_dates, timeline_places
from ..inferred_encoding import LAZY_FROM, LazyInferredEncoding
from ..layers import assemble
from ..layers.districts import state_at
from ..layers.periods import ongoing
from ..layers.places import _code, place_status_text
from ..timeline import Timeline

PER_DISTRICT = ("looks",)  # frame keys holding a list with a value per district: a run list each
# Above LAZY_FROM district states the app builds a date's areas when it is shown; a static page cannot, and all of
# them built ahead took 78 s at 3,000 settlements and 885 s at 30,000 (README, Performance): said on the switch.
INFERRED_OMITTED = ("Inferred areas of control: not in this edition for a package of this size (over {n:,} district "
                    "states); the app draws them")


def push(runs: list[Any], index: int, value: Any) -> None:
    """Append `value` from frame `index` on, unless it is the value already in force."""
    if not runs or runs[-1] != value:
        runs += [index, value]


def frame_runs(encoder: MapEncoder, timeline: Timeline, texts: Table) -> dict[str, Any]:
    """The frames' dates, and the map's parts (but the settlements'), the districts' state and the date's notes as
    run lists. Above the inferred areas' size (`LazyInferredEncoding`) the areas are not in the frames:
    `inferredOmitted` says so (None below), and the page says it by its switch, which it disables."""
    dates = frame_dates(timeline)
    lazy = isinstance(encoder.state("inferred"), LazyInferredEncoding)
    scalars: dict[str, list[Any]] = {}
    lists: dict[str, list[list[Any]]] = {}
    state: dict[str, list[Any]] = {}
    notes: list[Any] = []

    def part(index: int, date: dt.date) -> Any:
        def one(layer: Any) -> dict[str, Any] | None:
            if layer.name == "places":
                return None  # per settlement: place_runs
            layer_state = encoder.state(layer.name)
            if isinstance(layer_state, LazyInferredEncoding):
                return layer_state.frame(date, False)  # not built: see inferredOmitted
            result: dict[str, Any] | None = layer.frame(layer_state, date)
            return result
        return assemble(f"the frame of {date.isoformat()}", encoder.layers, one)

    for index, date in enumerate(dates):
        for key, value in part(index, date).items():
            if key in PER_DISTRICT:
                columns = lists.setdefault(key, [[] for _ in value])
                for runs, item in zip(columns, value, strict=True):
                    push(runs, index, item)
            else:
                push(scalars.setdefault(key, []), index, value)
        # The four fields of `python -m geo state DATE --json` the page answers stateAt() from.
        for did, s in state_at(timeline, date).items():
            push(state.setdefault(did, []), index, [s.controller, s.share,
                                                    s.pending_handover.isoformat() if s.pending_handover else None,
                                                    s.peacekeeping_zone])
        push(notes, index, [texts.index(line) for line in situation(timeline, date)[len(ongoing(timeline, date)):]])
    return {"dates": [d.isoformat() for d in dates], "map": scalars, "lists": lists, "state": state,
            "notes": notes, "inferredOmitted": INFERRED_OMITTED.format(n=LAZY_FROM) if lazy else None}


def place_runs(encoder: MapEncoder, timeline: Timeline) -> tuple[list[list[Any]], list[list[Any]]]:
    """Each settlement's code (in the order of the map's settlements) and status sentence as run lists."""
    dates = frame_dates(timeline)
    table = encoder.words.place_codes
    codes: list[list[Any]] = []
    sentences: list[list[Any]] = []
    for place in timeline_places(encoder.package):
        days = {timeline.start}
        for change in timeline.place_changes(place.id):
            days.update((change.date, *(a.date for a in change.accounts)))
        # Each day's value shows from the first frame on or after it (any other date shows the frame before).
        frames = sorted({i for i in (bisect.bisect_left(dates, d) for d in days) if i < len(dates)} | {0})
        code_runs: list[Any] = []
        sentence_runs: list[Any] = []
        for i in frames:
            push(code_runs, i, _code(timeline, table, place.id, dates[i]))
            push(sentence_runs, i, place_status_text(timeline, place.id, dates[i]))
        codes.append(code_runs)
        sentences.append(sentence_runs)
    return codes, sentences


def value_at(runs: list[Any], index: int) -> Any:
    """A run list's value on frame `index` (kcm-frames.js's `at`)."""
    starts = runs[::2]
    return runs[2 * (bisect.bisect_right(starts, index) - 1) + 1]


def site_frame(site: dict[str, Any], index: int) -> dict[str, Any]:
    """Frame `index` of the site's data (`site_data`) given back as the page does (kcm-frames.js): its map as
    `MapEncoder.frame` gives it, the districts' state and the date's notes. For tests and reusers in Python."""
    runs = site["frames"]
    places = "".join(value_at(r, index) for r in site["placeCodes"])
    return {"map": {"date": runs["dates"][index], **{key: value_at(r, index) for key, r in runs["map"].items()},
                    **{key: [value_at(r, index) for r in lists] for key, lists in runs["lists"].items()},
                    "places": places},
            "state": {did: value_at(r, index) for did, r in runs["state"].items()},
            "notes": value_at(runs["notes"], index)}
