"""The one-page overview: the session's cards drawn as a static SVG diagram, and why each is
there. A pure layout in Python (positions, wrapped titles, lines, labels); the template draws
it. The SVG's units are points, drawn at their size: a 9-point label prints at 9 points.

The focus sits in the middle, the record it revisits and the other decisions above it, the
failure modes below, the red flags on the left and the playbooks on the right. Box sizes come
from the titles they hold, never the other way round: a title is wrapped, never cut. A line's
label is put beside its line, where the line does not run through it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from math import floor

from tradeoffs.graph.view import view
from tradeoffs.models import Card, Edge
from tradeoffs.queries.session import Plan
from tradeoffs.vocabulary import KIND_SPECS, SESSION_ROLES, Kind

from .handouts import shorten
from .templating import render

WIDTH, HEIGHT = 480, 410  # points: the diagram's share of an A4 landscape page
GAP = 8  # between boxes, and between a box and the page's edge of the diagram
FOCUS_WIDTH, SIDE_WIDTH = 190, 108
TOP_WIDTH = 150  # the widest a decision above the focus gets
FOCUS_FONT, TITLE_FONT, LABEL_FONT = 12.5, 9.5, 9.0
LINE_HEIGHT = 1.22
PADDING = 5
CHAR_WIDTH = 0.6  # a DejaVu Sans character's mean width, in ems (bold a little wider)
LABEL_CHAR_WIDTH = 0.66
NOTE_CHARS = 130  # a decision's note beside its reason; the other cards give only the reason
NOTES_UP_TO = 14  # rows of reasons that leave room for the notes beside the diagram


@dataclass(frozen=True)
class Node:
    id: str
    kind: Kind
    x: float  # centre
    y: float
    width: float
    height: float
    lines: list[str]
    font: float
    focus: bool = False

    # SVG in WeasyPrint takes no page CSS: the kind's colours go on the elements.
    @property
    def stroke(self) -> str:
        return KIND_SPECS[self.kind].colour

    @property
    def fill(self) -> str:
        return KIND_SPECS[self.kind].tint

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (
            self.x - self.width / 2,
            self.y - self.height / 2,
            self.x + self.width / 2,
            self.y + self.height / 2,
        )

    @property
    def first_baseline(self) -> float:
        block = len(self.lines) * self.font * LINE_HEIGHT
        return self.y - block / 2 + self.font * 0.95


@dataclass(frozen=True)
class Label:
    text: str
    x: float  # where the text is anchored
    y: float  # its baseline
    anchor: str  # "start", "end" or "middle"
    box: tuple[float, float, float, float]  # the room it takes: left, top, right, bottom


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    type: str
    label: Label | None  # written beside the lines between the focus and its decisions
    strong: bool  # a line of the focus


@dataclass(frozen=True)
class Row:
    title: str
    kind: str
    reason: str
    note: str | None


def overview_html(plan: Plan, edges: list[Edge], title: str) -> str:
    nodes = layout(plan)
    at = {node.id: node for node in nodes}
    scheduled = {d.id for d in [plan.focus, *plan.neighbours]}
    if plan.record is not None:
        scheduled.add(plan.record.id)
    lines: dict[frozenset[str], Line] = {}  # one line per pair of cards, the focus's first
    taken = [node.box for node in nodes]
    for edge in sorted(edges, key=lambda e: plan.focus.id not in (e.source, e.target)):
        pair = frozenset((edge.source, edge.target))
        if edge.source in at and edge.target in at and pair & scheduled and pair not in lines:
            mine = plan.focus.id in pair
            start = at[plan.focus.id] if mine else at[edge.source]
            other = at[next(iter(pair - {start.id}))]
            label = None
            if mine and other.kind in ("decision", "record"):
                text = view(edge, plan.focus.id).label
                label = place_label(text, (start.x, start.y, other.x, other.y), start, other, taken)
                taken.append(label.box)
            lines[pair] = Line(start.x, start.y, other.x, other.y, edge.type, label, mine)
    rows = [
        Row(
            card.title,
            KIND_SPECS[card.kind].label,
            plan.why[card.id].reason,
            _note(plan.why[card.id].note) if card.kind in ("decision", "record") else None,
        )
        for card in plan.cards
        if card.id in plan.why
    ]
    if len(rows) > NOTES_UP_TO:  # a full session: the reasons alone, the notes on the cards
        rows = [Row(row.title, row.kind, row.reason, None) for row in rows]
    return render(
        "overview.html",
        title=title,
        stylesheets=("overview.css",),
        plan=plan,
        question=plan.focus.decision_question or plan.focus.summary or "",
        nodes=nodes,
        lines=list(lines.values()),
        rows=rows,
        roles=SESSION_ROLES,
        drawn={node.kind for node in nodes},  # the key names only the kinds on the diagram
        width=WIDTH,
        height=HEIGHT,
        line_height=LINE_HEIGHT,
    )


def _note(note: str | None) -> str | None:
    """What the cards say about a decision's link to the focus, in whole sentences that fit
    the page; a first sentence too long for it is left to the table card and the map."""
    if not note:
        return None
    short = shorten(note, NOTE_CHARS)
    return short if len(short) <= NOTE_CHARS * 1.25 else None


def layout(plan: Plan) -> list[Node]:
    """The focus in the middle, the record and the other decisions above it, the failure
    modes below, the red flags on the left and the playbooks on the right; no two boxes
    touch."""
    revisited: list[Card] = [plan.record] if plan.record is not None else []
    top = _row([*revisited, *plan.neighbours], TOP_WIDTH)
    bottom = _row(plan.failure_modes, TOP_WIDTH)
    top_height = max((n.height for n in top), default=0)
    bottom_height = max((n.height for n in bottom), default=0)
    nodes = [_placed(n, n.x, GAP + top_height / 2) for n in top]
    nodes += [_placed(n, n.x, HEIGHT - GAP - bottom_height / 2) for n in bottom]
    upper = GAP + top_height + (2 * GAP if top else 0)
    lower = HEIGHT - GAP - bottom_height - (2 * GAP if bottom else 0)
    focus = _node(plan.focus, FOCUS_WIDTH, FOCUS_FONT, focus=True)
    nodes.append(_placed(focus, WIDTH / 2, (upper + lower) / 2))
    nodes += _column(plan.red_flags, GAP + SIDE_WIDTH / 2, upper, lower)
    nodes += _column(plan.playbooks, WIDTH - GAP - SIDE_WIDTH / 2, upper, lower)
    return nodes


def _node(card: Card, width: float, font: float, *, focus: bool = False) -> Node:
    chars = max(floor((width - 2 * PADDING) / (font * CHAR_WIDTH * (1.08 if focus else 1))), 8)
    lines = textwrap.wrap(card.title, chars, break_long_words=False) or [card.title]
    height = len(lines) * font * LINE_HEIGHT + 2 * PADDING + 2
    return Node(card.id, card.kind, 0, 0, width, height, lines, font, focus)


def _placed(node: Node, x: float, y: float) -> Node:
    return Node(
        node.id, node.kind, x, y, node.width, node.height, node.lines, node.font, node.focus
    )


def _row(cards: Sequence[Card], widest: float) -> list[Node]:
    """Cards side by side across the diagram, as wide as the room allows."""
    if not cards:
        return []
    width = min(widest, (WIDTH - GAP * (len(cards) + 1)) / len(cards))
    step = (WIDTH - 2 * GAP) / len(cards)
    return [
        _placed(_node(card, width, TITLE_FONT), GAP + step * (i + 0.5), 0)
        for i, card in enumerate(cards)
    ]


def _column(cards: Sequence[Card], x: float, upper: float, lower: float) -> list[Node]:
    """Cards one above the other between ``upper`` and ``lower``, spread evenly."""
    nodes = [_node(card, SIDE_WIDTH, TITLE_FONT) for card in cards]
    if not nodes:
        return []
    spare = max(lower - upper - sum(n.height for n in nodes), 0) / (len(nodes) + 1)
    placed = []
    y = upper + spare
    for node in nodes:
        placed.append(_placed(node, x, y + node.height / 2))
        y += node.height + spare
    return placed


def place_label(
    text: str,
    segment: tuple[float, float, float, float],
    start: Node,
    end: Node,
    taken: list[tuple[float, float, float, float]],
) -> Label:
    """``text`` beside the line ``segment`` between two boxes: the first spot along the line's
    open stretch, on its left or its right, that neither the line nor a box runs through."""
    width = len(text) * LABEL_FONT * LABEL_CHAR_WIDTH
    height = LABEL_FONT * 1.25
    x1, y1, x2, y2 = segment
    candidates: list[Label] = []
    for t in (0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8, 0.15, 0.85):
        mx, my = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
        for anchor, dy in (("start", 0.0), ("end", 0.0), ("middle", -1.0), ("middle", 1.0)):
            if anchor == "middle":  # above or below the line, centred on it
                x, left = mx, mx - width / 2
                top = my - height - 3 if dy < 0 else my + 3
            else:  # beside the line: clear of where it crosses the label's top and bottom
                top = my - height / 2
                crossings = [_x_at(segment, top, mx), _x_at(segment, top + height, mx)]
                x = max(crossings) + 4 if anchor == "start" else min(crossings) - 4
                left = x if anchor == "start" else x - width
            box = (left, top, left + width, top + height)
            label = Label(text, x, top + height / 2 + LABEL_FONT * 0.35, anchor, box)
            candidates.append(label)
            inside = 0 <= box[0] and box[2] <= WIDTH and 0 <= box[1] and box[3] <= HEIGHT
            clear = not any(_overlap(box, other) for other in taken)
            if inside and clear and not segment_hits_box(segment, box):
                return label
    return candidates[0]  # no clear spot on a crowded page: the middle of the line, its right


def _x_at(segment: tuple[float, float, float, float], y: float, default: float) -> float:
    """Where the line through ``segment`` is at height ``y`` (``default`` when level)."""
    x1, y1, x2, y2 = segment
    return default if y1 == y2 else x1 + (x2 - x1) * (y - y1) / (y2 - y1)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def segment_hits_box(
    segment: tuple[float, float, float, float], box: tuple[float, float, float, float]
) -> bool:
    """Whether the segment runs through the box (clipped against it, Liang-Barsky)."""
    x1, y1, x2, y2 = segment
    dx, dy = x2 - x1, y2 - y1
    low, high = 0.0, 1.0
    for p, q in ((-dx, x1 - box[0]), (dx, box[2] - x1), (-dy, y1 - box[1]), (dy, box[3] - y1)):
        if p == 0:
            if q < 0:
                return False
            continue
        r = q / p
        if p < 0:
            low = max(low, r)
        else:
            high = min(high, r)
        if low > high:
            return False
    return True
