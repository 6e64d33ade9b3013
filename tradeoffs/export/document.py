"""A small document model written once and rendered twice, as Markdown and as HTML.

The facilitator guide is built as a list of blocks so its Markdown and HTML versions cannot
say different things. Every string in a block is untrusted text: the renderers escape it
(``md_text`` for Markdown, the autoescaping template for HTML); blocks hold no markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from tradeoffs.formats.adr.read import plain
from tradeoffs.formats.markdown import md_text


@dataclass(frozen=True)
class Heading:
    kind: ClassVar[str] = "heading"
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    text: str
    lead: str | None = None  # a bold label before the text ("Question: ...")


@dataclass(frozen=True)
class Bullets:
    kind: ClassVar[str] = "bullets"
    items: tuple[str, ...]
    title: str | None = None


@dataclass(frozen=True)
class Table:
    kind: ClassVar[str] = "table"
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    writable: bool = False  # empty cells are left tall, for answers written on paper


Block = Heading | Paragraph | Bullets | Table


# Markdown a record writes, read as text: list items and tags (inline marks: adr's plain).
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
TAG = re.compile(r"</?[A-Za-z][^>]*>")


def markdown_blocks(text: str, title: str | None = None) -> list[Block]:
    """Markdown as the paragraphs and lists it reads as, every mark taken out: a record's
    text shown as text, never as raw Markdown. ``title`` leads the first block."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> None:
        lead = title if not blocks else None
        if paragraph:
            blocks.append(Paragraph(_inline(" ".join(paragraph)), lead))
        elif items:
            blocks.append(Bullets(tuple(_inline(item) for item in items), lead))
        paragraph.clear()
        items.clear()

    for line in text.splitlines():
        stripped = line.strip().lstrip("#>").strip()
        item = LIST_ITEM.match(line)
        ends_list = item is None and items and not line.startswith(" ")
        if not stripped or (item is not None and paragraph) or ends_list:
            flush()
        if item is not None:
            items.append(item.group(1))
        elif items and stripped:
            items[-1] += " " + stripped
        elif stripped:
            paragraph.append(stripped)
    flush()
    return blocks


def _inline(text: str) -> str:
    return plain(TAG.sub("", text))


def to_markdown(blocks: list[Block]) -> str:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            lines += [f"{'#' * min(block.level, 6)} {md_text(block.text)}", ""]
        elif isinstance(block, Paragraph):
            lead = f"**{md_text(block.lead)}:** " if block.lead else ""
            lines += [lead + md_text(block.text), ""]
        elif isinstance(block, Bullets):
            if block.title:
                lines += [f"**{md_text(block.title)}**", ""]
            lines += [f"- {md_text(item)}" for item in block.items] + [""]
        else:
            lines.append("| " + " | ".join(md_text(cell) for cell in block.header) + " |")
            lines.append("|" + "---|" * len(block.header))
            for row in block.rows:
                cells = [md_text(cell) if cell else " " for cell in row]
                lines.append("| " + " | ".join(cells) + " |")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def to_html(blocks: list[Block], *, title: str, stylesheets: tuple[str, ...]) -> str:
    """A standalone page of ``blocks`` (template ``guide.html``): no script, no external
    resource, only the named stylesheets of ``templates/``; every string escaped by the
    template."""
    from .templating import render

    return render("guide.html", title=title, stylesheets=stylesheets, blocks=blocks)
