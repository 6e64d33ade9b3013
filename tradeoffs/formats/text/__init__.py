"""The card text format: the public catalog's text rendering of a card, read and written.

:mod:`.layout` is the one description of the format; :mod:`.write` walks it to write a card
and :mod:`.read` walks the same tables to read one back.
"""

from tradeoffs.formats.text.read import parse_text, resolve_titles, slugify
from tradeoffs.formats.text.write import render_text

__all__ = ["parse_text", "render_text", "resolve_titles", "slugify"]
