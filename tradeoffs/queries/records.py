"""The team's decision records against the catalog: ``decide`` drafts the next record from a
card's knowledge, ``review`` says which accepted records are due a fresh look."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from tradeoffs.errors import TradeoffsError
from tradeoffs.graph.store import GraphStore, search_terms
from tradeoffs.io import write_new
from tradeoffs.models import Card, CardRef, Decision, Record
from tradeoffs.queries.results import (
    Decided,
    Review,
    ReviewedRecord,
    Revisit,
    SearchHit,
    Suggestion,
)
from tradeoffs.vocabulary import KIND_SPECS

DURATION = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$", re.IGNORECASE)
SUGGESTIONS = 3
# Words too common to tell one decision from another when matching a record's text.
STOP_WORDS = frozenset(
    "about after also because been before being between both could does each every from "
    "have into just more most must only other over same should some such than that their "
    "them then there these they this those through under until very want were what when "
    "where which while will with would your ours each".split()
)


def decide(
    store: GraphStore,
    card_id: str,
    folder: Path,
    *,
    title: str | None = None,
    today: dt.date | None = None,
) -> Decided:
    """Write the next decision record into ``folder``: MADR 4, ``status: proposed``, applying
    the decision card ``card_id`` and pre-filled with its knowledge. Never overwrites a file."""
    # The record format, only for the one command that writes a record.
    from tradeoffs.formats.adr import Watch, next_record_path, render_madr

    card = store.card(card_id)
    if not isinstance(card, Decision):
        raise TradeoffsError(
            f"{card_id!r} is a {KIND_SPECS[card.kind].label.lower()}: "
            "a record applies a decision card"
        )
    title = (title or card.title).strip()
    if not title:
        raise TradeoffsError("the title is empty")
    reached = store.neighbourhood(card_id, ["failure_mode", "red_flag"], 1)
    watch = [
        Watch(other.id, other.title, KIND_SPECS[other.kind].label.lower())
        for other in store.cards([r.id for r in reached])
        if other.kind in ("failure_mode", "red_flag")
    ]
    path = next_record_path(folder, title)
    text = render_madr(card, title=title, date=today or dt.date.today(), watch=watch)
    write_new(path, text)
    number = int(path.name.split("-", 1)[0])
    return Decided(path=str(path), number=number, title=title, card=CardRef.of(card))


def cutoff(today: dt.date, duration: str) -> dt.date:
    """The date ``duration`` (``30d``, ``6w``, ``12m``, ``2y``) before ``today``."""
    match = DURATION.match(duration)
    if match is None:
        raise TradeoffsError(
            f"{duration!r} is not a duration: a number and d, w, m or y (such as 12m)"
        )
    n, unit = int(match.group(1)), match.group(2).lower()
    if unit in "dw":
        return today - dt.timedelta(days=n * (7 if unit == "w" else 1))
    months = today.year * 12 + today.month - 1 - n * (12 if unit == "y" else 1)
    year, month = divmod(months, 12)
    day = min(today.day, _days_in_month(year, month + 1))
    return dt.date(year, month + 1, day)


def _days_in_month(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def review(
    store: GraphStore, *, today: dt.date | None = None, older_than: str | None = None
) -> Review:
    """Every accepted record that no newer one supersedes, with its age, the re-look triggers
    of the cards it applies and what to watch; every record that applies no card, with the
    decision cards that best match its title and text. With ``older_than``, the accepted
    records dated before that long ago are marked ``overdue``."""
    today = today or dt.date.today()
    limit = cutoff(today, older_than) if older_than else None
    records = [card for card in store.cards() if isinstance(card, Record)]
    ids = [record.id for record in records]
    superseded = {edge.target for edge in store.edges(ids) if edge.type == "supersedes"}
    current: list[ReviewedRecord] = []
    unlinked: list[Suggestion] = []
    for record in records:
        applied = _applied(store, record.id)
        if not applied:
            unlinked.append(
                Suggestion(
                    record=CardRef.of(record),
                    status=record.status,
                    suggestions=_suggest(store, record),
                )
            )
        if record.state != "accepted" or record.id in superseded:
            continue
        when = dt.date.fromisoformat(record.date) if record.date else None
        current.append(
            ReviewedRecord(
                record=CardRef.of(record),
                status=record.status,
                date=record.date,
                age_days=(today - when).days if when else None,
                applies=[CardRef.of(card) for card in applied],
                revisit=[
                    Revisit(card=CardRef.of(card), trigger=trigger)
                    for card in applied
                    if isinstance(card, Decision)
                    for trigger in card.when_to_revisit
                ],
                watch=_watch(store, applied),
                overdue=limit is not None and when is not None and when < limit,
            )
        )
    return Review(
        today=today.isoformat(),
        older_than=older_than,
        cutoff=limit.isoformat() if limit else None,
        records=len(records),
        current=current,
        unlinked=unlinked,
    )


def _applied(store: GraphStore, record_id: str) -> list[Card]:
    reached = store.neighbourhood(record_id, ["applies"], 1)
    return store.cards([r.id for r in reached if any(e.source == record_id for e in r.via)])


def _watch(store: GraphStore, applied: list[Card]) -> list[CardRef]:
    found: dict[str, CardRef] = {}
    for card in applied:
        reached = store.neighbourhood(card.id, ["failure_mode", "red_flag"], 1)
        for other in store.cards([r.id for r in reached]):
            if other.kind in ("failure_mode", "red_flag"):
                found.setdefault(other.id, CardRef.of(other))
    return [found[card_id] for card_id in sorted(found)]


def _suggest(store: GraphStore, record: Record) -> list[SearchHit]:
    """The decision cards the search ranks highest for the record's title and text."""
    text = " ".join([record.title, record.summary or ""] + [s.text for s in record.sections])
    words = re.findall(r"[a-z][a-z-]{3,}", text.lower())
    terms = search_terms(w for w in words if w not in STOP_WORDS)
    if not terms:
        return []
    hits = store.search(terms, ["decision"])[:SUGGESTIONS]
    refs = {card.id: CardRef.of(card) for card in store.cards([h[0] for h in hits])}
    return [SearchHit(card=refs[card_id], score=points) for card_id, points in hits]
