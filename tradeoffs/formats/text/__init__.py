"""The card text format: the public catalog's text rendering of a card, read and written.

:mod:`.layout` is the one description of the format; :mod:`.write` walks it to write a card
and :mod:`.read` walks the same tables to read one back. Each name is imported from its module
on first use: ``show`` writes a card as text without importing the reader.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tradeoffs.formats.text.read import parse_text, resolve_titles, slugify
    from tradeoffs.formats.text.write import render_text

_HOMES = {"parse_text": "read", "resolve_titles": "read", "slugify": "read", "render_text": "write"}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


__all__ = ["parse_text", "render_text", "resolve_titles", "slugify"]
