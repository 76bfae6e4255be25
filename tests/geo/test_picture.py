"""Pictures to publish (geo/picture/), drawn in-process from the mini package: the symbols come from the web map's
table, the layers agree with the map core, a district view zooms and outlines, labels never overlap, the legend
is complete and an animation has one different frame per step."""

import datetime as dt
import io
import json
import re

import numpy as np
import pytest
from matplotlib.path import Path as MplPath
from PIL import Image

from geo.errors import DateOutOfRange, GeoError
from geo.load import load_package
from geo.picture.animate import animation_bytes, frame_dates
from geo.picture.labels import Label, dot_boxes, place_labels
from geo.picture.layers import BASEMAP_STYLES, CONTEXT_STYLE, LAYERS, SELECTED
from geo.picture.legend import legend_entries
from geo.picture.render import map_bytes, picture
from geo.picture.source import map_source
from geo.picture.svgpath import svg_path
from geo.vocabulary import of
from tests.helpers import ROOT
from tests.helpers import first_words as status


@pytest.fixture
def source(mini):
    return map_source(load_package(mini))


@pytest.mark.parametrize("kind", sorted(status.POSITION_SHAPES))
def test_each_position_symbol_is_its_svg_path_data(kind):
    """Parsed from POSITION_SHAPES, not redrawn: each of the path's numbers is a vertex (y flipped, centred)."""
    path = svg_path(status.POSITION_SHAPES[kind].path)
    drawn = path.vertices[path.codes != MplPath.MOVETO] if kind != "observation_post" else path.vertices[:3]
    assert (np.abs(drawn) <= 10).all()  # inside the 20 x 20 box
    assert (path.codes == MplPath.CLOSEPOLY).sum() >= 1
    assert path.vertices[-2:].tolist() == [[-10, 10], [10, -10]]  # the box's corners, so all scale alike
    if kind == "observation_post":  # "M10 2L18 17H2z"
        assert path.vertices[:3].tolist() == [[0, 8], [8, -7], [-8, -7]]
    if kind == "monitoring_centre":  # a circle of radius 8 from two arcs
        ring = path.vertices[path.codes == MplPath.LINETO]
        assert np.allclose(np.hypot(ring[:, 0], ring[:, 1]), 8)


def test_a_path_command_the_parser_does_not_know_is_an_error():
    with pytest.raises(ValueError, match="M L H V A Z"):
        svg_path("M0 0C1 1 2 2 3 3z")


def test_the_picture_and_the_web_map_draw_the_basemap_and_context_from_one_table(mini):
    """geo/status.py's tables, which the map core receives in map_data (tests/browser/test_both_editions.py checks
    what it draws with them)."""
    from geo import Timeline
    from geo.frames import MapEncoder, map_data

    package = load_package(mini)
    shipped = map_data(package, MapEncoder(package, Timeline(package)))
    assert BASEMAP_STYLES is status.BASEMAP_STYLES and shipped["basemapStyles"] == status.BASEMAP_STYLES
    assert CONTEXT_STYLE is status.CONTEXT_STYLE and shipped["contextStyle"] == status.CONTEXT_STYLE


def test_the_legend_names_every_fill_overlay_dot_shape_and_operator():
    words = " | ".join(w for _, w, _ in legend_entries(of(load_package())))
    for entry in status.LEGEND:
        assert entry.legend in words
    for shape in status.POSITION_SHAPES.values():
        assert shape.legend.lower() in words.lower()
    for operator in status.OPERATORS.values():
        assert operator.legend.lower() in words.lower()
    assert "(hollow)" in words and "International border" in words


def test_layers_are_a_list_of_drawing_functions_with_the_date_ones_marked():
    names = [layer.name for layer in LAYERS]
    assert names[0] == "relief" and {"districts", "corridor", "settlements", "positions"} <= set(names)
    assert {layer.name for layer in LAYERS if layer.dynamic} == {"districts", "corridor", "settlements", "positions"}


