"""Decision records (ADRs) in Markdown: the reader for Michael Nygard's template (as adr-tools
writes it) and for MADR 2 to 4, and the MADR 4 writer ``tradeoffs decide`` uses.

What the reader understands, whichever template a record follows:

- the title, from the first ``# `` heading; a leading number (``# 3. Use a queue``) is the
  record's number, else the number the file name starts with (``0003-use-a-queue.md``);
- metadata, from YAML front matter (MADR 3 and 4: ``status``, ``date``, ``decision-makers``
  or ``deciders``, ``consulted``, ``informed``), from ``Key: value`` lines before the first
  section (Nygard's ``Date:``, MADR 2's ``* Status:`` bullets), or from a ``## Status`` section;
- the cards a record applies: ``tradeoffs: [card-id, ...]`` in the front matter, or a line
  ``Tradeoffs: card-id, card-id`` anywhere;
- ``Supersedes`` / ``Superseded by`` followed by a link to another record's file (or its
  number, ``ADR-0004``), in the status, the front matter or anywhere in a MADR record's text;
- every ``##`` and ``###`` section, its heading and text kept as written; MADR's
  ``Chosen option: "..."`` and the options listed under "Considered Options".

A record's id is its file name without ``.md``, as a slug. A Markdown file whose name does not
start with a number is not a record (a README, a template): :func:`is_record_file` says so,
and the loader skips it and lists it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import ValidationError

from tradeoffs.errors import CatalogError, Problem
from tradeoffs.formats.text import slugify
from tradeoffs.io import RECORD_SUFFIXES, list_files, load_yaml, read_text
from tradeoffs.models import SLUG, Decision, Record, Section

RECORD_NAME = re.compile(r"^(\d+)-.+\.md$", re.IGNORECASE)
TITLE = re.compile(r"^#\s+(?:(?:ADR[- ]?)?(\d+)[.:]?\s+)?(.+?)\s*#*\s*$", re.IGNORECASE)
HEADING = re.compile(r"^(#{2,3})\s+(.+?)\s*#*\s*$")
META_LINE = re.compile(r"^\s*(?:[*-]\s+)?\**([A-Za-z][A-Za-z -]*?)\**\s*:\s*\**\s*(.+?)\s*$")
TRADEOFFS_LINE = re.compile(r"^\s*(?:[*-]\s+)?\**tradeoffs\**\s*:\**\s*(.*?)\s*$", re.IGNORECASE)
SUPERSEDE = re.compile(
    r"\b(supersedes|superseded\s+by)\b\s*:?\s*"
    r"(?:\[[^\]]*\]\(\s*<?([^)\s>]+)>?\s*\)|(?:ADR[- ]?)?#?(\d+)\b)",
    re.IGNORECASE,
)
CHOSEN = re.compile(r"Chosen option\s*:\s*\**\s*[\"“]([^\"”]+)[\"”]", re.IGNORECASE)
BULLET = re.compile(r"^\s*[*-]\s+(.+?)\s*$")
STATUS_HEADINGS = ("status",)
NOT_A_STATUS = re.compile(r"^\s*(supersedes|superseded by|amends|amended by|tradeoffs)\b", re.I)
# Metadata keys as records write them, and the Record field each fills.
PEOPLE = {
    "decision-makers": "decision_makers",
    "decision makers": "decision_makers",
    "deciders": "decision_makers",
    "consulted": "consulted",
    "informed": "informed",
}


def _refuse(path: Path, line: int, field: str, message: str) -> CatalogError:
    return CatalogError([Problem(str(path), line, field, message)])


def is_record_file(path: Path) -> bool:
    """A record's file name starts with its number: ``0003-use-a-queue.md``."""
    return RECORD_NAME.match(path.name) is not None


def record_id(path: Path | str) -> str:
    """The id of the record in ``path``: its file name without ``.md``, as a slug."""
    stem = PurePosixPath(str(path).replace("\\", "/")).name
    stem = stem.split("#", 1)[0]
    stem = stem[:-3] if stem.lower().endswith(".md") else stem
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")


