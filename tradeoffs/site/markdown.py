"""A decision record's Markdown as HTML for its page, with markdown-it-py (CommonMark, plus
tables and strikethrough as GitHub shows them).

Record text is untrusted. Raw HTML in it is shown as text (``html`` off), never as markup;
markdown-it-py refuses ``javascript:``, ``vbscript:``, ``file:`` and non-image ``data:``
links; and every link that is left goes through ``resolve``: a web or mail address stays, a
link to another record's or card's file becomes the link to its page, and anything else (a
file the site does not have, another scheme) is kept as its text only, so the site has no
broken link. An image becomes its alternative text (a link to it, for a web image): a page
of the site fetches nothing. Headings sit below the section's own heading, one level at a
time, so the page's outline stays in order.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

Resolve = Callable[[str], str | None]
"""A link's address as written -> the address the page uses, or None to keep only its text."""


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def render_markdown(text: str, *, resolve: Resolve, top: int) -> Markup:
    """``text`` as HTML whose first heading level is ``top`` (a level below the page's)."""
    parser = _parser()
    tokens = parser.parse(text)
    _nest_headings(tokens, top)
    for token in tokens:
        if token.type == "inline" and token.children:
            token.children = _links(token.children, resolve)
    return Markup(parser.renderer.render(tokens, parser.options, {}))


def _nest_headings(tokens: list[Token], top: int) -> None:
    """Each heading one level below the nearest heading above it of a higher rank in the
    text: ``#`` then ``###`` become ``top`` then ``top + 1``, never a skipped level."""
    open_levels: list[int] = []
    tag = ""
    for token in tokens:
        if token.type == "heading_open":
            level = int(token.tag[1])
            while open_levels and open_levels[-1] >= level:
                open_levels.pop()
            tag = token.tag = f"h{min(6, top + len(open_levels))}"
            open_levels.append(level)
        elif token.type == "heading_close":
            token.tag = tag


def _links(children: list[Token], resolve: Resolve) -> list[Token]:
    """Inline tokens with each link resolved (or unwrapped to its text) and each image made
    text."""
    kept: list[Token] = []
    open_links: list[bool] = []  # per link open here: whether it is kept
    for token in children:
        if token.type == "link_open":
            address = resolve(str(token.attrGet("href") or ""))
            open_links.append(address is not None)
            if address is None:
                continue
            token.attrs = {"href": address}
        elif token.type == "link_close" and not open_links.pop():
            continue
        elif token.type == "image":
            kept.extend(_image(token, resolve))
            continue
        kept.append(token)
    return kept


def _image(token: Token, resolve: Resolve) -> list[Token]:
    alt = token.content or str(token.attrGet("src") or "")
    text = Token("text", "", 0, content=f"[image: {alt}]")
    source = str(token.attrGet("src") or "")
    address = resolve(source) if source.startswith(("https:", "http:")) else None
    if address is None:
        return [text]
    return [Token("link_open", "a", 1, attrs={"href": address}), text, Token("link_close", "a", -1)]
