"""Printable card handouts: one card per A4 page, in print CSS, readable on paper.

Each card is set as roomy as its length allows: it is laid out alone, and while it spills
onto a second page it is set one density tighter (smaller type, more columns, down to
7.5 pt). A card still too long at the tightest density leaves out its last sections, in
card order (the AI notes, audiences and relationships go before the question, the options
and the heuristic), and says which ones it left out. The PDF is the pages of those
layouts, each made by WeasyPrint from the card's markup in ``cards.html``.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tradeoffs.models import Card
from tradeoffs.render.facets import Facet, facets, link_groups
from tradeoffs.vocabulary import KIND_SPECS

from .document import page, stylesheet
from .pdf import Typesetter

DENSITIES = 5  # CSS classes density-0 (roomiest) .. density-4 (tightest), in handouts.css
# The :func:`_size` of card body each density holds on one page, measured on the bundled
# catalog: only the first guess, which spares most cards a second layout.
CAPACITY = (2500, 4400, 4900, 7000, 8700)
LINE_ALLOWANCE = 25
HEADER_FACETS = ("summary", "category", "frequency", "pattern_confidence")


@dataclass(frozen=True)
class Section:
    """One part of a card's body, as markup already escaped, and its :func:`_size`."""

    label: str
    markup: str
    size: int


def printable_handouts(cards: list[Card], title: str) -> tuple[str, bytes]:
    """The handouts as one HTML page and as a PDF with one A4 page per card, in order."""
    titles = {card.id: card.title for card in cards}
    typesetter = Typesetter()
    articles: list[str] = []
    documents: list[Any] = []
    for card in cards:
        article, document = _fitted(card, titles, typesetter)
        articles.append(article)
        documents.append(document)
    css = stylesheet("handouts.css")
    return page(title, css, "\n".join(articles)), typesetter.write_pdf(documents, title=title)


def _size(*texts: str) -> int:
    """Room that text takes, in characters: its length, plus an allowance for the part of
    a line each paragraph, item or heading leaves empty."""
    return sum(len(text) + LINE_ALLOWANCE for text in texts)


def _fitted(card: Card, titles: Mapping[str, str], typesetter: Typesetter) -> tuple[str, Any]:
    """The card's article at the roomiest setting that fits one page, and its layout.

    The capacities give the first guesses (the density; at the tightest density, how many
    sections fit); each layout then says whether the page held."""
    sections = _sections(card, titles)
    css = stylesheet("handouts.css")

    def attempt(density: int, kept: int) -> tuple[str, Any, bool]:
        article = _article(card, density, sections[:kept], sections[kept:])
        document = typesetter.lay_out(page(card.title, css, article))
        return article, document, typesetter.page_count(document) == 1

    total = sum(s.size for s in sections)
    tightest = DENSITIES - 1
    density = next((i for i, cap in enumerate(CAPACITY) if total <= cap), tightest)
    for roomier in range(density, tightest):
        article, document, fits = attempt(roomier, len(sections))
        if fits:
            return article, document
    kept = _fitting(sections, CAPACITY[tightest])
    article, document, fits = attempt(tightest, kept)
    while fits and kept < len(sections):  # room to spare: try one section more
        more = attempt(tightest, kept + 1)
        if not more[2]:
            break
        kept, (article, document, fits) = kept + 1, more
    while not fits and kept > 0:
        kept -= 1
        article, document, fits = attempt(tightest, kept)
    return article, document


def _fitting(sections: list[Section], capacity: int) -> int:
    """How many leading sections the capacity holds (all of them, if it does)."""
    used = 0
    for count, section in enumerate(sections):
        used += section.size
        if used > capacity:
            return count
    return len(sections)


def _article(card: Card, density: int, shown: list[Section], left_out: list[Section]) -> str:
    header = {f.name: str(f.value) for f in facets(card) if f.name in HEADER_FACETS}
    meta = [
        KIND_SPECS[card.kind].label,
        *(header[n] for n in ("category", "frequency") if n in header),
    ]
    parts = [
        f'<article class="card kind-{card.kind} density-{density}">',
        "<header>",
        f'<p class="meta">{" · ".join(html.escape(m) for m in meta)}'
        f' · <span class="card-id">{html.escape(card.id)}</span></p>',
        f"<h1>{html.escape(card.title)}</h1>",
    ]
    if "summary" in header:
        parts.append(f'<p class="summary">{html.escape(header["summary"])}</p>')
    parts += ["</header>", '<div class="facets">', *(s.markup for s in shown)]
    if left_out:
        labels = ", ".join(html.escape(s.label) for s in left_out)
        parts.append(
            f'<p class="abridged">Shortened to fit the page. Also on the full card '
            f"(tradeoffs show {html.escape(card.id)}): {labels}.</p>"
        )
    parts += ["</div>", "</article>"]
    return "\n".join(parts)


def _sections(card: Card, titles: Mapping[str, str]) -> list[Section]:
    sections = [
        Section(facet.label, _facet_html(facet, 2), _size(*_texts(facet)))
        for facet in facets(card)
        if facet.name not in HEADER_FACETS
    ]
    groups = list(link_groups(card.links))
    if groups:
        markup = ['<section class="facet links"><h2>Relationships</h2>']
        texts = ["Relationships"]
        for heading, links in groups:
            items = []
            texts.append(heading)
            for link in links:
                name = titles.get(link.id or "") or link.title or link.id or "(title lost)"
                if link.concept:
                    name = f"Concept: {link.concept}"
                note = f' <span class="note">{html.escape(link.note)}</span>' if link.note else ""
                items.append(f"<li>{html.escape(name)}{note}</li>")
                texts += [name, link.note or ""]
            markup.append(f"<h3>{html.escape(heading)}</h3><ul>{''.join(items)}</ul>")
        markup.append("</section>")
        sections.append(Section("Relationships", "".join(markup), _size(*texts)))
    return sections


def _texts(facet: Facet) -> list[str]:
    """The label and every piece of text of a facet, nested ones included."""
    if isinstance(facet.value, str):
        return [facet.label, facet.value]
    texts = [facet.label]
    for item in facet.value:
        texts += _texts(item) if isinstance(item, Facet) else [item]
    return texts


def _facet_html(facet: Facet, level: int) -> str:
    heading = f"<h{level}>{html.escape(facet.label)}</h{level}>"
    if isinstance(facet.value, str):
        body = f"<p>{html.escape(facet.value)}</p>"
    elif facet.value and isinstance(facet.value[0], Facet):
        # An option's name is already in its heading ("Option A: Batch").
        inner = [
            _facet_html(f, min(level + 1, 4))
            for f in facet.value
            if isinstance(f, Facet) and f.name != "name"
        ]
        body = "".join(inner)
    else:
        body = "<ul>" + "".join(f"<li>{html.escape(str(v))}</li>" for v in facet.value) + "</ul>"
    css_class = "facet" if level == 2 else "subfacet"
    return f'<section class="{css_class}">{heading}{body}</section>'
