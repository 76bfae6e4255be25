"""Declared schemas of the data files' records (pydantic v2), and the one place that turns pydantic's
errors into the project's problems (file, record, field, what is allowed).

Every record model forbids unknown fields and is strict: YAML text never becomes a number, a date or a
boolean by coercion (`"0700"` stays text and is refused where a number belongs). Enumerations are the
`Literal` types of geo/settings.py; dates are `IsoDate`, written `YYYY-MM-DD` exactly.
"""

from __future__ import annotations

import datetime as dt
import re
import types
from collections.abc import Sequence
from typing import Annotated, Any, ClassVar, Literal, TypeVar, Union, get_args, get_origin

from geojson_pydantic import MultiPolygon, Polygon
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError, core_schema

from . import settings as S
from ._parse import Collector, record_id, show

M = TypeVar("M", bound=BaseModel)


# --- field types ---------------------------------------------------------------------------------
# Checked by pydantic's core (Rust) without a Python call per value; `error_message` says what each
# type allows from its description.

DATE_WORDS = "a date YYYY-MM-DD"
TEXT_WORDS = "a non-empty text"
CITATIONS_WORDS = "needs at least one citation ({source, quote} or {source, note})"


class _IsoDate:
    """`YYYY-MM-DD` exactly (no week dates, no `20201110`, no time), and a real date."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> core_schema.CoreSchema:
        return core_schema.chain_schema([
            core_schema.str_schema(strict=True, pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
            core_schema.date_schema(strict=False),  # from that text only
        ])


IsoDate = Annotated[dt.date, _IsoDate, Field(description=DATE_WORDS)]
Text = Annotated[str, Field(pattern=r"\S", description=TEXT_WORDS)]
Share = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False, description="a number from 0.0 to 1.0")]
Zone = Annotated[bool | Literal["partly"], Field(description="allowed: true, false, partly")]


class _Record(BaseModel):
    """A record of a data file: strict, unknown fields refused, immutable."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# --- control.yaml --------------------------------------------------------------------------------


class CitationRecord(_Record):
    """A claim's source: a seed with a verbatim quote, or an external source with a note."""

    # Any problem with `source` (or a citation that is no mapping) is said of the citation as a whole.
    whole_problem: ClassVar[str] = "must be a mapping with a 'source' id"
    whole_fields: ClassVar[tuple[str, ...]] = ("source",)

    source: str
    quote: str | None = None
    note: str | None = None


Citations = Annotated[list[CitationRecord], Field(min_length=1, description=CITATIONS_WORDS)]


class FigureRecord(_Record):
    """One sourced value of a disputed share."""

    value: Share
    citations: Citations


class StateSet(_Record):
    """The fields of a district's state that a change sets; the others keep their values (forward fill)."""

    whole_problem: ClassVar[str] = f"must map one or more of {', '.join(S.STATE_FIELDS)} to new values"
    whole_fields: ClassVar[tuple[str, ...]] = ()

    controller: S.Controller | None = None
    share: Share | None = None
    pending_handover: IsoDate | None = None
    peacekeeping_zone: Zone = False

    @model_validator(mode="after")
    def _meaningful(self) -> StateSet:
        if not self.model_fields_set:
            raise PydanticCustomError("set", self.whole_problem)
        if self.share is not None and self.controller not in (None, "split"):
            raise PydanticCustomError("share", "set.share: a share is only allowed when controller is 'split'")
        return self

    def given(self) -> dict[str, Any]:
        """Only the fields the record sets."""
        given = self.model_fields_set
        return {key: value for key, value in self.__dict__.items() if key in given}


class ChangeRecord(_Record):
    """One record of control.yaml: a change of one district's state on a date."""

    id: Text
    district: Text
    date: IsoDate
    precision: S.Precision
    kind: S.ChangeKind
    event: Text | None = None
    summary: Text
    set: StateSet
    figures: list[FigureRecord] = Field(default_factory=list)  # a factory: pydantic deep-copies a [] default
    citations: Citations


