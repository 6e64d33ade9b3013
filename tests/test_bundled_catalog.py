"""The bundled catalog is the product's first impression: keep it whole and connected."""

from collections import Counter

import networkx as nx
import pytest

from tradeoffs import queries
from tradeoffs.graph import load_catalog
from tradeoffs.graph.build import CatalogGraph
from tradeoffs.loaders import BUNDLED_CATALOG
from tradeoffs.models import Decision

AREAS = {"architecture", "data", "delivery", "operations", "team", "ai-systems"}


@pytest.fixture(scope="module")
def catalog() -> CatalogGraph:
    return load_catalog()[0]


def test_validate_strict_passes() -> None:
    report = queries.validate(BUNDLED_CATALOG)
    assert report.problems(strict=True) == []


def test_sizes_and_areas(catalog: CatalogGraph) -> None:
    kinds = Counter(card.kind for card in catalog.cards.values())
    assert kinds["decision"] >= 16
    assert min(kinds["failure_mode"], kinds["red_flag"], kinds["playbook"]) >= 8
    assert {card.category for card in catalog.cards.values()} == AREAS
    assert len(catalog.edges) >= 200


def test_one_connected_component(catalog: CatalogGraph) -> None:
    graph = nx.Graph([(e.source, e.target) for e in catalog.edges])
    graph.add_nodes_from(catalog.cards)
    assert nx.number_connected_components(graph) == 1


def test_every_decision_is_linked_every_way(catalog: CatalogGraph) -> None:
    for card in catalog.cards.values():
        out = Counter(e.type for e in catalog.edges if card.id in (e.source, e.target))
        if isinstance(card, Decision):
            assert all(link.note for link in card.links.confused_with), card.id
            for edge_type, least in [
                ("confused_with", 1),
                ("adjacent", 1),
                ("failure_mode", 2),
                ("red_flag", 1),
                ("playbook", 1),
            ]:
                assert out[edge_type] >= least, (card.id, edge_type)
        else:
            declared = sum(len(links) for _, links in card.links.groups())
            assert declared >= 2, card.id


def test_the_seed_topic_links_to_what_the_seed_lost(catalog: CatalogGraph) -> None:
    card = catalog.cards["model-api-vs-self-hosted-model"]
    assert {link.id for link in card.links.confused_with} >= {
        "rag-vs-fine-tuning",
        "fast-ai-adoption-vs-governance-first",
    }


def test_failure_modes_form_causal_chains(catalog: CatalogGraph) -> None:
    chains = nx.DiGraph([(e.source, e.target) for e in catalog.edges if e.type == "leads_to"])
    longest = max(
        len(path) - 1
        for targets in dict(nx.all_pairs_shortest_path(chains)).values()
        for path in targets.values()
    )
    assert longest >= 3  # a chain of at least three causes, not a set of isolated pairs
