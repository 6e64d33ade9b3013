from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import card, write_catalog

from tradeoffs import queries
from tradeoffs.errors import CardNotFound, TradeoffsError
from tradeoffs.graph import open_store
from tradeoffs.graph.store import GraphStore
from tradeoffs.render import console


@pytest.fixture
def store(mini_catalog: Path) -> GraphStore:
    return open_store("memory", mini_catalog)


def test_related_lists_neighbours_with_edges_and_notes(store: GraphStore) -> None:
    result = queries.related(store, "queue-vs-stream")
    assert [(n.card.id, n.distance) for n in result.neighbours] == [
        ("cron-vs-workflow-engine", 1),
        ("silent-job-rot", 1),
    ]
    [confused] = result.neighbours[0].edges
    assert confused.type == "confused_with"
    assert confused.note == "That one is about scheduling. This one is about delivery semantics."


def test_related_filters_by_type_kind_and_depth(store: GraphStore) -> None:
    deep = queries.related(store, "queue-vs-stream", depth=2, kinds=["red_flag", "playbook"])
    assert [(n.card.id, n.distance) for n in deep.neighbours] == [
        ("inventory-scheduled-work", 2),
        ("nobody-owns-the-crontab", 2),
    ]
    chain = queries.related(store, "silent-job-rot", types=["leads_to"], depth=3)
    assert [n.card.id for n in chain.neighbours] == ["data-drift"]


def test_one_type_or_kind_by_name_is_that_name_not_a_substring(store: GraphStore) -> None:
    one = queries.related(store, "queue-vs-stream", types="confused_with")
    assert [n.card.id for n in one.neighbours] == ["cron-vs-workflow-engine"]
    # "confused_with" is a substring of this name, and must not match it (issue 19).
    with pytest.raises(TradeoffsError, match="no edge type 'confused_with_adjacent'"):
        queries.related(store, "queue-vs-stream", types="confused_with_adjacent")
    playbooks = queries.related(store, "queue-vs-stream", depth=2, kinds="playbook")
    assert [n.card.id for n in playbooks.neighbours] == ["inventory-scheduled-work"]


@pytest.mark.parametrize(
    "ask",
    [
        lambda store: queries.related(store, "queue-vs-stream", types=["nope"]),
        lambda store: queries.related(store, "queue-vs-stream", kinds=["decisions"]),
        lambda store: queries.path(store, "data-drift", "queue-vs-stream", types=["nope"]),
        lambda store: queries.search(store, "job", kinds=["nope"]),
    ],
)
def test_an_unknown_type_or_kind_is_an_error_not_an_empty_result(
    store: GraphStore, ask: Callable[[GraphStore], object]
) -> None:
    with pytest.raises(TradeoffsError, match=r"^no (edge type|kind) '\w+' \(choose from "):
        ask(store)


@pytest.mark.parametrize("limit", [0, -1])
def test_search_refuses_a_limit_below_one_rather_than_dropping_hits(
    store: GraphStore, limit: int
) -> None:
    assert len(queries.search(store, "job").hits) > 1
    with pytest.raises(TradeoffsError, match=f"limit: must be at least 1, got {limit}"):
        queries.search(store, "job", limit=limit)


def test_path_walks_hops_with_their_direction(store: GraphStore) -> None:
    result = queries.path(store, "data-drift", "queue-vs-stream")
    assert [(h.source.id, h.type, h.direction, h.target.id) for h in result.hops] == [
        ("data-drift", "leads_to", "in", "silent-job-rot"),
        ("silent-job-rot", "failure_mode", "in", "queue-vs-stream"),
    ]


def test_no_path_is_an_error(store: GraphStore) -> None:
    with pytest.raises(TradeoffsError, match="no path between 'data-drift' and 'queue-vs-stream'"):
        queries.path(store, "data-drift", "queue-vs-stream", types=["leads_to"])


def test_search_ranks_title_matches_first(store: GraphStore) -> None:
    result = queries.search(store, "cron job")
    assert [(h.card.id, h.score) for h in result.hits][:2] == [
        ("cron-vs-workflow-engine", 16),
        ("nobody-owns-the-crontab", 7),
    ]
    only = queries.search(store, "cron", kinds=["playbook"])
    assert [h.card.id for h in only.hits] == ["inventory-scheduled-work"]


def test_factor_matches_key_factors_case_insensitively(store: GraphStore) -> None:
    result = queries.factor(store, "OPS")
    assert [(h.card.id, h.factors) for h in result.decisions] == [
        ("cron-vs-workflow-engine", ["Ops maturity"]),
        ("queue-vs-stream", ["ops maturity"]),
    ]


def test_compare_leads_with_both_distinctions(store: GraphStore) -> None:
    result = queries.compare(store, "cron-vs-workflow-engine", "queue-vs-stream")
    assert [(d.direction, d.note) for d in result.distinctions] == [
        ("out", "That one is about moving messages. This one is about scheduling work."),
        ("in", "That one is about scheduling. This one is about delivery semantics."),
    ]


def test_stats_counts_and_ranks(store: GraphStore) -> None:
    result = queries.stats(store, top=2)
    assert (result.nodes, result.edges) == (6, 12)
    assert result.nodes_by_kind == {
        "decision": 2,
        "failure_mode": 2,
        "red_flag": 1,
        "playbook": 1,
        "record": 0,
    }
    assert result.edges_by_type["decision"] == 3
    assert [(d.card.id, d.degree) for d in result.most_connected] == [
        ("cron-vs-workflow-engine", 7),
        ("silent-job-rot", 6),
    ]


