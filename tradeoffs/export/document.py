"""A small document model written once and rendered twice, as Markdown and as HTML.

The facilitator guide is built as a list of blocks so its Markdown and HTML versions cannot
say different things. Every string in a block is untrusted text: the renderers escape it
(``md_text`` for Markdown, ``html.escape`` for HTML); blocks hold no markup of their own.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import cache
from importlib import resources

from tradeoffs.render.markdown import md_text


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    lead: str | None = None  # a bold label before the text ("Question: ...")


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    title: str | None = None


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    writable: bool = False  # empty cells are left tall, for answers written on paper


Block = Heading | Paragraph | Bullets | Table


@cache
def stylesheet(name: str) -> str:
    return (resources.files("tradeoffs.export") / "templates" / name).read_text("utf-8")


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


def to_html(blocks: list[Block], *, title: str, css: str) -> str:
    """A standalone page: no script, no external resource, only the given stylesheet."""
    body: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            level = min(block.level, 6)
            body.append(f"<h{level}>{html.escape(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            lead = f"<strong>{html.escape(block.lead)}:</strong> " if block.lead else ""
            body.append(f"<p>{lead}{html.escape(block.text)}</p>")
        elif isinstance(block, Bullets):
            if block.title:
                body.append(f'<p class="list-title">{html.escape(block.title)}</p>')
            items = "".join(f"<li>{html.escape(item)}</li>" for item in block.items)
            body.append(f"<ul>{items}</ul>")
        else:
            css_class = ' class="writable"' if block.writable else ""
            head = "".join(f"<th>{html.escape(cell)}</th>" for cell in block.header)
            rows = "".join(
                "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
                for row in block.rows
            )
            body.append(
                f"<table{css_class}><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
            )
    return page(title, css, "\n".join(body))


def page(title: str, css: str, body: str) -> str:
    """An HTML page around ``body`` (already escaped markup); ``title`` is untrusted text."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{css}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )
