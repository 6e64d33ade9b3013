"""A subgraph as a pyvis ``Network``, for people exploring the graph in a Jupyter notebook.

    >>> from tradeoffs import open_store, queries
    >>> from tradeoffs.export.notebook import to_pyvis
    >>> net = to_pyvis(queries.select(open_store(), queries.Selection(focus="rag-vs-fine-tuning")))
    >>> net.show("rag.html", notebook=True)  # doctest: +SKIP

The offline map (``tradeoffs map``) is the richer view; this one trades its panel and search
for pyvis's familiar widget and options. pyvis shows a node's ``title`` as HTML in its
tooltip, so every piece of card text is escaped before it reaches pyvis.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import escape

from tradeoffs.graph.view import view
from tradeoffs.models import Subgraph
from tradeoffs.vocabulary import EDGE_SPECS, KIND_SPECS

if TYPE_CHECKING:
    from pyvis.network import Network


def to_pyvis(subgraph: Subgraph, **options: Any) -> Network:
    """Cards as nodes coloured and shaped by kind, edges styled by type; ``options`` go to
    ``pyvis.network.Network`` (``height``, ``notebook``, ``cdn_resources``...)."""
    from pyvis.network import Network

    net = Network(directed=True, **options)
    for card in subgraph.cards:
        spec = KIND_SPECS[card.kind]
        tooltip = f"{spec.label}: {card.title}" + (f"\n{card.summary}" if card.summary else "")
        net.add_node(
            card.id,
            label=card.title,
            title=str(escape(tooltip)),
            shape=spec.shape,
            color=spec.colour,
        )
    for edge in subgraph.edges:
        edge_spec = EDGE_SPECS[edge.type]
        seen = view(edge, edge.source)
        note = f"{edge_spec.label}: {seen.any_note}" if seen.any_note else edge_spec.label
        net.add_edge(
            edge.source,
            edge.target,
            title=str(escape(note)),
            color=edge_spec.colour,
            dashes=bool(edge_spec.dashes),
            arrows="" if edge_spec.symmetric else "to",
        )
    return net
