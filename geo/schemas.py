"""Declared schemas of the data files' records (pydantic v2), and the one place that turns pydantic's
errors into the project's problems (file, record, field, what is allowed).

Every record model forbids unknown fields and is strict: YAML text never becomes a number, a date or a
boolean by coercion (`"0700"` stays text and is refused where a number belongs). Enumerations are the
`Literal` types of geo/settings.py; dates are `IsoDate`, written `YYYY-MM-DD` exactly.
"""

from __future__ import annotations

import datetime as dt
import math
import types
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from geojson_pydantic import MultiPolygon, Polygon
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
)
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from . import settings as S
from ._parse import Collector, record_id, show
from .dates import parse_iso_date

M = TypeVar("M", bound=BaseModel)


# --- field types ---------------------------------------------------------------------------------


def _iso_date(value: Any) -> Any:
    if value is None:
        raise PydanticCustomError("required", "is required (a date YYYY-MM-DD)")
    if isinstance(value, str):
        try:
            return parse_iso_date(value)
        except ValueError:
            pass
    raise PydanticCustomError("iso_date", "{value} is not a real date; expected YYYY-MM-DD", {"value": show(value)})


def _number_in(low: float, high: float) -> Callable[[Any], Any]:
    """A number from `low` to `high`, said in those words (no bool, NaN or infinity; huge integers refused)."""
    def check(value: Any) -> float:
        if value is None:
            raise PydanticCustomError("required", f"is required (a number from {low} to {high})")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (
                isinstance(value, float) and not math.isfinite(value)):  # math.isfinite(10**400) overflows
            raise PydanticCustomError("number", "{value} is not a number; expected {range}",
                                      {"value": show(value), "range": f"{low} to {high}"})
        if not low <= value <= high:
            raise PydanticCustomError("range", "{value} is outside the allowed range {range}",
                                      {"value": show(value), "range": f"{low} to {high}"})
        return float(value)
    return check


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date), Field(description="a date YYYY-MM-DD")]
Text = Annotated[str, Field(pattern=r"\S", description="a non-empty text")]
Share = Annotated[float, BeforeValidator(_number_in(0.0, 1.0)), Field(description="a number from 0.0 to 1.0")]


class _Record(BaseModel):
    """A record of a data file: strict, unknown fields refused, immutable."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# --- control.yaml --------------------------------------------------------------------------------


class CitationRecord(_Record):
    source: str
    quote: str | None = None
    note: str | None = None


def _citations(value: Any) -> Any:
    if not isinstance(value, list) or not value:
        raise PydanticCustomError("citations", "needs at least one citation ({{source, quote}} or {{source, note}})")
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("source"), str):
            return value  # reported per item below
    return value


def _citation(value: Any) -> Any:
    if not isinstance(value, dict) or not isinstance(value.get("source"), str):
        raise PydanticCustomError("citation", "must be a mapping with a 'source' id")
    return value


Citations = Annotated[list[Annotated[CitationRecord, BeforeValidator(_citation)]], BeforeValidator(_citations)]


class FigureRecord(_Record):
    value: Share
    citations: Citations = Field(default=None, validate_default=True)


def _state_set(value: Any) -> Any:
    if not isinstance(value, dict) or not value:
        raise PydanticCustomError("set", f"must map one or more of {', '.join(S.STATE_FIELDS)} to new values")
    return value


def _zone(value: Any) -> Any:
    if not isinstance(value, bool) and value != S.ZONE_PARTLY:
        raise PydanticCustomError("zone", "{value} is not allowed; allowed: true, false, {partly}",
                                  {"value": show(value), "partly": S.ZONE_PARTLY})
    return value


class StateSet(_Record):
    """The fields of a district's state that a change sets; the others keep their values (forward fill)."""

    controller: S.Controller | None = None
    share: Share | None = None
    pending_handover: IsoDate | None = None
    peacekeeping_zone: Annotated[bool | Literal["partly"], BeforeValidator(_zone)] = False

    @field_validator("share")
    @classmethod
    def _share_only_when_split(cls, share: float | None, info: Any) -> float | None:
        controller = info.data.get("controller")
        if share is not None and controller not in (None, "split"):
            raise PydanticCustomError("share", "a share is only allowed when controller is 'split'")
        return share

    def given(self) -> dict[str, Any]:
        """Only the fields the record sets."""
        return {key: getattr(self, key) for key in S.STATE_FIELDS if key in self.model_fields_set}


