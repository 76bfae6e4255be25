"""What a user sees and clicks, in a real browser against a real `streamlit run`."""

import re

import pytest

from dashboard.timecontrols import PLAY_SPEEDS
from tests.helpers import IN_AGHDAM
from tools.harness import live_intervals, map_frame, record_intervals, wait_for, wait_idle

pytestmark = pytest.mark.browser


def status(frame, district):
    return frame.evaluate(f"document.querySelector('path.kcm-district[data-id=\"{district}\"]')"
                          ".getAttribute('data-status')")


def fill(frame, district):
    return frame.evaluate(f"document.querySelector('path.kcm-district[data-id=\"{district}\"]').getAttribute('fill')")


def test_the_map_draws_every_district_and_centre_label(app, page):
    page.page.goto(f"{app.url}/?date=2020-11-10")
    frame = map_frame(page.page)
    assert frame.evaluate("document.querySelectorAll('path.kcm-district').length") == 89
    labels = frame.evaluate("Array.from(document.querySelectorAll('.kcm-label')).map(e => e.textContent)")
    assert {"Aghdam", "Lachin/Berdzor", "Shusha/Shushi", "Stepanakert/Khankendi"} <= set(labels)
    assert frame.evaluate("document.querySelectorAll('path.kcm-corridor-band').length") == 1
    assert frame.evaluate("document.querySelectorAll('.kcm-position').length") >= 1
    # The credits line does not cover the scale bar.
    assert frame.evaluate("""(() => {
        const a = document.querySelector('.leaflet-control-attribution').getBoundingClientRect();
        const s = document.querySelector('.leaflet-control-scale').getBoundingClientRect();
        return a.left >= s.right || a.bottom <= s.top; })()""")
    assert not page.foreign_hosts(), page.foreign_hosts()
    assert not page.errors


def test_the_corridor_s_move_to_the_new_road_on_30_august_2022_shows_on_the_map(app, page):
    page.page.goto(f"{app.url}/?date=2022-08-29")
    frame = map_frame(page.page)
    wait_for(frame, "window.kcm.date === '2022-08-29'")
    assert frame.evaluate("document.querySelectorAll('path.kcm-corridor-route').length") == 1
    assert frame.evaluate("document.querySelectorAll('path.kcm-corridor-former').length") == 0
    old_route = frame.evaluate("document.querySelector('path.kcm-corridor-route').getAttribute('d')")
    wait_idle(page.page)
    slider = page.page.get_by_role("slider")
    slider.focus()
    slider.press("ArrowRight")
    wait_for(frame, "window.kcm.date === '2022-08-30'")
    # The new route in the corridor's colour, the old one where it was, grey and dashed.
    assert frame.evaluate("document.querySelector('path.kcm-corridor-former').getAttribute('d')") == old_route
    assert frame.evaluate("document.querySelector('path.kcm-corridor-route').getAttribute('d')") != old_route
    # Drawn after (above) the band it crosses, or the band's fill would hide it.
    assert frame.evaluate("""!!(document.querySelector('path.kcm-corridor-band').compareDocumentPosition(
        document.querySelector('path.kcm-corridor-former')) & Node.DOCUMENT_POSITION_FOLLOWING)""")
    # Visible at the default zoom: the two lines are several pixels apart somewhere along their length.
    apart = frame.evaluate("""(() => {
        const [a, b] = ['kcm-corridor-route', 'kcm-corridor-former'].map(c => document.querySelector('path.' + c));
        let most = 0;
        for (let i = 0; i <= 50; i++) {
            const p = a.getPointAtLength(a.getTotalLength() * i / 50);
            let near = Infinity;
            for (let j = 0; j <= 200; j++) {
                const q = b.getPointAtLength(b.getTotalLength() * j / 200);
                near = Math.min(near, Math.hypot(p.x - q.x, p.y - q.y));
            }
            most = Math.max(most, near);
        }
        return most; })()""")
    assert apart >= 5, apart
    assert not page.foreign_hosts()


