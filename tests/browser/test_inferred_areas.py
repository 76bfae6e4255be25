"""The inferred areas of control in both editions, in headless Chromium: drawn on 20 October 2020 (the switch is
on by default in the war), clicked for the settlements they rest on, hidden by the switch."""

import pytest

from tests.helpers import STATIC_READY
from tools.harness import map_frame, wait_for, wait_idle

pytestmark = pytest.mark.browser
AREAS = "document.querySelectorAll('path.kcm-inferred').length"


def test_the_static_edition_draws_the_areas_lists_what_one_rests_on_and_hides_them(static_server, page):
    p = page.page
    p.goto(f"{static_server}/index.html?date=2020-10-20")
    p.wait_for_function(STATIC_READY, timeout=15000)
    assert p.evaluate(AREAS) > 0 and p.is_checked("#kcm-inferred")
    assert "not a surveyed front line" in p.inner_text(".kcm-inferred-note")
    assert p.evaluate("document.querySelectorAll('path.kcm-inferred-announced').length") > 0  # hatched
    assert "not a surveyed front line" in p.inner_text("#kcm-legend")
    p.evaluate("document.querySelector('path.kcm-inferred').dispatchEvent(new MouseEvent('click', {bubbles: true}))")
    wait_for(p, "() => document.querySelector('#kcm-panel-body').textContent.includes('Rests on')")
    assert p.locator(".kcm-area-places li").count() > 0 and p.locator("#kcm-panel-body .kcm-citation").count() > 0
    p.get_by_text("Open the district's sourced timeline").click()  # the district under the area, one click away
    wait_for(p, "() => document.querySelector('#kcm-panel-body').textContent.includes('What happened')")
    p.uncheck("#kcm-inferred")
    wait_for(p, f"() => {AREAS} === 0 && !document.querySelector('.kcm-inferred-note')")
    p.check("#kcm-inferred")
    wait_for(p, f"() => {AREAS} > 0")
    assert not page.errors


def test_the_app_draws_the_areas_and_its_switch_hides_them(app, page):
    page.page.goto(f"{app.url}/?date=2020-10-20")
    frame = map_frame(page.page)
    wait_for(frame, f"() => {AREAS} > 0")
    assert "not a surveyed front line" in frame.inner_text(".kcm-inferred-note")
    wait_idle(page.page)
    page.page.get_by_text("Inferred areas of control").click()
    wait_for(frame, f"() => {AREAS} === 0 && !document.querySelector('.kcm-inferred-note')")
    assert not page.errors
