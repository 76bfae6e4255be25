"""The app's "Share and cite" view: the citation, the embed snippet and the downloads, run with AppTest."""

import csv
import io
import sys
from unittest import mock

from geo import csvfile, exports
from tests.conftest import edit_yaml
from tests.dashboard.test_app import fake_map, run_app  # noqa: F401 (fake_map is a fixture)
from tests.geo.test_permalink import HOSTILE_BASE, HOSTILE_TITLE, hostile_ids, iframe_attributes, view_of


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
    """A hostile package title and a page address holding quotes (a district id like the issue's `AZ-BBB"
    onload="...` no longer validates): the snippet is still one iframe with the attributes written, its src the
    view's permalink."""
    data = hostile_ids(mini)
    argv = ["app.py", "--data", str(data)]
    with mock.patch("dashboard.share._page_url", return_value=HOSTILE_BASE), mock.patch.object(sys, "argv", argv):
        at = run_app({"date": "2020-11-15", "district": "AZ-BBB"}, argv=argv[1:])
        at.session_state["view"] = "Share and cite"
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    cite, embed = (c.value for c in at.code)
    attrs = iframe_attributes(embed)
    assert attrs["title"] == HOSTILE_TITLE and attrs["src"] in cite  # the citation's permalink
    params, parts = view_of(attrs["src"])
    assert params == {"date": "2020-11-15", "district": "AZ-BBB"} and parts.netloc == "map.example.org"


def test_both_csv_downloads_come_from_the_one_writer_and_keep_hostile_text_in_one_cell(mini, fake_map):  # noqa: F811
    """The issue's name with a bare CR and a formula in a source's title, through the app's two CSV downloads."""
    edit_yaml(mini / "places.yaml", lambda d: d[0]["names"].update(en="Fuzuli\r=cmd|' /C calc'!A0"))
    edit_yaml(mini / "sources.yaml", lambda d: d[0].update(title='=HYPERLINK("http://x.invalid","click")'))
    made = []

    def writer(columns, rows):
        rows = list(rows)
        made.append((columns, rows, csvfile.csv_bytes(columns, rows)))
        return made[-1][2]

    argv = ["app.py", "--data", str(mini)]
    with mock.patch("dashboard.share.csv_bytes", side_effect=writer), mock.patch.object(sys, "argv", argv):
        at = run_app({"date": "2020-11-15"}, argv=argv[1:])
        at.session_state["view"] = "Share and cite"
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [columns for columns, _, _ in made] == [exports.EXPORT_COLUMNS, exports.SOURCE_COLUMNS]
    for columns, rows, data in made:
        assert data.startswith(b"\xef\xbb\xbf")
        read = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        assert len(read) == 1 + len(rows) and all(len(row) == len(columns) for row in read)
        assert not any(line[:1] in csvfile.FORMULA_START for row in read for cell in row
                       for line in cell.replace("\r", "\n").split("\n"))
    cells = {cell for _, _, data in made for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
             for cell in row}
    assert "Fuzuli\r'=cmd|' /C calc'!A0" in cells and "'=HYPERLINK(\"http://x.invalid\",\"click\")" in cells
