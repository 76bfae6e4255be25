"""The app's "Share and cite" view: the citation, the embed snippet and the downloads, run with AppTest."""

import sys
from unittest import mock

from tests.dashboard.test_app import fake_map, run_app  # noqa: F401 (fake_map is a fixture)
from tests.geo.test_permalink import HOSTILE_BASE, HOSTILE_ID, HOSTILE_TITLE, hostile_ids, iframe_attributes, view_of


def test_share_and_cite_view(fake_map):  # noqa: F811
    at = run_app({"date": "2020-11-20", "district": "AZ-AGM"})
    at.session_state["view"] = "Share and cite"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    cite, embed = (c.value for c in at.code)
    assert "Aghdam on 20 November 2020" in cite
    assert "Permalink: ?date=2020-11-20&district=AZ-AGM" in cite and "Data version: sha256:" in cite
    assert "[aljazeera-2020-11-20-aghdam]" in cite
    assert embed.startswith('<iframe src="?date=2020-11-20&amp;district=AZ-AGM"')  # & escaped in HTML
    buttons = {b.label.replace("\\", ""): b for b in at.get("download_button")}  # labels are Markdown-escaped
    assert set(buttons) == {"The map on this date (GeoJSON)", "The map on this date (CSV)", "Every source (CSV)",
                            "Every source (CSL-JSON, for reference managers)"}
    assert all(b.proto.url for b in buttons.values())  # each has its file ready to download



def test_the_embed_snippet_keeps_hostile_ids_and_titles_inside_their_attributes(mini, fake_map):  # noqa: F811
    """A district id from data (the issue's `AZ-BBB" onload="...`), a hostile package title and a page address
    holding quotes: the snippet is still one iframe with the attributes written, its src the view's permalink."""
    data = hostile_ids(mini)
    argv = ["app.py", "--data", str(data)]
    with mock.patch("dashboard.share._page_url", return_value=HOSTILE_BASE), mock.patch.object(sys, "argv", argv):
        at = run_app({"date": "2020-11-15", "district": HOSTILE_ID}, argv=argv[1:])
        at.session_state["view"] = "Share and cite"
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    cite, embed = (c.value for c in at.code)
    attrs = iframe_attributes(embed)
    assert attrs["title"] == HOSTILE_TITLE and attrs["src"] in cite  # the citation's permalink
    params, parts = view_of(attrs["src"])
    assert params == {"date": "2020-11-15", "district": HOSTILE_ID} and parts.netloc == "map.example.org"
