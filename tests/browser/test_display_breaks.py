"""The map as a reader sees it in a real browser, checked against the data (the timeline) and the page's own
legend, not against the code that draws it: who held a district is drawn in the legend's colour for that
status, the peacekeeping zone is outlined, a tooltip tells the date's status after a step, dynamic layers are
replaced (never piled up) as the date moves, and Play stops at the end."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dashboard.timecontrols import PLAY_SPEEDS
from geo import Timeline, load_package, status
from geo.frames import date_payload
from tests.helpers import IN_AGHDAM
from tools.harness import live_intervals, map_frame, record_intervals, wait_for, wait_idle

pytestmark = pytest.mark.browser

PACKAGE = load_package()
TIMELINE = Timeline(PACKAGE)
AGHDAM = IN_AGHDAM
DRAWN = """Object.fromEntries(Array.from(document.querySelectorAll('path.kcm-district[data-id]')).map(p => [
    p.getAttribute('data-id'), {fill: p.getAttribute('fill'), opacity: +p.getAttribute('fill-opacity'),
    stroke: p.getAttribute('stroke'), width: +p.getAttribute('stroke-width'),
    dash: p.getAttribute('stroke-dasharray'), status: p.getAttribute('data-status')}]))"""
LEGEND = """Object.fromEntries(Array.from(document.querySelectorAll('.kcm-legend .kcm-swatch[data-status]')).map(
    s => [s.getAttribute('data-status'), s.getAttribute('style')]))"""


def legend_colour(legend: dict[str, str], key: str) -> str:
    """The colour the page's legend shows for a status (its swatch's fill, or its outline for the zone)."""
    return re.search(r"#[0-9A-Fa-f]{6}", legend[key]).group().upper()


def open_at(page, app, date: str):
    page.page.goto(f"{app.url}/?date={date}")
    frame = map_frame(page.page)
    wait_for(frame, f"window.kcm.date === '{date}'")
    wait_idle(page.page)
    return frame


@pytest.mark.parametrize("date", ["2020-01-01", "2020-11-15", "2021-06-01"])
def test_each_district_is_drawn_in_the_legends_colour_for_who_held_it_and_the_zone_outlined(app, page, date):
    frame = open_at(page, app, date)
    drawn = frame.evaluate(DRAWN)
    legend = frame.evaluate(LEGEND)  # the map's own legend (geo/mapcore/kcm-legend.js)
    payload = date_payload(PACKAGE, TIMELINE, dt.date.fromisoformat(date))
    zone = legend_colour(legend, status.ZONE)
    for did, state in TIMELINE.state_at(dt.date.fromisoformat(date)).items():
        held = status.PENDING if state.pending_handover else state.controller
        shown = drawn[did]
        assert (shown["status"], shown["fill"].upper()) == (held, legend_colour(legend, held)), did
        assert shown["opacity"] == payload["styles"][did][1], did  # the split depth the legend explains
        # The legend: a green dashed outline in the zone, thin green dots partly in it; awaiting handover dashed.
        in_zone, partly = state.peacekeeping_zone is True, state.peacekeeping_zone == "partly"
        assert (shown["stroke"].upper() == zone) == (in_zone or partly), did
        assert shown["dash"] == ("6 4" if in_zone or held == status.PENDING else "2 5" if partly else None), did
        assert shown["width"] == (3 if in_zone else 2 if partly else 1), did
    assert not page.foreign_hosts()


def hover(page, frame, lat_lon) -> str:
    """Move the mouse onto a point of the map; the tooltip's text."""
    page.page.locator("iframe[src*='streamlit_folium']").scroll_into_view_if_needed()
    x, y = frame.evaluate("([lat, lon]) => { const p = kcm.map.latLngToContainerPoint([lat, lon]); "
                          "return [p.x, p.y]; }", list(lat_lon))
    box = page.page.locator("iframe[src*='streamlit_folium']").bounding_box()
    page.page.mouse.move(box["x"] + x - 3, box["y"] + y)
    page.page.mouse.move(box["x"] + x, box["y"] + y, steps=3)
    tooltip = frame.locator(".leaflet-tooltip").first
    tooltip.wait_for(timeout=10000)
    return tooltip.inner_text()


