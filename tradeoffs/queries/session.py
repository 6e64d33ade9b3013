"""The session plan: what a workshop of a given length and size works on, in which order, in
which groups, for how long. The workshop pack (:mod:`tradeoffs.export.workshop`) only renders it.

A session is about one decision (the focus). The decisions linked to it (``confused_with``
first, then ``adjacent``, then those sharing the most linked cards with it) come in two ways:
at most one full decision per hour (:data:`FULL_DECISIONS`: the focus, and a second one in 120
minutes), the others as a check of a few minutes each, "does this change our choice?". The
failure modes, red flags and playbooks linked to those decisions feed the pre-mortem, the
red-flag check and the actions, a few of each; every other card of the selection goes to the
parking lot, and :attr:`Plan.warning` names them.

The group size shapes the moves (:func:`groups`): below 8 people the room works in pairs;
from 8 to 16 at tables of four (1-2-4-All); above 16 at tables of up to eight, each with a
table host who reports back in one minute. Activities whose tables report back get those
minutes on top of their share, and every activity's minutes are then rescaled
(:func:`apportion`) so they add up to the session.

A focus that is one of the team's decision records makes the session a revisit of that
record: the room reads it, checks which re-look triggers fired, and keeps, amends or
supersedes it.
"""

from __future__ import annotations

from collections import deque
from fractions import Fraction
from math import ceil, floor
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from tradeoffs.errors import TradeoffsError
from tradeoffs.graph.view import EdgeView, view
from tradeoffs.models import Card, Decision, FailureMode, Playbook, Record, RedFlag, Subgraph
from tradeoffs.vocabulary import SESSION_REASONS, EdgeType, counted

SESSION_MINUTES = (45, 60, 90, 120)
Rule = Literal["advice", "consent", "vote"]
DECISION_RULES: tuple[Rule, ...] = ("advice", "consent", "vote")
Mode = Literal["pairs", "tables", "hosted"]
ActivityKey = Literal[
    "opening",
    "warm_up",
    "triggers",
    "steelman",
    "vote",
    "pre_mortem",
    "red_flags",
    "decide",
    "break",
    "second",
    "checks",
    "actions",
    "closing",
]

# Relative minutes of each activity per session length; "checks" is per checked decision.
MINUTES: dict[ActivityKey, dict[int, int]] = {
    "opening": {45: 4, 60: 5, 90: 6, 120: 8},
    "warm_up": {45: 4, 60: 5, 90: 7, 120: 8},
    "triggers": {45: 4, 60: 5, 90: 7, 120: 8},
    "steelman": {45: 7, 60: 9, 90: 14, 120: 15},
    "vote": {45: 4, 60: 5, 90: 8, 120: 9},
    "pre_mortem": {45: 6, 60: 8, 90: 12, 120: 13},
    "red_flags": {45: 3, 60: 4, 90: 6, 120: 7},
    "decide": {45: 6, 60: 8, 90: 12, 120: 12},
    "break": {45: 0, 60: 0, 90: 0, 120: 8},
    "second": {45: 0, 60: 0, 90: 0, 120: 16},
    "checks": {45: 3, 60: 3, 90: 4, 120: 4},
    "actions": {45: 3, 60: 5, 90: 7, 120: 7},
    "closing": {45: 2, 60: 3, 90: 4, 120: 5},
}
# Activities whose tables report back to the room, one minute per table, above 16 people.
REPORTED: frozenset[ActivityKey] = frozenset({"steelman", "vote", "pre_mortem", "second"})
# How many decisions the session decides in full (the focus first), and how many it checks.
FULL_DECISIONS = {45: 1, 60: 1, 90: 1, 120: 2}
CHECKS = {45: 1, 60: 1, 90: 2, 120: 2}
FAILURE_MODES = {45: 3, 60: 3, 90: 4, 120: 5}
RED_FLAGS = {45: 2, 60: 3, 90: 3, 120: 4}
PLAYBOOKS = {45: 2, 60: 2, 90: 2, 120: 3}
WARM_UP_PAIRS = 3
PAIRS_BELOW = 8  # fewer people than this work in pairs at one table
TABLE_OF_FOUR_UP_TO = 16  # up to this many, tables of four; above, hosted tables
HOSTED_TABLE = 8  # the most people at a hosted table
# Ranks of the ways a decision can be linked to the focus, best first.
NEIGHBOUR_RANK = {"confused_with": 0, "adjacent": 1}
SHARED_RANK = 2
NAMED_IN_WARNING = 12


