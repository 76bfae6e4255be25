"""The static edition's Play, as a reader sees it, checked against the data (the timeline's stops and the periods'
last days), not against the code that draws: it stops on the last day of the period it started in and switches
itself off. A break injected through the page's data (never by rewriting its script) makes the check fail. The map's
drawing and behaviour are held to one list of expectations in both editions (test_both_editions*.py); the app's
Play in tests/browser/test_app_play.py."""

from __future__ import annotations

import datetime as dt

import pytest

from geo import Timeline, load_package
from geo.navigation import play_end, ranges
from tests.helpers import Edition
from tools.harness import PageRecorder, block_foreign_requests

pytestmark = pytest.mark.browser

PACKAGE = load_package()
TIMELINE = Timeline(PACKAGE)
PLAY_TICK_MS = 1200  # kcm-static-host.js's Play interval


def check_play_stops_at_the_end(ed: Edition) -> None:
    """Play from the last but one stop: it reaches the last, then the last day of the period it started in (here
    the covered range's end), switches itself off and stays there. The page's clock is Playwright's (installed
    before it loaded), so the ticks take no real time."""
    page = ed.page
    *_, before_last, last = TIMELINE.stops()
    end = play_end(ranges(PACKAGE), before_last, TIMELINE.end)
    assert end >= last
    ed.open(before_last.isoformat())
    page.click("#kcm-play")
    assert page.get_attribute("#kcm-play", "aria-pressed") == "true"
    page.clock.run_for(PLAY_TICK_MS + 100)
    assert ed.date() == last.isoformat()
    page.clock.run_for(PLAY_TICK_MS)  # then the period's last day, which is no stop
    page.clock.run_for(5 * PLAY_TICK_MS)  # the tick after it finds nothing further
    assert (page.get_attribute("#kcm-play", "aria-pressed"), page.text_content("#kcm-play")) == ("false", "Play")
    assert ed.date() == end.isoformat()
    renders = page.evaluate("kcmExport.renders")
    page.clock.run_for(5 * PLAY_TICK_MS)
    assert page.evaluate("kcmExport.renders") == renders


@pytest.fixture
def static(browser, static_server) -> Edition:
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    block_foreign_requests(context)
    ed = Edition("static", PageRecorder(context.new_page()), static_server)
    ed.page.clock.install()
    yield ed
    context.close()


def test_play_stops_at_the_periods_last_day_and_switches_itself_off(static):
    check_play_stops_at_the_end(static)
    assert static.recorder.foreign_hosts() == set() and static.recorder.errors == []


def play_ends_a_month_early(site: dict) -> None:
    for pair in site["playEnds"]:
        pair[1] = (dt.date.fromisoformat(pair[1]) - dt.timedelta(days=30)).isoformat()


def test_play_ending_early_is_caught(static):
    static.serve_broken(play_ends_a_month_early, whole_site=True)
    with pytest.raises(AssertionError):
        check_play_stops_at_the_end(static)
    assert static.recorder.errors == []  # the break shows in what Play does, not as a script error
