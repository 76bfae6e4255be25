"""Sources fit to cite: every source has a class and a reason, denied outlets and unnamed mirrors are refused."""

import pytest

from geo import Timeline, check_package, load_package
from geo.exports import csl_json, source_rows
from geo.models import Source
from geo.reliability import claim_of, reliability_text
from geo.site.data import site_data
from tests.conftest import edit_yaml


def problems_of(data_dir):
    return check_package(data_dir)[1]


def only(problems, file, record, field):
    hits = [p for p in problems if (p.file, p.record, p.field) == (file, record, field)]
    assert hits, f"no problem for {file}/{record}/{field} in {[str(p) for p in problems]}"
    assert len(hits) == 1, [str(p) for p in hits]
    return hits[0].message


def add_source(mini, **fields):
    rec = {"id": "new-source", "publisher": "Someone", "title": "A page", **fields}
    edit_yaml(mini / "sources.yaml", lambda data: data.append(rec))


def outlet(mini, index, **fields):
    def change(data):
        data["outlets"][index].update(fields)
        for key, value in fields.items():
            if value is None:
                del data["outlets"][index][key]
    edit_yaml(mini / "publishers.yaml", change)


def test_the_mini_package_classes_every_source(mini):
    package, problems = check_package(mini)
    assert problems == []
    assert {s.id: s.reliability for s in package.sources.values()} == {
        "alpha.txt": "not_citable", "ext-report": "independent", "wiki-gamma": "encyclopedia"}
    assert reliability_text(package.sources["ext-report"]) == "Independent news agency or outlet. A news agency."


def test_an_unknown_class_is_refused_with_the_allowed_ones(mini):
    outlet(mini, 0, **{"class": "trustworthy"})
    message = only(problems_of(mini), "publishers.yaml", "example-wire", "class")
    assert "party_statement, independent, encyclopedia, state_affiliated, not_citable" in message


def test_an_outlet_without_a_reason_is_refused(mini):
    outlet(mini, 0, reason=None)
    assert "required" in only(problems_of(mini), "publishers.yaml", "example-wire", "reason")


def test_a_state_outlet_must_name_its_party_and_the_party_must_be_declared(mini):
    outlet(mini, 2, party=None)
    assert "needs the party" in only(problems_of(mini), "publishers.yaml", "north-agency", "party")
    outlet(mini, 2, party="south")
    message = only(problems_of(mini), "publishers.yaml", "north-agency", "party")
    assert "unknown party 'south'; allowed: north" in message


def test_a_source_override_needs_a_known_class_and_a_reason(mini):
    add_source(mini, url="https://example.org/x", reliability={"class": "gospel"})
    problems = problems_of(mini)
    assert "allowed: party_statement" in only(problems, "sources.yaml", "new-source", "reliability.class")
    assert "required" in only(problems, "sources.yaml", "new-source", "reliability.reason")


def test_a_source_override_wins_over_its_outlet(mini):
    add_source(mini, url="https://example.org/x", reliability={"class": "not_citable", "reason": "A hoax page."})
    package, problems = check_package(mini)
    assert problems == []
    assert package.sources["new-source"].reliability == "not_citable"
    assert reliability_text(package.sources["new-source"]) == "Not citable. A hoax page."


def test_an_unknown_publisher_is_a_problem_naming_the_source_and_what_is_allowed(mini):
    add_source(mini, url="https://elsewhere.example/page")
    message = only(problems_of(mini), "sources.yaml", "new-source", "publisher")
    assert "'Someone' (host elsewhere.example) has no class" in message
    assert "publishers.yaml" in message and "state_affiliated" in message


@pytest.mark.parametrize("url", ["https://fakeweekly.example/2023/story", "https://de.fakeweekly.example/story",
                                 "http://www.fakeweekly.example./story"], ids=["domain", "subdomain", "www-and-dot"])
def test_a_denied_outlet_is_refused_naming_who_documented_it(mini, url):
    add_source(mini, url=url)
    message = only(problems_of(mini), "sources.yaml", "new-source", "url")
    assert "Fake Weekly" in message and "a named researcher's report" in message and "deny.yaml" in message
    assert "cannot be cited" in message


def test_a_denied_outlet_is_refused_by_name_and_behind_a_copy(mini):
    add_source(mini, publisher="Fake Weekly (German edition)")
    assert "Fake Weekly" in only(problems_of(mini), "sources.yaml", "new-source", "publisher")
    edit_yaml(mini / "sources.yaml", lambda data: data.remove(data[-1]))
    add_source(mini, url="https://example.org/x", read_via="https://fakeweekly.example/x")
    assert "Fake Weekly" in only(problems_of(mini), "sources.yaml", "new-source", "url")


def test_a_lookalike_domain_is_not_denied(mini):
    add_source(mini, url="https://notfakeweekly.example/x", outlet="example-wire")
    assert problems_of(mini) == []


@pytest.mark.parametrize(("url", "kind"), [
    ("https://copies.example/wiki/Gamma", "a scraper of other sites' pages"),
    ("https://bafybeiexample.ipfs.dweb.link/wiki/Gamma", "an IPFS gateway"),
    ("https://gateway.ipfs.io/ipfs/Qm/wiki/Gamma.html", "an IPFS gateway"),
    ("http://5.180.24.3/info/gamma", "a raw IP address"),
    ("http://[2001:db8::1]/wiki/Gamma", "a raw IP address"),
], ids=["listed", "ipfs-subdomain", "ipfs-gateway", "ipv4", "ipv6"])
def test_a_mirror_without_its_original_is_refused(mini, url, kind):
    add_source(mini, publisher="Wikipedia", url=url)
    message = only(problems_of(mini), "sources.yaml", "new-source", "url")
    assert kind in message and "mirror_of" in message and "read_via" in message


