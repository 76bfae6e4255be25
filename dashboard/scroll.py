"""Bring what the user asked for into view: the details panel after a tap on the map (on a phone it sits
below the map, off screen) and the highlighted quote in the article viewer.

`ask` records a request during a run; `scroll_if_asked`, drawn once at the end of the side panel, sends it
to a frameless component (static/kcm-scroll) whose script scrolls the page. Only a run with a request
draws it, so a date step sends nothing more.
"""

from __future__ import annotations

import streamlit as st
from streamlit.components.v1 import declare_component

from geo._files import package_folder

_scroller = declare_component("kcm_scroll", path=str(package_folder("dashboard") / "static" / "kcm-scroll"))
REQUEST_KEY = "scroll_request"
# Selectors are literals of this code, never data.
PANELS = {"district": ".st-key-kcm-panel-district", "place": ".st-key-kcm-panel-place",
          "position": ".st-key-kcm-panel-position"}
QUOTE = "mark#quote"
ARTICLE = ".st-key-kcm-article-viewer"


def ask(selector: str, block: str = "start", within: str | None = None) -> None:
    """Scroll to the first element matching `selector` once this run has drawn it ("start": only if it is not
    on screen already, to the top; "center": to the middle of the box it scrolls in). With `within`, the page
    itself scrolls only as far as needed to show the top of that enclosing element (the article's title and
    its close button stay on screen)."""
    count = st.session_state.get("scroll_count", 0) + 1
    st.session_state.scroll_count = count
    st.session_state[REQUEST_KEY] = {"selector": selector, "block": block, "within": within, "nonce": count}


def scroll_if_asked() -> None:
    request = st.session_state.pop(REQUEST_KEY, None)
    if request is not None:
        _scroller(**request, default=None)
