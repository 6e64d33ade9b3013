"""How decision-record files are named, and the name of the next one.

Teams name records in a few ways, and each names its file's number or date:

=================================  ======================================================
``0007-use-a-queue.md``            a number (adr-tools, MADR); any width
``adr-007-use-a-queue.md``         ``adr`` or ``ADR``, a hyphen or underscore or nothing,
``adr007-use-a-queue.md``          then the number; the title part may be missing
``ADR-007.md``
``20210114-use-a-queue.md``        a date (log4brains): eight digits that are a day
``2021-01-14-use-a-queue.md``      a date with hyphens
=================================  ======================================================

A Markdown file named otherwise is not placed: the loader says so when it reads like a
record and skips it when it is an index, a README or a template.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from tradeoffs.formats.text import slugify

MARKDOWN_SUFFIXES = (".md", ".markdown")
# A record's file name keeps its title readable but well within file-system limits.
MAX_SLUG = 60

_NUMBERED = re.compile(r"^(?P<prefix>(?:adr)?[-_ ]?)(?P<number>\d+)(?P<rest>(?:[-_ .].*)?)$", re.I)
_DATED = re.compile(r"^(?P<date>\d{8}|\d{4}-\d{2}-\d{2})(?P<rest>[-_ ].*)$")
_NOT_RECORDS = re.compile(
    r"^(?:readme|index|toc|contents|summary|template|.*[-_ ]template|changelog|license)$", re.I
)


@dataclass(frozen=True)
class RecordName:
    """What a record's file name says: its ``scheme`` ("number" or "date"), its ``number``
    or ``date``, and how it is spelled (the ``prefix`` before the number, such as ``adr-``,
    and the number's ``width``), so the next record can be named alike."""

    scheme: str
    number: int | None = None
    date: dt.date | None = None
    prefix: str = ""
    width: int = 4
    date_format: str = "%Y%m%d"


def markdown_stem(path: Path) -> str | None:
    """The file name without its Markdown suffix (any case), or None for another file."""
    lower = path.name.lower()
    for suffix in MARKDOWN_SUFFIXES:
        if lower.endswith(suffix) and len(lower) > len(suffix):
            return path.name[: -len(suffix)]
    return None


def record_name(path: Path) -> RecordName | None:
    """What ``path``'s name says, or None when it follows none of the schemes."""
    stem = markdown_stem(path)
    if stem is None:
        return None
    dated = _DATED.match(stem)
    if dated is not None:
        day = _day(dated.group("date"))
        if day is not None:
            spelled = "%Y-%m-%d" if "-" in dated.group("date") else "%Y%m%d"
            return RecordName("date", date=day, date_format=spelled)
    numbered = _NUMBERED.match(stem)
    if numbered is None or (numbered.group("prefix") and not numbered.group("prefix")[0].isalpha()):
        return None
    digits = numbered.group("number")
    return RecordName("number", int(digits), prefix=numbered.group("prefix"), width=len(digits))


def is_index_or_template(path: Path) -> bool:
    """A README, an index or table of contents, or a template: never a record."""
    stem = markdown_stem(path)
    return stem is not None and _NOT_RECORDS.match(stem) is not None


def _day(text: str) -> dt.date | None:
    digits = text.replace("-", "")
    try:
        day = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None
    return day if 1900 <= day.year <= 2200 else None


def title_slug(title: str) -> str:
    """The title part of a record's file name: a slug, cut at a word within :data:`MAX_SLUG`."""
    slug = slugify(title)
    if len(slug) > MAX_SLUG:
        cut = slug[:MAX_SLUG]
        slug = cut.rsplit("-", 1)[0] if slug[MAX_SLUG] != "-" and "-" in cut else cut
    return slug or "decision"


def next_record_name(names: list[RecordName], title: str, today: dt.date) -> tuple[str, int | None]:
    """The file name of the next record among ``names`` (the folder's records) and its
    number: dated folders get today's date, numbered ones one more than the highest number,
    spelled as the most recent record is (``adr-019-...`` after ``adr-018-...``); an empty
    folder gets ``0001-...``."""
    slug = title_slug(title)
    dated = [n for n in names if n.scheme == "date"]
    numbered = [n for n in names if n.scheme == "number" and n.number is not None]
    if dated and len(dated) >= len(numbered):
        last_dated = max(dated, key=lambda n: n.date or today)
        return f"{today.strftime(last_dated.date_format)}-{slug}.md", None
    if not numbered:
        return f"0001-{slug}.md", 1
    last = max(numbered, key=lambda n: (n.number or 0, n.width))
    number = (last.number or 0) + 1
    return f"{last.prefix}{number:0{last.width}d}-{slug}.md", number
