"""Every key the app keeps in `st.session_state` between reruns, declared once with its type and meaning.

The keys are set in several modules (each where its widget or callback lives); this table is their one
declaration. `problems` checks a session against it (tests run it after each reader's task), and a test
fails if a module uses a key that is not declared here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, kw_only=True)
class Key:
    types: tuple[type, ...]  # what a value may be (None is always allowed: not set, or cleared)
    holds: str


_STR, _BOOL, _DATE = (str,), (bool,), (dt.date,)

KEYS: dict[str, Key] = {
    # What the reader looks at (the URL's state: geo/urltable.py)
    "date": Key(types=_DATE, holds="the date shown: the slider's value"),
    "range": Key(types=_STR, holds="the id of the period the slider spans ('all' for everything)"),
    "compare": Key(types=_DATE, holds="the date compared with"),
    "compare_text": Key(types=_STR, holds="the compare date as typed (applied on Enter)"),
    "compare_error": Key(types=_STR, holds="why that text is not a date the package covers"),
    "compare-swap": Key(types=_BOOL, holds="the button that shows the other date on the map"),
    "comparing": Key(types=_BOOL, holds="whether the compare switch is on"),
    "district": Key(types=_STR, holds="the id of the district whose panel is open"),
    "place": Key(types=_STR, holds="the id of the settlement whose panel is open"),
    "position": Key(types=_STR, holds="the id of the post whose panel is open"),
    "area": Key(types=_STR, holds="the key of the inferred area whose panel is open"),
    "view": Key(types=_STR, holds="the view chosen below the map (None when its button is clicked again)"),
    "shown_view": Key(types=_STR, holds="the view shown below the map"),
    "url_warnings": Key(types=(list,), holds="what the URL asked for that was refused, in words"),
    "online_tiles": Key(types=_BOOL, holds="whether the reader switched on tiles from another host"),
    "inferred_areas": Key(types=_BOOL, holds="whether the inferred areas of control are drawn"),
    "inferred_touched": Key(types=_BOOL, holds="the reader set the inferred-areas switch: it no longer follows "
                                               "the date"),
    "inferred_sent": Key(types=(tuple,), holds="(the map frame, the inferred areas' rows it was sent), where the "
                                            "areas are built per date shown (dashboard/inferred.py)"),
    "codes_held": Key(types=(tuple,), holds="(the map frame, the days of the last frames it was sent), from which "
                                         "a large package's step sends only the changed settlements' codes "
                                         "(dashboard/map.py)"),
    # The map's view and its reports (dashboard/map.py)
    "map_view": Key(types=(tuple,), holds="((lat, lon), zoom) the map opens at"),
    "map_seen": Key(types=(tuple,), holds="((lat, lon), zoom) the map last reported, rounded"),
    "map_story": Key(types=_BOOL, holds="the map opens framed on the story districts (no view in the URL)"),
    "map_moved": Key(types=_BOOL, holds="the reader moved the map (the URL then keeps its view)"),
    "map_drawn": Key(types=_BOOL, holds="the map has reported once: the view below it can be built"),
    "last_click": Key(types=_STR, holds="the map's last click already acted on (session:count)"),
    # Time controls (dashboard/timecontrols.py)
    "go_to": Key(types=_STR, holds="the text typed in Go to date"),
    "go_to_error": Key(types=_STR, holds="why that text is not a date"),
    "playing": Key(types=_BOOL, holds="whether Play is on"),
    "play_mode": Key(types=_STR, holds="what a tick of Play moves by (events, day, week, month)"),
    "play_speed": Key(types=_STR, holds="how fast Play ticks (slow, normal, fast)"),
    "play_drawn_by": Key(types=(float,), holds="the start of the full run whose Play clock ticks"),
    # Finding a name (dashboard/finder.py)
    "find_text": Key(types=_STR, holds="the name typed in the finder"),
    "find": Key(types=_STR, holds="the match chosen (place:ID or position:ID)"),
    "focus": Key(types=_STR, holds="the match the map centres on (place:ID or position:ID)"),
    # Panels, views and their helpers
    "claims-period": Key(types=_STR, holds="what the Claims view lists: this date or one of the package's periods"),
    "article": Key(types=(tuple,), holds="(seed id, quote) of the article open in the viewer"),
    "held-table": Key(types=(Mapping,), holds="the selection of the Who held what table"),
    "scroll_count": Key(types=(int,), holds="how many scroll requests were made (each one's nonce)"),
    "scroll_request": Key(types=(dict,), holds="where the page is to scroll after this run"),
    "_kcm_run_open": Key(types=_BOOL, holds="a run is under way (dashboard/bursts.py)"),
}

# Keys made by a pattern: a value set for the next run ("pending_<key>"), buttons and the map's component.
PREFIXES: dict[str, Key] = {
    "pending_": Key(types=_DATE + _BOOL + _STR, holds="a value of the key after the prefix, set before its widget "
                                                      "is drawn in the next run"),
    "step-": Key(types=_BOOL, holds="a step button (a day, week, month or event, back or on)"),
    "dl-": Key(types=_BOOL, holds="a download button"),
    "kcm-": Key(types=(Mapping, bool), holds="a keyed container, button or the map component's last report"),
    # "Read the quote in the article" under a citation (dashboard/panel.py `citations`), by what it cites
    "src-": Key(types=_BOOL, holds="a quote button of a district's control change"),
    "fig-": Key(types=_BOOL, holds="a quote button of a figure"),
    "pos-": Key(types=_BOOL, holds="a quote button of a post"),
    "place-": Key(types=_BOOL, holds="a quote button of a settlement's control change"),
    "area-": Key(types=_BOOL, holds="a quote button of a settlement an inferred area rests on"),
}


def declared(key: str) -> Key | None:
    if key in KEYS:
        return KEYS[key]
    return next((k for prefix, k in PREFIXES.items() if key.startswith(prefix)), None)


def problems(state: Mapping[str, Any]) -> list[str]:
    """Each key of `state` that is not declared or holds a value of another type, in words."""
    found = []
    for key, value in state.items():
        if key.startswith("$$"):  # Streamlit's own widget ids
            continue
        entry = declared(key)
        if entry is None:
            found.append(f"{key!r} is not declared in dashboard/viewstate.py")
        elif value is not None and not isinstance(value, entry.types):
            found.append(f"{key!r} holds {type(value).__name__} {value!r:.60}; declared: "
                         + " or ".join(t.__name__ for t in entry.types))
    return found
