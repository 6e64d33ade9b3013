"""The workshop pack: what a facilitator puts in the room for one neighbourhood of the graph.

``map.html`` (the offline map), ``cards.html`` and ``cards.pdf`` (one handout per A4 page),
``facilitator.md`` and ``facilitator.html`` (the guide: order, questions, warm-up, risks,
playbooks, worksheet and timing) and ``subgraph.json`` (the data, as the ``json`` export).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from math import floor

from tradeoffs.errors import ExportError
from tradeoffs.export import SESSION_MINUTES
from tradeoffs.files import Files
from tradeoffs.map import render_map
from tradeoffs.models import Card, Decision, FailureMode, Playbook, RedFlag, Subgraph
from tradeoffs.render.facets import label

from .data import selection_summary, to_json
from .document import Block, Bullets, Heading, Paragraph, Table, stylesheet, to_html, to_markdown
from .handouts import printable_handouts

# Shares of the session: each fixed section 1, each decision 2, the focus decision 3.
SECTION_WEIGHT, DECISION_WEIGHT, FOCUS_WEIGHT = 1, 2, 3
# A decision discussed for less than this is only skimmed: the plan schedules fewer
# decisions and lists the rest for a later session instead.
MIN_DECISION_MINUTES = 5
DECISION_PROMPTS = (
    "questions_to_ask",
    "evidence_needed",
    "key_factors",
    "when_to_revisit",
    "common_bad_reasons",
    "anti_patterns",
)
WORKSHEET_PROMPTS = (
    "Our choice",
    "The constraint that decided it",
    "Evidence we have",
    "Evidence we still need",
    "Who owns the decision",
    "We look again when",
)


@dataclass(frozen=True)
class Slot:
    """One part of the session and its minutes."""

    title: str
    minutes: int
    decision: bool = False  # a slot discussing one decision


@dataclass(frozen=True)
class Plan:
    slots: list[Slot]
    deferred: list[Decision]  # decisions that did not fit the session, for a later one


def workshop_pack(subgraph: Subgraph, *, focus: str | None = None, minutes: int = 60) -> Files:
    """The pack's files, name -> content; ``focus`` leads the order and the guide."""
    cards = ordered(subgraph, focus)
    title = _pack_title(cards, focus, subgraph)
    guide = guide_blocks(subgraph, cards, focus, minutes, title)  # first: it checks minutes
    handouts, pdf = printable_handouts(cards, title)
    return {
        "map.html": render_map(subgraph, title=title, focus=focus),
        "cards.html": handouts,
        "cards.pdf": pdf,
        "facilitator.md": to_markdown(guide),
        "facilitator.html": to_html(guide, title=title, css=stylesheet("guide.css")),
        "subgraph.json": to_json(subgraph),
    }


def ordered(subgraph: Subgraph, focus: str | None) -> list[Card]:
    """The cards in the order a session takes them: the focus, then by distance from it
    (edges followed both ways, within the subgraph), then by title; cards the focus does
    not reach come last. Without a focus, by title."""
    distance = _distances(subgraph, focus) if focus else {}
    unreached = len(subgraph.cards)
    return sorted(
        subgraph.cards,
        key=lambda card: (distance.get(card.id, unreached), card.title.casefold(), card.id),
    )


def _distances(subgraph: Subgraph, start: str) -> dict[str, int]:
    neighbours: dict[str, set[str]] = {card.id: set() for card in subgraph.cards}
    for edge in subgraph.edges:
        neighbours[edge.source].add(edge.target)
        neighbours[edge.target].add(edge.source)
    if start not in neighbours:
        return {}
    distance = {start: 0}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for other in neighbours[node] - distance.keys():
            distance[other] = distance[node] + 1
            queue.append(other)
    return distance


# ---- the session plan ----


def apportion(total: int, weights: list[int]) -> list[int]:
    """Whole minutes in proportion to ``weights`` that add up to exactly ``total``: each
    share rounded down, the minutes left over going to the largest remainders (earlier
    slots first on a tie)."""
    shares = [Fraction(total * weight, sum(weights)) for weight in weights]
    minutes = [floor(share) for share in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: (minutes[i] - shares[i], i))
    for i in by_remainder[: total - sum(minutes)]:
        minutes[i] += 1
    return minutes


