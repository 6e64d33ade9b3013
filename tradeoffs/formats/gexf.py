"""GEXF (Gephi), written: the graph :mod:`.graphml` describes, in Gephi's own format."""

from __future__ import annotations

import io

from tradeoffs.formats.graphml import to_networkx, xml_signed
from tradeoffs.models import Subgraph


def write(subgraph: Subgraph) -> bytes:
    import networkx as nx

    buffer = io.BytesIO()
    nx.write_gexf(to_networkx(subgraph), buffer)
    return xml_signed(buffer.getvalue())
