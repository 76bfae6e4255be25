"""Validation of records against the schemas of geo/schemas.py, and the one place that turns pydantic's
errors into the project's problems (file, record, field, what is allowed).

A field's words come from its declaration: its `description`, or its `Literal` values; a few schemas say
more of themselves (`WHOLE_PROBLEMS`, `UNKNOWN_FIELD_WORDS`).
"""

from __future__ import annotations

import contextlib
import functools
import re
import types
from collections.abc import Sequence
from typing import Annotated, Any, Literal, NotRequired, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel, Field, Tag, TypeAdapter, ValidationError, with_config
from pydantic.fields import FieldInfo
from typing_extensions import TypedDict, is_typeddict

from ._parse import Collector, record_id, show
from .schemas import (
    COVERAGE_WORDS,
    DATE_WORDS,
    STRICT,
    TEXT_WORDS,
    CitationRecord,
    CoverageRecord,
    NumberText,
)

# A schema's problem said once of the whole record where it is missing or no mapping, or where one of
# the listed fields is wrong: a citation without a source id is "no citation", whatever its other fields.
WHOLE_PROBLEMS: dict[Any, tuple[str, tuple[str, ...]]] = {
    CitationRecord: ("must be a mapping with a 'source' id", ("source",)),
    CoverageRecord: (COVERAGE_WORDS, ()),
}
# What a schema says of a field it does not have, where more can be said than "unknown field".
UNKNOWN_FIELD_WORDS: dict[Any, str] = {}
# Fields a schema once had, and what says it now (a file written for the old schema learns where to move it).
DISPUTED_RETIRED = ("'disputed' is no longer a field: give each side's account under 'accounts' (side, stance, date, "
                    "precision, by, summary, citations; docs/DATA.md), and a date conflict between pages in the note "
                    "of the citation that gives the other date")
RETIRED_FIELDS: dict[tuple[Any, str], str] = {}


def declare_words(schema: Any, whole: tuple[str, tuple[str, ...]] | None = None, unknown: str | None = None,
                  retired: dict[str, str] | None = None) -> None:
    """What a layer's own record schema says of itself (its module declares it beside the schema, since this module
    cannot import the layers): its problem said once of the whole (`WHOLE_PROBLEMS`), of a field it does not have
    (`UNKNOWN_FIELD_WORDS`), of its retired fields (`RETIRED_FIELDS`)."""
    if whole is not None:
        WHOLE_PROBLEMS[schema] = whole
    if unknown is not None:
        UNKNOWN_FIELD_WORDS[schema] = unknown
    for name, words in (retired or {}).items():
        RETIRED_FIELDS[(schema, name)] = words


def _unwrap(annotation: Any) -> Any:
    """The type inside Annotated[...] and X | None."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _schema(annotation: Any) -> Any:
    """The record schema (a model or a TypedDict) an annotation holds, or None."""
    inner = _unwrap(annotation)
    if is_typeddict(inner) or (isinstance(inner, type) and issubclass(inner, BaseModel)):
        return inner
    return None


def _fields(schema: Any) -> dict[str, Any]:
    """A schema's fields and their full annotations (with constraints and description)."""
    if is_typeddict(schema):
        hints = get_type_hints(schema, include_extras=True)
        return {name: _unwrap_required(hint) for name, hint in hints.items()}
    fields: dict[str, Any] = {}
    for name, info in schema.model_fields.items():
        extra = [*info.metadata, *([Field(description=info.description)] if info.description else [])]
        fields[name] = Annotated[(info.annotation, *extra)] if extra else info.annotation
    return fields


def _unwrap_required(hint: Any) -> Any:
    return get_args(hint)[0] if get_origin(hint) is NotRequired else hint


def _may_be_left_out(schema: Any, name: str) -> bool:
    if is_typeddict(schema):  # NotRequired written as text (postponed annotations) is not in __optional_keys__
        hint = get_type_hints(schema, include_extras=True)[name]
        return get_origin(hint) is NotRequired or name in schema.__optional_keys__
    return not schema.model_fields[name].is_required()


def _description(annotation: Any) -> str | None:
    """The description of `X` in `Annotated[X, Field(description=...)]` or `Annotated[X, NumberText(...)]`
    (also inside `X | None`)."""
    if get_origin(annotation) is Annotated:
        for meta in get_args(annotation)[1:]:
            if isinstance(meta, (FieldInfo, NumberText)) and meta.description:
                return meta.description
        return _description(get_args(annotation)[0])
    if get_origin(annotation) in (Union, types.UnionType):
        found = [d for a in get_args(annotation) if a is not type(None) and (d := _description(a))]
        return found[0] if found else None
    return None


def _tagged_branch(union: Any, tag: Any) -> Any:
    """The branch of a discriminated union marked `Tag(tag)`, or None."""
    if get_origin(union) not in (Union, types.UnionType):
        return None
    for branch in get_args(union):
        if get_origin(branch) is Annotated and any(isinstance(m, Tag) and m.tag == tag for m in get_args(branch)[1:]):
            return branch
    return None


