"""A data package's profile (profile.yaml, declared in geo/schemas_profile.py), read and checked: who the sides
and operators are, the words of statuses, the map's view and region. The engine takes them from here, by role,
never from constants naming one war.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._parse import Collector, read_yaml_mapping, show
from ._validate import validate_record
from .package_files import PROFILE_FILE
from .schemas_profile import ProfileRecord

# Ids the engine itself gives a meaning: no side or operator may take one.
ENGINE_ROLES = ("split", "pending_handover", "context", "unknown", "independent", "peacekeeping_zone", "corridor",
                "former_route", "inferred")
RECORD = "profile"
DEFAULT_SHORT_NAME = "map"  # the start of downloaded files' names where the profile gives none
Bounds = tuple[float, float, float, float]


@dataclass(frozen=True, kw_only=True)
class Side:
    id: str
    code: str
    names: dict[str, str]
    party: str
    status: str
    legend: str
    colour: str
    announced: str | None = None


@dataclass(frozen=True, kw_only=True)
class OperatorDef:
    id: str
    name: str
    colour: str


@dataclass(frozen=True, kw_only=True)
class StatusDef:
    name: str
    legend: str
    colour: str
    partly: str | None = None
    share: str | None = None


@dataclass(frozen=True, kw_only=True)
class Profile:
    """What the engine knows of a package's war; every field comes from profile.yaml."""

    title: str
    short_name: str  # the start of downloaded files' names (profile.yaml's, else DEFAULT_SHORT_NAME)
    attribution: str
    languages: tuple[str, ...]
    countries: tuple[str, ...]
    sides: tuple[Side, ...]
    operators: tuple[OperatorDef, ...]
    statuses: dict[str, StatusDef]
    map_centre: tuple[float, float]
    map_zoom: int
    region_bounds: Bounds
    metric_crs: str
    equal_area_crs: str
    basemap: str | None = None  # its folder, relative to the data folder (geo/basemap_recipe.py)
    map_min_zoom: int | None = None  # None: the engine's (geo/status.py)
    map_max_zoom: int | None = None
    claims_order: tuple[str, ...] = ()  # every side once; empty: the sides' order
    language_names: dict[str, str] | None = None  # code -> name; None: the codes
    # The inferred areas' dates (geo/inferred.py): shown by default on these dates (None: never by default); the
    # line of contact's date (None: no line); whose context districts count for the second side on that line.
    inferred_default_on: tuple[dt.date, dt.date] | None = None
    contact_date: dt.date | None = None
    contact_country: str | None = None

    def named_languages(self) -> list[tuple[str, str]]:
        """(code, name) of each language of names, in the profile's order: what a names line lists."""
        names = self.language_names or {}
        return [(code, names.get(code, code)) for code in self.languages]

    @property
    def side_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.sides)

    @property
    def operator_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.operators)

    def side(self, side_id: str) -> Side:
        return next(s for s in self.sides if s.id == side_id)

    def in_region(self, lat: float, lon: float) -> bool:
        west, south, east, north = self.region_bounds
        return west <= lon <= east and south <= lat <= north

    def region_text(self) -> str:
        west, south, east, north = self.region_bounds
        return f"{south}..{north} N, {west}..{east} E"


def read_profile(data_dir: Path, out: Collector) -> Profile | None:
    """The package's profile, or None with every problem recorded (the file missing, a field wrong)."""
    raw = read_yaml_mapping(data_dir / PROFILE_FILE, PROFILE_FILE, out, record=RECORD)
    if not out.readable(PROFILE_FILE):
        return None
    before = len(out.problems)
    rec = validate_record(ProfileRecord, raw, PROFILE_FILE, RECORD, out)
    _check_across_fields(rec, out)
    _check_basemap(data_dir, rec.get("basemap"), out)
    if len(out.problems) > before:
        out.unreadable.add(PROFILE_FILE)  # a half profile would make every side or coordinate a second problem
        return None
    m, inferred = rec["map"], rec.get("inferred", {})
    west, south, east, north = m["region_bounds"]
    return Profile(
        title=rec["title"], short_name=rec.get("short_name", DEFAULT_SHORT_NAME), attribution=rec["attribution"],
        languages=tuple(rec["languages"]),
        countries=tuple(rec["countries"]),
        sides=tuple(Side(id=s["id"], code=s["code"], names=dict(s["names"]), party=s["party"], status=s["status"],
                         legend=s["legend"], colour=s["colour"], announced=s.get("announced")) for s in rec["sides"]),
        operators=tuple(OperatorDef(id=o["id"], name=o["name"], colour=o["colour"]) for o in rec["operators"]),
        statuses={key: StatusDef(name=w["name"], legend=w["legend"], colour=w["colour"], partly=w.get("partly"),
                                 share=w.get("share"))
                  for key, w in rec["statuses"].items()},
        map_centre=(m["centre"][0], m["centre"][1]), map_zoom=m["zoom"], region_bounds=(west, south, east, north),
        metric_crs=m["metric_crs"], equal_area_crs=m["equal_area_crs"], basemap=rec.get("basemap"),
        map_min_zoom=m.get("min_zoom"), map_max_zoom=m.get("max_zoom"),
        claims_order=tuple(rec.get("claims_order", ())), language_names=rec.get("language_names"),
        inferred_default_on=(on["start"], on["end"]) if (on := inferred.get("default_on")) else None,
        contact_date=inferred.get("contact_date"), contact_country=inferred.get("contact_country"),
    )


