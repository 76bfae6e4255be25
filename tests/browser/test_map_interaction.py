"""Using the map as a reader does, in a real browser: a tap on a phone, the quote in its article, the keyboard,
tooltips at the map's edge. Every request to another host is blocked."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.helpers import IN_AGHDAM
from tools.harness import (
    IN_VIEW,
    PHONE,
    block_foreign_requests,
    map_frame,
    tooltips_at_edges,
    wait_for,
    wait_idle,
)

pytestmark = pytest.mark.browser
MAP = "iframe[src*='streamlit_folium']"


@pytest.fixture
def tab(app, browser, request):
    """A page in a context of its own size (default a laptop); `@pytest.mark.parametrize('tab', [...],
    indirect=True)` gives another."""
    options = getattr(request, "param", {"viewport": {"width": 1366, "height": 768}})
    context = browser.new_context(**options)
    block_foreign_requests(context)
    hosts: list[str] = []
    context.on("request", lambda r: hosts.append(r.url) if "://localhost" not in r.url
               and "://127.0.0.1" not in r.url and not r.url.startswith(("data:", "blob:", "about:")) else None)
    page = context.new_page()
    yield page
    context.close()
    assert not hosts, hosts


def container_point(frame, lat, lon):
    return frame.evaluate("([lat, lon]) => { const p = kcm.map.latLngToContainerPoint([lat, lon]);"
                          " return [p.x, p.y]; }", [lat, lon])


@pytest.mark.parametrize("tab", [PHONE], indirect=True)
def test_a_tap_on_a_phone_shows_the_panel_on_screen(app, tab):
    """The panel sits below the map on a phone: after a tap on a district, then on a post, the heading of what
    was tapped must be brought into view."""
    tab.goto(f"{app.url}/?date=2021-06-01")  # no inferred areas over the districts by default
    frame = map_frame(tab)
    wait_idle(tab)
    x, y = container_point(frame, *IN_AGHDAM)
    box = tab.locator(MAP).bounding_box()
    assert box["y"] + y < 844  # the tap lands on the first screen
    tab.touchscreen.tap(box["x"] + x, box["y"] + y)
    wait_for(tab, "location.search.includes('district=AZ-AGM')")
    tab.get_by_role("heading", name="Aghdam").first.wait_for()
    tab.wait_for_function(IN_VIEW, arg=["h3", "Aghdam", True], timeout=10000)
    wait_idle(tab)
    frame.locator(".kcm-position[data-id='pk-op-dadivank']").tap()  # scrolled back to the map first
    wait_for(tab, "location.search.includes('position=pk-op-dadivank')")
    heading = "Russian peacekeeping observation post near Dadivank monastery (post No. 23)"
    tab.wait_for_function(IN_VIEW, arg=["h3", heading, True], timeout=10000)


def test_read_the_quote_opens_the_article_at_the_highlighted_quote(app, tab):
    tab.goto(f"{app.url}/?date=2020-11-20&district=AZ-AGM")
    map_frame(tab)
    wait_idle(tab)
    button = tab.get_by_role("button", name="Read the quote in the article").first
    button.scroll_into_view_if_needed()
    button.click()
    quote = "Armenian forces occupied some 77 percent of the district in 1993"
    mark = tab.locator("mark#quote")
    mark.wait_for(timeout=20000)
    assert quote in mark.text_content()
    tab.wait_for_function(IN_VIEW, arg=["mark#quote", quote, False], timeout=10000)
    # The article's title and its close button stay on screen above it.
    close = tab.get_by_role("button", name="Close the article").bounding_box()
    assert close is not None and 0 <= close["y"] <= tab.viewport_size["height"], close
    assert tab.evaluate("getComputedStyle(document.querySelector('mark#quote')).backgroundColor") != "rgba(0, 0, 0, 0)"


def test_enter_and_space_on_a_focused_post_open_it(app, tab):
    """On 1 May 2023 a Russian post and an Azerbaijani checkpoint stand at the Hakari bridge, drawn side by
    side: each opens its own panel, from the keyboard as from the mouse."""
    tab.goto(f"{app.url}/?date=2023-05-01")
    frame = map_frame(tab)
    wait_idle(tab)
    post = ".kcm-position[data-id='{}']"
    frame.locator(post.format("az-checkpoint-hakari-bridge")).press("Enter")
    wait_for(tab, "location.search.includes('position=az-checkpoint-hakari-bridge')")
    tab.get_by_role("heading", name=re.compile("checkpoint", re.I)).first.wait_for()
    wait_idle(tab)
    frame.locator(post.format("pk-op-1-hakari-bridge")).press(" ")
    wait_for(tab, "location.search.includes('position=pk-op-1-hakari-bridge')")
    wait_idle(tab)
    # The mouse too opens the one it clicks (the middle of its symbol), not its neighbour.
    frame.locator(post.format("az-checkpoint-hakari-bridge")).click()
    wait_for(tab, "location.search.includes('position=az-checkpoint-hakari-bridge')")


def test_choosing_a_district_from_the_table_or_the_list_opens_it(app, tab):
    tab.goto(f"{app.url}/?date=2020-11-20")
    map_frame(tab)
    wait_idle(tab)
    table = tab.locator(".stDataFrame").first
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    # The grid is a canvas: the first row (Aghdam, the table is sorted by name) is one row below the header,
    # its selection box in the leftmost column.
    tab.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    wait_for(tab, "location.search.includes('district=AZ-AGM')")
    tab.get_by_role("heading", name="Aghdam").first.wait_for()
    wait_idle(tab)
    # The list: "Find a district" (its name read as written, no Markdown escapes) takes a name typed and Enter.
    district_list = tab.get_by_role("combobox", name="Find a district (any of its names)", exact=True)
    option = tab.get_by_role("option").filter(has_text="Khankendi").first
    # On a loaded machine the map's late report of its view (it moves to Aghdam) can rerun the script while
    # typing or just before Enter, which redraws the list and drops what was typed: then type again (twice
    # more at most).
    for attempt in range(3):
        wait_idle(tab)
        district_list.focus()
        tab.keyboard.press("Control+A")
        tab.keyboard.type("Khankendi")
        try:
            option.wait_for(timeout=10000)
            tab.keyboard.press("Enter")
            wait_for(tab, "location.search.includes('district=AZ-XA')", timeout_ms=10000)
            break
        except PlaywrightTimeout:
            assert attempt < 2, "typing Khankendi and Enter never opened it"


@pytest.mark.parametrize("tab", [PHONE], indirect=True)  # a narrow map: tooltips reach its edges soonest
def test_tooltips_near_the_maps_edges_stay_inside_it(app, tab):
    tab.goto(f"{app.url}/?date=2020-11-10&zoom=10&lat=39.8&lon=46.75")  # districts reach every edge
    frame = map_frame(tab)
    wait_idle(tab)
    tab.locator(MAP).scroll_into_view_if_needed()
    width, height = frame.evaluate("[kcm.map.getSize().x, kcm.map.getSize().y]")
    # The scale and the attribution cover the bottom edge: out of the way, so the mouse can reach the edge.
    frame.evaluate("document.querySelector('.leaflet-bottom.leaflet-left').remove();"
                   "document.querySelector('.leaflet-bottom.leaflet-right').remove()")
    box = tab.locator(MAP).bounding_box()

    def hover(x, y):
        tab.mouse.move(max(0, box["x"] + x), max(0, box["y"] + y))

    for point, (left, top, right, bottom) in tooltips_at_edges(frame, (0, 0), (width, height), hover):
        assert left >= 0 and top >= 0 and right <= width and bottom <= height, (point, (left, top, right, bottom))
