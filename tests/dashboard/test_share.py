"""The app's "Share and cite" view: the citation, the embed snippet and the downloads, run with AppTest."""

from tests.dashboard.test_app import fake_map, run_app  # noqa: F401 (fake_map is a fixture)


def test_share_and_cite_view(fake_map):  # noqa: F811
    at = run_app({"date": "2020-11-20", "district": "AZ-AGM"})
    at.session_state["view"] = "Share and cite"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    cite, embed = (c.value for c in at.code)
    assert "Aghdam on 20 November 2020" in cite
    assert "Permalink: ?date=2020-11-20&district=AZ-AGM" in cite and "Data version: sha256:" in cite
    assert "[aljazeera-2020-11-20-aghdam]" in cite
    assert embed.startswith('<iframe src="?date=2020-11-20&district=AZ-AGM"')
    buttons = {b.label.replace("\\", ""): b for b in at.get("download_button")}  # labels are Markdown-escaped
    assert set(buttons) == {"The map on this date (GeoJSON)", "The map on this date (CSV)", "Every source (CSV)",
                            "Every source (CSL-JSON, for reference managers)"}
    assert all(b.proto.url for b in buttons.values())  # each has its file ready to download

