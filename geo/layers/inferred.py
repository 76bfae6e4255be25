"""The inferred areas layer (map core plugin "inferred", geo/mapcore/kcm-inferred.js): a thin adapter over
geo/inferred.py's InferredEncoding. Every distinct area and set of areas is sent once; a frame names its set.
The date written out (`date_payload`) has no part of it: tests/geo/test_inferred.py checks the areas against
geo/inferred.py itself."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import status, vocabulary
from ..inferred import InferredEncoding, inferred_control
from ..models import Package
from ..timeline import Timeline
from ._common import frame_dates
from .places import timeline_places


class Inferred:
    name = "inferred"

    def geometry(self, package: Package) -> dict[str, Any] | None:
        return None  # the areas are in the table: they are built when first shown

    def prepare(self, package: Package, timeline: Timeline, words: vocabulary.Vocabulary) -> InferredEncoding:
        return InferredEncoding(inferred_control(package, timeline), frame_dates(timeline),
                                [p.id for p in timeline_places(package)])

    def table(self, state: InferredEncoding) -> dict[str, Any] | None:
        return {"inferred": state.table}

    def frame(self, state: InferredEncoding, date: dt.date) -> dict[str, Any]:
        return {"inferred": state.state(date)}  # which set of inferred areas holds

    def written_out(self, package: Package, timeline: Timeline, date: dt.date) -> dict[str, Any]:
        return {}

    def drawing(self, words: vocabulary.Vocabulary) -> dict[str, Any]:
        return {"inferredWords": {"note": status.INFERRED_NOTE, "contact": status.CONTACT_NOTE,
                                  "legend": list(status.INFERRED_LEGEND), "switch": status.INFERRED_SWITCH}}


LAYER = Inferred()