def plan_session(cards: list[Card], subgraph: Subgraph, focus: str | None, minutes: int) -> Plan:
    """Opening, warm-up, one slot per decision, risks, playbooks and wrap-up, as many
    decisions as get :data:`MIN_DECISION_MINUTES` each (at least one), in ``cards`` order."""
    if minutes not in SESSION_MINUTES:
        raise ExportError(f"a session lasts one of {SESSION_MINUTES} minutes, not {minutes}")
    decisions = [card for card in cards if isinstance(card, Decision)]
    before = ["Opening: the question, the map and the rules of the room"]
    if _confused_pairs(subgraph, cards):
        before.append("Warm-up: easily confused decisions")
    after = []
    if any(isinstance(card, FailureMode | RedFlag) for card in cards):
        after.append("Failure modes and red flags to watch")
    if any(isinstance(card, Playbook) for card in cards):
        after.append("Playbooks to reach for")
    after.append("Wrap-up: worksheet answers, owners and next steps")

    def slots(scheduled: list[Decision]) -> list[Slot]:
        parts = [(title, SECTION_WEIGHT, False) for title in before]
        parts += [
            (f"Decision: {d.title}", FOCUS_WEIGHT if d.id == focus else DECISION_WEIGHT, True)
            for d in scheduled
        ]
        parts += [(title, SECTION_WEIGHT, False) for title in after]
        shares = apportion(minutes, [weight for _, weight, _ in parts])
        return [Slot(t, m, d) for (t, _, d), m in zip(parts, shares, strict=True)]

    count = len(decisions)
    plan = slots(decisions)
    while count > 1 and min(s.minutes for s in plan if s.decision) < MIN_DECISION_MINUTES:
        count -= 1
        plan = slots(decisions[:count])
    return Plan(slots=plan, deferred=decisions[count:])


# ---- the facilitator guide ----


def guide_blocks(
    subgraph: Subgraph, cards: list[Card], focus: str | None, minutes: int, title: str
) -> list[Block]:
    plan = plan_session(cards, subgraph, focus, minutes)
    blocks: list[Block] = [
        Heading(1, f"Facilitator guide: {title}"),
        Paragraph(f"A {minutes}-minute session on {selection_summary(subgraph)}.", "Scope"),
        Paragraph(
            "Show map.html on the screen, hand out cards.pdf (one card per page), "
            "keep this guide and the worksheet at the front of the room.",
            "Set-up",
        ),
    ]
    blocks += _timing(plan, minutes)
    blocks += _warm_up(subgraph, cards)
    blocks += _decisions(cards, focus)
    blocks += _risks(cards)
    blocks += _playbooks(cards)
    blocks += _worksheet(cards)
    return blocks


def _timing(plan: Plan, minutes: int) -> list[Block]:
    rows = []
    start = 0
    for slot in plan.slots:
        rows.append((f"{start // 60}:{start % 60:02d}", str(slot.minutes), slot.title))
        start += slot.minutes
    blocks: list[Block] = [
        Heading(2, f"Suggested timing ({minutes} minutes)"),
        Table(("Start", "Minutes", "Section"), tuple(rows)),
    ]
    if plan.deferred:
        blocks.append(
            Bullets(
                tuple(d.title for d in plan.deferred),
                "Not enough time for these decisions: keep them for a follow-up session",
            )
        )
    return blocks


def _confused_pairs(
    subgraph: Subgraph, cards: list[Card]
) -> list[tuple[Card, Card, str | None, str | None]]:
    """(card, other card, what the first wrote, what the other wrote) per ``confused_with``
    edge: the card nearer the focus first, the pairs nearest the focus first."""
    position = {card.id: i for i, card in enumerate(cards)}
    pairs = []
    for edge in subgraph.edges:
        if edge.type != "confused_with":
            continue
        first, second = edge.source, edge.target
        first_note, second_note = edge.note, edge.reverse_note
        if position[second] < position[first]:
            first, second, first_note, second_note = second, first, second_note, first_note
        pairs.append((cards[position[first]], cards[position[second]], first_note, second_note))
    return sorted(pairs, key=lambda pair: (position[pair[0].id], position[pair[1].id]))


