"""The recipe `python -m geo build-districts` builds a package's districts.geojson by (a YAML file beside the Natural
Earth extract it reads, declared here and checked like every data file): what is particular to one source and one
war, kept out of geo/build.py. The source's description, the ids it gets wrong and what they become, the features
whose geometry a fix relies on (checked, so a new source cannot fool the build), the language Natural Earth's local
`name` is in for each country, and the fixes as the provenance states them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, NotRequired

from pydantic import Field, with_config
from typing_extensions import TypedDict

from . import settings as S
from ._parse import Collector, read_yaml_mapping
from ._validate import validate_record
from .errors import DataError
from .schemas import DISTRICT_ID, DISTRICT_ID_WORDS, STRICT, Text
from .schemas_profile import Country, Degrees, Language

RECIPE_NAME = "districts_recipe.yaml"
DEFAULT_RECIPE = S.GEO_DIR / "sources" / RECIPE_NAME  # the first package's, beside its source extract
RECORD = "recipe"
SourceCode = Annotated[str, Field(pattern=r"^[A-Z]{2}-[A-Za-z0-9~]+$",
                                  description="a Natural Earth iso_3166_2 code: XX- and letters, digits or ~")]
DistrictId = Annotated[str, Field(pattern=DISTRICT_ID, description=DISTRICT_ID_WORDS)]


@with_config(STRICT)
class CentroidCheck(TypedDict):
    """A feature whose geometry a fix relies on: its centroid must fall in `centroid_box`, else the build stops."""

    id: DistrictId
    name: Text  # what the geometry must be, in the build's error ("is not NAME")
    centroid_box: Annotated[list[Degrees], Field(min_length=4, max_length=4,
                                                 description="must be four numbers: west, south, east, north")]


@with_config(STRICT)
class DistrictsRecipe(TypedDict):
    source: Text  # the source's description, written into the provenance
    renamed_ids: NotRequired[dict[SourceCode, DistrictId]]  # a code the source gets wrong -> the id the build gives
    checks: NotRequired[list[CentroidCheck]]
    # The language of Natural Earth's `name` (the local name) by country: a context region's name in it comes from
    # there; a country not listed gets none.
    local_language: NotRequired[dict[Country, Language]]
    fixes: NotRequired[list[Text]]  # each fix as the provenance states it


@dataclass(frozen=True)
class Recipe:
    source: str
    renamed_ids: dict[str, str]
    checks: tuple[tuple[str, str, tuple[float, float, float, float]], ...]  # (id, name, (W, S, E, N))
    local_language: dict[str, str]
    fixes: tuple[str, ...]


def read_recipe(path: Path) -> Recipe:
    """The recipe at `path`, or DataError naming every problem (file, field, what is allowed)."""
    out = Collector()
    label = str(path)
    raw = read_yaml_mapping(path, label, out, record=RECORD)
    rec = validate_record(DistrictsRecipe, raw, label, RECORD, out) if out.readable(label) else {}
    written = [field.removeprefix("name_") for field in S.P_NAMES]  # the languages districts.geojson names in
    for country, lang in rec.get("local_language", {}).items():
        if lang not in written:
            out.add(label, RECORD, f"local_language.{country}", f"{lang!r} has no name field in districts.geojson; "
                                                                f"allowed: {', '.join(written)}")
    for i, check in enumerate(rec.get("checks", [])):
        west, south, east, north = check["centroid_box"]
        if not (west < east and south < north):
            out.add(label, RECORD, f"checks[{i}].centroid_box", f"{check['centroid_box']} is not a box: allowed: "
                                                                "west < east, south < north")
    if out.problems:
        raise DataError(out.problems)
    return Recipe(source=rec["source"], renamed_ids=dict(rec.get("renamed_ids", {})),
                  checks=tuple((c["id"], c["name"], _box(c["centroid_box"])) for c in rec.get("checks", [])),
                  local_language=dict(rec.get("local_language", {})), fixes=tuple(rec.get("fixes", ())))


def _box(values: list[float]) -> tuple[float, float, float, float]:
    west, south, east, north = values
    return west, south, east, north
