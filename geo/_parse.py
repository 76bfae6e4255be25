"""Reading raw files and fields while collecting every problem instead of stopping at the first."""

from __future__ import annotations

import csv
import io
import json
import re
import reprlib
from collections import Counter
from collections.abc import Hashable, Iterable
from pathlib import Path
from typing import Any

import yaml

from ._fastyaml import fast_yaml
from ._files import DATA_FILE_LIMIT, FileRefused, read_bytes
from .errors import Problem

# What a broken file can make a parser raise besides its own error class: a number of more than 4300
# digits (ValueError), nesting deeper than the interpreter's recursion limit (RecursionError).
PARSE_ERRORS = (ValueError, TypeError, KeyError, AttributeError, OverflowError, RecursionError)
_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxlong = 2, 4, 4, 60, 40


def clip(text: str, limit: int = 120) -> str:
    """`text` cut to `limit` characters for a message."""
    return text if len(text) <= limit else text[:limit - 3] + "..."


def show(value: Any) -> str:
    """A short repr of a value for a message; bounded even for huge, deep or alias-shared data."""
    return clip(_REPR.repr(value), 100)


# Scalars as the data format writes them; anything else in YAML 1.1 (`1:30` as 90, `0700` as 448,
# `yes`/`on` as true, `1_000`, `.nan`, timestamps) stays text, which the field's check then rejects.
_YAML_SCALARS = (
    ("tag:yaml.org,2002:null", r"~|null|Null|NULL|", ("~", "n", "N", "")),  # "": an empty value
    ("tag:yaml.org,2002:bool", r"true|True|TRUE|false|False|FALSE", tuple("tTfF")),
    ("tag:yaml.org,2002:int", r"[-+]?(?:0|[1-9][0-9]*)", tuple("-+0123456789")),
    ("tag:yaml.org,2002:float", r"[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?",
     tuple("-+0123456789.")),
)
_SCALAR_PATTERNS = {tag: re.compile(rf"(?:{pattern})\Z") for tag, pattern, _ in _YAML_SCALARS}
# Characters no text field may hold: C0/C1 controls except tab and line breaks, and lone surrogates
# (which cannot even be written out as UTF-8, so `state --json` and the app would crash on them).
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


Duplicates = dict[int, tuple[dict[Any, Any], list[tuple[Any, str]]]]  # id(mapping): (mapping, [(key, message)])


def duplicate_key(key: Any, times: int, lines: list[int] | None = None) -> str:
    where = "" if not lines else f" on line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))}"
    return f"duplicate key {show(key)}, written {times} times{where}: the last one would silently win; give each " \
           "key once"


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """`yaml.SafeLoader` (libyaml's when available: ten times faster on large files), narrowed to what
    the data format uses.

    - Plain scalars resolve only to null, true/false, decimal integers and decimal floats (see
      `_YAML_SCALARS`); everything else is text. Dates stay text too: PyYAML would build a date while
      parsing, so `2020-13-01` would abort the whole file; as text, the record's schema (`IsoDate`)
      refuses it against its record and field.
    - Anchors and aliases are refused (by `_AliasRefusingLoader`): the format never needs them, and a
      few lines of them expand to millions of values ("billion laughs").
    - Duplicate keys and text with control characters are noted (`duplicates`, `suspect_text`) for
      `_located_flaws` to report against their record and field.
    """

    yaml_implicit_resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: Duplicates = {}
        self.suspect_text = False

    def construct_strict_scalar(self, node: yaml.Node) -> Any:
        """An explicitly tagged scalar (`!!int 0700`) must still be written as the format writes it."""
        value = self.construct_scalar(node)
        if not _SCALAR_PATTERNS[node.tag].match(value):
            raise yaml.constructor.ConstructorError(
                None, None, f"{show(value)} is not allowed as {node.tag.rsplit(':', 1)[-1]}; write plain values "
                            "without !!tags", node.start_mark)
        return yaml.constructor.SafeConstructor.yaml_constructors[node.tag](self, node)

    def construct_text(self, node: yaml.ScalarNode) -> str:
        value: str = self.construct_scalar(node)
        if node.style == '"' and _BAD_CHARACTER.search(value):  # only escapes can write such characters
            self.suspect_text = True
        return value

    def construct_map(self, node: yaml.MappingNode) -> Any:
        data: dict[Any, Any] = {}
        yield data
        data.update(self.construct_mapping(node))
        if len(data) < len(node.value):  # a key came twice: the last one won
            self._note_duplicates(data, node)

    def _note_duplicates(self, data: dict[Any, Any], node: yaml.MappingNode) -> None:
        lines: dict[Any, list[int]] = {}
        for key_node, _ in node.value:
            key = self.constructed_objects.get(key_node)
            if isinstance(key, Hashable):
                lines.setdefault(key, []).append(key_node.start_mark.line + 1)
        self.duplicates[id(data)] = (data, [(key, duplicate_key(key, len(at), sorted(set(at))))
                                            for key, at in lines.items() if len(at) > 1])


