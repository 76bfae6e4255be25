"""The one CSV writer (geo/csvfile.py): any text stays one cell, and no line of a cell starts like a formula,
for Python's csv reader, pandas (which also ends a row at a bare CR) and spreadsheets."""

import ast
import csv
import datetime as dt
import io
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.csvfile import FORMULA_START, csv_bytes, csv_cell, csv_text, neutralise

ROOT = Path(__file__).resolve().parents[2]
# Text rich in what breaks CSV: line ends, quotes, delimiters and every formula start, at any place.
TRICKY = st.text(st.one_of(st.sampled_from(["\r", "\n", '"', ",", "'", ";", " ", *FORMULA_START]),
                           st.characters(codec="utf-8", exclude_categories=("Cs",))), max_size=40)


def line_starts(cell):
    """Each character that starts a line of the cell: its first, and each after a CR or LF."""
    return [c for i, c in enumerate(cell) if i == 0 or cell[i - 1] in "\r\n"]


def read(text):
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


@settings(max_examples=300, deadline=None)
@given(TRICKY, TRICKY)
def test_any_text_is_one_cell_and_no_line_in_it_starts_like_a_formula(a, b):
    text = csv_text(["A", "B"], [{"A": a, "B": b}, {"A": "next", "B": b}])
    rows = read(text)
    assert rows == [["A", "B"], [neutralise(a), neutralise(b)], ["next", neutralise(b)]]
    for cell in rows[1]:
        assert not set(line_starts(cell)) & set(FORMULA_START), repr(cell)
    assert neutralise(a).replace("'", "") == a.replace("'", "")  # only a ' is ever added


@settings(max_examples=100, deadline=None)
@given(TRICKY)
def test_pandas_reads_the_same_rows(a):
    frame = pd.read_csv(io.BytesIO(csv_bytes(["A", "B"], [{"A": a, "B": "end"}])), dtype=str,
                        keep_default_na=False, encoding="utf-8-sig")
    assert frame.to_dict("records") == [{"A": neutralise(a), "B": "end"}]


def test_a_bare_cr_cannot_start_a_runnable_row():
    """The issue's example: with LF rows a bare CR was left unquoted, and readers began a new row at it."""
    name = "Fuzuli\r=cmd|' /C calc'!A0"
    text = csv_text(["name", "id"], [{"name": name, "id": "AZ-FUZ"}])
    assert text == "\ufeffname,id\r\n\"Fuzuli\r'=cmd|' /C calc'!A0\",AZ-FUZ\r\n"
    assert read(text) == [["name", "id"], ["Fuzuli\r'=cmd|' /C calc'!A0", "AZ-FUZ"]]
    frame = pd.read_csv(io.StringIO(text.removeprefix("\ufeff")), dtype=str)
    assert frame.to_dict("records") == [{"name": "Fuzuli\r'=cmd|' /C calc'!A0", "id": "AZ-FUZ"}]


def test_cells_keep_numbers_and_say_empty_and_booleans_plainly():
    assert [csv_cell(v) for v in ("-2", "\tx", "a=b", -0.5, None, True, ["=x", "y"], dt.date(2020, 11, 20))] == \
        ["'-2", "'\tx", "a=b", -0.5, "", "true", "'=x; y", "2020-11-20"]
    assert [neutralise(t) for t in ("a\n@b\n\nc", "\r\r", "x\r\n+1")] == ["a\n'@b\n\nc", "'\r'\r", "x\r\n'+1"]
    data = csv_bytes(["District", "Share", "Deadline"], [{"District": "Aghdam, \"A\"", "Share": None,
                                                          "Deadline": dt.date(2020, 11, 20)}])
    assert data == '\ufeffDistrict,Share,Deadline\r\n"Aghdam, ""A""",,2020-11-20\r\n'.encode()


def test_every_csv_is_written_by_the_one_writer():
    """No other module of the engine or the app writes CSV by itself (csv.writer, DictWriter, pandas' to_csv)."""
    writers = []
    for path in sorted([*(ROOT / "geo").rglob("*.py"), *(ROOT / "dashboard").rglob("*.py")]):
        if path.name == "csvfile.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("writer", "DictWriter", "to_csv"):
                writers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert writers == [], "write CSV with geo.csvfile.csv_text/csv_bytes:\n" + "\n".join(writers)