def test_a_district_view_zooms_to_it_and_outlines_it(source):
    whole, one = picture(source, dt.date(2020, 11, 20), width_px=400), \
        picture(source, dt.date(2020, 11, 20), "AZ-AAA", width_px=400)
    try:
        (wx0, wx1), (ox0, ox1) = whole.view.ax.get_xlim(), one.view.ax.get_xlim()
        left, bottom, right, top = source.districts.loc[source.districts["id"] == "AZ-AAA"].total_bounds
        (y0, y1) = one.view.ax.get_ylim()
        assert ox0 < left and right < ox1 and y0 < bottom and top < y1
        # centred on the district (the mini package's whole map is it and its neighbour, centred between them)
        assert (ox0 + ox1) / 2 == pytest.approx((left + right) / 2)
        assert (y0 + y1) / 2 == pytest.approx((bottom + top) / 2)
        assert (wx0 + wx1) / 2 != pytest.approx((left + right) / 2)
        outlined = [c for c in one.view.ax.collections if len(c.get_edgecolor()) and
                    tuple(c.get_edgecolor()[0][:3]) == (0, 0, 0) and c.get_linewidth()[0] == pytest.approx(3)]
        assert outlined and not [c for c in whole.view.ax.collections if len(c.get_edgecolor()) and
                                 tuple(c.get_edgecolor()[0][:3]) == (0, 0, 0) and c.get_linewidth()[0] == 3]
        assert SELECTED == "#000000"
    finally:
        whole.close()
        one.close()


def test_a_district_that_is_not_on_the_map_and_a_date_outside_it_are_refused(source):
    with pytest.raises(GeoError, match="unknown district 'AZ-ZZZ'; known: AZ-AAA"):
        picture(source, dt.date(2020, 11, 20), "AZ-ZZZ", width_px=400)
    with pytest.raises(DateOutOfRange):
        picture(source, dt.date(1990, 1, 1), width_px=400)


def test_labels_are_left_out_rather_than_drawn_over_each_other(source):
    pic = picture(source, dt.date(2020, 11, 20), width_px=400)
    try:
        ax = pic.view.ax
        x, y = np.mean(ax.get_xlim()), np.mean(ax.get_ylim())
        crowd = [Label(f"Name number {i}", (x, y), "town", ((0, 0, "center", "center"),)) for i in range(5)]
        renderer = pic.fig.canvas.get_renderer()
        names = [t.get_window_extent(renderer) for t in ax.texts]  # those the picture placed
        placed, left_out = place_labels(ax, crowd, names)
        assert len(placed) <= 1 and len(left_out) >= 4
        boxes = [t.get_window_extent(renderer) for t in ax.texts]
        overlaps = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:] if a.overlaps(b)]
        assert not overlaps
        assert "Alphaville" in [t.get_text() for t in ax.texts]  # the mini package's town
        dots = dot_boxes(ax, source)
        assert len(dots) == len(source.places) and not [(t, d) for t in boxes for d in dots if t.overlaps(d)]
    finally:
        pic.close()


def test_png_is_as_wide_as_asked_and_readable(source):
    data = map_bytes(source, dt.date(2020, 11, 20), "png", width_px=480)
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        assert image.width == 480


def test_svg_keeps_its_title_date_and_legend_as_text(source):
    svg = map_bytes(source, dt.date(2020, 11, 20), "svg", width_px=400).decode("utf-8")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "Mini test package" in texts and "20 November 2020" in texts
    assert "Russian peacekeepers" in texts and any(t.startswith("Data version sha256:") for t in texts)
    assert any("?date=2020-11-20" in t for t in texts)


def test_frame_dates_by_day_week_and_event(source):
    start, end = dt.date(2020, 11, 1), dt.date(2020, 11, 21)
    assert len(frame_dates(source, start, end, "day")) == 21
    assert frame_dates(source, start, end, "week") == [dt.date(2020, 11, d) for d in (1, 8, 15, 21)]
    events = frame_dates(source, start, end, "event")
    assert events[0] == start and dt.date(2020, 11, 10) in events and dt.date(2020, 11, 20) in events
    with pytest.raises(GeoError, match="before START"):
        frame_dates(source, end, start, "day")


def test_a_gif_has_one_frame_per_step_each_different(source):
    dates = frame_dates(source, dt.date(2020, 11, 9), dt.date(2020, 11, 11), "day")
    data = animation_bytes(source, dates, "gif", width_px=400)
    with Image.open(io.BytesIO(data)) as gif:
        assert gif.n_frames == len(dates) == 3
        frames = []
        for i in range(gif.n_frames):
            gif.seek(i)
            frames.append(np.asarray(gif.convert("RGB")))
    assert all(frames[0].shape == f.shape for f in frames)
    assert all((a != b).any() for a, b in zip(frames, frames[1:], strict=False))