# --- districts.geojson and names.yaml ------------------------------------------------------------


Geometry = TypeAdapter(Annotated[Union[Polygon, MultiPolygon], Field(discriminator="type")])  # noqa: UP007


class Provenance(_Record):
    """Where districts.geojson comes from; the app shows source, credit, licence, scale and the fixes."""

    source: Text
    source_file: Text | None = None
    source_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$", description="64 lower-case hexadecimal digits")
                             ] | None = None
    credit: Text
    licence: Text
    scale: Text | None = None
    coordinates: Text | None = None
    area: Text | None = None
    fixes: list[Text] = Field(default_factory=list)


class NamesEntry(_Record):
    """One district of names.yaml, the table build-districts names the districts from."""

    en: Text
    az: Text | None = None
    hy: Text | None = None
    ru: Text | None = None
    label: Text | None = None
    aliases: list[Text] = Field(default_factory=list)
    role: S.Role = "context"
    parent: Text | None = None
    centre: int | None = None


# --- pydantic's errors as the project's problems -------------------------------------------------


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


def _annotation(info: FieldInfo) -> Any:
    return Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation


def _model(annotation: Any) -> type[BaseModel] | None:
    inner = _unwrap(annotation)
    return inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None


class _Where:
    """Where an error sits: its field path, the model holding the field, and what the field allows."""

    def __init__(self, model: type[BaseModel], loc: Sequence[Any]) -> None:
        self.loc: list[Any] = []
        self.holder: type[BaseModel] = model
        self.holder_loc: list[Any] = []
        self.info: FieldInfo | None = None
        self.in_union = False  # the error is about one branch of a union: say what the whole field allows
        annotation: Any = model
        for step in loc:
            inner = _unwrap(annotation)
            if isinstance(step, int) and get_origin(inner) is list:
                annotation = get_args(inner)[0]
                self.loc.append(step)
                continue
            model_here = _model(inner)
            if model_here is None or not isinstance(step, str):
                self.in_union = True  # a union's branch tag, e.g. 'bool' in `bool | Literal['partly']`
                return
            self.holder, self.holder_loc = model_here, list(self.loc)
            self.loc.append(step)
            self.info = model_here.model_fields.get(step)
            if self.info is None:
                return  # a field the model does not have
            annotation = _annotation(self.info)

    @property
    def allowed(self) -> str | None:
        """What the field allows, in words: its description, or its Literal values."""
        if self.info is None:
            return None
        if self.info.description:
            return self.info.description
        union = get_origin(self.info.annotation) in (Union, types.UnionType)
        for arg in get_args(self.info.annotation) if union else ():  # the description of X in `X | None`
            described = [m.description for m in getattr(arg, "__metadata__", ()) if isinstance(m, FieldInfo)]
            if any(described):
                return next(d for d in described if d)
        literal = _unwrap(self.info.annotation)
        if get_origin(literal) is Literal:
            return "allowed: " + ", ".join(str(v) for v in get_args(literal))
        return None

    @property
    def field_model(self) -> type[BaseModel] | None:
        """The model the field holds (a list's items' model too), if any."""
        if self.info is None:
            return None
        inner = _unwrap(_annotation(self.info))
        if get_origin(inner) is list:  # only an error about one item is about the item's model
            return _model(get_args(inner)[0]) if self.loc and isinstance(self.loc[-1], int) else None
        return _model(inner)


_RANGE = re.compile(r"a number from (\S+) to (\S+)")


