"""Cards from plain text: the format :func:`tradeoffs.formats.text.write.render_text` writes,
read liberally, as people paste it from the catalog's web page or type it from memory.

The parser walks the same layout tables as the renderer. What it tolerates:

- blank lines, indentation, repeated, non-breaking and zero-width spaces, a byte-order mark;
- a title written as a Markdown heading (``# Title``);
- headings in any case, with a trailing colon, with curly apostrophes;
- bullets written ``-``, ``•``, ``*``, ``–`` or ``·``;
- caption lines: anything between a heading and its content that is not content (the site's
  fixed explanations, ours, other wordings, or none);
- the summary repeated under "The decision", or not;
- group header lines ("Options on the table", "Relationships", ...) or none: they carry no
  data;
- sections in any order (each heading names its facet, once), except where a heading alone
  cannot say what it belongs to: an option's facets follow its option, a step's sections
  follow its step;
- the site's relationship panel titles beside ours (:data:`LINK_GROUP_SPECS` aliases), link
  targets with reference codes (``FM · 05``) and pending markers, wherever they stand before
  the title (or a pending marker after it), all dropped;
- titles in any script: the id is a transliteration where one exists, else a stable slug.

A text cut off anywhere is read only if it is itself a complete card: one whose text, as
the writer writes it, is the text read (whitespace aside). A heading, group header or caption
with nothing under it, an option without its name or a required section missing is refused
as cut off (:data:`CUT_OFF`); ``tests/test_fuzz.py`` checks cuts of a card of each kind.

Link targets are read as titles (``Link(title=...)``); :func:`resolve_titles` turns them into
ids once the catalog's titles are known. Every problem raises :class:`CatalogError` with one
:class:`Problem` naming the line, the field, the heading it was under and what was expected.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any, NoReturn

from pydantic import ValidationError

from tradeoffs.errors import CatalogError, Problem, shown
from tradeoffs.formats.problems import validation_problems
from tradeoffs.formats.registry import Read, source_path
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
)
from tradeoffs.models import CARD_ADAPTER, MAX_ID_LENGTH, Card, Link, Subgraph

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_LOOKALIKES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "‐": "-", "‑": "-"})
_BULLET = re.compile(r"^(?:[-*–·]|•)(?:\s+(?P<text>.*)|$)|^•(?P<glued>\S.*)$")
STEP_LINE = re.compile(
    "^" + STEP_HEADING.format(number=r"(?P<number>\d+)", title="(?P<title>.+)") + "$",
    re.IGNORECASE,
)
# "FM · 05 Title", "TD-12: Title", "(EP 3) — Title": the site's reference code before a title.
_REFERENCE_CODE = r"[(\[]?(?:TD|FM|RF|EP)\s*[·.:\-–—]?\s*\d+[)\]]?(?:\s*[·.:\-–—])?\s+"
# "(pending)", "[Coming soon]", "Pending:", "pending —": a target the site has not published yet.
_PENDING_WORD = r"(?:pending|coming soon)"
_PENDING_MARK = rf"[(\[]\s*{_PENDING_WORD}\s*[)\]]"
_LEADING_MARK = re.compile(
    rf"^(?:{_REFERENCE_CODE}|{_PENDING_MARK}\s*(?:[·:\-–—]\s*)?|{_PENDING_WORD}\s*[·:\-–—]\s*)",
    re.IGNORECASE,
)
_TRAILING_PENDING = re.compile(
    rf"(?:\s*[·:\-–—]?\s*{_PENDING_MARK}|\s*[·:\-–—]\s*{_PENDING_WORD})$", re.IGNORECASE
)
_PENDING_LINE = re.compile(rf"^(?:{_PENDING_MARK}|{_PENDING_WORD}):?$", re.IGNORECASE)
_DECISION_LABELS = {"decision", "tech decision", "technical decision"}
CUT_OFF = "(is the text cut off?)"
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")


def heading_key(line: str) -> str:
    """How headings are compared: case, a trailing colon and curly quotes aside."""
    return line.translate(_LOOKALIKES).casefold().rstrip(":").strip()


def clean_line(line: str) -> str:
    """A line as the parser reads it: invisible characters dropped, runs of whitespace (non-
    breaking spaces included) one space, any bullet written ``- ``."""
    line = " ".join(line.translate(_INVISIBLE).split())
    match = _BULLET.match(line)
    if match is None:
        return line
    text = match["text"] if match["glued"] is None else match["glued"]
    return f"- {text}" if text else "-"


LAYOUTS_BY_LABEL = {
    heading_key(layout.label): layout for layout in LAYOUTS.values() if layout.label
}

_TRANSLITERATION = str.maketrans(
    {
        **dict(zip("абвгдезийклмнопрстуфхцыэ", "abvgdezijklmnoprstufhcye", strict=True)),
        "ё": "e", "ж": "zh", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ь": "", "ю": "yu",
        "я": "ya", "є": "ye", "і": "i", "ї": "yi", "ґ": "g",
        **dict(zip("αβγδεζηικλμνξοπρστυφχω", "abgdeziiklmnxoprstyfho", strict=True)),
        "θ": "th", "ψ": "ps", "ς": "s",
    }
)  # fmt: skip


def slugify(title: str) -> str:
    """The id a title gets: ``Model API vs Self-Hosted Model`` -> ``model-api-vs-self-hosted-model``.

    Latin letters lose their accents, Cyrillic and Greek are transliterated; a title with no
    letter or digit that has an ASCII spelling (``缓存还是队列``) gets a stable ``card-<hash>``.
    """
    folded = unicodedata.normalize("NFKC", title).casefold().translate(_TRANSLITERATION)
    ascii_title = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")
    if slug or not any(char.isalnum() for char in title):
        return slug
    digest = hashlib.sha256(" ".join(title.split()).casefold().encode()).hexdigest()
    return f"card-{digest[:10]}"


def read(files: Mapping[str, str], root: str | None = None) -> Read:
    """The card of each card text in ``files`` (its path -> its text), its links named by
    title: :func:`resolve_titles` turns the titles a catalog knows into ids."""
    cards = [parse_text(text, source_path(name, root)) for name, text in files.items()]
    return Read(Subgraph(cards=cards, edges=[]))


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


def link_target(label: str) -> str:
    """A link's target as written, without reference codes or pending markers, wherever they
    stand before the title (``(pending) FM · 05 Title``), and without a pending marker after
    it (``Title (pending)``). A title that merely contains the word (``Pending Approvals``,
    ``Spending Caps``) is left whole."""
    while (stripped := _LEADING_MARK.sub("", label, count=1)) != label:
        label = stripped
    return _TRAILING_PENDING.sub("", label).strip()


def _is_bullet(line: str) -> bool:
    return line == "-" or line.startswith("- ")


def _flattened(elements: tuple[Element, ...]) -> Iterator[Element]:
    """Every group and section under ``elements``, in the order the layout has them."""
    for element in elements:
        yield element
        if isinstance(element, Group):
            yield from _flattened(element.elements)


def _opening_keys(element: Element, names: Mapping[str, str]) -> set[str]:
    if isinstance(element, Group):
        return {heading_key(element.header[0])}
    return {heading_key(element.heading_lines(names)[0]), *map(heading_key, element.aliases)}


def _title_of(element: Element, names: Mapping[str, str]) -> str:
    return element.header[0] if isinstance(element, Group) else element.heading_lines(names)[0]


def _heading_length(element: Element) -> int:
    return len(element.header) if isinstance(element, Group) else len(element.heading)


_OPTIONS = ("option_a", "option_b")


def _option_of(section: Section) -> str | None:
    """The option whose facet ``section`` is (``option_a`` for Option A's "Best when"); None
    for the option's own heading and every other section."""
    if section.path[0] in _OPTIONS and section.path[1:] != ("name",):
        return section.path[0]
    return None


def _opens_option(section: Section) -> str | None:
    """The option whose heading ``section`` is ("Option A" gives ``option_a``), else None."""
    if section.path[0] in _OPTIONS and section.path[1:] == ("name",):
        return section.path[0]
    return None


class _Parser:
    """One pass over the lines of a text, building the card's data as it goes.

    Sections are read in whatever order the text has them: each heading names its facet.
    Group headers ("Options on the table", "Relationships", ...) carry no data and may be left
    out. Order matters only where a heading alone cannot say what it belongs to: an option's
    facets follow its "Option A" or "Option B" line, and a step's sections follow its
    "Step N · title" line. A heading may appear once.
    """

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.lines = [
            (number, cleaned)
            for number, line in enumerate(text.splitlines(), start=1)
            if (cleaned := clean_line(line))
        ]
        self.pos = 0
        self.data: dict[str, Any] = {}
        self.layout = DECISION_LAYOUT
        self.order = list(_flattened(DECISION_LAYOUT.elements))
        # Where each field was read, for validation errors; each heading read, with its line.
        self.field_lines: dict[str, int] = {}
        self.seen: dict[Element, int] = {}
        self.option: str | None = None  # the option whose facets may follow
        self.last_field = "title"
        self.last_heading: str | None = None
        self.current_subtitle: tuple[str, ...] = ()
        self.keys: dict[tuple[str, ...], set[str]] = {}
        # The line after each "Option A" / "Option B" line (the first, if there are two).
        self.ahead = {
            letter: self.lines[index + 1][1]
            for letter in ("a", "b")
            for index in reversed(range(len(self.lines) - 1))
            if heading_key(self.lines[index][1]) == f"option {letter}"
        }

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
        return f"the end of the text {CUT_OFF}" if line is None else shown(line)

    def under(self) -> str:
        return f" under {self.last_heading!r}" if self.last_heading else ""

    def fail(self, field: str, message: str, line: int | None = None) -> NoReturn:
        number = self.line_number() if line is None else line
        raise CatalogError([Problem(self.source, number, field, message)])

    def is_heading(self, line: str | None) -> bool:
        if line is None:
            return False
        if heading_key(line) in self.heading_keys():
            return True
        return self.is_step_line(line)

    def is_step_line(self, line: str) -> bool:
        return self.layout.kind == "playbook" and STEP_LINE.match(line) is not None

    def names(self) -> dict[str, str]:
        """What ``{a}`` and ``{b}`` stand for in headings: the options' names as read, else as
        the text has them after its "Option A" and "Option B" lines (headings such as
        ``For · <name>`` may come before the option)."""
        read = option_names(self.data)
        return {letter: read[letter] or self.ahead.get(letter, "") for letter in read}

    def heading_keys(self) -> set[str]:
        """The opening line of every section and group of the layout (and, for a playbook,
        of the sections of a step), compared as keys."""
        names = self.names()
        cache = tuple(names.values())
        if cache not in self.keys:
            steps = STEP_SECTIONS if self.layout.kind == "playbook" else ()
            elements = [*self.order, *steps]
            self.keys[cache] = set().union(*(_opening_keys(element, names) for element in elements))
        return self.keys[cache]

    def matches(self, section: Section) -> bool:
        """Whether the text at the current line has every heading line of ``section``."""
        names = self.names()
        heading = section.heading_lines(names)
        first = self.peek()
        if first is None:
            return False
        if len(heading) == 1:
            return heading_key(first) in _opening_keys(section, names)
        return all(
            heading_key(self.peek(offset) or "") == heading_key(line)
            for offset, line in enumerate(heading)
        )

    def skip_captions(self, stop: Any) -> list[tuple[int, str]]:
        """Skip the lines before the content (captions, whatever their wording): every line
        that is neither a heading nor accepted by ``stop``. Returns what was skipped."""
        skipped = []
        while (line := self.peek()) is not None and not self.is_heading(line) and not stop(line):
            skipped.append((self.line_number(), self.take()))
        return skipped

    # -- the card -----------------------------------------------------------------------

    def card(self) -> Card:
        title = self.peek()
        if title is None:
            self.fail("title", "missing: the text is empty")
        if heading_key(title) in LAYOUTS_BY_LABEL or self.is_heading(title) or _is_bullet(title):
            self.fail("title", f"missing: the first line is the heading {shown(title)}")
        slug = slugify(_MARKDOWN_HEADING.sub("", title))
        if not slug:
            self.fail("title", f"{shown(title)} has no letters or digits to make an id from")
        if len(slug) > MAX_ID_LENGTH:
            self.fail(
                "title",
                f"too long to make an id from ({len(title):,} characters; an id has at most "
                f"{MAX_ID_LENGTH}): shorten the title",
            )
        self.record("title")
        self.take()
        # Pasted from Markdown, the title is a heading: "# Title" is titled "Title".
        title = _MARKDOWN_HEADING.sub("", title) or title
        self.data["id"] = slugify(title)
        self.data["title"] = title
        label = heading_key(self.peek() or "")
        if label in LAYOUTS_BY_LABEL:
            self.layout = LAYOUTS_BY_LABEL[label]
            self.order = list(_flattened(self.layout.elements))
            self.keys.clear()
            self.take()
        elif label in _DECISION_LABELS:
            self.take()
        self.data["kind"] = self.layout.kind
        summary = self.peek()
        if summary is not None and not _is_bullet(summary) and not self.is_heading(summary):
            self.record("summary")
            self.data["summary"] = self.take()
        self.walk()
        return self.validate()

    def record(self, field: str) -> None:
        self.field_lines[field] = self.line_number()
        self.last_field = field

    def walk(self) -> None:
        """Read every heading and what it holds, in the order the text has them."""
        while (line := self.peek()) is not None:
            if self.is_step_line(line):
                self.steps_without_heading(line)
                continue
            element = self.element_at(line)
            self.seen[element] = self.line_number()
            if isinstance(element, Group):
                self.group(element)
            else:
                self.section(element, self.data, ())
        absent = [
            element
            for element in self.order
            if isinstance(element, Section) and element.required and element not in self.seen
        ]
        if absent:
            names = self.names()
            titles = ", ".join(repr(_title_of(element, names)) for element in absent)
            self.fail(absent[0].path[0], f"missing: the text ends before {titles} {CUT_OFF}")

    def element_at(self, line: str) -> Element:
        """The section or group the heading at the current line opens; fails on a line that
        opens none, on an option's facet outside an option, and on a heading read before."""
        names = self.names()
        key = heading_key(line)
        candidates = [element for element in self.order if key in _opening_keys(element, names)]
        if not candidates:
            self.not_a_heading(line)
        # "Option A · <name>" opens two sections: the one with "Who absorbs the cost" under it
        # when that line follows, else the one-line heading.
        matching = [
            element for element in candidates if isinstance(element, Group) or self.matches(element)
        ]
        candidates = sorted(matching or candidates, key=_heading_length, reverse=True)
        facets = [
            element
            for element in candidates
            if isinstance(element, Section) and _option_of(element)
        ]
        if facets:
            if self.option is None:
                # Whose facet it is, the text does not say: no field to blame.
                self.fail(
                    "(card)",
                    f"heading {shown(line)}{self.under()} is out of order: expected it among "
                    "the facets of 'Option A' or 'Option B' (after the option's name)",
                )
            candidates = [element for element in facets if _option_of(element) == self.option]
        element = candidates[0]
        if element in self.seen:
            self.twice(element, line, self.seen[element])
        return element

    def group(self, group: Group) -> None:
        """A group's header lines carry no data: read past them and their captions."""
        self.option = None
        self.last_field = "(card)"
        self.last_heading = group.header[0]
        self.take()
        skipped = self.skip_captions(_is_bullet)
        known = {heading_key(text) for text in group.header}
        for number, text in skipped:
            # A caption is free text, but one that is nearly a heading is a misspelled
            # heading, and taking it for a caption would drop it and its value unseen.
            close = self.close_heading(text)
            if heading_key(text) not in known and close is not None:
                self.fail(
                    "(card)",
                    f"unexpected line {shown(text)} under {group.header[0]!r}: expected a "
                    f"heading (such as {close!r})",
                    number,
                )
        line = self.peek()
        if line is not None and not _is_bullet(line):
            return
        if line is None and any(
            isinstance(element, Section) and element.required and element not in self.seen
            for element in self.order
        ):
            return  # the walk says which required sections the text ends before
        example = _title_of(group.elements[0], self.names())
        expected = f"expected a heading under {group.header[0]!r} (such as {example!r})"
        if line is not None and skipped:
            number, text = skipped[-1]
            self.fail("(card)", f"{expected}, got {shown(text)}", number)
        self.fail("(card)", f"{expected}, got {self.got()}")

    def section(
        self,
        section: Section,
        target: dict[str, Any],
        prefix: tuple[str | int, ...],
        *,
        implicit: bool = False,
    ) -> None:
        """Read ``section`` (its heading at the current line unless ``implicit``) into
        ``target``."""
        field = ".".join(str(part) for part in (*prefix, *section.path))
        heading = section.heading_lines(self.names())
        self.record(field)
        self.last_heading = heading[-1]
        self.current_subtitle = section.subtitle
        if not implicit:
            self.pos += len(heading)
        value = self.body(section, field, heading[-1])
        parent = target
        for part in section.path[:-1]:
            parent = parent.setdefault(part, {})
        parent[section.path[-1]] = value
        self.option = _opens_option(section) or _option_of(section)

    def body(self, section: Section, field: str, heading: str) -> Any:
        if section.body is Body.LINE:
            return self.line(section, field, heading)
        if section.body is Body.BULLETED_LINE:
            skipped = self.skip_captions(_is_bullet)
            line = self.peek()
            if line is None or not _is_bullet(line) or line == "-" or self.is_heading(line):
                got = shown(skipped[0][1]) if skipped else self.got()
                self.fail(field, f"expected '- ' and the text under {heading!r}, got {got}")
            return self.take()[2:].strip()
        if section.body is Body.BULLETS:
            return self.bullets(field, heading)
        if section.body is Body.LINKS:
            return self.links(field, heading)
        return self.steps(field, heading)  # Body.STEPS

    def line(self, section: Section, field: str, heading: str) -> str:
        """One line of text; before it, captions; after it, under "The decision", the summary
        again (optional)."""
        start = self.pos
        candidates = self.skip_captions(_is_bullet)
        summary = self.data.get("summary")
        if section.repeat_summary and len(candidates) > 1 and summary is not None:
            if heading_key(candidates[-1][1]) == heading_key(summary):
                candidates.pop()
        if section.subtitle:
            captions = {heading_key(line) for line in section.subtitle}
            while len(candidates) > 1 and heading_key(candidates[0][1]) in captions:
                candidates.pop(0)
        if not candidates:
            self.fail(field, f"expected a line of text under {heading!r}, got {self.got()}")
        if len(candidates) > 1 and not section.subtitle:
            number, line = candidates[1]
            self.fail(
                field,
                f"unexpected line {shown(line)} under {heading!r}: "
                "expected one line of text, then the next heading",
                number,
            )
        number, value = candidates[-1]
        self.field_lines[field] = number if start == self.pos else self.field_lines[field]
        return value

    def is_item(self, line: str | None) -> bool:
        """A bullet of a list (not a bullet-shaped heading such as ``- Really about``)."""
        return line is not None and _is_bullet(line) and not self.is_heading(line)

    def bullets(self, field: str, heading: str) -> list[str]:
        skipped = self.skip_captions(_is_bullet)
        items: list[str] = []
        while self.is_item(line := self.peek()):
            if line == "-":
                self.fail(f"{field}.{len(items)}", f"empty '-' item under {heading!r}")
            self.field_lines[f"{field}.{len(items)}"] = self.line_number()
            items.append(self.take()[2:].strip())
        if not items:
            self.no_items(field, heading, skipped, "'- ' items")
        return items

    def no_items(
        self, field: str, heading: str, skipped: list[tuple[int, str]], what: str
    ) -> NoReturn:
        captions = {heading_key(line) for line in self.current_subtitle}
        skipped = [(number, line) for number, line in skipped if heading_key(line) not in captions]
        if skipped:
            number, line = skipped[0]
            self.fail(field, f"expected {what} under {heading!r}, got {shown(line)}", number)
        self.fail(field, f"expected {what} under {heading!r}, got {self.got()}")

    def links(self, field: str, heading: str) -> list[dict[str, str]]:
        skipped = self.skip_captions(_is_bullet)
        links: list[dict[str, str]] = []
        while self.is_item(self.peek()):
            self.field_lines[f"{field}.{len(links)}"] = self.line_number()
            label = link_target(self.take()[1:].strip())
            link: dict[str, str] = {}
            if heading_key(label).startswith(heading_key(CONCEPT_PREFIX)):
                link["concept"] = label[len(CONCEPT_PREFIX) :].strip()
            elif label:
                link["title"] = label
            note = self.peek()
            if note is not None and _PENDING_LINE.match(note):
                self.take()
                note = self.peek()
            if note is not None and not _is_bullet(note) and not self.is_heading(note):
                link["note"] = self.take()
            links.append(link)
        if not links:
            self.no_items(field, heading, skipped, "'- ' links")
        return links

    def steps(self, field: str, heading: str) -> list[dict[str, Any]]:
        skipped = self.skip_captions(lambda line: STEP_LINE.match(line) is not None)
        steps: list[dict[str, Any]] = []
        while (match := STEP_LINE.match(self.peek() or "")) is not None:
            self.field_lines[f"{field}.{len(steps)}"] = self.line_number()
            self.last_heading = self.take()
            step: dict[str, Any] = {"step": int(match["number"]), "title": match["title"]}
            self.step_sections(step, (field, len(steps)))
            steps.append(step)
        if not steps:
            example = STEP_HEADING.format(number=1, title="<title>")
            self.no_items(field, heading, skipped, repr(example))
        return steps

    def step_sections(self, step: dict[str, Any], prefix: tuple[str | int, ...]) -> None:
        """The sections that follow a step's line, in any order, each once."""
        seen: dict[Section, int] = {}
        while (line := self.peek()) is not None:
            key = heading_key(line)
            section = next((s for s in STEP_SECTIONS if key in _opening_keys(s, {})), None)
            if section is None:
                return
            if section in seen:
                field = ".".join(str(part) for part in (*prefix, *section.path))
                self.twice(section, line, seen[section], field)
            seen[section] = self.line_number()
            self.section(section, step, prefix)

    def steps_without_heading(self, line: str) -> None:
        """A ``Step N · title`` line where a heading was expected: the steps, their "Steps"
        heading left out; but once only."""
        steps = next(
            element
            for element in self.order
            if isinstance(element, Section) and element.body is Body.STEPS
        )
        if steps in self.seen:
            self.fail(
                steps.field,
                f"heading {shown(line)}{self.under()} is out of order: expected every step "
                f"together under {steps.heading[0]!r} (they start on line {self.seen[steps]})",
            )
        self.seen[steps] = self.line_number()
        self.section(steps, self.data, (), implicit=True)

    # -- problems -----------------------------------------------------------------------

    def twice(self, element: Element, line: str, first: int, field: str | None = None) -> NoReturn:
        if field is None:
            field = element.field if isinstance(element, Section) else "(card)"
        self.fail(
            field,
            f"heading {shown(line)} appears twice (first on line {first}): "
            "expected each heading once",
        )

    def not_a_heading(self, line: str) -> NoReturn:
        """Fail on a line where a heading was expected, saying what it is."""
        if _is_bullet(line):
            self.fail(
                self.last_field,
                f"bullet {shown(line)} outside a list{self.under()}: expected a heading",
            )
        key = heading_key(line)
        if self.layout.kind == "playbook" and any(
            key in _opening_keys(section, {}) for section in STEP_SECTIONS
        ):
            example = STEP_HEADING.format(number="N", title="<title>")
            self.fail(
                "(card)",
                f"heading {shown(line)}{self.under()} is out of order: expected it after a "
                f"{example!r} line",
            )
        close = self.close_heading(line)
        hint = f" (such as {close!r})" if close else ""
        self.fail(
            self.last_field,
            f"unexpected line {shown(line)}{self.under()}: expected a heading{hint}",
        )

    def close_heading(self, line: str) -> str | None:
        """The heading not yet read that ``line`` is nearly (a misspelling), if any."""
        names = self.names()
        titles = {
            heading_key(_title_of(element, names)): _title_of(element, names)
            for element in self.order
            if element not in self.seen
        }
        close = difflib.get_close_matches(heading_key(line), titles, n=1, cutoff=0.8)
        return titles[close[0]] if close else None

    def validate(self) -> Card:
        try:
            return CARD_ADAPTER.validate_python(self.data)
        except ValidationError as exc:
            problems = validation_problems(
                exc, self.source, kind=self.data.get("kind"), line_of=self.line_of
            )
            raise CatalogError(problems[:1]) from None

    def line_of(self, loc: tuple[int | str, ...]) -> int:
        parts = [str(part) for part in loc]
        for end in range(len(parts), 0, -1):
            if ".".join(parts[:end]) in self.field_lines:
                return self.field_lines[".".join(parts[:end])]
        return 1
