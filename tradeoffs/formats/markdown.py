"""Cards as Markdown, one card (``show --markdown``) or a subgraph as one document (the
``markdown`` export). Card text is untrusted: HTML is escaped so a renderer shows it as text."""

from __future__ import annotations

import html
from collections.abc import Mapping

from tradeoffs.formats.facets import Facet, facets, link_groups
from tradeoffs.formats.summary import selection_summary
from tradeoffs.io.marks import UNSTAMPED
from tradeoffs.models import Card, Subgraph
from tradeoffs.vocabulary import CONCEPT_LABEL, KIND_SPECS, kind_label


def md_text(text: str) -> str:
    """One line of untrusted text made safe for Markdown: HTML escaped, Markdown marks neutralised."""
    text = html.escape(" ".join(text.split()), quote=False)
    for mark in ("\\", "`", "*", "_", "[", "]", "|", "#"):
        text = text.replace(mark, "\\" + mark)
    return text


def render_markdown(card: Card, titles: Mapping[str, str] | None = None, level: int = 1) -> str:
    titles = titles or {}
    lines = [
        f"{'#' * level} {md_text(card.title)}",
        "",
        f"*{KIND_SPECS[card.kind].label}* · `{card.id}`"
        + (f" · {md_text(card.category)}" if card.category else ""),
        "",
    ]
    for facet in facets(card):
        lines += _facet_lines(facet, level + 1)
    groups = list(link_groups(card.links))
    if groups:
        lines += [f"{'#' * (level + 1)} Relationships", ""]
        for heading, links in groups:
            lines += [f"**{heading}**", ""]
            for link in links:
                target = titles.get(link.id or "", link.title or link.id)
                name = md_text(target) if target else "(title lost)"
                if link.concept:
                    name = f"{CONCEPT_LABEL}: {md_text(link.concept)}"
                anchor = f" (`{link.id}`)" if link.id else ""
                note = f" — {md_text(link.note)}" if link.note else ""
                lines.append(f"- {name}{anchor}{note}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _facet_lines(facet: Facet, level: int) -> list[str]:
    heading = f"{'#' * min(level, 6)} {md_text(facet.label)}"
    if isinstance(facet.value, str):
        return [heading, "", md_text(facet.value), ""]
    if facet.value and isinstance(facet.value[0], Facet):
        lines = [heading, ""]
        for inner in facet.value:
            assert isinstance(inner, Facet)
            lines += _facet_lines(inner, level + 1)
        return lines
    return [heading, "", *(f"- {md_text(str(item))}" for item in facet.value), ""]


def write(subgraph: Subgraph) -> str:
    """Every card of the subgraph as one document: a contents list, then the cards."""
    titles = {card.id: card.title for card in subgraph.cards}
    lines = [f"# {selection_summary(subgraph)}", f"<!-- {UNSTAMPED} -->", "", "## Contents", ""]
    for card in subgraph.cards:
        lines.append(f"- {md_text(card.title)} ({kind_label(card.kind).lower()}, `{card.id}`)")
    lines.append("")
    for card in subgraph.cards:
        lines += ["---", "", render_markdown(card, titles, level=2)]
    return "\n".join(lines) + "\n"
