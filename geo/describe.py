"""The map's shared words: dates as people write them, where a settlement's point comes from. Each record's own
sentences live with its layer: a district's status (geo/layers/districts.py), a settlement's
(geo/layers/places.py), a post's (geo/layers/positions.py), the post counts' (geo/layers/post_counts.py); what
was going on on a date is geo/dayinfo.py's."""

from __future__ import annotations

import datetime as dt

from .models import Package, Place


def format_date(date: dt.date, precision: str = "day") -> str:
    """`20 November 2020`, `November 2020` or `2020`, as precise as the source."""
    if precision == "year":
        return str(date.year)
    if precision == "month":
        return date.strftime("%B %Y")
    return f"{date.day} {date.strftime('%B %Y')}"


def point_origin(package: Package, place: Place) -> str:
    """Where a settlement's point comes from, in words: the point, how exact, and GeoNames or the cited page
    (by its title; the coordinates as the page writes them, e.g. 39°45′29″N, stay in the data, not the panel)."""
    c = place.coordinate
    where = f"point {c.lat:.4f} N, {c.lon:.4f} E (within about {place.precision_m / 1000:g} km) from "
    if c.geonames is not None:
        return where + f"GeoNames id {c.geonames}"
    source = package.sources.get(c.source) if c.source is not None else None
    return where + (f"the coordinates given in {source.title}" if source else f"source {c.source}")
