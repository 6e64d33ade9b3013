"""The in-memory search index: which cards have which words, part by part, so that a search
(or review's suggestions, one search per record) looks words up instead of reading every
card's text again. It gives exactly :func:`~tradeoffs.graph.store.score`'s points."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from itertools import accumulate

from tradeoffs.graph.store import BODY_WEIGHT, LEAD_WEIGHT, TITLE_WEIGHT

WEIGHTS = (TITLE_WEIGHT, LEAD_WEIGHT, BODY_WEIGHT)
END = "\n"
"""What ends each card's text in a part's column: :func:`~tradeoffs.graph.store.words` never
writes it, so no text and no term made by :func:`~tradeoffs.graph.store.search_terms` holds it,
and a term found in the column lies within one card's text."""


def columns(texts: Sequence[tuple[str, str, str]]) -> tuple[str, str, str] | None:
    """Each part's texts, each followed by :data:`END`, as one string (what
    :class:`SearchIndex` reads, and what the graph cache keeps); None when a text holds
    :data:`END` itself."""
    joined = tuple("".join(f"{parts[part]}{END}" for parts in texts) for part in range(3))
    if any(column.count(END) != len(texts) for column in joined):
        return None
    return joined[0], joined[1], joined[2]


class SearchIndex:
    """Built from each card's title, lead and body text as :func:`search_text` makes them:
    per part, one column of every card's text (:func:`columns`), in the order of ``ids``.

    The first search scans the columns: building the word tables costs far more than one
    search (a command's one `search`), and they are built for the second (review's many).
    """

    def __init__(self, ids: Sequence[str], texts: tuple[str, str, str]) -> None:
        if any(column.count(END) != len(ids) for column in texts):
            raise ValueError("each column must hold one text per card, each ending in END")
        self._ids = list(ids)
        self._columns = texts
        # Where each card's text starts in each column (and, last, where the column ends).
        self._starts = [
            [0, *accumulate(len(text) + 1 for text in column.split(END)[:-1])] for column in texts
        ]
        self._searched = False
        self._cards: list[dict[str, set[str]]] = []  # per part: word -> card ids
        self._words: list[list[str]] = []  # per part: its words, sorted

    @classmethod
    def of(cls, texts: Mapping[str, tuple[str, str, str]]) -> SearchIndex:
        """The index of ``texts`` (card id -> title, lead and body text)."""
        joined = columns(list(texts.values()))
        if joined is None:
            raise ValueError(f"a card's text holds {END!r}, which no search text has")
        return cls(list(texts), joined)

    def _texts(self, part: int) -> list[str]:
        return self._columns[part].split(END)[:-1]

    def _build(self) -> None:
        self._cards = [{}, {}, {}]
        for part, cards in enumerate(self._cards):
            for card_id, text in zip(self._ids, self._texts(part), strict=True):
                for word in set(text.split()):
                    cards.setdefault(word, set()).add(card_id)
        self._words = [sorted(cards) for cards in self._cards]

    def search(self, terms: list[str], ids: Collection[str]) -> list[tuple[str, int]]:
        """The cards of ``ids`` that hold any of ``terms``, best first, with their points."""
        if self._searched and not self._cards:
            self._build()
        self._searched = True
        points: Counter[str] = Counter()
        for term in terms:
            for part, weight in enumerate(WEIGHTS):
                for card_id in self._holding(term, part):
                    points[card_id] += weight
        hits = [(card_id, n) for card_id, n in points.items() if n and card_id in ids]
        return sorted(hits, key=lambda hit: (-hit[1], hit[0]))

    def _holding(self, term: str, part: int) -> set[str]:
        """The cards whose ``part`` has ``term`` in it, as ``term in text`` finds it."""
        words = term.split()
        if not self._cards or len(words) != 1 or term != f" {words[0]}":
            # No tables yet, a phrase ("lock in"), or a term not made by search_terms.
            return self._scan(term, part)
        # " rag" is in a text where one of its words starts with "rag".
        prefix = words[0]
        known = self._words[part]
        found: set[str] = set()
        at = bisect_left(known, prefix)
        while at < len(known) and known[at].startswith(prefix):
            found |= self._cards[part][known[at]]
            at += 1
        return found

    def _scan(self, term: str, part: int) -> set[str]:
        """``term in text`` for every card's text, as one scan of the part's column."""
        if not term or END in term:  # in every text, or across two: read them one by one
            return {i for i, text in zip(self._ids, self._texts(part), strict=True) if term in text}
        column, starts = self._columns[part], self._starts[part]
        found: set[str] = set()
        at = column.find(term)
        while at != -1:
            card = bisect_right(starts, at) - 1
            found.add(self._ids[card])
            at = column.find(term, starts[card + 1])  # the card's next text
        return found