def test_unknown_id_suggests_the_closest(store: GraphStore) -> None:
    with pytest.raises(CardNotFound, match=r"did you mean cron-vs-workflow-engine\?"):
        queries.show(store, "cron-vs-workflow")


def test_select_focus_depth_and_kinds(store: GraphStore) -> None:
    chosen = queries.select(
        store, queries.Selection(focus="data-drift", depth=1, kinds=["red_flag"])
    )
    assert [c.id for c in chosen.cards] == ["data-drift", "nobody-owns-the-crontab"]
    assert [e.key for e in chosen.edges] == [("data-drift", "nobody-owns-the-crontab", "red_flag")]


def test_validate_reports_without_raising(tmp_path: Path) -> None:
    (tmp_path / "lonely.yaml").write_text("id: lonely\nkind: red_flag\ntitle: Lonely\n")
    report = queries.validate(tmp_path)
    assert report.problems(strict=False) == []
    assert report.problems(strict=True) == ["lonely: has no edges"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("queue-vs-streams", ["queue-vs-stream"]),
        ("crontab", ["nobody-owns-the-crontab"]),
        ("drift", ["data-drift"]),
        ("kubernetes", []),
    ],
)
def test_suggestions_are_close_or_none(store: GraphStore, typed: str, expected: list[str]) -> None:
    with pytest.raises(CardNotFound) as caught:
        store.card(typed)
    assert caught.value.suggestions == expected


def test_beyond_depth_one_arrows_read_from_the_card_reached_through(tmp_path: Path) -> None:
    """Regression: at depth 2 ``related`` read arrows from the far card (``<-leads_to- gamma``
    for the edge beta -leads_to-> gamma) and did not say which card it came through."""
    write_catalog(
        tmp_path,
        card(id="alpha", kind="decision", title="Alpha", links={"failure_mode": ["beta"]}),
        card(id="beta", kind="failure_mode", title="Beta", links={"leads_to": ["gamma"]}),
        card(id="gamma", kind="failure_mode", title="Gamma"),
    )
    result = queries.related(open_store("memory", tmp_path), "alpha", depth=2)
    [beta, gamma] = result.neighbours
    assert [(e.seen_from, e.direction, e.label) for e in beta.edges] == [
        ("alpha", "out", "Related failure modes")
    ]
    assert [(e.seen_from, e.direction, e.label) for e in gamma.edges] == [
        ("beta", "out", "Often leads to")
    ]
    assert console.related(result).splitlines()[2].split() == [
        "2",
        "beta",
        "-leads_to->",
        "Gamma",
        "[gamma]",
        "(failure",
        "mode)",
    ]


def test_select_names_the_boundary_and_what_never_resolved(tmp_path: Path) -> None:
    """A view lists linked-but-not-shown cards from the selection itself; a link by title that
    did become an edge is an edge, never "not on this map" (it was listed there before)."""
    links = {
        "failure_mode": [{"title": "beta"}, "gamma", {"title": "Nowhere"}],
        "adjacent": [{"concept": "a vendor choice"}],
    }
    write_catalog(
        tmp_path,
        card(id="alpha", kind="decision", title="Alpha", links=links),
        card(id="beta", kind="failure_mode", title="Beta"),
        card(id="gamma", kind="failure_mode", title="Gamma"),
    )
    store = open_store("memory", tmp_path)
    chosen = queries.select(store, queries.Selection(ids=["alpha", "beta"]))
    assert [e.key for e in chosen.edges] == [("alpha", "beta", "failure_mode")]
    assert [e.key for e in chosen.boundary] == [("alpha", "gamma", "failure_mode")]
    assert [(c.id, c.title) for c in chosen.outside] == [("gamma", "Gamma")]
    assert [(u.card_id, u.target) for u in chosen.unresolved] == [("alpha", "Nowhere")]


def test_compare_needs_two_different_cards(store: GraphStore) -> None:
    with pytest.raises(TradeoffsError, match="two different cards"):
        queries.compare(store, "queue-vs-stream", "queue-vs-stream")


def test_counts_read_as_words(tmp_path: Path) -> None:
    write_catalog(tmp_path, card(id="alone", kind="red_flag"))
    assert console.validation(queries.validate(tmp_path), strict=False).endswith(
        "1 card, 0 edges: valid (0 problem(s), 1 warning(s))"
    )


def test_search_matches_where_words_start(tmp_path: Path) -> None:
    """Regression: "rag" found every card with "fragile" or "averaged" in it."""
    write_catalog(
        tmp_path,
        card(id="rag-choice", kind="decision", title="RAG or not", links={"adjacent": []}),
        card(id="brittle", kind="red_flag", title="Fragile averaged builds"),
        card(id="lock", kind="failure_mode", title="Vendor lock-in", summary="Locked in."),
    )
    store = open_store("memory", tmp_path)
    assert [hit.card.id for hit in queries.search(store, "rag").hits] == ["rag-choice"]
    assert [hit.card.id for hit in queries.search(store, "lock-in").hits] == ["lock"]
    assert [hit.card.id for hit in queries.search(store, "FRAG").hits] == ["brittle"]