class Result(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Why(Result):
    """Why a card is in the session: the card that brought it in and how they are linked."""

    via: str  # the title of the card it is linked to
    reason: str  # a whole sentence: "Model API vs Self-Hosted Model can fail this way."
    label: str  # the link's label from the card that brought it in: "Related failure modes"
    note: str | None = None  # what the cards wrote about the link, when they wrote something


class Pair(Result):
    """Two easily confused decisions (the focus first) and the distinction each one draws."""

    first: Decision
    second: Decision
    first_note: str | None = None
    second_note: str | None = None


class Groups(Result):
    """How the room works: ``pairs`` at one table (below 8 people), ``tables`` of four
    (1-2-4-All, 8 to 16), or ``hosted`` tables with a host who reports back (above 16)."""

    participants: int
    mode: Mode
    tables: int
    per_table: int  # the most people at one table

    @property
    def report_minutes(self) -> int:
        """Minutes of one report-back round: one per table, above 16 people."""
        return self.tables if self.mode == "hosted" else 0


class Activity(Result):
    key: ActivityKey
    title: str
    start: int
    minutes: int
    decisions: list[Decision] = []  # what a "second" or "checks" slot works on


class Plan(Result):
    minutes: int
    groups: Groups
    rule: Rule
    focus: Decision
    full: list[Decision]  # decided in full after the focus (at most one, in 120 minutes)
    checks: list[Decision]  # neighbours checked in a few minutes: does this change our choice?
    pairs: list[Pair]
    failure_modes: list[FailureMode]
    red_flags: list[RedFlag]
    playbooks: list[Playbook]
    why: dict[str, Why]  # card id -> why it is here (every plan card but the focus)
    activities: list[Activity]
    parking_lot: list[Card]
    selection_size: int
    chosen: str | None = None  # how the focus was chosen when none was given, as a sentence
    record: Record | None = None  # the team's decision record this session revisits

    @property
    def decisions(self) -> list[Decision]:
        """The decisions decided in full, the focus first: one worksheet each."""
        return [self.focus, *self.full]

    @property
    def neighbours(self) -> list[Decision]:
        """Every other decision the session touches: decided in full, then checked."""
        return [*self.full, *self.checks]

    @property
    def cards(self) -> list[Card]:
        """Every card the session hands out, in the order the activities use them: the focus,
        the record it revisits, the failure modes, red flags, the decisions after the focus,
        the playbooks."""
        revisited: list[Card] = [self.record] if self.record is not None else []
        return [
            self.focus,
            *revisited,
            *self.failure_modes,
            *self.red_flags,
            *self.full,
            *self.checks,
            *self.playbooks,
        ]

    @property
    def taken(self) -> list[Card]:
        """Every card the session uses: its cards, then those only read out in the warm-up."""
        cards = self.cards
        ids = {card.id for card in cards}
        paired = [pair.second for pair in self.pairs if pair.second.id not in ids]
        return cards + list({card.id: card for card in paired}.values())

    @property
    def warning(self) -> str | None:
        """How the focus was chosen, when no focus was given, and what the session leaves
        out, naming the cards; None when there is nothing to say."""
        parts = [self.chosen.rstrip(".")] if self.chosen else []
        if self.parking_lot:
            names = ", ".join(card.title for card in self.parking_lot[:NAMED_IN_WARNING])
            more = len(self.parking_lot) - NAMED_IN_WARNING
            if more > 0:
                names += f" and {more} more"
            left = len(self.parking_lot)
            parts.append(
                f"a {self.minutes}-minute session takes {len(self.taken)} of the "
                f"{self.selection_size} selected cards; {left} "
                f"{'goes' if left == 1 else 'go'} to the guide's parking lot: {names}"
            )
        return "; ".join(parts) if parts else None


def groups(participants: int) -> Groups:
    """How ``participants`` people work: pairs, tables of four, or hosted tables."""
    if participants < 2:
        raise TradeoffsError(
            "a session needs at least two participants, not {value}", value=participants
        )
    if participants < PAIRS_BELOW:
        return Groups(participants=participants, mode="pairs", tables=1, per_table=participants)
    if participants <= TABLE_OF_FOUR_UP_TO:
        tables = ceil(participants / 4)
        return Groups(participants=participants, mode="tables", tables=tables, per_table=4)
    tables = ceil(participants / HOSTED_TABLE)
    per_table = ceil(participants / tables)
    return Groups(participants=participants, mode="hosted", tables=tables, per_table=per_table)


def plan_session(
    subgraph: Subgraph,
    focus: str | None,
    minutes: int,
    participants: int = 8,
    rule: Rule = "advice",
) -> Plan:
    """The plan for a ``minutes`` session of ``participants`` people on ``subgraph`` around
    the decision ``focus``, decided by ``rule``.

    Without a focus (or when it is not a decision) the session is about the decision nearest
    to it, or else the most linked decision, ties by title, and :attr:`Plan.chosen` says so.
    A focus that is a team's decision record makes the session a revisit of that record: it
    is the plan's ``record``, and the decision it applies is the one the room works through."""
    if minutes not in SESSION_MINUTES:
        raise TradeoffsError(
            f"a session lasts one of {SESSION_MINUTES} minutes, not {{value}}", value=minutes
        )
    if rule not in DECISION_RULES:
        raise TradeoffsError(
            f"a decision rule is one of {', '.join(DECISION_RULES)}, not {{value}}", value=rule
        )
    room = groups(participants)
    by_id = {card.id: card for card in subgraph.cards}
    relations: dict[str, list[EdgeView]] = {card.id: [] for card in subgraph.cards}
    for edge in subgraph.edges:
        relations[edge.source].append(view(edge, edge.source))
        relations[edge.target].append(view(edge, edge.target))
    decisions = [card for card in subgraph.cards if isinstance(card, Decision)]
    if not decisions:
        raise TradeoffsError("a workshop needs at least one decision card in the selection")
    distance = distances(relations, focus) if focus in by_id else {}
    anchor = _anchor(decisions, relations, distance)
    chosen = None
    if focus not in by_id:
        chosen = (
            f"No focus was given, so the session is about {anchor.title}, the decision with "
            f"the most links in the selection ({counted(len(relations[anchor.id]), 'link')}); "
            "give --focus to choose another."
        )
    why: dict[str, Why] = {}
    neighbours = _neighbours(
        anchor, by_id, relations, FULL_DECISIONS[minutes] - 1 + CHECKS[minutes], why
    )
    full = neighbours[: FULL_DECISIONS[minutes] - 1]
    scheduled = [anchor, *neighbours]

    def linked(kind: type[Card], limit: int) -> list[Any]:
        chosen_cards: list[Card] = []
        for decision in scheduled:
            own_first = sorted(relations[decision.id], key=lambda r: (not r.outgoing, r.other))
            for relation in sorted(own_first, key=lambda r: by_id[r.other].title):
                card = by_id[relation.other]
                if (
                    isinstance(card, kind)
                    and card not in chosen_cards
                    and len(chosen_cards) < limit
                ):
                    chosen_cards.append(card)
                    why[card.id] = _why(relation, decision.title)
        return chosen_cards

    failure_modes: list[FailureMode] = linked(FailureMode, FAILURE_MODES[minutes])
    red_flags: list[RedFlag] = linked(RedFlag, RED_FLAGS[minutes])
    playbooks: list[Playbook] = linked(Playbook, PLAYBOOKS[minutes])
    pairs = _pairs(anchor, by_id, relations)
    record = by_id.get(focus or "")
    record = record if isinstance(record, Record) else None
    in_plan = {card.id for card in [*scheduled, *failure_modes, *red_flags, *playbooks]}
    in_plan |= {pair.second.id for pair in pairs}  # read out in the warm-up
    if record is not None:
        in_plan.add(record.id)
        read = [r for r in relations[anchor.id] if r.other == record.id]
        why[record.id] = (
            _why(read[0], anchor.title)
            if read
            else Why(via=anchor.title, reason="It is the record under review.", label="")
        )
    for pair in pairs:
        if pair.second.id not in why:
            relation = next(r for r in relations[anchor.id] if r.other == pair.second.id)
            why[pair.second.id] = _why(relation, anchor.title)
    from_anchor = distances(relations, anchor.id)
    unreached = len(subgraph.cards)
    parking_lot = sorted(
        (card for card in subgraph.cards if card.id not in in_plan),
        key=lambda c: (c.kind != "decision", from_anchor.get(c.id, unreached), c.title, c.id),
    )
    keys = _activity_keys(minutes, bool(pairs), bool(red_flags), record is not None)
    return Plan(
        minutes=minutes,
        groups=room,
        rule=rule,
        focus=anchor,
        full=full,
        checks=neighbours[len(full) :],
        pairs=pairs,
        failure_modes=failure_modes,
        red_flags=red_flags,
        playbooks=playbooks,
        why=why,
        activities=_activities(minutes, room, keys, anchor, full, neighbours[len(full) :], record),
        parking_lot=parking_lot,
        selection_size=len(subgraph.cards),
        chosen=chosen,
        record=record,
    )


def reason(type: EdgeType, outgoing: bool, via: str) -> str:
    """Why a card is in the session, as a sentence, when ``via`` brought it in over an edge of
    ``type`` (``outgoing``: ``via`` is the edge's source)."""
    forward, backward = SESSION_REASONS[type]
    return (forward if outgoing else backward).format(via=via)


def _why(relation: EdgeView, via: str) -> Why:
    return Why(
        via=via,
        reason=reason(relation.type, relation.outgoing, via),
        label=relation.label,
        note=relation.note or relation.other_note,
    )


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
    reasons: dict[str, Why] = {}
    for relation in relations[anchor.id]:
        other = by_id[relation.other]
        if isinstance(other, Decision) and relation.type in NEIGHBOUR_RANK:
            common = len(shared.get(other.id, ()))
            rank = (NEIGHBOUR_RANK[relation.type], -common, other.title)
            if relation.other not in ranked or rank < ranked[relation.other]:
                ranked[relation.other] = rank
                reasons[other.id] = _why(relation, anchor.title)
    for other_id, titles in shared.items():
        if other_id not in ranked:
            ranked[other_id] = (SHARED_RANK, -len(titles), by_id[other_id].title)
            reasons[other_id] = Why(
                via=anchor.title,
                reason=f"It shares {counted(len(titles), 'linked card')} with {anchor.title}.",
                label="Shares linked cards",
                note=_listed(sorted(titles)),
            )
    best = sorted(ranked, key=lambda card_id: (ranked[card_id], card_id))[:limit]
    why.update({card_id: reasons[card_id] for card_id in best})
    return [by_id[card_id] for card_id in best]  # type: ignore[misc]


def _listed(titles: list[str]) -> str:
    """``["A"]`` -> "A.", ``["A", "B", "C"]`` -> "A, B and C."."""
    if len(titles) == 1:
        return f"{titles[0]}."
    return f"{', '.join(titles[:-1])} and {titles[-1]}."


def _pairs(
    anchor: Decision, by_id: dict[str, Card], relations: dict[str, list[EdgeView]]
) -> list[Pair]:
    """Up to :data:`WARM_UP_PAIRS` decisions easily confused with the focus, each paired with
    it: the warm-up stays on the focus."""
    confused = [r for r in relations[anchor.id] if r.type == "confused_with"]
    pairs: list[Pair] = []
    for relation in sorted(confused, key=lambda r: (by_id[r.other].title, r.other)):
        other = by_id[relation.other]
        if isinstance(other, Decision) and other.id not in {p.second.id for p in pairs}:
            pairs.append(
                Pair(
                    first=anchor,
                    second=other,
                    first_note=relation.note,
                    second_note=relation.other_note,
                )
            )
    return pairs[:WARM_UP_PAIRS]


def _activity_keys(
    minutes: int, warm_up: bool, red_flags: bool, revisit: bool
) -> list[ActivityKey]:
    keys: list[ActivityKey] = ["opening"]
    if revisit:
        keys.append("triggers")
    if warm_up:
        keys.append("warm_up")
    keys += ["steelman", "vote", "pre_mortem"]
    if red_flags:
        keys.append("red_flags")
    keys.append("decide")
    if MINUTES["break"][minutes]:
        keys.append("break")
    return keys


TITLES: dict[ActivityKey, str] = {
    "opening": "Opening: the question, who decides and how",
    "warm_up": "Warm-up: which of these are we really deciding?",
    "triggers": "Which re-look triggers fired?",
    "steelman": "Steelman each option",
    "vote": "Silent vote on the key factors",
    "pre_mortem": "Pre-mortem: a year from now this went wrong",
    "red_flags": "Red-flag check: do we see these today?",
    "decide": "Decide and record",
    "break": "Break",
    "second": "Second decision",
    "checks": "Does this change our choice?",
    "actions": "Actions: what, who, by when",
    "closing": "Closing round",
}


def _activities(
    minutes: int,
    room: Groups,
    keys: list[ActivityKey],
    focus: Decision,
    full: list[Decision],
    checks: list[Decision],
    record: Record | None,
) -> list[Activity]:
    parts: list[tuple[ActivityKey, str, list[Decision]]] = [(key, TITLES[key], []) for key in keys]
    decide = f"{TITLES['decide']}: {focus.title}"
    if record is not None:
        decide = f"Keep, amend or supersede: {record.title}"
    parts = [
        (key, decide if key == "decide" else title, decisions) for key, title, decisions in parts
    ]
    parts += [("second", f"{TITLES['second']}: {d.title}", [d]) for d in full]
    if checks:
        parts.append(("checks", TITLES["checks"], checks))
    parts += [("actions", TITLES["actions"], []), ("closing", TITLES["closing"], [])]
    weights = [
        MINUTES[key][minutes] * (len(decisions) if key == "checks" else 1)
        + (room.report_minutes if key in REPORTED else 0)
        for key, _, decisions in parts
    ]
    shares = apportion(minutes, weights)
    activities = []
    start = 0
    for (key, title, decisions), share in zip(parts, shares, strict=True):
        activities.append(
            Activity(key=key, title=title, start=start, minutes=share, decisions=decisions)
        )
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
