"""The Neo4j backend: the catalog synced into a Neo4j database, every query answered in Cypher.

- :mod:`.schema`: a card's node properties, both ways, and the names Cypher uses (labels and
  relationship types from :mod:`tradeoffs.vocabulary`); which nodes are tradeoffs' own.
- :mod:`.sync`: the sync planner, pure: what a load adds, updates and removes, and the
  refusal to remove most of a database.
- :mod:`.store`: :class:`Neo4jStore`, the store and the sync's one transaction.
- :mod:`.style`: the Neo4j Browser style sheet.

docs/neo4j.md shows the data model with examples. Only :mod:`.store` imports the driver,
and only when a store is opened. The package imports nothing itself, so the exports that
need the node schema (Cypher, CSV) import :mod:`.schema` without the store.
"""
