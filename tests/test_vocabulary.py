"""The vocabulary registry agrees with the types and the model, and tells kinds apart."""

from tradeoffs.models import CARD_CLASSES, Links
from tradeoffs.vocabulary import (
    EDGE_SPECS,
    EDGE_TYPES,
    GROUPS_BY_KIND,
    KIND_SPECS,
    KINDS,
    LEAD_FACETS,
    LINK_GROUP_SPECS,
    LINK_GROUPS,
    SESSION_REASONS,
    SESSION_ROLES,
    facet_label,
    kind_label,
)


def test_every_type_has_its_spec_in_declaration_order() -> None:
    assert tuple(KIND_SPECS) == KINDS
    assert tuple(EDGE_SPECS) == EDGE_TYPES
    assert tuple(LINK_GROUP_SPECS) == LINK_GROUPS
    assert all(spec.name == name for name, spec in KIND_SPECS.items())
    assert all(spec.name == name for name, spec in EDGE_SPECS.items())
    assert all(spec.name == name for name, spec in LINK_GROUP_SPECS.items())


def test_the_model_follows_the_registry() -> None:
    assert tuple(CARD_CLASSES) == KINDS
    assert tuple(Links.model_fields) == LINK_GROUPS
    assert set(GROUPS_BY_KIND) == set(KINDS)
    for groups in GROUPS_BY_KIND.values():
        assert len(set(groups)) == len(groups) and set(groups) <= set(LINK_GROUPS)


def test_link_groups_point_at_known_edges_and_kinds() -> None:
    for spec in LINK_GROUP_SPECS.values():
        assert spec.edge in EDGE_SPECS
        assert spec.target_kind is None or spec.target_kind in KIND_SPECS
    # Each edge type is declared by exactly one forward group (and at most one reverse group).
    forward = [spec.edge for spec in LINK_GROUP_SPECS.values() if not spec.reverse]
    assert sorted(forward) == sorted(EDGE_TYPES)


def test_kinds_and_edges_are_told_apart_without_colour_vision() -> None:
    kinds = KIND_SPECS.values()
    assert len({k.shape for k in kinds}) == len(KINDS)
    assert len({k.colour for k in kinds}) == len(KINDS)
    assert len({k.neo4j_label for k in kinds}) == len(KINDS)
    assert len({k.folder for k in kinds}) == len(KINDS)
    assert len({e.neo4j_type for e in EDGE_SPECS.values()}) == len(EDGE_TYPES)
    assert len({(e.colour, e.dashes) for e in EDGE_SPECS.values()}) == len(EDGE_TYPES)


def test_labels_read_as_words() -> None:
    assert facet_label("ai_can_help_with") == "AI can help with"
    assert facet_label("option_a") == "Option A"
    assert facet_label("default_bias") == "Default stance"
    assert kind_label("failure_mode") == "Failure mode"
    assert (kind_label("red_flag", 1), kind_label("red_flag", 3)) == ("1 red flag", "3 red flags")
    assert EDGE_SPECS["leads_to"].reverse_label == LINK_GROUP_SPECS["caused_by"].label


def test_records_are_a_kind_without_a_public_catalog_code() -> None:
    record = KIND_SPECS["record"]
    assert (record.label, record.neo4j_label, record.shape) == (
        "Decision record",
        "DecisionRecord",
        "star",
    )
    assert record.catalog_code is None
    assert all(KIND_SPECS[k].catalog_code for k in KINDS if k != "record")
    assert GROUPS_BY_KIND["record"] == ("applies", "supersedes", "superseded_by", "relates")
    assert (LINK_GROUP_SPECS["applies"].target_kind, LINK_GROUP_SPECS["applies"].edge) == (
        "decision",
        "applies",
    )
    superseded_by = LINK_GROUP_SPECS["superseded_by"]
    assert (superseded_by.edge, superseded_by.reverse) == ("supersedes", True)
    assert (EDGE_SPECS["supersedes"].label, EDGE_SPECS["supersedes"].reverse_label) == (
        "Supersedes",
        "Superseded by",
    )


def test_session_words_and_lead_facets_name_real_types_and_fields() -> None:
    assert tuple(SESSION_REASONS) == EDGE_TYPES
    assert all("{via}" in reason for pair in SESSION_REASONS.values() for reason in pair)
    assert set(SESSION_ROLES) <= set(KINDS) - {"decision"}
    fields = {name for model in CARD_CLASSES.values() for name in model.model_fields}
    assert set(LEAD_FACETS) <= fields
