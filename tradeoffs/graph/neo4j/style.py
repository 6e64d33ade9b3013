"""The Neo4j Browser style sheet (GRASS): the vocabulary's colours, cards captioned by title."""

from __future__ import annotations

from tradeoffs.io.marks import UNSTAMPED
from tradeoffs.vocabulary import KIND_SPECS, KINDS

CARD_RULE = 'node.Card {\n  caption: "{title}";\n}'


def grass_style() -> str:
    """A Neo4j Browser style sheet (GRASS): per kind, its ``KIND_SPECS`` colour as fill and
    border and its tint as caption colour; cards captioned by title, relationships by type.
    Load it in Browser with ``:style`` and drop the file."""
    rules = [
        # GRASS has no comments: our mark (tradeoffs.io.marks) is the caption of a label that
        # no node has, so Browser reads it as a style rule and never shows it.
        f'node.TradeoffsOutput {{\n  caption: "{UNSTAMPED}";\n}}',
        "node {\n  diameter: 50px;\n  color: #A5ABB6;\n  border-color: #9AA1AC;\n"
        "  border-width: 2px;\n  text-color-internal: #FFFFFF;\n  font-size: 10px;\n}",
        "relationship {\n  color: #A5ABB6;\n  shaft-width: 1px;\n  font-size: 8px;\n"
        "  padding: 3px;\n  text-color-external: #000000;\n  text-color-internal: #FFFFFF;\n"
        '  caption: "<type>";\n}',
        CARD_RULE,
    ]
    for kind in KINDS:
        spec = KIND_SPECS[kind]
        rules.append(
            f"node.{spec.neo4j_label} {{\n  color: {spec.colour};\n  border-color: {spec.colour};\n"
            f'  text-color-internal: {spec.tint};\n  caption: "{{title}}";\n}}'
        )
    return "\n\n".join(rules) + "\n"
