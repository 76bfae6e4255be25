"""One suite for both editions. The app and the static edition draw their maps with one core from one encoder;
these checks hold each edition to the same expectations, taken from the data (`date_payload`, the map of a date
written out, and geo/status.py's tables), never from the code that draws. Each deliberate break is injected the
same way in both editions, through the map's data as the browser receives it, and must make its check fail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from geo import Timeline, load_package
from geo.frames import date_payload, timeline_places
from geo.layers.positions import positions_at
from tests.helpers import Edition
from tests.helpers import first_words as status
from tests.helpers import hex_colour as _hex
from tools.harness import wait_for

pytestmark = pytest.mark.browser

PACKAGE = load_package()
TIMELINE = Timeline(PACKAGE)
DATES = ("1994-05-12", "2020-10-20", "2020-11-19", "2022-08-30", "2023-10-01")
DISTRICTS = """Object.fromEntries(Array.from(document.querySelectorAll('path.kcm-district[data-id]')).map(p => [
    p.getAttribute('data-id'), [p.getAttribute('fill'), +p.getAttribute('fill-opacity'), p.getAttribute('stroke'),
    +p.getAttribute('stroke-width'), p.getAttribute('stroke-dasharray')]]))"""
DOTS = """Object.fromEntries(Array.from(document.querySelectorAll('path.kcm-place[data-id]')).map(p => [
    p.getAttribute('data-id'), [p.getAttribute('fill'), p.getAttribute('stroke')]]))"""
POSTS = """Array.from(document.querySelectorAll('.kcm-position[data-id]')).map(p => [p.getAttribute('data-id'),
    p.querySelector('svg path').getAttribute('d'), getComputedStyle(p.querySelector('svg')).fill,
    p.getBoundingClientRect().left, p.getBoundingClientRect().right])"""
LABELS = """[Array.from(document.querySelectorAll('.kcm-label')).map(l => l.textContent),
    +getComputedStyle(document.querySelector('.kcm-label').closest('.leaflet-pane')).zIndex,
    +getComputedStyle(document.querySelector('.leaflet-marker-pane')).zIndex]"""
CORRIDOR = """['band', 'route', 'former'].map(part => document.querySelectorAll('path.kcm-corridor-' + part).length)"""
WHITE = "#FFFFFF"
# The legend as drawn: each status line's swatch colour and words, each post kind's symbol, each operator's colour,
# and the settlements' dots, filled and hollow.
LEGEND = """() => {
  const list = document.querySelector('ul.kcm-legend'), css = (e, p) => getComputedStyle(e)[p];
  return {statuses: Array.from(list.querySelectorAll('.kcm-swatch[data-status]')).map(s =>
            [s.getAttribute('data-status'), s.style.getPropertyValue('--kcm-swatch'), s.parentNode.textContent.trim()]),
          kinds: Array.from(list.querySelectorAll('.kcm-legend-symbol[data-kind]')).map(s =>
            [s.getAttribute('data-kind'), s.querySelector('svg path').getAttribute('d'), s.textContent.trim()]),
          operators: Array.from(list.querySelectorAll('.kcm-legend-operator[data-operator]')).map(s =>
            [s.getAttribute('data-operator'), css(s.querySelector('.kcm-swatch'), 'backgroundColor')]),
          dots: Array.from(list.querySelectorAll('.kcm-swatch-dot')).map(s =>
            [s.getAttribute('data-code'), css(s, 'backgroundColor'), css(s, 'borderTopColor')]),
          seen: list.getClientRects().length > 0 && css(list, 'visibility') === 'visible'};
}"""


# --- what both editions must draw ---


def check_fills(ed: Edition) -> None:
    """Each district in its date's style (fill, depth, outline), each settlement dot in its holder's colour (hollow
    where only one side announced it)."""
    codes = {v: k for k, v in status.PLACE_CODES.items()}
    for iso in DATES:
        ed.show(iso)
        payload = date_payload(PACKAGE, TIMELINE, dt.date.fromisoformat(iso))
        drawn, dots = ed.map.evaluate(DISTRICTS), ed.map.evaluate(DOTS)
        for did, (fill, opacity, stroke, width, dash) in payload["styles"].items():
            assert [_hex(drawn[did][0]), drawn[did][1], _hex(drawn[did][2]), drawn[did][3], drawn[did][4]] == [
                fill.upper(), opacity, stroke.upper(), width, dash], (iso, did)
        for place, code in zip(timeline_places(PACKAGE), payload["places"], strict=True):
            if code == "?":
                continue
            holder, announced = codes[code]
            side = status.COLOURS[holder].upper()
            assert [_hex(c) for c in dots[place.id]] == ([WHITE, side] if announced else [side, WHITE]), (iso, place.id)


def check_posts(ed: Edition) -> None:
    """Each post in its kind's shape and its operator's colour; posts at one point side by side."""
    posts = {p.id: p for p in PACKAGE.positions}
    for iso in ("2021-06-01", "2023-05-01"):
        ed.show(iso)
        drawn = ed.map.evaluate(POSTS)
        assert {pid for pid, *_ in drawn} == {p.id for p in positions_at(TIMELINE, dt.date.fromisoformat(iso))}
        for pid, path, fill, _left, _right in drawn:
            assert path == status.POSITION_SHAPES[posts[pid].kind].path, (iso, pid)
            assert _hex(fill) == status.OPERATORS[posts[pid].operator].colour.upper(), (iso, pid)
    boxes = {pid: (left, right) for pid, _path, _fill, left, right in drawn if "hakari-bridge" in pid}
    (left_a, right_a), (left_b, right_b) = boxes.values()
    assert right_a <= left_b or right_b <= left_a, boxes


def check_labels(ed: Edition) -> None:
    """Every timeline district's name, above the posts' symbols."""
    texts, label_z, marker_z = ed.map.evaluate(LABELS)
    assert sorted(texts) == sorted(d.names.display for d in PACKAGE.districts.values() if d.role == "story")
    assert label_z > marker_z


def check_corridor(ed: Edition) -> None:
    """The corridor's band and route on the date, and the previous route once the road moved."""
    for iso, expected in (("2020-11-01", [0, 0, 0]), ("2020-12-01", [1, 1, 0]), ("2022-08-30", [1, 1, 1])):
        ed.show(iso)
        assert ed.map.evaluate(CORRIDOR) == expected, iso