def record_number(path: Path) -> int | None:
    match = RECORD_NAME.match(path.name)
    return int(match.group(1)) if match else None


@dataclass
class _Meta:
    values: dict[str, Any]
    lines: dict[str, int]


def read_record(path: Path, ids_by_number: Mapping[int, str] | None = None) -> Record:
    """The record in ``path``. References by number (``Superseded by ADR-0004``) become links
    through ``ids_by_number``; raises :class:`~tradeoffs.errors.CatalogError` with one problem when it cannot be read."""
    return parse_record(read_text(path), path, ids_by_number or {})


def parse_record(text: str, path: Path, ids_by_number: Mapping[int, str]) -> Record:
    lines = text.splitlines()
    front, body_start = _front_matter(lines, path)
    title_at = next((i for i in range(body_start, len(lines)) if TITLE.match(lines[i])), None)
    if title_at is None:
        raise _refuse(path, body_start + 1, "title", "no title (a '# ' heading) in this record")
    title_match = TITLE.match(lines[title_at])
    assert title_match is not None
    number = int(title_match.group(1)) if title_match.group(1) else record_number(path)
    title = title_match.group(2).strip()

    sections = _sections(lines, title_at + 1)
    preamble = _preamble(lines, title_at + 1, body_start)
    meta = _Meta({}, {})
    for key, (value, line) in preamble.items():
        meta.values[key], meta.lines[key] = value, line
    for key, (value, line) in front.items():  # front matter wins over loose lines
        meta.values[key], meta.lines[key] = value, line

    madr = bool(front) or any(_is_madr_heading(s.heading) for s, _ in sections)
    nygard = not madr and any(_key(s.heading) == "status" for s, _ in sections)
    template = "nygard" if nygard else "madr"

    status_section = next((s for s, _ in sections if _key(s.heading) in STATUS_HEADINGS), None)
    status = _text(meta.values.get("status"))
    if status is None and status_section is not None:
        status = _status_from_section(status_section.text)

    data: dict[str, Any] = {
        "id": record_id(path),
        "kind": "record",
        "title": title,
        "number": number,
        "status": status,
        "template": template,
        "sections": [s.model_dump() for s, _ in sections],
    }
    if (date := meta.values.get("date")) is not None:
        data["date"] = _date(date, path, meta.lines.get("date", 1))
    for key, field_name in PEOPLE.items():
        if key in meta.values:
            data[field_name] = _people(meta.values[key])
    considered = next((s for s, _ in sections if _key(s.heading) == "considered options"), None)
    if considered is not None:
        data["considered_options"] = [
            m.group(1) for line in considered.text.splitlines() if (m := BULLET.match(line))
        ]
    chosen = CHOSEN.search(text)
    if chosen and not chosen.group(1).startswith("{"):  # "{option}": a template's placeholder
        data["chosen_option"] = chosen.group(1).strip()
    data["summary"] = _summary([s for s, _ in sections])

    links: dict[str, list[dict[str, Any]]] = {}
    applies = _applies(front, lines, body_start, path)
    if applies:
        links["applies"] = [{"id": card_id} for card_id in applies]
    # Nygard records name what they supersede in the status; MADR records anywhere.
    where = status_section.text if template == "nygard" and status_section else text
    for link_group, link in _supersede_links(where, ids_by_number, record_id(path)):
        if link not in links.setdefault(link_group, []):
            links[link_group].append(link)
    data["links"] = {group: items for group, items in links.items() if items}
    try:
        return Record.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"])
        raise _refuse(path, title_at + 1, field, error["msg"]) from exc


