"""The map frame is rendered once per opening (dashboard/map.py `frame_arguments`) and a step sends only the date's
script (`date_script`), where streamlit-folium's st_folium rendered the whole folium map on every rerun. What the
frame receives must stay what st_folium would send it for the same map: held here against st_folium itself, so an
upgrade of streamlit-folium that changes its arguments fails this test, not the reader's map."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from unittest import mock

import streamlit_folium

from dashboard.map import RETURNED, Opening, date_script, draw, frame_arguments, map_key
from geo import load_package
from geo.frames import map_view

PAYLOAD = {"frame": {"date": "2020-11-10", "places": "AaHh"}, "view": {"selected": None, "note": "</script> \"'"}}


def st_folium_sends(opening: Opening, monkeypatch) -> dict:
    """What st_folium hands the frame component for `opening`'s map, as dashboard/map.py called it before."""
    sent: dict = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: sent.update(kwargs))
    streamlit_folium.st_folium(opening.map(), key=map_key(opening.online_tiles), height=opening.height,
                               use_container_width=True, returned_objects=RETURNED)
    return sent


def without_spaces(script: str) -> str:
    return re.sub(r"\s+", "", script)


def opening(online_tiles: bool = False, story: bool = True) -> Opening:
    view = json.dumps(map_view(load_package()), sort_keys=True)
    return Opening("map-0123456789abcdef.json", online_tiles, view, 620, (39.8, 46.7), 9.5, story,
                   "../basemap-x/index.json")


def test_the_frame_gets_what_st_folium_would_send(monkeypatch):
    for each in (opening(), opening(online_tiles=True, story=False)):
        theirs = st_folium_sends(each, monkeypatch)
        ours = frame_arguments(each)
        # A folium map's id is drawn at random per map object; st_folium sends it but names the map map_div.
        assert {k: v for k, v in ours.items() if k != "id"} == {
            k: v for k, v in theirs.items() if k not in ("id", "feature_group", "on_change")}
        assert set(theirs) == {*ours, "feature_group", "on_change"}
        assert theirs["feature_group"] is None and theirs["layer_control"] is None


def test_a_step_s_script_travels_as_the_layer_control_script_without_a_feature_group(monkeypatch):
    """The frame evaluates a changed layer-control script; a feature group it evaluates and then re-hooks its click
    handler on every layer of the map (30,000 dots at scale). The script hands the payload to the map core only."""
    sent: dict = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: sent.update(kwargs))
    monkeypatch.setattr("dashboard.map.st", mock.Mock(session_state={}))
    draw(opening(), PAYLOAD)
    assert sent["feature_group"] is None and sent["layer_control"] == date_script(PAYLOAD)
    script = date_script(PAYLOAD)
    encoded = re.fullmatch(r'window\.kcm\.update\(JSON\.parse\(new TextDecoder\(\)\.decode\(\s*Uint8Array\.from\('
                           r'atob\("([A-Za-z0-9+/=]+)"\), function \(c\) \{ return c\.charCodeAt\(0\); \}\)\)\)\);\n',
                           script)
    assert encoded is not None, script
    assert json.loads(base64.b64decode(encoded.group(1))) == PAYLOAD
    # The frame's code that the script relies on: a changed layer control without a feature group is evaluated.
    frontend = Path(streamlit_folium.__file__).parent / "frontend" / "build" / "static" / "js"
    assert any("}else eval(layer_control)" in js.read_text(encoding="utf-8") for js in frontend.glob("main.*.js"))


def test_a_step_reuses_the_rendered_frame():
    first, again = opening(), opening()
    assert frame_arguments(first) is frame_arguments(again)  # rendered once for equal openings
    assert frame_arguments(opening(story=False)) is not frame_arguments(first)
