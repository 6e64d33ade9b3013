"""Which decision card a team's record applies: a ranking that is right or says nothing.

How it ranks, in three steps:

1. **An index of the decision cards** (:func:`build_index`, pure, computed once per
   catalog): each card's words, weighted by where they stand (title and ``terms`` most,
   then the question, summary and option names, then the situations the options fit),
   reduced to stems, weighted by how rare they are among the cards (inverse document
   frequency) and normalised, so a long card is not favoured; and each card's ``terms``
   (the product and technology names teams write: OpenAI, Kafka, RDS), as phrases.
2. **A record's words**, weighted the same way (its title most, then its options, then its
   context and decision text; the status and links sections left out).
3. **The score** of each card is the cosine of the two word vectors plus :data:`TERM_BONUS`
   for each of the card's terms the record names (twice that in its title). A card is
   suggested only when its score reaches :data:`FITS`: a record no card fits gets no
   suggestion rather than a guess.

Cost: building the index reads each decision card's text once (linear in the catalog's
words: about 0.1 s for the 87 bundled decisions); ranking a record is linear in its words
plus, through the index's postings, one multiplication per word it shares with a card, and
one set lookup per card term (about 2 ms a record). ``benchmarks/bench_review.py`` measures
it; ``tests/test_suggest.py`` measures the precision on a labelled set of records.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tradeoffs.models import CardRef, Decision, Record

FITS = 0.2
"""The least score a suggestion needs."""
TERM_BONUS = 0.12
"""What each of a card's terms named in the record adds to its score (twice in the title)."""
SUGGESTIONS = 3

# Where a word stands on a card, and what it weighs there.
CARD_WEIGHTS = (
    ("title", 3.0),
    ("terms", 2.0),
    ("decision_question", 2.0),
    ("summary", 1.5),
    ("what_this_is_really_about", 1.0),
    ("key_factors", 0.5),
    ("options", 1.5),
    ("situations", 0.5),
)
# Section headings whose text says nothing about what was decided.
SKIPPED_SECTIONS = frozenset({"status", "links", "related", "more information", "references"})
STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers how i if in into is it its itself
    just me more most my no nor not now of off on once only or other our ours out over own
    same she should so some such than that the their theirs them then there these they this
    those through to too under until up very was we were what when where which while who
    whom why will with would you your yours use used using we'll let make made one two new
    need needs want wants way ways get go going work works like well also across within
    decide decided decision decisions option options choose chose chosen adopt record
    records context consequences status accepted proposed team teams should""".split()
)
_WORD = re.compile(r"[a-z0-9][a-z0-9+#.]*[a-z0-9+#]|[a-z]")


def stem(word: str) -> str:
    """A crude English stem, the same for cards and records: plurals and -ing/-ed forms
    meet their root ("queues", "queued", "queueing" -> "queu")."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)] + keep
    return word


def tokens(text: str) -> list[str]:
    """The stems of ``text``'s words, stop words left out."""
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in STOP_WORDS and len(w) > 1]


_PLAIN_WORD = re.compile(r"[a-z0-9]+")
LONGEST_TERM = 4
"""Terms are matched as runs of up to this many words."""


def _words(text: str) -> tuple[str, ...]:
    """Lower-cased runs of letters and digits: "Pub/Sub" and "pub-sub" are both pub, sub."""
    return tuple(_PLAIN_WORD.findall(text.lower()))


def _runs(text: str) -> set[tuple[str, ...]]:
    """Every run of one to :data:`LONGEST_TERM` words of ``text``: a term is named where its
    words are one of them (a set lookup, not a search of the text per term)."""
    words = _words(text)
    return {
        words[start : start + size]
        for size in range(1, LONGEST_TERM + 1)
        for start in range(len(words) - size + 1)
    }


@dataclass(frozen=True)
class SuggestIndex:
    """The decision cards as the ranking sees them (see the module docstring)."""

    cards: tuple[CardRef, ...]
    postings: dict[str, tuple[tuple[int, float], ...]]
    """Each stem, and the cards (by position) whose normalised vector holds it, with the
    weight there: a record meets only the cards it shares a word with."""
    idf: dict[str, float]
    terms: tuple[tuple[tuple[str, ...], ...], ...]


