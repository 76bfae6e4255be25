"""The fast YAML path (rapidyaml) must read every text exactly as the strict loader does, or leave it to
the strict loader: the project's YAML rules (no YAML 1.1 readings, no duplicate keys, no aliases) hold
whichever path reads a file."""

from __future__ import annotations

from pathlib import Path

import pytest

import geo._fastyaml as fast
from geo._parse import Collector, _load_yaml
from geo.settings import DEFAULT_DATA_DIR

FIXTURE = Path(__file__).parents[1] / "fixtures" / "mini"
FILES = sorted([*DEFAULT_DATA_DIR.glob("*.yaml"), *FIXTURE.glob("*/*.yaml")])


def strict(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[bool, object, list]:
    with monkeypatch.context() as m:
        m.setattr(fast, "ryml", None)
        out = Collector()
        ok, data = _load_yaml(text, "f.yaml", out)
    return ok, data, out.problems


def loaded(text: str) -> tuple[bool, object, list]:
    out = Collector()
    ok, data = _load_yaml(text, "f.yaml", out)
    return ok, data, out.problems


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.name}" for p in FILES])
def test_data_files_read_the_same_either_way(path, monkeypatch):
    text = path.read_text(encoding="utf-8")
    assert loaded(text) == strict(text, monkeypatch)


SCALARS = ["0700", "1:30", "yes", "no", "on", "~", "Null", "NULL", "True", "FALSE", "+1", "+.5", ".5", "5.", "1e3",
           "-0", "00", "0x1F", "0o17", "1_000", ".nan", ".inf", "-.inf", "1.0e+400", "2020-11-10",
           "2020-11-10T10:00:00", "null", "true", "false", "", "'0700'", '"42"', "'true'", '"null"', "[1, 2.5, x]",
           "{a: 1, b: [c]}", "x # comment", "'it''s'", '"tab\\tand \\u00e9"', "\"\\x07\"", '"\\ud800"', "!!int 0700",
           "!!str 5", "&a x", "|\n  two\n  lines", ">\n  folded\n  text\n", "- a\n  - b", "9" * 5000, "é", "Հադրութ",
           "a: b", "-", "[", "x\x07y", "x\x7fy", "\ufeffx", "x\u0085y", "x\u2028y", "\uffff",
           # `&` and `*` inside a value are text; where a node starts they are an anchor or an alias (or broken)
           "a?x=1&y=2", "Khtsaberd & Hin Tagher", "a &b", "5 * 3", "a*b", "'a & b'", '"a & b"', "& x", "* x", "&",
           "*", "&a", "*a", "-&a", "- &a x", "x - &a", "[a, &x b]", "{a: &x b}", "[&x a, *x]", "{a:&x b}",
           "'x':&a b", '"x":&a b',
           # `\"` is the one escape left to the fast path
           '"say \\"hi\\""', 'a\\"b', "'a\\\"b'", '"a\\\\"', '"a\\\\\\"b"', '"\\"', "|\n  a\\\"b\n", '"tail\\"']


@pytest.mark.parametrize("scalar", SCALARS, ids=range(len(SCALARS)))
def test_a_value_reads_the_same_either_way(scalar, monkeypatch):
    for text in (f"- value: {scalar}\n  other: 1\n", f"- [{scalar}]\n", f"{scalar}\n"):
        assert loaded(text) == strict(text, monkeypatch), text


KEYS = ["1", "1.5", "-1", "null", "true", "~", "'1'", "\"x\"", "x y", "0700", "? complex"]


@pytest.mark.parametrize("key", KEYS)
def test_a_key_reads_the_same_either_way(key, monkeypatch):
    for text in (f"- {key}: v\n", f"- {{{key}: v}}\n", f"{key}: v\n"):
        assert loaded(text) == strict(text, monkeypatch), text


@pytest.mark.parametrize("text", [
    "- {a: 1, a: 2}\n",  # a duplicate key: the strict loader names its lines
    "- a: &x [1]\n  b: *x\n",  # an alias
    "- a: 1\n---\n- b: 2\n",  # two documents
    "%YAML 1.1\n---\n- a: 1\n",  # a directive
    "- a: 1\n\t- b: 2\n",  # a tab
    "- a: 1\r\n- b: 2\r\n",  # CRLF line ends
    "- {a: 1, <<: {b: 2}}\n",  # a merge key
    "- a: [1, 2\n",  # broken
])
def test_what_only_the_strict_loader_can_judge_is_left_to_it(text, monkeypatch):
    assert fast.fast_yaml(text) == (False, None)
    assert loaded(text) == strict(text, monkeypatch)


def test_the_real_packages_files_take_the_fast_path():
    """Each file the strict loader reads costs the app's first start (PyYAML builds objects node by node)."""
    assert fast.ryml is not None
    for path in DEFAULT_DATA_DIR.glob("*.yaml"):
        assert fast.fast_yaml(path.read_text(encoding="utf-8"))[0], path.name


def test_a_large_machine_written_file_takes_the_fast_path():
    records = "".join(f"- id: c{i:06d}\n  date: 2020-11-10\n  set: {{controller: azerbaijan, share: null}}\n"
                      f"  citations: [{{source: s, note: \"a note\"}}]\n" for i in range(2000))
    taken, data = fast.fast_yaml(records)
    assert taken and len(data) == 2000
    assert data[0] == {"id": "c000000", "date": "2020-11-10", "set": {"controller": "azerbaijan", "share": None},
                       "citations": [{"source": "s", "note": "a note"}]}


PIECED = [  # texts whose cuts before `- ` fall inside a value, or whose list is not at the top
    '- a\n- "b\n- c"\n- d\n', "- a\n- 'b\n- c'\n- d\n", "- {x: 1,\n- y}\n", "- [1,\n- 2]\n", "k:\n- a\n- b\n",
    "- a\n- b\n# c\n- c\n", "- id: a\n  note: |\n    - not an entry\n- id: b\n", "- a\n-  b\n- [1,\n  2]\n",
    "- a\n- b\nk: 1\n",
]


@pytest.mark.parametrize("text", [*PIECED, *(p.read_text(encoding="utf-8") for p in FILES)],
                         ids=[*map(str, range(len(PIECED))), *(f"{p.parent.name}/{p.name}" for p in FILES)])
def test_a_list_read_in_pieces_reads_the_same(text, monkeypatch):
    """A large list is parsed a piece at a time (rapidyaml's tree of a 43 MB file took 630 MB): with pieces
    of a few bytes, every text still reads as the strict loader reads it, or is left to it."""
    whole = fast.fast_yaml(text)[0]
    monkeypatch.setattr(fast, "PIECE", 8)
    assert loaded(text) == strict(text, monkeypatch)
    if text not in PIECED:  # a data file the fast path reads whole, it reads in pieces too
        assert fast.fast_yaml(text)[0] == whole
