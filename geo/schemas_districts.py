"""Declared schemas of the files geo/load_districts.py reads: the districts (districts.geojson's properties and
geometry, names.yaml, build-districts' source features) and the GeoNames rows of places.csv, which the districts'
centres, the settlements, the posts and the corridor cite. The rules of every schema are those of geo/schemas.py,
whose field types they use; the settlements' own records (places.yaml) are geo/layers/places_record.py's."""

from __future__ import annotations

from typing import Annotated, Any, Literal, NotRequired, Union

from geojson_pydantic import MultiPolygon, Polygon
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, with_config
from typing_extensions import TypedDict

from . import settings as S
from .schemas import DISTRICT_ID, DISTRICT_ID_WORDS, STRICT, NumberText, Text

# --- a GeoNames row (places.csv), which records of several files cite ------------------------

GeoNamesId = Annotated[int, Field(description="a GeoNames id (an integer)")]

# --- places.csv ----------------------------------------------------------------------------------


def _empty_is_zero(text: Any) -> Any:
    return text or "0"


@with_config(STRICT)
class GeoNameRow(TypedDict):
    """A row of places.csv: a GeoNames settlement the package cites by id, its values the CSV's texts."""

    geonameid: Annotated[int, NumberText(int, 1)]
    name: Text
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="a two-letter country code (ISO 3166-1)")]
    population: Annotated[int, NumberText(int, 0), BeforeValidator(_empty_is_zero)]  # GeoNames may leave it empty
    latitude: Annotated[float, NumberText(float, -90, 90)]
    longitude: Annotated[float, NumberText(float, -180, 180)]


# --- districts.geojson and names.yaml ------------------------------------------------------------


Geometry = TypeAdapter(Annotated[Union[Polygon, MultiPolygon], Field(discriminator="type")])  # noqa: UP007


NamesFrom = Literal["project", "natural_earth"]
Aliases = Annotated[list[Text], Field(description="a list of names (text)")]


@with_config(STRICT)
class DistrictProperties(TypedDict):
    """A district feature's properties, as build-districts writes them."""

    id: Annotated[str, Field(pattern=DISTRICT_ID, description=DISTRICT_ID_WORDS)]
    ne_code: NotRequired[Text | None]
    name_en: Text
    name_az: NotRequired[Text | None]
    name_hy: NotRequired[Text | None]
    name_ru: NotRequired[Text | None]
    label: NotRequired[Text | None]
    aliases: NotRequired[Aliases | None]
    role: S.Role
    country: Annotated[str, Field(pattern=r"\S", description="a country of profile.yaml's countries")]
    area_km2: Annotated[float, Field(ge=0, le=1_000_000, allow_inf_nan=False,
                                     description="a number from 0 to 1000000")]
    parent: NotRequired[Text | None]  # another district, checked across records
    centre: NotRequired[GeoNamesId | None]  # a row of places.csv, checked across files
    names_from: NotRequired[NamesFrom]


@with_config(STRICT)
class Provenance(TypedDict, total=False):
    """districts.geojson's `provenance`, as build-districts writes it; the About page shows it."""

    source: Text
    source_file: Text
    source_sha256: Text
    credit: Text
    licence: Text
    scale: Text
    coordinates: Text
    area: Text
    fixes: Annotated[list[Text], Field(description="a list of texts")]  # what the build corrected in the source


@with_config(ConfigDict(extra="allow", strict=True))  # Natural Earth's many other properties ride along
class SourceFeatureProperties(TypedDict):
    """The properties build-districts needs of a Natural Earth admin-1 feature."""

    iso_3166_2: Text


class _Record(BaseModel):
    """A small file's record as a model: strict, unknown fields refused, immutable."""

    model_config = ConfigDict(**STRICT, frozen=True)


class NamesEntry(_Record):
    """One district of names.yaml, the table build-districts names the districts from."""

    en: Text
    az: Text | None = None
    hy: Text | None = None
    ru: Text | None = None
    label: Text | None = None
    aliases: Aliases = Field(default_factory=list)
    role: S.Role = "context"
    parent: Text | None = None
    centre: GeoNamesId | None = None
