"""The map from the keyboard, in both editions, in headless Chromium: pressed as a reader does, from the top of the
page, Tab reaches the map once, then its posts, and the district finder within MAX_PRESSES; what has focus on the
map shows it; a mouse click on a district leaves no focus ring. (Reading tabIndex missed that Chromium makes an
SVG shape with a focus listener, as Leaflet's tooltips add, a Tab stop: the finder was the 268th stop.)"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.helpers import STATIC_READY
from tools.harness import block_foreign_requests, map_frame, wait_idle

pytestmark = pytest.mark.browser
MAX_PRESSES = 40

# The focused element, inside the map's frame where the app draws it: what it is, and how its focus shows.
FOCUSED = """() => {
  let doc = document, el = doc.activeElement;
  while (el && el.tagName === 'IFRAME' && el.contentDocument) { doc = el.contentDocument; el = doc.activeElement; }
  if (!el || el === doc.body) return null;
  const style = getComputedStyle(el), cls = el.className && el.className.baseVal !== undefined ? el.className.baseVal
    : String(el.className || '');
  return {tag: el.tagName.toLowerCase(), id: el.id, label: el.getAttribute('aria-label') || '', cls: cls,
    inMap: !!el.closest('.leaflet-container'),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0, shadow: style.boxShadow !== 'none'};
}"""


def is_finder(edition: str, focused: dict[str, Any] | None) -> bool:
    if focused is None:
        return False
    if edition == "app":
        return focused["label"].startswith("Find a district")
    return focused["id"] == "kcm-district"


def open_edition(edition: str, page, app, static_server, query: str = "") -> Any:
    """The edition as a reader opens it (by default its opening date, three posts on the map); returns the document
    its map is drawn in."""
    if edition == "app":
        page.goto(f"{app.url}/{query}")
        frame = map_frame(page)
        wait_idle(page)
        return frame
    page.goto(f"{static_server}/index.html{query}")
    page.wait_for_function(STATIC_READY, timeout=15000)
    return page


# The opening date, and the date with the most posts on the map (17, each a Tab stop after the map's own).
DATES = {"opening": "", "most-posts": "?date=2023-09-01"}


def _opened(name: str, date: str, browser, app, static_server) -> Iterator[tuple[str, Any, Any]]:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    block_foreign_requests(context)
    page = context.new_page()
    yield name, page, open_edition(name, page, app, static_server, DATES[date])
    context.close()


@pytest.fixture(params=[(e, d) for e in ("app", "static") for d in DATES], ids=lambda p: f"{p[0]}-{p[1]}")
def edition(request, browser, app, static_server):
    yield from _opened(*request.param, browser, app, static_server)


@pytest.fixture(params=["app", "static"])
def opening(request, browser, app, static_server):
    """The edition at its opening date (a click on a district is the same whatever the posts)."""
    yield from _opened(request.param, "opening", browser, app, static_server)


def test_tab_reaches_the_district_finder_past_the_map_and_its_posts(edition):
    name, page, _map = edition
    page.mouse.click(2, 2)  # the top of the page, where a reader's Tab starts
    stops: list[dict[str, Any]] = []
    for _press in range(MAX_PRESSES):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused is not None, stops  # focus never falls back to the page
        stops.append(focused)
        if is_finder(name, focused):
            break
    assert is_finder(name, stops[-1]), f"not reached in {MAX_PRESSES} presses: {[s['cls'] or s['tag'] for s in stops]}"
    in_map = [s for s in stops if s["inMap"]]
    # The map itself once (its keys zoom and pan), then its posts, named; never a shape, nor a zoom button.
    assert sum("leaflet-container" in s["cls"] for s in in_map) == 1, in_map
    assert not [s for s in in_map if s["tag"] == "path" or "leaflet-control-zoom" in s["cls"]], in_map
    posts = [s for s in in_map if "kcm-position" in s["cls"]]
    assert len(posts) >= 3 and all(p["label"] for p in posts), posts
    for stop in in_map:
        if "leaflet-container" in stop["cls"] or "kcm-position" in stop["cls"]:
            assert stop["outline"] or stop["shadow"], stop  # focus is seen
    print(f"{name}: the district finder is Tab stop {len(stops)}")


def test_a_click_on_a_district_leaves_no_focus_ring(opening):
    name, page, map_doc = opening
    box = page.locator("iframe[src*='streamlit_folium']" if name == "app" else "#kcm-map").bounding_box()
    point = map_doc.evaluate("() => { const m = window.kcm ? kcm.map : kcmExport.map;"
                             " const p = m.latLngToContainerPoint([40.14, 46.25]); return [p.x, p.y]; }")  # Kalbajar
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    focused = page.evaluate(FOCUSED)
    assert focused is not None and focused["inMap"], focused
    assert not focused["outline"] and not focused["shadow"], focused
