"""The map: a subgraph drawn as one offline HTML page (vis-network), with search, filters
and a panel showing each card in full."""

from tradeoffs.map.page import DEFAULT_TITLE, render_map, write_map

__all__ = ["DEFAULT_TITLE", "render_map", "write_map"]
