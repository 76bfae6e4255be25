"""The static edition's chunks (geo/site/chunks.py) in headless Chromium: the real package exported with its
settlements' panels and Claims list's rows in chunks (the sizes a large package has them at), over HTTP and opened
from disk. A settlement's panel and the Claims list load their chunk when asked for and show what the inline data
shows (tests/browser/test_static_claims.py's expectations)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from geo import claims as C
from geo import load_package
from geo.site import chunks, export_site
from geo.vocabulary import of
from tests.helpers import STATIC_READY, file_server
from tools.harness import PageRecorder

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chunked(tmp_path_factory):
    out = tmp_path_factory.mktemp("chunked") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(chunks, "PLACES_INLINE", 0)
        patch.setattr(chunks, "CLAIMS_INLINE", 0)
        export_site(load_package(), out)
    return out


def _open(page: PageRecorder, url: str):
    p = page.page
    p.goto(url)
    p.wait_for_function(STATIC_READY, timeout=15000)
    return p


def test_a_settlement_s_panel_and_the_claims_list_load_their_chunks(page: PageRecorder, chunked):
    script = next((chunked / "assets").glob("kcm-data.*.js")).read_text(encoding="utf-8")
    data = json.loads(json.loads(script.removeprefix("window.KCM_DATA = JSON.parse(").removesuffix(");\n")))
    assert data["places"] is None and data["claims"]["rows"] is None  # nothing of them in the first load
    with file_server(chunked) as base:
        p = _open(page, f"{base}/index.html?date=2020-11-08&place=shusha")
        panel = p.locator("#kcm-panel-body")
        accounts = panel.locator(".kcm-account")
        accounts.first.wait_for(timeout=10000)  # once its chunk is in
        assert accounts.count() == 4
        assert panel.locator(".kcm-status").text_content().startswith("On 8 November 2020: ")
        assert panel.locator(".kcm-standing").text_content().startswith(
            "Each side's account · on 8 November 2020: The Azerbaijani side's claim, denied by the Armenian side")
        summary = p.locator("#kcm-claims-summary")
        p.wait_for_function("() => document.querySelector('#kcm-claims-summary').textContent.includes('announced')",
                            timeout=10000)
        assert summary.text_content() == ("On 8 November 2020: the Azerbaijani side announced 1 settlement change(s), "
                                          "1 of them still only its claim at the end; the district layer records 1 "
                                          "change(s) with each side's accounts.")
        p.select_option("#kcm-claims-period", label="44-day war (27 September 2020 to 9 November 2020)")
        package = load_package()
        war = C.claims_between(package, dt.date(2020, 9, 27), dt.date(2020, 11, 9))
        p.wait_for_function(f"() => document.querySelectorAll('.kcm-claim-row').length === {len(war)}", timeout=10000)
        assert summary.text_content() == C.summary(war, dt.date(2020, 9, 27), dt.date(2020, 11, 9), of(package))
        assert p.locator(".kcm-claim-row .kcm-standing").all_text_contents() == [
            r.standing for _, group in C.grouped(war, of(package)) for r in group]
        # A step moves the open panel's status without loading anything again.
        p.evaluate("kcmExport.setDate('2020-11-09')")
        assert panel.locator(".kcm-status").text_content().startswith("On 9 November 2020: ")
    assert page.errors == [] and page.dialogs == []


def test_chunks_load_from_disk_too(page: PageRecorder, chunked):
    """A page opened from a file cannot fetch, but adds its chunks as scripts of its own folder."""
    page.page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                    else route.abort())  # from disk, and nothing else
    p = _open(page, f"{(chunked / 'index.html').as_uri()}?date=2020-11-08&place=shusha")
    p.locator("#kcm-panel-body .kcm-account").first.wait_for(timeout=10000)
    assert p.locator("#kcm-panel-body .kcm-account").count() == 4
    p.wait_for_function("() => document.querySelectorAll('.kcm-claim-row').length > 0", timeout=10000)
    assert page.errors == [] and page.dialogs == []
