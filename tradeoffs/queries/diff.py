"""What changed between two versions of a catalog: cards, facets word by word, links,
records' statuses, and validation problems. Each side is read with the usual loaders, never
through the read cache (a side may be a temporary folder that is gone a moment later)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from tradeoffs.graph import load_catalog
from tradeoffs.graph.build import CatalogGraph
from tradeoffs.models import Card, CardRef, Record
from tradeoffs.queries.results import Result
from tradeoffs.vocabulary import EdgeType, RecordState, facet_label


class Words(Result):
    """A run of words of a word diff: in both versions, only the old one, or only the new one."""

    op: Literal["same", "removed", "added"]
    text: str


class FacetChange(Result):
    """One field of a card that changed: its dotted name (``option_a.costs``), its label, its
    text in each version (None where it is absent) and the word diff between them."""

    field: str
    label: str
    old: str | None
    new: str | None
    words: list[Words]


class CardChange(Result):
    card: CardRef
    facets: list[FacetChange]


class LinkChange(Result):
    """An edge of one version that the other does not have (its cards as that version has them)."""

    source: CardRef
    target: CardRef
    type: EdgeType


class StatusChange(Result):
    """A decision record whose status word changed, and what each word means."""

    record: CardRef
    old: str | None
    new: str | None
    old_state: RecordState
    new_state: RecordState


class CatalogDiff(Result):
    """From ``old`` to ``new`` (how each side was named). Problems are the validation errors
    (what makes ``validate`` fail), warnings what ``validate --strict`` adds; both are compared
    without their line numbers, so a problem that only moved is neither new nor fixed."""

    old: str
    new: str
    added: list[CardRef]
    removed: list[CardRef]
    changed: list[CardChange]
    links_added: list[LinkChange]
    links_removed: list[LinkChange]
    statuses: list[StatusChange]
    new_problems: list[str]
    fixed_problems: list[str]
    new_warnings: list[str]

    @property
    def empty(self) -> bool:
        return not (
            self.added
            or self.removed
            or self.changed
            or self.links_added
            or self.links_removed
            or self.new_problems
            or self.fixed_problems
            or self.new_warnings
        )

    def fails(self, on: Literal["problems", "warnings"] | None) -> bool:
        """Whether the new side brought what ``on`` names: problems, or problems or warnings."""
        if on == "problems":
            return bool(self.new_problems)
        if on == "warnings":
            return bool(self.new_problems or self.new_warnings)
        return False


class Side(Result):
    """One version: its catalog folders, its records folders and the name people see for it.
    A problem in a file under one of ``roots`` is compared by the file's place below it (the
    same file in two versions is one file; the n-th root of one side matches the n-th of the
    other) and shown with the root written as the text beside it."""

    catalogs: list[Path]
    records: list[Path] = []
    label: str
    roots: list[tuple[Path, str]] = []


def diff(old: Side, new: Side) -> CatalogDiff:
    """Compare two versions of a catalog (each read in full, invalid cards reported, not raised)."""
    from tradeoffs.queries import validation_report

    graphs = [_load(side) for side in (old, new)]
    reports = [
        validation_report(graph, ", ".join(map(str, side.catalogs)))
        for graph, side in zip(graphs, (old, new), strict=True)
    ]
    problems = [_keyed(r.errors, s) for r, s in zip(reports, (old, new), strict=True)]
    warnings = [
        _keyed(r.problems(strict=True)[len(r.errors) :], s)
        for r, s in zip(reports, (old, new), strict=True)
    ]
    before, after = (graph.cards for graph in graphs)
    kept = sorted(set(before) & set(after))
    return CatalogDiff(
        old=old.label,
        new=new.label,
        added=[CardRef.of(after[i]) for i in sorted(set(after) - set(before))],
        removed=[CardRef.of(before[i]) for i in sorted(set(before) - set(after))],
        changed=[
            CardChange(card=CardRef.of(after[i]), facets=changes)
            for i in kept
            if (changes := facet_changes(before[i], after[i]))
        ],
        links_added=_links(graphs[1], graphs[0]),
        links_removed=_links(graphs[0], graphs[1]),
        statuses=[
            StatusChange(
                record=CardRef.of(new_card),
                old=old_card.status,
                new=new_card.status,
                old_state=old_card.state,
                new_state=new_card.state,
            )
            for i in kept
            if isinstance(old_card := before[i], Record)
            and isinstance(new_card := after[i], Record)
            and old_card.status != new_card.status
        ],
        new_problems=[text for key, text in problems[1].items() if key not in problems[0]],
        fixed_problems=[text for key, text in problems[0].items() if key not in problems[1]],
        new_warnings=[text for key, text in warnings[1].items() if key not in warnings[0]],
    )


def _load(side: Side) -> CatalogGraph:
    return load_catalog(side.catalogs, keep_going=True, records=side.records, cache=None)


_LINE = re.compile(r"^(.*?):(\d+): ")


def _keyed(problems: Sequence[str], side: Side) -> dict[str, str]:
    """Each problem as people see it (its folder written as the side's roots say), keyed by
    that text without the folder and the line number."""
    keyed: dict[str, str] = {}
    for problem in problems:
        where = next(
            (
                (n, shown, problem[len(f"{root}/") :])
                for n, (root, shown) in enumerate(side.roots)
                if problem.startswith(f"{root}/")
            ),
            None,
        )
        if where is None:
            keyed[_LINE.sub(r"\1: ", problem, count=1)] = problem
        else:
            n, shown, below = where
            keyed[f"{n}:" + _LINE.sub(r"\1: ", below, count=1)] = f"{shown}{below}"
    return keyed


def _links(graph: CatalogGraph, other: CatalogGraph) -> list[LinkChange]:
    """The edges of ``graph`` that ``other`` has not (by their two cards and type)."""
    theirs = {edge.key for edge in other.edges}
    return [
        LinkChange(
            source=CardRef.of(graph.cards[edge.source]),
            target=CardRef.of(graph.cards[edge.target]),
            type=edge.type,
        )
        for edge in sorted(graph.edges, key=lambda edge: edge.key)
        if edge.key not in theirs
    ]


def facet_changes(old: Card, new: Card) -> list[FacetChange]:
    """Every field of a card (links aside: they are compared as edges) whose text changed."""
    before = _flat(old.model_dump(mode="json", exclude={"id", "links"}, exclude_defaults=True))
    after = _flat(new.model_dump(mode="json", exclude={"id", "links"}, exclude_defaults=True))
    changes = []
    for name in [*after, *(n for n in before if n not in after)]:
        old_text, new_text = before.get(name, _ABSENT)[1], after.get(name, _ABSENT)[1]
        if old_text != new_text:
            changes.append(
                FacetChange(
                    field=name,
                    label=(after.get(name) or before[name])[0],
                    old=old_text,
                    new=new_text,
                    words=word_diff(old_text or "", new_text or ""),
                )
            )
    return changes


_ABSENT: tuple[str, None] = ("", None)


def _flat(data: dict[str, Any], prefix: str = "", labels: str = "") -> dict[str, tuple[str, str]]:
    """Nested fields as ``dotted.name -> (label, text)``: a list of texts becomes one text, its
    items after bullets, so a changed item reads as changed words; a list of records (playbook
    steps, record sections) is numbered from 1, a record's section labelled by its heading."""
    flat: dict[str, tuple[str, str]] = {}
    for key, value in data.items():
        name, label = f"{prefix}{key}", f"{labels}{facet_label(key)}"
        if isinstance(value, list) and value and isinstance(value[0], dict):
            if "heading" in value[0]:  # a decision record's sections
                for n, section in enumerate(value, start=1):
                    flat[f"{name}.{n}"] = (
                        f"{label} · {section['heading']}",
                        section.get("text", ""),
                    )
                continue
            value = {str(n): item for n, item in enumerate(value, start=1)}
        if isinstance(value, dict):
            flat |= _flat(value, f"{name}.", f"{label} · ")
        elif isinstance(value, list):
            flat[name] = (label, " ".join(f"• {item}" for item in value))
        else:
            flat[name] = (label, str(value))
    return flat


def word_diff(old: str, new: str) -> list[Words]:
    """``old`` to ``new`` word by word: runs of words kept, removed and added."""
    a, b = old.split(), new.split()
    runs: list[Words] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append(Words(op="same", text=" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(Words(op="removed", text=" ".join(a[i1:i2])))
        if j2 > j1:
            runs.append(Words(op="added", text=" ".join(b[j1:j2])))
    return runs
