"""A catalog diff as terminal text or as Markdown for a pull-request comment.

Both walk the same blocks (one per problem, card or link, in order of what a reviewer should
see first); Markdown stops adding blocks at a length limit and says what it left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tradeoffs.formats.markdown import md_text
from tradeoffs.models import CardRef
from tradeoffs.queries.diff import CatalogDiff, LinkChange, Words
from tradeoffs.vocabulary import KIND_SPECS, SYMMETRIC_EDGE_TYPES, counted

CONTEXT = 6
"""Words kept on each side of a change in a word diff; the rest of an unchanged run is '…'."""

MARKDOWN_LIMIT = 60_000
"""GitHub refuses a comment over 65,536 characters; the rest is room for what a CI step adds."""


@dataclass(frozen=True)
class _Style:
    text: Callable[[str], str]  # untrusted text made safe for the output
    code: Callable[[str], str]  # an id
    edge: Callable[[str], str]  # an edge's arrow
    strong: Callable[[str], str]
    removed: Callable[[str], str]
    added: Callable[[str], str]
    heading: Callable[[str], str]
    item: str  # how a list item starts
    inner: str  # how a nested line starts
    longest: int | None  # the most words of a removed or added run shown, None for all


PLAIN = _Style(
    text=str,
    code=lambda text: f"[{text}]",
    edge=str,
    strong=str,
    removed=lambda text: f"[-{text}-]",
    added=lambda text: f"{{+{text}+}}",
    heading=lambda text: f"{text}:",
    item="  ",
    inner="      ",
    longest=None,
)
MARKDOWN = _Style(
    text=md_text,
    code=lambda text: f"`{text}`",
    edge=lambda text: f"`{text}`",
    strong=lambda text: f"**{text}**",
    removed=lambda text: f"~~{text}~~",
    added=lambda text: f"**{text}**",
    heading=lambda text: f"#### {text}",
    item="- ",
    inner="  - ",
    longest=40,
)


@dataclass(frozen=True)
class _Block:
    """Lines that are shown whole or not at all; ``what`` names them when left out."""

    what: str
    lines: list[str]


def text(result: CatalogDiff) -> str:
    lines = [f"{result.old} -> {result.new}: {summary(result)}"]
    for heading, blocks in _sections(result, PLAIN):
        lines += ["", PLAIN.heading(heading)]
        lines += [line for block in blocks for line in block.lines]
    return "\n".join(lines)


def markdown(result: CatalogDiff, limit: int = MARKDOWN_LIMIT) -> str:
    """At most ``limit`` characters: every whole block that fits, in order, then a line saying
    how many of each were left out."""
    head = [
        f"### Catalog changes: {md_text(result.old)} → {md_text(result.new)}",
        "",
        md_text(summary(result)),
    ]
    room = limit - 400  # kept for the line saying what was left out
    lines = list(head)
    size = len("\n".join(lines))
    left_out: Counter[str] = Counter()
    for heading, blocks in _sections(result, MARKDOWN):
        opened = False
        for block in blocks:
            added = ([] if opened else ["", MARKDOWN.heading(heading), ""]) + block.lines
            cost = len("\n".join(added)) + 1
            if size + cost > room:  # a later, shorter block may still fit
                left_out[block.what] += 1
                continue
            lines += added
            size += cost
            opened = True
    if left_out:
        what = ", ".join(counted(n, noun) for noun, n in left_out.items())
        lines += [
            "",
            f"*Left out to keep this under {limit:,} characters: {what}. "
            "`tradeoffs diff` prints them all.*",
        ]
    return "\n".join(lines) + "\n"


def summary(result: CatalogDiff) -> str:
    if result.empty:
        return "no change"
    parts = [
        (len(result.added), "card", "added"),
        (len(result.removed), "card", "removed"),
        (len(result.changed), "card", "changed"),
        (len(result.links_added), "link", "added"),
        (len(result.links_removed), "link", "removed"),
        (len(result.statuses), "record status", "changed"),
        (len(result.new_problems), "new problem", ""),
        (len(result.fixed_problems), "problem", "fixed"),
        (len(result.new_warnings), "new warning", ""),
    ]
    return ", ".join(f"{counted(n, noun)} {verb}".rstrip() for n, noun, verb in parts if n)


def _sections(result: CatalogDiff, style: _Style) -> Iterator[tuple[str, list[_Block]]]:
    """Each non-empty section, in the order a reviewer reads them."""

    def card(ref: CardRef) -> str:
        kind = KIND_SPECS[ref.kind].label.lower()
        return f"{style.strong(style.text(ref.title))} {style.code(ref.id)} ({kind})"

    def link(change: LinkChange) -> str:
        arrow = f"<-{change.type}->" if change.type in SYMMETRIC_EDGE_TYPES else f"-{change.type}->"
        return (
            f"{style.text(change.source.title)} {style.code(change.source.id)} "
            f"{style.edge(arrow)} {style.text(change.target.title)} {style.code(change.target.id)}"
        )

    sections = [
        (
            "New problems",
            [_Block("new problem", [style.item + style.text(p)]) for p in result.new_problems],
        ),
        (
            "Records whose status changed",
            [
                _Block(
                    "status change",
                    [
                        f"{style.item}{card(s.record)}: {style.text(s.old or '(none)')} "
                        f"({s.old_state}) → {style.text(s.new or '(none)')} ({s.new_state})"
                    ],
                )
                for s in result.statuses
            ],
        ),
        ("Cards added", [_Block("added card", [style.item + card(c)]) for c in result.added]),
        (
            "Cards removed",
            [_Block("removed card", [style.item + card(c)]) for c in result.removed],
        ),
        (
            "Cards changed",
            [
                _Block(
                    "changed card",
                    [style.item + card(change.card)]
                    + [
                        f"{style.inner}{style.text(f.label)}: {_words(f.words, style)}"
                        for f in change.facets
                    ],
                )
                for change in result.changed
            ],
        ),
        (
            "Links added",
            [_Block("added link", [style.item + link(c)]) for c in result.links_added],
        ),
        (
            "Links removed",
            [_Block("removed link", [style.item + link(c)]) for c in result.links_removed],
        ),
        (
            "Problems fixed",
            [_Block("fixed problem", [style.item + style.text(p)]) for p in result.fixed_problems],
        ),
        (
            "New warnings",
            [_Block("new warning", [style.item + style.text(p)]) for p in result.new_warnings],
        ),
    ]
    for heading, blocks in sections:
        if blocks:
            yield heading, blocks


def _words(runs: list[Words], style: _Style) -> str:
    """A word diff on one line, each unchanged run cut to :data:`CONTEXT` words beside a change."""
    shown = []
    for n, run in enumerate(runs):
        if run.op != "same":
            words = run.text.split()
            if style.longest and len(words) > style.longest:
                words = [*words[: style.longest], f"… ({len(words) - style.longest} more words)"]
            mark = style.removed if run.op == "removed" else style.added
            shown.append(mark(style.text(" ".join(words))))
        else:
            words = run.text.split()
            after = CONTEXT if n > 0 else 0  # words after the previous change
            before = CONTEXT if n < len(runs) - 1 else 0  # words before the next change
            if (after or before) and len(words) > after + before:
                words = [*words[:after], "…", *words[len(words) - before :]]
            shown.append(style.text(" ".join(words)))
    return " ".join(part for part in shown if part)
