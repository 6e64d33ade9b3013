"""Errors carry their data (where, and the offending value) and are put into words in one
place, with the value quoted safely; the package's raise sites keep it that way."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import DATA, run_cli

from tradeoffs import errors, queries
from tradeoffs.errors import (
    CatalogError,
    OutputExists,
    Problem,
    TradeoffsError,
    located,
    shown,
)
from tradeoffs.graph import open_store
from tradeoffs.loaders import load_cards

PACKAGE = Path(__file__).resolve().parents[1] / "tradeoffs"
FAMILY = {
    name
    for name, value in vars(errors).items()
    if isinstance(value, type) and issubclass(value, TradeoffsError)
}


def test_an_error_is_its_data_put_into_words() -> None:
    error = TradeoffsError(
        "{value} is not a slug", path="cards/a.yaml", line=3, field="id", value="A b"
    )
    assert (error.path, error.line, error.field, error.value) == ("cards/a.yaml", 3, "id", "A b")
    assert str(error) == error.describe() == "cards/a.yaml:3: id: 'A b' is not a slug"
    assert str(TradeoffsError("no such file or folder", path="x")) == "x: no such file or folder"
    assert str(TradeoffsError("must be at least 1, got {value}", field="limit", value=0)) == (
        "limit: must be at least 1, got 0"
    )
    assert str(Problem("a.yaml", 2, "title", "missing")) == located("missing", "a.yaml", 2, "title")
    assert str(OutputExists(Path("out.json"))) == "out.json: already exists"


def test_a_value_is_quoted_escaped_and_cut_short() -> None:
    assert shown("a\x1b[2Jb\u202e") == "'a\\x1b[2Jb\\u202e'"
    long = shown("x" * 500)
    assert len(long) == 60 and long.endswith("...")
    # A message made of problems shows them as they are, never a stray value.
    assert str(CatalogError([Problem("a", 1, "f", "{value} twice")])) == "a:1: f: {value} twice"


def test_library_errors_carry_where_and_what(tmp_path: Path) -> None:
    with pytest.raises(TradeoffsError) as caught:
        queries.search(open_store("memory", DATA / "mini"), "queue", limit=0)
    assert (caught.value.field, caught.value.value) == ("limit", 0)
    with pytest.raises(TradeoffsError) as caught:
        load_cards(tmp_path / "gone")
    assert (caught.value.path, caught.value.message) == (
        str(tmp_path / "gone"),
        "no such file or folder",
    )


def test_the_cli_shows_a_hostile_value_escaped_on_one_line() -> None:
    code, out, err = run_cli("compare", "a\x1b[2Jb", "a\x1b[2Jb")
    assert (code, out) == (1, "")
    assert err == "Error: compare needs two different cards, not 'a\\x1b[2Jb' twice\n"


def _raises(tree: ast.AST) -> list[ast.Call]:
    return [
        node.exc
        for node in ast.walk(tree)
        if isinstance(node, ast.Raise)
        and isinstance(node.exc, ast.Call)
        and isinstance(node.exc.func, ast.Name)
        and node.exc.func.id in FAMILY
        and node.exc.args
    ]


def test_no_raise_site_formats_a_location_or_a_value_itself() -> None:
    """A message that starts with an interpolated value ("{path}: ...") or quotes one with
    !r formats what the error should carry as data (``path=``, ``value=``)."""
    offending = []
    for module in PACKAGE.rglob("*.py"):
        for call in _raises(ast.parse(module.read_text(encoding="utf-8"))):
            message = call.args[0]
            if not isinstance(message, ast.JoinedStr):
                continue
            first = message.values[0]
            quoted = [
                part
                for part in message.values
                if isinstance(part, ast.FormattedValue) and part.conversion == ord("r")
            ]
            if isinstance(first, ast.FormattedValue) or quoted:
                offending.append(f"{module.relative_to(PACKAGE)}:{call.lineno}")
    assert offending == []


def test_problems_reach_people_one_way() -> None:
    """The library hands problems it goes on despite to a ``report`` (never Python's warnings,
    never a line of its own on stderr); the CLI prints them, and anything else for stderr, in
    one place (``tradeoffs.cli.tell``)."""
    strays = []
    for module in PACKAGE.rglob("*.py"):
        name = module.relative_to(PACKAGE).as_posix()
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [alias.name for alias in node.names]
                if "warnings" in names or getattr(node, "module", None) == "warnings":
                    strays.append(f"{name}:{node.lineno}: imports warnings")
            elif isinstance(node, ast.Call) and name != "cli/__init__.py":
                if any(k.arg == "err" for k in node.keywords):
                    strays.append(f"{name}:{node.lineno}: writes to stderr")
                if isinstance(node.func, ast.Name) and node.func.id == "print":
                    strays.append(f"{name}:{node.lineno}: prints")
    assert strays == []


def test_a_problem_gone_past_is_one_line_on_stderr(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("id: broken\nkind: red_flag\n")
    code, out, err = run_cli("--keep-going", "stats", "--json", catalog=tmp_path)
    assert code == 0 and out.startswith("{")
    assert err == f"{tmp_path}/broken.yaml:1: title: missing (required)\n"
    told: list[Problem] = []
    open_store("memory", tmp_path, keep_going=True, report=told.append)
    assert told == [Problem(f"{tmp_path}/broken.yaml", 1, "title", "missing (required)")]
