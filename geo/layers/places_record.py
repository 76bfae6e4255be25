"""The settlements' records, end to end but for their query, words and encoder (geo/layers/places.py): the schemas
of places.yaml (the gazetteer) and place_control.yaml (who held a settlement from when), their models, and their
readers. What a record's fields alone cannot say (a coordinate read as written, inside the region) is checked here;
the rules across records (a place's district and sources known, its changes following on from one another, one
place listed twice) are geo/rules_places.py's.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, NotRequired, Union

from pydantic import Discriminator, Field, Tag, with_config
from typing_extensions import TypedDict

from .. import settings as S
from .._parse import Collector, read_yaml_list, record_id, show
from .._validate import DISPUTED_RETIRED, declare_words, valid_fields, validate_records
from ..accounts import citations_of, raw_account_sides, read_accounts
from ..models import Account, Citation, GeoName, Names
from ..package_files import FILES_BY_NAME, GEONAMES_FILE, PLACE_CONTROL_FILE, PLACES_FILE
from ..profile import Allowed, Bounds, refuse_unless
from ..schemas import STRICT, AccountRecord, Citations, IsoDate, PlaceId, RecordId, Side, Text
from ..schemas_districts import GeoNamesId
from .places_points import TOLERANCE_DEG, in_region, region_text, written_degrees

# --- the records: places.yaml ---------------------------------------------------------------------------------

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


# --- place_control.yaml --------------------------------------------------------------------------

# Functional syntax: `from` is a Python keyword.
PlaceChangeRecord = with_config(STRICT)(TypedDict("PlaceChangeRecord", {  # type: ignore[operator]
    "id": RecordId,
    "place": Text,
    "date": IsoDate,
    "precision": S.Precision,
    "from": Side,
    "controller": Side,
    "basis": S.PlaceChangeBasis,
    "announced_by": NotRequired[Text | None],  # required when basis is 'announced' (checked when read)
    "summary": Text,
    "accounts": NotRequired[list[AccountRecord]],  # each side's accounts beside the record's own (geo/claims.py)
    "citations": Citations,
}))

declare_words(PlaceNames, whole=("must map en (required), az, hy, ru to the place's names", ()))
declare_words(GeoNamesPoint, unknown="not allowed with geonames: the point is the GeoNames row's")
declare_words(PlaceChangeRecord, retired={"disputed": DISPUTED_RETIRED})


# --- the models --------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Coordinate:
    """Where a place's point comes from: a GeoNames row, or a page that states it (quoted as written)."""

    lat: float
    lon: float
    geonames: int | None = None
    source: str | None = None
    as_written: str | None = None


@dataclass(frozen=True, kw_only=True)
class Place:
    """A located settlement or site (gazetteer entry), a peer of a district in the model."""

    id: str
    kind: str  # city | town | village | site
    district: str
    names: Names
    coordinate: Coordinate
    precision_m: float
    note: str | None = None

    @property
    def lat(self) -> float:
        return self.coordinate.lat

    @property
    def lon(self) -> float:
        return self.coordinate.lon


@dataclass(frozen=True, kw_only=True)
class PlaceChange:
    """A change of a place's controller: who announced or reported it, and from whom it passed."""

    id: str
    place: str
    date: dt.date
    precision: str
    previous: str  # the controller before this change
    controller: str
    basis: str  # announced | reported | handover | agreed
    summary: str
    citations: tuple[Citation, ...]
    announced_by: str | None = None
    accounts: tuple[Account, ...] = ()

    def announced_only(self, date: dt.date) -> bool:
        """Whether this change rests only on one side's announcement on `date`: it was announced, and neither
        acknowledged by the side said to have lost the place nor confirmed by an independent source by then."""
        return self.basis == "announced" and not any(
            a.stance in S.CONFIRMING_STANCES and a.date <= date for a in self.accounts)


@dataclass(frozen=True, kw_only=True)
class PlaceState:
    """A place's controller on a date, since when, and the change that made it so (None: before any)."""

    place: str
    controller: str
    since: dt.date | None
    change: PlaceChange | None


# --- the readers -------------------------------------------------------------------------------


def _validated(data_dir: Path, label: str, schema: Any, out: Collector) -> list[tuple[dict[str, Any], Any]]:
    """Each record of an optional file of the place layer with its validated value (None if refused)."""
    path = data_dir / label
    if not path.exists() and not FILES_BY_NAME[label].required:
        return []  # a package without it lacks that layer
    return validate_records(schema, read_yaml_list(path, label, out), label, out)


