"""Domain exceptions of the geo package."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a data package: where it is and what is allowed instead."""

    file: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: record {self.record!r}, field {self.field!r}: {self.message}"


MAX_LISTED = 200  # problems listed in full; a crafted package can have millions


def problem_lines(problems: list[Problem]) -> list[str]:
    """The first `MAX_LISTED` problems, one line each, then a count of the rest."""
    lines = [str(p) for p in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        lines.append(f"... and {len(problems) - MAX_LISTED} more problem(s) not listed; fix these first")
    return lines


class GeoError(Exception):
    """Base class of the package's errors."""


class DataError(GeoError):
    """A data package has problems; all of them are listed, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        lines = "\n".join(f"  - {line}" for line in problem_lines(self.problems))
        super().__init__(f"{len(self.problems)} problem(s) in the data package:\n{lines}")


class DateOutOfRange(GeoError, ValueError):
    """A date was asked for outside the range the data covers."""

    def __init__(self, date: dt.date, start: dt.date, end: dt.date) -> None:
        self.date, self.start, self.end = date, start, end
        super().__init__(
            f"{date.isoformat()} is outside the covered range "
            f"{start.isoformat()} to {end.isoformat()}"
        )


class ExportRefused(GeoError):
    """`export-site` will not write into this folder: it would overwrite or delete what it did not write."""

    def __init__(self, out: object, why: str) -> None:
        self.out, self.why = out, why
        super().__init__(f"refusing to export into {out}: {why}")
