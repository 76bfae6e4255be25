"""The inferred areas of control in the app (geo/inferred.py): the switch beside the map, and the panel of an
area clicked on the map, listing the settlements it rests on with their sources."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from dashboard import ui
from dashboard.bundle import Bundle
from dashboard.panel import citations, claim_line
from dashboard.text import Md
from geo import panel_words as W
from geo import status, vocabulary
from geo.describe import format_date
from geo.frames import timeline_places
from geo.inferred import default_on, default_range
from geo.inferred_encoding import LazyInferredEncoding
from geo.layers.places import place_status_text

SWITCH = "inferred_areas"
TOUCHED = "inferred_touched"  # the reader set the switch: it no longer follows the date
AREA = "area"
SENT = "inferred_sent"  # (the map frame, the indices of the rows it was sent)
WHAT = Md("areas inferred from the sourced settlements of split districts, not a surveyed front line.")


def note(bundle: Bundle) -> Md:
    """When the areas are on by default: the profile's dates (validated within the package's coverage), or off."""
    on = default_range(bundle.package)
    if on is not None:
        start, end = (format_date(d) for d in on)
        return Md("Inferred areas are on by default from {} to {}: ").format(start, end) + WHAT
    return Md("Inferred areas are off by default: ") + WHAT


def shown(bundle: Bundle, date: dt.date) -> bool:
    """Whether the map shows the areas: on the profile's default dates, off otherwise, until the reader sets the
    switch."""
    if st.session_state.get(TOUCHED):
        return bool(st.session_state.get(SWITCH))
    return default_on(bundle.package, date)


def switch(bundle: Bundle, date: dt.date) -> None:
    if not st.session_state.get(TOUCHED):
        st.session_state[SWITCH] = default_on(bundle.package, date)
    ui.toggle(status.INFERRED_SWITCH, key=SWITCH, on_change=lambda: st.session_state.update({TOUCHED: True}))


def area(bundle: Bundle, item: str) -> list[Any] | None:
    """The area a map click names (an index into the map's table), None for one the table has not."""
    return bundle.encoder.inferred.area(int(item)) if bundle.encoder is not None and item.isdigit() else None


def sent(bundle: Bundle, online_tiles: bool) -> set[int]:
    """The inferred areas' rows this session's map frame was sent (MapEncoder.frame adds to it), where a package's
    areas are built per date shown (geo/inferred_encoding.py): a row goes once. A new frame (another package, the
    tiles switched, which reloads it) starts empty; a frame that lacks a row all the same says so (`resend`)."""
    frame = (bundle.data_file, online_tiles)
    held = st.session_state.get(SENT)
    if not isinstance(held, tuple) or held[0] != frame:
        held = st.session_state[SENT] = (frame, set())
    rows: set[int] = held[1]
    return rows


def build_ahead(bundle: Bundle, date: dt.date, drawn: bool) -> None:
    """Where the areas are built per date shown and the map draws them, have the dates either side of `date` built
    while the reader looks at it (geo/inferred_encoding.py `build_ahead`); called at the end of a script run."""
    encoding = bundle.encoder.inferred if bundle.encoder is not None else None
    if drawn and isinstance(encoding, LazyInferredEncoding):
        encoding.build_ahead(date)


def resend() -> None:
    """The map reported areas listed whose rows it lacks (a frame it never drew, as when two reruns' frames reach
    it at once): the next frame carries every row it lists."""
    st.session_state.pop(SENT, None)


def area_panel(bundle: Bundle, date: dt.date) -> None:
    """The chosen area, if any: what it is and the settlements it rests on with their status and sources."""
    item = st.session_state.get(AREA)
    if not isinstance(item, str) or (chosen := area(bundle, item)) is None or bundle.timeline is None:
        return
    district, controller, announced, places, _ = chosen
    order = timeline_places(bundle.package)
    with st.container(key="kcm-panel-area"):  # the static page's area panel's words (geo/panel_words.py)
        ui.subheader(W.area_title(vocabulary.of(bundle.package), controller, bool(announced)))
        where = bundle.package.districts[district].names.display if district in bundle.package.districts else district
        ui.caption(W.area_caption(len(places), where))
        if district in bundle.package.districts:
            ui.button(W.AREA_OPEN, key="kcm-area-district",
                      on_click=lambda: st.session_state.update({"district": district, AREA: None}))
        drawn = bundle.encoder is not None and shown(bundle, date) and int(item) in bundle.encoder.inferred.ids(date)
        if not drawn:  # chosen on another date, or the areas are switched off
            ui.caption(W.area_not_drawn(date))
        ui.markdown(Md("#### {}").format(W.area_rests(len(places))))
        for i in places:
            place = order[i]
            ui.markdown(Md("**{}**: {}").format(place.names.en, place_status_text(bundle.timeline, place.id, date)))
            changes = [c for c in bundle.timeline.place_changes(place.id) if c.date <= date]
            last = changes[-1] if changes else bundle.timeline.place_changes(place.id)[0]
            claim_line(bundle, last.citations)
            label = W.area_sources(format_date(last.date, last.precision), past=last.date <= date)
            with ui.expander(label):
                citations(bundle, last.citations, f"area-{item}-{place.id}")
        ui.button("✕ Close the area", on_click=lambda: st.session_state.update({AREA: None}))
    st.divider()
