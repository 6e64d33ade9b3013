"""The bundled catalog is the product's first impression: keep it whole and connected."""

import re
from collections import Counter

import networkx as nx
import pytest

from tradeoffs import queries
from tradeoffs.graph import load_catalog
from tradeoffs.graph.build import CatalogGraph
from tradeoffs.loaders import BUNDLED_CATALOG
from tradeoffs.models import Decision, search_text

AREAS = {
    "architecture",
    "data",
    "delivery",
    "operations",
    "team",
    "ai-systems",
    "security",
    "testing",
    "cost",
    "frontend",
    "apis",
    "data-platforms",
    "reliability",
    "organisation",
}
DECISION_LISTS = (
    "when_to_revisit",
    "questions_to_ask",
    "key_factors",
    "evidence_needed",
    "common_bad_reasons",
    "anti_patterns",
    "good_signals_for_a",
    "good_signals_for_b",
)
OPTION_LISTS = (
    "best_when",
    "real_world_fits",
    "strengths",
    "costs",
    "hidden_costs",
    "failure_modes_when_misused",
)


@pytest.fixture(scope="module")
def catalog() -> CatalogGraph:
    return load_catalog()


def test_validate_strict_passes() -> None:
    report = queries.validate(BUNDLED_CATALOG)
    assert report.problems(strict=True) == []


def _pairs(catalog: CatalogGraph) -> dict[frozenset[str], set[str]]:
    """Each linked pair of cards once, with the edge types between them: a relation declared
    on both cards (a decision listing a failure mode that lists it back) counts once."""
    pairs: dict[frozenset[str], set[str]] = {}
    for edge in catalog.edges:
        pairs.setdefault(frozenset((edge.source, edge.target)), set()).add(edge.type)
    return pairs


def test_sizes_and_areas(catalog: CatalogGraph) -> None:
    kinds = Counter(card.kind for card in catalog.cards.values())
    assert len(catalog.cards) >= 260
    assert kinds["decision"] >= 80
    assert kinds["failure_mode"] >= 70
    assert kinds["red_flag"] >= 65
    assert kinds["playbook"] >= 60
    assert {card.category for card in catalog.cards.values()} == AREAS
    assert len(_pairs(catalog)) >= 1200


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


def test_every_card_has_at_least_150_words(catalog: CatalogGraph) -> None:
    short = {
        card.id: words
        for card in catalog.cards.values()
        if (words := sum(len(part.split()) for part in search_text(card))) < 150
    }
    assert short == {}


def test_every_decision_is_complete(catalog: CatalogGraph) -> None:
    for card in catalog.cards.values():
        if isinstance(card, Decision):
            thin = [name for name in DECISION_LISTS if len(getattr(card, name)) < 3]
            for option in (card.option_a, card.option_b):
                thin += [f"{option.name}.{n}" for n in OPTION_LISTS if len(getattr(option, n)) < 3]
            assert thin == [], card.id


def test_confused_pairs_state_the_distinction_on_both_sides(catalog: CatalogGraph) -> None:
    pairs = [e for e in catalog.edges if e.type == "confused_with"]
    assert pairs
    assert [e.key for e in pairs if not (e.note and e.reverse_note)] == []


def test_no_two_titles_are_near_duplicates(catalog: CatalogGraph) -> None:
    words = {
        card.id: set(card.title.lower().replace("-", " ").split())
        for card in catalog.cards.values()
    }
    ids = sorted(words)
    close = [
        (a, b)
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
        if len(words[a] & words[b]) / len(words[a] | words[b]) >= 0.75
    ]
    assert close == []


def test_confidence_says_how_settled_the_advice_is(catalog: CatalogGraph) -> None:
    levels = Counter(getattr(card, "pattern_confidence", None) for card in catalog.cards.values())
    assert set(levels) <= {"high", "medium", "low"}, levels
    assert levels["high"] < len(catalog.cards) / 3, "high is for settled practice, not a default"
    assert levels["low"] >= 1


def test_distinctions_are_written_in_our_own_framing(catalog: CatalogGraph) -> None:
    """Each distinction says what tells the two apart; none follows the stock pattern of
    describing the other card as 'that one' and this one as 'this one'."""
    stock = re.compile(r"\b(that|this) (one|card)\b.*\b(this|that) (one|card)\b", re.IGNORECASE)
    framed = [
        (card.id, link.id)
        for card in catalog.cards.values()
        for _, links in card.links.groups()
        for link in links
        if link.note and stock.search(link.note)
    ]
    assert framed == []