def test_a_tooltip_tells_the_status_of_the_date_shown_after_a_step(app, page):
    """After a step taken with the mouse resting on the district (its tooltip open), and when it opens afresh."""
    awaiting = "awaiting handover to Azerbaijan by 20 November 2020"
    frame = open_at(page, app, "2020-11-19")
    assert awaiting in hover(page, frame, AGHDAM)
    slider = page.page.get_by_role("slider")
    slider.focus()  # the keyboard steps; the mouse stays on Aghdam
    slider.press("ArrowRight")
    wait_for(frame, "window.kcm.date === '2020-11-20'")
    wait_idle(page.page)
    text = frame.locator(".leaflet-tooltip").first.inner_text()
    assert "Split (share not sourced)" in text and "awaiting" not in text, text  # Kichan stayed held (issue 19)
    page.page.mouse.move(5, 5)  # the mouse leaves the map: its tooltip closes
    frame.locator(".leaflet-tooltip").first.wait_for(state="detached", timeout=10000)
    slider.focus()
    slider.press("ArrowLeft")
    wait_for(frame, "window.kcm.date === '2020-11-19'")
    wait_idle(page.page)
    assert awaiting in hover(page, frame, AGHDAM)


def test_dynamic_layers_are_replaced_not_piled_up_as_the_date_moves(app, page):
    """From 9 to 16 November 2020 the positions grow from 0 to 7 and the corridor appears: after each step the
    map holds exactly that date's positions, precision rings and corridor band, and streamlit-folium's list
    of added feature groups stays at one."""
    frame = open_at(page, app, "2020-11-09")
    slider = page.page.get_by_role("slider")
    day = dt.date(2020, 11, 9)
    for _ in range(7):
        slider.focus()
        slider.press("ArrowRight")
        day += dt.timedelta(days=1)
        wait_for(frame, f"window.kcm.date === '{day.isoformat()}'")
        wait_idle(page.page)
        payload = date_payload(PACKAGE, TIMELINE, day)
        rings = sum(1 for p in payload["positions"] if p["radius_m"] > 0 and p["precision"] != "exact")
        shown = frame.evaluate("""[document.querySelectorAll('.kcm-position').length,
            document.querySelectorAll('path.kcm-precision').length,
            document.querySelectorAll('path.kcm-corridor-band').length, (window.feature_group || []).length]""")
        assert shown == [len(payload["positions"]), rings, 1 if payload["corridor"] else 0, 1], day


def test_play_ends_on_the_periods_last_day_and_switches_itself_off(app, page):
    """From the last event but one, Play passes the last event and ends on the period's last day (the whole
    record here: its coverage end), then switches itself off."""
    *_, before_last, last = TIMELINE.stops()
    end = TIMELINE.end
    assert last < end
    record_intervals(page.page)
    frame = open_at(page, app, before_last.isoformat())
    toggle = page.page.get_by_role("switch", name="Play")
    page.page.get_by_text("Play", exact=True).click()
    assert toggle.is_checked()
    wait_for(frame, f"window.kcm.date === '{last.isoformat()}' || window.kcm.date === '{end.isoformat()}'",
             timeout_ms=30000)
    assert PLAY_SPEEDS["normal"] * 1000 in live_intervals(page.page) or not toggle.is_checked()
    wait_for(frame, f"window.kcm.date === '{end.isoformat()}'", timeout_ms=30000)
    page.page.wait_for_function("() => !document.querySelector('input[role=switch][aria-label=Play]').checked",
                                timeout=15000)  # the tick after the period's last day finds nothing further
    # Switched off, its clock is gone: nothing can move the date on (no waiting to see that nothing moves).
    page.page.wait_for_function("ms => !window.kcmLiveIntervals().includes(ms)",
                                arg=PLAY_SPEEDS["normal"] * 1000, timeout=20000)
    assert frame.evaluate("window.kcm.date") == end.isoformat()
    assert not toggle.is_checked()
