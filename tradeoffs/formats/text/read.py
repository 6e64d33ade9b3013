"""Cards from plain text: the format :func:`tradeoffs.formats.text.write.render_text` writes.

The parser walks the same layout tables as the renderer. Blank lines and the whitespace
around each line are ignored. Link targets are read as titles (``Link(title=...)``);
:func:`resolve_titles` turns them into ids once the catalog's titles are known.

Every problem raises :class:`TradeoffsError` as one line, ``source:line: field: message``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any, NoReturn

from pydantic import ValidationError

from tradeoffs.errors import TradeoffsError
from tradeoffs.formats.text.layout import (
    CONCEPT_PREFIX,
    DECISION_LAYOUT,
    LAYOUTS,
    STEP_HEADING,
    STEP_SECTIONS,
    Body,
    Element,
    Group,
    Section,
    option_names,
    sections,
)
from tradeoffs.models import CARD_ADAPTER, Card, Link

STEP_LINE = re.compile(
    "^" + STEP_HEADING.format(number=r"(?P<number>\d+)", title="(?P<title>.+)") + "$"
)
LAYOUTS_BY_LABEL = {layout.label: layout for layout in LAYOUTS.values() if layout.label}


def slugify(title: str) -> str:
    """The id a title gets: ``Model API vs Self-Hosted Model`` -> ``model-api-vs-self-hosted-model``."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")


def parse_text(text: str, source: str = "<text>") -> Card:
    """Parse one card written in the text format (the kind is told by the line under the title)."""
    return _Parser(text, source).card()


def resolve_titles(card: Card, titles_to_ids: Mapping[str, str]) -> Card:
    """The card with each link whose title names a known card given that card's id.

    Titles match case-insensitively; the link keeps its title. Links already carrying an
    id, and titles the mapping does not know, are left as they are.
    """
    ids = {title.casefold(): card_id for title, card_id in titles_to_ids.items()}

    def resolved(link: Link) -> Link:
        card_id = ids.get(link.title.casefold()) if link.title and not link.id else None
        return link.model_copy(update={"id": card_id}) if card_id else link

    links = card.links.model_copy(
        update={
            group: [resolved(link) for link in entries] for group, entries in card.links.groups()
        }
    )
    return card.model_copy(update={"links": links})


def _is_bullet(line: str) -> bool:
    return line == "-" or line.startswith("- ")


def _flattened(elements: tuple[Element, ...]) -> Iterator[Element]:
    """Every group and section under ``elements``, in the order the text has them."""
    for element in elements:
        yield element
        if isinstance(element, Group):
            yield from _flattened(element.elements)


def _opening_line(element: Element, names: Mapping[str, str]) -> str:
    return element.header[0] if isinstance(element, Group) else element.heading_lines(names)[0]


def _first_required_field(group: Group) -> str:
    section = next(section for section in sections(group.elements) if section.required)
    return section.path[0]


