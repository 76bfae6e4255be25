"""The status vocabulary of one package, built from its profile (issue 20): the same shapes as geo/status.py's
tables (a `Status` per fill and overlay, the place codes, the operators), with the sides, their words and colours,
and the words of the statuses the engine defines taken from profile.yaml. Passed to what draws or words a status,
never kept as a module-level "current" profile.

The statuses only the engine words (no data for a date, the corridor's previous route) stay in geo/status.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import status
from .models import Package
from .profile import Profile

# The engine's statuses in legend order after the sides: which the profile words, and which the engine.
PROFILE_FILLS = (status.SPLIT, status.PENDING, status.CONTEXT)
PROFILE_OVERLAYS = (status.ZONE, status.CORRIDOR)
# Who gives an account of a settlement's change besides the sides (geo/claims.py): the engine's words.
ACCOUNT_GIVERS = {"independent": "an independent source", "sources": "the sources"}


@dataclass(frozen=True, kw_only=True)
class Vocabulary:
    fills: tuple[status.Status, ...]
    overlays: tuple[status.Status, ...]
    place_codes: dict[tuple[str, bool], str]  # (side, announced only) -> one character of a frame
    place_status: dict[str, str]  # code -> words
    operators: dict[str, status.Operator]
    partly_in_zone: str | None
    share_words: str | None  # what a split district's sourced share counts ("held by side A")
    parties: dict[str, str]  # who gave an account, in a sentence: each side, an independent source, the sources
    claims_order: tuple[str, ...]  # the claims list's order of sides

    @property
    def by_key(self) -> dict[str, status.Status]:
        return {s.key: s for s in self.fills + self.overlays}

    @property
    def colours(self) -> dict[str, str]:
        return {s.key: s.colour for s in self.fills + self.overlays}

    @property
    def legend(self) -> tuple[status.Status, ...]:
        """Every fill a map can show (a date with no data is not one of them), then the overlays."""
        return tuple(s for s in self.fills if s.key != status.UNKNOWN) + self.overlays

    @property
    def side_codes(self) -> dict[str, str]:
        """A held settlement's code -> its side's id: what the map scripts colour a dot by."""
        return {code: side for (side, announced), code in self.place_codes.items() if not announced}

    def name(self, key: str) -> str:
        return self.by_key[key].name


def vocabulary(profile: Profile) -> Vocabulary:
    """The statuses of the package whose profile this is."""
    sides = tuple(status.Status(s.id, s.status, s.legend, s.colour) for s in profile.sides)
    worded = {key: status.Status(key, w.name, w.legend, w.colour) for key, w in profile.statuses.items()}
    fills = sides + tuple(worded[k] for k in PROFILE_FILLS if k in worded) + (status.BY_KEY[status.UNKNOWN],)
    overlays = tuple(worded[k] for k in PROFILE_OVERLAYS if k in worded)
    if status.CORRIDOR in worded:  # the previous route is drawn only where there is a corridor
        overlays += (status.BY_KEY[status.FORMER_ROUTE],)
    codes: dict[tuple[str, bool], str] = {}
    words: dict[str, str] = {}
    for s in profile.sides:
        codes[(s.id, False)], codes[(s.id, True)] = s.code, s.code.lower()
        words[s.code], words[s.code.lower()] = s.status, s.announced or f"{s.status}, as announced by one side"
    zone = profile.statuses.get(status.ZONE)
    return Vocabulary(fills=fills, overlays=overlays, place_codes=codes, place_status=words,
                      operators={o.id: status.Operator(o.colour, o.name) for o in profile.operators},
                      partly_in_zone=zone.partly if zone else None, share_words=profile.statuses["split"].share,
                      parties={**{s.id: s.party for s in profile.sides}, **ACCOUNT_GIVERS},
                      claims_order=profile.claims_order or profile.side_ids)


def profile_of(package: Package) -> Profile:
    """The package's profile; a package is only drawn once validated, so its profile was read."""
    if package.profile is None:
        raise ValueError(f"{package.data_dir}: profile.yaml was refused; validate the package first")
    return package.profile


def of(package: Package) -> Vocabulary:
    """The package's vocabulary."""
    return vocabulary(profile_of(package))
