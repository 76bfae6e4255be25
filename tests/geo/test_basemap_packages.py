"""Each package's own basemap: the folder its profile names, built from its recipe for its region (the build
needs the network; these check the committed files and the refusals, offline)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import shapely
from PIL import Image
from shapely.geometry import Point, shape

from geo import basemap as B
from geo import load_package
from geo.basemap_recipe import RECIPE, basemap_folder, legend_lines, read_index, read_recipe
from geo.cli import main
from geo.errors import DataError
from geo.relief import mercator_height, png_size
from geo.settings import DEFAULT_DATA_DIR

ROOT = Path(__file__).resolve().parents[2]
GEORGIA = ROOT / "packages" / "georgia-2008"
GEORGIA_DATA = GEORGIA / "data"
FIRST_WORDS = ("Karabakh", "NKAO", "Armenia", "Azerbaijan", "Lachin")
SIZE_BUDGET = 400_000  # bytes: a committed basemap folder stays small


def _georgia() -> tuple[Path, tuple[float, float, float, float]]:
    package = load_package(GEORGIA_DATA)
    where = basemap_folder(package)
    assert where is not None and package.profile is not None
    return where, package.profile.region_bounds


def test_each_package_names_its_own_basemap_folder():
    first = basemap_folder(load_package(DEFAULT_DATA_DIR))
    georgia, _ = _georgia()
    assert first == B.BASEMAP_DIR.resolve()
    assert georgia == (GEORGIA / "basemap").resolve()


def test_the_georgian_basemap_is_small_and_its_relief_covers_the_profiles_region():
    where, region = _georgia()
    assert sum(p.stat().st_size for p in where.iterdir()) < SIZE_BUDGET
    recipe = read_recipe(where)
    crop = B.relief_bounds(recipe, region)
    assert crop == region  # no crop of its own: the region
    png = (where / B.RELIEF_PNG).read_bytes()
    meta = json.loads((where / B.RELIEF_JSON).read_text(encoding="utf-8"))
    assert meta["image"]["sha256"] == hashlib.sha256(png).hexdigest()
    assert meta["crop"] == B.bounds_dict(region)
    width, height = png_size(png)
    west, south, east, north = region
    assert width == round((east - west) * B.GLOBE_G["cells_per_degree"])
    assert height == mercator_height(width, west, east, south, north)
    assert np.asarray(Image.open(where / B.RELIEF_PNG)).std() > 10  # relief, not a blank
    assert read_index(where) == B.basemap_index(crop, recipe)


def test_the_georgian_borders_follow_georgias_land_outline_and_its_names_stand_where_they_say():
    where, region = _georgia()
    data = json.loads((where / B.BORDERS).read_text(encoding="utf-8"))
    lines = shapely.union_all([shape(f["geometry"]) for f in data["features"]
                               if f["properties"]["kind"] == "international"])
    districts = json.loads((GEORGIA_DATA / "districts.geojson").read_text(encoding="utf-8"))
    georgia = shapely.union_all([shape(f["geometry"]) for f in districts["features"]])
    # Every point of Georgia's land border is near a drawn border (the coast is not drawn): Tsiteli Khidi
    # (Azerbaijan), Sadakhlo (Armenia), Sarpi (Turkey), Upper Lars (Russia).
    for lon, lat in ((45.08, 41.33), (44.79, 41.24), (41.56, 41.52), (44.63, 42.74)):
        assert lines.distance(Point(lon, lat)) < 0.05, (lon, lat)
    assert lines.distance(Point(41.63, 41.65)) > 0.05  # Batumi's coast
    assert shapely.box(*region).buffer(1e-9).contains(lines)
    labels = {f["properties"]["name"]: shape(f["geometry"]) for f in data["features"]
              if f["properties"]["kind"] == "country"}
    assert set(labels) == {"Georgia", "Russia", "Turkey"}
    assert georgia.contains(labels["Georgia"])
    assert not georgia.contains(labels["Russia"]) and not georgia.contains(labels["Turkey"])
    text = "".join(p.read_text(encoding="utf-8") for p in where.glob("*.json*"))
    assert not [w for w in FIRST_WORDS if w.casefold() in text.casefold()]


def test_each_index_gives_the_legend_its_lines_and_the_first_keeps_its_reference_line():
    assert legend_lines(read_index(B.BASEMAP_DIR)) == [
        ["international", "International border"],
        [read_recipe(B.BASEMAP_DIR)["reference_line"]["kind"], read_recipe(B.BASEMAP_DIR)["reference_line"]["legend"]]]
    where, _ = _georgia()
    assert legend_lines(read_index(where)) == [["international", "International border"]]
    assert legend_lines(None) == []


def test_a_recipe_with_wrong_fields_is_refused_naming_each(tmp_path):
    (tmp_path / RECIPE).write_text("relief_bounds: [44.0, 38.51, 43.0, 41.5]\nborders: {source: coastline}\n"
                                   "country_labels: [{name: X, lat: 95, lon: 1}]\nwater_gaps: {}\n", encoding="utf-8")
    with pytest.raises(DataError) as refused:
        read_recipe(tmp_path)
    text = str(refused.value)
    assert "borders" in text and "country_labels" in text and "lat" in text
    (tmp_path / RECIPE).write_text("relief_bounds: [44.0, 38.51, 49.0, 41.5]\nborders: {source: natural_earth, "
                                   "between: x}\ncountry_labels: []\nwater_gaps: {}\n", encoding="utf-8")
    with pytest.raises(DataError, match="GLOBE cell edge"):
        read_recipe(tmp_path)


def test_a_profile_naming_a_missing_basemap_folder_is_a_problem(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(GEORGIA_DATA, data)
    (tmp_path / "seeds").mkdir()
    shutil.copy(GEORGIA / "seeds" / "index.yaml", tmp_path / "seeds" / "index.yaml")
    profile = (data / "profile.yaml").read_text(encoding="utf-8")
    (data / "profile.yaml").write_text(profile.replace("basemap: ../basemap", "basemap: ../nowhere"), encoding="utf-8")
    assert main(["validate", "--data", str(data)]) == 1
    (data / "profile.yaml").write_text(profile.replace("basemap: ../basemap", "basemap: null"), encoding="utf-8")
    assert main(["validate", "--data", str(data)]) == 0
    assert main(["build-basemap", "--data", str(data), "--out", str(tmp_path / "out")]) == 1  # names no folder
    assert not (tmp_path / "out").exists()
