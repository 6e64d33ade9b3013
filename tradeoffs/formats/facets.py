"""A card as an ordered list of labelled facets: the one walk every renderer shares."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from tradeoffs.models import Card, Decision, Link, Links
from tradeoffs.vocabulary import LINK_GROUP_SPECS, facet_label

SKIPPED = {"id", "kind", "title", "links", "extra"}


class Facet(NamedTuple):
    """One labelled piece of a card: ``value`` is a string, a list of strings, or nested facets.
    (A named tuple: a site makes some 15,000 of them, and a frozen dataclass took three times
    as long to make each.)"""

    name: str
    label: str
    value: str | list[str] | list[Facet]


def facets(card: Card) -> list[Facet]:
    """Every non-empty facet of ``card`` in model order (links and extras excluded)."""
    data = card.model_dump(mode="json", exclude=SKIPPED, exclude_defaults=True)
    result = [_facet(name, value) for name, value in data.items()]
    if isinstance(card, Decision):
        names = {"option_a": card.option_a.name, "option_b": card.option_b.name}
        result = [_option_labels(f, names) for f in result]
    return [f for f in result if f.value]


def _facet(name: str, value: object) -> Facet:
    if isinstance(value, str):  # most of them: asked first
        return Facet(name, facet_label(name), value)
    if isinstance(value, dict):
        return Facet(name, facet_label(name), [_facet(k, v) for k, v in value.items() if v])
    if isinstance(value, list) and value and isinstance(value[0], dict) and "heading" in value[0]:
        # a decision record's sections: each its heading over its text
        return Facet(
            name,
            facet_label(name),
            [
                Facet(f"section_{n}", item["heading"], item.get("text", ""))
                for n, item in enumerate(value)
            ],
        )
    if isinstance(value, list) and value and isinstance(value[0], dict):  # playbook steps
        steps = [
            _facet(
                f"step_{item['step']}",
                {k: v for k, v in item.items() if k not in {"step", "title"}},
            )
            for item in value
        ]
        return Facet(
            name,
            facet_label(name),
            [
                Facet(s.name, f"{item['step']}. {item['title']}", s.value)
                for s, item in zip(steps, value, strict=True)
            ],
        )
    if isinstance(value, list):
        return Facet(name, facet_label(name), [str(v) for v in value])
    return Facet(name, facet_label(name), str(value))


def _option_labels(facet: Facet, names: dict[str, str]) -> Facet:
    """Name options by their titles ("Option A: Model API") wherever they appear."""
    if facet.name in names:
        return Facet(facet.name, f"{facet_label(facet.name)}: {names[facet.name]}", facet.value)
    if isinstance(facet.value, list) and facet.value and isinstance(facet.value[0], Facet):
        inner = [_option_labels(f, names) for f in facet.value if isinstance(f, Facet)]
        return Facet(facet.name, facet.label, inner)
    return facet


@dataclass(frozen=True)
class Cell:
    """One card's side of a side-by-side row: its text or items, and where the facet sits in
    the list given to :func:`side_by_side` (an index, then one per nested level)."""

    value: str | list[str]
    path: tuple[int, ...]


# Between a nested facet's label and its inner facet's, in a flattened row's label.
NESTED = " \u203a "


def side_by_side(
    left: list[Facet], right: list[Facet]
) -> list[tuple[str, Cell | None, Cell | None]]:
    """Two cards' facets aligned row by row, for ``compare`` and the map's comparison: every
    facet flattened to one row (a nested one as "Outer \u203a Inner"), the left card's rows in
    its order, then the right card's rows the left one lacks; None where a card has no such
    facet. A facet whose label adds the card's own words to its name's ("Option A: Model
    API") is aligned under the name's label ("Option A"), so both decisions' options share
    rows ("Option A \u203a Name": each one's)."""
    a, b = _flat(left), _flat(right)
    labels = list(a) + [label for label in b if label not in a]
    return [(label, a.get(label), b.get(label)) for label in labels]


def _flat(items: list[Facet], prefix: str = "", at: tuple[int, ...] = ()) -> dict[str, Cell]:
    rows: dict[str, Cell] = {}
    for index, facet in enumerate(items):
        generic = facet_label(facet.name)
        own = generic if facet.label.startswith(f"{generic}: ") else facet.label
        label = f"{prefix}{NESTED}{own}" if prefix else own
        path = (*at, index)
        if isinstance(facet.value, str):
            rows[label] = Cell(facet.value, path)
        elif facet.value and isinstance(facet.value[0], Facet):
            nested = [inner for inner in facet.value if isinstance(inner, Facet)]
            rows.update(_flat(nested, label, path))
        else:
            rows[label] = Cell([str(item) for item in facet.value], path)
    return rows


def link_groups(links: Links) -> Iterator[tuple[str, list[Link]]]:
    for group, entries in links.groups():
        yield LINK_GROUP_SPECS[group].label, entries
