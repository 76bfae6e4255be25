"""The map's shared words: dates as people write them. Each record's own sentences live with its layer: a
district's status (geo/layers/districts.py), a settlement's and where its point comes from (geo/layers/places.py),
a post's (geo/layers/positions.py), the post counts' (geo/layers/post_counts.py); what was going on on a date is
geo/dayinfo.py's."""

from __future__ import annotations

import datetime as dt


def format_date(date: dt.date, precision: str = "day") -> str:
    """`20 November 2020`, `November 2020` or `2020`, as precise as the source."""
    if precision == "year":
        return str(date.year)
    if precision == "month":
        return date.strftime("%B %Y")
    return f"{date.day} {date.strftime('%B %Y')}"