def _front_matter(lines: list[str], path: Path) -> tuple[dict[str, tuple[Any, int]], int]:
    """Front matter keys (lower-cased) with their values and line numbers, and where the body
    starts."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise _refuse(path, 1, "(front matter)", "opened with '---' and never closed")
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


def _preamble(lines: list[str], start: int, body_start: int) -> dict[str, tuple[Any, int]]:
    """``Key: value`` lines between the title and the first section (Nygard's ``Date:``,
    MADR 2's ``* Status:`` bullets)."""
    found: dict[str, tuple[Any, int]] = {}
    for i in range(start, len(lines)):
        if lines[i].startswith("#"):
            break
        if (m := META_LINE.match(lines[i])) is not None:
            key = m.group(1).strip().lower()
            if key in ("status", "date") or key in PEOPLE:
                found[key] = (m.group(2).strip(), i + 1)
    return found


def _sections(lines: list[str], start: int) -> list[tuple[Section, int]]:
    sections: list[tuple[Section, int]] = []
    heading: str | None = None
    at = start
    body: list[str] = []
    for i in range(start, len(lines) + 1):
        line = lines[i] if i < len(lines) else None
        match = HEADING.match(line) if line is not None else None
        if line is None or match:
            if heading is not None:
                sections.append((Section(heading=heading, text="\n".join(body).strip()), at + 1))
            if match:
                heading, at, body = match.group(2), i, []
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


def _status_from_section(text: str) -> str | None:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    plain = [line for line in lines if not NOT_A_STATUS.match(line)]
    if plain:
        return plain[0]
    if any(re.match(r"^superseded by\b", line, re.I) for line in lines):
        return "Superseded"
    return None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _date(value: Any, path: Path, line: int) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError as exc:
        raise _refuse(path, line, "date", f"{text!r} is not a date (YYYY-MM-DD)") from exc


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


def _supersede_links(
    text: str, ids_by_number: Mapping[int, str], own_id: str
) -> list[tuple[str, dict[str, Any]]]:
    links: list[tuple[str, dict[str, Any]]] = []
    for match in SUPERSEDE.finditer(text):
        group = "supersedes" if match.group(1).lower() == "supersedes" else "superseded_by"
        if match.group(2):
            target = record_id(match.group(2))
            link: dict[str, Any] = {"id": target} if SLUG.match(target) else {"title": target}
        else:
            number = int(match.group(3))
            known = ids_by_number.get(number)
            link = {"id": known} if known else {"title": f"record {number}"}
        if link.get("id") != own_id:
            links.append((group, link))
    return links


def _summary(sections: list[Section]) -> str | None:
    """The first paragraph of the decision (Nygard's "Decision", MADR's "Decision Outcome"),
    else of the context."""
    for wanted in ("decision", "decision outcome", "context", "context and problem statement"):
        for section in sections:
            if _key(section.heading) == wanted and section.text:
                return section.text.split("\n\n", 1)[0].replace("\n", " ").strip()
    return None


# ---- the MADR 4 writer ----


@dataclass(frozen=True)
class Watch:
    """A card to keep an eye on once the decision is made: a failure mode or a red flag."""

    id: str
    title: str
    label: str


def render_madr(
    decision: Decision,
    *,
    title: str,
    date: dt.date,
    watch: list[Watch],
) -> str:
    """A MADR 4 record, ``status: proposed``, that applies ``decision`` and is pre-filled with
    its knowledge: the question, the drivers, both options with their pros and cons, a
    checklist, what to watch and when to revisit."""
    out: list[str] = [
        "---",
        "status: proposed",
        f"date: {date.isoformat()}",
        "decision-makers: []",
        "consulted: []",
        "informed: []",
        f"tradeoffs: [{decision.id}]",
        "---",
        "",
        f"# {_one_line(title)}",
        "",
        "## Context and Problem Statement",
        "",
    ]
    out.append(_one_line(decision.decision_question or decision.title))
    if decision.what_this_is_really_about:
        out += ["", f"What this is really about: {_one_line(decision.what_this_is_really_about)}"]
    if decision.summary:
        out += ["", _one_line(decision.summary)]
    if decision.key_factors:
        out += ["", "## Decision Drivers", ""] + [f"* {_one_line(f)}" for f in decision.key_factors]
    options = (decision.option_a, decision.option_b)
    out += ["", "## Considered Options", ""] + [f"* {_one_line(o.name)}" for o in options]
    out += [
        "",
        "## Decision Outcome",
        "",
        'Chosen option: "{option}", because {justification}.',
        "",
        "### Consequences",
        "",
        "* Good, because {positive consequence}",
        "* Bad, because {negative consequence}",
    ]
    checklist = decision.questions_to_ask + decision.evidence_needed
    if checklist:
        out += ["", "### Confirmation", ""]
        out += ["Before accepting this record, answer and gather:", ""]
        out += [f"* [ ] {_one_line(item)}" for item in checklist]
    out += ["", "## Pros and Cons of the Options"]
    for option in options:
        out += ["", f"### {_one_line(option.name)}", ""]
        out += [f"* When: {_one_line(item)}" for item in option.best_when]
        out += [f"* Good, because {_lower_first(item)}" for item in option.strengths]
        out += [
            f"* Bad, because {_lower_first(item)}" for item in option.costs + option.hidden_costs
        ]
        if not (option.best_when or option.strengths or option.costs or option.hidden_costs):
            out.append("* {argument}")
    out += ["", "## More Information", ""]
    out.append(f"Applies the tradeoffs card `{decision.id}` ({_one_line(decision.title)}).")
    if watch:
        out += ["", "### What to watch", ""]
        out += [f"* {_one_line(w.title)} ({w.label}, `{w.id}`)" for w in watch]
    if decision.when_to_revisit:
        out += ["", "### Revisit when", ""]
        out += [f"* {_one_line(item)}" for item in decision.when_to_revisit]
    return "\n".join(out) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _lower_first(text: str) -> str:
    text = _one_line(text)
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


# A record's file name keeps its title readable but well within file-system limits.
MAX_SLUG = 60


def next_record_path(folder: Path, title: str) -> Path:
    """Where the next record goes: one more than the highest number in ``folder``, padded as
    its records are (four digits when it has none), then the title as a slug."""
    numbers, width = [], 4
    if folder.is_dir():
        for path in list_files(folder, RECORD_SUFFIXES).files:
            match = RECORD_NAME.match(path.name)
            if match:
                numbers.append(int(match.group(1)))
                width = len(match.group(1))
    slug = slugify(title)
    if len(slug) > MAX_SLUG:  # cut at a word where there is one
        cut = slug[:MAX_SLUG]
        slug = cut.rsplit("-", 1)[0] if slug[MAX_SLUG] != "-" and "-" in cut else cut
    return folder / f"{max(numbers, default=0) + 1:0{width}d}-{slug or 'decision'}.md"


def render_record(record: Record, titles: Mapping[str, str]) -> str:
    """The record as plain text for a terminal: what it decided, its links, its sections."""
    from tradeoffs.vocabulary import LINK_GROUP_SPECS

    number = f"{record.number}. " if record.number is not None else ""
    lines = [f"{number}{record.title}", f"Decision record · {record.id}", ""]
    facts = [
        ("Status", record.status),
        ("Date", record.date),
        ("Decision makers", ", ".join(record.decision_makers)),
        ("Consulted", ", ".join(record.consulted)),
        ("Informed", ", ".join(record.informed)),
        ("Chosen option", record.chosen_option),
    ]
    lines += [f"{name}: {value}" for name, value in facts if value]
    for group, links in record.links.groups():
        label = LINK_GROUP_SPECS[group].label
        for link in links:
            target = link.id or link.target or ""
            title = titles.get(target)
            lines.append(f"{label}: {title} [{target}]" if title else f"{label}: {target}")
    for section in record.sections:
        lines += ["", section.heading, "-" * len(section.heading)]
        if section.text:
            lines.append(section.text)
    return "\n".join(lines) + "\n"
