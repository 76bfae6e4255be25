"""Dates as users type them: `2020-10-09` or `9 Oct 2020` (and `9 October 2020`), nothing looser."""

from __future__ import annotations

import datetime as dt
import re

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_WORDS = re.compile(r"([0-9]{1,2}) ([A-Za-z]+)\.? ([0-9]{4})")
_MONTHS = {name.lower(): i for i, name in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"], start=1)}
_MONTHS.update({name[:3]: i for name, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9

ALLOWED = "YYYY-MM-DD (2020-10-09) or day month year (9 Oct 2020)"


def parse_iso_date(text: str) -> dt.date | None:
    """A strict `YYYY-MM-DD` date (no week dates, no `20201009`), or None."""
    if not ISO_DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def parse_user_date(text: str) -> dt.date | None:
    """`2020-10-09`, `9 Oct 2020` or `9 October 2020` (surrounding spaces ignored), or None."""
    text = " ".join(text.split())
    iso = parse_iso_date(text)
    if iso is not None:
        return iso
    match = _WORDS.fullmatch(text)
    if match is None:
        return None
    day, month_name, year = match.groups()
    month = _MONTHS.get(month_name.lower())
    if month is None:
        return None
    try:
        return dt.date(int(year), month, int(day))
    except ValueError:
        return None