def check_click_opens_the_panel(ed: Edition) -> None:
    """A click on a district or a post opens its panel and marks it on the map."""
    ed.show("2021-06-01")
    ed.map.locator('path.kcm-district[data-id="AZ-AGM"]').dispatch_event("click")
    wait_for(ed.map, "document.querySelector('path.kcm-district[data-id=\"AZ-AGM\"]')"
                     ".classList.contains('kcm-selected')")
    assert "Aghdam" in ed.panel_text(once="Aghdam")
    post = ed.map.locator('.kcm-position[data-id="pk-hq-stepanakert"]')
    post.click()
    wait_for(ed.map, "document.querySelector('.kcm-position[data-id=\"pk-hq-stepanakert\"]')"
                     ".classList.contains('kcm-selected')")
    name = next(p.name for p in PACKAGE.positions if p.id == "pk-hq-stepanakert")
    ed.page.get_by_text(name).first.wait_for(timeout=20000)


def check_basemap_and_context(ed: Edition) -> None:
    """The offline basemap's lines and the context districts in geo/status.py's styles (the pictures use them too)."""
    ed.map.wait_for_function("() => document.querySelectorAll('path.kcm-river').length > 0", timeout=15000)
    for kind, style in status.BASEMAP_STYLES.items():
        strokes = ed.map.evaluate(f"Array.from(document.querySelectorAll('path.{style['className']}'))"
                                  ".map(p => p.getAttribute('stroke'))")
        assert strokes and {_hex(s) for s in strokes} == {style["color"].upper()}, kind
    context = next(d.id for d in PACKAGE.districts.values() if d.role == "context")
    drawn = ed.map.evaluate(DISTRICTS)[context]
    expected = status.CONTEXT_STYLE
    assert [_hex(drawn[0]), drawn[1], _hex(drawn[2]), drawn[3]] == [
        expected["fillColor"].upper(), expected["fillOpacity"], expected["color"].upper(), expected["weight"]]


def _rgb(colour: str) -> str:
    return "rgb({}, {}, {})".format(*(int(colour[i:i + 2], 16) for i in (1, 3, 5)))


