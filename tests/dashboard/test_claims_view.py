"""The Claims view and a settlement's accounts in the panel, run for real with streamlit.testing (AppTest)."""

import datetime as dt

from geo import claims as C
from geo import load_package
from geo.claims import ALL_DATES, ON_DATE
from geo.vocabulary import of
from tests.helpers import run_app, texts


def test_the_claims_view_lists_each_side_s_accounts_for_a_date_and_a_period(fake_map):
    at = run_app({"date": "2020-11-08", "view": "Claims"})
    page = texts(at)
    # On 8 November 2020: Aliyev's announcement and the denial, each under its side, with its sources.
    assert "On 8 November 2020: the Azerbaijani side announced 1 settlement change(s), 1 of them still only its " \
           "claim at the end; the district layer records 1 change(s) with each side's accounts." in page
    # The denial of the settlement's change and of the Shusha city district's record, each under its side.
    assert "#### Announced by the Azerbaijani side (1)" in page and "#### Denied by the Armenian side (2)" in page
    assert "Shusha/Shushi city (district layer): 8 November 2020 — Denied by the Armenian side" in page
    assert "Shusha (Shusha/Shushi city): 8 November 2020 — Denied by the Armenian side (Nagorno-Karabakh's ethnic " \
           "Armenian leadership)" in page
    assert "Sources: National Post (Reuters), 9 November 2020" in page
    # The next day the Karabakh leadership's spokesman acknowledges the loss: the claim is no longer only a claim.
    at.slider(key="date").set_value(dt.date(2020, 11, 9)).run()
    page = texts(at)
    assert "#### Acknowledged by the Armenian side (2)" in page  # the settlement and the city district
    assert "Acknowledged by the Armenian side on 9 November 2020" in page
    # A period: the 44-day war lists every announcement of the war.
    choose = at.selectbox(key="claims-period")
    assert choose.options[0].startswith(ON_DATE) and ALL_DATES in choose.options
    war = next(o for o in choose.options if o.startswith("44-day war"))
    choose.set_value(war).run()
    page = texts(at)
    start, end = dt.date(2020, 9, 27), dt.date(2020, 11, 9)
    package = load_package()
    assert C.summary(C.claims_between(package, start, end), start, end, of(package)) in page
    assert "From 27 September 2020 to 9 November 2020: the Azerbaijani side announced " in page
    assert at.query_params["view"] == "Claims"


def test_the_panel_gives_each_account_on_its_own_line_with_its_sources(fake_map):
    at = run_app({"date": "2020-11-08", "place": "shusha"})
    page = texts(at)
    assert "Each side's account · on 8 November 2020: The Azerbaijani side's claim, denied by the Armenian side" \
           in page
    lines = [m.value.replace("\\", "") for m in at.markdown if " — " in m.value and "2020 — " in m.value]
    assert any(x.startswith("8 November 2020 — Announced by the Azerbaijani side (President of Azerbaijan")
               for x in lines)
    assert any(x.startswith("9 November 2020 — Acknowledged by the Armenian side (Vahram Poghosyan") for x in lines)
    # The announcement rests only on Azerbaijani outlets: it is labelled as the Azerbaijani side's claim.
    assert "The Azerbaijani side's claim: every source of this entry" in page
    # Each account's own sources: the announcement 1, the denials 1 and 3, the acknowledgement 2.
    assert [e.label.replace("\\", "") for e in at.expander][-4:] == ["Sources (1)", "Sources (1)", "Sources (3)",
                                                                     "Sources (2)"]



def test_a_district_panel_gives_each_account_of_its_record_on_its_own_line_with_its_sources(fake_map):
    at = run_app({"date": "2020-11-09", "district": "AZ-SUS-C"})
    page = texts(at)
    # The district's record is what the sources report; the Armenian side's denials and acknowledgement follow it.
    assert "Each side's account · on 9 November 2020: Reported (not one side's claim alone)" in page
    lines = [m.value.replace("\\", "") for m in at.markdown if "2020 — " in m.value]
    assert any(x.startswith("8 November 2020 — Denied by the Armenian side (Nagorno-Karabakh's ethnic Armenian "
                            "leadership)") for x in lines)
    assert any(x.startswith("9 November 2020 — Acknowledged by the Armenian side (Vahram Poghosyan") and
               '"the town of Shushi is completely out of our control"' in x for x in lines)
    assert [e.label.replace("\\", "") for e in at.expander][-4:] == ["Sources (2)", "Sources (1)", "Sources (2)",
                                                                       "Sources (2)"]


HOSTILE = "**bold** <img src=x onerror=alert(1)> [x](javascript:alert(3)) :red[red] $x^2$"


def test_hostile_text_in_an_account_is_escaped_in_the_view_and_the_panel(mini, fake_map):
    from tests.conftest import edit_yaml
    edit_yaml(mini / "place_control.yaml", lambda d: d[0].update(accounts=[{
        "side": "armenian_forces", "stance": "denied", "date": "2020-10-09", "precision": "day", "by": HOSTILE,
        "summary": HOSTILE, "citations": [{"source": "ext-report", "note": "says so"}]}]))
    for params in ({"date": "2020-10-09", "view": "Claims"}, {"date": "2020-10-09", "place": "gamma"}):
        at = run_app(params, argv=["--data", str(mini)])
        shown = [m.value for m in at.markdown if "bold" in m.value]
        assert len(shown) == 1, params  # the account's line
        assert HOSTILE not in shown[0] and shown[0].count("\\*\\*bold\\*\\* \\<img src\\=x") == 2, shown
        assert "\\[x\\]\\(javascript\\:alert\\(3\\)\\)" in shown[0]
