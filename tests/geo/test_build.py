"""The districts build: the Lachin fix, ids, names, validity, precision, areas, reproducibility."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from shapely.geometry import shape

from geo import GeoError
from geo.build import areas_km2, build_districts, dumps_collection, geodesic_area_km2
from geo.settings import DEFAULT_DATA_DIR, PROJECT_ROOT

SOURCE = PROJECT_ROOT / "geo" / "sources" / "ne_10m_admin_1_aze_arm.geojson"
NAMES = DEFAULT_DATA_DIR / "names.yaml"
COMMITTED = DEFAULT_DATA_DIR / "districts.geojson"
STORY = ["AZ-AGM", "AZ-KAL", "AZ-LAN", "AZ-QBI", "AZ-ZAN", "AZ-CAB", "AZ-FUZ", "AZ-SUS", "AZ-XCI", "AZ-XVD",
         "AZ-TAR", "AZ-XA"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build") / "districts.geojson"
    collection = build_districts(SOURCE, NAMES, out)
    return out, {f["properties"]["id"]: f for f in collection["features"]}


def test_lachin_fix(built):
    _, features = built
    lachin = features["AZ-LAN"]["properties"]
    assert (lachin["name_en"], lachin["name_az"], lachin["name_ru"]) == ("Lachin", "Laçın", "Лачин")
    assert "Berdzor" in lachin["aliases"] and lachin["label"] == "Lachin/Berdzor"
    centroid = shape(features["AZ-LAN"]["geometry"]).centroid
    assert 39.5 < centroid.y < 39.9 and 46.1 < centroid.x < 46.6
    lankaran = shape(features["AZ-LA"]["geometry"]).centroid  # the real Lankaran, on the Caspian
    assert lankaran.x > 48.5
    assert all("Lankaran" not in str(v) for v in lachin.values())


def test_story_districts_present_with_names_in_four_languages(built):
    _, features = built
    for did in STORY:
        props = features[did]["properties"]
        assert props["role"] == "story", did
        assert all(props[f"name_{lang}"] for lang in ("en", "az", "hy", "ru")), did
    assert features["AZ-XA"]["properties"]["label"] == "Stepanakert/Khankendi"
    assert "Khojali" not in features["AZ-XA"]["properties"]["aliases"]
    assert features["AZ-SUS-C"]["properties"]["parent"] == "AZ-SUS"
    armenia = [f for f in features.values() if f["properties"]["country"] == "AM"]
    assert len(armenia) == 11


def test_ids_unique_geometries_valid_and_rounded(built):
    path, features = built
    assert len(features) == 89  # every source feature kept; repeated codes resolved
    for fid, feature in features.items():
        geometry = shape(feature["geometry"])
        assert geometry.is_valid and not geometry.is_empty, fid
    text = path.read_text(encoding="utf-8")
    coords = json.loads(text)["features"][0]["geometry"]["coordinates"]
    flat = json.dumps(coords)
    assert all(len(n.split(".")[1]) <= 4 for n in flat.replace("[", " ").replace("]", " ").replace(",", " ").split()
               if "." in n)


def test_area_in_equal_area_projection_matches_the_ellipsoid(built):
    _, features = built
    for did in STORY:
        geometry = shape(features[did]["geometry"])
        recorded = features[did]["properties"]["area_km2"]
        assert [recorded] == areas_km2([geometry])
        assert recorded == pytest.approx(geodesic_area_km2(geometry), rel=0.002), did
    assert features["AZ-KAL"]["properties"]["area_km2"] == pytest.approx(2771, abs=5)


def test_build_is_byte_identical_and_the_committed_file_is_current(built, tmp_path):
    first, _ = built
    second = tmp_path / "again.geojson"
    build_districts(SOURCE, NAMES, second)
    assert first.read_bytes() == second.read_bytes()
    assert COMMITTED.read_bytes() == first.read_bytes(), "run `make build-districts` and commit the result"


def test_provenance_is_stored_with_the_data(built):
    path, _ = built
    provenance = json.loads(path.read_text(encoding="utf-8"))["provenance"]
    assert provenance["credit"] == "Made with Natural Earth"
    assert "1:10" in provenance["scale"] and provenance["licence"] == "public domain"
    assert any("AZ-LAN" in fix for fix in provenance["fixes"])


def test_a_source_whose_lachin_is_elsewhere_is_refused_and_the_old_file_kept(tmp_path):
    data = json.loads(SOURCE.read_text(encoding="utf-8"))
    for feature in data["features"]:
        if feature["properties"]["iso_3166_2"] == "AZ-LAN":
            feature["geometry"] = {"type": "Polygon", "coordinates": [[[48.8, 38.7], [48.9, 38.7], [48.9, 38.8],
                                                                       [48.8, 38.7]]]}
    bad = tmp_path / "bad.geojson"
    bad.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "districts.geojson"
    out.write_text("previous", encoding="utf-8")
    with pytest.raises(GeoError, match="not Lachin district"):
        build_districts(bad, NAMES, out)
    assert out.read_text(encoding="utf-8") == "previous"
    assert list(tmp_path.glob(".districts*")) == []


def test_cli_build_writes_the_file(tmp_path):
    out = tmp_path / "d.geojson"
    result = subprocess.run([sys.executable, "-m", "geo", "build-districts", "--out", str(out)],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == COMMITTED.read_bytes()


def test_dumps_is_one_feature_per_line():
    collection = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "b"},
                                                              "geometry": None}] * 2}
    text = dumps_collection(collection)
    assert json.loads(text) == collection
    assert len(text.splitlines()) == 7


def test_source_path_is_the_repository_copy():
    assert SOURCE.is_file() and Path(SOURCE).stat().st_size > 100_000


def build_cli(source: Path, names: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geo", "build-districts", "--source", str(source), "--names",
                           str(names), "--out", str(out)], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          timeout=120)


def _drop_code(collection):
    del collection["features"][3]["properties"]["iso_3166_2"]


def _null_geometry(collection):
    collection["features"][0]["geometry"] = None


@pytest.mark.parametrize(("names_text", "change_source", "expected"), [
    ("- AZ-AGM\n", None, "names.yaml: record '-', field '-': must hold a mapping, found list"),
    ("AZ-AGM: [\n", None, "names.yaml: record '-', field '-': invalid YAML at line 2"),
    ("AZ-LAN: Lachin\n", None, "names.yaml: record 'AZ-LAN', field '-': must be a mapping of fields, found str"),
    ("AZ-LAN: {en: Lachin, aliases: Berdzor}\n", None, "names.yaml: record 'AZ-LAN', field 'aliases': must be a "
     "list of names (text), found str"),
    ("AZ-LAN: {en: Lachin, role: hero, colour: red}\n", None, "names.yaml: record 'AZ-LAN', field 'role': 'hero' is "
     "not allowed; allowed: story, city, context"),
    ("AZ-LAN: {en: Lachin, role: story, colour: red}\n", None, "names.yaml: record 'AZ-LAN', field 'colour': "
     "unknown field"),
    ("AZ-LAN: {en: Lachin, role: story, en: Berdzor}\n", None, "names.yaml: record '-', field 'AZ-LAN.en': "
     "duplicate key 'en'"),
    ("AZ-LAN: {en: Lachin, role: story}\n", _drop_code, "ne.geojson: record '#4', field 'properties.iso_3166_2': "
     "is required"),
    ("AZ-LAN: {en: Lachin, role: story}\n", _null_geometry, "field 'geometry': is not a GeoJSON geometry"),
], ids=["names-a-list", "names-bad-yaml", "entry-a-text", "aliases-a-text", "unknown-role", "unknown-field",
        "duplicate-key", "feature-without-code", "feature-without-geometry"])
def test_cli_build_refuses_bad_inputs_naming_file_record_and_field(tmp_path, names_text, change_source, expected):
    source = tmp_path / "ne.geojson"
    collection = json.loads(SOURCE.read_text(encoding="utf-8"))
    if change_source is not None:
        change_source(collection)
    source.write_text(json.dumps(collection), encoding="utf-8")
    names = tmp_path / "names.yaml"
    names.write_text(names_text, encoding="utf-8")
    result = build_cli(source, names, tmp_path / "out.geojson")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert expected in result.stderr
    assert not (tmp_path / "out.geojson").exists()


# --- the recipe (geo/build_recipe.py): what is the source's and the war's ------------------------------------------

RECIPE = PROJECT_ROOT / "geo" / "sources" / "districts_recipe.yaml"


def test_the_war_s_fixes_are_the_recipe_s_not_the_engine_s(built, tmp_path):
    """The renamed code, the provenance's words and the local names' language come from the recipe: without its
    renamed code the name table's Shusha city is not in the source; without the rest the build says no fix and
    writes Natural Earth's local name nowhere."""
    _, features = built
    assert "AZ-SUS-C" in features and "AZ-X01~" not in features
    assert features["AZ-BA"]["properties"]["name_az"]  # a context region's local name, in Azerbaijani
    bare = tmp_path / "recipe.yaml"
    bare.write_text('source: "Some admin-1 extract"\n', encoding="utf-8")
    with pytest.raises(GeoError, match="ids not in the source: AZ-SUS-C"):
        build_districts(SOURCE, NAMES, tmp_path / "d.geojson", bare)
    bare.write_text('source: "Some admin-1 extract"\nrenamed_ids: {"AZ-X01~": AZ-SUS-C}\n', encoding="utf-8")
    collection = build_districts(SOURCE, NAMES, tmp_path / "d.geojson", bare)
    assert collection["provenance"]["source"] == "Some admin-1 extract" and collection["provenance"]["fixes"] == []
    context = next(f["properties"] for f in collection["features"] if f["properties"]["id"] == "AZ-BA")
    assert context["role"] == "context" and context["name_az"] is None


