"""Declared schemas of the data files' records (pydantic v2). geo/_validate.py validates records against
them and says pydantic's errors in the project's words (file, record, field, what is allowed).

Every schema of the package's files forbids unknown fields and is strict: YAML text never becomes a number,
a date or a boolean by coercion (`"0700"` stays text and is refused where a number belongs); a CSV value,
always text, is a number only as `NumberText`, plain decimal text. Enumerations are the `Literal` types of
geo/settings.py; dates are `IsoDate`, written `YYYY-MM-DD` exactly. Records of the
large files are TypedDicts, validated by pydantic's core (Rust) a whole list at a time, with no Python
call per value: 100,000 control changes in about a second.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, NotRequired

from pydantic import (
    ConfigDict,
    Field,
    with_config,
)
from pydantic_core import core_schema
from typing_extensions import TypedDict

from . import settings as S

STRICT = ConfigDict(extra="forbid", strict=True)

# --- field types ---------------------------------------------------------------------------------
# `_message` says what each type allows from its description.

DATE_WORDS = "a date YYYY-MM-DD"
TEXT_WORDS = "a non-empty text"
CITATIONS_WORDS = "needs at least one citation ({source, quote} or {source, note})"

# Ids: one pattern per kind (docs/DATA.md, "Ids"). ASCII only, so no id has a look-alike (a Cyrillic а for a
# Latin a) or an invisible character (a zero-width space) in it; ids that differ only by case are refused
# across records by geo/rules_ids.py. No id can be `__proto__` or `constructor`-like: no underscores.
RECORD_ID = r"^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$"
RECORD_ID_WORDS = "an id: ASCII letters, digits and single hyphens"
DISTRICT_ID = r"^[A-Z]{2}(-[A-Z0-9]+)+$"
DISTRICT_ID_WORDS = ("a district id as build-districts writes it: a two-letter country code and hyphen-separated "
                     "upper-case ASCII letters or digits (XX-ABC, XX-AB-C)")
SEED_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"  # checked when read (geo/load.py), after the path checks
SEED_ID_WORDS = "a file name of ASCII letters, digits, '.', '_' and '-', starting with a letter or digit"
RecordId = Annotated[str, Field(pattern=RECORD_ID, description=RECORD_ID_WORDS)]


class _IsoDate:
    """`YYYY-MM-DD` exactly (no week dates, no `20201110`, no time), and a real date."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> core_schema.CoreSchema:
        return core_schema.chain_schema([
            core_schema.str_schema(strict=True, pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
            core_schema.date_schema(strict=False),  # from that text only
        ])


IsoDate = Annotated[dt.date, _IsoDate, Field(description=DATE_WORDS)]
Text = Annotated[str, Field(pattern=r"\S", description=TEXT_WORDS)]
# What the package's profile.yaml names (checked against it when read, geo/profile.py): the words say where to look.
Side = Annotated[str, Field(pattern=r"\S", description="a side of profile.yaml's sides")]
SideOrSplit = Annotated[str, Field(pattern=r"\S", description="a side of profile.yaml's sides, or split")]
Share = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False, description="a number from 0.0 to 1.0")]
Zone = Annotated[bool | Literal["partly"], Field(description="allowed: true, false, partly")]


class NumberText:
    """A number written as plain decimal text, as a CSV file holds its values: digits with a leading minus
    and, for a non-integer, one decimal point (`-40.05`), no leading zeros, as the YAML files write numbers.
    Lax parsing (Python's int() and float(), pydantic's) would also take `1_000`, ` 40.1 `, `4e1`, `inf`,
    `nan` and other scripts' digits. Its `description` says what it allows, like a field's."""

    _DIGITS = r"-?(?:0|[1-9][0-9]*)"

    def __init__(self, kind: type[int] | type[float], low: int, high: int | None = None) -> None:
        self.kind, self.low, self.high = kind, low, high
        self.description = f"{'an integer' if kind is int else 'a number'} from {low}" + (
            "" if high is None else f" to {high}")

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> core_schema.CoreSchema:
        number: core_schema.CoreSchema
        if self.kind is int:
            text = core_schema.str_schema(strict=True, pattern=rf"^{self._DIGITS}$")
            number = core_schema.int_schema(strict=False, ge=self.low, le=self.high)  # from that text only
        else:
            text = core_schema.str_schema(strict=True, pattern=rf"^{self._DIGITS}(?:\.[0-9]+)?$")
            number = core_schema.float_schema(strict=False, ge=self.low, le=self.high, allow_inf_nan=False)
        return core_schema.chain_schema([text, number])


# --- citations and accounts (control.yaml's records: geo/layers/districts_record.py) ---------------