class _AliasRefusingLoader(_Loader):
    """`_Loader` that stops at the first alias (a node reached a second time). Only needed, and only
    used, for a text with a `*` in it: the check costs a tenth of the loading time."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:  # reached again: an alias
            raise yaml.constructor.ConstructorError(
                None, None, "anchors (&name) and aliases (*name) are not allowed in data files; write the value "
                            "out where it is used (the value anchored here is used again)", node.start_mark)
        return super().construct_object(node, deep)


for _tag, _, _first in _YAML_SCALARS:
    _Loader.add_implicit_resolver(_tag, _SCALAR_PATTERNS[_tag], list(_first))
    _Loader.add_constructor(_tag, _Loader.construct_strict_scalar)
_Loader.add_constructor("tag:yaml.org,2002:str", _Loader.construct_text)
_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_map)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
for _tag in ("binary", "omap", "pairs", "set"):  # explicit tags of types the format does not use: "no constructor"
    del _Loader.yaml_constructors[f"tag:yaml.org,2002:{_tag}"]


class Collector:
    """Gathers problems; `where` names the file as the user knows it."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.unreadable: set[str] = set()  # files refused whole: the rules that need them are skipped

    def add(self, file: str, record: str, field: str, message: str) -> None:
        self.problems.append(Problem(file, str(record), field, message))

    def refuse(self, file: str, message: str) -> None:
        """A file that cannot be read as a whole: one problem, and the file noted as `unreadable`, so that
        no rule runs on what is missing (a stray tab in events.yaml must not also make 55 "unknown event")."""
        self.add(file, "-", "-", message)
        self.unreadable.add(file)

    def readable(self, *files: str) -> bool:
        """None of `files` was refused whole: a rule that needs them can run."""
        return not self.unreadable.intersection(files)


def decode_text(raw: bytes, label: str, out: Collector) -> str | None:
    """The bytes as UTF-8 text (a leading byte order mark is dropped), or None with a problem recorded."""
    if b"\x00" in raw:
        out.refuse(label, f"contains NUL bytes (byte {raw.index(0)}): it is binary, or UTF-16/UTF-32 "
                                 "text; save the file as UTF-8")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        out.refuse(label, f"is not valid UTF-8 (byte {exc.start}); save the file as UTF-8")
    return None


def read_text(path: Path, label: str, out: Collector, limit: int = DATA_FILE_LIMIT) -> str | None:
    """The file's text, or None with a problem recorded."""
    try:
        raw = read_bytes(path, limit)
    except FileRefused as exc:
        out.refuse(label, f"file {exc}")
        return None
    return decode_text(raw, label, out)


def bad_character(text: str) -> str | None:
    """What is wrong with `text` if it holds a control character or a lone surrogate, else None."""
    found = _BAD_CHARACTER.search(text)
    if found is None:
        return None
    char = found.group()
    what = "a lone surrogate (half of a UTF-16 pair, not a character)" if "\ud800" <= char <= "\udfff" \
        else "a control character"
    return (f"contains {what} U+{ord(char):04X} at character {found.start() + 1}; text may hold any character "
            "except control characters (tab and line breaks are fine) and lone surrogates")


