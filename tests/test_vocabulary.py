"""The vocabulary's entries agree with its types and with the card models."""

from __future__ import annotations

from tradeoffs.models import CARD_CLASSES, Links
from tradeoffs.vocabulary import (
    EDGE_SPECS,
    EDGE_TYPES,
    GROUPS_BY_KIND,
    KIND_SPECS,
    KINDS,
    LINK_GROUP_SPECS,
    LINK_GROUPS,
)


def test_every_kind_edge_type_and_link_group_has_one_entry() -> None:
    assert tuple(KIND_SPECS) == KINDS and tuple(EDGE_SPECS) == EDGE_TYPES
    assert tuple(LINK_GROUP_SPECS) == LINK_GROUPS == tuple(Links.model_fields)
    assert set(GROUPS_BY_KIND) == set(KINDS) == set(CARD_CLASSES)
    assert {spec.edge for spec in LINK_GROUP_SPECS.values()} == set(EDGE_TYPES)


def test_kinds_and_edge_types_are_told_apart() -> None:
    specs = KIND_SPECS.values()
    for field in ("label", "plural", "neo4j_label", "folder", "colour", "shape"):
        assert len({getattr(spec, field) for spec in specs}) == len(KINDS), field
    assert len({spec.neo4j_type for spec in EDGE_SPECS.values()}) == len(EDGE_TYPES)
    assert len({(s.colour, s.dashes) for s in EDGE_SPECS.values()}) == len(EDGE_TYPES)


def test_records_are_a_kind_without_a_public_catalog_code() -> None:
    record = KIND_SPECS["record"]
    assert (record.label, record.neo4j_label, record.shape) == (
        "Decision record",
        "DecisionRecord",
        "star",
    )
    assert record.catalog_code is None
    assert all(KIND_SPECS[k].catalog_code for k in KINDS if k != "record")
    assert GROUPS_BY_KIND["record"] == ("applies", "supersedes", "superseded_by")
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
