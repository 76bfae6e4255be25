"""Declared schemas of the located records: places (places.yaml, and the GeoNames rows of places.csv) and districts
(districts.geojson's properties and geometry, names.yaml, build-districts' source features). The rules of every
schema are those of geo/schemas.py, whose field types they use."""

from __future__ import annotations

from typing import Annotated, Any, Literal, NotRequired, Union

from geojson_pydantic import MultiPolygon, Polygon
from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag, TypeAdapter, with_config
from typing_extensions import TypedDict

from . import settings as S
from .schemas import DISTRICT_ID, DISTRICT_ID_WORDS, STRICT, NumberText, PlaceId, Text

# --- places.yaml ---------------------------------------------------------------------------------

GeoNamesId = Annotated[int, Field(description="a GeoNames id (an integer)")]
COORDINATE_WORDS = "must be {geonames: ID} or {lat, lon, as_written, source}"


@with_config(STRICT)
class PlaceNames(TypedDict):
    """A place's names; English required, the others as sources give them."""

    en: Text
    az: NotRequired[Text | None]
    hy: NotRequired[Text | None]
    ru: NotRequired[Text | None]


@with_config(STRICT)
class GeoNamesPoint(TypedDict):
    """A place at a GeoNames row's point (the row must be in places.csv: checked when read)."""

    geonames: GeoNamesId


@with_config(STRICT)
class StatedPoint(TypedDict):
    """A place at the point a cited page states, copied as written (read and compared when read)."""

    lat: Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False, description="a number from -90 to 90")]
    lon: Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False, description="a number from -180 to 180")]
    as_written: Text
    source: Text  # a sources.yaml id, checked across files


def _point_kind(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    return "geonames" if "geonames" in value else "stated"


Point = Annotated[
    Union[Annotated[GeoNamesPoint, Tag("geonames")], Annotated[StatedPoint, Tag("stated")]],  # noqa: UP007
    Discriminator(_point_kind, custom_error_type="coordinate", custom_error_message=COORDINATE_WORDS),
    Field(description="{geonames: ID} or {lat, lon, as_written, source}"),
]


@with_config(STRICT)
class PlaceRecord(TypedDict):
    """A located settlement or site of the gazetteer."""

    id: PlaceId
    kind: S.PlaceKind
    district: Text  # a district id, checked across files
    names: PlaceNames
    aliases: NotRequired[list[Text] | None]
    coordinate: Point
    precision_m: Annotated[float, Field(ge=1, le=100_000, allow_inf_nan=False,
                                        description="a number from 1 to 100000")]
    note: NotRequired[Text | None]


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
