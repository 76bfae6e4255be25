"""Each side's accounts of a change, read the same way for a settlement's change (place_control.yaml) and a
district's (control.yaml): one schema (`schemas.AccountRecord`), one model (`models.Account`), one reader here.

Who may give which account: the side said to have taken the place announces it, the side said to have lost it
denies or acknowledges it, and only an independent source confirms it. A change that does not rest on the taker's
own announcement may also be denied by the side said to have taken it (a ministry denying that its forces took a
village that the other side and others reported taken). Where a record names no taker (a district becoming split, or
a change of its zone or deadline only), any side of the profile may announce, deny or acknowledge it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._parse import Collector
from .models import Account, Citation

ROLE_WORDS = {"controller": "the side said to have taken the place (the record's controller",
              "from": "the side said to have lost it (the record's from",
              "independent": "an independent source ('independent'"}
ACCOUNT_SIDES = {"announced": "controller", "denied": "from", "acknowledged": "from", "confirmed": "independent"}


def citations_of(records: list[Any]) -> tuple[Citation, ...]:
    """A validated record's citations as the model's."""
    return tuple(Citation(source=c["source"], quote=c.get("quote"), note=c.get("note")) for c in records)


def read_accounts(file: str, rid: str, records: list[dict[str, Any]] | None, date: dt.date,
                  taker: str | None, loser: str | None, own_announcement: bool, out: Collector
                  ) -> tuple[Account, ...] | None:
    """A validated record's accounts, or None (each problem named) if one is given by a side that cannot give it
    or is dated before the change it answers. `taker`/`loser`: the sides said to have taken and lost the place
    (None: the record names none, so any side may speak); `own_announcement`: the change rests on the taker's
    announcement (then the taker cannot deny it)."""
    accounts, ok = [], True
    for i, a in enumerate(records or []):
        role = ACCOUNT_SIDES[a["stance"]]
        allowed = "independent" if role == "independent" else taker if role == "controller" else loser
        also = taker if a["stance"] == "denied" and not own_announcement and taker is not None else None
        if allowed is not None and a["side"] not in (allowed, also):
            words = f"only {ROLE_WORDS[role]}, {allowed!r})"
            if also is not None:
                words += (" or, for a change that is not its own announcement, the side said to have taken it "
                          f"({also!r})")
            out.add(file, rid, f"accounts[{i}].side", f"{a['side']!r} cannot give an account {a['stance']!r}: "
                                                       f"{words} can")
            ok = False
        # Only an announcement may come before the change: a claim the record shows was not borne out then.
        if a["date"] < date and a["stance"] != "announced":
            out.add(file, rid, f"accounts[{i}].date",
                    f"{a['date']} is before the record's own date {date}; an account that answers the change "
                    f"({a['stance']}) is dated on or after it (only an announcement may come before: one not "
                    "borne out until the record's date)")
            ok = False
        accounts.append(Account(side=a["side"], stance=a["stance"], date=a["date"], precision=a["precision"],
                                by=a["by"], summary=a["summary"], citations=citations_of(a["citations"])))
    return tuple(accounts) if ok else None


def raw_account_sides(rec: dict[str, Any]) -> list[tuple[str, Any]]:
    """(field, side) of each account of a record as written, refused or not: its sides are checked against the
    profile on a refused record too, so that every problem shows at once."""
    given = rec.get("accounts")
    return [(f"accounts[{i}].side", a.get("side")) for i, a in enumerate(given if isinstance(given, list) else [])
            if isinstance(a, dict)]
