"""The second package (packages/georgia-2008) in both editions: `python -m dashboard --data DIR` and `python -m geo
export-site OUT --data DIR`. Each edition draws the package's regions in its profile's side colours, shows its
sides in the legend and no word of the first package's war, takes its own basemap from the machine that serves it,
opens a region's sourced panel on a click and recolours a region on a date step. Expectations come from the
package (its profile, `date_payload`), never from the code that draws."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dashboard.map import basemap_url
from geo import Timeline, load_package
from geo.basemap_recipe import basemap_folder, read_index
from geo.frames import date_payload
from tests.helpers import Edition
from tools.harness import PageRecorder, block_foreign_requests, wait_for

DATA = Path(__file__).resolve().parents[2] / "packages" / "georgia-2008" / "data"
# The app on this package: conftest's package_app, one server for the module.
pytestmark = [pytest.mark.browser,
              pytest.mark.parametrize("package_app", [DATA], indirect=True, ids=["georgia-2008"], scope="module")]
PACKAGE = load_package(DATA)
TIMELINE = Timeline(PACKAGE)
assert PACKAGE.profile is not None
PROFILE = PACKAGE.profile
BASEMAP = basemap_folder(PACKAGE)
FIRST_WAR = ("Karabakh", "Armenia", "Azerbaijan", "Lachin")
# Abkhazia: divided until the upper Kodori Gorge was taken on 12 August 2008, the Abkhaz side's from then on.
REGION, BEFORE, AFTER = "GE-AB", "2008-08-11", "2008-08-12"


@pytest.fixture(scope="module", params=["app", "static"])
def edition(request, browser, server_of, package_app) -> Iterator[Edition]:
    """Each edition on the package, in a page that records every request and blocks other hosts."""
    base = package_app.url if request.param == "app" else server_of(DATA)
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    block_foreign_requests(context)
    ed = Edition(request.param, PageRecorder(context.new_page()), base)
    ed.open(AFTER)
    yield ed
    context.close()


def _colour(side: str) -> str:
    return PROFILE.side(side).colour.upper()


def test_the_regions_are_drawn_in_the_profiles_side_colours(edition):
    styles = date_payload(PACKAGE, TIMELINE, dt.date.fromisoformat(AFTER))["styles"]
    held = {did: style[0].upper() for did, style in styles.items()}
    assert held[REGION] == _colour("abkhaz_forces") and held["GE-SZ"] == _colour("georgia")  # the data's say
    for did, colour in held.items():
        assert edition.fill(did) == colour, did


def test_the_legend_shows_the_packages_sides_and_no_word_of_the_first_war(edition):
    legend = " ".join(edition.map.locator("ul.kcm-legend").all_text_contents())
    for side in PROFILE.sides:
        assert side.legend in legend, side.id
    assert "International border" in legend  # the Georgian basemap's one line, from its index
    text = edition.text()
    assert PROFILE.sides[0].legend in text
    assert [word for word in FIRST_WAR if word.casefold() in text.casefold()] == []


def test_the_basemap_is_the_packages_own_and_served_by_the_same_machine(edition):
    wait_for(edition.map, "(() => { const img = document.querySelector('img.kcm-relief'); "
                          "return !!img && img.complete && img.naturalWidth > 0; })()")
    names = sorted(edition.map.locator(".kcm-country").all_text_contents())
    assert names == sorted(f["name"] for f in _country_labels())
    assert edition.map.locator("path.kcm-border").count() > 0
    relief = [url for url in edition.recorder.requests if "relief" in url and url.endswith(".png")]
    assert relief, edition.recorder.requests
    assert BASEMAP is not None
    if edition.name == "app":  # the package's folder, served as a component of its own
        served = basemap_url(BASEMAP)
        assert served is not None
        folder_url = served.removeprefix("..").rsplit("/", 1)[0]
        assert any(f"/component{folder_url}/relief.png" in url for url in relief), relief
    else:  # the site's copy, named by its content: the package's relief, not the first package's
        digest = hashlib.sha256((BASEMAP / "relief.png").read_bytes()).hexdigest()[:12]
        assert any(url.endswith(f"relief.{digest}.png") for url in relief), relief
    assert edition.recorder.foreign_hosts() == set()


def test_a_click_on_a_region_opens_its_sourced_panel_and_a_date_step_recolours_it(edition):
    change = next(c for c in PACKAGE.changes if c.district == REGION and c.date.isoformat() == AFTER)
    edition.map.locator(f'path.kcm-district[data-id="{REGION}"]').dispatch_event("click")
    wait_for(edition.map, f"document.querySelector('path.kcm-district[data-id=\"{REGION}\"]')"
                          ".classList.contains('kcm-selected')")
    text = edition.panel_text(once=change.summary.split(";")[0])
    assert PACKAGE.districts[REGION].names.display in text
    assert change.summary.split(";")[0] in text  # the change's sentence
    publishers = {PACKAGE.sources[c.source].publisher for c in change.citations}
    assert any(p in text for p in publishers), (publishers, text[:500])  # and its source
    assert [word for word in FIRST_WAR if word.casefold() in edition.text().casefold()] == []
    edition.show(BEFORE)
    assert edition.fill(REGION) == PROFILE.statuses["split"].colour.upper() != _colour("abkhaz_forces")
    edition.show(AFTER)
    assert edition.fill(REGION) == _colour("abkhaz_forces")


def _country_labels() -> list[dict[str, Any]]:
    index = read_index(BASEMAP)
    assert BASEMAP is not None and index is not None
    borders = json.loads((BASEMAP / "borders.geojson").read_text(encoding="utf-8"))
    return [f["properties"] for f in borders["features"] if f["properties"]["kind"] == "country"]
