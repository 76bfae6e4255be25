"""The one CSV writer: every CSV the project writes (the CLI's exports, the app's downloads) comes from here.

Two rules make a file safe to open in a spreadsheet (OWASP "CSV injection"):
- a cell holding a line break is quoted, so no reader starts a new row inside it: rows end with CRLF
  (RFC 4180) and the writer quotes any cell holding CR or LF;
- no line inside a cell starts like a formula: a spreadsheet (or a reader that split a cell at a bare CR)
  would run it, so such a line gets a leading '.
The text starts with a UTF-8 byte order mark, so spreadsheets read the encoding.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

# A spreadsheet runs a cell (or a line) starting with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
# Every start of a line, the text's and each one after a CR or LF, followed by a formula's first character.
_RUNNABLE_LINE = re.compile("(?:^|(?<=[\r\n]))(?=[" + re.escape("".join(FORMULA_START)) + "])")


def neutralise(text: str) -> str:
    """`text` with a ' put before every line that starts like a formula; other text is unchanged."""
    return _RUNNABLE_LINE.sub("'", text)


def csv_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as written: None is empty, booleans are true/false, lists (source ids) are
    joined with '; ', text is neutralised; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        value = "; ".join(map(str, value))
    if isinstance(value, (int, float)):
        return value
    return neutralise(str(value))


def csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """Rows as CSV text under a header of `columns`, starting with a BOM; a row's other keys are left out."""
    out = io.StringIO()
    out.write(BOM)
    # QUOTE_MINIMAL quotes a cell holding a character of the line terminator: CRLF covers both CR and LF.
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([csv_cell(c) for c in columns])
    for row in rows:
        writer.writerow([csv_cell(row.get(c)) for c in columns])
    return out.getvalue()


def csv_bytes(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> bytes:
    """`csv_text` as UTF-8 bytes (a download's file)."""
    return csv_text(columns, rows).encode("utf-8")
