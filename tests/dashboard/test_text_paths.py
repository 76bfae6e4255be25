"""Escaping is structural: the dashboard reaches Streamlit's text elements only through dashboard/ui.py
(which escapes any plain str), and trusted markup (`Md`, `Markup`) is only ever made from a literal."""

import ast
from pathlib import Path

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"
# Streamlit calls that render text as Markdown or HTML (labels, help and options included).
TEXT_ELEMENTS = {
    "markdown", "write_stream", "text", "caption", "title", "header", "subheader", "code", "latex",
    "warning", "info", "error", "success", "exception", "toast", "html", "badge", "metric", "help", "json",
    "button", "download_button", "link_button", "page_link", "form_submit_button", "toggle", "checkbox",
    "radio", "selectbox", "multiselect", "select_slider", "slider", "number_input", "text_input", "text_area",
    "date_input", "time_input", "color_picker", "file_uploader", "camera_input", "pills", "segmented_control",
    "feedback", "expander", "popover", "tabs", "dialog", "status", "spinner", "chat_message", "chat_input",
}
FILE_LIKE = {"write"}  # also a file's method: flagged only on st itself
SAFE_TYPES = {"Md", "Markup"}
MODULES = sorted(p for p in DASHBOARD.glob("*.py") if p.name not in ("ui.py", "text.py"))


def receiver_root(node):
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def renders_text(call):
    """A Streamlit text element called other than through `ui.` (on st, a column, a container...)."""
    if not isinstance(call.func, ast.Attribute) or receiver_root(call.func.value) == "ui":
        return False
    return call.func.attr in TEXT_ELEMENTS or (call.func.attr in FILE_LIKE and receiver_root(call.func.value) == "st")


def calls(path):
    return [node for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(node, ast.Call)]


def test_text_reaches_streamlit_only_escaped():
    """No text element is called but through dashboard.ui, and no Md/Markup is made of computed text
    (which would skip escaping: use Md("...{}...").format(text))."""
    direct, computed = [], []
    for path in MODULES:
        for c in calls(path):
            where = f"{path.name}:{c.lineno} {ast.unparse(c)[:60]}"
            if renders_text(c):
                direct.append(where)
            elif isinstance(c.func, ast.Name) and c.func.id in SAFE_TYPES and (c.keywords or not all(
                    isinstance(a, ast.Constant) and isinstance(a.value, str) for a in c.args)):
                computed.append(where)
    assert direct == [], "call dashboard.ui instead, which escapes text from data:\n" + "\n".join(direct)
    assert computed == [], "\n".join(computed)


def test_the_checks_see_the_modules_that_render():
    names = {p.name for p in MODULES}
    assert {"app.py", "panel.py", "views.py"} <= names
    assert any(renders_text(c) for c in calls(DASHBOARD / "ui.py"))  # the check would see a direct call
    column_call = ast.parse("left, right = st.columns(2)\nleft.button('x')\nst.sidebar.write(x)").body
    assert [renders_text(n.value) for n in column_call[1:]] == [True, True]
