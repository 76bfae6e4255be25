"""The map frame is rendered once per opening (dashboard/map.py `frame_arguments`) and a step sends only the date's
script (`date_script`), where streamlit-folium's st_folium rendered the whole folium map on every rerun. What the
frame receives must stay what st_folium would send it for the same map: held here against st_folium itself, so an
upgrade of streamlit-folium that changes its arguments fails this test, not the reader's map."""

from __future__ import annotations

import json
import re

import folium
import streamlit_folium

from dashboard.map import RETURNED, Opening, _Script, date_script, frame_arguments, map_key
from geo import load_package
from geo.frames import map_view

PAYLOAD = {"frame": {"date": "2020-11-10", "places": "AaHh"}, "view": {"selected": None, "note": "</script> \"'"}}


def st_folium_sends(opening: Opening, payload: dict, monkeypatch) -> dict:
    """What st_folium hands the frame component for `opening`'s map and a feature group carrying `payload`, as
    dashboard/map.py called it before: the date's script as a MacroElement in a folium FeatureGroup."""
    sent: dict = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: sent.update(kwargs))
    group = folium.FeatureGroup(name="date", control=False)
    _Script("update", payload, prelude="window.feature_group = [];\n").add_to(group)
    streamlit_folium.st_folium(opening.map(), key=map_key(opening.online_tiles), height=opening.height,
                               use_container_width=True, returned_objects=RETURNED, feature_group_to_add=group)
    return sent


def without_spaces(script: str) -> str:
    return re.sub(r"\s+", "", script)


def opening(online_tiles: bool = False, story: bool = True) -> Opening:
    view = json.dumps(map_view(load_package()), sort_keys=True)
    return Opening("map-0123456789abcdef.json", online_tiles, view, 620, (39.8, 46.7), 9.5, story,
                   "../basemap-x/index.json")


def test_the_frame_gets_what_st_folium_would_send(monkeypatch):
    for each in (opening(), opening(online_tiles=True, story=False)):
        theirs = st_folium_sends(each, PAYLOAD, monkeypatch)
        ours = frame_arguments(each)
        # A folium map's id is drawn at random per map object; st_folium sends it but names the map map_div.
        assert {k: v for k, v in ours.items() if k != "id"} == {
            k: v for k, v in theirs.items() if k not in ("id", "feature_group", "on_change")}
        assert set(theirs) == {*ours, "feature_group", "on_change"}
        assert without_spaces(date_script(PAYLOAD)) == without_spaces(theirs["feature_group"])


def test_a_step_reuses_the_rendered_frame():
    first, again = opening(), opening()
    assert frame_arguments(first) is frame_arguments(again)  # rendered once for equal openings
    assert frame_arguments(opening(story=False)) is not frame_arguments(first)