class _Where:
    """Where an error sits: its field path, the schema holding the field, and what the field allows."""

    def __init__(self, schema: Any, loc: Sequence[Any]) -> None:
        self.loc: list[Any] = []
        self.holder: Any = schema
        self.holder_loc: list[Any] = []
        self.annotation: Any = None  # the field's, None where it cannot be followed
        self.optional = False  # the field may be left out
        self.in_union = False  # the error is about one branch of a union: say what the whole field allows
        annotation: Any = schema
        for step in loc:
            inner = _unwrap(annotation)
            self.optional = False  # until a step names a field that may be left out
            if isinstance(step, int) and get_origin(inner) is list:
                annotation = self.annotation = get_args(inner)[0]  # the item's
                self.loc.append(step)
                continue
            if get_origin(inner) is dict:  # a value's key, or "[key]" after it for the key itself
                annotation = self.annotation = get_args(inner)[0 if step == "[key]" else 1]
                if step != "[key]":
                    self.loc.append(step)
                continue
            branch = _tagged_branch(inner, step)
            if branch is not None:  # a discriminated union's branch: the fields follow
                annotation = branch
                continue
            here = _schema(inner)
            if here is None or not isinstance(step, str):
                self.in_union = True  # a union's branch tag, e.g. 'bool' in `bool | Literal['partly']`
                return
            self.holder, self.holder_loc = here, list(self.loc)
            self.loc.append(step)
            self.annotation = _fields(here).get(step)
            if self.annotation is None:
                return  # a field the schema does not have
            self.optional = _may_be_left_out(here, step)
            annotation = self.annotation

    @property
    def allowed(self) -> str | None:
        """What the field allows, in words: its description, or its Literal values."""
        if self.annotation is None:
            return None
        described = _description(self.annotation)
        if described:
            return described
        literal = _unwrap(self.annotation)
        if get_origin(literal) is Literal:
            return "allowed: " + ", ".join(str(v) for v in get_args(literal))
        return None

    @property
    def number_text(self) -> bool:
        """The field holds a number written as text (`NumberText`)."""
        return get_origin(self.annotation) is Annotated and any(
            isinstance(meta, NumberText) for meta in get_args(self.annotation)[1:])

    @property
    def item_schema(self) -> Any:
        """The schema the erring value should have had (None for a list: its items have one)."""
        if self.annotation is None:
            return None
        return None if get_origin(_unwrap(self.annotation)) is list else _schema(self.annotation)


_RANGE = re.compile(r"a (number|whole number) from (\S+) to (\S+)")


def _message(where: _Where, error: Any) -> str:
    """One pydantic error in the project's words: what is wrong and what is allowed."""
    kind, value, allowed = error["type"], error.get("input"), where.allowed
    if kind == "extra_forbidden":
        said = RETIRED_FIELDS.get((where.holder, where.loc[-1]) if where.loc else (None, ""),
                                  UNKNOWN_FIELD_WORDS.get(where.holder, "unknown field"))
        return f"{said}; allowed: " + ", ".join(_fields(where.holder))
    if allowed and allowed.startswith(("must ", "needs ")) and kind in ("missing", "list_type", "too_short"):
        return allowed  # a list's rule, said as a sentence
    if where.number_text and kind != "missing":
        return f"{show(value)} is not allowed; expected {allowed}"
    if value is None and where.optional and allowed:  # written null where it may only be left out
        said = allowed if allowed.startswith("allowed:") else f"expected {allowed}"
        return f"None is not allowed; {said} (or no {where.loc[-1]!r} at all)"
    if kind == "missing" or (value is None and allowed and kind != "custom_error"):
        if allowed and allowed.startswith("allowed:"):
            return f"is required; {allowed}"
        return f"is required ({allowed})" if allowed else "is required"
    if where.in_union and allowed and not allowed.startswith("allowed:"):
        return f"{show(value)} is not {allowed}"
    if where.in_union or kind == "literal_error":
        return f"{show(value)} is not allowed; {allowed or 'allowed: ' + error['ctx']['expected']}"
    bounds = _RANGE.fullmatch(allowed or "")
    if bounds:
        number, low, high = bounds.groups()
        if kind == "int_type":
            return f"{show(value)} is not a {number}; expected {low} to {high}"
        if (isinstance(value, int) and not isinstance(value, bool)) or kind in ("greater_than_equal",
                                                                                "less_than_equal"):
            return f"{show(value)} is outside the allowed range {low} to {high}"  # an int too large for a float too
        return f"{show(value)} is not a number; expected {low} to {high}"
    if allowed == DATE_WORDS:
        return f"{show(value)} is not a real date; expected YYYY-MM-DD"
    if kind == "string_type" and allowed not in (None, TEXT_WORDS):
        return f"{show(value)} is not {allowed}"
    if kind == "string_type":
        return f"must be text, found {type(value).__name__}"
    if kind == "string_pattern_mismatch":
        return f"is required ({TEXT_WORDS})" if allowed == TEXT_WORDS else f"{show(value)} is not {allowed}"
    if kind == "int_type":
        return f"{show(value)} is not {allowed or 'an integer'}"
    if kind == "list_type":
        return f"must be {allowed or 'a list'}, found {type(value).__name__}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"must be {allowed or 'a mapping of fields'}, found {type(value).__name__}"
    message: str = error["msg"]
    return message.removeprefix("Value error, ")


