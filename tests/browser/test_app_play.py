"""The app's Play in a real browser, checked against the data (the timeline's stops and the period's last day):
it ends on the period's last day and switches itself off, its clock gone. What the map draws and does on a step is
held to one list of expectations in both editions (test_both_editions*.py); the static edition's Play in
tests/browser/test_static_play.py."""

from __future__ import annotations

import pytest

from dashboard.timecontrols import PLAY_SPEEDS
from geo import Timeline, load_package
from tools.harness import live_intervals, map_frame, record_intervals, wait_for, wait_idle

pytestmark = pytest.mark.browser

PACKAGE = load_package()
TIMELINE = Timeline(PACKAGE)


def open_at(page, app, date: str):
    page.page.goto(f"{app.url}/?date={date}")
    frame = map_frame(page.page)
    wait_for(frame, f"window.kcm.date === '{date}'")
    wait_idle(page.page)
    return frame


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
