"""Find a settlement or post by any of its names: the box beside the map, its matches, and where the map pans."""

from __future__ import annotations

from itertools import islice

import streamlit as st

from . import ui
from .bundle import Bundle
from .text import Md


def find_settlement_or_post(bundle: Bundle) -> None:
    """A name box; its matches (any name, any language) are listed only while searching, so a date step does
    not resend the whole gazetteer. A single match is chosen at once."""
    ui.text_input(Md("Find a settlement or post (any of its names)"), key="find_text", on_change=match_found,
                  args=(bundle,), placeholder=place_examples(bundle))
    matches = found_matches(bundle, st.session_state.get("find_text") or "")
    if len(matches) > 1:
        ui.selectbox("Matches", matches, key="find", index=None, format_func=bundle.find_labels.__getitem__,
                     on_change=select_found, placeholder=f"{len(matches)} match(es): choose one")
    elif (st.session_state.get("find_text") or "").strip() and not matches:
        ui.caption("No settlement or post has that name.")


def examples(names: list[str]) -> str:
    """A search box's placeholder: names of the package's own (another package's would puzzle its readers)."""
    return "Type a name: " + ", ".join(names[:3]) + "…" if names else "Type a name"


def place_examples(bundle: Bundle) -> str:
    return examples([p.names.en for p in islice(bundle.package.places.values(), 3)])  # a rerun reads three


def district_examples(bundle: Bundle) -> str:
    return examples(list(islice((d.names.display for d in bundle.package.districts.values() if d.role != "context"),
                                2)))


def found_matches(bundle: Bundle, text: str, limit: int = 12) -> list[str]:
    """What a name finds: a settlement or post with exactly that name first (a town before a post "in
    the town's area"), then those whose names contain it."""
    wanted = text.strip().casefold()
    if not wanted:
        return []
    found = [key for key, label in bundle.find_labels.items() if wanted in label.casefold()]
    return sorted(found, key=lambda key: wanted not in bundle.find_names.get(key, ()))[:limit]


def match_found(bundle: Bundle) -> None:
    """One match, or one settlement or post with exactly the typed name, is chosen at once."""
    text = (st.session_state.get("find_text") or "").strip().casefold()
    matches = found_matches(bundle, text)
    exact = [key for key in matches if text in bundle.find_names.get(key, ())]
    if len(exact) == 1:
        matches = exact
    if len(matches) == 1:
        st.session_state.find = matches[0]
        select_found()


def select_found() -> None:
    """A settlement or post chosen by name opens its panel, and the map pans to it and marks it."""
    kind, _, item = (st.session_state.get("find") or "").partition(":")
    if kind in ("place", "position"):
        st.session_state.place = item if kind == "place" else None
        st.session_state.position = item if kind == "position" else None
        st.session_state.focus = st.session_state.find


def focus_point(bundle: Bundle) -> dict | None:
    """Where the map should pan to and what it should mark, after a search (None: leave the map as it is)."""
    kind, _, item = (st.session_state.get("focus") or "").partition(":")
    if kind == "place" and item in bundle.package.places:
        p = bundle.package.places[item]
        return {"key": st.session_state.focus, "id": p.id, "lat": p.lat, "lon": p.lon}
    position = next((x for x in bundle.package.positions if kind == "position" and x.id == item), None)
    if position is not None:
        return {"key": st.session_state.focus, "id": position.id, "lat": position.lat, "lon": position.lon}
    return None
