"""The first package's status tables as geo/status.py held them before the profile (issue 20): the tests check the
engine, which now takes them from geo/data/profile.yaml through geo/vocabulary.py, draws exactly these on it.
Re-exports geo/status.py's role-level names, so a test reads `first_words.SPLIT` beside `first_words.ARMENIAN`."""

from __future__ import annotations

from geo.status import *  # noqa: F403  (the role-level names: SPLIT, ZONE, POSITION_SHAPES, BASEMAP_STYLES…)
from geo.status import CONTEXT as CONTEXT
from geo.status import CORRIDOR, FORMER_ROUTE, PENDING, SPLIT, UNKNOWN, ZONE, Operator, Status

ARMENIAN = "armenian_forces"
AZERBAIJAN = "azerbaijan"
FILLS = (
    Status(ARMENIAN, "Held by Armenian forces", "Held by Armenian forces", "#E69F00"),
    Status(AZERBAIJAN, "Azerbaijani control", "Azerbaijani control", "#0072B2"),
    Status(SPLIT, "Split", "Split: deeper where a larger sourced share was held by Armenian forces", "#CC79A7"),
    Status(PENDING, "awaiting handover to Azerbaijan",
           "Awaiting handover to Azerbaijan (deadline in the tooltip and panel)", "#F0E442"),
    Status(CONTEXT, "Outside the conflict area (context)", "Outside the conflict area (Azerbaijan, Armenia)",
           "#E8E8E8"),
    Status(UNKNOWN, "No data for this date", "No data for this date", "#BBBBBB"),
)
OVERLAYS = (
    Status(ZONE, "in the Russian peacekeeping zone of responsibility",
           "Green dashed outline: in the Russian peacekeeping zone; thin green dots: partly (only the corridor strip "
           "or one post's site)", "#009E73"),
    Status(CORRIDOR, "Lachin corridor", "Lachin corridor, 5 km band on the route of the date (schematic)", "#D55E00"),
    Status(FORMER_ROUTE, "the corridor's previous route", "Dark dashes: the corridor's previous route", "#1A1A1A"),
)
BY_KEY = {s.key: s for s in FILLS + OVERLAYS}
COLOURS = {s.key: s.colour for s in FILLS + OVERLAYS}
LEGEND = tuple(s for s in FILLS if s.key != UNKNOWN) + OVERLAYS
PARTLY_IN_ZONE = "partly in the Russian peacekeeping zone of responsibility (a strip or a post's site only)"
PLACE_CODES = {(ARMENIAN, False): "A", (AZERBAIJAN, False): "Z", (ARMENIAN, True): "a", (AZERBAIJAN, True): "z"}
PLACE_STATUS = {
    "A": BY_KEY[ARMENIAN].name,
    "Z": BY_KEY[AZERBAIJAN].name,
    "a": f"{BY_KEY[ARMENIAN].name}, as announced by one side",
    "z": f"{BY_KEY[AZERBAIJAN].name}, as announced by Azerbaijan (click for sources)",
}
OPERATORS = {
    "russian_peacekeepers": Operator("#6A0DAD", "Russian peacekeepers"),
    "joint_russian_turkish": Operator("#006400", "joint Russian-Turkish centre"),
    "azerbaijan": Operator("#0B3D91", "Azerbaijan"),
    "armenia": Operator("#8B4513", "Armenia"),
    "other": Operator("#444444", "other"),
}
# The chart's series on the first package (geo.stats.series).
SIDES = {ARMENIAN: BY_KEY[ARMENIAN].name, AZERBAIJAN: BY_KEY[AZERBAIJAN].name, SPLIT: SPLIT_UNSOURCED}  # noqa: F405


def name(key: str) -> str:
    return BY_KEY[key].name
