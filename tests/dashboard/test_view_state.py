"""The app's session state has one declaration (dashboard/viewstate.py): every key a module uses is declared,
and after a reader's tasks every key in the session is declared and holds its declared type."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from dashboard import viewstate
from tests.helpers import clicked, run_app

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"


def _constants() -> dict[str, str]:
    """Module-level NAME = "text" of every dashboard module (the keys some modules name by a constant)."""
    found = {}
    for path in DASHBOARD.glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                    and isinstance(node.value.value, str)):
                found.update({t.id: node.value.value for t in node.targets if isinstance(t, ast.Name)})
    return found


def _keys_used() -> dict[str, str]:
    """Each key a dashboard module reads or writes in st.session_state or gives a widget, with where."""
    names, used = _constants(), {}

    def text(node: ast.expr) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Name) and node.id in names:
            return names[node.id]
        if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
            return str(node.values[0].value)  # the fixed start of an f-string: checked as a prefix
        return None

    def is_state(node: ast.expr) -> bool:
        return isinstance(node, ast.Attribute) and node.attr == "session_state"

    for path in sorted(DASHBOARD.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.name}:{getattr(node, 'lineno', 0)}"
            keys: list[str | None] = []
            if isinstance(node, ast.Attribute) and is_state(node.value) and node.attr not in dir(dict):
                keys.append(node.attr)
            elif isinstance(node, ast.Subscript) and is_state(node.value):
                keys.append(text(node.slice))
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and is_state(node.func.value):
                if node.func.attr == "update" and node.args and isinstance(node.args[0], ast.Dict):
                    keys += [text(k) for k in node.args[0].keys if k is not None]
                keys += [k.arg for k in node.keywords if node.func.attr == "update"]
                if node.func.attr in ("get", "pop", "setdefault") and node.args:
                    keys.append(text(node.args[0]))
            elif isinstance(node, ast.Call):
                keys += [text(k.value) for k in node.keywords if k.arg == "key" and text(k.value) is not None]
            used.update({k: where for k in keys if k})
    return used


def test_every_key_a_module_uses_is_declared():
    used = _keys_used()
    assert len(used) >= 30  # the scan finds the keys (it would pass vacuously if it found none)
    assert {k: w for k, w in used.items() if viewstate.declared(k) is None} == {}


def test_the_check_names_an_undeclared_key_and_a_value_of_another_type():
    found = viewstate.problems({"date": "2020-11-10", "datte": dt.date(2020, 11, 10), "compare": None,
                                "pending_date": dt.date(2020, 11, 11), "$$ID-123": object()})
    assert found == ["'date' holds str '2020-11-10'; declared: date",
                     "'datte' is not declared in dashboard/viewstate.py"]


@pytest.mark.parametrize("params", [{}, {"date": "2020-10-09", "compare": "2020-09-27", "district": "AZ-XA"},
                                    {"position": "pk-hq-stepanakert", "view": "Sources"}])
def test_after_a_readers_tasks_the_session_holds_only_declared_keys_of_their_types(fake_map, params):
    at = run_app(params)
    assert viewstate.problems(at.session_state.to_dict()) == []
    at.slider(key="date").set_value(dt.date(2021, 6, 1)).run()
    at.toggle(key="playing").set_value(True).run()
    fake_map.result = clicked("place", "hadrut")
    at.run()
    at.text_input(key="go_to").input("next tuesday").run()
    assert at.session_state["go_to_error"]
    assert viewstate.problems(at.session_state.to_dict()) == []
