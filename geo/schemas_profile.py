"""The declared schema of a data package's profile.yaml (issue 20): what the engine knows of a war only from its
package. The sides who can hold a district or a place, the operators of posts, the words and colours of the
statuses the engine defines (split, awaiting handover, context, the zone, the corridor), the map's view and the
region every coordinate must fall in, the basemap folder, the title and attribution, the languages of names and
the countries of districts. The engine refers to these by role; the ids and words are the package's.

geo/_validate.py says a record's errors in the project's words; geo/profile.py checks what one field alone
cannot say (ids unique, a name in a language the profile lists, the centre inside the region).
"""

from __future__ import annotations

from typing import Annotated, NotRequired

from pydantic import Field, with_config
from typing_extensions import TypedDict

from .schemas import STRICT, IsoDate, Text

# A side's or an operator's id is written in data files and read as a key by both editions' scripts: lower-case
# ASCII words joined by single underscores, so it can never be `__proto__` or `constructor`-like.
ROLE_ID = r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$"
ROLE_ID_WORDS = "an id: lower-case ASCII letters and digits in words joined by single underscores (side_a)"
RoleId = Annotated[str, Field(pattern=ROLE_ID, description=ROLE_ID_WORDS)]
# The start of the file names a reader downloads ("<short_name>-2020-11-20.csv"): lower-case ASCII words joined by
# single hyphens, so it is a safe file name on every system (no dot, slash, space or leading hyphen).
ShortName = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=40,
                                 description="a file-name word: lower-case ASCII letters and digits in words joined by "
                                             "single hyphens (georgia-2008), at most 40 characters")]
Colour = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$", description="a colour written #RRGGBB")]
Language = Annotated[str, Field(pattern=r"^[a-z]{2}$", description="a two-letter language code (ISO 639-1: en)")]
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="a two-letter country code (ISO 3166-1: GE)")]
Degrees = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False, description="degrees, from -180 to 180")]
# The names of a side by language: en is required, the others must be among the profile's `languages`.
Names = Annotated[dict[Language, Text], Field(min_length=1, description="must map language codes (en required) to "
                                                                        "names")]


@with_config(STRICT)
class SideRecord(TypedDict):
    """One side that can hold a district or a settlement (control.yaml's and place_control.yaml's `controller`)."""

    id: RoleId
    code: Annotated[str, Field(pattern=r"^[A-Z]$", description="one upper-case ASCII letter")]  # its settlements'
    # code in the map's frames: upper case where it held them, lower case where only its announcement says so
    names: Names  # the side's short name in each language: "Side A"
    party: Text  # the side as a party in the claims list's sentences: "Announced by the A side"
    status: Text  # a district or settlement it holds, in a sentence: "Held by side A"
    legend: Text  # the legend's line
    colour: Colour
    announced: NotRequired[Text]  # a settlement only its own announcement says it holds (a hollow dot)


@with_config(STRICT)
class OperatorRecord(TypedDict):
    """One operator of posts (positions.yaml's `operator`)."""

    id: RoleId
    name: Text  # the legend's words
    colour: Colour  # a post symbol's fill (its shape says the kind)


@with_config(STRICT)
class StatusWords(TypedDict):
    """The words and colour of a status the engine defines, in this package's terms."""

    name: Text  # in a sentence: tooltips, the table, the CLI, the chart's series
    legend: Text
    colour: Colour
    partly: NotRequired[Text]  # the zone only: a district partly in it
    share: NotRequired[Text]  # split only: what a sourced share counts ("held by side A")


@with_config(STRICT)
class Statuses(TypedDict):
    """The statuses the engine defines, worded for this package; a package without a corridor or handovers
    leaves those out."""

    split: StatusWords
    context: StatusWords
    pending_handover: NotRequired[StatusWords]
    peacekeeping_zone: NotRequired[StatusWords]
    corridor: NotRequired[StatusWords]


@with_config(STRICT)
class MapRecord(TypedDict):
    """The map's opening view and the region every coordinate of the package must fall in."""

    centre: Annotated[list[Degrees], Field(min_length=2, max_length=2,
                                           description="must be two numbers: latitude, longitude")]
    zoom: Annotated[int, Field(ge=1, le=18, description="a whole number from 1 to 18")]
    region_bounds: Annotated[list[Degrees], Field(min_length=4, max_length=4,
                                                  description="must be four numbers: west, south, east, north")]
    # The zooms a reader may reach (default: the engine's, 5 to 11; deeper than the relief's 1 km grid is a blur).
    min_zoom: NotRequired[Annotated[int, Field(ge=1, le=18, description="a whole number from 1 to 18")]]
    max_zoom: NotRequired[Annotated[int, Field(ge=1, le=18, description="a whole number from 1 to 18")]]
    metric_crs: Annotated[str, Field(pattern=r"^EPSG:[0-9]+$", description="an EPSG code: EPSG:32638")]
    equal_area_crs: Annotated[str, Field(pattern=r"^EPSG:[0-9]+$", description="an EPSG code: EPSG:6933")]


@with_config(STRICT)
class DateRange(TypedDict):
    start: IsoDate
    end: IsoDate  # on or after start


@with_config(STRICT)
class InferredRecord(TypedDict):
    """The inferred areas' dates (geo/inferred.py), each within the package's coverage. Without `default_on` the
    areas are off until a reader switches them on; without `contact_date` no line of contact is drawn."""

    default_on: NotRequired[DateRange]  # the areas are shown by default on these dates (both included)
    contact_date: NotRequired[IsoDate]  # the line of contact drawn is this date's, shown from it on
    # The country whose context districts (outside the conflict area) count as held by the second side where the
    # line of contact is drawn (one of `countries`); without it, none do.
    contact_country: NotRequired[Country]


@with_config(STRICT)
class ProfileRecord(TypedDict):
    """profile.yaml: the whole file is one mapping."""

    title: Text
    short_name: NotRequired[ShortName]  # default: "map" (map-2020-11-20.csv)
    attribution: Text
    languages: Annotated[list[Language], Field(min_length=1, description="must list the languages of names (en "
                                                                         "first)")]
    countries: Annotated[list[Country], Field(min_length=1, description="must list the countries of districts")]
    sides: Annotated[list[SideRecord], Field(min_length=2, description="must list at least two sides")]
    operators: Annotated[list[OperatorRecord], Field(min_length=1, description="must list the operators of posts")]
    statuses: Statuses
    map: MapRecord
    # Each language's name where a reader sees names listed ("English: ..."); default: its code.
    language_names: NotRequired[dict[Language, Text]]
    claims_order: NotRequired[list[RoleId]]  # the claims list's order of sides (default: the sides' order)
    basemap: NotRequired[Text | None]  # the offline basemap's folder, relative to the data folder (its recipe.yaml
    # says how `python -m geo build-basemap` builds it; geo/basemap_recipe.py); null: none
    inferred: NotRequired[InferredRecord]
