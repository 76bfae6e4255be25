"""The inferred areas layer (map core plugin "inferred", geo/mapcore/kcm-inferred.js): a thin adapter over
geo/inferred_encoding.py. Below its size threshold every distinct area and set of areas is sent once and a frame
names its set; above it, a frame lists its areas and carries the rows its map lacks (built when first shown).
The date written out (`date_payload`) has no part of it: tests/geo/test_inferred.py checks the areas against
geo/inferred.py itself."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import status, vocabulary
from ..inferred import inferred_control
from ..inferred_encoding import InferredEncoding, LazyInferredEncoding, encoding
from ..models import Package
from ..timeline import Timeline
from ._common import frame_dates
from .places import timeline_places


class Inferred:
    name = "inferred"

    def geometry(self, package: Package) -> dict[str, Any] | None:
        return None  # the areas are in the table: they are built when first shown

    def prepare(self, package: Package, timeline: Timeline,
                words: vocabulary.Vocabulary) -> InferredEncoding | LazyInferredEncoding:
        return encoding(inferred_control(package, timeline), frame_dates(timeline),
                        [p.id for p in timeline_places(package)])

    def table(self, state: InferredEncoding | LazyInferredEncoding) -> dict[str, Any] | None:
        return {"inferred": state.table}

    def frame(self, state: InferredEncoding | LazyInferredEncoding, date: dt.date) -> dict[str, Any]:
        return state.frame(date)  # which set of inferred areas holds (or, lazily, which areas, with their rows)

    def written_out(self, package: Package, timeline: Timeline, date: dt.date) -> dict[str, Any]:
        return {}

    def drawing(self, words: vocabulary.Vocabulary) -> dict[str, Any]:
        return {"inferredWords": {"note": status.INFERRED_NOTE, "contact": status.CONTACT_NOTE,
                                  "legend": list(status.INFERRED_LEGEND), "switch": status.INFERRED_SWITCH}}


LAYER = Inferred()
