"""One translation of pydantic's validation errors into :class:`~tradeoffs.errors.Problem`\\ s,
shared by every reader (native YAML, card text, catalog JSON, our own JSON export).

A reader says how to find the line of a field and how its input spells the field's name; the
wording of the messages is decided here, once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from tradeoffs.errors import Problem, shown
from tradeoffs.models import TEXT_PATTERN, control_character_message
from tradeoffs.vocabulary import KINDS

Loc = tuple[int | str, ...]

# pydantic's wording for the errors an author meets most, said for people editing cards.
PLAIN_MESSAGES = {
    "missing": "missing (required)",
    "string_too_short": "must not be empty",
    "string_type": "must be text (got {value})",
    "list_type": "must be a list (got {value})",
    "model_type": "must be a mapping of fields (got a {type})",
    "model_attributes_type": "must be a mapping of fields (got a {type})",
    "dict_type": "must be a mapping (got a {type})",
    "int_parsing": "must be a whole number (got {value})",
    "int_type": "must be a whole number (got {value})",
    "string_pattern_mismatch": "{value} is not a slug (lowercase words joined by hyphens)",
}
KIND_CHOICES = ", ".join(KINDS)


def message_of(error: ErrorDetails, kind: Any = None) -> str:
    """What is wrong, for people: one line."""
    kind_error = error["type"]
    if kind_error == "union_tag_invalid":
        return f"must be one of {KIND_CHOICES} (got {shown(kind)})"
    if kind_error == "union_tag_not_found":
        return f"missing: every card needs a kind ({KIND_CHOICES})"
    if kind_error == "extra_forbidden":
        return "unknown field"
    if kind_error == "string_unicode" or (
        kind_error == "string_pattern_mismatch"
        and error.get("ctx", {}).get("pattern") == TEXT_PATTERN
    ):
        refused = control_character_message(str(error.get("input")))
        if refused is not None:
            return refused
    if kind_error in PLAIN_MESSAGES:
        value = error.get("input")
        return PLAIN_MESSAGES[kind_error].format(value=shown(value), type=type(value).__name__)
    # A custom validator's message already says what is wrong; drop pydantic's prefix.
    message = error["msg"].removeprefix("Value error, ")
    return " ".join(message.split())


def card_loc(error: ErrorDetails, kind: Any) -> Loc:
    """The error's location in the card, without the kind the discriminated union puts first."""
    loc = tuple(error["loc"])
    if error["type"] in ("union_tag_invalid", "union_tag_not_found"):
        return ("kind",)
    if loc and loc[0] == kind:
        loc = loc[1:]
    return loc


def dotted(loc: Loc) -> str:
    """``("option_a", "best_when", 0)`` -> ``option_a.best_when.0``; the empty path is the card."""
    return ".".join(str(part) for part in loc) or "(card)"


def validation_problems(
    exc: ValidationError,
    path: str,
    *,
    kind: Any,
    line_of: Callable[[Loc], int],
    name_of: Callable[[Loc], str] = dotted,
) -> list[Problem]:
    """Every error of a card's validation as a problem: ``line_of`` finds the line of a field's
    location in the card, ``name_of`` spells the location as the input does."""
    problems = []
    for error in exc.errors(include_url=False):
        loc = card_loc(error, kind)
        problems.append(Problem(path, line_of(loc), name_of(loc), message_of(error, kind)))
    return problems
