"""Time you can navigate, as a reader does it in a real browser (issue 11): Go to date, what was going on,
compare two dates, and a URL that keeps the view. (Periods, steps and Play: test_dashboard.py and
test_app_play.py.)"""

import datetime as dt
import re

import pytest

from geo import Timeline, load_package
from geo.compare import compare
from tests.helpers import first_words as status
from tests.helpers import hex_colour
from tools.harness import map_frame, wait_for, wait_for_text, wait_idle

pytestmark = pytest.mark.browser


def page_text(page) -> str:
    return page.inner_text("body")


def go_to(page, text: str) -> None:
    box = page.get_by_role("textbox", name="Go to date")
    box.fill(text)
    box.press("Enter")
    wait_idle(page)


def test_go_to_date_takes_words_refuses_the_rest_and_says_what_was_going_on(app, page):
    page.page.goto(f"{app.url}/?date=2020-11-10")
    frame = map_frame(page.page)
    wait_idle(page.page)
    go_to(page.page, "9 Oct 2020")
    wait_for(frame, "window.kcm.date === '2020-10-09'")
    wait_for_text(page.page, "44-day war: day 13 of 44")
    shown = page_text(page.page)
    assert "Announced taken this day" in shown and "Hadrut" in shown

    # Every date the map applies from now on, in order: the map's updates arrive in the order of the runs,
    # so if the refused entry had moved the map, its date would come before the next good one.
    frame.evaluate("""kcm.applied = []; const apply = kcm.core.apply;
        kcm.core.apply = function (f, v) { kcm.applied.push(f.date); return apply.call(this, f, v); }; true""")
    go_to(page.page, "next tuesday")
    assert "is not a date" in page.page.get_by_test_id("stAlertContentError").inner_text()

    go_to(page.page, "2020-10-20")
    wait_for(frame, "window.kcm.date === '2020-10-20'")
    assert set(frame.evaluate("kcm.applied")) <= {"2020-10-09", "2020-10-20"}  # the refused entry moved nothing
    wait_for_text(page.page, "44-day war: day 24 of 44")
    go_to(page.page, "15 Jan 2023")
    wait_for(frame, "window.kcm.date === '2023-01-15'")
    wait_for_text(page.page, "Blockade of the Lachin corridor: day 35 of")
    assert not page.foreign_hosts() and not page.errors


def test_compare_the_handover_month_lists_and_marks_what_changed(app, page):
    page.page.goto(f"{app.url}/?date=2020-11-30&compare=2020-11-01")
    frame = map_frame(page.page)
    wait_for(frame, "window.kcm.date === '2020-11-30'")
    wait_idle(page.page)
    assert "What changed from 1 November 2020 to 30 November 2020" in page_text(page.page)
    # The list comes with the run the map's first report starts (the view below the map waits for it).
    wait_for(page.page, "document.querySelectorAll('[data-testid=stDataFrame] td').length > 0")
    # The grid draws on a canvas; its cells are also in the page for assistive technology, five a row.
    cells = page.page.evaluate("Array.from(document.querySelectorAll('[data-testid=stDataFrame] td'))"
                               ".map(td => td.textContent)")
    rows = [cells[i:i + 5] for i in range(0, len(cells), 5)]
    changed_districts = {name: gained for kind, name, gained, *_ in rows if kind == "district"}
    assert {"Aghdam", "Kalbajar/Karvachar"} <= set(changed_districts)
    assert changed_districts["Kalbajar/Karvachar"] == "Azerbaijan"  # who gained, in the row
    assert "From 1 November 2020 to 30 November 2020: Azerbaijan gained" in page_text(page.page)

    def marked() -> set[str]:
        return set(frame.evaluate("Array.from(document.querySelectorAll('path.kcm-district.kcm-changed'))"
                                  ".map(p => p.getAttribute('data-id'))"))

    # On the map, exactly the districts that changed are marked (the grid holds only its visible rows).
    timeline = Timeline(load_package())
    expected = {d.id for d in compare(timeline, dt.date(2020, 11, 1), dt.date(2020, 11, 30)) if d.kind == "district"}
    assert {"AZ-AGM", "AZ-KAL"} <= marked() == expected
    # Each outlined in the colour of the side that gained it (Kalbajar: Azerbaijan's blue), not one red for all.
    outlines = frame.evaluate("""Object.fromEntries(Array.from(document.querySelectorAll(
        'path.kcm-district.kcm-changed')).map(p => [p.getAttribute('data-id'),
        [p.getAttribute('data-gained'), getComputedStyle(p).stroke]]))""")
    gainers = {d.id: d.gained for d in compare(timeline, dt.date(2020, 11, 1), dt.date(2020, 11, 30))}
    assert outlines["AZ-KAL"][0] == "azerbaijan"
    for did, (gained, stroke) in outlines.items():  # red where the data cannot tell who gained
        assert gained == gainers[did] and hex_colour(stroke) == (status.COLOURS[gained] if gained else "#D62728"), did
    page.page.get_by_text("Compare with another date", exact=True).click()  # compare off: nothing marked
    wait_idle(page.page)
    wait_for(frame, "document.querySelectorAll('path.kcm-changed').length === 0")
    # The URL is rewritten at the end of the run that drew the map: wait for it rather than read it at once.
    wait_for(page.page, "() => !window.location.search.includes('compare=')")
    assert not page.foreign_hosts()


def test_a_url_keeps_zoom_centre_and_a_district_by_its_alias_across_a_reload(app, page):
    page.page.goto(f"{app.url}/?date=2020-11-20&zoom=10&lat=39.8&lon=46.7&district=Shushi&view=Sources")
    for _ in range(2):  # as opened, then reloaded from the URL the app wrote
        frame = map_frame(page.page)
        wait_for(frame, "window.kcm.date === '2020-11-20'")
        wait_idle(page.page)
        assert frame.evaluate("window.kcm.map.getZoom()") == 10
        lat, lng = frame.evaluate("[window.kcm.map.getCenter().lat, window.kcm.map.getCenter().lng]")
        assert abs(lat - 39.8) < 0.01 and abs(lng - 46.7) < 0.01
        assert page.page.get_by_role("heading", name=re.compile("Shusha")).first.is_visible()
        assert "district=AZ-SUS" in page.page.url and "view=Sources" in page.page.url
        assert not page.page.get_by_test_id("stAlertContentWarning").count()
        page.page.reload()
    assert not page.foreign_hosts()