# Fields that state a rule to follow (as opposed to examples of what a team observes).
RULE_FIELDS = {
    "decision": (
        "decision_heuristic",
        "default_bias",
        "when_to_revisit",
        "good_signals_for_a",
        "good_signals_for_b",
    ),
    "red_flag": ("decision_heuristic", "leading_indicators"),
    "failure_mode": (
        "warning_signs",
        "structural_fixes",
        "immediate_actions",
        "best_moment_to_intervene",
    ),
    "playbook": (
        "use_when",
        "do_not_use_when",
        "warning_signs_you_are_doing_it_wrong",
        "what_good_looks_like",
        "success_signals",
        "metrics_or_signals",
    ),
}
THRESHOLD = re.compile(
    r"\d[\d,.]*\s*(?:%|percent\b|per cent\b|ms\b|KB\b|MB\b|GB\b|TB\b|x\b|times\b"
    r"|seconds?\b|minutes?\b|hours?\b|days?\b|weeks?\b|months?\b|quarters?\b|years?\b"
    r"|services\b|engineers\b|people\b|teams\b|tenants\b|versions\b)"
    r"|\b(?:above|below|over|under|more than|less than|fewer than|at least|at most|exceeds?)"
    r"\s+(?:about\s+|around\s+|roughly\s+)?\d",
    re.IGNORECASE,
)
ATTRIBUTION = re.compile(r"\((?:rule of thumb|source: [^)]+)\)")


def _rule_texts(card: object, names: tuple[str, ...]) -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []
    for name in names:
        value = getattr(card, name)
        if isinstance(value, str):
            texts.append((name, value))
        elif isinstance(value, list):
            texts += [(name, item) for item in value]
        elif value is not None:  # warning signs: early, mid, late
            texts += [(name, item) for items in value.model_dump().values() for item in items]
    return texts


def test_numeric_thresholds_say_where_they_come_from(catalog: CatalogGraph) -> None:
    """A number in a rule (a percentage, a duration, a size, a head count) is followed in the
    same text by '(rule of thumb)' or '(source: <named public source>)'."""
    unsourced = []
    for card in catalog.cards.values():
        texts = _rule_texts(card, RULE_FIELDS.get(card.kind, ()))
        if isinstance(card, Decision):
            texts += [("best_when", t) for o in (card.option_a, card.option_b) for t in o.best_when]
        unsourced += [
            (card.id, name, text)
            for name, text in texts
            if THRESHOLD.search(text) and not ATTRIBUTION.search(text)
        ]
    assert unsourced == []


def test_every_link_says_why(catalog: CatalogGraph) -> None:
    """A link is a claim an expert would make; its note is the reason, on every card that
    declares it (each side of a symmetric pair says why from its own side)."""
    silent = [
        (card.id, group, link.target)
        for card in catalog.cards.values()
        for group, links in card.links.groups()
        for link in links
        if not link.note
    ]
    assert silent == []


def test_a_pair_is_either_adjacent_or_easily_confused(catalog: CatalogGraph) -> None:
    both = [
        sorted(p) for p, types in _pairs(catalog).items() if {"adjacent", "confused_with"} <= types
    ]
    assert both == []


def test_the_links_the_review_found_missing_are_drawn(catalog: CatalogGraph) -> None:
    pairs = _pairs(catalog)

    def types(a: str, b: str) -> set[str]:
        return pairs.get(frozenset((a, b)), set())

    assert types("shared-database-vs-database-per-service", "sync-vs-event-driven-integration")
    assert types("silent-breaking-api-change", "upstream-schema-change-breaks-pipelines")
    assert types(
        "consumers-discover-breaking-changes-first", "pipelines-break-after-upstream-deploys"
    )
    assert types("multi-tenant-vs-single-tenant", "provision-for-peak-vs-autoscale") == {"adjacent"}
    areas = {
        frozenset(catalog.cards[card].category for card in pair if catalog.cards[card].category)
        for pair in pairs
    }
    assert frozenset({"ai-systems", "cost"}) in areas
    assert frozenset({"data-platforms", "security"}) in areas


def test_hubs_are_real_cards(catalog: CatalogGraph) -> None:
    """A card many others link to carries its weight in text, and no card becomes a catch-all."""
    neighbours: Counter[str] = Counter(card for pair in _pairs(catalog) for card in pair)
    assert max(neighbours.values()) <= 40, neighbours.most_common(3)
    thin = {
        card: words
        for card, count in neighbours.items()
        if count >= 25
        and (words := sum(len(part.split()) for part in search_text(catalog.cards[card]))) < 500
    }
    assert thin == {}
