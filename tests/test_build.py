from conftest import card

from tradeoffs.graph.build import build_graph
from tradeoffs.graph.view import view
from tradeoffs.models import Card


def catalog(*cards: Card) -> dict[str, Card]:
    return {c.id: c for c in cards}


def test_symmetric_link_declared_on_both_sides_is_one_edge_with_both_notes() -> None:
    graph = build_graph(
        catalog(
            card(
                id="a", kind="decision", links={"confused_with": [{"id": "b", "note": "A's view"}]}
            ),
            card(
                id="b", kind="decision", links={"confused_with": [{"id": "a", "note": "B's view"}]}
            ),
        )
    )
    [edge] = graph.edges
    assert (edge.source, edge.target, edge.type) == ("a", "b", "confused_with")
    assert (edge.note, edge.reverse_note) == ("A's view", "B's view")
    seen = view(edge, "b")
    assert (seen.direction, seen.other, seen.note, seen.other_note) == (
        "in",
        "a",
        "B's view",
        "A's view",
    )
    assert graph.one_sided == []


def test_one_sided_symmetric_link_is_reported() -> None:
    graph = build_graph(
        catalog(
            card(id="a", kind="decision", links={"adjacent": ["b"]}), card(id="b", kind="decision")
        )
    )
    assert [str(o) for o in graph.one_sided] == [
        "a: links.adjacent: 'b' does not link back (links.adjacent belongs on both cards)"
    ]


def test_caused_by_is_leads_to_reversed_and_merges_with_it() -> None:
    graph = build_graph(
        catalog(
            card(id="cause", kind="failure_mode", links={"leads_to": ["effect"]}),
            card(id="effect", kind="failure_mode", links={"caused_by": ["cause"]}),
        )
    )
    assert [e.key for e in graph.edges] == [("cause", "effect", "leads_to")]


def test_bad_references_stay_on_the_card_and_make_no_phantom_node() -> None:
    graph = build_graph(
        catalog(
            card(
                id="d",
                kind="decision",
                links={
                    "failure_mode": ["ghost", "rf"],
                    "adjacent": [{"concept": "a vendor choice"}, {"note": "title lost"}],
                    "red_flag": [{"title": "RF"}],
                },
            ),
            card(id="rf", kind="red_flag"),
        )
    )
    assert [e.key for e in graph.edges] == [("d", "rf", "red_flag")]
    assert [str(u) for u in graph.unresolved] == [
        "d: links.adjacent: '(title lost)': the target's title was lost; only the note remains",
        "d: links.failure_mode: 'ghost': no card with this id",
        "d: links.failure_mode: 'rf': is a red_flag, but links.failure_mode must point at a failure_mode",
    ]
    assert set(graph.cards) == {"d", "rf"}
