"""Reading raw files and fields while collecting every problem instead of stopping at the first."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import reprlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem
from .models import Citation

# What a broken file can make a parser raise besides its own error class: a tag such as `!!int abc`
# (ValueError), `!!bool maybe` (KeyError), a number of more than 4300 digits (ValueError), nesting
# deeper than the interpreter's recursion limit (RecursionError).
PARSE_ERRORS = (ValueError, TypeError, KeyError, AttributeError, OverflowError, RecursionError)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxlong = 2, 4, 4, 60, 40


def clip(text: str, limit: int = 120) -> str:
    """`text` cut to `limit` characters for a message."""
    return text if len(text) <= limit else text[:limit - 3] + "..."


def show(value: Any) -> str:
    """A short repr of a value for a message; bounded even for huge, deep or alias-shared data."""
    return clip(_REPR.repr(value), 100)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """`yaml.SafeLoader` (libyaml's when available: ten times faster on large files), except that
    timestamps stay text.

    PyYAML builds a date while parsing, so `2020-13-01` would abort the whole file with an error
    that names no record; as text, `Fields.date` reports it against its record and field.
    """


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


class Collector:
    """Gathers problems; `where` names the file as the user knows it."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str, record: str, field: str, message: str) -> None:
        self.problems.append(Problem(file, str(record), field, message))


def read_text(path: Path, label: str, out: Collector) -> str | None:
    """The file's text as UTF-8 (a leading byte order mark is dropped), or None with a problem recorded."""
    try:
        raw = path.read_bytes()
        if b"\x00" in raw:
            out.add(label, "-", "-", f"contains NUL bytes (byte {raw.index(0)}): it is binary, or UTF-16/UTF-32 "
                                     "text; save the file as UTF-8")
            return None
        return raw.decode("utf-8-sig")
    except FileNotFoundError:
        out.add(label, "-", "-", "file is missing")
    except IsADirectoryError:
        out.add(label, "-", "-", "is a directory, expected a file")
    except UnicodeDecodeError as exc:
        out.add(label, "-", "-", f"is not valid UTF-8 (byte {exc.start}); save the file as UTF-8")
    except OSError as exc:
        out.add(label, "-", "-", f"cannot be read: {exc.strerror or exc}")
    except ValueError as exc:  # a path with a NUL character
        out.add(label, "-", "-", f"cannot be read: {exc}")
    return None


def _load_yaml(text: str, label: str, out: Collector) -> tuple[bool, Any]:
    """(True, data), or (False, None) with the problem recorded."""
    try:
        return True, yaml.load(text, Loader=_Loader)  # a SafeLoader subclass: no arbitrary objects
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        position = getattr(exc, "position", None)  # a ReaderError: a character YAML does not allow
        where = (f"line {mark.line + 1}, column {mark.column + 1}" if mark
                 else f"character {position + 1}" if isinstance(position, int) else "unknown place")
        problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or "syntax error"
        context = getattr(exc, "context", None)
        out.add(label, "-", "-", f"invalid YAML at {where}: {context + ', ' if context else ''}{problem}")
    except RecursionError:
        out.add(label, "-", "-", "invalid YAML: nested too deeply (deeper than the parser can follow)")
    except PARSE_ERRORS as exc:
        out.add(label, "-", "-", f"invalid YAML: {clip(str(exc))}; write plain values without !!tags")
    return False, None


def read_yaml_list(path: Path, label: str, out: Collector) -> list[dict[str, Any]]:
    """A YAML file holding a list of mappings; bad entries are reported, never dropped silently."""
    text = read_text(path, label, out)
    if text is None:
        return []
    ok, data = _load_yaml(text, label, out)
    if not ok:
        return []
    if data is None:
        out.add(label, "-", "-", "is empty; expected a list of records (write [] for none)")
        return []
    if not isinstance(data, list):
        out.add(label, "-", "-", f"must hold a list of records, found {type(data).__name__}")
        return []
    records = []
    for i, item in enumerate(data):
        if isinstance(item, dict):
            records.append(item)
        else:
            out.add(label, f"#{i + 1}", "-", f"must be a mapping of fields, found {type(item).__name__}")
    return records


def read_yaml_mapping(path: Path, label: str, out: Collector) -> dict[str, Any]:
    text = read_text(path, label, out)
    if text is None:
        return {}
    ok, data = _load_yaml(text, label, out)
    if not ok:
        return {}
    if data is None:
        out.add(label, "-", "-", "is empty; expected a mapping of fields")
        return {}
    if not isinstance(data, dict):
        out.add(label, "-", "-", f"must hold a mapping, found {type(data).__name__}")
        return {}
    return data


def read_json(path: Path, label: str, out: Collector) -> Any:
    text = read_text(path, label, out)
    if text is None:
        return None
    if not text.strip():
        out.add(label, "-", "-", "is empty; expected a JSON document")
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        out.add(label, "-", "-", f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
    except RecursionError:
        out.add(label, "-", "-", "invalid JSON: nested too deeply")
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        out.add(label, "-", "-", f"invalid JSON: {clip(str(exc))}")
    return None


def read_csv_rows(path: Path, label: str, out: Collector, columns: Iterable[str]) -> list[dict[str, str]]:
    text = read_text(path, label, out)
    if text is None:
        return []
    columns = tuple(columns)
    if not text.strip():
        out.add(label, "-", "-", f"is empty; expected a header line {','.join(columns)} and one row per record")
        return []
    reader = csv.DictReader(io.StringIO(text))
    rows = []
    try:
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            out.add(label, "header", ", ".join(missing), f"missing column(s); expected {', '.join(columns)}")
            return []
        for row in reader:
            if None in row or any(v is None for v in row.values()):
                out.add(label, f"line {reader.line_num}", "-",
                        f"wrong number of values for the header; expected {len(reader.fieldnames or ())}")
                continue
            rows.append(row)
    except csv.Error as exc:  # e.g. a field longer than the csv module's limit
        out.add(label, f"line {reader.line_num + 1}", "-", f"invalid CSV: {exc}")  # line_num: lines read before
    return rows


def record_id(rec: dict[str, Any], index: int) -> str:
    value = rec.get("id")
    return str(value) if isinstance(value, (str, int)) and str(value) else f"#{index + 1}"


class Fields:
    """Typed access to one record's fields; each wrong field becomes a problem."""

    def __init__(self, rec: dict[str, Any], label: str, rid: str, out: Collector, prefix: str = "") -> None:
        self.rec, self.label, self.rid, self.out = rec, label, rid, out
        self.prefix = prefix  # where a nested mapping sits in its record, e.g. "figures[0]."
        self.ok = True

    def problem(self, field: str, message: str) -> None:
        self.ok = False
        self.out.add(self.label, self.rid, self.prefix + field, message)

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.rec.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(key, "is required (a non-empty text)")
            return None
        if not isinstance(value, str):
            self.problem(key, f"must be text, found {type(value).__name__}")
            return None
        return value

    def date(self, key: str, required: bool = True) -> dt.date | None:
        value = self.rec.get(key)
        if value is None:
            if required:
                self.problem(key, "is required (a date YYYY-MM-DD)")
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(key, f"{show(value)} is not a real date; expected YYYY-MM-DD")
        return None

    def enum(self, key: str, allowed: Iterable[str], default: str | None = None) -> str | None:
        allowed = tuple(allowed)
        value = self.rec.get(key, default)
        if value is None:
            self.problem(key, f"is required; allowed: {', '.join(allowed)}")
            return None
        if value not in allowed:
            self.problem(key, f"{show(value)} is not allowed; allowed: {', '.join(allowed)}")
            return None
        return str(value)

    def number(self, key: str, low: float, high: float, required: bool = True) -> float | None:
        value = self.rec.get(key)
        if value is None:
            if required:
                self.problem(key, f"is required (a number from {low} to {high})")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (
                isinstance(value, float) and not math.isfinite(value)):  # math.isfinite(10**400) overflows
            self.problem(key, f"{show(value)} is not a number; expected {low} to {high}")
            return None
        if not low <= value <= high:
            self.problem(key, f"{show(value)} is outside the allowed range {low} to {high}")
            return None
        return float(value)

    def integer(self, key: str) -> int | None:
        value = self.rec.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, f"{show(value)} is not an integer id")
            return None
        return value

    def citations(self, key: str = "citations") -> tuple[Citation, ...]:
        value = self.rec.get(key)
        return parse_citations(value, self, key)


def parse_citations(value: Any, f: Fields, key: str) -> tuple[Citation, ...]:
    if not isinstance(value, list) or not value:
        f.problem(key, "needs at least one citation ({source, quote} or {source, note})")
        return ()
    result = []
    for i, item in enumerate(value):
        where = f"{key}[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("source"), str):
            f.problem(where, "must be a mapping with a 'source' id")
            continue
        for extra in sorted(set(item) - {"source", "quote", "note"}, key=str):
            f.problem(f"{where}.{extra}", "unknown field; allowed: source, quote, note")
        quote, note = item.get("quote"), item.get("note")
        for name, val in (("quote", quote), ("note", note)):
            if val is not None and not isinstance(val, str):
                f.problem(f"{where}.{name}", "must be text")
        result.append(Citation(item["source"], quote if isinstance(quote, str) else None,
                               note if isinstance(note, str) else None))
    return tuple(result)