def read_places(data_dir: Path, geonames: dict[int, GeoName], out: Collector, bounds: Bounds | None
                ) -> dict[str, Place]:
    """The gazetteer; a place's coordinate is a GeoNames row or a point stated by a cited page."""
    places: dict[str, Place] = {}
    # places.csv refused whole: a place at a GeoNames row is not said to cite a row that is not there
    problem_of = functools.partial(out.add, PLACES_FILE) if out.readable(GEONAMES_FILE) else _geonames_unread(out)
    for i, (rec, p) in enumerate(_validated(data_dir, PLACES_FILE, PlaceRecord, out)):
        def problem(field: str, message: str, rec: dict[str, Any] = rec, i: int = i) -> None:
            problem_of(record_id(rec, i), field, message)  # the record named only if it has a problem
        if p is None:  # refused: its coordinate is still checked, so that every problem shows at once
            coordinate = valid_fields(PlaceRecord, rec).get("coordinate")
            if coordinate is not None:
                _coordinate(coordinate, geonames, problem, bounds)
            continue
        point = _coordinate(p["coordinate"], geonames, problem, bounds)
        if p["id"] in places:
            problem("id", "duplicate place id")
        elif point is not None:
            n = p["names"]
            names = Names(en=n["en"], az=n.get("az"), hy=n.get("hy"), ru=n.get("ru"),
                          aliases=tuple(p.get("aliases") or ()))
            places[p["id"]] = Place(id=p["id"], kind=p["kind"], district=p["district"], names=names, coordinate=point,
                                    precision_m=p["precision_m"], note=p.get("note"))
    return places


def _geonames_unread(out: Collector) -> Callable[[str, str, str], None]:
    """`out.add` for places.yaml, but for the problem of a GeoNames id not found in an unreadable places.csv."""
    def add(rid: str, field: str, message: str) -> None:
        if field != "coordinate.geonames":
            out.add(PLACES_FILE, rid, field, message)
    return add


def _coordinate(c: dict[str, Any], geonames: dict[int, GeoName], problem: Callable[[str, str], None],
                bounds: Bounds | None) -> Coordinate | None:
    """The point of a valid coordinate: the GeoNames row's, or the stated one if it reads as written;
    it must lie in the region."""
    if "geonames" in c:
        row = geonames.get(c["geonames"])
        if row is None:
            problem("coordinate.geonames", f"GeoNames id {c['geonames']} is not in {GEONAMES_FILE}")
            return None
        point = Coordinate(lat=row.lat, lon=row.lon, geonames=c["geonames"])
    else:
        lat, lon, as_written = c["lat"], c["lon"], c["as_written"]
        written = written_degrees(as_written)
        if written is None:
            problem("coordinate.as_written", f"{show(as_written)} is not a coordinate we can read; copy it as the "
                                             "page writes it, e.g. 39°31′00″N 47°01′48″E or "
                                             "{{coord|39|31|00|N|47|01|48|E}}")
            return None
        if abs(written[0] - lat) > TOLERANCE_DEG or abs(written[1] - lon) > TOLERANCE_DEG:
            problem("coordinate.lat", f"({lat}, {lon}) differs from as_written {show(as_written)}, which reads "
                                      f"({written[0]:.6f}, {written[1]:.6f})")
            return None
        point = Coordinate(lat=lat, lon=lon, source=c["source"], as_written=as_written)
    if not in_region(point.lat, point.lon, bounds):
        problem("coordinate", f"({point.lat}, {point.lon}) is outside the region {region_text(bounds)}")
        return None
    return point


def read_place_changes(data_dir: Path, out: Collector, allowed: Allowed) -> list[PlaceChange]:
    changes: list[PlaceChange] = []
    for n, (rec, c) in enumerate(_validated(data_dir, PLACE_CONTROL_FILE, PlaceChangeRecord, out)):
        # the sides are checked on a refused record too, so that every problem shows at once
        problem = functools.partial(out.add, PLACE_CONTROL_FILE, record_id(rec, n))
        sides = [(key, rec.get(key), allowed.place_controllers) for key in ("from", "controller")] + [
            (key, side, allowed.account_sides) for key, side in raw_account_sides(rec)]
        ok = all([refuse_unless(side, known, problem, key) for key, side, known in sides if isinstance(side, str)])
        if c is None:
            continue
        if c["basis"] == "announced" and not c.get("announced_by"):
            out.add(PLACE_CONTROL_FILE, c["id"], "announced_by", "is required (a non-empty text) when basis is "
                                                                 "'announced': who announced it")
            ok = False
        if c["from"] == c["controller"]:
            out.add(PLACE_CONTROL_FILE, c["id"], "controller", f"{c['controller']!r} is also 'from': a change must "
                                                               "change the controller")
            ok = False
        accounts = read_accounts(PLACE_CONTROL_FILE, c["id"], c.get("accounts"), c["date"], c["controller"],
                                 c["from"], c["basis"] == "announced", out)
        if ok and accounts is not None:
            changes.append(PlaceChange(id=c["id"], place=c["place"], date=c["date"], precision=c["precision"],
                                       previous=c["from"], controller=c["controller"],
                                       basis=c["basis"], summary=c["summary"], citations=citations_of(c["citations"]),
                                       announced_by=c.get("announced_by"), accounts=accounts))
    return changes
