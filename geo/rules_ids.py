"""One rule for every kind of id: two ids of one namespace must not fold alike (issue 21, item 9).

The schemas' patterns (geo/schemas.py, RECORD_ID, DISTRICT_ID, SLUG, SEED_ID) already keep ids to ASCII;
this rule is what remains: `XX-ABC` and `xx-abc`, `War-2020` and `war-2020`, two seeds `Alpha.txt` and
`alpha.txt`. It folds more than ASCII case (compatibility forms, invisible characters, Cyrillic and Greek
look-alikes) so that it holds for any id a future pattern lets through. A place id is in one namespace with
the GeoNames ids of places.csv: a position or route names either, and `146970` must mean one thing.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable

from ._parse import Collector, show
from .models import Package
from .package_files import (
    CONTROL_FILE,
    CORRIDOR_FILE,
    DISTRICTS_FILE,
    EVENTS_FILE,
    GEONAMES_FILE,
    PERIODS_FILE,
    PLACE_CONTROL_FILE,
    PLACES_FILE,
    POSITIONS_FILE,
    POST_COUNTS_FILE,
    SEED_LABEL,
    SOURCES_FILE,
)

# Letters of other scripts drawn like Latin ones (lower case: folding comes first).
_LOOK_ALIKES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
    "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ɡ": "g", "ӏ": "l",
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
    "χ": "x", "ζ": "z",
})


def fold(rid: str) -> str:
    """`rid` as a reader sees it: compatibility forms unified (NFKC), case folded, invisible characters
    (format characters such as the zero-width space, and all whitespace) dropped, look-alikes made Latin."""
    if rid.isascii() and rid.isprintable():  # NFKC and casefold change nothing here but case (200,000: 0.1 s, not 1 s)
        return rid.replace(" ", "").lower()
    text = unicodedata.normalize("NFKC", rid).casefold()
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Zs", "Zl", "Zp", "Cc", "Mn"))
    return text.translate(_LOOK_ALIKES)


def check_id_twins(p: Package, out: Collector) -> None:
    """Ids that differ but fold alike, in each namespace; place ids that are GeoNames ids too."""
    namespaces: dict[str, Iterable[str]] = {
        DISTRICTS_FILE: p.districts, EVENTS_FILE: [e.id for e in p.events], CONTROL_FILE: [c.id for c in p.changes],
        POSITIONS_FILE: [x.id for x in p.positions], CORRIDOR_FILE: [r.id for r in p.routes], PLACES_FILE: p.places,
        PLACE_CONTROL_FILE: [c.id for c in p.place_changes], POST_COUNTS_FILE: [c.id for c in p.post_counts],
        PERIODS_FILE: [x.id for x in p.periods],
    }
    groups = {label: _twins(ids, functools.partial(out.add, label)) for label, ids in namespaces.items()}
    # seeds and external sources are one namespace: a citation names either
    _twins(p.sources, lambda rid, field, message: out.add(SEED_LABEL if p.sources[rid].is_seed else SOURCES_FILE,
                                                          rid, field, message))
    for gid in sorted(p.geonames):
        for rid in sorted(groups[PLACES_FILE].get(str(gid), ())):
            out.add(PLACES_FILE, rid, "id", f"{show(rid)} is also a GeoNames id in {GEONAMES_FILE}; a position or "
                                            "route naming it would be ambiguous: give the place an id with a letter")


def _twins(ids: Iterable[str], add: Callable[[str, str, str], None]) -> dict[str, set[str]]:
    """Ids of one namespace that differ but fold alike: each is refused, naming the others (which one is
    the mistake, the data's author knows). Returns the ids by their folded form."""
    groups: dict[str, set[str]] = {}
    for rid in ids:
        groups.setdefault(fold(rid), set()).add(rid)
    for group in groups.values():
        for rid in sorted(group) if len(group) > 1 else ():
            others = ", ".join(show(x) for x in sorted(group - {rid}))
            add(rid, "id", f"{show(rid)} differs from the id {others} only by case, invisible characters or "
                           "look-alike letters; ids must differ in more than that")
    return groups


def check_unique(label: str, ids: list[str], out: Collector) -> None:
    """Each id once in its file (here, below the rules and the layers' readers, which both use it)."""
    for rid, count in Counter(ids).items():
        if count > 1:
            out.add(label, rid, "id", f"duplicate id ({count} records); ids must be unique")