def test_scrubbing_across_20_november_recolours_aghdam_without_reloading(app, page):
    page.page.goto(f"{app.url}/?date=2020-11-19")
    frame = map_frame(page.page)
    assert status(frame, "AZ-AGM") == "pending_handover"
    before = fill(frame, "AZ-AGM")
    frame.evaluate("window.__not_reloaded = true; kcm.map.setView([39.9, 46.9], 9, {animate: false}); null")
    wait_idle(page.page)
    slider = page.page.get_by_role("slider")
    slider.focus()
    slider.press("ArrowRight")
    wait_for(frame, "window.kcm.date === '2020-11-20'")
    assert status(frame, "AZ-AGM") == "split"  # handed over, but Kichan stayed held until 2023 (issue 19)
    assert fill(frame, "AZ-AGM") != before
    assert frame.evaluate("window.__not_reloaded === true"), "the map frame was reloaded"
    assert frame.evaluate("kcm.map.getZoom()") == 9
    center = frame.evaluate("[kcm.map.getCenter().lat, kcm.map.getCenter().lng]")
    assert center == pytest.approx([39.9, 46.9], abs=0.01)
    wait_idle(page.page)
    slider.press("ArrowLeft")
    wait_for(frame, "window.kcm.date === '2020-11-19'")
    assert status(frame, "AZ-AGM") == "pending_handover"
    # the URL keeps the view: the date, and the zoom and centre the reader moved the map to
    wait_for(page.page, "location.search.startsWith('?date=2020-11-19') && location.search.includes('zoom=9')")
    assert not page.foreign_hosts()


def test_clicking_aghdam_shows_the_seed_quote_on_its_handover(app, page):
    page.page.goto(f"{app.url}/?date=2020-11-20")
    frame = map_frame(page.page)
    wait_idle(page.page)
    page.page.locator("iframe[src*='streamlit_folium']").scroll_into_view_if_needed()
    point = frame.evaluate("ll => { const p = kcm.map.latLngToContainerPoint(ll); return [p.x, p.y]; }",
                           list(IN_AGHDAM))
    box = page.page.locator("iframe[src*='streamlit_folium']").bounding_box()
    page.page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    # On 20 Nov 2020 the inferred areas are on and Aghdam is split (Kichan stayed Armenian-held): the click opens
    # the area, whose panel leads to the district's sourced timeline (in the static page's words, geo/panel_words.py).
    page.page.get_by_role("button", name="Open the district's sourced timeline").click()
    quote = "Azerbaijani forces entered Aghdam district in Nagorno-Karabakh following 27 years of occupation"
    page.page.get_by_text(quote).first.wait_for(timeout=20000)
    wait_for(page.page, "location.search.includes('district=AZ-AGM')")
    page.page.get_by_role("button", name="Read the quote in the article").first.click()
    page.page.locator("mark#quote").first.wait_for(timeout=20000)
    assert not page.foreign_hosts()


def test_shared_url_shows_lachin_awaiting_handover_with_its_deadline(app, page):
    page.page.goto(f"{app.url}/?date=2020-11-10&district=AZ-LAN")
    frame = map_frame(page.page)
    assert status(frame, "AZ-LAN") == "pending_handover"
    page.page.get_by_text("awaiting handover to Azerbaijan by 1 December 2020").first.wait_for(timeout=20000)
    page.page.get_by_text("Handover deadline: 1 December 2020").wait_for(timeout=20000)
    assert not page.foreign_hosts()