class _Parser:
    """One pass over the lines of a text, building the card's data as it goes."""

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.lines = [
            (number, line.strip())
            for number, line in enumerate(text.splitlines(), start=1)
            if line.strip()
        ]
        self.pos = 0
        self.data: dict[str, Any] = {}
        self.layout = DECISION_LAYOUT
        self.order = list(_flattened(DECISION_LAYOUT.elements))
        # Where each field was read, for validation errors; and what has been read, for
        # telling a misplaced heading from an unknown line.
        self.field_lines: dict[str, int] = {}
        self.seen: set[Element] = set()
        self.last_field = "title"

    # -- reading lines ------------------------------------------------------------------

    def peek(self, offset: int = 0) -> str | None:
        index = self.pos + offset
        return self.lines[index][1] if index < len(self.lines) else None

    def take(self) -> str:
        line = self.lines[self.pos][1]
        self.pos += 1
        return line

    def line_number(self) -> int:
        """The current line, or the last one once the text is used up."""
        if self.pos < len(self.lines):
            return self.lines[self.pos][0]
        return self.lines[-1][0] if self.lines else 1

    def got(self) -> str:
        line = self.peek()
        return "the end of the text" if line is None else repr(line)

    def fail(self, field: str, message: str) -> NoReturn:
        raise TradeoffsError(f"{self.source}:{self.line_number()}: {field}: {message}")

    def matches(self, lines: tuple[str, ...]) -> bool:
        return all(self.peek(offset) == line for offset, line in enumerate(lines))

    def expect(self, lines: tuple[str, ...], after: str, field: str) -> None:
        for line in lines:
            if self.peek() != line:
                self.fail(field, f"expected {line!r} after {after!r}, got {self.got()}")
            self.take()

    # -- the card -----------------------------------------------------------------------

    def card(self) -> Card:
        title = self.peek()
        if title is None:
            self.fail("title", "missing: the text is empty")
        if title in LAYOUTS_BY_LABEL or title in self.headings():
            self.fail("title", f"missing: the first line is the heading {title!r}")
        if not slugify(title):
            self.fail("title", f"{title!r} has no letters or digits to make an id from")
        self.record("title")
        self.data["id"] = slugify(title)
        self.data["title"] = self.take()
        label = self.peek()
        if label in LAYOUTS_BY_LABEL:
            self.layout = LAYOUTS_BY_LABEL[label]
            self.order = list(_flattened(self.layout.elements))
            self.take()
        self.data["kind"] = self.layout.kind
        summary = self.peek()
        if summary is not None and not _is_bullet(summary) and summary not in self.headings():
            self.record("summary")
            self.data["summary"] = self.take()
        self.elements(self.layout.elements, self.data, ())
        if self.peek() is not None:
            self.leftover()
        return self.validate()

    def headings(self) -> set[str]:
        """The opening line of every section and group of the layout."""
        names = option_names(self.data)
        return {_opening_line(element, names) for element in self.order}

    def record(self, field: str) -> None:
        self.field_lines[field] = self.line_number()
        self.last_field = field

    def elements(
        self, elements: tuple[Element, ...], target: dict[str, Any], prefix: tuple[str | int, ...]
    ) -> bool:
        """Read whichever of ``elements`` are present, in order; True if any was."""
        found = False
        for element in elements:
            if isinstance(element, Group):
                present = self.group(element, target, prefix)
            else:
                present = self.section(element, target, prefix)
            found = found or present
        return found

    def group(self, group: Group, target: dict[str, Any], prefix: tuple[str | int, ...]) -> bool:
        if self.peek() != group.header[0]:
            if group.required:
                self.missing(group, _first_required_field(group), group.header[0])
            return False
        self.seen.add(group)
        self.last_field = "(card)"
        self.take()
        self.expect(group.header[1:], group.header[0], "(card)")
        if not self.elements(group.elements, target, prefix):
            self.fail("(card)", f"{group.header[0]!r} has nothing under it, got {self.got()}")
        return True

    def section(
        self, section: Section, target: dict[str, Any], prefix: tuple[str | int, ...]
    ) -> bool:
        field = ".".join(str(part) for part in (*prefix, *section.path))
        heading = section.heading_lines(option_names(self.data))
        if not self.matches(heading):
            if section.required:
                self.missing(section, section.path[0], heading[0])
            return False
        self.seen.add(section)
        self.record(field)
        self.pos += len(heading)
        self.expect(section.subtitle, heading[-1], field)
        value = self.body(section, field, heading[-1])
        parent = target
        for part in section.path[:-1]:
            parent = parent.setdefault(part, {})
        parent[section.path[-1]] = value
        if section.repeat_summary and "summary" in self.data:
            if self.peek() != self.data["summary"]:
                self.fail(
                    "summary", f"expected the summary again under {heading[-1]!r}, got {self.got()}"
                )
            self.take()
        return True

    def body(self, section: Section, field: str, heading: str) -> Any:
        if section.body is Body.LINE:
            line = self.peek()
            if line is None or line in self.headings():
                self.fail(field, f"expected a line of text after {heading!r}, got {self.got()}")
            return self.take()
        if section.body is Body.BULLETED_LINE:
            line = self.peek()
            if line is None or not line.startswith("- "):
                self.fail(field, f"expected '- ' and the text after {heading!r}, got {self.got()}")
            return self.take()[2:].strip()
        if section.body is Body.BULLETS:
            return self.bullets(field, heading)
        if section.body is Body.LINKS:
            return self.links(field, heading)
        return self.steps(field, heading)  # Body.STEPS

    def bullets(self, field: str, heading: str) -> list[str]:
        items: list[str] = []
        while (line := self.peek()) is not None and _is_bullet(line):
            if line == "-":
                self.fail(f"{field}.{len(items)}", "empty '-' item")
            self.field_lines[f"{field}.{len(items)}"] = self.line_number()
            items.append(self.take()[2:].strip())
        if not items:
            self.fail(field, f"expected '- ' items after {heading!r}, got {self.got()}")
        return items

    def links(self, field: str, heading: str) -> list[dict[str, str]]:
        link_headings = {
            section.heading[0]
            for section in sections(self.layout.elements)
            if section.body is Body.LINKS
        }
        links: list[dict[str, str]] = []
        while (line := self.peek()) is not None and _is_bullet(line):
            self.field_lines[f"{field}.{len(links)}"] = self.line_number()
            label = self.take()[1:].strip()
            link: dict[str, str] = {}
            if label.startswith(CONCEPT_PREFIX):
                link["concept"] = label.removeprefix(CONCEPT_PREFIX).strip()
            elif label:
                link["title"] = label
            note = self.peek()
            if note is not None and not _is_bullet(note) and note not in link_headings:
                link["note"] = self.take()
            links.append(link)
        if not links:
            self.fail(field, f"expected '- ' links after {heading!r}, got {self.got()}")
        return links

    def steps(self, field: str, heading: str) -> list[dict[str, Any]]:
        steps: list[dict[str, Any]] = []
        while (match := STEP_LINE.match(self.peek() or "")) is not None:
            self.field_lines[f"{field}.{len(steps)}"] = self.line_number()
            self.take()
            step: dict[str, Any] = {"step": int(match["number"]), "title": match["title"]}
            self.elements(STEP_SECTIONS, step, (field, len(steps)))
            steps.append(step)
        if not steps:
            example = STEP_HEADING.format(number=1, title="<title>")
            self.fail(field, f"expected {example!r} after {heading!r}, got {self.got()}")
        return steps

    # -- problems -----------------------------------------------------------------------

    def missing(self, element: Element, field: str, expected: str) -> NoReturn:
        """Fail on a required element that is not where it belongs."""
        self.misplaced(before=self.order.index(element))
        self.fail(field, f"missing: expected {expected!r}, got {self.got()}")

    def leftover(self) -> NoReturn:
        """Fail on the first line that no element of the layout accepted."""
        self.misplaced(before=len(self.order))
        self.fail(self.last_field, f"unexpected line {self.peek()!r}")

    def misplaced(self, before: int) -> None:
        """Fail if the current line is a stray bullet, or opens an element the layout
        places before position ``before`` (so the walk has already gone past it)."""
        line = self.peek()
        if line is None:
            return
        if _is_bullet(line):
            self.fail(self.last_field, f"bullet outside a list section: {line!r}")
        names = option_names(self.data)
        placed = [
            element for element in self.order[:before] if _opening_line(element, names) == line
        ]
        if placed:
            unseen = [element for element in placed if element not in self.seen]
            element = (unseen or placed)[0]
            field = element.field if isinstance(element, Section) else "(card)"
            where = "is out of order" if unseen else "appears twice"
            self.fail(field, f"heading {line!r} {where}")

    def validate(self) -> Card:
        try:
            return CARD_ADAPTER.validate_python(self.data)
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            loc = [str(part) for part in error["loc"][1:]]  # the union puts the kind first
            field = ".".join(loc) or "(card)"
            line = next(
                (
                    self.field_lines[".".join(loc[:end])]
                    for end in range(len(loc), 0, -1)
                    if ".".join(loc[:end]) in self.field_lines
                ),
                1,
            )
            message = error["msg"].removeprefix("Value error, ")
            raise TradeoffsError(f"{self.source}:{line}: {field}: {message}") from None
