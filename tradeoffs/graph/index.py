"""The in-memory search index: which cards have which words, part by part, so that a search
(or review's suggestions, one search per record) looks words up instead of reading every
card's text again. It gives exactly :func:`~tradeoffs.graph.store.score`'s points."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Collection, Mapping

from tradeoffs.graph.store import BODY_WEIGHT, LEAD_WEIGHT, TITLE_WEIGHT

WEIGHTS = (TITLE_WEIGHT, LEAD_WEIGHT, BODY_WEIGHT)


class SearchIndex:
    """Built from each card's title, lead and body text as :func:`search_text` makes them.

    The first search reads the texts: building the word tables costs far more than one search
    (a command's one `search`), and they are built for the second (review's many).
    """

    def __init__(self, texts: Mapping[str, tuple[str, str, str]]) -> None:
        self._texts = texts
        self._searched = False
        self._cards: list[dict[str, set[str]]] = []  # per part: word -> card ids
        self._words: list[list[str]] = []  # per part: its words, sorted

    def _build(self) -> None:
        self._cards = [{}, {}, {}]
        for card_id, parts in self._texts.items():
            for cards, text in zip(self._cards, parts, strict=True):
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
            return {card_id for card_id, parts in self._texts.items() if term in parts[part]}
        # " rag" is in a text where one of its words starts with "rag".
        prefix = words[0]
        known = self._words[part]
        found: set[str] = set()
        at = bisect_left(known, prefix)
        while at < len(known) and known[at].startswith(prefix):
            found |= self._cards[part][known[at]]
            at += 1
        return found
