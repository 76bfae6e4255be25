"""The app run for real with streamlit.testing, its map component replaced by a fake that records what it was
sent and returns what a click would."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NamedTuple
from unittest import mock

from streamlit.testing.v1 import AppTest

from dashboard.map import Opening

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


MAP_DRAWN = "the map's opening view"  # FakeFolium's default result: what a frame reports once it has drawn


class Call(NamedTuple):
    opening: Opening  # where the frame opens (its folium map: `opening.map()`)
    payload: dict  # the date's frame and view, as the map core receives it


class FakeFolium:
    """Stands in for the map frame (dashboard.map.draw): keeps each run's opening and payload, returns a scripted
    result. By default it reports what the frame does once the map has drawn: its opening view (the page then
    shows the view below the map)."""

    def __init__(self, result=MAP_DRAWN):
        self.result = result
        self.calls: list[Call] = []

    def __call__(self, opening: Opening, payload: dict):
        self.calls.append(Call(opening, payload))
        if self.result is MAP_DRAWN:
            return drawn(opening.map())
        return self.result


def drawn(fig) -> dict:
    """streamlit-folium's first report from a frame that has drawn `fig`: no click, its opening view."""
    lat, lng = fig.location
    return {"last_active_drawing": None, "zoom": fig.options["zoom"], "center": {"lat": lat, "lng": lng}}


def clicked(kind: str, item: str, count: int = 1) -> dict:
    """What the map reports when a reader clicks a feature (dashboard/static/kcm-app-host.js `report`)."""
    return {"last_active_drawing": {"type": "Feature", "geometry": None,
                                    "properties": {"kcm_kind": kind, "kcm_id": item, "kcm_click": f"s:{count}"}},
            "zoom": 8}


def run_app(params=None, argv=None):
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    with mock.patch.object(sys, "argv", ["app.py", *(argv or [])]):
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at):
    """Everything the page shows as text (markdown, captions, html, info boxes)."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    parts += [s.value for s in at.subheader]
    parts += [h.proto.body for h in at.get("html")]
    return "\n".join(parts).replace("\\", "").replace("**", "")