def _check_across_fields(rec: dict[str, Any], out: Collector) -> None:
    """What one field alone cannot say: ids unique and not the engine's, names in the listed languages, the
    region a real box with the centre inside it."""
    def problem(where: str, message: str) -> None:
        out.add(PROFILE_FILE, RECORD, where, message)

    languages = rec.get("languages", [])
    if languages and languages[0] != "en":
        problem("languages", f"must start with en (names in English are required); found {show(languages[0])}")
    for key in ("languages", "countries"):
        values = rec.get(key, [])
        for value in sorted({v for v in values if values.count(v) > 1}):
            problem(key, f"{show(value)} is listed twice")
    codes = [s.get("code") for s in rec.get("sides", [])]
    for i, code in enumerate(codes):
        if code is not None and codes.index(code) < i:
            problem(f"sides[{i}].code", f"duplicate code {show(code)}; each side needs its own letter")
    for key in ("sides", "operators"):
        seen: set[str] = set()
        for i, item in enumerate(rec.get(key, [])):
            ident = item.get("id")
            if ident in seen:
                problem(f"{key}[{i}].id", f"duplicate id {show(ident)}")
            elif ident in ENGINE_ROLES:
                problem(f"{key}[{i}].id", f"{show(ident)} is a status the engine defines; allowed: any other id")
            seen.add(ident)
    for i, side in enumerate(rec.get("sides", [])):
        names = side.get("names", {})
        if names and "en" not in names:
            problem(f"sides[{i}].names", "needs an en name")
        for lang in sorted(set(names) - set(languages)):
            problem(f"sides[{i}].names.{lang}", f"{show(lang)} is not a language of the profile; allowed: "
                                                + ", ".join(languages))
    for lang in sorted(set(rec.get("language_names", {})) - set(languages)):
        problem(f"language_names.{lang}", f"{show(lang)} is not a language of the profile; allowed: "
                                          + ", ".join(languages))
    order, ids = rec.get("claims_order"), [s.get("id") for s in rec.get("sides", [])]
    if order is not None and sorted(order) != sorted(ids):
        problem("claims_order", f"must list every side once; the sides are {', '.join(map(str, ids))}")
    m = rec.get("map", {})
    bounds, centre = m.get("region_bounds"), m.get("centre")
    if bounds:
        west, south, east, north = bounds
        if not (west < east and -90 <= south < north <= 90):
            problem("map.region_bounds", f"{bounds} is not a box: allowed: west < east, -90 <= south < north <= 90")
        elif centre and not (south <= centre[0] <= north and west <= centre[1] <= east):
            problem("map.centre", f"({centre[0]}, {centre[1]}) is outside the region {south}..{north} N, "
                                  f"{west}..{east} E")
    zoom = m.get("zoom")
    if isinstance(zoom, int):  # the opening zoom within the zooms a reader may reach
        if isinstance(m.get("min_zoom"), int) and m["min_zoom"] > zoom:
            problem("map.min_zoom", f"{m['min_zoom']} is deeper than the opening zoom {zoom}; allowed: 1 to {zoom}")
        if isinstance(m.get("max_zoom"), int) and m["max_zoom"] < zoom:
            problem("map.max_zoom", f"{m['max_zoom']} is shallower than the opening zoom {zoom}; allowed: {zoom} to "
                                    "18")

    inferred = rec.get("inferred", {})
    on = inferred.get("default_on", {})
    if isinstance(on.get("start"), dt.date) and isinstance(on.get("end"), dt.date) and on["end"] < on["start"]:
        problem("inferred.default_on.end", f"{on['end']} precedes the start {on['start']}; allowed: a date on or "
                                           "after the start")
    country = inferred.get("contact_country")
    if country is not None and rec.get("countries") and country not in rec["countries"]:
        problem("inferred.contact_country", f"{show(country)} is not a country of the profile; allowed: "
                                            + ", ".join(rec["countries"]))


