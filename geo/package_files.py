"""The files of a data package: one table of their names, what each holds and whether a package needs it.
Every reader takes its file's name from here, and validation refuses a data file the table does not know (a
misspelt `contol.yaml` would otherwise be passed over in silence)."""

from __future__ import annotations

from dataclasses import dataclass

PACKAGE_FILE = "package.yaml"
PROFILE_FILE = "profile.yaml"
SOURCES_FILE = "sources.yaml"
EVENTS_FILE = "events.yaml"
CONTROL_FILE = "control.yaml"
POSITIONS_FILE = "positions.yaml"
CORRIDOR_FILE = "corridor.yaml"
DISTRICTS_FILE = "districts.geojson"
NAMES_FILE = "names.yaml"
GEONAMES_FILE = "places.csv"
PLACES_FILE = "places.yaml"
PLACE_CONTROL_FILE = "place_control.yaml"
POST_COUNTS_FILE = "post_counts.yaml"
PERIODS_FILE = "periods.yaml"
PUBLISHERS_FILE = "publishers.yaml"
DENY_FILE = "deny.yaml"
SEED_INDEX_FILE = "index.yaml"  # in the seeds directory, not the data directory
SEED_LABEL = f"seeds/{SEED_INDEX_FILE}"

# What validation reads as data; other files (a README, a licence) may sit beside them.
DATA_SUFFIXES = (".yaml", ".yml", ".json", ".geojson", ".csv")


@dataclass(frozen=True, kw_only=True)
class PackageFile:
    name: str
    holds: str
    required: bool  # a package without an optional file simply lacks that layer


FILES: tuple[PackageFile, ...] = (
    PackageFile(name=PACKAGE_FILE, holds="the title, the dates covered and where the seeds are", required=True),
    PackageFile(name=PROFILE_FILE, holds="the sides, operators, words of statuses, map view and region of its war",
                required=True),
    PackageFile(name=DISTRICTS_FILE, holds="the districts' outlines, names and roles", required=True),
    PackageFile(name=NAMES_FILE, holds="the table of district names districts.geojson was built from",
                required=False),
    PackageFile(name=GEONAMES_FILE, holds="the GeoNames rows places are located by", required=True),
    PackageFile(name=SOURCES_FILE, holds="the sources other than the seeds", required=True),
    PackageFile(name=EVENTS_FILE, holds="the dated events", required=True),
    PackageFile(name=CONTROL_FILE, holds="who held each district, change by change", required=True),
    PackageFile(name=POSITIONS_FILE, holds="the peacekeeping posts and checkpoints", required=True),
    PackageFile(name=CORRIDOR_FILE, holds="the corridor's routes", required=True),
    PackageFile(name=PLACES_FILE, holds="the settlements (the gazetteer)", required=False),
    PackageFile(name=PLACE_CONTROL_FILE, holds="who held each settlement, change by change", required=False),
    PackageFile(name=POST_COUNTS_FILE, holds="the numbers of posts the mission reported", required=False),
    PackageFile(name=PERIODS_FILE, holds="the named periods of the story", required=False),
    PackageFile(name=PUBLISHERS_FILE, holds="the publishers and how far each can be cited", required=True),
    PackageFile(name=DENY_FILE, holds="the documented disinformation outlets no source may cite", required=True),
)
FILES_BY_NAME = {f.name: f for f in FILES}


def unknown_data_files(names: list[str]) -> list[str]:
    """The names among a data directory's top-level files that look like data and are not in the table."""
    return sorted(n for n in names if n.lower().endswith(DATA_SUFFIXES) and n not in FILES_BY_NAME)
