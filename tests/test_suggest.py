"""Which card a record applies: the ranking measured on records written for the purpose
(tests/data/suggest, labelled in tests/data/suggest-labels.yaml: a card id, or ~ when no
card of the bundled catalog fits)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tradeoffs import queries
from tradeoffs.formats.adr import parse_record
from tradeoffs.graph import load_catalog
from tradeoffs.graph.memory import MemoryStore
from tradeoffs.loaders import load_records
from tradeoffs.models import Decision, Record
from tradeoffs.queries.suggest import SuggestIndex, build_index, rank, suggest

DATA = Path(__file__).parent / "data"
LABELS: dict[str, str | None] = yaml.safe_load(
    (DATA / "suggest-labels.yaml").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def index() -> SuggestIndex:
    return build_index(c for c in load_catalog().cards.values() if isinstance(c, Decision))


@pytest.fixture(scope="module")
def records() -> dict[str, Record]:
    found = load_records(DATA / "suggest")
    assert not found.problems
    return {card_id: card for card_id, card in found.cards.items() if isinstance(card, Record)}


def test_the_labelled_set_is_large_enough_and_a_third_fits_no_card() -> None:
    assert len(LABELS) >= 40
    assert sum(card is None for card in LABELS.values()) >= len(LABELS) / 3


def test_suggestions_are_right_or_absent(index: SuggestIndex, records: dict[str, Record]) -> None:
    fitting = {rid: card for rid, card in LABELS.items() if card is not None}
    fitless = [rid for rid, card in LABELS.items() if card is None]
    first = {rid: suggest(index, records[rid]) for rid in LABELS}
    right = [rid for rid, card in fitting.items() if first[rid] and first[rid][0][0].id == card]
    silent = [rid for rid in fitless if not first[rid]]
    precision, none_right = len(right) / len(fitting), len(silent) / len(fitless)
    print(f"precision at 1: {len(right)}/{len(fitting)} = {precision:.2f}")
    print(f"'none fits' right: {len(silent)}/{len(fitless)} = {none_right:.2f}")
    assert precision >= 0.7, sorted(set(fitting) - set(right))
    assert none_right >= 0.8, sorted(set(fitless) - set(silent))


def test_the_vocabulary_teams_write_is_data_on_the_cards(index: SuggestIndex) -> None:
    """ "OpenAI" or "RDS" are nowhere in a card's prose; its terms name them."""
    store = MemoryStore(load_catalog())
    assert queries.search(store, "OpenAI").hits[0].card.id == "model-api-vs-self-hosted-model"
    assert queries.search(store, "RDS").hits[0].card.id == (
        "managed-services-vs-self-managed-infrastructure"
    )
    embeddings = parse_record(
        "# Generate embeddings online\n\n## Context\n\nSearch needs a vector for every "
        "article: a small local model on our own machines, or OpenAI's embeddings API?\n",
        Path("0001-generate-embeddings-online.md"),
    )
    assert [card.id for card, _ in suggest(index, embeddings)][:1] == [
        "model-api-vs-self-hosted-model"
    ]


def test_scores_come_best_first_and_a_bare_record_gets_nothing(index: SuggestIndex) -> None:
    record = Record(id="0001-x", title="Publish order events on Kafka")
    scores = [score for _, score in rank(index, record)]
    assert scores == sorted(scores, reverse=True) and len(scores) == len(index.cards)
    assert suggest(index, Record(id="0002-x", title="Notes")) == []


def test_review_suggests_only_when_asked(records: dict[str, Record]) -> None:
    store = MemoryStore(load_catalog(records=DATA / "suggest"))
    plain = queries.review(store)
    assert all(not item.suggestions for item in plain.unlinked)
    asked = queries.review(store, suggest=True)
    by_id = {item.record.id: [hit.card.id for hit in item.suggestions] for item in asked.unlinked}
    assert by_id["0001-publish-order-events-on-kafka"][0] == "sync-vs-event-driven-integration"
    assert by_id["0031-write-documentation-in-british-english"] == []
