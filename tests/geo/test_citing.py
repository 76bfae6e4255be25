"""Citing a view (geo.citing, geo.exports.citation): the one-line form first, then only the sources of records
in force on the date, grouped; the public address ($KCM_PUBLIC_URL) read in one place (geo.settings)."""

import datetime as dt
import json
import os
import subprocess
import sys

import pytest

from geo import Timeline, load_package
from geo.citing import cite_template
from geo.errors import GeoError
from geo.exports import citation, citation_text
from geo.settings import PUBLIC_URL_ENV, base_url, public_base_url
from geo.site.data import site_data
from tests.helpers import ROOT, run

DAY = dt.date(2020, 12, 1)


@pytest.fixture(scope="module")
def real():
    package = load_package()
    return package, Timeline(package)


def test_the_view_of_1_december_2020_cites_no_later_article_where_an_earlier_source_exists(real):
    """The issue's view: 70 sources with 2022-2023 articles (a post's withdrawal, the blockade) for 1 Dec 2020."""
    package, timeline = real
    cite = citation(package, timeline, DAY, None, dt.date(2026, 1, 2))
    ids = {s["id"] for s in cite["sources"]}
    assert {"insajder-2024-06-12-withdrawal-complete", "forrights-2022-12-15-blockade",
            "newsaz-2022-12-16-protest-near-post", "jamnews-2023-03-30-new-road"}.isdisjoint(ids)
    later = {sid for group in cite["groups"] for sid in group["published_later"]}
    for source in cite["sources"]:  # a later one only as a record's only sources, and then marked
        assert source["date"] is None or source["date"] <= DAY.isoformat() or source["id"] in later
    assert [g["label"] for g in cite["groups"]] == ["Districts", "Settlements", "Peacekeeping posts",
                                                    "Lachin corridor", "Post count"]  # the profile's name
    assert ids == {sid for g in cite["groups"] for sid in g["sources"]}


def test_the_one_line_citation_comes_first(real):
    package, timeline = real
    cite = citation(package, timeline, DAY, "AZ-LAN", dt.date(2026, 1, 2), "https://kcm.example.org/")
    assert cite["one_line"] == ("Karabakh Ceasefire Map, Lachin/Berdzor on 1 December 2020 (data "
                                f"{cite['data_version'][:19]}), https://kcm.example.org/?date=2020-12-01&"
                                "district=AZ-LAN, accessed 2 January 2026.")
    text = citation_text(cite)
    assert text.splitlines()[0] == cite["one_line"]
    assert "Districts (" in text and "Settlements (" in text and "Peacekeeping posts" not in text


def test_the_public_address_is_read_in_one_place():
    assert public_base_url({}) == "" and public_base_url({PUBLIC_URL_ENV: "  "}) == ""
    assert public_base_url({PUBLIC_URL_ENV: " https://kcm.example.org/map/ "}) == "https://kcm.example.org/map/"
    for bad in ("ftp://x.org/", "javascript:alert(1)", "kcm.example.org", "https://"):
        with pytest.raises(GeoError, match=f"{PUBLIC_URL_ENV}=.* is not an http\\(s\\) address"):
            public_base_url({PUBLIC_URL_ENV: bad})
    assert base_url("https://given.example.org/") == "https://given.example.org/"


def test_cite_and_export_site_take_the_public_address_from_the_environment(mini, tmp_path):
    env = {**os.environ, PUBLIC_URL_ENV: "https://kcm.example.org/"}
    def geo(*args):
        return subprocess.run([sys.executable, "-m", "geo", *map(str, args)], cwd=ROOT, capture_output=True,
                              text=True, timeout=120, env=env)

    cite = json.loads(geo("cite", "2020-11-15", "--json", "--data", mini).stdout)
    assert cite["permalink"] == "https://kcm.example.org/?date=2020-11-15"
    given = json.loads(geo("cite", "2020-11-15", "--json", "--base-url", "https://other.example.org/",
                           "--data", mini).stdout)
    assert given["permalink"] == "https://other.example.org/?date=2020-11-15"  # the flag overrides the setting
    env[PUBLIC_URL_ENV] = "localhost:8501"
    refused = geo("cite", "2020-11-15", "--data", mini)
    assert refused.returncode != 0 and "KCM_PUBLIC_URL='localhost:8501' is not an http(s) address" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert run("cite", "2020-11-15", "--data", mini).stdout.count("?date=2020-11-15") >= 1


def test_the_static_edition_ships_the_public_address_and_the_citation_line(mini):
    package = load_package(mini)
    timeline = Timeline(package)
    data = site_data(package, timeline, "sha256:" + "ab" * 32, None, "https://kcm.example.org/map/")
    assert data["baseUrl"] == "https://kcm.example.org/map/"
    assert data["citeLine"] == cite_template(package, "sha256:" + "ab" * 32)
    assert "{view}" in data["citeLine"] and "{url}" in data["citeLine"] and "{accessed}" in data["citeLine"]
    assert site_data(package, timeline, "v", None)["baseUrl"] == ""
    with pytest.raises(GeoError, match="not an http"):
        site_data(package, timeline, "v", None, "javascript:alert(1)")