@pytest.mark.parametrize(("text", "field", "words"), [
    ("source: x\nchecks: [{id: AZ-LAN, name: L, centroid_box: [46.8, 39.3, 45.9, 40.1]}]\n", "checks[0].centroid_box",
     "is not a box"),
    ("source: x\nrenamed_ids: {AZ-X01~: shusha}\n", "renamed_ids.AZ-X01~", "a district id as build-districts"),
    ("source: x\nlocal_language: {AZ: tr}\n", "local_language.AZ", "allowed: en, az, hy, ru"),
    ("source: x\nfix: []\n", "fix", "unknown field"),
    ("renamed_ids: {}\n", "source", "required"),
])
def test_a_bad_recipe_is_refused_by_file_and_field(tmp_path, text, field, words):
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text(text, encoding="utf-8")
    out = tmp_path / "d.geojson"
    with pytest.raises(GeoError) as caught:
        build_districts(SOURCE, NAMES, out, recipe)
    line = next((x for x in str(caught.value).splitlines() if f"field '{field}'" in x), str(caught.value))
    assert str(recipe) in line and words in line, line
    assert not out.exists()


def test_the_cli_builds_by_the_recipe_it_is_given(tmp_path):
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text(RECIPE.read_text(encoding="utf-8").replace("45.9, 39.3, 46.8, 40.1", "48.0, 38.0, 49.0, 39.0"),
                      encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "geo", "build-districts", "--recipe", str(recipe), "--out",
                             str(tmp_path / "d.geojson")], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1 and "AZ-LAN's geometry" in result.stderr and "is not Lachin district" in result.stderr
