"""One status vocabulary (geo/status.py): the CLI, the map, the legend, the chart, the table and the static
edition all say a status with the same words and draw it in the same colour."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

from dashboard.bundle import GENERATED_DIR, build_bundle
from geo import Timeline, load_package
from geo.frames import date_payload
from geo.layers.districts import state_table
from geo.site.data import site_data
from geo.stats import area_on
from tests.helpers import first_words as status

ROOT = Path(__file__).resolve().parents[2]
DATE = dt.date(2020, 11, 15)  # Aghdam awaiting handover, Lachin too, Shusha taken, Khojaly in the zone


def test_the_words_and_colours_of_a_status_are_written_once():
    """No module but geo/status.py spells a status's name or colour (a second copy would drift)."""
    spelled = [entry.name for entry in status.FILLS if entry.key not in (status.SPLIT,)] + \
        [entry.legend for entry in status.LEGEND] + list(status.PLACE_STATUS.values()) + \
        [entry.colour for entry in status.FILLS + status.OVERLAYS]
    sources = [path for folder in ("geo", "dashboard") for pattern in ("*.py", "*.js", "*.html")
               for path in (ROOT / folder).rglob(pattern) if path.name != "status.py"]
    copies = {(str(path.relative_to(ROOT)), text) for path in sources
              for text in spelled if text in path.read_text(encoding="utf-8")}
    assert not copies


def test_the_map_the_table_the_chart_and_the_cli_use_the_vocabulary(tmp_path):
    package = load_package()
    timeline = Timeline(package)
    payload = date_payload(package, timeline, DATE)
    for did, key in payload["statuses"].items():
        assert payload["styles"][did][0] == status.COLOURS[key]
        if key != status.SPLIT:  # a split district's sentence carries its share
            assert status.name(key).casefold() in payload["texts"][did].casefold()
    assert set(payload["statuses"].values()) >= {status.ARMENIAN, status.AZERBAIJAN, status.PENDING}
    table = {row["id"]: row["status"] for row in state_table(package, timeline, DATE)}
    assert {did: payload["texts"][did] for did in table} == table
    cli = subprocess.run([sys.executable, "-m", "geo", "state", DATE.isoformat()], cwd=ROOT, capture_output=True,
                         text=True, timeout=120).stdout
    for did, text in table.items():
        assert re.search(rf"{did}\s.*{re.escape(text)}", cli), did
    assert set(area_on(package, timeline, DATE)) == set(status.SIDES.values())
    # Both editions' maps are built by the one core from one `map_data` (the app fetches it as a generated file).
    bundle = build_bundle(str(ROOT / "geo" / "data"))
    app_map = json.loads((GENERATED_DIR / bundle.data_file).read_text(encoding="utf-8"))
    site = site_data(package, timeline, "test")
    for drawn in (app_map, site["map"]):
        assert drawn["colours"] == status.COLOURS and drawn["placeStatus"] == status.PLACE_STATUS
    assert site["legend"] == [[entry.colour, entry.key, entry.legend] for entry in status.LEGEND]


def test_both_legends_draw_each_status_in_its_colour_with_its_words():
    """One legend for both editions (geo/mapcore/kcm-legend.js) from the map's data: the app's generated file and
    the static edition's data script; tests/browser/test_map_cartography.py checks it as drawn."""
    bundle = build_bundle(str(ROOT / "geo" / "data"))
    app_map = json.loads((GENERATED_DIR / bundle.data_file).read_text(encoding="utf-8"))
    package = load_package()
    site = site_data(package, Timeline(package), "test")
    for drawn in (app_map, site["map"]):
        assert drawn["legend"] == [[e.colour, e.key, e.legend] for e in status.LEGEND]
        assert drawn["legendWords"] == status.LEGEND_WORDS


def test_the_posts_symbols_are_drawn_from_one_table():
    """A post's shape says its kind: the app's map and legend and the static edition take the shapes from
    geo/status.py (POSITION_SHAPES); no script or page draws a shape of its own."""
    pages = [path for folder in ("geo", "dashboard") for pattern in ("*.js", "*.html")
             for path in (ROOT / folder).rglob(pattern) if "vendor" not in path.parts]
    own_shapes = {str(path.relative_to(ROOT)) for path in pages
                  if re.search(r"<(rect|polygon|circle|ellipse|path)\b|[■▲◆●]", path.read_text(encoding="utf-8"))}
    assert not own_shapes
    paths = {kind: shape.path for kind, shape in status.POSITION_SHAPES.items()}
    package = load_package()
    site = site_data(package, Timeline(package), "test")
    assert {kind: shape["path"] for kind, shape in site["map"]["shapes"].items()} == paths
    assert {p.kind for p in package.positions} <= set(paths)
    assert {p.operator for p in package.positions} <= set(status.OPERATORS)