def test_invalid_url_falls_back_with_a_visible_warning(app, page):
    page.page.goto(f"{app.url}/?date=2020-99-99&district=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    map_frame(page.page)
    page.page.get_by_text("is not a date").wait_for(timeout=20000)
    page.page.get_by_text("not a known district id").wait_for(timeout=20000)
    assert page.dialogs == []
    assert page.page.locator("img[src='x']").count() == 0


def test_play_steps_through_the_events_and_stops(app, page):
    record_intervals(page.page)
    page.page.goto(f"{app.url}/?date=2020-11-15")
    frame = map_frame(page.page)
    wait_idle(page.page)
    play_tick_ms = PLAY_SPEEDS["normal"] * 1000
    assert play_tick_ms not in live_intervals(page.page)
    page.page.get_by_text("Play", exact=True).click()
    wait_for(frame, "window.kcm.date === '2020-11-20'", timeout_ms=30000)
    # Play's clock, seen running (polled: each rerun sets it anew, so on a loaded machine a look can fall between)
    page.page.wait_for_function("ms => window.kcmLiveIntervals().includes(ms)", arg=play_tick_ms, timeout=20000)
    wait_for(frame, "window.kcm.date === '2020-11-25'", timeout_ms=30000)
    page.page.get_by_text("Play", exact=True).click()
    # Stopped: the clock that moves the date is gone (no waiting to see that nothing moves).
    page.page.wait_for_function("ms => !window.kcmLiveIntervals().includes(ms)", arg=play_tick_ms, timeout=20000)


def test_settlement_dots_take_the_colour_of_who_held_them_on_the_date(app, page):
    """Hadrut: held by Armenian forces on 8 Oct 2020; a hollow blue dot (announced by Azerbaijan) on 9 Oct."""
    page.page.goto(f"{app.url}/?date=2020-10-08")
    frame = map_frame(page.page)
    dot = "document.querySelector('path.kcm-place[data-id=\"hadrut\"]')"
    wait_for(frame, f"{dot} && {dot}.getAttribute('data-code') === 'A'")
    assert frame.evaluate(f"{dot}.getAttribute('fill')") == "#E69F00"
    assert frame.evaluate("document.querySelectorAll('path.kcm-place').length") >= 150
    slider = page.page.get_by_role("slider")
    wait_idle(page.page)
    slider.focus()
    slider.press("ArrowRight")
    wait_for(frame, f"{dot}.getAttribute('data-code') === 'z'")
    assert frame.evaluate(f"{dot}.getAttribute('fill')") == "#ffffff"
    assert frame.evaluate(f"{dot}.getAttribute('stroke')") == "#0072B2"
    assert not page.foreign_hosts()


@pytest.mark.parametrize(("width", "height", "limit"), [(1366, 768, 300), (390, 844, 450)])
def test_the_map_starts_on_the_first_screen_of_a_laptop_and_a_phone(app, browser, width, height, limit):
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        tab = context.new_page()
        tab.goto(f"{app.url}/?date=2020-11-20")
        map_frame(tab)
        wait_idle(tab)
        assert tab.locator("iframe[src*='streamlit_folium']").bounding_box()["y"] <= limit
        assert tab.get_by_role("slider").is_visible()
    finally:
        context.close()


def test_search_a_settlement_pans_the_map_there_and_marks_it(app, page):
    import re
    page.page.goto(f"{app.url}/?date=2020-10-20")
    frame = map_frame(page.page)
    wait_idle(page.page)
    frame.evaluate("window.__not_reloaded = true")
    search = page.page.get_by_role("textbox", name=re.compile("Find a settlement or post"))
    search.fill("Hadrut")
    search.press("Enter")
    dot = "document.querySelector('path.kcm-place[data-id=\"hadrut\"]')"
    wait_for(frame, f"{dot} && {dot}.classList.contains('kcm-selected')")
    centre = frame.evaluate("[kcm.map.getCenter().lat, kcm.map.getCenter().lng]")
    assert centre == pytest.approx([39.516667, 47.03], abs=0.02)
    assert frame.evaluate("window.__not_reloaded === true")
    page.page.get_by_text("Azerbaijani control since 9 October 2020, as announced by", exact=False).first.wait_for()
    assert not page.foreign_hosts()


def test_district_names_sit_above_markers_and_a_click_leaves_no_focus_rectangle(app, page):
    page.page.goto(f"{app.url}/?date=2021-06-01")
    frame = map_frame(page.page)
    wait_idle(page.page)
    label_z = frame.evaluate("+getComputedStyle(document.querySelector('.kcm-label').closest('.leaflet-pane')).zIndex")
    marker_z = frame.evaluate("+getComputedStyle(document.querySelector('.kcm-position').closest('.leaflet-pane'))"
                              ".zIndex")
    assert label_z > marker_z
    assert frame.evaluate("getComputedStyle(document.querySelector('.kcm-label').closest('.leaflet-pane'))"
                          ".pointerEvents") == "none"
    page.page.locator("iframe[src*='streamlit_folium']").scroll_into_view_if_needed()
    point = frame.evaluate("(() => { const p = kcm.map.latLngToContainerPoint([40.2, 47.2]); return [p.x, p.y]; })()")
    box = page.page.locator("iframe[src*='streamlit_folium']").bounding_box()
    page.page.mouse.click(box["x"] + point[0], box["y"] + point[1])  # a real click on the map (east Aghdam)
    focused = "getComputedStyle(document.activeElement).outlineStyle"
    assert frame.evaluate("document.activeElement !== document.body")
    assert frame.evaluate(focused) == "none", frame.evaluate("document.activeElement.outerHTML.slice(0, 80)")


def _rgb(hex_colour):
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_post_symbols_match_the_legend_and_posts_at_one_spot_sit_apart(app, page):
    """On 1 May 2023 a Russian post and an Azerbaijani checkpoint stand at the Hakari bridge (one point)."""
    from tests.helpers.first_words import OPERATORS
    page.page.goto(f"{app.url}/?date=2023-05-01")
    frame = map_frame(page.page)
    wait_idle(page.page)
    drawn = frame.evaluate("""Array.from(document.querySelectorAll('.kcm-position')).map(el => [
        el.getAttribute('data-id'), Array.from(el.classList).find(c => c.startsWith('kcm-operator-')).slice(13),
        getComputedStyle(el.querySelector('svg')).fill])""")
    assert {operator for _id, operator, _fill in drawn} >= {"russian_peacekeepers", "azerbaijan"}
    legend = {o: frame.evaluate(f"getComputedStyle(document.querySelector('.kcm-legend-operator[data-operator={o}]"
                                f" .kcm-swatch')).backgroundColor") for o in ("russian_peacekeepers", "azerbaijan")}
    for _id, operator, fill_colour in drawn:
        if operator in legend:
            assert fill_colour == legend[operator] == _rgb(OPERATORS[operator].colour)
    boxes = frame.evaluate("""['pk-op-1-hakari-bridge', 'az-checkpoint-hakari-bridge'].map(id => {
        const r = document.querySelector('.kcm-position[data-id="' + id + '"]').getBoundingClientRect();
        return [r.left, r.right]; })""")
    (left_a, right_a), (left_b, right_b) = boxes
    assert right_a <= left_b or right_b <= left_a, boxes  # side by side, not on top of each other


def test_the_first_click_on_a_fresh_page_lands_where_aimed(app, browser):
    """On a laptop screen the map frame reaches below the fold; pressing the mouse used to focus it and
    scroll the page before the button was released, so the first click on Aghdam opened its neighbour."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        tab = context.new_page()
        tab.goto(f"{app.url}/?date=2021-06-01")  # no inferred areas over the districts by default
        frame = map_frame(tab)
        wait_idle(tab)
        scrolled = tab.evaluate("window.scrollY")
        point = frame.evaluate("ll => { const p = kcm.map.latLngToContainerPoint(ll); return [p.x, p.y]; }",
                               list(IN_AGHDAM))
        box = tab.locator("iframe[src*='streamlit_folium']").bounding_box()
        assert box["y"] + point[1] < 768  # Aghdam is on screen without scrolling
        tab.mouse.click(box["x"] + point[0], box["y"] + point[1])
        wait_for(tab, "location.search.includes('district=')")
        assert "district=AZ-AGM" in tab.evaluate("location.search")
        assert tab.evaluate("window.scrollY") == scrolled
    finally:
        context.close()


def test_the_map_frame_and_the_slider_have_names(app, page):
    page.page.goto(f"{app.url}/?date=2021-06-01")
    map_frame(page.page)
    wait_idle(page.page)
    frame = page.page.locator("iframe[src*='streamlit_folium']")
    assert frame.get_attribute("title") == "Map: districts, settlements and peacekeeping posts"
    assert page.page.get_by_role("slider", name="Date").get_attribute("aria-valuetext") == "1 Jun 2021"


def test_a_period_spans_the_slider_keeping_a_date_inside_it_and_moving_one_outside(app, page):
    """Choosing a period gives the slider a new span, which made Streamlit start it over at its minimum:
    20 Oct 2020 became 27 Sep when the 44-day war was chosen."""
    page.page.goto(f"{app.url}/?date=2020-10-20")
    frame = map_frame(page.page)
    wait_idle(page.page)

    def choose(period: str) -> None:
        page.page.get_by_role("combobox", name=re.compile("Period")).click()
        page.page.get_by_role("option", name=re.compile(period)).click()
        wait_idle(page.page)

    choose("44-day war")
    # The map showed 20 Oct 2020 before the choice too: wait for the slider's new span, then read it.
    page.page.wait_for_function("() => (document.querySelector('[data-testid=stSliderTickBar]') || {})"
                                ".innerText?.includes('10 Nov 2020')", timeout=20000)
    wait_for(frame, "window.kcm.date === '2020-10-20'")
    slider = page.page.get_by_role("slider")
    assert "20 Oct 2020" in slider.get_attribute("aria-valuetext")
    track = page.page.get_by_test_id("stSliderTickBar").inner_text()
    assert "27 Sep 2020" in track and "10 Nov 2020" in track, track  # to the day the ceasefire took effect
    choose("Blockade")
    wait_for(frame, "window.kcm.date === '2022-12-12'")
    assert page.page.get_by_role("slider").get_attribute("aria-valuetext").endswith("12 Dec 2022")
    assert not page.foreign_hosts()
