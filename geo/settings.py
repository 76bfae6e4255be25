"""One documented settings object, plus the names of enums and GeoJSON properties.

Every field of `Settings` carries a `doc`; a test checks that none is missing.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Literal, get_args

from . import status
from ._files import package_folder
from .errors import GeoError

# Everything geo reads at run time is inside the geo package (package data, also in the wheel): the data, the
# seeds (geo/seeds links to the repository's seeds/, and the wheel carries a copy), the map core's files.
GEO_DIR = package_folder("geo")
PROJECT_ROOT = GEO_DIR.parent  # the repository when run from it (an installed package: site-packages)
DEFAULT_DATA_DIR = GEO_DIR / "data"
DEFAULT_SEEDS_DIR = GEO_DIR / "seeds"

# Enumerations allowed in the data files: the Literal types are the record schemas' (geo/schemas.py). Those the
# engine defines only: the sides, operators and countries are the package's (profile.yaml, geo/profile.py).
ChangeKind = Literal["actual", "scheduled"]
Precision = Literal["day", "month", "year"]
Role = Literal["story", "city", "context"]
CHANGE_KINDS: tuple[str, ...] = get_args(ChangeKind)
PRECISIONS: tuple[str, ...] = get_args(Precision)
PositionKind = Literal["headquarters", "base", "observation_post", "checkpoint", "monitoring_centre"]
POSITION_KINDS: tuple[str, ...] = get_args(PositionKind)
LocationPrecision = Literal["exact", "settlement", "approximate"]
LOCATION_PRECISIONS: tuple[str, ...] = get_args(LocationPrecision)
ROLES: tuple[str, ...] = get_args(Role)
PlaceKind = Literal["city", "town", "village", "site"]
PLACE_KINDS: tuple[str, ...] = get_args(PlaceKind)
# announced: one side's claim; reported: independent or both sides; handover/agreed: under an agreement.
PlaceChangeBasis = Literal["announced", "reported", "handover", "agreed"]
PLACE_CHANGE_BASES: tuple[str, ...] = get_args(PlaceChangeBasis)
# An account of a place change (geo/claims.py): who said what, and when (its side: one of the profile's, or
# independent). announced: the side said to have taken it; denied or acknowledged: the side said to have lost it;
# confirmed: an independent source.
AccountStance = Literal["announced", "denied", "acknowledged", "confirmed"]
ACCOUNT_STANCES: tuple[str, ...] = get_args(AccountStance)
CONFIRMING_STANCES = ("acknowledged", "confirmed")  # an announced change is no longer only a claim from either
# total: posts in service; planned: announced before deployment; closed: posts a report says were closed.
PostCountKind = Literal["total", "planned", "closed"]
POST_COUNT_KINDS: tuple[str, ...] = get_args(PostCountKind)
# A district is in the peacekeeping zone, not, or partly: only a strip (the corridor) or one post's site.
ZONE_PARTLY = "partly"
STATE_FIELDS = ("controller", "share", "pending_handover", "peacekeeping_zone")
# Whether a seed's publisher or date is stated in its text, inferred from it, or unknown.
Basis = Literal["stated", "inferred", "unknown"]
BASES: tuple[str, ...] = get_args(Basis)
# Where an external source's title comes from.
TitleBasis = Literal["headline", "url_slug", "descriptive"]
TITLE_BASES: tuple[str, ...] = get_args(TitleBasis)
# A source's reliability class (geo/data/publishers.yaml gives each outlet one, with its reason).
Reliability = Literal["party_statement", "independent", "encyclopedia", "state_affiliated", "not_citable"]
RELIABILITIES: tuple[str, ...] = get_args(Reliability)
RELIABILITY_WORDS = {
    "party_statement": "a party's official statement",
    "independent": "independent news agency or outlet",
    "encyclopedia": "encyclopedia",
    "state_affiliated": "state-affiliated or partisan outlet",
    "not_citable": "not citable",
}
# The classes whose word is a party's: a claim resting only on them is shown as that party's claim.
PARTY_CLASSES = ("party_statement", "state_affiliated")

# The dates a package's coverage may span: what the date slider can show (Streamlit's own limits are
# 1684-07-29 to 2255-06-04), with room to spare.
COVERAGE_LIMITS = (dt.date(1700, 1, 1), dt.date(2200, 12, 31))

# Property names of the built districts GeoJSON.
P_ID = "id"
P_NE_CODE = "ne_code"
P_ROLE = "role"
P_PARENT = "parent"
P_COUNTRY = "country"
P_AREA = "area_km2"
P_CENTRE = "centre"
P_NAMES = ("name_en", "name_az", "name_hy", "name_ru")
P_ALIASES = "aliases"


@dataclass(frozen=True)
class Settings:
    """Settings of the map and its data; each field says what it is for."""

    equal_area_crs: str = field(
        default="EPSG:6933",
        metadata={"doc": "Equal-area CRS in which district areas (km²) are computed."},
    )
    metric_crs: str = field(
        default="EPSG:32638",
        metadata={"doc": "Metric CRS (UTM 38N) in which the corridor band is buffered."},
    )
    coordinate_decimals: int = field(
        default=4,
        metadata={"doc": "Decimals kept in built coordinates (1e-4° ≈ 11 m, below the 1:10m source's accuracy)."},
    )
    region_bounds: tuple[float, float, float, float] = field(
        default=(43.0, 38.0, 51.0, 42.5),
        metadata={"doc": "lon/lat box (W, S, E, N) every position and waypoint must fall in."},
    )
    map_centre: tuple[float, float] = field(
        default=(39.72, 46.75), metadata={"doc": "Map centre (lat, lon) for a URL that gives only a zoom; without "
                                          "one the map opens framed on the story districts (geo.frames.map_view)."}
    )
    map_zoom: int = field(default=8, metadata={"doc": "Map zoom for a URL that gives only a centre."})
    colours: dict[str, str] = field(
        default_factory=lambda: {entry.key: entry.colour for entry in status.ENGINE_WORDED},
        metadata={"doc": "Colours of the statuses only the engine words (Okabe-Ito palette, readable with colour "
                         "blindness; geo/status.py); the sides' and the other statuses' are the package profile's."},
    )


SETTINGS = Settings()

# The map's public address, put before every permalink, embed and citation of both editions (the app, `cite`,
# `map`, `animate`, `export-site`). Read here only; a command's --base-url overrides it. Unset: the app uses the
# address in the reader's browser, the static page its own address, the commands a relative ?date=… link.
PUBLIC_URL_ENV = "KCM_PUBLIC_URL"


def public_base_url(environ: Mapping[str, str] | None = None) -> str:
    """$KCM_PUBLIC_URL without surrounding spaces ('' when unset or empty). Anything but an http(s) address is
    refused with an error naming the variable, what it holds and what is allowed (never silently dropped)."""
    value = (os.environ if environ is None else environ).get(PUBLIC_URL_ENV, "").strip()
    if value and not re.match(r"(?i)^https?://[^\s/?#]+", value):
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise GeoError(f"environment variable {PUBLIC_URL_ENV}={shown!r} is not an http(s) address; "
                       "expected e.g. https://map.example.org/ (or unset it)")
    return value


def base_url(given: str | None) -> str:
    """A command's --base-url when given, else $KCM_PUBLIC_URL (the one place both are read)."""
    return given if given is not None else public_base_url()


def undocumented_settings() -> list[str]:
    """Names of settings without a `doc` (should be empty)."""
    return [f.name for f in fields(Settings) if not f.metadata.get("doc")]
