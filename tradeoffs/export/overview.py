"""The one-page overview: the session's cards drawn as a static SVG diagram, and why each is
there. A pure layout in Python (positions, wrapped titles, lines); the template draws it."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from tradeoffs.graph.view import view
from tradeoffs.models import Card, Edge
from tradeoffs.vocabulary import KIND_SPECS, Kind

from .handouts import clip
from .session import Plan
from .templating import render

WIDTH, HEIGHT = 620, 440
BIG = (200, 66)  # the focus and its scheduled neighbours
SMALL = (120, 52)  # the failure modes, red flags and playbooks of the plan
MARGIN = 8
WRAP_BIG, WRAP_SMALL = 22, 16
# What each kind of card does in the session, for the overview's key.
ROLES = {
    "failure_mode": "pre-mortem",
    "red_flag": "check",
    "playbook": "actions",
    "record": "under review",
}
NOTE_CHARS = 230


@dataclass(frozen=True)
class Node:
    id: str
    kind: Kind
    x: float  # centre
    y: float
    width: int
    height: int
    lines: list[str]
    focus: bool = False

    # SVG in WeasyPrint takes no page CSS: the kind's colours go on the elements.
    @property
    def stroke(self) -> str:
        return KIND_SPECS[self.kind].colour

    @property
    def fill(self) -> str:
        return KIND_SPECS[self.kind].tint


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    type: str
    label: str | None  # written on the lines between the focus and its neighbours
    strong: bool  # a line of the focus

    @property
    def label_x(self) -> float:  # near the far end, so two labels do not meet
        return self.x1 + (self.x2 - self.x1) * 0.7

    @property
    def label_y(self) -> float:
        return self.y1 + (self.y2 - self.y1) * 0.7


@dataclass(frozen=True)
class Row:
    title: str
    kind: str
    how: str
    why: str | None


def overview_html(plan: Plan, edges: list[Edge], title: str) -> str:
    nodes = _layout(plan)
    at = {node.id: node for node in nodes}
    scheduled = {d.id for d in plan.decisions}
    lines: dict[frozenset[str], Line] = {}  # one line per pair of cards, the focus's first
    for edge in sorted(edges, key=lambda e: plan.focus.id not in (e.source, e.target)):
        pair = frozenset((edge.source, edge.target))
        if edge.source in at and edge.target in at and pair & scheduled and pair not in lines:
            mine = plan.focus.id in pair
            other = at[next(iter(pair - {plan.focus.id}))] if mine else at[edge.target]
            start = at[plan.focus.id] if mine else at[edge.source]
            decisions = other.kind == "decision"
            label = view(edge, plan.focus.id).label if mine and decisions else None
            lines[pair] = Line(start.x, start.y, other.x, other.y, edge.type, label, mine)
    rows = []
    for card in plan.cards:
        if card.id in plan.why:
            note = plan.why[card.id].note
            rows.append(
                Row(
                    card.title,
                    KIND_SPECS[card.kind].label,
                    _linked_as(plan, card.id),
                    clip(note, NOTE_CHARS) if note else None,
                )
            )
    return render(
        "overview.html",
        title=title,
        stylesheets=("overview.css",),
        plan=plan,
        question=plan.focus.decision_question or plan.focus.summary or "",
        nodes=nodes,
        lines=list(lines.values()),
        rows=rows,
        roles=ROLES,
        drawn={node.kind for node in nodes},  # the key names only the kinds on the diagram
        width=WIDTH,
        height=HEIGHT,
    )


def _linked_as(plan: Plan, card_id: str) -> str:
    why = plan.why[card_id]
    if why.via == plan.focus.title:
        return why.label
    return f"{why.label} (from {why.via})"


def _layout(plan: Plan) -> list[Node]:
    """The focus in the middle, its neighbours above it, the failure modes below, the red
    flags on the left and the playbooks on the right."""
    nodes = [_node(plan.focus, WIDTH / 2, HEIGHT / 2, BIG, focus=True)]
    revisited: list[Card] = [plan.record] if plan.record is not None else []
    nodes += _row([*revisited, *plan.neighbours], 60, BIG)
    nodes += _row(plan.failure_modes, HEIGHT - 40, SMALL)
    nodes += _column(plan.red_flags, 75)
    nodes += _column(plan.playbooks, WIDTH - 75)
    return nodes


def _node(card: Card, x: float, y: float, size: tuple[int, int], *, focus: bool = False) -> Node:
    wrap = WRAP_BIG if size == BIG else WRAP_SMALL
    lines = textwrap.wrap(card.title, wrap)
    if len(lines) > 3:
        lines = [*lines[:2], clip(" ".join(lines[2:]), wrap)]
    return Node(card.id, card.kind, x, y, size[0], size[1], lines, focus)


def _row(cards: Sequence[Card], y: float, size: tuple[int, int]) -> list[Node]:
    step = (WIDTH - 2 * MARGIN) / max(len(cards), 1)
    return [_node(card, MARGIN + step * (i + 0.5), y, size) for i, card in enumerate(cards)]


def _column(cards: Sequence[Card], x: float) -> list[Node]:
    top, bottom = 125, HEIGHT - 110
    step = (bottom - top) / max(len(cards) - 1, 1)
    y0 = top if len(cards) > 1 else HEIGHT / 2
    return [_node(card, x, y0 + step * i, SMALL) for i, card in enumerate(cards)]
