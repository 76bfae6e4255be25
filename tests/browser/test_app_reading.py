"""Reading the app in headless Chromium (issue 18): the finders on a laptop's first screen under a short date
heading, and a date typed or stepped to on a phone. Every request to another host is blocked."""

import re

import pytest

from tools.harness import PHONE, block_foreign_requests, map_frame, wait_for, wait_idle

pytestmark = pytest.mark.browser


@pytest.fixture
def tab(app, browser, request):
    options = getattr(request, "param", {"viewport": {"width": 1366, "height": 768}})
    context = browser.new_context(**options)
    block_foreign_requests(context)
    yield context.new_page()
    context.close()


def test_the_finders_are_on_a_laptops_first_screen(app, tab):
    """The issue: a six-line date heading pushed the district finder below the fold on 1366x768."""
    tab.goto(f"{app.url}/?date=2020-11-10")  # two events, a period and the day's notes
    map_frame(tab)
    wait_idle(tab)
    heading = tab.get_by_role("heading", name="10 November 2020", exact=True)
    assert heading.is_visible()
    for name in ("Find a district (any of its names)", re.compile("Find a settlement or post")):
        box = tab.get_by_label(name).first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 768, (name, box)
    details = tab.get_by_text("Handover of Aghdam, Kalbajar and Lachin districts: day 1", exact=False).first
    finder = tab.get_by_label("Find a district (any of its names)").first.bounding_box()
    assert details.bounding_box()["y"] > finder["y"]  # the details follow the finders


@pytest.mark.parametrize("tab", [PHONE], indirect=True)
def test_a_date_is_typed_and_stepped_to_on_a_phone(app, tab):
    """The issue: on a phone 1 December 2020 took nine taps (no date entry, no day/week/month steps)."""
    tab.goto(f"{app.url}/?date=2020-11-20")
    frame = map_frame(tab)
    wait_idle(tab)
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    box = tab.locator("iframe[src*='streamlit_folium']").bounding_box()
    assert box is not None and box["y"] <= 450  # the map still starts on the first screen
    typed = tab.get_by_role("textbox", name="Go to date")
    assert typed.is_visible()
    typed.fill("1 Dec 2020")
    typed.press("Enter")
    wait_for(frame, "window.kcm.date === '2020-12-01'")
    for label, expected in (("+1W", "2020-12-08"), ("−1D", "2020-12-07"), ("+1M", "2021-01-07")):
        button = tab.get_by_role("button", name=label, exact=True)
        assert button.is_visible()
        button.tap()
        wait_for(frame, f"window.kcm.date === '{expected}'")


def test_the_area_chart_draws_on_the_default_period(app, tab):
    tab.goto(f"{app.url}/?date=2020-11-20&view=Area%20over%20time")
    map_frame(tab)
    wait_idle(tab)
    chart = tab.locator("[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg").first
    chart.wait_for(timeout=20000)
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 150
    assert tab.get_by_text("evenly spaced", exact=False).first.is_visible()


def test_a_long_panel_scrolls_in_its_column_and_the_map_stays_in_view(app, tab):
    """The issue: reading an open panel scrolled the map out of view."""
    tab.goto(f"{app.url}/?date=2020-11-10&district=AZ-SUS")  # Shusha: a long sourced timeline
    map_frame(tab)
    wait_idle(tab)
    tab.mouse.move(1100, 600)
    column = "() => { const c = document.querySelector('.st-key-kcm-side').closest('[data-testid=stColumn]');" \
             " const r = c.getBoundingClientRect(); return [c.scrollTop + c.clientHeight >= c.scrollHeight - 2," \
             " r.top, r.bottom]; }"
    for _ in range(60):  # a reader wheeling down through the panel to its end
        tab.mouse.wheel(0, 100)
        wait_idle(tab)
        at_end, top, bottom = tab.evaluate(column)
        if at_end and bottom <= 768:
            break
    at_end, top, bottom = tab.evaluate(column)
    assert at_end and 0 <= bottom <= 768, (at_end, top, bottom)  # the panel's end is on screen
    shown = tab.locator("iframe[src*='streamlit_folium']").bounding_box()
    visible = min(shown["y"] + shown["height"], 768) - max(shown["y"], 0)
    assert visible >= 400, shown  # and the map is still on screen beside it
