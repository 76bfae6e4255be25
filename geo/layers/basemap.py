"""The basemap layer (map core plugin "basemap", geo/mapcore/kcm-layers.js): relief, water, borders and country
names under and over the districts. The basemap itself is built by geo/basemap.py and given by the host
(`map_data`'s `basemap`: inline, or the URL of its index); this layer gives only the styles it is drawn in, which
the legend and the pictures use too. Nothing changes per date."""

from __future__ import annotations

from typing import Any

from .. import status, vocabulary
from ..models import Package
from ._common import Unchanging


class Basemap(Unchanging):
    name = "basemap"

    def geometry(self, package: Package) -> dict[str, Any] | None:
        return None  # the host's (map_data's `basemap`)

    def drawing(self, words: vocabulary.Vocabulary) -> dict[str, Any]:
        return {"basemapStyles": status.BASEMAP_STYLES}


LAYER = Basemap()
