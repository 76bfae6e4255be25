"""What several layers share: the table of distinct values a frame refers to by index, and the dates a frame is
kept for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..models import Package
from ..timeline import Timeline
from ..vocabulary import Vocabulary


class Table:
    """Distinct values in first-seen order, referred to by index: a repeated text or style travels once."""

    def __init__(self) -> None:
        self.values: list[Any] = []
        self._index: dict[str, int] = {}

    def index(self, value: Any) -> int:
        key = repr(value)
        if key not in self._index:
            self._index[key] = len(self.values)
            self.values.append(value)
        return self._index[key]


def frame_dates(timeline: Timeline) -> list[dt.date]:
    """The dates a map frame is kept for: the first covered day and every stop. Nothing on the map
    changes between two of them, so any other date shows the frame on or before it."""
    return sorted({timeline.start, *timeline.stops()})


class Unchanging:
    """The per-date half of a layer nothing of which changes with the date (the basemap, the district names):
    no state, no table, empty frames. Such a layer defines its name, `geometry` and `drawing`."""

    def prepare(self, package: Package, timeline: Timeline, words: Vocabulary) -> None:
        return None

    def table(self, state: None) -> dict[str, Any] | None:
        return None

    def frame(self, state: None, date: dt.date) -> dict[str, Any]:
        return {}

    def written_out(self, package: Package, timeline: Timeline, date: dt.date) -> dict[str, Any]:
        return {}

    def drawing(self, words: Vocabulary) -> dict[str, Any]:
        return {}


@dataclass(frozen=True)
class Indexed:
    """A layer's prepared state where its records are rows of its table: a record's id -> its row."""

    package: Package
    timeline: Timeline
    index: dict[str, int]
