"""The site's search index, built here and shipped as data: MiniSearch (a client-side search
library kept in ``static/`` with its licence) loads it with ``MiniSearch.loadJSON`` instead
of indexing every card in the reader's browser on each visit.

The index is MiniSearch's own serialised form (``serializationVersion`` 2, as ``toJSON``
writes it), made as its ``addAll`` makes it with the default options: a field split into
terms on runs of white space, line breaks and punctuation (``/[\\n\\r\\p{Z}\\p{P}]+/u``),
each term lower-cased, empty terms left out; a field's length is its number of distinct raw
terms. ``tests/test_site_browser.py`` checks in Chromium that MiniSearch's ``addAll`` over the
same documents gives exactly this index.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache
from operator import itemgetter
from typing import Any, NamedTuple

MINISEARCH = "minisearch-7.2.0.js"
"""The library as npm ships it (``dist/umd/index.js`` of minisearch 7.2.0), and beside it
``minisearch-7.2.0.LICENSE.txt``."""
FIELDS = ("title", "text")
STORED = ("title", "kind", "path", "summary")
SEARCH_OPTIONS = {"prefix": True, "fuzzy": 0.2, "boost": {"title": 3}, "combineWith": "AND"}
"""How the page queries the index: words as typed, each a prefix, forgiving a typo in five
letters, a word in the title counting three times, every word needed."""
# Code points beyond the first two planes hold no white space or punctuation (planes 3 to 13
# are unassigned, 14 holds tags and selectors, 15 and 16 private use): tests/test_site.py
# checks this against every code point.
LAST_SEPARATOR_PLANE = 0x20000


class Document(NamedTuple):
    """One card or record as the search sees it: ``id`` its card id, ``title`` and ``text``
    searched, the rest stored to show a hit. (A named tuple: its JSON is its fields in
    order, what the cached index is keyed on.)"""

    id: str
    title: str
    text: str
    kind: str
    path: str
    summary: str


@cache
def _separators(below: int) -> re.Pattern[str]:
    """MiniSearch's default split, ``/[\\n\\r\\p{Z}\\p{P}]+/u``, for Python's ``re`` (which
    has no Unicode property classes): the same class spelled as ranges of code points, those
    below ``below`` only (a class of ASCII alone splits ASCII text four times faster)."""
    # Each code point's major category as one letter, line breaks as separators, and the
    # runs of separators and punctuation found in that by a regular expression: the same
    # ranges as a loop over the code points, five times faster.
    majors = list(map(itemgetter(0), map(unicodedata.category, map(chr, range(below)))))
    for point in (ord("\n"), ord("\r")):
        if point < below:
            majors[point] = "Z"
    runs = re.finditer("[ZP]+", "".join(majors))
    spelled = "".join(
        re.escape(chr(run.start()))
        if run.end() - run.start() == 1
        else f"{re.escape(chr(run.start()))}-{re.escape(chr(run.end() - 1))}"
        for run in runs
    )
    return re.compile(f"[{spelled}]+")


def tokens(text: str) -> list[str]:
    """``text`` split as MiniSearch's default ``tokenize`` splits it (empty terms included)."""
    if text.isascii():
        return _separators(0x80).split(text)
    # The class of the code points up to the text's highest (a power of two, so few classes
    # are made): text with a curly quote needs 16,384 of them sorted, not 131,072.
    below = 1 << ord(max(text)).bit_length()
    return _separators(min(below, LAST_SEPARATOR_PLANE)).split(text)


def search_index(documents: list[Document]) -> dict[str, Any]:
    """MiniSearch's serialised index of ``documents``, fields :data:`FIELDS`, stored fields
    :data:`STORED`, as ``MiniSearch.addAll`` then ``toJSON`` make it."""
    postings: dict[str, dict[str, dict[str, int]]] = {}
    lengths: dict[str, list[int]] = {}
    averages = [0.0] * len(FIELDS)
    for short_id, document in enumerate(documents):
        row = []
        doc = str(short_id)
        for field_id, name in enumerate(FIELDS):
            terms = tokens(getattr(document, name))
            length = len(set(terms))
            row.append(length)
            # As MiniSearch keeps it: a running mean, in the same floating-point steps.
            averages[field_id] = (averages[field_id] * short_id + length) / (short_id + 1)
            field = str(field_id)
            # An empty term is left out (MiniSearch skips what processTerm makes falsy).
            for term, count in Counter(map(str.lower, filter(None, terms))).items():
                postings.setdefault(term, {}).setdefault(field, {})[doc] = count
        lengths[doc] = row
    return {
        "documentCount": len(documents),
        "nextId": len(documents),
        "documentIds": {str(n): d.id for n, d in enumerate(documents)},
        "fieldIds": {name: n for n, name in enumerate(FIELDS)},
        "fieldLength": lengths,
        "averageFieldLength": averages,
        "storedFields": {
            str(n): {name: getattr(d, name) for name in STORED} for n, d in enumerate(documents)
        },
        "dirtCount": 0,
        "index": [[term, fields] for term, fields in postings.items()],
        "serializationVersion": 2,
    }


def options() -> dict[str, Any]:
    """What the page passes to ``MiniSearch.loadJSON`` and to each search."""
    return {
        "fields": list(FIELDS),
        "storeFields": list(STORED),
        "searchOptions": SEARCH_OPTIONS,
    }