class ChangeRecord(_Record):
    """One record of control.yaml: a change of one district's state on a date."""

    id: Text
    district: Text
    date: IsoDate
    precision: S.Precision
    kind: S.ChangeKind
    event: Text | None = None
    summary: Text
    set: Annotated[StateSet, BeforeValidator(_state_set)] = Field(default=None, validate_default=True)
    figures: list[FigureRecord] = []
    citations: Citations = Field(default=None, validate_default=True)  # missing: "needs at least one citation"


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
    fixes: list[Text] = []


class NamesEntry(_Record):
    """One district of names.yaml, the table build-districts names the districts from."""

    en: Text
    az: Text | None = None
    hy: Text | None = None
    ru: Text | None = None
    label: Text | None = None
    aliases: list[Text] = []
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


def _field_at(model: type[BaseModel], loc: Sequence[Any]) -> tuple[type[BaseModel] | None, FieldInfo | None]:
    """The model holding the field at `loc` and the field's info (None where it cannot be followed)."""
    holder: Any = model
    info: FieldInfo | None = None
    annotation: Any = model
    for step in loc:
        annotation = _unwrap(annotation)
        if isinstance(step, int):
            if get_origin(annotation) is not list:
                return None, None
            annotation = get_args(annotation)[0]
            continue
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return None, None
        holder = annotation
        info = annotation.model_fields.get(step)
        if info is None:
            return holder, None
        annotation = info.annotation if not info.metadata else Annotated[(info.annotation, *info.metadata)]
    return holder, info


def _allowed(info: FieldInfo | None) -> str | None:
    """What a field allows, in words: its description, or its Literal values."""
    if info is None:
        return None
    if info.description:
        return info.description
    for arg in get_args(info.annotation):  # the description of X in `X | None`
        described = [m.description for m in getattr(arg, "__metadata__", ()) if isinstance(m, FieldInfo)]
        if any(described):
            return next(d for d in described if d)
    literal = _unwrap(info.annotation)
    if get_origin(literal) is Literal:
        return "allowed: " + ", ".join(str(v) for v in get_args(literal))
    return None


def field_text(loc: Sequence[Any]) -> str:
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else f"{'.' if text else ''}{step}"
    return text or "-"


def error_message(model: type[BaseModel], error: Any) -> str:
    """One pydantic error in the project's words: what is wrong and what is allowed."""
    kind, loc, value = error["type"], error["loc"], error.get("input")
    holder, info = _field_at(model, loc)
    allowed = _allowed(info)
    if kind == "extra_forbidden":
        names = list(holder.model_fields) if holder is not None else []
        return "unknown field; allowed: " + ", ".join(names)
    if kind == "missing" or (value is None and kind in ("string_type", "literal_error", "int_type")):
        if allowed and allowed.startswith("allowed:"):
            return f"is required; {allowed}"
        return f"is required ({allowed})" if allowed else "is required"
    if kind == "literal_error":
        return f"{show(value)} is not allowed; {allowed or 'allowed: ' + error['ctx']['expected']}"
    if kind == "string_type":
        return f"must be text, found {type(value).__name__}"
    if kind == "string_pattern_mismatch":
        return "is required (a non-empty text)" if allowed == "a non-empty text" else \
            f"{show(value)} is not allowed; expected {allowed}"
    if kind == "int_type":
        return f"{show(value)} is not a GeoNames id (an integer)" if loc[-1] == S.P_CENTRE else \
            f"{show(value)} is not an integer"
    if kind in ("list_type",):
        return f"must be a list, found {type(value).__name__}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"must be a mapping of fields, found {type(value).__name__}"
    if kind in ("bool_type",):
        return f"{show(value)} is not allowed; allowed: true, false"
    message: str = error["msg"]
    return message.removeprefix("Value error, ")


def report(error: ValidationError, model: type[BaseModel], label: str, rid: str, out: Collector,
           prefix: Sequence[Any] = ()) -> None:
    """Every error of one record's validation as a problem against `label`, `rid` and the field."""
    for e in error.errors(include_url=False):
        loc = [*prefix, *e["loc"]]
        # A custom validator of a whole field reports at the field, not inside its union branches.
        loc = [step for step in loc if not (isinstance(step, str) and step in ("bool", "literal['partly']"))]
        out.add(label, rid, field_text(loc), error_message(model, {**e, "loc": tuple(loc[len(prefix):])}))


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
