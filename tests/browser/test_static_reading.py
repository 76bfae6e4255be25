"""Reading the static edition in headless Chromium (issue 18): a short date heading that leaves the district list
on a laptop's first screen, the public address in the permalink, embed and one-line citation, Play that ends on
the period's last day, and controls that wrap on a phone."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from geo import load_package
from geo.site import export_site
from tests.browser.conftest import STATIC_READY
from tests.helpers import file_server
from tools.harness import PHONE, PageRecorder

pytestmark = pytest.mark.browser
PUBLIC = "https://kcm.example.org/map/"


@pytest.fixture(scope="module")
def public_site(tmp_path_factory) -> Iterator[str]:
    """The static edition exported with a public address (as `KCM_PUBLIC_URL=… export-site` writes it)."""
    out = tmp_path_factory.mktemp("public-site")
    export_site(load_package(), out, PUBLIC)
    with file_server(out) as url:
        yield url


def _open(page, url: str):
    page.goto(url)
    page.wait_for_function(STATIC_READY, timeout=15000)
    return page


def test_the_heading_is_short_and_the_district_list_is_on_a_laptops_first_screen(page: PageRecorder, static_server):
    tab = page.page
    tab.set_viewport_size({"width": 1366, "height": 768})
    _open(tab, f"{static_server}/index.html?date=2020-11-10")  # two events and a period that day
    assert tab.text_content("#kcm-date-heading") == "10 November 2020"
    line = tab.text_content("#kcm-date-line")
    assert line.endswith("(and 1 more event below)")
    heights = tab.evaluate("['#kcm-date-heading', '#kcm-date-line'].map(s => document.querySelector(s)"
                           ".getBoundingClientRect().height)")
    assert sum(heights) < 4 * 24, heights  # two short lines, not six
    finder = tab.locator("#kcm-district").bounding_box()
    assert finder is not None and finder["y"] + finder["height"] <= 768
    details = tab.text_content("#kcm-situation")
    assert "Also this day:" in details and "day 1 of" in details  # the details are below the list


def test_the_public_address_is_in_the_permalink_embed_and_citation(page: PageRecorder, public_site):
    tab = _open(page.page, f"{public_site}/index.html?date=2020-11-20&district=AZ-AGM")
    assert tab.text_content("#kcm-permalink") == PUBLIC + "?date=2020-11-20&district=AZ-AGM"
    assert f'src="{PUBLIC}?date=2020-11-20&amp;district=AZ-AGM"' in tab.input_value("#kcm-embed")
    cite = tab.text_content("#kcm-cite-line")
    assert cite.startswith("Karabakh Ceasefire Map, Aghdam on 20 November 2020 (data sha256:")
    assert f", {PUBLIC}?date=2020-11-20&district=AZ-AGM, accessed " in cite and "{" not in cite


def test_play_ends_on_the_last_day_of_the_period_it_starts_in(page: PageRecorder, static_server):
    """The issue: the static edition played on past the period's end (to 2024)."""
    tab = _open(page.page, f"{static_server}/index.html?date=2020-11-08")
    tab.click("#kcm-play")
    assert tab.evaluate("kcmExport.playEnd") == "2020-11-10"
    tab.wait_for_function("() => document.querySelector('#kcm-play').getAttribute('aria-pressed') === 'false'",
                          timeout=20000)
    assert tab.get_attribute("#kcm-map", "data-date") == "2020-11-10"


def test_the_controls_wrap_on_a_phone(browser, static_server):
    context = browser.new_context(**PHONE)
    tab = _open(context.new_page(), f"{static_server}/index.html?date=2020-11-10")
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width  # the issue: 606 px, Play off-screen
    for control in ("#kcm-prev", "#kcm-next", "#kcm-play", "#kcm-slider"):
        box = tab.locator(control).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, (control, box)
    context.close()
