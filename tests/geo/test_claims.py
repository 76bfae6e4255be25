"""Each side's claims side by side (geo/claims.py): a settlement's change with its accounts (announced, denied,
acknowledged, confirmed), where it stands on a date, what the map draws, and what validation refuses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from geo import Timeline, check_package, load_package
from geo import claims as C
from geo.frames import MapEncoder, timeline_places
from geo.layers.places import place_status_text
from geo.statejson import state_json
from geo.vocabulary import of
from tests.conftest import FIXTURES, edit_yaml

D = dt.date
WORDS = of(load_package(FIXTURES / "mini" / "data"))  # the mini package's sides and their words
CHANGE = "gamma-2020-10-09"  # the mini package's announced change: Azerbaijan says it took Gamma on 9 Oct 2020
ANNOUNCED = D(2020, 10, 9)


def account(side: str, stance: str, date: str, by: str = "a spokesman", source: str = "ext-report") -> dict:
    return {"side": side, "stance": stance, "date": date, "precision": "day", "by": by,
            "summary": f"{by} on Gamma.", "citations": [{"source": source, "note": "says so"}]}


def with_accounts(mini: Path, *accounts: dict) -> Path:
    def change(data: list) -> None:
        data[0]["accounts"] = list(accounts)
    edit_yaml(mini / "place_control.yaml", change)
    return mini


def gamma_code(package, date: dt.date) -> str:
    """The map's one-character code for Gamma on `date`: upper case sourced, lower case one side's claim."""
    index = [p.id for p in timeline_places(package)].index("gamma")
    return MapEncoder(package, Timeline(package)).frame(date)["places"][index]


def change_of(package):
    return next(c for c in package.place_changes if c.id == CHANGE)


def test_announced_then_confirmed_is_a_claim_until_the_confirmation_then_sourced(mini):
    package = load_package(with_accounts(mini, account("independent", "confirmed", "2020-10-20", "Example Wire")))
    change = change_of(package)
    assert change.announced_only(D(2020, 10, 19)) and not change.announced_only(D(2020, 10, 20))
    # The map draws the claim hollow until the confirmation, filled from then (the confirmation is a stop).
    assert gamma_code(package, D(2020, 10, 19)) == "z" and gamma_code(package, D(2020, 10, 20)) == "Z"
    assert D(2020, 10, 20) in Timeline(package).stops()
    timeline = Timeline(package)
    in_json = [next(x for x in state_json(package, timeline, d)["places"] if x["id"] == "gamma")["claim_only"]
               for d in (D(2020, 10, 19), D(2020, 10, 20))]
    assert in_json == [True, False]  # `state DATE --json` says the same
    assert C.standing_on(change, D(2020, 10, 19), WORDS).startswith("Rests on the Azerbaijani side's announcement")
    assert C.standing_on(change, D(2020, 10, 20), WORDS) == "Confirmed by an independent source on 20 October 2020"
    rows = C.claims_between(package, ANNOUNCED, D(2020, 10, 20))
    assert [(r.line.date, r.line.side, r.line.stance) for r in rows] == [
        (ANNOUNCED, "azerbaijan", "announced"), (D(2020, 10, 20), "independent", "confirmed")]
    assert not any(r.claim_only for r in rows)
    assert "announced 1 settlement change(s), 0 of them still only its claim" in C.summary(
        rows, ANNOUNCED, D(2020, 10, 20), WORDS)
    # On the announcement's day alone, it is still only a claim.
    day = C.claims_between(package, ANNOUNCED, ANNOUNCED)
    assert [r.claim_only for r in day] == [True]
    assert C.summary(day, ANNOUNCED, ANNOUNCED, WORDS).startswith("On 9 October 2020: the Azerbaijani side announced 1")


def test_announced_never_confirmed_stays_a_claim_to_the_end(mini):
    package = load_package(mini)
    change = change_of(package)
    assert change.announced_only(package.coverage_end)
    assert gamma_code(package, package.coverage_end) == "z"
    rows = C.claims_between(package, package.coverage_start, package.coverage_end)
    gamma = [r for r in rows if r.line.change == CHANGE]
    assert len(gamma) == 1 and gamma[0].claim_only
    assert gamma[0].standing == ("Rests on the Azerbaijani side's announcement: no acknowledgement or independent "
                                 "confirmation is recorded here")
    # A handover is reported by the sources, not one side's claim.
    handover = next(r for r in rows if r.line.change == "alphaville-2020-11-20")
    assert (handover.line.stance, handover.line.side, handover.claim_only) == ("reported", "sources", False)


def test_denied_stays_a_claim_and_says_who_denied_it(mini):
    package = load_package(with_accounts(mini, account("armenian_forces", "denied", "2020-10-10", "the MoD")))
    change = change_of(package)
    assert change.announced_only(package.coverage_end) and gamma_code(package, D(2020, 10, 11)) == "z"
    assert C.standing_on(change, D(2020, 10, 9), WORDS).startswith("Rests on")  # the denial came the next day
    assert C.standing_on(change, D(2020, 10, 10), WORDS) == (
        "The Azerbaijani side's claim, denied by the Armenian side on 10 October 2020: no acknowledgement or "
        "independent confirmation is recorded here")
    lines = C.accounts(change, WORDS)
    assert lines[1].text == "10 October 2020 — Denied by the Armenian side (the MoD): the MoD on Gamma."


def test_two_accounts_on_different_dates_each_on_its_own_line_with_its_sources(mini):
    package = load_package(with_accounts(
        mini, account("armenian_forces", "acknowledged", "2020-10-15", "the leader's spokesman", "wiki-gamma"),
        account("armenian_forces", "denied", "2020-10-10", "the MoD")))
    change = change_of(package)
    lines = C.accounts(change, WORDS)
    # The record's own announcement first, then the accounts by date, whatever order the file gives them in.
    assert [(x.date, x.stance) for x in lines] == [(ANNOUNCED, "announced"), (D(2020, 10, 10), "denied"),
                                                   (D(2020, 10, 15), "acknowledged")]
    assert lines[0].text.startswith("9 October 2020 — Announced by the Azerbaijani side (President of Azerbaijan)")
    assert [[c.source for c in x.citations] for x in lines] == [["ext-report"], ["ext-report"], ["wiki-gamma"]]
    assert C.standing_on(change, D(2020, 10, 12), WORDS).startswith("The Azerbaijani side's claim, denied")
    assert C.standing_on(change, D(2020, 10, 15), WORDS) == "Acknowledged by the Armenian side on 15 October 2020"
    timeline = Timeline(package)
    assert place_status_text(timeline, "gamma", D(2020, 10, 15)).endswith(
        "; acknowledged by the leader's spokesman on 15 October 2020")
    assert "acknowledged" not in place_status_text(timeline, "gamma", D(2020, 10, 14))
    # A period holding only the denial lists it, with where the change stands at the period's end.
    rows = C.claims_between(package, D(2020, 10, 10), D(2020, 10, 12))
    assert [(r.line.stance, r.claim_only) for r in rows] == [("denied", True)]


def test_a_period_that_ends_before_it_starts_is_refused(mini):
    with pytest.raises(ValueError, match="ends"):
        C.claims_between(load_package(mini), D(2020, 10, 10), D(2020, 10, 9))


def _problems(mini: Path) -> list[tuple[str, str, str, str]]:
    _, problems = check_package(mini)
    return [(p.file, p.record, p.field, p.message) for p in problems]


@pytest.mark.parametrize(("given", "field", "words"), [
    (account("azerbaijan", "denied", "2020-10-10"), "accounts[0].side",
     "'azerbaijan' cannot give an account 'denied': only the side said to have lost it"),
    (account("armenian_forces", "announced", "2020-10-10"), "accounts[0].side",
     "only the side said to have taken the place"),
    (account("azerbaijan", "confirmed", "2020-10-10"), "accounts[0].side", "only an independent source"),
    (account("armenian_forces", "denied", "2020-10-08"), "accounts[0].date",
     "before the record's own date 2020-10-09"),
    (account("armenian_forces", "denied", "2020-10-10", source="nowhere"), "accounts[0].citations[0].source",
     "unknown source"),
    (account("russia", "denied", "2020-10-10"), "accounts[0].side", "armenian_forces, azerbaijan, independent"),
    (account("armenian_forces", "rebutted", "2020-10-10"), "accounts[0].stance", "announced, denied"),
    ({**account("armenian_forces", "denied", "2020-10-10"), "when": "later"}, "accounts[0].when", "unknown field"),
    (account("armenian_forces", "denied", "1990-10-10"), "accounts[0].date", None),
])
def test_an_account_that_cannot_be_right_is_refused_naming_record_and_field(mini, given, field, words):
    problems = _problems(with_accounts(mini, given))
    hits = [m for f, r, fl, m in problems if (f, r, fl) == ("place_control.yaml", CHANGE, field)]
    assert hits and (words is None or any(words in m for m in hits)), "\n".join(map(str, problems))


def test_a_seed_quote_in_an_account_must_be_verbatim(mini):
    given = {**account("armenian_forces", "denied", "2020-10-10"),
             "citations": [{"source": "alpha.txt", "quote": "words the seed does not hold"}]}
    problems = _problems(with_accounts(mini, given))
    assert any(fl == "accounts[0].citations[0].quote" and "not found verbatim" in m for _, _, fl, m in problems)


@pytest.fixture(scope="module")
def real():
    return load_package()


def test_shusha_was_announced_denied_then_acknowledged_by_the_armenian_side(real):
    change = next(c for c in real.place_changes if c.id == "shusha-2020-11-08")
    assert [(x.date.day, x.side, x.stance) for x in C.accounts(change, WORDS)] == [
        (8, "azerbaijan", "announced"), (8, "armenian_forces", "denied"), (9, "armenian_forces", "denied"),
        (9, "armenian_forces", "acknowledged")]
    assert change.announced_only(D(2020, 11, 8)) and not change.announced_only(D(2020, 11, 9))
    assert C.standing_on(change, D(2020, 11, 8), WORDS).startswith(
        "The Azerbaijani side's claim, denied by the Armenian")
    assert C.standing_on(change, D(2020, 11, 9), WORDS) == "Acknowledged by the Armenian side on 9 November 2020"
    # The acknowledgement cites independent reports, not one party's word.
    sources = {c.source for c in C.accounts(change, WORDS)[3].citations}
    assert {real.sources[s].reliability for s in sources} == {"independent"}


def test_the_claims_command_lists_a_period_and_refuses_a_backward_one(mini, capsys):
    from geo.cli import main
    with_accounts(mini, account("armenian_forces", "acknowledged", "2020-10-15", "the leader's spokesman"))
    assert main(["claims", "2020-10-09", "--to", "2020-10-15", "--data", str(mini)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("From 9 October 2020 to 15 October 2020: the Azerbaijani side announced 1 settlement "
                          "change(s), 0 of them still only its claim at the end.")
    assert "\nAcknowledged by the Armenian side (1)\n" in out and "[ext-report]" in out
    assert main(["claims", "2020-10-09", "--json", "--data", str(mini)]) == 0
    import json
    data = json.loads(capsys.readouterr().out)
    assert [(a["record"], a["stance"], a["claim_only"]) for a in data["accounts"]] == [(CHANGE, "announced", True)]
    assert main(["claims", "2020-10-15", "--to", "2020-10-09", "--data", str(mini)]) == 1
    assert "is before DATE 2020-10-15" in capsys.readouterr().err


def test_hadrut_is_a_claim_denied_twice_until_independent_confirmation_and_jabrayil_stays_denied(real):
    hadrut = next(c for c in real.place_changes if c.id == "hadrut-2020-10-09")
    assert [(x.date.day, x.stance) for x in C.accounts(hadrut, WORDS)] == [
        (9, "announced"), (9, "denied"), (10, "denied"), (15, "confirmed")]
    assert hadrut.announced_only(D(2020, 10, 14)) and not hadrut.announced_only(D(2020, 10, 15))
    jabrayil = next(c for c in real.place_changes if c.id == "jabrayil-2020-10-04")
    assert C.standing_on(jabrayil, D(2020, 11, 9), WORDS).startswith(
        "The Azerbaijani side's claim, denied by the Armenian side on 4 October 2020")


def test_an_announcement_before_the_change_is_listed_as_not_borne_out(mini):
    """Announced on 1 October, the place changed hands only on 9 October (the record): a claim made too early."""
    package = load_package(with_accounts(mini, account("azerbaijan", "announced", "2020-10-01", "the President")))
    change = change_of(package)
    assert [x.date for x in C.accounts(change, WORDS)] == [D(2020, 10, 1), ANNOUNCED]  # by date, the early one first
    assert C.standing_on(change, D(2020, 10, 5), WORDS) == (
        "The Azerbaijani side's announcement of 1 October 2020 was not borne out: Held by Armenian forces until "
        "9 October 2020, per the sources here")
    assert C.standing_on(change, ANNOUNCED, WORDS).startswith("Rests on the Azerbaijani side's announcement")
    assert gamma_code(package, D(2020, 10, 5)) == "A"  # the map: still the other side's until the change
    rows = C.claims_between(package, D(2020, 10, 1), D(2020, 10, 5))
    assert [(r.line.date, r.borne_out, r.claim_only) for r in rows] == [(D(2020, 10, 1), False, True)]
    assert C.summary(rows, D(2020, 10, 1), D(2020, 10, 5), WORDS).endswith(
        "announced 1 settlement change(s), 0 of them still only its claim at the end and 1 not borne out then.")


def test_shushakend_and_mukhtar_were_announced_in_2020_and_changed_hands_in_2023(real):
    rows = [r for r in C.claims_between(real, D(2020, 11, 9), D(2020, 11, 9)) if r.line.place in
            ("shushakend", "mukhtar")]
    assert [(r.line.place, r.line.stance, r.borne_out) for r in rows] == [
        ("mukhtar", "announced", False), ("shushakend", "announced", False)]
    assert all(r.standing.endswith("Held by Armenian forces until 20 September 2023, per the sources here")
               for r in rows)
