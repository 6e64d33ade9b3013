"""A Mermaid flowchart, written: paste it into a ```` ```mermaid ```` block of GitHub Markdown."""

from __future__ import annotations

from tradeoffs.io.marks import UNSTAMPED
from tradeoffs.models import Subgraph
from tradeoffs.vocabulary import EDGE_SPECS, KIND_SPECS, KINDS, SYMMETRIC_EDGE_TYPES, Shape

# Characters a quoted Mermaid label may hold as they are; every other one is written as an
# entity (``#quot;``, ``#60;``) that Mermaid decodes only when drawing, after parsing, and
# the browser then shows as text: quotes, brackets, ``-->``, ``%%`` and ``<script>`` in card
# text can neither end the label nor inject markup.
MERMAID_PLAIN = frozenset(" ,.:;?!'()/-+")
# Mermaid's nearest outline to each kind's shape in the vocabulary.
MERMAID_SHAPES: dict[Shape, tuple[str, str]] = {
    "dot": ("([", "])"),
    "diamond": ("{{", "}}"),
    "triangle": (">", "]"),
    "square": ("[", "]"),
    "star": ("[[", "]]"),
    "hexagon": ("{{", "}}"),
}


def mermaid_id(card_id: str) -> str:
    """A node id Mermaid cannot misread: a prefix keeps ids such as ``end`` or ``o-ring``
    from being a keyword or an edge marker, and slugs have no ``_`` to collide with."""
    return "c_" + card_id.replace("-", "_")


def mermaid_label(text: str) -> str:
    """Untrusted text as the inside of a double-quoted Mermaid label, on one line."""
    return "".join(_mermaid_char(char) for char in " ".join(text.split()))


def _mermaid_char(char: str) -> str:
    if char.isalnum() or char in MERMAID_PLAIN:
        return char
    return "#quot;" if char == '"' else f"#{ord(char)};"


def write(subgraph: Subgraph) -> str:
    """A ``flowchart`` (paste it into a ```` ```mermaid ```` block): shapes by kind,
    symmetric edges drawn without an arrowhead, each edge labelled with its type."""
    lines = ["flowchart LR", f"%% {UNSTAMPED}"]
    for card in subgraph.cards:
        opening, closing = MERMAID_SHAPES[KIND_SPECS[card.kind].shape]
        lines.append(f'  {mermaid_id(card.id)}{opening}"{mermaid_label(card.title)}"{closing}')
    for edge in subgraph.edges:
        arrow = "---" if edge.type in SYMMETRIC_EDGE_TYPES else "-->"
        label = mermaid_label(EDGE_SPECS[edge.type].label)
        lines.append(f'  {mermaid_id(edge.source)} {arrow}|"{label}"| {mermaid_id(edge.target)}')
    for kind in KINDS:
        members = [mermaid_id(card.id) for card in subgraph.cards if card.kind == kind]
        if members:
            spec = KIND_SPECS[kind]
            lines.append(f"  classDef {kind} fill:{spec.tint},stroke:{spec.colour},color:#111")
            lines.append(f"  class {','.join(members)} {kind}")
    return "\n".join(lines) + "\n"
