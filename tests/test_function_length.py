"""Short functions: none in bot/ or actions/ longer than MAX_LINES unless its docstring says why.

The architecture issue's rule ("no function longer than about 80 lines without a reason in its
docstring"). A long function passes only with a docstring line starting "Long because".
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 80
REASON = "Long because"


def long_functions(source: str, max_lines: int = MAX_LINES) -> list[tuple[str, int]]:
    """(name, lines) of every function over ``max_lines`` whose docstring gives no reason."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            lines = node.end_lineno - node.lineno + 1
            if lines > max_lines and REASON not in (ast.get_docstring(node) or ""):
                found.append((node.name, lines))
    return found


def _body(lines: int) -> str:
    return "\n".join(f"    x{i} = {i}" for i in range(lines - 1))


def test_the_check_finds_a_function_one_line_too_long():
    assert long_functions(f"def f():\n{_body(MAX_LINES + 1)}\n") == [("f", MAX_LINES + 1)]
    assert long_functions(f"def f():\n{_body(MAX_LINES)}\n") == []


def test_a_reason_in_the_docstring_lets_it_pass():
    source = f'def f():\n    """Long because it is one table."""\n{_body(MAX_LINES + 5)}\n'
    assert long_functions(source) == []


@pytest.mark.parametrize("folder", ["bot", "actions"])
def test_no_long_function_without_a_reason(folder):
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in sorted((ROOT / folder).rglob("*.py"))
        if (found := long_functions(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
