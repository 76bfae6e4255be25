"""The app's "Share and cite" view: the citation, the embed snippet and the downloads, run with AppTest."""

import csv
import datetime as dt
import io
import sys
from unittest import mock

from geo import csvfile, exports
from tests.conftest import edit_yaml
from tests.helpers import HOSTILE_BASE, HOSTILE_TITLE, hostile_ids, iframe_attributes, run_app, view_of


def test_share_and_cite_view(fake_map):  # noqa: F811
    at = run_app({"date": "2020-11-20", "district": "AZ-AGM"})
    at.session_state["view"] = "Share and cite"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    line, cite, embed = (c.value for c in at.code)
    assert line.startswith("Karabakh Ceasefire Map, Aghdam on 20 November 2020 (data sha256:")
    assert "?date=2020-11-20&district=AZ-AGM, accessed " in line and "\n" not in line
    assert "Aghdam on 20 November 2020" in cite
    assert "Permalink: ?date=2020-11-20&district=AZ-AGM" in cite and "Data version: sha256:" in cite
    assert "[aljazeera-2020-11-20-aghdam]" in cite
    # Headings are headings and commands are code: no Markdown shown as it is written (the issue's `####`).
    shown = [m.value for m in at.markdown] + [c.value for c in at.caption] + [h.value for h in at.subheader]
    assert not any("\\`" in text or "\\#" in text for text in shown), shown
    assert [h.value for h in at.subheader][-3:] == ["Cite this view", "Embed", "Download"]
    assert embed.startswith('<iframe src="?date=2020-11-20&amp;district=AZ-AGM"')  # & escaped in HTML
    buttons = {b.label.replace("\\", ""): b for b in at.get("download_button")}  # labels are Markdown-escaped
    pictures = {"The map of this view (PNG, to publish)", "The map of this view (SVG, its words as text)"}
    assert set(buttons) == {"The map on this date (GeoJSON)", "The map on this date (CSV)", "Every source (CSV)",
                            "Every source (CSL-JSON, for reference managers)"} | pictures
    # each has its file ready to download; a picture is drawn when its button is clicked
    assert all(b.proto.url for label, b in buttons.items() if label not in pictures)
    assert all(b.proto.deferred_file_id for label, b in buttons.items() if label in pictures)



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
    _line, cite, embed = (c.value for c in at.code)
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


def test_the_picture_download_is_the_view_as_geo_map_draws_it(mini):
    """What the app's picture button hands out: the chosen date and district, and the page's address in the
    credits; a district the map cannot zoom to (hostile or unknown) gives the whole map, not an error."""
    from PIL import Image

    from dashboard.bundle import Bundle
    from dashboard.share import _picture_stem, map_picture
    from geo.load import load_package
    from geo.timeline import Timeline

    package = load_package(mini)
    bundle = Bundle(package=package, problems=[], timeline=Timeline(package))
    svg = map_picture(bundle, dt.date(2020, 11, 20), "AZ-AAA", "https://map.example.org/", "svg").decode()
    assert ">20 November 2020 · Alpha/Alfa<" in svg
    assert "https://map.example.org/?date=2020-11-20&amp;district=AZ-AAA" in svg
    png = map_picture(bundle, dt.date(2020, 11, 20), 'AZ-AAA" onload="x', "", "png")
    with Image.open(io.BytesIO(png)) as image:
        assert image.width == 1600
    assert _picture_stem("mini", "2020-11-20", 'AZ-AAA" onload="x') == "mini-2020-11-20-AZ-AAAonloadx"  # a file name


def test_the_public_address_setting_makes_the_permalink_embed_and_citation(fake_map, monkeypatch):  # noqa: F811
    """$KCM_PUBLIC_URL (geo.settings) is put before every address the view hands out, not the browser's
    address (behind a proxy: localhost:8501)."""
    monkeypatch.setenv("KCM_PUBLIC_URL", "https://kcm.example.org/map/")
    with mock.patch("dashboard.share._page_url", return_value="http://localhost:8501/"):
        at = run_app({"date": "2020-12-01"})
        at.session_state["view"] = "Share and cite"
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    line, cite, embed = (c.value for c in at.code)
    assert "https://kcm.example.org/map/?date=2020-12-01, accessed" in line
    assert "Permalink: https://kcm.example.org/map/?date=2020-12-01" in cite
    assert 'src="https://kcm.example.org/map/?date=2020-12-01"' in embed
    assert "localhost" not in line + cite + embed


def test_a_wrong_public_address_is_shown_and_the_page_address_used(fake_map, monkeypatch):  # noqa: F811
    monkeypatch.setenv("KCM_PUBLIC_URL", "javascript:alert(1)")
    with mock.patch("dashboard.share._page_url", return_value="https://inner.example.org/"):
        at = run_app({"date": "2020-12-01"})
        at.session_state["view"] = "Share and cite"
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("KCM\\_PUBLIC\\_URL" in e.value and "not an http\\(s\\) address" in e.value for e in at.error), [
        e.value for e in at.error]
    assert "Permalink: https://inner.example.org/?date=2020-12-01" in at.code[1].value


def test_the_downloads_are_named_by_the_package_profile_s_short_name(fake_map):  # noqa: F811
    """Issue 20: a file a reader downloads starts with the profile's `short_name`, never the first war's name."""
    from pathlib import Path

    from dashboard import ui

    georgia = Path(__file__).parents[2] / "packages" / "georgia-2008" / "data"
    original = ui.download_button
    cases = [([], {"date": "2020-11-20", "district": "AZ-AGM"}, "karabakh-"),
             (["--data", str(georgia)], {"date": "2008-08-12", "district": "GE-SK"}, "georgia-2008-")]
    for argv, params, start in cases:
        names: list[str] = []

        def record(*args, names=names, **kwargs):
            names.append(kwargs["file_name"])
            return original(*args, **kwargs)

        with mock.patch.object(ui, "download_button", side_effect=record), mock.patch.object(sys, "argv",
                                                                                                ["app.py", *argv]):
            at = run_app(params, argv=argv)
            at.session_state["view"] = "Share and cite"
            at.run()
        assert not at.exception, [e.value for e in at.exception]
        day, district = params["date"], params["district"]
        assert {f"{start}{day}.geojson", f"{start}{day}.csv", f"{start}sources.csv", f"{start}sources.json",
                f"{start}{day}-{district}.png", f"{start}{day}-{district}.svg"} <= set(names), names
        assert all("karabakh" not in name for name in names) or start == "karabakh-", names