def _path_text(path: list[Any]) -> str:
    """A field's place in its record, e.g. `set.controller` or `citations[0].quote`."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else f"{'.' if text else ''}{step}"
    return text or "-"


def _located_flaws(data: Any, duplicates: Duplicates, label: str, out: Collector, record: str = "-") -> None:
    """Report duplicate keys and bad text against their record and field.

    A record is the outermost list item (named by its id, or its GeoJSON properties' id); the field
    is the path inside it. Walked without recursion: libyaml builds nesting deeper than Python's stack.
    """
    stack: list[tuple[Any, list[Any]]] = [(data, [])]
    while stack:
        value, path = stack.pop()
        problems: list[tuple[list[Any], str]] = []
        if isinstance(value, str):
            reason = bad_character(value)
            if reason:
                problems.append((path, reason))
        elif isinstance(value, dict):
            problems += [(path + [key if isinstance(key, str) else show(key)], message)
                         for key, message in duplicates.get(id(value), (value, []))[1]]
            for key, item in value.items():
                reason = bad_character(key) if isinstance(key, str) else None
                if reason:
                    problems.append((path + [key], "the field's name " + reason))
                stack.append((item, path + [key]))
        elif isinstance(value, list):
            stack += [(item, path + [i]) for i, item in enumerate(value)]
        for where, message in problems:
            first = next((i for i, step in enumerate(where) if isinstance(step, int)), None)
            if first is None:
                out.add(label, record, _path_text(where), message)
                continue
            item = _item_at(data, where[:first + 1])
            props = item.get("properties") if isinstance(item, dict) else None
            named = props if isinstance(props, dict) and "id" not in item else item
            rid = record_id(named, where[first]) if isinstance(named, dict) else f"#{where[first] + 1}"
            out.add(label, rid, _path_text(where[first + 1:]), message)


def _item_at(data: Any, path: list[Any]) -> Any:
    for step in path:
        data = data[step]
    return data


def _load_yaml(text: str, label: str, out: Collector, record: str = "-") -> tuple[bool, Any]:
    """(True, data), or (False, None) with the problem recorded."""
    fast, data = fast_yaml(text)
    if fast:
        return True, data
    loader = (_AliasRefusingLoader if "*" in text else _Loader)(text)  # an alias is written `*name`
    try:
        data = loader.get_single_data()  # a SafeLoader subclass: no arbitrary objects
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        position = getattr(exc, "position", None)  # a ReaderError: a character YAML does not allow
        where = (f"line {mark.line + 1}, column {mark.column + 1}" if mark
                 else f"character {position + 1}" if isinstance(position, int) else "unknown place")
        problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or "syntax error"
        context = getattr(exc, "context", None)
        out.refuse(label, f"invalid YAML at {where}: {context + ', ' if context else ''}{problem}")
        return False, None
    except RecursionError:
        out.refuse(label, "invalid YAML: nested too deeply (deeper than the parser can follow)")
        return False, None
    except PARSE_ERRORS as exc:
        out.refuse(label, f"invalid YAML: {clip(str(exc))}; write plain values without !!tags")
        return False, None
    finally:
        loader.dispose()
    if loader.duplicates or loader.suspect_text:
        _located_flaws(data, loader.duplicates, label, out, record)
    return True, data


def read_yaml_list(path: Path, label: str, out: Collector) -> list[dict[str, Any]]:
    """A YAML file holding a list of mappings; bad entries are reported, never dropped silently."""
    text = read_text(path, label, out)
    if text is None:
        return []
    ok, data = _load_yaml(text, label, out)
    if not ok:
        return []
    if data is None:
        out.refuse(label, "is empty; expected a list of records (write [] for none)")
        return []
    if not isinstance(data, list):
        out.refuse(label, f"must hold a list of records, found {type(data).__name__}")
        return []
    records = []
    for i, item in enumerate(data):
        if isinstance(item, dict):
            records.append(item)
        else:
            out.add(label, f"#{i + 1}", "-", f"must be a mapping of fields, found {type(item).__name__}")
    return records


def read_yaml_mapping(path: Path, label: str, out: Collector, record: str = "-") -> dict[str, Any]:
    """A YAML file holding one mapping; `record` names it in problems."""
    text = read_text(path, label, out)
    if text is None:
        return {}
    ok, data = _load_yaml(text, label, out, record)
    if not ok:
        return {}
    if data is None:
        out.refuse(label, "is empty; expected a mapping of fields")
        return {}
    if not isinstance(data, dict):
        out.refuse(label, f"must hold a mapping, found {type(data).__name__}")
        return {}
    return data


def read_json(path: Path, label: str, out: Collector) -> Any:
    text = read_text(path, label, out)
    if text is None:
        return None
    if not text.strip():
        out.refuse(label, "is empty; expected a JSON document")
        return None
    duplicates: Duplicates = {}

    def mapping(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        data = dict(pairs)
        if len(data) < len(pairs):  # a key came twice: the last one won
            counts = Counter(key for key, _ in pairs)
            duplicates[id(data)] = (data, [(key, duplicate_key(key, n)) for key, n in counts.items() if n > 1])
        return data

    try:
        data = json.loads(text, object_pairs_hook=mapping)
    except json.JSONDecodeError as exc:
        out.refuse(label, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
        return None
    except RecursionError:
        out.refuse(label, "invalid JSON: nested too deeply")
        return None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        out.refuse(label, f"invalid JSON: {clip(str(exc))}")
        return None
    if duplicates or "\\" in text:  # only escapes (\u0007, \ud800, \b) write bad characters into JSON text
        _located_flaws(data, duplicates, label, out)
    return data


CSV_FIELD_LIMIT = 131_072  # characters in one CSV value: the csv module's default limit


class _FieldTooLong(csv.Error):
    pass


def read_csv_rows(path: Path, label: str, out: Collector, columns: Iterable[str]) -> list[dict[str, str]]:
    """The rows as {column: text}, the header naming each of `columns` once and no other; a row with a wrong
    number of values or a bad character is reported."""
    text = read_text(path, label, out)
    if text is None:
        return []
    columns = tuple(columns)
    if not text.strip():
        out.refuse(label, f"is empty; expected a header line {','.join(columns)} and one row per record")
        return []
    check_characters = _BAD_CHARACTER.search(text) is not None
    reader = csv.DictReader(io.StringIO(text))
    rows = []
    try:
        header = reader.fieldnames or []
        wrong = {"missing": [c for c in columns if c not in header], "unknown": [c for c in header if c not in columns],
                 "repeated": sorted({c for c in header if header.count(c) > 1})}  # a repeated column's last value wins
        for flaw, names in wrong.items():
            if names:
                out.add(label, "header", ", ".join(names), f"{flaw} column(s); expected {', '.join(columns)}")
        if any(wrong.values()):
            out.unreadable.add(label)  # no row is read: the rows' ids must not be reported unknown
            return []
        for row in reader:
            if any(v is not None and len(v) > CSV_FIELD_LIMIT for v in row.values()):
                # The csv module's limit is the process's (a library may raise it): this one is the package's.
                raise _FieldTooLong(f"field larger than field limit ({CSV_FIELD_LIMIT})")
            if None in row or any(v is None for v in row.values()):
                out.add(label, f"line {reader.line_num}", "-",
                        f"wrong number of values for the header; expected {len(reader.fieldnames or ())}")
                continue
            flaws = [(column, bad_character(value)) for column, value in row.items()] if check_characters else []
            for column, reason in flaws:
                if reason:
                    out.add(label, f"line {reader.line_num}", column, reason)
            if not any(reason for _, reason in flaws):
                rows.append(row)
    except csv.Error as exc:  # e.g. a field longer than the limit
        # line_num counts the lines read: the bad row's own when this check found it, the one before when csv did
        where = reader.line_num if isinstance(exc, _FieldTooLong) else reader.line_num + 1
        out.add(label, f"line {where}", "-", f"invalid CSV: {exc}")
        out.unreadable.add(label)  # the rows after it are not read
    return rows


def record_id(rec: dict[str, Any], index: int) -> str:
    value = rec.get("id")
    return str(value) if isinstance(value, (str, int)) and str(value) else f"#{index + 1}"
