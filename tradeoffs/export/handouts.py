"""Table cards: what people read at the table, in the guide's order, at 10 pt or more.

The focus decision is printed whole (every facet and every link, on as many A4 pages as it
needs). Every other card of the session plan gets a short card, two to an A4 page with a
cut line between them: its question, each option (or its signs, or its steps) in three
bullets, and three questions to ask. A bullet longer than :data:`BULLET_CHARS` is cut at a
word and ends in "…", so a short card always fits its half page; the whole card is on the
map. Links are named by title and say where their target is: on a table card, in the
parking lot, or not in this pack.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tradeoffs.models import Card, Decision, FailureMode, Playbook, Record, RedFlag
from tradeoffs.render.facets import Facet, facets
from tradeoffs.vocabulary import CONCEPT_LABEL, KIND_SPECS, LINK_GROUP_SPECS

from .session import Plan
from .templating import render

BULLET_CHARS = 150
LEAD_CHARS = 260
ITEMS = 3


@dataclass(frozen=True)
class Section:
    title: str
    items: list[str]


@dataclass(frozen=True)
class ShortCard:
    number: int
    kind: str
    kind_label: str
    title: str
    lead: str | None
    sections: list[Section]  # the first two side by side, the rest below
    why: str | None  # why the card is in the session, from the edge that brought it in


@dataclass(frozen=True)
class LinkLine:
    title: str
    where: str  # "table card 3", "parking lot", "not in this pack"
    note: str | None


@dataclass(frozen=True)
class WholeCard:
    number: int
    kind: str
    kind_label: str
    title: str
    summary: str | None
    facets: list[Facet]
    links: list[tuple[str, list[LinkLine]]]


def clip(text: str, limit: int = BULLET_CHARS) -> str:
    """``text`` on one line, cut at a word before ``limit`` characters and ended with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.-")
    return cut + "…"


def table_cards_html(plan: Plan, selected: set[str], titles: Mapping[str, str]) -> str:
    """The table cards of ``plan`` as one page of print CSS (A4, numbered pages).

    ``selected`` are the ids of the selection; ``titles`` the titles of every card the
    focus links to, selected or not."""
    numbers = {card.id: n for n, card in enumerate(plan.cards, start=1)}

    def where(card_id: str | None) -> str:
        if card_id in numbers:
            return f"table card {numbers[card_id]}"
        return "parking lot" if card_id in selected else "not in this pack"

    focus = plan.focus
    whole = WholeCard(
        number=1,
        kind=focus.kind,
        kind_label=KIND_SPECS[focus.kind].label,
        title=focus.title,
        summary=focus.summary,
        facets=[f for f in facets(focus) if f.name != "summary"],
        links=[
            (
                LINK_GROUP_SPECS[group].label,
                [
                    LinkLine(
                        titles.get(link.id or "")
                        or link.title
                        or (f"{CONCEPT_LABEL}: {link.concept}" if link.concept else "(title lost)"),
                        "a concept, not a card" if link.concept and not link.id else where(link.id),
                        link.note,
                    )
                    for link in links
                ],
            )
            for group, links in focus.links.groups()
        ],
    )
    shorts = [
        short_card(card, number, plan)
        for number, card in enumerate(plan.cards, start=1)
        if card.id != focus.id
    ]
    sheets = [shorts[i : i + 2] for i in range(0, len(shorts), 2)]
    return render(
        "table_cards.html",
        title=f"Table cards: {focus.title}",
        stylesheets=("table_cards.css",),
        whole=whole,
        sheets=sheets,
        total=len(plan.cards),
    )


def short_card(card: Card, number: int, plan: Plan) -> ShortCard:
    """The few lines of ``card`` a table needs."""
    why = plan.why.get(card.id)
    lead: str | None
    if isinstance(card, Decision):
        lead = card.decision_question or card.summary
        sections = [_option(card, "a"), _option(card, "b"), _items("Ask", card.questions_to_ask)]
    elif isinstance(card, FailureMode):
        lead = card.what_it_is or card.summary
        signs = card.warning_signs
        firsts = [
            f"{stage}: {items[0]}"
            for stage, items in (("Early", signs.early), ("Mid", signs.mid), ("Late", signs.late))
            if items
        ]
        moves = [m for m in (card.first_move,) if m] + card.immediate_actions
        sections = [_items("Warning signs", firsts), _items("First moves", moves)]
        if card.common_quote and card.counter_move:
            sections.append(
                _items("When someone says", [f"“{card.common_quote}”: {card.counter_move}"])
            )
    elif isinstance(card, RedFlag):
        lead = card.what_you_notice or card.summary
        sections = [
            _items("Why it matters", [card.why_it_matters] if card.why_it_matters else []),
            _items("Usually indicates", card.what_it_usually_indicates),
            _items("Ask", card.diagnostic_questions),
        ]
    elif isinstance(card, Record):
        when = ", ".join(filter(None, [card.status, card.date]))
        lead = f"Our record{f' ({when})' if when else ''}: {card.chosen_option or card.summary or card.title}"
        context = [s.text for s in card.sections if s.heading.lower().startswith("context")]
        consequences = [s.text for s in card.sections if "consequence" in s.heading.lower()]
        sections = [
            _items("Context", [" ".join(text.split()) for text in context if text.strip()]),
            _items("Consequences", [" ".join(t.split()) for t in consequences if t.strip()]),
        ]
    else:
        assert isinstance(card, Playbook)
        lead = card.goal or card.situation or card.summary
        steps = [f"{step.step}. {step.title}" for step in card.steps]
        sections = [
            _items("Use when", card.use_when),
            _items("First steps", steps),
            _items("Good looks like", card.what_good_looks_like),
        ]
    return ShortCard(
        number=number,
        kind=card.kind,
        kind_label=KIND_SPECS[card.kind].label,
        title=card.title,
        lead=clip(lead, LEAD_CHARS) if lead else None,
        sections=[s for s in sections if s.items],
        why=f"{why.via}: {why.label.lower()} this" if why else None,
    )


def _items(title: str, items: list[str]) -> Section:
    return Section(title, [clip(item) for item in items[:ITEMS]])


def _option(decision: Decision, side: str) -> Section:
    option = decision.option_a if side == "a" else decision.option_b
    bullets = [
        f"{label}: {items[0]}"
        for label, items in (
            ("Best when", option.best_when),
            ("Strength", option.strengths),
            ("Cost", option.costs),
            ("Hidden cost", option.hidden_costs),
        )
        if items
    ]
    return _items(f"Option {side.upper()}: {option.name}", bullets)
