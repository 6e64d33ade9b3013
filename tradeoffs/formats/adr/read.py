"""Reading a decision record (ADR) in Markdown: Michael Nygard's template (as adr-tools
writes it), MADR 2 to 4, log4brains' records, and the looser records teams write by hand.

What the reader understands, whichever template a record follows:

- the title, from the first ``# `` heading (``# 3. Use a queue``, ``# ADR-003: Use a queue``:
  a leading number is the record's number) or the front matter's ``title``; Markdown marks
  are dropped from it (a title is text);
- metadata from YAML front matter (MADR 3 and 4: ``status``, ``date``, ``decision-makers``
  or ``deciders``, ``consulted``, ``informed``), from ``Key: value`` lines before the first
  section (Nygard's ``Date:``, MADR 2's and log4brains' ``* Status:`` bullets), or from a
  ``## Status`` / ``## Date`` section; the status is kept as written (its state is the
  model's business), the date in any form :func:`~tradeoffs.models.record_date` reads;
- the cards a record applies: ``tradeoffs: [card-id, ...]`` in the front matter, or a line
  ``Tradeoffs: card-id, card-id``;
- links to other records, as a word or two and a link to the record's file or its number
  (``Superseded by [5. Use a stream](0005-use-a-stream.md)``, ``Amends ADR-0002``): the
  supersedes family (:data:`SUPERSEDES_WORDS`, adr-tools' "Supercedes" spelling included)
  become supersedes links, any other wording (adr-tools' ``adr link``: "Amends", "Clarifies")
  a ``relates`` link that keeps it as its note. Nygard records state them in the status;
  MADR records in the metadata lines, a "Links" section or, for the supersedes family,
  anywhere;
- every ``##`` and ``###`` section, its heading and text kept as written; MADR's
  ``Chosen option: "..."`` and the options listed under "Considered Options".
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from pydantic import ValidationError

from tradeoffs.errors import CatalogError, Problem
from tradeoffs.formats.adr.names import is_index_or_template, record_name
from tradeoffs.formats.problems import message_of
from tradeoffs.formats.registry import Read, source_path
from tradeoffs.models import SLUG, Record, Section, Subgraph

# "# 3. Use a queue", "# ADR-003: Use a queue", "# ADR 3 - Use a queue": the number is the
# record's; a bare number ("# 12 factor apps") is part of the title. Numbers have at most
# nine digits: a longer run is text (Python converts no integer of over 4,300 digits).
TITLE = re.compile(
    r"^#\s+(?:(?:(?:ADR|RFC|Decision)[- ]?#?(\d{1,9})\s*[.:)-]?|(\d{1,9})\s*[.:)])\s+)?(.+?)"
    r"\s*#*\s*$",
    re.IGNORECASE,
)
HEADING = re.compile(r"^(#{2,3})\s+(.+?)\s*#*\s*$")
META_LINE = re.compile(r"^\s*(?:[*-]\s+)?\**_?([A-Za-z][A-Za-z -]*?)_?\**\s*:\s*\**\s*(.*?)\s*$")
TRADEOFFS_LINE = re.compile(r"^\s*(?:[*-]\s+)?\**tradeoffs\**\s*:\**\s*(.*?)\s*$", re.IGNORECASE)
# A relation to another record: a few words, then a Markdown link or a record number.
TARGET = (
    r"(?:\[(?P<text>[^\]]*)\]\(\s*<?(?P<href>[^)\s>]+)>?\s*\)"
    r"|(?:ADR|record)[- ]?#?(?P<number>\d{1,9})\b)"
)
RELATION = re.compile(
    r"(?P<word>\b[A-Za-z][A-Za-z]*(?:[ -][A-Za-z]+){0,3}?)\s*:?\s*" + TARGET, re.IGNORECASE
)
SUPERSEDES_WORDS = ("supersedes", "supercedes", "replaces")
SUPERSEDED_BY_WORDS = ("superseded by", "superceded by", "replaced by")
SUPERSEDE = re.compile(
    r"\b(?P<word>"
    + "|".join(w.replace(" ", r"\s+") for w in SUPERSEDES_WORDS + SUPERSEDED_BY_WORDS)
    + r")\b\s*:?\s*"
    + TARGET,
    re.IGNORECASE,
)
CHOSEN = re.compile(r"Chosen option\s*:\s*\**\s*[\"“]([^\"”]+)[\"”]", re.IGNORECASE)
BULLET = re.compile(r"^\s*[*-]\s+(.+?)\s*$")
MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(\S(?:.*?\S)?)\1")
LINK_SECTIONS = ("status", "links", "related", "related decisions", "related records")
# Metadata keys as records write them, and the Record field each fills.
PEOPLE = {
    "decision-makers": "decision_makers",
    "decision makers": "decision_makers",
    "deciders": "decision_makers",
    "consulted": "consulted",
    "informed": "informed",
}
META_KEYS = ("status", "date", "title", *PEOPLE)

Resolve = Callable[[str | None, int | None], str | None]
"""Finds the record a reference names: a file (``href`` relative to the record's folder) or a
number; returns its id, or None."""
Place = TypeVar("Place", bound=Hashable)
"""Where a record is (a path), as the reader of its folder names it."""


def _refuse(path: Path, line: int, field: str, message: str) -> CatalogError:
    return CatalogError([Problem(str(path), line, field, message)])


def record_id(path: Path | str) -> str:
    """The id of the record in ``path`` (relative to its records folder): the path without
    its suffix, as a slug (``billing/0001-x.md`` is ``billing-0001-x``)."""
    stem = PurePosixPath(str(path).replace("\\", "/")).as_posix()
    stem = stem.split("#", 1)[0]
    for suffix in (".markdown", ".md"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")


def plain(text: str) -> str:
    """Markdown inline marks dropped: links become their text, emphasis and code their
    words."""
    text = MARKDOWN_LINK.sub(r"\1", text)
    previous = None
    while previous != text:
        previous, text = text, EMPHASIS.sub(r"\2", text)
    return " ".join(text.split())


@dataclass
class _Meta:
    values: dict[str, Any]
    lines: dict[str, int]


def read(files: Mapping[str, str], root: str | None = None) -> Read:
    """The records among ``files`` (each Markdown file's text by its path, relative to the
    records folder ``root`` when given), each with the id :func:`record_id` gives its path,
    their references to each other's files and numbers resolved within their folder. A
    README, an index, a template or a file whose name has no number or date is skipped and
    listed. Raises :class:`CatalogError` listing every record that cannot be read.

    :func:`tradeoffs.loaders.load_records` reads a team's folders so, file by file."""
    named = {
        PurePosixPath(name): name
        for name in files
        if record_name(Path(name)) is not None and not is_index_or_template(Path(name))
    }
    ids = {path: record_id(name) for path, name in named.items()}
    numbered = {
        (path.parent, number): ids[path]
        for path in sorted(named, reverse=True)  # the first name of a number wins
        if (number := _number(path)) is not None
    }

    def locate(folder: PurePosixPath, href: str) -> PurePosixPath:
        return PurePosixPath(posixpath.normpath(folder / href))

    records: list[Record] = []
    problems: list[Problem] = []
    for path, name in named.items():
        try:
            where = Path(source_path(name, root))
            resolve = resolver(ids, numbered, path.parent, locate)
            records.append(parse_record(files[name], where, resolve, ids[path]))
        except CatalogError as exc:
            problems += exc.problems
    if problems:
        raise CatalogError(problems)
    skipped = [
        Problem(source_path(name, root), None, None, "skipped, not named as a decision record")
        for name in files
        if PurePosixPath(name) not in named
    ]
    return Read(Subgraph(cards=records, edges=[]), skipped=skipped)


def resolver(
    by_file: Mapping[Place, str],
    by_number: Mapping[tuple[Place, int], str],
    folder: Place,
    locate: Callable[[Place, str], Place],
) -> Resolve:
    """How a record in ``folder`` finds the id of the record a reference names: by the file
    a link targets (``locate`` makes, from a folder and a link, a key as ``by_file`` has them),
    else by its number in that folder (``by_number``). One rule for this registry reader and
    the loaders, which locate files on disk."""

    def resolve(href: str | None, number: int | None) -> str | None:
        if href is not None:
            found = by_file.get(locate(folder, href.split("#", 1)[0]))
            if found is not None:
                return found
        return by_number.get((folder, number)) if number is not None else None

    return resolve


def _number(path: PurePosixPath) -> int | None:
    name = record_name(Path(path))
    return name.number if name is not None else None


def parse_record(
    text: str, path: Path, resolve: Resolve | None = None, own_id: str | None = None
) -> Record:
    """The record ``text`` holds; ``path`` names it in problems and gives its number or date
    when the text does not. ``own_id`` is its id (default: :func:`record_id` of the path)."""
    own_id = own_id or record_id(path.name)
    lines = text.splitlines()
    front, body_start = _front_matter(lines, path)
    title_at = next((i for i in range(body_start, len(lines)) if TITLE.match(lines[i])), None)
    name = record_name(path)
    number = name.number if name else None
    if title_at is not None:
        title_match = TITLE.match(lines[title_at])
        assert title_match is not None
        if title_match.group(1) or title_match.group(2):
            number = int(title_match.group(1) or title_match.group(2))
        title: Any = plain(title_match.group(3))
        title_line = title_at + 1
    elif "title" in front:
        title, title_line = front["title"]
        title = plain(str(title)) if isinstance(title, str) else title
    else:
        raise _refuse(path, body_start + 1, "title", "no title (a '# ' heading) in this record")
    body_from = title_at + 1 if title_at is not None else body_start

    sections = _sections(lines, body_from)
    meta = _Meta({}, {})
    for key, (value, line) in _preamble(lines, body_from).items():
        meta.values[key], meta.lines[key] = value, line
    for section, line in sections:
        heading = _key(section.heading)
        if ":" in heading:  # "## Status: Accepted"
            key, _, value = section.heading.partition(":")
            if _key(key) in ("status", "date") and value.strip():
                meta.values.setdefault(_key(key), value.strip())
                meta.lines.setdefault(_key(key), line)
        elif heading == "date" and section.text.strip():
            meta.values.setdefault("date", section.text.strip().splitlines()[0])
            meta.lines.setdefault("date", line + 2)
    for key, (value, line) in front.items():  # front matter wins over loose lines
        meta.values[key], meta.lines[key] = value, line

    madr = bool(front) or any(_is_madr_heading(s.heading) for s, _ in sections)
    status_section = next(((s, at) for s, at in sections if _key(s.heading) == "status"), None)
    template = "nygard" if not madr and status_section else "madr"

    status = meta.values.get("status")
    if status is None and status_section is not None:
        status = _status_from_section(status_section[0].text)
        meta.lines["status"] = status_section[1]
    if isinstance(status, str):
        status = plain(status) or None

    data: dict[str, Any] = {
        "id": own_id,
        "kind": "record",
        "title": title,
        "number": number,
        "status": status,
        "template": template,
        "sections": [s.model_dump() for s, _ in sections],
    }
    date = meta.values.get("date")
    if date is None and name is not None and name.date is not None:
        date = name.date
    if date is not None:
        data["date"] = date
    for key, field_name in PEOPLE.items():
        if key in meta.values:
            data[field_name] = _people(meta.values[key])
    considered = next((s for s, _ in sections if _key(s.heading) == "considered options"), None)
    if considered is not None:
        data["considered_options"] = [
            plain(m.group(1)) for line in considered.text.splitlines() if (m := BULLET.match(line))
        ]
    chosen = CHOSEN.search(text)
    if chosen and not chosen.group(1).startswith("{"):  # "{option}": a template's placeholder
        data["chosen_option"] = chosen.group(1).strip()
    data["summary"] = _summary([s for s, _ in sections])

    links: dict[str, list[dict[str, Any]]] = {}
    applies = _applies(front, lines, body_start, path)
    if applies:
        links["applies"] = [{"id": card_id} for card_id in applies]
    for group, link in _record_links(text, lines, body_from, sections, template, resolve, own_id):
        if link not in links.setdefault(group, []):
            links[group].append(link)
    data["links"] = {group: items for group, items in links.items() if items}
    try:
        return Record.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"])
        line = meta.lines.get(str(error["loc"][0]), title_line)
        raise _refuse(path, line, field, message_of(error)) from exc


def _front_matter(lines: list[str], path: Path) -> tuple[dict[str, tuple[Any, int]], int]:
    """Front matter keys (lower-cased) with their values and line numbers, and where the body
    starts."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise _refuse(path, 1, "(front matter)", "opened with '---' and never closed")
    # PyYAML only for a record with front matter (MADR's): importing it is about 13 ms.
    from tradeoffs.io.safe_yaml import load_yaml

    data = load_yaml("\n".join(lines[1:end]), str(path), first_line=2)
    if data is None:
        return {}, end + 1
    if not isinstance(data, dict):
        raise _refuse(path, 2, "(front matter)", "expected 'key: value' lines")
    key_lines: dict[str, int] = {}
    for i in range(1, end):
        if (m := re.match(r"^([A-Za-z][\w -]*):", lines[i])) is not None:
            key_lines.setdefault(m.group(1).strip().lower(), i + 1)
    return {
        str(key).strip().lower(): (value, key_lines.get(str(key).strip().lower(), 2))
        for key, value in data.items()
    }, end + 1


def _preamble(lines: list[str], start: int) -> dict[str, tuple[Any, int]]:
    """``Key: value`` lines between the title and the first section (Nygard's ``Date:``,
    MADR 2's ``* Status:`` bullets)."""
    found: dict[str, tuple[Any, int]] = {}
    for i in range(start, len(lines)):
        if lines[i].startswith("#"):
            break
        if (m := META_LINE.match(lines[i])) is not None:
            key = m.group(1).strip().lower()
            if key in META_KEYS and key != "title" and m.group(2):
                found.setdefault(key, (m.group(2).strip(), i + 1))
    return found


def _sections(lines: list[str], start: int) -> list[tuple[Section, int]]:
    """Every ``##``/``###`` section after ``start`` with the line of its heading; headings
    inside fenced code are text."""
    sections: list[tuple[Section, int]] = []
    heading: str | None = None
    at = start
    body: list[str] = []
    fenced = False
    for i in range(start, len(lines) + 1):
        line = lines[i] if i < len(lines) else None
        if line is not None and line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        match = HEADING.match(line) if line is not None and not fenced else None
        if line is None or match:
            if heading is not None:
                sections.append((Section(heading=heading, text="\n".join(body).strip()), at + 1))
            if match:
                heading, at, body = plain(match.group(2)) or match.group(2), i, []
        elif heading is not None:
            body.append(line)
    return sections


def _key(heading: str) -> str:
    return re.sub(r"\s+", " ", heading.strip().lower())


def _is_madr_heading(heading: str) -> bool:
    return _key(heading) in (
        "context and problem statement",
        "decision outcome",
        "considered options",
        "decision drivers",
    )


def _is_relation(line: str) -> bool:
    match = RELATION.search(line)
    return match is not None and not line[: match.start()].strip(" *-")


def _status_from_section(text: str) -> str | None:
    """The status a Nygard status section states: its first line that is not a link to
    another record, else the word of its first link ("Superceded by ..." gives
    "Superceded")."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if not _is_relation(line) and not TRADEOFFS_LINE.match(line):
            return line.strip(" *-")
    for line in lines:
        if (match := RELATION.search(line)) is not None:
            return match.group("word").split()[0].capitalize()
    return None


def _people(value: Any) -> list[str]:
    items = value if isinstance(value, list) else str(value).split(",")
    return [str(item).strip() for item in items if item is not None and str(item).strip()]


def _applies(
    front: Mapping[str, tuple[Any, int]], lines: list[str], body_start: int, path: Path
) -> list[str]:
    found: list[tuple[str, int]] = []
    if "tradeoffs" in front:
        value, line = front["tradeoffs"]
        found += [(item, line) for item in _people(value)]
    for i in range(body_start, len(lines)):
        if (m := TRADEOFFS_LINE.match(lines[i])) is not None:
            found += [(item.strip("`* "), i + 1) for item in m.group(1).split(",")]
    ids: list[str] = []
    for card_id, line in found:
        if not card_id:
            continue
        if not SLUG.match(card_id):
            raise _refuse(path, line, "tradeoffs", f"{card_id!r} is not a card id")
        if card_id not in ids:
            ids.append(card_id)
    return ids


def _record_links(
    text: str,
    lines: list[str],
    body_from: int,
    sections: list[tuple[Section, int]],
    template: str,
    resolve: Resolve | None,
    own_id: str,
) -> list[tuple[str, dict[str, Any]]]:
    """The links to other records: relation lines in the metadata lines and the status and
    links sections; for MADR, the supersedes family anywhere in the text."""
    where: list[str] = []
    for i in range(body_from, len(lines)):
        if lines[i].startswith("#"):
            break
        where.append(lines[i])
    for section, _ in sections:
        if _key(section.heading) in LINK_SECTIONS:
            where += section.text.splitlines()
    found: list[tuple[str, dict[str, Any]]] = []
    for line in where:
        for match in RELATION.finditer(line):
            found += _link(match, resolve, own_id, relates=True)
    if template == "madr":
        for match in SUPERSEDE.finditer(text):
            found += _link(match, resolve, own_id, relates=False)
    return found


def _link(
    match: re.Match[str], resolve: Resolve | None, own_id: str, *, relates: bool
) -> list[tuple[str, dict[str, Any]]]:
    word = " ".join(match.group("word").split())
    lower = word.lower()
    # "Status: superseded by [...]": the relation is the last words before the link.
    for known in SUPERSEDED_BY_WORDS + SUPERSEDES_WORDS:
        if lower.endswith(known):
            lower, word = known, word[-len(known) :]
            break
    group = (
        "superseded_by"
        if lower in SUPERSEDED_BY_WORDS
        else "supersedes"
        if lower in SUPERSEDES_WORDS
        else "relates"
    )
    if group == "relates" and (not relates or lower in ("status", "date", "see", "link")):
        return []
    href = match.group("href")
    if href is not None and re.match(r"^[a-z][a-z0-9+.-]*:", href, re.IGNORECASE):
        return []  # a web page, not a record
    number = int(match.group("number")) if match.group("number") else None
    if href is None and number is None:
        return []
    if href is not None and number is None:
        numbered = re.match(
            r"^(?:ADR|record)[- ]?#?(\d{1,9})$", (match.group("text") or "").strip(), re.I
        )
        number = int(numbered.group(1)) if numbered else None
    target = resolve(href, number) if resolve else None
    if target is None and href is not None:
        fallback = record_id(PurePosixPath(href.split("#", 1)[0]).name)
        target = fallback if SLUG.match(fallback) else None
    if target == own_id:
        return []
    if target is None:
        if group == "relates":
            return []
        link: dict[str, Any] = {"title": f"record {number}" if number is not None else href}
    else:
        link = {"id": target}
    if group == "relates":
        link["note"] = word[0].upper() + word[1:]
    return [(group, link)]


def _summary(sections: list[Section]) -> str | None:
    """The first paragraph of the decision (Nygard's "Decision", MADR's "Decision Outcome"),
    else of the context."""
    for wanted in ("decision", "decision outcome", "context", "context and problem statement"):
        for section in sections:
            if _key(section.heading) == wanted and section.text:
                return section.text.split("\n\n", 1)[0].replace("\n", " ").strip()
    return None