@with_config(STRICT)
class CitationRecord(TypedDict):
    """A claim's source: a seed with a verbatim quote, or an external source with a note."""

    source: str
    quote: NotRequired[str | None]
    note: NotRequired[str | None]


Citations = Annotated[list[CitationRecord], Field(min_length=1, description=CITATIONS_WORDS)]


@with_config(STRICT)
class AccountRecord(TypedDict):
    """One side's (or an independent source's) account of a change, a district's (control.yaml) or a settlement's
    (place_control.yaml): announced, denied, acknowledged or confirmed, on its own date, with its own sources
    (who may give which: geo/accounts.py)."""

    side: Annotated[str, Field(pattern=r"\S", description="a side of profile.yaml's sides, or independent")]
    stance: S.AccountStance
    date: IsoDate
    precision: S.Precision
    by: Text  # who said it: "the defence ministry's spokesman", by name where the source names him
    summary: Text
    citations: Citations


# --- events.yaml ---------------------------------------------------------------------------------


@with_config(STRICT)
class EventRecord(TypedDict):
    """A story-level event: a stop for the previous/next buttons."""

    id: RecordId
    date: IsoDate
    precision: S.Precision
    title: Text
    summary: NotRequired[Text | None]
    citations: Citations


# --- a place a record names (positions.yaml, corridor.yaml) ------------------------------------

PlaceRef = Annotated[int | str, Field(description="a GeoNames id (an integer) or a place id (text)")]


# --- ids shared by places and sources ----------------------------------------------------------

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"  # the documented id format: no look-alikes, case twins or invisible characters
SLUG_WORDS = "lower-case a-z, 0-9 and single hyphens"
PlaceId = Annotated[str, Field(pattern=SLUG, description=f"a place id: {SLUG_WORDS}")]


# --- package.yaml, sources.yaml and seeds/index.yaml -------------------------------------------

COVERAGE_WORDS = "is required: {start: YYYY-MM-DD, end: YYYY-MM-DD}"


@with_config(STRICT)
class CoverageRecord(TypedDict):
    """The dates the package covers (limits and order checked when read)."""

    start: IsoDate
    end: IsoDate


@with_config(STRICT)
class PackageRecord(TypedDict):
    """package.yaml: the package's title, covered dates and where its seed articles are."""

    title: Text
    coverage: CoverageRecord
    seeds: NotRequired[Annotated[str, Field(pattern=r"^[^\x00]*\S[^\x00]*$", description=(
        "the seeds directory's path relative to the data directory (text)"))]]


OutletId = Annotated[str, Field(pattern=SLUG, description=f"an outlet id of publishers.yaml: {SLUG_WORDS}")]


# A source's own class where its outlet's does not fit it, with the reason ("class" is a Python keyword).
ReliabilityOverride = TypedDict("ReliabilityOverride", {"class": S.Reliability, "reason": Text})
ReliabilityOverride.__pydantic_config__ = STRICT  # type: ignore[attr-defined]  # what with_config sets


@with_config(STRICT)
class SourceRecord(TypedDict):
    """An external source: a report or page the claims cite by id."""

    id: Annotated[str, Field(pattern=SLUG, description=f"a source id: {SLUG_WORDS}")]
    publisher: Text
    title: Text
    date: NotRequired[IsoDate | None]
    url: NotRequired[Annotated[str, Field(pattern=r"^https?://\S",
                                          description="a URL starting with http:// or https://")] | None]
    title_basis: NotRequired[S.TitleBasis]
    date_precision: NotRequired[S.Precision]
    date_basis: NotRequired[S.Basis]  # "inferred" needs a date_note saying from what
    date_note: NotRequired[Text]
    # Reliability (geo/reliability.py): the outlet, if its URL's host does not name it; the original a
    # mirror copies (an outlet id); the copy actually read when `url` is the original's; an override.
    outlet: NotRequired[OutletId]
    mirror_of: NotRequired[OutletId]
    read_via: NotRequired[Annotated[str, Field(pattern=r"^https?://\S",
                                               description="a URL starting with http:// or https://")]]
    reliability: NotRequired[ReliabilityOverride]


@with_config(STRICT)
class SeedRecord(TypedDict):
    """A seed article of seeds/index.yaml: its publisher and date, each stated, inferred or unknown."""

    id: Text  # the file's name inside seeds/ (checked when read, with the file)
    title: Text
    publisher: NotRequired[Text | None]
    publisher_basis: S.Basis
    publisher_note: NotRequired[Text | None]
    date: NotRequired[IsoDate | None]
    date_precision: NotRequired[S.Precision]
    date_basis: S.Basis
    date_note: NotRequired[Text | None]
    sha256: Annotated[str, Field(pattern=r"^[0-9a-fA-F]{64}$", description=(
        "64 hexadecimal digits, the seed file's SHA-256 (to detect altered files)"))]
