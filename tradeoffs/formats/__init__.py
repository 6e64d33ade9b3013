"""File formats, each in one module with its reader and its writer. The formats ``export``
writes and ``import`` reads are listed in :mod:`.registry` (JSON, GraphML, GEXF, CSV,
Cypher, Mermaid, Markdown, catalog JSON, card text); the catalog's own files are native YAML
cards (:mod:`.native`) and decision records (:mod:`.adr`). Formats turn text into cards and
cards into file contents; finding, reading and writing files is :mod:`tradeoffs.loaders`',
:mod:`tradeoffs.export`'s and :mod:`tradeoffs.io`'s job. Nothing is imported here."""
