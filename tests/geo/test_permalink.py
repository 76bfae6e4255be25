"""Permalinks and the embed snippet: whatever an id, a title or the base URL holds, the permalink is one URL
that reads back as the same date and district, and the snippet is one iframe whose attributes are the ones
written (readers paste it into their own pages)."""

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.errors import GeoError
from geo.exports import embed_html, permalink
from tests.conftest import edit_yaml
from tests.helpers import HOSTILE_BASE, HOSTILE_TITLE, hostile_ids, iframe_attributes, rename, run, view_of

HOSTILE_ID = 'AZ-BBB" onload="alert(document.domain)'  # the issue's example, in the ids of a package
DAY = dt.date(2020, 11, 15)


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=30), st.text(max_size=30),
       st.sampled_from(["", "https://map.example.org/", HOSTILE_BASE, "http://127.0.0.1:8501/kcm?x=1"]))
def test_any_id_and_title_make_one_url_and_one_iframe(district, title, base):
    url = permalink(DAY, district, base)
    params, parts = view_of(url)
    assert params == {"date": "2020-11-15", "district": district}
    assert parts.query.count("&") == 1  # an & in the id is encoded: it cannot add a parameter
    attrs = iframe_attributes(embed_html(url, title))
    assert attrs["src"] == url and attrs["title"] == title


def test_the_issues_example_stays_inside_its_attribute():
    snippet = embed_html(permalink(DAY, HOSTILE_ID), "Karabakh Ceasefire Map")
    assert snippet == ('<iframe src="?date=2020-11-15&amp;district=AZ-BBB%22%20onload%3D%22alert%28document.domain'
                       '%29" width="100%" height="720" loading="lazy" title="Karabakh Ceasefire Map"></iframe>')


def test_the_base_is_an_http_address_without_its_query():
    assert permalink(DAY, None, "https://map.example.org/map/?date=1999-01-01#x") == \
        "https://map.example.org/map/?date=2020-11-15"
    assert permalink(DAY, "AZ-AGM") == "?date=2020-11-15&district=AZ-AGM"
    for bad in ("javascript:alert(1)//", "data:text/html,x", "//evil.example/"):
        with pytest.raises(GeoError, match="is not an http"):
            permalink(DAY, None, bad)


def test_a_package_naming_a_district_like_the_issues_example_is_refused(mini):
    geo = mini / "districts.geojson"
    geo.write_text(json.dumps(rename(json.loads(geo.read_text(encoding="utf-8")), "AZ-BBB", HOSTILE_ID)),
                   encoding="utf-8")
    for path in mini.glob("*.yaml"):
        edit_yaml(path, lambda d: rename(d, "AZ-BBB", HOSTILE_ID))
    result = run("validate", "--data", mini)
    assert result.returncode == 1 and "is not a district id as build-districts writes it" in result.stderr


def test_cite_json_gives_an_encoded_permalink_and_an_escaped_snippet(mini):
    data = hostile_ids(mini)
    result = run("cite", "2020-11-15", "--district", "AZ-BBB", "--json", "--base-url", HOSTILE_BASE,
                 "--data", data)
    assert result.returncode == 0, result.stderr
    cite = json.loads(result.stdout)
    params, parts = view_of(cite["permalink"])
    assert params == {"date": "2020-11-15", "district": "AZ-BBB"}
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "map.example.org", "/a%20b%22%27%3Cx%3E/")
    assert iframe_attributes(cite["embed"]) == {"src": cite["permalink"], "width": "100%", "height": "720",
                                                "loading": "lazy", "title": HOSTILE_TITLE}
    bad = run("cite", "2020-11-15", "--base-url", "javascript:alert(1)//", "--data", data)
    assert bad.returncode == 1 and "is not an http(s) address" in bad.stderr and bad.stdout == ""