def check_profile_dates(profile: Profile | None, start: dt.date, end: dt.date, out: Collector) -> None:
    """The profile's dates within the package's coverage (package.yaml; unknown where it was refused): a date
    outside it could never be shown."""
    if profile is None or start == dt.date.min or end == dt.date.max:
        return
    dates = {"inferred.contact_date": profile.contact_date}
    if profile.inferred_default_on:
        dates |= {"inferred.default_on.start": profile.inferred_default_on[0],
                  "inferred.default_on.end": profile.inferred_default_on[1]}
    for field, day in dates.items():
        if day is not None and not start <= day <= end:
            out.add(PROFILE_FILE, RECORD, field, f"{day} is outside the package's coverage; allowed: {start} to "
                                                 f"{end} (package.yaml)")


def _check_basemap(data_dir: Path, basemap: Any, out: Collector) -> None:
    """The basemap folder, relative to the data folder, must exist (it holds the recipe the build reads and the files
    both editions serve)."""
    if isinstance(basemap, str) and basemap.strip() and not (data_dir / basemap).is_dir():
        out.add(PROFILE_FILE, RECORD, "basemap", f"{show(basemap)}: no such folder beside {data_dir}; allowed: a "
                                                 "folder relative to the data folder holding recipe.yaml (python -m "
                                                 "geo build-basemap builds the rest), or null")


@dataclass(frozen=True, kw_only=True)
class Allowed:
    """What a package's records may name, from its profile: the data are checked against these, not against
    types naming one war. None where the profile was refused (its problems already say why)."""

    controllers: tuple[str, ...] | None  # a district's: a side or split
    place_controllers: tuple[str, ...] | None  # a settlement's: a side
    account_sides: tuple[str, ...] | None  # who gives an account of a place change: a side or an independent source
    operators: tuple[str, ...] | None
    countries: tuple[str, ...] | None
    region_bounds: Bounds | None  # (west, south, east, north): every coordinate must fall in it

    @staticmethod
    def of(profile: Profile | None) -> Allowed:
        if profile is None:
            return Allowed(controllers=None, place_controllers=None, account_sides=None, operators=None,
                           countries=None, region_bounds=None)
        return Allowed(controllers=(*profile.side_ids, "split"), place_controllers=profile.side_ids,
                       account_sides=(*profile.side_ids, "independent"), operators=profile.operator_ids,
                       countries=profile.countries, region_bounds=profile.region_bounds)


def refuse_unless(value: Any, allowed: tuple[str, ...] | None, problem: Callable[[str, str], None],
                  field: str) -> bool:
    """True if `value` is one of `allowed` (or nothing is known to check it against); else False with the problem
    said in the words of a refused enumeration."""
    if allowed is None or value in allowed:
        return True
    problem(field, f"{show(value)} is not allowed; allowed: {', '.join(allowed)}")
    return False


def unworded(new: dict[str, Any], profile: Profile | None) -> list[tuple[str, str]]:
    """(field, problem) for each status a control change sets that the profile gives no words for: a share
    without the words of what it counts, a handover, the zone or partly in it."""
    if profile is None:
        return []
    words = profile.statuses
    needs = {"share": ("split", "share"), "pending_handover": ("pending_handover", None),
             "peacekeeping_zone": ("peacekeeping_zone", "partly" if new.get("peacekeeping_zone") == "partly" else None)}
    out = []
    for field, (key, part) in needs.items():
        if new.get(field) in (None, False) or (key in words and (part is None or getattr(words[key], part))):
            continue
        wanted = f"statuses.{key}" + (f".{part}" if part else "")
        out.append((f"set.{field}", f"{show(new[field])} needs the profile's words for it ({wanted} in "
                                    f"{PROFILE_FILE})"))
    return out
