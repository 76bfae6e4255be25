"""Each side's claims in the static edition (headless Chromium, the real package exported once and served over
HTTP): a settlement's accounts each on its own line with its sources, whose claim an entry is, the map drawing an
announcement as a claim until it is acknowledged, and the Claims list for a date and a period."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from geo import claims as C
from geo import load_package
from geo.site import export_site
from geo.vocabulary import of
from tests.conftest import FIXTURES, edit_yaml
from tests.helpers import STATIC_READY, file_server
from tools.harness import PageRecorder

pytestmark = pytest.mark.browser


def test_shusha_s_accounts_the_claims_list_and_the_dot_follow_the_date(page: PageRecorder, static_server):
    p = page.page
    p.goto(f"{static_server}/index.html?date=2020-11-08&place=shusha")
    p.wait_for_function(STATIC_READY, timeout=15000)
    panel = p.locator("#kcm-panel-body")
    accounts = panel.locator(".kcm-account")
    # The announcement, two denials and the acknowledgement: each on its own line with its own sources.
    assert accounts.count() == 4
    assert accounts.nth(0).locator("p").first.text_content().startswith(
        "8 November 2020 — Announced by the Azerbaijani side (President of Azerbaijan Ilham Aliyev)")
    assert accounts.nth(3).locator("p").first.text_content().startswith(
        "9 November 2020 — Acknowledged by the Armenian side (Vahram Poghosyan")
    assert accounts.nth(3).locator("summary").text_content() == "Sources (2)"
    assert accounts.nth(3).locator(".kcm-citation").count() == 2
    # The announcement rests only on Azerbaijani outlets: said to be that side's claim.
    assert accounts.nth(0).locator(".kcm-claim").text_content().startswith("The Azerbaijani side's claim: every source")
    assert panel.locator(".kcm-standing").text_content().startswith(
        "Each side's account · on 8 November 2020: The Azerbaijani side's claim, denied by the Armenian side")
    dot = p.locator('path.kcm-place[data-id="shusha"]')
    assert dot.get_attribute("data-code") == "z"  # hollow: one side's announcement only
    summary = p.locator("#kcm-claims-summary")
    assert summary.text_content() == ("On 8 November 2020: the Azerbaijani side announced 1 settlement change(s), "
                                      "1 of them still only its claim at the end; the district layer records 1 "
                                      "change(s) with each side's accounts.")
    headings = p.locator("#kcm-claims-list h3")
    # The settlement's and the Shusha city district's record: both denied that day.
    assert headings.all_text_contents() == ["Announced by the Azerbaijani side (1)", "Denied by the Armenian side (2)",
                                            "Reported by the sources (1)"]

    p.focus("#kcm-slider")
    p.keyboard.press("ArrowRight")  # 9 November: the spokesman of Karabakh's leader acknowledges the loss
    p.wait_for_function("() => document.querySelector('#kcm-map').dataset.date === '2020-11-09'", timeout=5000)
    assert panel.locator(".kcm-standing").text_content() == (
        "Each side's account · on 9 November 2020: Acknowledged by the Armenian side on 9 November 2020")
    assert dot.get_attribute("data-code") == "Z"  # filled from the acknowledgement on
    assert "Acknowledged by the Armenian side (2)" in headings.all_text_contents()  # settlement and city district
    shusha = p.locator(".kcm-claim-row", has_text="Vahram Poghosyan").first  # the settlement's, then the district's
    assert shusha.locator(".kcm-standing").text_content() == "Acknowledged by the Armenian side on 9 November 2020"
    assert shusha.locator(".kcm-caption").text_content().startswith("Sources: Azatutyun (RFE/RL Armenian Service)")

    p.select_option("#kcm-claims-period", label="44-day war (27 September 2020 to 9 November 2020)")
    # The same list as geo.claims makes for the period (the page only picks rows).
    package = load_package()
    war = C.claims_between(package, dt.date(2020, 9, 27), dt.date(2020, 11, 9))
    assert summary.text_content() == C.summary(war, dt.date(2020, 9, 27), dt.date(2020, 11, 9), of(package))
    assert summary.text_content().startswith("From 27 September 2020 to 9 November 2020: the Azerbaijani side "
                                             "announced ")
    assert p.locator(".kcm-claim-row").count() == len(war) > 100
    assert p.locator(".kcm-claim-row .kcm-standing").all_text_contents() == [
        r.standing for _, group in C.grouped(war, of(package)) for r in group]
    # A date with no account says so, with the date in words.
    p.select_option("#kcm-claims-period", label="This date")
    p.evaluate("kcmExport.setDate('2021-03-01')")
    assert summary.text_content() == ("No settlement's change is announced, denied, acknowledged or reported on "
                                      "1 March 2021.")
    assert p.locator(".kcm-claim-row").count() == 0
    assert page.errors == [] and page.dialogs == []


def test_the_panel_says_whose_claim_an_entry_resting_on_one_party_s_word_is(page: PageRecorder, static_server):
    """As the app does (geo/reliability.py claim_of): Fuzuli town's capture rests only on Turkish state outlets."""
    p = page.page
    p.goto(f"{static_server}/index.html?date=2020-10-17&place=fuzuli")
    p.wait_for_function(STATIC_READY, timeout=15000)
    claims = p.locator("#kcm-panel-body .kcm-claim").all_text_contents()
    assert any(c.startswith("Turkey's claim: every source of this entry is its official statement") for c in claims)
    p.goto(f"{static_server}/index.html?date=2020-11-10&district=AZ-AGM")
    p.wait_for_function(STATIC_READY, timeout=15000)
    assert p.locator("#kcm-panel-body .kcm-claim").count() >= 1  # a district's entry too


IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(2)</script>"


def test_hostile_text_in_an_account_is_shown_literally(page: PageRecorder, tmp_path):
    """Who gave an account and what it says reach the panel and the Claims list as text, never markup."""
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    edit_yaml(root / "data" / "place_control.yaml", lambda d: d[0].update(accounts=[{
        "side": "armenian_forces", "stance": "denied", "date": "2020-10-09", "precision": "day", "by": IMG,
        "summary": SCRIPT, "citations": [{"source": "ext-report", "note": IMG + " note"}]}]))
    export_site(load_package(root / "data"), tmp_path / "site")
    p = page.page
    with file_server(tmp_path / "site") as url:
        p.goto(f"{url}/index.html?date=2020-10-09&place=gamma")
        p.wait_for_function(STATIC_READY, timeout=15000)
    line = f"9 October 2020 — Denied by the Armenian side ({IMG}): {SCRIPT}"
    assert p.locator(".kcm-account p").nth(0).text_content().startswith("9 October 2020 — Announced by")
    assert p.locator(".kcm-account p", has_text="Denied by").first.text_content() == line
    assert p.locator(".kcm-claim-row", has_text="Denied by").first.text_content().startswith("Gamma")
    assert line in p.inner_text("#kcm-claims-list")
    assert p.locator("img[src='x']").count() == 0
    assert p.evaluate("() => Array.from(document.scripts).filter((s) => s.text.includes('alert(')).length") == 0
    assert page.errors == [] and page.dialogs == []
