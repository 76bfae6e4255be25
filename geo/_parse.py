"""Reading raw files and fields while collecting every problem instead of stopping at the first."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem
from .models import Citation


class Collector:
    """Gathers problems; `where` names the file as the user knows it."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str, record: str, field: str, message: str) -> None:
        self.problems.append(Problem(file, str(record), field, message))


def read_text(path: Path, label: str, out: Collector) -> str | None:
    """The file's text as UTF-8, or None with a problem recorded."""
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        out.add(label, "-", "-", "file is missing")
    except IsADirectoryError:
        out.add(label, "-", "-", "is a directory, expected a file")
    except UnicodeDecodeError as exc:
        out.add(label, "-", "-", f"is not valid UTF-8 (byte {exc.start}); save the file as UTF-8")
    except OSError as exc:
        out.add(label, "-", "-", f"cannot be read: {exc.strerror or exc}")
    return None


def read_yaml_list(path: Path, label: str, out: Collector) -> list[dict[str, Any]]:
    """A YAML file holding a list of mappings; bad entries are reported, never dropped silently."""
    text = read_text(path, label, out)
    if text is None:
        return []
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown place"
        problem = getattr(exc, "problem", None) or "syntax error"
        out.add(label, "-", "-", f"invalid YAML at {where}: {problem}")
        return []
    if data is None:
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
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown place"
        out.add(label, "-", "-", f"invalid YAML at {where}")
        return {}
    if not isinstance(data, dict):
        out.add(label, "-", "-", f"must hold a mapping, found {type(data).__name__}")
        return {}
    return data


def read_json(path: Path, label: str, out: Collector) -> Any:
    text = read_text(path, label, out)
    if text is None:
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        out.add(label, "-", "-", f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
        return None


def read_csv_rows(path: Path, label: str, out: Collector, columns: Iterable[str]) -> list[dict[str, str]]:
    text = read_text(path, label, out)
    if text is None:
        return []
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        out.add(label, "header", ", ".join(missing), f"missing column(s); expected {', '.join(columns)}")
        return []
    rows = []
    for row in reader:
        if None in row or any(v is None for v in row.values()):
            out.add(label, f"line {reader.line_num}", "-", "wrong number of values for the header")
            continue
        rows.append(row)
    return rows


def record_id(rec: dict[str, Any], index: int) -> str:
    value = rec.get("id")
    return str(value) if isinstance(value, (str, int)) and str(value) else f"#{index + 1}"


class Fields:
    """Typed access to one record's fields; each wrong field becomes a problem."""

    def __init__(self, rec: dict[str, Any], label: str, rid: str, out: Collector) -> None:
        self.rec, self.label, self.rid, self.out = rec, label, rid, out
        self.ok = True

    def problem(self, field: str, message: str) -> None:
        self.ok = False
        self.out.add(self.label, self.rid, field, message)

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
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(key, f"{value!r} is not a real date; expected YYYY-MM-DD")
        return None

    def enum(self, key: str, allowed: Iterable[str], default: str | None = None) -> str | None:
        allowed = tuple(allowed)
        value = self.rec.get(key, default)
        if value is None:
            self.problem(key, f"is required; allowed: {', '.join(allowed)}")
            return None
        if value not in allowed:
            self.problem(key, f"{value!r} is not allowed; allowed: {', '.join(allowed)}")
            return None
        return str(value)

    def number(self, key: str, low: float, high: float, required: bool = True) -> float | None:
        value = self.rec.get(key)
        if value is None:
            if required:
                self.problem(key, f"is required (a number from {low} to {high})")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            self.problem(key, f"{value!r} is not a number; expected {low} to {high}")
            return None
        if not low <= value <= high:
            self.problem(key, f"{value} is outside the allowed range {low} to {high}")
            return None
        return float(value)

    def integer(self, key: str) -> int | None:
        value = self.rec.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, f"{value!r} is not an integer id")
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
        quote, note = item.get("quote"), item.get("note")
        for name, val in (("quote", quote), ("note", note)):
            if val is not None and not isinstance(val, str):
                f.problem(f"{where}.{name}", "must be text")
        result.append(Citation(item["source"], quote if isinstance(quote, str) else None,
                               note if isinstance(note, str) else None))
    return tuple(result)
