"""How the code is laid out: what may import what."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    names |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    return names


def test_bench_and_tools_never_import_test_code():
    offenders = {str(path.relative_to(ROOT)): sorted(m for m in imported_modules(path) if m.split(".")[0] == "tests")
                 for folder in ("bench", "tools") for path in sorted((ROOT / folder).rglob("*.py"))}
    assert not {path: modules for path, modules in offenders.items() if modules}


MAX_MODULE_LINES = 400  # past about 300 lines a module is probably two (STYLE.md); 400 is the hard limit


def test_no_module_is_over_400_lines():
    sources = [path for folder in ("geo", "dashboard", "tools", "bench", "tests") for pattern in ("*.py", "*.js")
               for path in (ROOT / folder).rglob(pattern) if "vendor" not in path.parts]
    assert len(sources) > 40
    long = {str(path.relative_to(ROOT)): lines for path in sources
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert not long, long


def test_test_modules_never_import_each_other():
    """Shared helpers live in tests/helpers/ (and fixtures in conftest.py), never in a test module another imports."""
    offenders = {str(path.relative_to(ROOT)): sorted(m for m in imported_modules(path)
                                                     if m.split(".")[-1].startswith("test_"))
                 for path in sorted((ROOT / "tests").rglob("*.py"))}
    assert not {path: modules for path, modules in offenders.items() if modules}
