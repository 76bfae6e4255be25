"""The app shows each source's reliability class beside it, and whose claim an entry resting only on one
party's word is (AppTest on the mini package)."""

from tests.conftest import edit_yaml
from tests.helpers import run_app, texts


def test_the_source_line_shows_the_class_and_a_partys_claim_is_labelled(mini, fake_map):
    def to_north(data):
        data[0]["url"] = "https://north.example/report"  # ext-report: now the North's state agency
        data[0].update(date_basis="inferred", date_note="The page says 'yesterday' of the 20 November entry.")
    edit_yaml(mini / "sources.yaml", to_north)
    at = run_app({"date": "2020-11-15", "district": "AZ-AAA"}, argv=["--data", str(mini)])
    page = texts(at)
    assert "State-affiliated or partisan outlet (the North). The North&#39;s state news agency." in page  # escaped HTML
    assert "Not citable. The article names no publisher." in page  # the seed of unknown publisher
    assert "21 November 2020 (inferred)" in page and "Date: The page says" in page  # an external inferred date
    # The deadline rests only on the North's agency; the pre-war share also cites a seed, so it is no claim.
    assert page.count("The North's claim: every source of this entry") == 1
    html = "\n".join(h.proto.body for h in at.get("html"))
    assert '<div class="kcm-reliability">State-affiliated or partisan outlet (the North).' in html


def test_an_independent_source_carries_no_claim_line(mini, fake_map):
    at = run_app({"date": "2020-11-15", "district": "AZ-AAA"}, argv=["--data", str(mini)])
    page = texts(at)
    assert "Independent news agency or outlet. A news agency." in page
    assert "claim:" not in page