def build_index(decisions: Iterable[Decision]) -> SuggestIndex:
    """The index of ``decisions``: pure and cheap, so a caller may keep it per catalog."""
    cards = sorted(decisions, key=lambda card: card.id)
    bags = [_card_bag(card) for card in cards]
    frequency = Counter(term for bag in bags for term in bag)
    total = len(cards) or 1
    idf = {term: math.log(1 + total / count) for term, count in frequency.items()}
    postings: dict[str, list[tuple[int, float]]] = {}
    for position, bag in enumerate(bags):
        for term, weight in _normalised(bag, idf).items():
            postings.setdefault(term, []).append((position, weight))
    return SuggestIndex(
        cards=tuple(CardRef.of(card) for card in cards),
        postings={term: tuple(cards_) for term, cards_ in postings.items()},
        idf=idf,
        terms=tuple(
            tuple(words for term in card.terms if 0 < len(words := _words(term)) <= LONGEST_TERM)
            for card in cards
        ),
    )


def _card_bag(card: Decision) -> dict[str, float]:
    parts: dict[str, list[str]] = {
        "title": [card.title],
        "terms": list(card.terms),
        "decision_question": [card.decision_question or ""],
        "summary": [card.summary or ""],
        "what_this_is_really_about": [card.what_this_is_really_about or ""],
        "key_factors": list(card.key_factors),
        "options": [card.option_a.name, card.option_b.name],
        "situations": [
            *card.option_a.best_when,
            *card.option_b.best_when,
            *card.option_a.real_world_fits,
            *card.option_b.real_world_fits,
        ],
    }
    return _bag((weight, parts[name]) for name, weight in CARD_WEIGHTS)


def _record_parts(record: Record) -> list[tuple[float, list[str]]]:
    sections = [
        s.heading + "\n" + s.text
        for s in record.sections
        if s.heading.strip().lower() not in SKIPPED_SECTIONS
    ]
    options = [*record.considered_options, record.chosen_option or ""]
    return [(3.0, [record.title]), (1.5, options), (1.0, sections)]


def _bag(parts: Iterable[tuple[float, Sequence[str]]]) -> dict[str, float]:
    bag: dict[str, float] = {}
    for weight, texts in parts:
        for text in texts:
            for term in tokens(text):
                bag[term] = bag.get(term, 0.0) + weight
    return bag


def _normalised(bag: dict[str, float], idf: dict[str, float]) -> dict[str, float]:
    # Sub-linear term frequency: a word said ten times is not ten times the evidence.
    vector = {t: (1 + math.log(n)) * idf.get(t, 0.0) for t, n in bag.items() if n >= 1}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items() if v}


def rank(index: SuggestIndex, record: Record) -> list[tuple[CardRef, float]]:
    """Every decision card with its score for ``record``, best first (ties by id)."""
    parts = _record_parts(record)
    vector = _normalised(_bag((w, [t for t in texts if t]) for w, texts in parts), index.idf)
    title = _runs(record.title)
    body = _runs("\n".join(text for _, texts in parts for text in texts))
    cosine = [0.0] * len(index.cards)
    for term, weight in vector.items():
        for position, card_weight in index.postings.get(term, ()):
            cosine[position] += weight * card_weight
    scored = []
    for card, score, terms in zip(index.cards, cosine, index.terms, strict=True):
        for phrase in terms:
            if phrase in title:
                score += 2 * TERM_BONUS
            elif phrase in body:
                score += TERM_BONUS
        scored.append((card, round(score, 4)))
    scored.sort(key=lambda item: (-item[1], item[0].id))
    return scored


def suggest(
    index: SuggestIndex, record: Record, limit: int = SUGGESTIONS
) -> list[tuple[CardRef, float]]:
    """The cards worth suggesting for ``record`` (see the module docstring): at most
    ``limit``, each scoring at least :data:`FITS`; none when no card does."""
    return [(card, score) for card, score in rank(index, record)[:limit] if score >= FITS]
