"""Lines that once showed in one edition only (issue 17): a city without changes of its own says whose timeline it
shares (was the static page's only), and an external source's note on its date shows under the source (was the
app's only). Both editions take them from geo/panel_words.py: the app's panel shows them, the static page's data
carries them (geo/site/static/kcm-panel.js places them as they are)."""

from __future__ import annotations

import html
import json
from pathlib import Path

from geo import Timeline, load_package
from geo import panel_words as W
from geo.site.data import site_data
from tests.conftest import edit_yaml
from tests.helpers import run_app, texts

DATE_NOTE = "Dated from the page's footer, not its byline."


def _city_and_date_note(mini: Path) -> None:
    """The mini package with a city inside Alpha that has no changes of its own, and a source with a date note."""
    path = mini / "districts.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    collection["features"].append({"type": "Feature", "properties": {
        "id": "AZ-AAA-C", "name_en": "Alpha City", "name_az": None, "name_hy": None, "name_ru": None,
        "label": "Alpha City", "aliases": [], "role": "city", "country": "AZ", "parent": "AZ-AAA", "area_km2": 1.2},
        "geometry": {"type": "Polygon", "coordinates": [[[46.04, 40.04], [46.05, 40.04], [46.05, 40.05],
                                                         [46.04, 40.05], [46.04, 40.04]]]}})
    path.write_text(json.dumps(collection), encoding="utf-8")
    edit_yaml(mini / "sources.yaml", lambda rows: next(r for r in rows if r["id"] == "ext-report").update(
        date_note=DATE_NOTE))


def test_a_city_s_shared_timeline_and_a_source_s_date_note_show_in_both_editions(mini, fake_map):  # noqa: F811
    _city_and_date_note(mini)
    package = load_package(mini)
    timeline = Timeline(package)
    city, parent = package.districts["AZ-AAA-C"], package.districts["AZ-AAA"]
    assert timeline.district_changes(city.id) == []
    shares = W.shares_timeline_line(parent)
    note = W.date_note_line(package.sources["ext-report"])
    assert shares == "Shares the timeline of Alpha/Alfa." and note == f"Date: {DATE_NOTE}"
    data = site_data(package, timeline, "test")  # the static page's data
    assert data["districts"][city.id]["sharesTimelineOf"] == shares
    assert data["districts"][city.id]["changes"] == data["districts"][parent.id]["changes"]
    assert data["sources"]["ext-report"]["dateNote"] == note
    at = run_app({"date": "2020-11-20", "district": city.id}, argv=["--data", str(mini)])
    page = html.unescape(texts(at))  # the date note is in a citation's HTML
    assert shares in page and note in page  # the app's panel: the city lists its parent's changes and their sources
    assert all(c.summary in page for c in timeline.district_changes(parent.id))
