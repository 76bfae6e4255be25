"""The one date syntax of the project: ISO `YYYY-MM-DD`, exactly.

Python 3.11's `date.fromisoformat` also takes week dates (`2020-W46-2`) and the basic form
(`20201110`); the data format, the CLI and the app's URL take neither, so all of them parse here.
"""

from __future__ import annotations

import datetime as dt
import re

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_iso_date(text: str) -> dt.date:
    """The date written as `YYYY-MM-DD`; ValueError for anything else, including impossible dates."""
    if not isinstance(text, str) or not _ISO_DATE.fullmatch(text):
        raise ValueError(f"{text!r} is not a date written YYYY-MM-DD")
    return dt.date.fromisoformat(text)
