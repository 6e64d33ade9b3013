"""The search index gives exactly the points of reading every card's text: a term found where
a word starts in a card's title, lead or body is worth that part's weight, once per term."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tradeoffs.graph.index import SearchIndex
from tradeoffs.graph.store import BODY_WEIGHT, LEAD_WEIGHT, TITLE_WEIGHT, search_terms
from tradeoffs.models import words

WORDS = st.sampled_from(["rag", "ragged", "fine", "tuning", "lock", "in", "inside", "a", "x1"])
TEXT = st.lists(WORDS, max_size=8).map(lambda w: words(" ".join(w)))
CARDS = st.dictionaries(st.sampled_from("abcdefgh"), st.tuples(TEXT, TEXT, TEXT), max_size=8)
# As people type them ("lock-in" is the phrase " lock in"), and a few no reader makes.
TYPED = st.lists(st.lists(WORDS, min_size=1, max_size=2).map("-".join), max_size=4)
ODD = st.lists(st.sampled_from(["ag", " ", "", "in ", " lock  in", "RAG"]), max_size=2)


def read_every_text(
    cards: dict[str, tuple[str, str, str]], terms: list[str], ids: set[str]
) -> list[tuple[str, int]]:
    hits = []
    for card_id, (title, lead, body) in cards.items():
        points = sum(
            TITLE_WEIGHT * (t in title) + LEAD_WEIGHT * (t in lead) + BODY_WEIGHT * (t in body)
            for t in terms
        )
        if points and card_id in ids:
            hits.append((card_id, points))
    return sorted(hits, key=lambda hit: (-hit[1], hit[0]))


@given(CARDS, TYPED, ODD, st.sets(st.sampled_from("abcdefgh")))
def test_the_index_scores_as_reading_every_text(
    cards: dict[str, tuple[str, str, str]], typed: list[str], odd: list[str], ids: set[str]
) -> None:
    terms = search_terms(typed) + odd
    index = SearchIndex.of(cards)
    expected = read_every_text(cards, terms, ids)
    assert index.search(terms, ids) == expected  # reading the texts
    assert index.search(terms, ids) == expected  # through the word tables
