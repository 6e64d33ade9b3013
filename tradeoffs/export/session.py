"""The session plan: what a workshop of a given length discusses, in which order, for how long.

A session is about one decision (the focus) and at most two of its neighbours, chosen by how
they are linked to it: ``confused_with`` first, then ``adjacent``, then decisions that share
the most linked cards with it. The failure modes, red flags and playbooks linked to those
decisions feed the pre-mortem, the red-flag check and the actions, a few of each; every other
card of the selection goes to the parking lot, and :attr:`Plan.warning` names them.

The activities run in the order a good session does (opening, warm-up on easily confused
decisions, steelmanning, silent vote, pre-mortem, red-flag check, decide and record, the
neighbours, actions), their minutes set per session length in :data:`MINUTES` and rescaled
(:func:`apportion`) when an activity has nothing to work on, so they always add up.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from fractions import Fraction
from math import floor
from typing import Any

from tradeoffs.errors import ExportError
from tradeoffs.graph.view import EdgeView, view
from tradeoffs.models import Card, Decision, FailureMode, Playbook, Record, RedFlag, Subgraph

SESSION_MINUTES = (45, 60, 90, 120)

# Minutes of each activity per session length; "neighbour" is per scheduled neighbour.
MINUTES: dict[str, dict[int, int]] = {
    "opening": {45: 3, 60: 5, 90: 5, 120: 8},
    "warm_up": {45: 4, 60: 5, 90: 8, 120: 10},
    "steelman": {45: 8, 60: 10, 90: 15, 120: 18},
    "vote": {45: 4, 60: 5, 90: 7, 120: 8},
    "pre_mortem": {45: 7, 60: 8, 90: 12, 120: 15},
    "red_flags": {45: 4, 60: 5, 90: 6, 120: 8},
    "decide": {45: 6, 60: 8, 90: 10, 120: 12},
    "break": {45: 0, 60: 0, 90: 0, 120: 8},
    "neighbour": {45: 5, 60: 7, 90: 10, 120: 13},
    "actions": {45: 4, 60: 7, 90: 7, 120: 7},
}
# How many of each the session takes on, per length.
NEIGHBOURS = {45: 1, 60: 1, 90: 2, 120: 2}
FAILURE_MODES = {45: 3, 60: 3, 90: 4, 120: 5}
RED_FLAGS = {45: 2, 60: 3, 90: 3, 120: 4}
PLAYBOOKS = {45: 2, 60: 2, 90: 2, 120: 3}
WARM_UP_PAIRS = 3
# Ranks of the ways a decision can be linked to the focus, best first.
NEIGHBOUR_RANK = {"confused_with": 0, "adjacent": 1}
SHARED_RANK = 2
NAMED_IN_WARNING = 12


@dataclass(frozen=True)
class Why:
    """Why a card is in the session: how it reads from the decision that brought it in."""

    label: str  # "Easy to confuse with", "Can fail as", "Shares 3 linked cards"
    via: str  # the title of the card it is linked to
    note: str | None = None  # the edge note that says why, when a card wrote one


@dataclass(frozen=True)
class Pair:
    """Two easily confused decisions and the distinction each one draws."""

    first: Decision
    second: Decision
    first_note: str | None
    second_note: str | None


@dataclass(frozen=True)
class Activity:
    key: str  # one of MINUTES
    title: str
    start: int
    minutes: int
    decision: Decision | None = None  # the decision a neighbour slot discusses


@dataclass(frozen=True)
class Plan:
    minutes: int
    focus: Decision
    neighbours: list[Decision]
    pairs: list[Pair]
    failure_modes: list[FailureMode]
    red_flags: list[RedFlag]
    playbooks: list[Playbook]
    why: dict[str, Why]  # card id -> why it is here (every plan card but the focus)
    activities: list[Activity]
    parking_lot: list[Card]
    selection_size: int
    record: Record | None = None  # the team's decision record this session revisits

    @property
    def decisions(self) -> list[Decision]:
        """The scheduled decisions: the focus, then its neighbours."""
        return [self.focus, *self.neighbours]

    @property
    def cards(self) -> list[Card]:
        """Every card the session works with, in the guide's order (the record it revisits
        after the decisions, when it revisits one)."""
        revisited: list[Card] = [self.record] if self.record is not None else []
        return [*self.decisions, *revisited, *self.failure_modes, *self.red_flags, *self.playbooks]

    @property
    def taken(self) -> list[Card]:
        """Every card the session uses: its cards, then those only read out in the warm-up."""
        cards = self.cards
        ids = {card.id for card in cards}
        paired = [card for pair in self.pairs for card in (pair.first, pair.second)]
        return cards + list({c.id: c for c in paired if c.id not in ids}.values())

    @property
    def warning(self) -> str | None:
        """What the session leaves out, naming the cards; None when it takes everything."""
        if not self.parking_lot:
            return None
        names = ", ".join(card.title for card in self.parking_lot[:NAMED_IN_WARNING])
        more = len(self.parking_lot) - NAMED_IN_WARNING
        if more > 0:
            names += f" and {more} more"
        return (
            f"a {self.minutes}-minute session takes {len(self.taken)} of the "
            f"{self.selection_size} selected cards; {len(self.parking_lot)} "
            f"{'goes' if len(self.parking_lot) == 1 else 'go'} to the guide's parking lot: {names}"
        )


def plan_session(subgraph: Subgraph, focus: str | None, minutes: int) -> Plan:
    """The plan for a ``minutes`` session on ``subgraph`` around the decision ``focus``.

    Without a focus (or when it is not a decision) the session is about the decision nearest
    to it, or else the most linked decision, ties by title. A focus that is a team's decision
    record makes the session a review of that record: it is the plan's ``record``, and the
    decision it applies is the one the room works through."""
    if minutes not in SESSION_MINUTES:
        raise ExportError(f"a session lasts one of {SESSION_MINUTES} minutes, not {minutes}")
    by_id = {card.id: card for card in subgraph.cards}
    relations: dict[str, list[EdgeView]] = {card.id: [] for card in subgraph.cards}
    for edge in subgraph.edges:
        relations[edge.source].append(view(edge, edge.source))
        relations[edge.target].append(view(edge, edge.target))
    decisions = [card for card in subgraph.cards if isinstance(card, Decision)]
    if not decisions:
        raise ExportError("a workshop needs at least one decision card in the selection")
    distance = distances(relations, focus) if focus in by_id else {}
    anchor = _anchor(decisions, relations, distance)
    why: dict[str, Why] = {}
    neighbours = _neighbours(anchor, by_id, relations, NEIGHBOURS[minutes], why)
    scheduled = [anchor, *neighbours]

    def linked(kind: type[Card], limit: int) -> list[Any]:
        chosen: list[Card] = []
        for decision in scheduled:
            own_first = sorted(relations[decision.id], key=lambda r: (not r.outgoing, r.other))
            for relation in sorted(own_first, key=lambda r: by_id[r.other].title):
                card = by_id[relation.other]
                if isinstance(card, kind) and card not in chosen and len(chosen) < limit:
                    chosen.append(card)
                    why[card.id] = Why(relation.label, decision.title, _note(relation))
        return chosen

    failure_modes: list[FailureMode] = linked(FailureMode, FAILURE_MODES[minutes])
    red_flags: list[RedFlag] = linked(RedFlag, RED_FLAGS[minutes])
    playbooks: list[Playbook] = linked(Playbook, PLAYBOOKS[minutes])
    pairs = _pairs(scheduled, by_id, relations)
    record = by_id.get(focus or "")
    record = record if isinstance(record, Record) else None
    in_plan = {card.id for card in [*scheduled, *failure_modes, *red_flags, *playbooks]}
    in_plan |= {card.id for pair in pairs for card in (pair.first, pair.second)}  # the warm-up
    if record is not None:
        in_plan.add(record.id)
        reads = [r.label for r in relations[anchor.id] if r.other == record.id]
        why[record.id] = Why(reads[0] if reads else "Under review", anchor.title)
    from_anchor = distances(relations, anchor.id)
    unreached = len(subgraph.cards)
    parking_lot = sorted(
        (card for card in subgraph.cards if card.id not in in_plan),
        key=lambda c: (c.kind != "decision", from_anchor.get(c.id, unreached), c.title, c.id),
    )
    return Plan(
        minutes=minutes,
        focus=anchor,
        neighbours=neighbours,
        pairs=pairs,
        failure_modes=failure_modes,
        red_flags=red_flags,
        playbooks=playbooks,
        why=why,
        activities=_activities(minutes, anchor, neighbours, pairs, red_flags),
        parking_lot=parking_lot,
        selection_size=len(subgraph.cards),
        record=record,
    )


def _note(relation: EdgeView) -> str | None:
    return relation.note or relation.other_note


def distances(relations: dict[str, list[EdgeView]], start: str) -> dict[str, int]:
    """Hops from ``start`` to every card it reaches, edges followed both ways."""
    distance = {start: 0}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for relation in relations[node]:
            if relation.other not in distance:
                distance[relation.other] = distance[node] + 1
                queue.append(relation.other)
    return distance


def _anchor(
    decisions: list[Decision], relations: dict[str, list[EdgeView]], distance: dict[str, int]
) -> Decision:
    if distance:  # a focus: it, or the decision nearest to it
        reached = [d for d in decisions if d.id in distance]
        if reached:
            return min(reached, key=lambda d: (distance[d.id], d.title, d.id))
    return min(decisions, key=lambda d: (-len(relations[d.id]), d.title, d.id))


def _neighbours(
    anchor: Decision,
    by_id: dict[str, Card],
    relations: dict[str, list[EdgeView]],
    limit: int,
    why: dict[str, Why],
) -> list[Decision]:
    """The decisions linked to ``anchor``, best linked first, at most ``limit``: by link
    type, then by how many linked cards they share with it, then by title."""
    shared: dict[str, set[str]] = {}  # decision id -> titles of the cards it shares
    for middle in sorted({r.other for r in relations[anchor.id]}):
        if isinstance(by_id[middle], Decision):
            continue
        for relation in relations[middle]:
            if isinstance(by_id[relation.other], Decision) and relation.other != anchor.id:
                shared.setdefault(relation.other, set()).add(by_id[middle].title)
    ranked: dict[str, tuple[int, int, str]] = {}  # id -> (rank, -shared, title)
    for relation in relations[anchor.id]:
        other = by_id[relation.other]
        if isinstance(other, Decision) and relation.type in NEIGHBOUR_RANK:
            common = len(shared.get(other.id, ()))
            rank = (NEIGHBOUR_RANK[relation.type], -common, other.title)
            if relation.other not in ranked or rank < ranked[relation.other]:
                ranked[relation.other] = rank
                why[other.id] = Why(relation.label, anchor.title, _note(relation))
    for other_id, titles in shared.items():
        if other_id not in ranked:
            ranked[other_id] = (SHARED_RANK, -len(titles), by_id[other_id].title)
            label = f"Shares {len(titles)} linked card{'s' if len(titles) != 1 else ''} with"
            why[other_id] = Why(label, anchor.title, "; ".join(sorted(titles)))
    best = sorted(ranked, key=lambda card_id: (ranked[card_id], card_id))[:limit]
    for card_id in set(ranked) - set(best):
        del why[card_id]
    return [by_id[card_id] for card_id in best]  # type: ignore[misc]


def _pairs(
    scheduled: list[Decision], by_id: dict[str, Card], relations: dict[str, list[EdgeView]]
) -> list[Pair]:
    """Up to :data:`WARM_UP_PAIRS` confused decision pairs with a scheduled decision in them,
    the focus's first; the scheduled decision is the pair's first card."""
    pairs: list[Pair] = []
    seen: set[frozenset[str]] = set()
    for decision in scheduled:
        confused = [r for r in relations[decision.id] if r.type == "confused_with"]
        for relation in sorted(confused, key=lambda r: by_id[r.other].title):
            other = by_id[relation.other]
            key = frozenset((decision.id, other.id))
            if isinstance(other, Decision) and key not in seen and len(pairs) < WARM_UP_PAIRS:
                seen.add(key)
                pairs.append(Pair(decision, other, relation.note, relation.other_note))
    return pairs


def _activities(
    minutes: int,
    focus: Decision,
    neighbours: list[Decision],
    pairs: list[Pair],
    red_flags: list[RedFlag],
) -> list[Activity]:
    parts: list[tuple[str, str, Decision | None]] = [
        ("opening", "Opening: the question, the goal, the roles", None)
    ]
    if pairs:
        parts.append(("warm_up", "Warm-up: which of these are we really deciding?", None))
    parts += [
        ("steelman", "Steelman each option, in pairs", None),
        ("vote", "Silent vote on the key factors", None),
        ("pre_mortem", "Pre-mortem: a year from now this went wrong", None),
    ]
    if red_flags:
        parts.append(("red_flags", "Red-flag check: do we see these today?", None))
    parts.append(("decide", f"Decide and record: {focus.title}", None))
    if MINUTES["break"][minutes]:
        parts.append(("break", "Break", None))
    parts += [("neighbour", f"Neighbour decision: {d.title}", d) for d in neighbours]
    parts.append(("actions", "Actions: owner and date for each", None))
    shares = apportion(minutes, [MINUTES[key][minutes] for key, _, _ in parts])
    activities = []
    start = 0
    for (key, title, decision), share in zip(parts, shares, strict=True):
        activities.append(Activity(key, title, start, share, decision))
        start += share
    return activities


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
