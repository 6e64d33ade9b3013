"""The team's decision records against the catalog: ``decide`` drafts the next record from a
card's knowledge, ``review`` says which records are due a fresh look (and, asked, which card
an unlinked one applies), ``link`` writes that link into the record."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TypeVar

from tradeoffs.errors import CardNotFound, TradeoffsError
from tradeoffs.graph.store import GraphStore, suggest
from tradeoffs.models import CONTROL_CHARACTERS, Card, CardRef, Decision, Edge, Record
from tradeoffs.queries.results import (
    Decided,
    Linked,
    Review,
    ReviewedRecord,
    Revisit,
    Scored,
    Suggestion,
)
from tradeoffs.queries.suggest import SuggestIndex, build_index
from tradeoffs.queries.suggest import suggest as suggest_cards
from tradeoffs.vocabulary import KIND_SPECS, EdgeType, Kind

DURATION = re.compile(r"^\s*(\d{1,6})\s*([dwmy])\s*$", re.IGNORECASE)
WATCHED: tuple[EdgeType, ...] = ("failure_mode", "red_flag")
K = TypeVar("K", bound=Card)
# A record replaces another only when it stands: a proposal or a rejected record does not.
NOT_STANDING = ("proposed", "rejected")


def decide(
    store: GraphStore,
    card_id: str,
    folder: Path,
    *,
    title: str | None = None,
    today: dt.date | None = None,
) -> Decided:
    """Write the next decision record into ``folder``, ``status: proposed``, applying the
    decision card ``card_id``, as the folder's records are: named and numbered alike (today's
    date in a folder of dated records), from the folder's template when it has one, else
    Nygard in a Nygard folder and MADR 4 otherwise, pre-filled with the card's knowledge.
    Two ``decide`` at once take turns, so no number is given twice; never overwrites a file."""
    from tradeoffs.formats.adr import fill_template, next_record_name, render_madr, render_nygard
    from tradeoffs.formats.adr.write import Watch
    from tradeoffs.io.write import folder_lock, write_new
    from tradeoffs.loaders import records_folder_style

    card = store.card(card_id)
    if not isinstance(card, Decision):
        raise TradeoffsError(
            f"{{value}} is a {KIND_SPECS[card.kind].label.lower()}: a record applies a decision card",
            value=card_id,
        )
    title = " ".join((title or card.title).split())
    if not title:
        raise TradeoffsError("the title is empty")
    if (bad := CONTROL_CHARACTERS.search(title)) is not None:
        raise TradeoffsError(
            "the title holds the control character {value}; a record's title is plain text",
            value=bad.group(),
        )
    reached = store.neighbourhood(card_id, list(WATCHED), 1)
    watch = [
        Watch(other.id, other.title, KIND_SPECS[other.kind].label.lower())
        for other in store.refs([r.id for r in reached])
        if other.kind in WATCHED
    ]
    day = today or dt.date.today()
    with folder_lock(folder):
        style = records_folder_style(folder)
        name, number = next_record_name(style.names, title, day)
        if style.template is not None:
            text = fill_template(
                style.template, title=title, number=number, date=day, card_id=card.id
            )
        elif style.format == "nygard":
            text = render_nygard(card, title=title, number=number, date=day, watch=watch)
        else:
            text = render_madr(card, title=title, date=day, watch=watch)
        path = write_new(folder / name, text)
    template = "the folder's template" if style.template is not None else style.format
    return Decided(
        path=str(path), number=number, title=title, template=template, card=CardRef.of(card)
    )


def cutoff(today: dt.date, duration: str) -> dt.date:
    """The date ``duration`` (``30d``, ``6w``, ``12m``, ``2y``) before ``today``."""
    match = DURATION.match(duration)
    if match is None:
        raise TradeoffsError(
            "{value} is not a duration: a number and d, w, m or y (such as 12m)", value=duration
        )
    n, unit = int(match.group(1)), match.group(2).lower()
    try:
        if unit in "dw":
            return today - dt.timedelta(days=n * (7 if unit == "w" else 1))
        months = today.year * 12 + today.month - 1 - n * (12 if unit == "y" else 1)
        year, month = divmod(months, 12)
        day = min(today.day, _days_in_month(year, month + 1))
        return dt.date(year, month + 1, day)
    except (ValueError, OverflowError):
        raise TradeoffsError(
            "{value} reaches back before the year 1: give a shorter duration", value=duration
        ) from None


def _days_in_month(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def review(
    store: GraphStore,
    *,
    today: dt.date | None = None,
    older_than: str | None = None,
    suggest: bool = False,
    index: SuggestIndex | None = None,
) -> Review:
    """Every accepted record no newer one replaced, with its age, the re-look triggers of the
    cards it applies and what to watch; every record whose status says no state (none, or
    a word no state has); every record that applies no card, with (``suggest``) the decision
    cards that fit it, or none. With ``older_than``, accepted records dated before that long
    ago are marked ``overdue``. Reads the store a few times, whatever the number of records:
    the cards' names, the records, the edges, the cards the records apply (and, to suggest,
    the decision cards). ``index`` is the suggestions' index when the caller keeps one.
    Raises :class:`TradeoffsError` when the store holds no record."""
    today = today or dt.date.today()
    limit = cutoff(today, older_than) if older_than is not None else None
    # Whole cards only where their content is read (records, the cards they apply, the
    # decisions to suggest): the rest are named by id, kind and title.
    refs = {ref.id: ref for ref in store.refs(store.card_ids())}
    records = _of_kind(store, refs, "record", Record)
    if not records:
        raise TradeoffsError(
            "no decision records to review: give --records DIR (or TRADEOFFS_RECORDS), or "
            "load them into Neo4j with 'tradeoffs --records DIR load'"
        )
    edges = store.edges()
    applied: dict[str, list[str]] = {}
    watched: dict[str, set[str]] = {}
    for edge in edges:
        if edge.type == "applies" and edge.target in refs:
            applied.setdefault(edge.source, []).append(edge.target)
        elif edge.type in WATCHED:
            for one, other in ((edge.source, edge.target), (edge.target, edge.source)):
                if other in refs and refs[other].kind in WATCHED:
                    watched.setdefault(one, set()).add(other)
    used = {card.id: card for card in store.cards({t for ts in applied.values() for t in ts})}
    replaced = _replaced(
        {record.id: record for record in records}, [e for e in edges if e.type == "supersedes"]
    )
    if suggest and index is None:
        index = build_index(_of_kind(store, refs, "decision", Decision))
    current: list[ReviewedRecord] = []
    unknown: list[ReviewedRecord] = []
    unlinked: list[Suggestion] = []
    for record in records:
        uses = [used[card_id] for card_id in sorted(applied.get(record.id, [])) if card_id in used]
        if not uses:
            fits = suggest_cards(index, record) if index is not None else []
            unlinked.append(
                Suggestion(
                    record=CardRef.of(record),
                    status=record.status,
                    state=record.state,
                    suggestions=[Scored(card=ref, score=score) for ref, score in fits],
                )
            )
        if record.id in replaced or record.state not in ("accepted", "unknown"):
            continue
        when = dt.date.fromisoformat(record.date) if record.date else None
        item = ReviewedRecord(
            record=CardRef.of(record),
            status=record.status,
            state=record.state,
            date=record.date,
            age_days=(today - when).days if when else None,
            applies=[CardRef.of(card) for card in uses],
            revisit=[
                Revisit(card=CardRef.of(card), trigger=trigger)
                for card in uses
                if isinstance(card, Decision)
                for trigger in card.when_to_revisit
            ],
            watch=[
                refs[other]
                for other in sorted({w for card in uses for w in watched.get(card.id, ())})
            ],
            overdue=record.state == "accepted"
            and limit is not None
            and when is not None
            and when < limit,
        )
        (current if record.state == "accepted" else unknown).append(item)
    return Review(
        today=today.isoformat(),
        older_than=older_than,
        cutoff=limit.isoformat() if limit else None,
        records=len(records),
        current=current,
        unknown=unknown,
        unlinked=unlinked,
    )


def _of_kind(store: GraphStore, refs: dict[str, CardRef], kind: Kind, model: type[K]) -> list[K]:
    """The cards of ``kind`` in ``store``, whole, sorted by id."""
    ids = [card_id for card_id, ref in refs.items() if ref.kind == kind]
    return [card for card in store.cards(ids) if isinstance(card, model)]


def _replaced(cards: Mapping[str, Record], supersedes: list[Edge]) -> set[str]:
    """The records (``cards``, by id) a standing record supersedes. A proposal names what it would replace,
    not what it has replaced. Two records that each say they supersede the other: the newer
    (by date, then number) replaced the older; when that cannot be told, neither."""
    claims = {(edge.source, edge.target) for edge in supersedes}
    replaced = set()
    for newer, older in claims:
        record = cards.get(newer)
        if not isinstance(record, Record) or record.state in NOT_STANDING:
            continue
        if (older, newer) in claims and (other := cards.get(older)) is not None:
            if not isinstance(other, Record) or _age(record) <= _age(other):
                continue
        replaced.add(older)
    return replaced


def _age(record: Record) -> tuple[str, int]:
    return (record.date or "", record.number if record.number is not None else -1)


def link(
    store: GraphStore, record: Record, path: Path, add: Sequence[str], remove: Sequence[str]
) -> Linked:
    """Write into the record's file (``path``) that it applies the decision cards ``add``
    and no longer ``remove``, in the record's own style, changing nothing else in the file
    (see :func:`tradeoffs.formats.adr.set_applies`); written whole or not at all."""
    from tradeoffs.formats.adr import applied_ids, set_applies
    from tradeoffs.io.read import read_text
    from tradeoffs.io.write import update_file

    found = {card.id: card for card in store.cards(add)}
    for card_id in add:
        if card_id not in found:
            raise CardNotFound(card_id, suggest(card_id, store.card_ids()))
        if not isinstance(found[card_id], Decision):
            kind = KIND_SPECS[found[card_id].kind].label.lower()
            raise TradeoffsError(
                f"{{value}} is a {kind}: a record applies decision cards", value=card_id
            )
    text = read_text(path, what="a decision record")
    before = applied_ids(text)
    for card_id in remove:
        if card_id not in before:
            raise TradeoffsError(
                "does not name {value}; nothing to remove", path=path, value=card_id
            )
    changed = set_applies(text, list(add), list(remove))
    if changed != text:
        update_file(path, text, changed)
    return Linked(
        path=str(path), record=CardRef.of(record), before=before, after=applied_ids(changed)
    )


def find_record(folders: Sequence[Path], name: str) -> tuple[Record, Path]:
    """The record ``name`` names among ``folders``: a path to its file, its id, or its number
    when one record has it. Raises :class:`TradeoffsError` saying which records are near."""
    from tradeoffs.errors import CatalogError
    from tradeoffs.loaders import load_records, read_record

    candidate = Path(name)
    if candidate.suffix.lower() in (".md", ".markdown") and candidate.is_file():
        return read_record(candidate), candidate
    if not folders:
        raise TradeoffsError(
            "{value}: no records folder to look in (give --records DIR, or the record's file)",
            value=name,
        )
    found = load_records(folders)
    records = {card_id: card for card_id, card in found.cards.items() if isinstance(card, Record)}
    if name in records:
        return records[name], found.sources[name]
    if name.isdigit():
        numbered = [r for r in records.values() if r.number == int(name)]
        if len(numbered) == 1:
            return numbered[0], found.sources[numbered[0].id]
    broken = [p for p in found.problems if p.path is not None and Path(p.path).stem == name]
    if broken:
        raise CatalogError(broken)
    raise CardNotFound(name, suggest(name, records))
