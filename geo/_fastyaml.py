"""A fast path for reading large YAML data files: rapidyaml (C++) parses and writes JSON, which the C JSON
parser reads; about 20 times faster than PyYAML building Python objects node by node.

It is taken only for text in which both readers must agree: no anchors, aliases, tags, escapes but `\"`, tabs,
merge keys, directives or document markers; no character YAML forbids; no plain value that the data
format reads otherwise than JSON (`~`, `True`, `NULL`, `+1`) and no key that is not text. Anything else,
any parse error and any duplicate key go to the strict PyYAML loader of geo/_parse.py, which reports the
problem with its line. A differential test (tests/geo/test_fast_yaml.py) holds the two readers equal.
"""

from __future__ import annotations

import json
import re
from typing import Any

try:
    import ryml
except ImportError:  # the strict loader alone still reads everything, only slower
    ryml = None

# Text only the strict loader reads as the format means it, or reports exactly: tags, tabs, CR, `~`, and the
# characters YAML forbids (C0 controls, DEL).
_SLOW_BYTES = re.compile(rb"[\x00-\x09\x0b-\x1f\x7f!~\r]")
# Escapes, anchors and aliases: each is looked at where it stands (a search for the context at every position of a
# large file costs 15 times the search for these bytes).
_MARKS = re.compile(rb"[&*\\]")
_NODE_START = b"\n[{,:"  # after one of these (and spaces) a node may start: `&` or `*` there is an anchor or alias
# Explicit keys, directives, plain values the format reads otherwise than JSON (`True` is a boolean,
# `NULL` null), merge keys, document markers.
_SLOW_WORDS = ("? ", "\n%", "Null", "NULL", "True", "TRUE", "False", "FALSE", "<<", "\n---", "\n...")
# Outside ASCII: what YAML forbids (C1 controls, surrogates, U+FFFE, U+FFFF) and the line breaks YAML 1.1
# knows beside LF (NEL, U+2028, U+2029).
_FORBIDDEN = re.compile("[^\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# A key that is not text in the format (a number, null, a boolean): JSON would make it text.
_NOT_TEXT_KEY = re.compile(r"[-+.0-9]|(?:null|true|false)\Z")


class _Declined(Exception):
    """The fast path cannot vouch for this text."""


_TEXT_KEYS: set[str] = set()  # keys seen to be text: most files use a few dozen field names


def _mapping(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) < len(pairs):  # a duplicate key: the strict loader reports it with its lines
        raise _Declined
    if not _TEXT_KEYS.issuperset(data):
        for key in data:
            if not key or _NOT_TEXT_KEY.match(key):
                raise _Declined
        if len(_TEXT_KEYS) < 10_000:
            _TEXT_KEYS.update(data)
    return data


def fast_yaml(text: str) -> tuple[bool, Any]:
    """(True, data) when the fast path can read `text` exactly as the strict loader would, else (False, None)."""
    raw = text.encode("utf-8")
    if (ryml is None or _SLOW_BYTES.search(raw) or _marks_declined(raw) or any(word in text for word in _SLOW_WORDS)
            or text.startswith(("---", "...")) or (not text.isascii() and _FORBIDDEN.search(text))):
        return False, None
    try:
        pieces = _pieces(raw)
        if len(pieces) > 1:
            return True, [record for piece in pieces for record in _list(piece)]
        tree = ryml.parse_in_arena(raw)
        if tree.size() <= 1:  # an empty document: the strict loader says so
            return False, None
        return True, json.loads(ryml.emit_json(tree), object_pairs_hook=_mapping)
    except Exception:  # noqa: BLE001 - rapidyaml's errors have no common base; every one means "read it slowly"
        return False, None


def _marks_declined(raw: bytes) -> bool:
    """Whether an escape other than `\\"` (YAML has escapes JSON has not), or an `&` or `*` where a node may
    start (an anchor or alias; within a value, as in a URL's query or "A & B", it is text) is in the text."""
    for mark in _MARKS.finditer(raw):
        at = mark.start()
        if raw[at] == ord("\\"):
            if raw[at + 1:at + 2] != b'"':
                return True
            continue
        start = at  # of the spaces before the mark
        while start and raw[start - 1] == ord(" "):
            start -= 1
        if not start or raw[start - 1] in _NODE_START:
            return True
        if raw[start - 1] == ord("-") and (start == 1 or raw[start - 2] in b" \n"):  # a sequence's entry
            return True
    return False


PIECE = 4_000_000  # bytes of a large list parsed at once: rapidyaml's tree takes ~15 times its text (43 MB: 630 MB)


def _pieces(raw: bytes) -> list[bytes]:
    """A large top-level list cut before some of its entries (a line starting `- `) into pieces of about
    `PIECE` bytes, each a list of whole entries. A cut inside a multi-line quoted or flow value leaves a
    piece with an unclosed quote or bracket, which rapidyaml refuses: the whole text is then read slowly."""
    if len(raw) <= PIECE or not raw.startswith(b"- "):
        return [raw]
    pieces, start = [], 0
    while len(raw) - start > PIECE:
        cut = raw.find(b"\n- ", start + PIECE)
        if cut < 0:
            break
        pieces.append(raw[start:cut + 1])
        start = cut + 1
    pieces.append(raw[start:])
    return pieces


def _list(piece: bytes) -> list[Any]:
    """A piece's entries; `_Declined` unless it reads as a list (each tree freed before the next is built)."""
    data = json.loads(ryml.emit_json(ryml.parse_in_arena(piece)), object_pairs_hook=_mapping)
    if not isinstance(data, list):
        raise _Declined
    return data
