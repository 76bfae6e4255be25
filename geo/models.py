"""The entities of a data package. Claims refer to sources by id; sources are resolved when shown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .profile import Profile

if TYPE_CHECKING:  # these layers' models are their modules', which import this one
    from .layers.corridor import CorridorRoute
    from .layers.districts_record import ControlChange
    from .layers.periods import Period
    from .layers.places_record import Place, PlaceChange
    from .layers.positions import Position
    from .layers.post_counts import PostCount


@dataclass(frozen=True, kw_only=True)
class Citation:
    """A claim's pointer to a source, with a verbatim quote (seeds) or a note (external)."""

    source: str
    quote: str | None = None
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class Source:
    """A seed article or an external publication."""

    id: str
    title: str
    publisher: str | None
    date: dt.date | None
    is_seed: bool
    url: str | None = None
    date_precision: str = "day"
    publisher_basis: str = "stated"
    publisher_note: str | None = None
    date_basis: str = "stated"
    date_note: str | None = None
    title_basis: str = "headline"  # headline | url_slug | descriptive
    # Fit to cite (geo/reliability.py): the outlet's class and reason, or the source's own override.
    outlet: str | None = None
    mirror_of: str | None = None
    read_via: str | None = None  # the copy actually read, where `url` is the original's
    reliability: str | None = None
    reliability_reason: str | None = None
    party: str | None = None  # the party whose word it carries (party statements, state-affiliated outlets)


@dataclass(frozen=True, kw_only=True)
class Names:
    """A district's names: English, the other languages of the profile (`names.yaml`) and aliases."""

    en: str
    az: str | None = None
    hy: str | None = None
    ru: str | None = None
    aliases: tuple[str, ...] = ()
    label: str | None = None

    @property
    def display(self) -> str:
        """The map label: both names in use where they differ (e.g. Alpha/Alfa)."""
        return self.label or self.en

    def all(self) -> tuple[str, ...]:
        """Every name, for search."""
        return tuple(n for n in (self.en, self.az, self.hy, self.ru, self.label, *self.aliases) if n)


@dataclass(frozen=True, kw_only=True)
class District:
    """An admin-1 unit of the map; `role` is story (has a timeline), city or context."""

    id: str
    names: Names
    role: str
    country: str
    area_km2: float
    geometry: Any  # shapely geometry, WGS84
    parent: str | None = None
    centre: int | None = None  # GeoNames id of the district centre


@dataclass(frozen=True, kw_only=True)
class Account:
    """One side's or an independent source's account of a change (a settlement's or a district's), on its own date
    (geo/accounts.py reads it, geo/claims.py words it)."""

    side: str  # a side of the profile, or independent
    stance: str  # announced | denied | acknowledged | confirmed
    date: dt.date
    precision: str
    by: str
    summary: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True, kw_only=True)
class Event:
    """A story-level event, a stop for the previous/next buttons."""

    id: str
    date: dt.date
    precision: str
    title: str
    citations: tuple[Citation, ...]
    summary: str | None = None  # our own wording; disagreements between sources are stated here


@dataclass(frozen=True, kw_only=True)
class GeoName:
    """A row of the GeoNames extract (places.csv): a populated place cited by its GeoNames id."""

    geonameid: int
    name: str
    country: str
    population: int
    lat: float
    lon: float


class _Interval:
    """Something active from `start` to `end`, both days included (`end` None: still active)."""

    start: dt.date
    end: dt.date | None

    def active_on(self, date: dt.date) -> bool:
        return self.start <= date and (self.end is None or date <= self.end)


@dataclass(kw_only=True)
class Package:
    """Everything of one data package, loaded and validated."""

    title: str
    coverage_start: dt.date
    coverage_end: dt.date
    districts: dict[str, District]
    geonames: dict[int, GeoName]
    sources: dict[str, Source]
    events: list[Event]
    changes: list[ControlChange]
    positions: list[Position]
    routes: list[CorridorRoute]
    places: dict[str, Place] = field(default_factory=dict)
    place_changes: list[PlaceChange] = field(default_factory=list)
    post_counts: list[PostCount] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    seed_texts: dict[str, str] = field(default_factory=dict)
    data_dir: str = ""
    seeds_dir: str = ""
    provenance: dict[str, Any] = field(default_factory=dict)
    profile: Profile | None = None  # None only where profile.yaml was refused (a problem says why)
