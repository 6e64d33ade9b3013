"""JSON written by people, parsed safely: a syntax error, nesting deeper than
:data:`~tradeoffs.io.safe_yaml.MAX_DEPTH` or a number too long to convert is one
:class:`~tradeoffs.errors.Problem` at its line, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tradeoffs.errors import Problem
from tradeoffs.io.safe_yaml import MAX_DEPTH


def load_json(text: str, path: Path | str, **options: Any) -> tuple[Any, Problem | None]:
    """Parsed JSON, or the problem that stopped it: a syntax error at its line, nesting deeper
    than :data:`~tradeoffs.io.MAX_DEPTH`, or a number too long to convert."""
    try:
        document = json.loads(text, **options)
    except json.JSONDecodeError as exc:
        return None, Problem(str(path), exc.lineno, "(json)", f"{exc.msg} (column {exc.colno})")
    except RecursionError:
        return None, Problem(str(path), 1, "(json)", f"nested deeper than {MAX_DEPTH} levels")
    except ValueError as exc:  # an integer too long to convert
        message = " ".join(str(exc).split())[:120]
        return None, Problem(str(path), 1, "(json)", f"cannot read a value: {message}")
    depth_line = _too_deep(document, text)
    if depth_line is not None:
        return None, Problem(
            str(path), depth_line, "(json)", f"nested deeper than {MAX_DEPTH} levels"
        )
    return document, None


def _too_deep(document: Any, text: str) -> int | None:
    """The line where ``document`` nests deeper than :data:`MAX_DEPTH`, or None."""
    stack: list[tuple[Any, int]] = [(document, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth >= MAX_DEPTH:
                return _line_of_depth(text)
            items = value.values() if isinstance(value, dict) else value
            stack.extend((item, depth + 1) for item in items)
    return None


def _line_of_depth(text: str) -> int:
    depth = 0
    in_string = escaped = False
    line = 1
    for char in text:
        if char == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        elif char in "]}":
            depth -= 1
    return 1