def test_a_mirror_naming_its_original_takes_the_originals_class(mini):
    add_source(mini, publisher="Wikipedia (copy)", url="http://5.180.24.3/info/gamma", mirror_of="wikipedia")
    package, problems = check_package(mini)
    assert problems == []
    source = package.sources["new-source"]
    assert (source.reliability, source.outlet) == ("encyclopedia", "wikipedia")
    assert "Read on a copy at 5.180.24.3 (a raw IP address)." in source.reliability_reason


def test_a_mirror_of_an_unknown_outlet_is_refused(mini):
    add_source(mini, url="https://copies.example/x", mirror_of="nowhere")
    assert "unknown outlet 'nowhere'" in only(problems_of(mini), "sources.yaml", "new-source", "mirror_of")


def test_the_original_url_with_the_copy_read(mini):
    add_source(mini, publisher="Wikipedia", url="https://en.wikipedia.org/wiki/Gamma",
               read_via="https://copies.example/wiki/Gamma")
    package, problems = check_package(mini)
    assert problems == []
    assert package.sources["new-source"].reliability_reason == "An encyclopedia. Read on a copy at copies.example."


def test_a_missing_deny_list_is_a_problem(mini):
    (mini / "deny.yaml").unlink()
    assert "missing" in only(problems_of(mini), "deny.yaml", "-", "-")


def _src(sid, reliability, party=None):
    return Source(id=sid, title="t", publisher="p", date=None, is_seed=False, reliability=reliability,
                  reliability_reason="r", party=party)


def test_a_claim_resting_only_on_one_partys_word_is_that_partys_claim():
    az = [_src("a", "state_affiliated", "the Azerbaijani side"), _src("b", "party_statement", "the Azerbaijani side")]
    assert claim_of(az).startswith("The Azerbaijani side's claim:")
    both = [*az, _src("c", "state_affiliated", "the Armenian side")]
    assert claim_of(both).startswith("Rests only on the word of the Armenian side and the Azerbaijani side:")
    assert claim_of([*az, _src("d", "independent")]) is None
    assert claim_of([*az, _src("e", None)]) is None  # unclassified: no claim is made about it
    assert claim_of([]) is None


def test_the_real_package_classes_every_source_and_cites_no_denied_outlet():
    """DC Weekly's and News Front's records were replaced by other sources (issue 19)."""
    package, problems = check_package()
    assert not problems, problems
    assert not [s.id for s in package.sources.values() if s.reliability is None]
    for s in package.sources.values():
        if s.reliability in ("party_statement", "state_affiliated"):
            assert s.party, s.id


def test_the_static_editions_data_carries_each_cited_sources_class(mini):
    package = load_package(mini)
    data = site_data(package, Timeline(package), "v")
    assert data["sources"]["ext-report"]["reliability"] == "Independent news agency or outlet. A news agency."
    assert data["sources"]["alpha.txt"]["reliability"] == "Not citable. The article names no publisher."


def test_the_sources_export_has_the_class_columns(mini):
    package = load_package(mini)
    row = next(r for r in source_rows(package) if r["id"] == "wiki-gamma")
    assert (row["reliability"], row["reliability_reason"], row["party"]) == ("encyclopedia", "An encyclopedia.", None)
    item = next(i for i in csl_json(package) if i["id"] == "ext-report")
    assert "Reliability: Independent news agency or outlet. A news agency." in item["note"]


def test_an_external_sources_inferred_date_needs_its_note_and_a_null_date_is_unknown(mini):
    add_source(mini, url="https://example.org/x", date="2020-11-21", date_basis="inferred")
    assert "needs a note" in only(problems_of(mini), "sources.yaml", "new-source", "date_note")
    edit_yaml(mini / "sources.yaml", lambda data: data.remove(data[-1]))
    add_source(mini, url="https://example.org/x", date=None, date_basis="stated")
    assert "'unknown' exactly when date is null" in only(problems_of(mini), "sources.yaml", "new-source", "date_basis")
    edit_yaml(mini / "sources.yaml", lambda data: data.remove(data[-1]))
    add_source(mini, url="https://example.org/x", date="2020-11-01", date_precision="month", date_basis="inferred",
               date_note="The page says 'last week' of a mid-November event.")
    package, problems = check_package(mini)
    assert problems == []
    assert site_data(package, Timeline(package), "v")["sources"].get("new-source") is None  # not cited: not sent
    assert package.sources["new-source"].date_basis == "inferred"


def test_a_section_that_is_not_a_list_and_a_record_that_is_not_a_mapping_are_reported(mini):
    def change(data):
        data["mirrors"] = "copies.example"
        data["outlets"].append("just text")
    edit_yaml(mini / "publishers.yaml", change)
    problems = problems_of(mini)
    assert "must be a list of records" in only(problems, "publishers.yaml", "mirrors", "-")
    assert any(p.file == "publishers.yaml" and "mapping" in p.message for p in problems), problems
