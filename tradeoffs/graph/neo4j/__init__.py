"""The Neo4j backend: the catalog synced into a Neo4j database, every query answered in Cypher.

- :mod:`.schema`: a card's node properties, both ways, and the names Cypher uses (labels and
  relationship types from :mod:`tradeoffs.vocabulary`); which nodes are tradeoffs' own.
- :mod:`.sync`: the sync planner, pure: what a load adds, updates and removes, and the
  refusal to remove most of a database.
- :mod:`.store`: :class:`Neo4jStore`, the store and the sync's one transaction.
- :mod:`.style`: the Neo4j Browser style sheet.

docs/neo4j.md shows the data model with examples. Only :mod:`.store` imports the driver,
and only when a store is opened.
"""

from __future__ import annotations

from tradeoffs.graph.neo4j.schema import (
    CONSTRAINT,
    card_from_properties,
    card_properties,
)
from tradeoffs.graph.neo4j.settings import DEFAULT_TIMEOUT, DEFAULT_URI, Neo4jSettings
from tradeoffs.graph.neo4j.store import Neo4jStore
from tradeoffs.graph.neo4j.style import grass_style
from tradeoffs.graph.neo4j.sync import BATCH_SIZE, CatalogRows, SyncReport, plan_sync

__all__ = [
    "BATCH_SIZE",
    "CONSTRAINT",
    "DEFAULT_TIMEOUT",
    "DEFAULT_URI",
    "CatalogRows",
    "Neo4jSettings",
    "Neo4jStore",
    "SyncReport",
    "card_from_properties",
    "card_properties",
    "grass_style",
    "plan_sync",
]