def field_text(loc: Sequence[Any]) -> str:
    """A field's place in its record, e.g. `set.controller` or `citations[0].quote`."""
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else f"{'.' if text else ''}{step}"
    return text or "-"


def problems_of(error: ValidationError, schema: Any, within: Sequence[str] = ()) -> dict[str, str]:
    """{field path: message} for one record's validation errors, at most one per field; `within` is where
    the validated mapping sits in its record (e.g. a feature's `properties`)."""
    found: dict[str, str] = {}
    for e in error.errors(include_url=False):
        where = _Where(schema, e["loc"])
        loc, message = where.loc, None
        item_whole = WHOLE_PROBLEMS.get(where.item_schema)
        holder_whole = WHOLE_PROBLEMS.get(where.holder)
        if e["type"] in ("model_type", "dict_type", "missing") and item_whole:
            message = item_whole[0]  # the record is missing or no mapping
        elif holder_whole and loc[-1:] and loc[-1] in holder_whole[1]:
            loc, message = where.holder_loc, holder_whole[0]
        if e["type"] == "custom_error" and (e.get("ctx") or {}).get("field"):
            loc = [*loc, e["ctx"]["field"]]
        found.setdefault(field_text([*within, *loc]), message or _message(where, e))
    return found


def report(error: ValidationError, schema: Any, label: str, rid: str, out: Collector, within: Sequence[str] = ()
           ) -> None:
    """Every error of one record's validation as a problem against `label`, `rid` and the field."""
    for field, message in problems_of(error, schema, within).items():
        out.add(label, rid, field, message)


def validate_records(schema: Any, records: list[dict[str, Any]], label: str, out: Collector
                     ) -> list[tuple[dict[str, Any], Any]]:
    """Each raw record with its validated value (None if refused, its problems reported).

    The whole list is validated at once (pydantic's loop, in Rust); only a list with errors is
    validated again record by record, to keep the good ones.
    """
    try:
        return list(zip(records, _list_adapter(schema).validate_python(records), strict=True))
    except ValidationError:
        pass
    result: list[tuple[dict[str, Any], Any]] = []
    for i, rec in enumerate(records):
        try:
            result.append((rec, _item_adapter(schema).validate_python(rec)))
        except ValidationError as exc:
            report(exc, schema, label, record_id(rec, i), out)
            result.append((rec, None))
    return result


# Each validator is built once per schema, and only when first asked for: building one costs about a millisecond
# a schema, and a valid package asks most schemas for one of the two only (half the cost at the app's start).
@functools.cache
def _list_adapter(schema: Any) -> TypeAdapter[Any]:
    return TypeAdapter(list[schema])


@functools.cache
def _item_adapter(schema: Any) -> TypeAdapter[Any]:
    return TypeAdapter(schema)


def valid_fields(schema: Any, rec: dict[str, Any]) -> dict[str, Any]:
    """The fields of a refused record that are valid on their own, validated: what a reader can still
    check or register (a source's id, so that the claims citing it do not add "unknown source")."""
    adapter = _partial_adapter(schema)
    found: dict[str, Any] = {}
    for key, value in rec.items():
        with contextlib.suppress(ValidationError):
            found.update(adapter.validate_python({key: value}))
    return found


@functools.cache
def _partial_adapter(schema: Any) -> TypeAdapter[Any]:
    """A validator of the schema's fields with none required."""
    partial = TypedDict(f"{schema.__name__}Fields", _fields(schema), total=False)  # type: ignore[misc]
    return TypeAdapter(with_config(STRICT)(partial))


def validate_one(schema: Any, rec: Any, label: str, rid: str, out: Collector, within: Sequence[str] = ()) -> Any:
    """One record (or the mapping at `within` in it) validated, or None with its problems reported."""
    try:
        return _item_adapter(schema).validate_python(rec)
    except ValidationError as exc:
        report(exc, schema, label, rid, out, within)
        return None


def validate_record(schema: Any, rec: dict[str, Any], label: str, rid: str, out: Collector) -> dict[str, Any]:
    """One record's valid fields, validated: all of them, or those valid on their own with the
    record's problems reported."""
    value = validate_one(schema, rec, label, rid, out)
    return dict(value) if value is not None else valid_fields(schema, rec)
