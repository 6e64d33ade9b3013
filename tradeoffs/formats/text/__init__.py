"""The card text format: the public catalog's text rendering of a card, read and written.

:mod:`.layout` is the one description of the format; :mod:`.write` walks it to write a card
and :mod:`.read` walks the same tables to read one back. A card text names its links by
title: :func:`resolve_titles` turns the titles a catalog knows into ids.
"""

from collections.abc import Mapping

from tradeoffs.formats.registry import Read, source_path
from tradeoffs.formats.text.read import parse_text, resolve_titles, slugify
from tradeoffs.formats.text.write import render_text
from tradeoffs.models import Subgraph

__all__ = ["parse_text", "read", "render_text", "resolve_titles", "slugify"]


def read(files: Mapping[str, str], root: str | None = None) -> Read:
    """The card of each card text in ``files`` (its path -> its text), links by title."""
    cards = [parse_text(text, source_path(name, root)) for name, text in files.items()]
    return Read(Subgraph(cards=cards, edges=[]))