def test_names_and_titles_from_data_are_drawn_as_written(mini):
    """A `$` in data is not matplotlib's math: `$\\frac{$` would fail to parse, `$x$` would lose its dollars;
    `<` and `&` stay text in the SVG."""
    from tests.conftest import edit_yaml

    edit_yaml(mini / "package.yaml", lambda d: d.update(title="Map of $\\frac{ & <b>"))
    geojson = mini / "districts.geojson"
    geojson.write_text(geojson.read_text(encoding="utf-8").replace('"label": "Alpha/Alfa"', '"label": "A$x$ <i>"'),
                       encoding="utf-8")
    svg = map_bytes(map_source(load_package(mini)), dt.date(2020, 11, 20), "svg", "AZ-AAA", 400).decode()
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "Map of $\\frac{ &amp; &lt;b&gt;" in texts
    assert "20 November 2020 · A$x$ &lt;i&gt;" in texts


def test_the_date_says_how_precise_the_map_is_for_it(mini):
    from geo.picture.render import date_words
    from tests.conftest import edit_yaml

    # Gamma's change (9 Oct 2020) known only to its month: the latest change on the map from October to 9 November.
    edit_yaml(mini / "place_control.yaml", lambda d: d[0].update(precision="month", date=dt.date(2020, 10, 1)))
    source = map_source(load_package(mini))
    words, precision = date_words(source, dt.date(2020, 10, 20))
    assert words == "20 October 2020"
    assert precision.endswith("the latest change shown is dated to the month only (October 2020)")
    words, precision = date_words(source, dt.date(2020, 11, 12))
    assert precision.endswith("dated to the day (10 November 2020)")


def test_an_animation_frame_is_what_a_full_draw_gives(source):
    """pixels() keeps the legend and the rest that never changes and redraws only the map and the date's texts:
    each frame must still be exactly the figure drawn whole."""
    pic = picture(source, dt.date(2020, 11, 9), width_px=400)
    try:
        for day in (dt.date(2020, 11, 9), dt.date(2020, 11, 10), dt.date(2020, 11, 20)):
            pic.show(day)
            fast = np.asarray(pic.pixels()).copy()
            pic.fig.canvas.draw()
            assert (fast == np.asarray(pic.fig.canvas.buffer_rgba())).all()
    finally:
        pic.close()


def test_a_layer_added_to_the_list_is_drawn_and_brings_its_legend_rows(source, monkeypatch):
    """How another kind (e.g. inferred areas of control) joins the picture: one Layer in LAYERS."""
    from matplotlib.patches import Patch, Rectangle

    from geo.picture import layers, legend

    drawn = []

    def inferred(view):
        drawn.append(view.date)
        return [view.ax.add_patch(Rectangle((0, 0), 1, 1, facecolor="#ff00ff"))]

    extra = layers.Layer("inferred", inferred, dynamic=True,
                         legend=lambda: [(Patch(facecolor="#ff00ff"), "Inferred from sourced settlements", False)])
    monkeypatch.setattr(layers, "LAYERS", (*layers.LAYERS, extra))
    monkeypatch.setattr(legend, "LAYERS", layers.LAYERS)
    import geo.picture.render as render

    monkeypatch.setattr(render, "LAYERS", layers.LAYERS)
    pic = picture(source, dt.date(2020, 11, 9), width_px=400)
    try:
        pic.show(dt.date(2020, 11, 10))
        assert drawn == [dt.date(2020, 11, 9), dt.date(2020, 11, 10)]
        assert "Inferred from sourced settlements" in [w for _, w, _ in legend.legend_entries(of(source.package))]
    finally:
        pic.close()


def test_a_picture_draws_its_packages_own_basemap_and_its_legend_lines():
    """The pictures drew the first package's basemap and its reference line for every package (issue 20)."""
    from geo.basemap_recipe import basemap_folder
    from geo.picture.source import package_basemap

    first, georgia = load_package(), load_package(ROOT / "packages" / "georgia-2008" / "data")
    assert package_basemap(georgia).extent != package_basemap(first).extent
    for package in (first, georgia):
        basemap = package_basemap(package)
        index = json.loads((basemap_folder(package) / "index.json").read_text(encoding="utf-8"))
        assert basemap.lines == index["lines"]
        said = [w for _, w, _ in legend_entries(of(package), lines=basemap.lines)]
        assert all(words in said for _, words in index["lines"])
        assert set(basemap.layers["kind"]) - {"lake", "river", "label", "country"} <= {k for k, _ in basemap.lines}
    assert len(package_basemap(first).lines) == 2 and len(package_basemap(georgia).lines) == 1
