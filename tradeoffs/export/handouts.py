"""What goes on the tables: the short focus card for each pair, the whole focus card for the
facilitator, the short cards of every other card, and the capture sheets; 10 pt or more.

Nothing handed out before its activity gives that activity away: the focus card for pairs
holds the question, the options, what each costs and the questions to ask, never the card's
heuristic or default stance (those are on the facilitator's card, read out at "Decide and
record"). The other cards are grouped by the activity that hands them out, each group on
sheets of its own. Text is never cut inside a sentence: a long item keeps its first whole
sentences (:func:`shorten`), and the card whole is on the facilitator's card and the map.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from tradeoffs.formats.adr.read import TRADEOFFS_LINE
from tradeoffs.formats.facets import Facet, facets
from tradeoffs.models import Card, Decision, FailureMode, Playbook, Record, RedFlag
from tradeoffs.queries.session import TITLES, Plan
from tradeoffs.vocabulary import CONCEPT_LABEL, KIND_SPECS, LINK_GROUP_SPECS, facet_label

from .document import Block, markdown_blocks
from .templating import render

BULLET_CHARS = 170
LEAD_CHARS = 260
ITEMS = 3
# The end of a sentence: a stop and a space before a capital, a digit or a quote, unless the
# stop closes a common abbreviation.
SENTENCE_END = re.compile(
    r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bvs\.)(?<!\betc\.)(?<=[.!?])[”’\")]*\s+(?=[A-Z0-9“‘\"(])"
)
# How much of each option the pairs' focus card holds (what it is good for, what it costs).
FOCUS_ITEMS = {"best_when": 2, "strengths": 3, "costs": 3, "hidden_costs": 2}
FOCUS_QUESTIONS = 5


def shorten(text: str, limit: int = BULLET_CHARS) -> str:
    """``text`` on one line; when longer than ``limit``, its first whole sentences that fit
    (the first one always, however long). Never cut inside a sentence."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    kept = ""
    for match in SENTENCE_END.finditer(text):
        head = text[: match.start()].rstrip()
        if len(head) > limit and kept:
            break
        kept = head
        if len(head) > limit:
            break
    return kept or text


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
    why: str | None  # why the card is in the session, a sentence
    body: list[Block]  # a record's own text, Markdown read as text


@dataclass(frozen=True)
class HandOut:
    """Cards handed out together, at one activity, on sheets of their own."""

    activity: str  # "5. Pre-mortem: a year from now this went wrong"
    sheets: list[list[ShortCard]]  # two to a page


@dataclass(frozen=True)
class OptionCosts:
    name: str
    sections: list[Section]


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


def focus_card_html(plan: Plan) -> str:
    """The focus for each pair, on two sides of one sheet at most: the question, each option
    (best when, strengths, costs, hidden costs), the questions to ask."""
    focus = plan.focus
    options = [
        OptionCosts(
            f"Option {side}: {option.name}",
            [
                Section(
                    facet_label(name), [shorten(item) for item in getattr(option, name)[:limit]]
                )
                for name, limit in FOCUS_ITEMS.items()
                if getattr(option, name)
            ],
        )
        for side, option in (("A", focus.option_a), ("B", focus.option_b))
    ]
    return render(
        "focus_card.html",
        title=f"Focus card: {focus.title}",
        stylesheets=("table_cards.css",),
        focus=focus,
        question=focus.decision_question or focus.summary,
        summary=shorten(focus.summary, LEAD_CHARS)
        if focus.decision_question and focus.summary
        else None,
        options=options,
        questions=[shorten(q) for q in focus.questions_to_ask[:FOCUS_QUESTIONS]],
        total=len(plan.cards),
    )


