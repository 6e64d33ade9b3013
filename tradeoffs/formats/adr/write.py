"""Writing decision records: a new record for ``decide`` (MADR 4, Nygard as adr-tools writes
it, or the folder's own template), and the one-line edit ``link`` makes to an existing record.

An edit touches only the line that names the cards a record applies (``tradeoffs:`` in the
front matter, a ``Tradeoffs:`` line otherwise): every other byte of the file stays as it was,
its line endings included.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tradeoffs.formats.adr.read import META_KEYS, META_LINE, PEOPLE, TITLE, TRADEOFFS_LINE
from tradeoffs.models import Decision


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


def render_nygard(
    decision: Decision, *, title: str, number: int | None, date: dt.date, watch: list[Watch]
) -> str:
    """A record in Michael Nygard's template as adr-tools writes it (``# N. Title``, a
    ``Date:`` line, Status, Context, Decision, Consequences), status Proposed, applying
    ``decision`` and pre-filled with its question, options and what to watch."""
    heading = f"{number}. {_one_line(title)}" if number is not None else _one_line(title)
    out = [f"# {heading}", "", f"Date: {date.isoformat()}", f"Tradeoffs: {decision.id}"]
    out += ["", "## Status", "", "Proposed", "", "## Context", ""]
    out.append(_one_line(decision.decision_question or decision.title))
    if decision.what_this_is_really_about:
        out += ["", f"What this is really about: {_one_line(decision.what_this_is_really_about)}"]
    out += ["", "The options:", ""]
    out += [f"* {_one_line(o.name)}" for o in (decision.option_a, decision.option_b)]
    out += ["", "## Decision", "", "We will ...", "", "## Consequences", ""]
    if watch:
        out += ["To watch:", ""] + [f"* {_one_line(w.title)} ({w.label})" for w in watch]
    else:
        out.append("What becomes easier or harder because of this change.")
    if decision.when_to_revisit:
        out += ["", "Revisit when:", ""] + [f"* {_one_line(i)}" for i in decision.when_to_revisit]
    return "\n".join(out) + "\n"


# adr-tools' template words, each replaced once per line as its `adr new` does.
TEMPLATE_WORDS = ("NUMBER", "TITLE", "DATE", "STATUS")


def fill_template(
    template: str, *, title: str, number: int | None, date: dt.date, card_id: str
) -> str:
    """A new record from a folder's own template: adr-tools' words (NUMBER, TITLE, DATE,
    STATUS) replaced, or else the first heading made the title and the status and date
    fields (front matter or ``Status:`` lines, MADR's and log4brains' placeholders) set to
    proposed and today; then the card linked as :func:`set_applies` does."""
    values = {
        "NUMBER": str(number) if number is not None else "",
        "TITLE": _one_line(title),
        "DATE": date.isoformat(),
        "STATUS": "Proposed",
    }
    lines = template.splitlines(keepends=True)
    titled = False
    for i, line in enumerate(lines):
        body, eol = _split_eol(line)
        if any(word in body for word in TEMPLATE_WORDS):
            for word in TEMPLATE_WORDS:
                body = body.replace(word, values[word], 1)
            if TITLE.match(body):
                body = body.replace("# . ", "# ", 1)  # NUMBER empty in a dated folder
                titled = True
        elif not titled and TITLE.match(body):
            prefix = f"{number}. " if number is not None and "NUMBER" in template else ""
            body, titled = f"# {prefix}{_one_line(title)}", True
        elif m := re.match(r"^(\s*(?:[*-]\s+)?\**)(status|date)(\**\s*:\s*\**)(.*)$", body, re.I):
            value = date.isoformat() if m.group(2).lower() == "date" else "proposed"
            if not m.group(4).strip() or re.search(r"[\[{]", m.group(4)):
                body = m.group(1) + m.group(2) + m.group(3) + value
        lines[i] = body + eol
    return set_applies("".join(lines), [card_id])


def _split_eol(line: str) -> tuple[str, str]:
    body = line.rstrip("\r\n")
    return body, line[len(body) :]


@dataclass
class _Place:
    start: int
    end: int
    ids: list[str]
    style: str  # "flow", "block" or "line"
    indent: str = ""
    prefix: str = ""


def applied_ids(text: str) -> list[str]:
    """The card ids the ``tradeoffs`` line of ``text`` names, as the link editor sees them."""
    place = _find(text.splitlines(keepends=True))
    return place.ids if place else []


def set_applies(text: str, add: list[str], remove: list[str] = ()) -> str:  # type: ignore[assignment]
    """``text`` with ``add`` appended to and ``remove`` taken from the cards the record
    applies, changing only that line (or front matter entry), in the record's own style: the
    front matter's ``tradeoffs:`` list for a record with front matter, else a ``Tradeoffs:``
    line after the record's metadata lines and written as they are (a bullet among
    bullets), or a paragraph of its own after the title when it has none.
    The line goes when its last card does (with the blank line that set it apart, so in the
    usual layouts taking out what was added gives back the file); line endings are kept."""
    lines = text.splitlines(keepends=True)
    eol = "\r\n" if "\r\n" in text else "\n"
    place = _find(lines)
    ids = list(place.ids) if place else []
    ids = [i for i in ids if i not in remove] + [i for i in add if i not in ids and i not in remove]
    if place is not None and ids == place.ids:
        return text
    if place is None:
        return _insert(lines, ids, eol) if ids else text
    line_eol = _split_eol(lines[place.end - 1])[1] or ""
    if not ids:
        return _delete(lines, place)
    if place.style == "block":
        new = [f"{place.indent}- {i}{eol}" for i in ids]
        new[-1] = new[-1][: -len(eol)] + (line_eol or "")
        return "".join(lines[: place.start + 1] + new + lines[place.end :])
    if place.style == "flow":
        new_line = f"{place.prefix}[{', '.join(ids)}]{line_eol}"
    else:
        new_line = f"{place.prefix}{', '.join(ids)}{line_eol}"
    return "".join(lines[: place.start] + [new_line] + lines[place.end :])


def _front_end(lines: list[str]) -> int | None:
    if not lines or lines[0].strip() != "---":
        return None
    return next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)


def _find(lines: list[str]) -> _Place | None:
    end = _front_end(lines)
    if end is not None:
        for i in range(1, end):
            m = re.match(r"^(tradeoffs\s*:\s*)(.*?)\s*$", _split_eol(lines[i])[0], re.I)
            if m is None:
                continue
            value = m.group(2)
            if value.startswith("["):
                ids = [v.strip(" '\"") for v in value.strip("[]").split(",") if v.strip(" '\"")]
                return _Place(i, i + 1, ids, "flow", prefix=m.group(1))
            if value:
                return _Place(i, i + 1, [value.strip("'\"")], "flow", prefix=m.group(1))
            block = i + 1
            ids, indent = [], "  "
            while block < end and (item := re.match(r"^(\s*)-\s+(.+?)\s*$", lines[block])):
                indent = item.group(1)
                ids.append(item.group(2).strip("'\""))
                block += 1
            return _Place(i, block, ids, "block", indent=indent)
        return None
    for i, line in enumerate(lines):
        body = _split_eol(line)[0]
        if (m := TRADEOFFS_LINE.match(body)) is not None:
            ids = [item.strip("`* ") for item in m.group(1).split(",") if item.strip("`* ")]
            return _Place(i, i + 1, ids, "line", prefix=body[: m.start(1)])
    return None


def _insert(lines: list[str], ids: list[str], eol: str) -> str:
    end = _front_end(lines)
    if end is not None:
        return "".join(lines[:end] + [f"tradeoffs: [{', '.join(ids)}]{eol}"] + lines[end:])
    title = next((i for i, line in enumerate(lines) if TITLE.match(line.rstrip("\r\n"))), None)
    after = title if title is not None else -1
    prefix: str | None = None
    for i in range(after + 1, len(lines)):
        body = _split_eol(lines[i])[0]
        if body.startswith("#"):
            break
        m = META_LINE.match(body)
        if m is not None and m.group(1).strip().lower() in (*META_KEYS, *PEOPLE):
            after = i
            prefix = re.match(r"^\s*(?:[*-]\s+)?", body).group(0)  # type: ignore[union-attr]
    new = f"{prefix or ''}Tradeoffs: {', '.join(ids)}{eol}"
    head, tail = lines[: after + 1], lines[after + 1 :]
    if head and not head[-1].endswith(("\n", "\r")):
        head[-1] += eol
    if prefix is not None:  # one more metadata line, written as the others are
        return "".join(head + [new] + tail)
    # Right after the title: a paragraph of its own, so Markdown keeps it apart.
    added = [eol, new] + ([eol] if tail and tail[0].strip() else [])
    return "".join(head + added + tail)


def _delete(lines: list[str], place: _Place) -> str:
    start, end = place.start, place.end
    if place.style == "line":
        before_blank = start > 0 and not lines[start - 1].strip()
        after_blank = end >= len(lines) or not lines[end].strip()
        if before_blank and after_blank:
            start -= 1  # the paragraph the line was: its blank line goes with it
    return "".join(lines[:start] + lines[end:])