def _warm_up(subgraph: Subgraph, cards: list[Card]) -> list[Block]:
    pairs = _confused_pairs(subgraph, cards)
    if not pairs:
        return []
    blocks: list[Block] = [
        Heading(2, "Warm-up: easily confused decisions"),
        Paragraph(
            "Read each pair aloud. Ask the room which of the two the current argument is "
            "really about, and why; then read the distinctions the cards draw."
        ),
    ]
    for first, second, note, reverse_note in pairs:
        blocks.append(Heading(3, f"{first.title}, or {second.title}?"))
        for card, distinction in ((first, note), (second, reverse_note)):
            if distinction:
                blocks.append(Paragraph(distinction, f"From {card.title}"))
        if not (note or reverse_note):
            blocks.append(Paragraph("No distinction written yet: ask the room to write one."))
    return blocks


def _decisions(cards: list[Card], focus: str | None) -> list[Block]:
    decisions = [card for card in cards if isinstance(card, Decision)]
    if not decisions:
        return []
    blocks: list[Block] = [Heading(2, "Decisions")]
    for number, decision in enumerate(decisions, start=1):
        marker = " (focus)" if decision.id == focus else ""
        blocks.append(Heading(3, f"{number}. {decision.title}{marker}"))
        blocks += _paragraphs(decision, ("decision_question", "summary", "decision_heuristic"))
        options = f"A: {decision.option_a.name}; B: {decision.option_b.name}"
        blocks.append(Paragraph(options, "Options"))
        blocks += _lists(decision, DECISION_PROMPTS)
    return blocks


def _risks(cards: list[Card]) -> list[Block]:
    risks = [card for card in cards if isinstance(card, FailureMode | RedFlag)]
    if not risks:
        return []
    blocks: list[Block] = [Heading(2, "Failure modes and red flags to watch")]
    for card in risks:
        if isinstance(card, FailureMode):
            blocks.append(Heading(3, f"Failure mode: {card.title}"))
            blocks += _paragraphs(card, ("summary", "what_it_is", "first_move", "counter_move"))
            signs = card.warning_signs
            for stage, items in (("Early", signs.early), ("Mid", signs.mid), ("Late", signs.late)):
                if items:
                    blocks.append(Bullets(tuple(items), f"{stage} warning signs"))
        else:
            blocks.append(Heading(3, f"Red flag: {card.title}"))
            blocks += _paragraphs(card, ("summary", "what_you_notice", "why_it_matters"))
            blocks += _lists(card, ("diagnostic_questions", "what_to_check_next"))
    return blocks


def _playbooks(cards: list[Card]) -> list[Block]:
    playbooks = [card for card in cards if isinstance(card, Playbook)]
    if not playbooks:
        return []
    blocks: list[Block] = [Heading(2, "Playbooks to reach for")]
    for playbook in playbooks:
        blocks.append(Heading(3, playbook.title))
        blocks += _paragraphs(playbook, ("summary", "situation", "goal"))
        blocks += _lists(playbook, ("use_when",))
        if playbook.steps:
            steps = tuple(f"{step.step}. {step.title}" for step in playbook.steps)
            blocks.append(Bullets(steps, "Steps"))
    return blocks


def _worksheet(cards: list[Card]) -> list[Block]:
    decisions = [card for card in cards if isinstance(card, Decision)]
    if not decisions:
        return []
    blocks: list[Block] = [
        Heading(2, "Worksheet"),
        Paragraph("One table per decision: write the room's answers in the empty column."),
    ]
    for decision in decisions:
        blocks.append(Heading(3, decision.title))
        rows = tuple((prompt, "") for prompt in WORKSHEET_PROMPTS)
        blocks.append(Table(("Prompt", "The room's answer"), rows, writable=True))
    return blocks


def _paragraphs(card: Card, names: Iterable[str]) -> list[Block]:
    return [Paragraph(value, label(name)) for name in names if (value := getattr(card, name))]


def _lists(card: Card, names: Iterable[str]) -> list[Block]:
    return [Bullets(tuple(items), label(name)) for name in names if (items := getattr(card, name))]


def _pack_title(cards: list[Card], focus: str | None, subgraph: Subgraph) -> str:
    if focus and cards and cards[0].id == focus:
        return cards[0].title
    return selection_summary(subgraph)