def whole_card_html(plan: Plan, selected: set[str], titles: Mapping[str, str]) -> str:
    """The focus card whole, for the facilitator's table: every facet and every link, on as
    many A4 pages as it needs. ``selected`` are the ids of the selection; ``titles`` the
    titles of every card the focus links to, selected or not."""
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
    return render(
        "whole_card.html",
        title=f"Facilitator's card: {focus.title}",
        stylesheets=("table_cards.css",),
        whole=whole,
        total=len(plan.cards),
    )


def handouts(plan: Plan) -> list[HandOut]:
    """The short cards of the plan, grouped by the activity that hands them out."""
    numbers = {card.id: n for n, card in enumerate(plan.cards, start=1)}
    groups: list[HandOut] = []
    for number, activity in enumerate(plan.activities, start=1):
        by_activity: dict[str, list[Card]] = {
            "opening": [plan.record] if plan.record is not None else [],
            "pre_mortem": list(plan.failure_modes),
            "red_flags": list(plan.red_flags),
            "second": list(activity.decisions),
            "checks": list(activity.decisions),
            "actions": list(plan.playbooks),
        }
        cards = by_activity.get(activity.key, [])
        shorts = [short_card(card, numbers[card.id], plan) for card in cards]
        if shorts:
            sheets = [shorts[i : i + 2] for i in range(0, len(shorts), 2)]
            groups.append(HandOut(f"{number}. {activity.title}", sheets))
    return groups


def table_cards_html(plan: Plan) -> str:
    """The short cards of ``plan`` as one page of print CSS (A4, numbered pages), each
    activity's group starting on a sheet of its own (a right-hand page)."""
    return render(
        "table_cards.html",
        title=f"Table cards: {plan.focus.title}",
        stylesheets=("table_cards.css",),
        groups=handouts(plan),
        total=len(plan.cards),
    )


def short_card(card: Card, number: int, plan: Plan) -> ShortCard:
    """The few lines of ``card`` a table needs."""
    why = plan.why.get(card.id)
    lead: str | None
    body: list[Block] = []
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
                Section("When someone says", [f"“{card.common_quote}”: {card.counter_move}"])
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
        lead = f"Our decision record{f' ({when})' if when else ''}."
        sections = []
        body = record_sections(card)
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
        lead=shorten(lead, LEAD_CHARS) if lead else None,
        sections=[s for s in sections if s.items],
        why=why.reason if why else None,
        body=body,
    )


def record_sections(record: Record) -> list[Block]:
    """The record's own context, decision and consequences, its Markdown read as text."""
    blocks: list[Block] = []
    wanted = (
        ("context", "Context, as the record says"),
        ("decision", "What we decided"),
        ("consequences", "Consequences, as the record says"),
    )
    for start, lead in wanted:
        for section in record.sections:
            heading = section.heading.strip().lower()
            if heading.startswith(start) and not heading.startswith("decision drivers"):
                text = "\n".join(
                    line for line in section.text.splitlines() if not TRADEOFFS_LINE.match(line)
                )
                blocks += markdown_blocks(text, lead)
                break
    return blocks


def _items(title: str, items: list[str]) -> Section:
    return Section(title, [shorten(item) for item in items[:ITEMS]])


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


# ---- the capture sheets ----

SCORES = ("−2", "−1", "0", "+1", "+2")
OWN_FACTORS = 2  # blank rows of the tally grid for factors of the room's own
PARKING_LINES = 14
ACTION_ROWS = 14


def capture_sheets_html(plan: Plan) -> str:
    """Once per table: the tally grid of the silent vote (key factors by options, a column
    per score), the parking-lot sheet, the actions sheet (what, owner, date)."""
    focus = plan.focus
    return render(
        "capture_sheets.html",
        title=f"Capture sheets: {focus.title}",
        stylesheets=("capture_sheets.css",),
        focus=focus,
        options=[focus.option_a.name, focus.option_b.name],
        factors=[*focus.key_factors, *([""] * OWN_FACTORS)],
        scores=SCORES,
        parking_lines=PARKING_LINES,
        action_rows=ACTION_ROWS,
        vote=TITLES["vote"],
    )