def check_legend(ed: Edition) -> None:
    """The same legend in both editions (below the static edition's map, on the app's behind a button): every status
    in its colour, every post's shape and operator, and what filled and hollow settlement dots mean (the app's
    legend lacked these two: Streamlit's HTML cleaning stripped the symbols)."""
    if ed.name == "app":  # on the map, behind its button
        ed.map.get_by_text("Legend", exact=True).click()
    shown = ed.map.evaluate(LEGEND)
    assert shown["seen"]
    assert shown["statuses"] == [[e.key, e.colour, e.legend] for e in status.LEGEND]
    assert shown["kinds"] == [[kind, shape.path, shape.legend] for kind, shape in status.POSITION_SHAPES.items()]
    assert shown["operators"] == [[key, _rgb(op.colour)] for key, op in status.OPERATORS.items() if key != "other"]
    white, sides = "rgb(255, 255, 255)", {"a": status.COLOURS[status.ARMENIAN], "z": status.COLOURS[status.AZERBAIJAN]}
    # As the map draws them: filled in the holder's colour with a white rim; hollow, rimmed in it.
    assert shown["dots"] == [[code.upper(), _rgb(sides[code]), white] for code in "az"] + [
        [code, white, _rgb(sides[code])] for code in "az"]
    assert status.LEGEND_WORDS["places"] in ed.map.inner_text("ul.kcm-legend")
    if ed.name == "app":
        ed.map.get_by_text("Legend", exact=True).click()  # closed again, as the other checks found the map


CHECKS = (check_legend, check_fills, check_posts, check_labels, check_corridor, check_basemap_and_context,
          check_click_opens_the_panel)




def test_both_editions_draw_what_the_data_says(edition):
    edition.open("2020-11-10")
    for check in CHECKS:
        check(edition)
    assert not edition.recorder.foreign_hosts() and not edition.recorder.errors


# --- each break, injected through the map's data as served, fails its check in both editions ---


def _swap(values: dict, a: str, b: str) -> None:
    values[a], values[b] = values[b], values[a]


def swap_fills(data: dict) -> None:
    swap = {status.COLOURS[status.ARMENIAN]: status.COLOURS[status.AZERBAIJAN],
            status.COLOURS[status.AZERBAIJAN]: status.COLOURS[status.ARMENIAN]}
    for style in data["tables"]["styles"]:
        style[0] = swap.get(style[0], style[0])


def swap_place_codes(data: dict) -> None:
    """Each side's settlements drawn in the other side's colour (the codes a frame gives, read the wrong way)."""
    codes = data["placeCodes"]
    first, second = sorted(codes)[:2]
    codes[first], codes[second] = codes[second], codes[first]


def drop_zone_outline(data: dict) -> None:
    for style in data["tables"]["styles"]:
        if style[2] == status.COLOURS[status.ZONE]:
            style[2:5] = ["#555555", 1, None]


def swap_operators(data: dict) -> None:
    _swap(data["operators"], "russian_peacekeepers", "azerbaijan")


def bases_as_headquarters(data: dict) -> None:
    data["shapes"]["base"] = data["shapes"]["headquarters"]


def misname_a_label(data: dict) -> None:
    data["geometry"]["labels"][0]["text"] += "?"


def recolour_rivers(data: dict) -> None:
    data["basemapStyles"]["river"]["color"] = "#ff0000"


def drop_the_band(data: dict) -> None:
    for route in data["geometry"]["corridors"].values():
        route["features"] = [f for f in route["features"] if f["properties"]["part"] != "band"]


def recolour_a_legend_line(data: dict) -> None:
    data["legend"][0][0] = "#FF0000"


BREAKS: dict[str, tuple[Callable[[dict], None], Callable[[Edition], None]]] = {
    "a-legend-line-recoloured": (recolour_a_legend_line, check_legend),
    "district-colours-swapped": (swap_fills, check_fills),
    "settlement-colours-swapped": (swap_place_codes, check_fills),
    "zone-outline-dropped": (drop_zone_outline, check_fills),
    "operator-colours-swapped": (swap_operators, check_posts),
    "bases-drawn-as-headquarters": (bases_as_headquarters, check_posts),
    "a-label-misnamed": (misname_a_label, check_labels),
    "corridor-band-missing": (drop_the_band, check_corridor),
    "rivers-recoloured": (recolour_rivers, check_basemap_and_context),
}


@pytest.mark.parametrize("name", list(BREAKS))
def test_each_break_fails_its_check(edition, name):
    breaking, check = BREAKS[name]
    edition.serve_broken(breaking)
    edition.open("2020-11-10")
    with pytest.raises(AssertionError):
        check(edition)
    assert not edition.recorder.errors  # the break shows on the map, not as a script error