def _message(where: _Where, error: Any) -> str:
    """One pydantic error in the project's words: what is wrong and what is allowed."""
    kind, value, allowed = error["type"], error.get("input"), where.allowed
    if kind == "extra_forbidden":
        return "unknown field; allowed: " + ", ".join(where.holder.model_fields)
    if allowed == CITATIONS_WORDS and kind in ("missing", "list_type", "too_short"):
        return CITATIONS_WORDS
    if kind == "missing" or (value is None and allowed and kind != "custom_error"):
        if allowed and allowed.startswith("allowed:"):
            return f"is required; {allowed}"
        return f"is required ({allowed})" if allowed else "is required"
    if where.in_union or kind == "literal_error":
        return f"{show(value)} is not allowed; {allowed or 'allowed: ' + error['ctx']['expected']}"
    bounds = _RANGE.fullmatch(allowed or "")
    if bounds:
        low, high = bounds.groups()
        if (isinstance(value, int) and not isinstance(value, bool)) or kind in ("greater_than_equal",
                                                                                "less_than_equal"):
            return f"{show(value)} is outside the allowed range {low} to {high}"  # an int too large for a float too
        return f"{show(value)} is not a number; expected {low} to {high}"
    if allowed == DATE_WORDS:
        return f"{show(value)} is not a real date; expected YYYY-MM-DD"
    if kind == "string_type":
        return f"must be text, found {type(value).__name__}"
    if kind == "string_pattern_mismatch":
        return f"is required ({TEXT_WORDS})" if allowed == TEXT_WORDS else f"{show(value)} is not {allowed}"
    if kind == "int_type":
        return f"{show(value)} is not a GeoNames id (an integer)" if where.loc[-1:] == [S.P_CENTRE] else \
            f"{show(value)} is not an integer"
    if kind == "list_type":
        return f"must be a list, found {type(value).__name__}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"must be a mapping of fields, found {type(value).__name__}"
    message: str = error["msg"]
    return message.removeprefix("Value error, ")


def field_text(loc: Sequence[Any]) -> str:
    """A field's place in its record, e.g. `set.controller` or `citations[0].quote`."""
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else f"{'.' if text else ''}{step}"
    return text or "-"


def problems_of(error: ValidationError, model: type[BaseModel]) -> dict[str, str]:
    """{field path: message} for one record's validation errors, at most one per field.

    A model may say a `whole_problem` of itself: said once at the model's place when it is missing or
    no mapping, or when one of its `whole_fields` is wrong (a citation without a source id).
    """
    found: dict[str, str] = {}
    for e in error.errors(include_url=False):
        where = _Where(model, e["loc"])
        loc, message = where.loc, None
        item = where.field_model
        if e["type"] in ("model_type", "missing") and getattr(item, "whole_problem", None):
            message = item.whole_problem  # type: ignore[union-attr]
        elif loc[-1:] and loc[-1] in getattr(where.holder, "whole_fields", ()):
            loc, message = where.holder_loc, getattr(where.holder, "whole_problem", None)
        if e["type"] == "custom_error" and (e.get("ctx") or {}).get("field"):
            loc = [*loc, e["ctx"]["field"]]
        found.setdefault(field_text(loc), message or _message(where, e))
    return found


def report(error: ValidationError, model: type[BaseModel], label: str, rid: str, out: Collector) -> None:
    """Every error of one record's validation as a problem against `label`, `rid` and the field."""
    for field, message in problems_of(error, model).items():
        out.add(label, rid, field, message)


def validate_records(model: type[M], records: list[dict[str, Any]], label: str, out: Collector
                     ) -> list[tuple[dict[str, Any], M | None]]:
    """Each raw record with its validated model (None if refused, its problems reported).

    The whole list is validated at once (pydantic's loop, in Rust); only a list with errors is
    validated again record by record, to keep the good ones.
    """
    try:
        return list(zip(records, _list_adapter(model).validate_python(records), strict=True))
    except ValidationError:
        pass
    result: list[tuple[dict[str, Any], M | None]] = []
    for i, rec in enumerate(records):
        try:
            result.append((rec, model.model_validate(rec)))
        except ValidationError as exc:
            report(exc, model, label, record_id(rec, i), out)
            result.append((rec, None))
    return result


_ADAPTERS: dict[type[BaseModel], TypeAdapter[Any]] = {}


def _list_adapter(model: type[M]) -> TypeAdapter[list[M]]:
    if model not in _ADAPTERS:
        _ADAPTERS[model] = TypeAdapter(list[model])  # type: ignore[valid-type]
    return _ADAPTERS[model]
