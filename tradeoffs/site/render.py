"""Each kind of page made from :class:`~tradeoffs.site.content.Content` with the site's
Jinja2 templates (``templates/``, autoescape on: card and record text is always escaped).

Only three things reach a page unescaped, each safe by construction: a record's Markdown as
markdown-it-py renders it (:mod:`tradeoffs.site.markdown`), the search index as JSON that
cannot close its script element (:func:`tradeoffs.map.page.json_for_html`), and the map,
which :mod:`tradeoffs.map` renders whole. Pages load only the site's own files (``'self'``
in their Content-Security-Policy); nothing is fetched from elsewhere.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from markupsafe import Markup

from tradeoffs.export.templating import environment
from tradeoffs.formats.facets import Facet
from tradeoffs.graph.cache import TextCache
from tradeoffs.io.read import read_package_text
from tradeoffs.map.page import embeddable, json_for_html, render_map
from tradeoffs.models import Card, Record
from tradeoffs.queries import Selection, select
from tradeoffs.site.content import (
    INDEX,
    LOG,
    SEARCH,
    Content,
    folder_of,
    page_of,
    root_of,
)
from tradeoffs.site.markdown import render_markdown
from tradeoffs.site.search import MINISEARCH, Document, options, search_index
from tradeoffs.vocabulary import KIND_SPECS, KINDS, RECORD_STATE_SPECS

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src data:; "
    "form-action 'self'; base-uri 'none'"
)
"""Scripts and styles only from the site's own files, no request anywhere else, forms only
to the site's own search page. An injected tag or handler would be refused even if card text
ever reached the markup."""
LIVE_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY + "; connect-src 'self'"
"""The preview's pages also ask their own server whether the site changed."""
ASSETS = "assets/"
STATIC = ("search.js", MINISEARCH, MINISEARCH.removesuffix(".js") + ".LICENSE.txt")
LIVE_SCRIPT = "live.js"
# The source map comment would make an open developer console fetch a file that is not there.
_SOURCE_MAP = re.compile(r"\n//# sourceMappingURL=\S+\s*$")


class Pages:
    """Makes every kind of page; ``live`` adds the preview's reload script to each; ``cache``
    keeps the map's data and the search index for the next build of the same catalog."""

    def __init__(self, *, live: bool = False, cache: TextCache | None = None) -> None:
        self.live = live
        self.cache = cache

    def assets(self) -> dict[str, str]:
        """The files every site has beside its pages: the style, the scripts, the licence."""
        files = {
            f"{ASSETS}site.css": environment("tradeoffs.site")
            .get_template("site.css")
            .render(states=RECORD_STATE_SPECS),
        }
        for name in (*STATIC, *((LIVE_SCRIPT,) if self.live else ())):
            text = read_package_text("tradeoffs.site", "static", name)
            files[ASSETS + name] = _SOURCE_MAP.sub("\n", text) if name.endswith(".js") else text
        return files

    def _page(self, template: str, path: str, content: Content, **context: Any) -> str:
        return (
            environment("tradeoffs.site")
            .get_template(template)
            .render(
                root=root_of(path),
                site_title=content.title,
                content_security_policy=(
                    LIVE_CONTENT_SECURITY_POLICY if self.live else CONTENT_SECURITY_POLICY
                ),
                live=self.live,
                here=template.removesuffix(".html"),
                **context,
            )
        )

    def index(self, content: Content) -> str:
        counts = content.kind_counts()
        records = counts.pop("record", 0)
        card_kinds = [KIND_SPECS[kind] for kind in KINDS if kind != "record"]
        return self._page(
            "index.html",
            INDEX,
            content,
            counts=_counts(sum(counts.values()), records),
            kind_counts=[(KIND_SPECS[kind], n) for kind, n in counts.items()],
            card_kinds=card_kinds,
            areas=content.areas(),
            states=content.state_counts(),
            records_total=records,
        )

    def log(self, content: Content) -> str:
        return self._page(
            "log.html",
            LOG,
            content,
            years=content.years(),
            chains=content.chains(),
            states=content.state_counts(),
            records_total=len(content.records),
            superseded_by=content.superseded_by,
        )

    def search(self, content: Content) -> str:
        documents = search_documents(content)

        def index() -> str:
            return json_for_html(search_index(documents))

        if self.cache is None:
            text = index()
        else:
            inputs = json.dumps(documents).encode()
            text = self.cache.text("search", inputs, index, fits=embeddable)
        return self._page(
            "search.html",
            SEARCH,
            content,
            options=Markup(json_for_html(options())),
            index=Markup(text),
            minisearch=MINISEARCH,
        )

    def map(self, content: Content) -> str:
        return render_map(
            select(content.store, Selection()),
            title=f"{content.title}: map",
            card_pages={kind: f"../{folder_of(kind)}/" for kind in KINDS},
            # The map inlines its scripts by hash: the preview's is inlined with them.
            poll=read_package_text("tradeoffs.site", "static", LIVE_SCRIPT) if self.live else None,
            cache=self.cache,
        )

    def feed(self, content: Content) -> str:
        entries = content.feed_entries()
        return (
            environment("tradeoffs.site")
            .get_template("feed.xml")
            .render(
                site_title=content.title,
                feed_id=content.feed_id,
                updated=max((e.updated for e in entries), default="1970-01-01T00:00:00Z"),
                entries=entries,
            )
        )

    def card(self, content: Content, card: Card) -> str:
        path = page_of(card.id, card.kind)
        origin, file = content.provenance(card.id)
        groups = content.groups(card.id)
        return self._page(
            "card.html",
            path,
            content,
            card=card,
            spec=KIND_SPECS[card.kind],
            groups=[group for group in groups if group.spec.name != "record"],
            # Each card that links here, with how this card reads those links (joined here:
            # Jinja2's filter chain for it was a tenth of a card page's time).
            linked_from=[
                (relation.other, ", ".join(e.label for e in relation.edges if e.direction == "in"))
                for relation in content.linked_from(card.id)
                if relation.other.kind != "record"
            ],
            records=[
                relation.other
                for group in groups
                if group.spec.name == "record"
                for relation in group.relations
            ],
            facets=facet_rows(content.headline(card), 3),
            named=content.named(card),
            catalog=origin,
            file=file,
            replaces=content.replaces(card.id),
            changed_at=content.changed_at.get(card.id),
        )

    def record(self, content: Content, record: Record) -> str:
        path = page_of(record.id, record.kind)
        resolve = content.resolver(record.id)
        return self._page(
            "record.html",
            path,
            content,
            record=record,
            this=content.refs[record.id],
            spec=KIND_SPECS[record.kind],
            people=[
                (label, people)
                for label, people in (
                    ("Decision makers", record.decision_makers),
                    ("Consulted", record.consulted),
                    ("Informed", record.informed),
                )
                if people
            ],
            links=content.record_links(record),
            sections=[
                Section(s.heading, render_markdown(s.text, resolve=resolve, top=4))
                for s in record.sections
            ],
            file=content.provenance(record.id)[1],
            changed_at=content.changed_at.get(record.id),
        )


@dataclass(frozen=True)
class Section:
    """A section of a record: its heading, and its Markdown as HTML."""

    heading: str
    html: Markup


class FacetRow(NamedTuple):
    """A facet as a card page lays it out, nested ones flattened: its heading, then its text
    or items; an ``open`` facet's inner rows follow it, up to the ``close`` row that ends it."""

    kind: Literal["text", "items", "open", "close"]
    level: int = 0
    label: str = ""
    value: str | list[str] = ""


def facet_rows(found: list[Facet], level: int) -> list[FacetRow]:
    """``found`` as the card page's rows, headed at ``level`` (inner ones a level lower, down
    to 6). Flat, so the template lays them out in one loop: a recursive macro cost a call per
    facet, most of a card page's time."""
    rows: list[FacetRow] = []
    for facet in found:
        value = facet.value
        if isinstance(value, str):
            rows.append(FacetRow("text", level, facet.label, value))
        elif value and isinstance(value[0], str):
            rows.append(FacetRow("items", level, facet.label, value))
        else:
            rows.append(FacetRow("open", level, facet.label))
            inner = [item for item in value if isinstance(item, Facet)]
            rows.extend(facet_rows(inner, min(level + 1, 6)))
            rows.append(FacetRow("close"))
    return rows


def search_documents(content: Content) -> list[Document]:
    """Every card and record as the search sees it: its title, and the text of all its
    facets (a record's sections, status and people among them)."""
    return [
        Document(
            id=card.id,
            title=card.title,
            text=" ".join(_strings(content.facets[card.id])),
            kind=KIND_SPECS[card.kind].label,
            path=page_of(card.id, card.kind),
            summary=card.summary or "",
        )
        for card in content.cards
    ]


def _counts(cards: int, records: int) -> str:
    text = f"{cards} card{'' if cards == 1 else 's'}"
    if records:
        text += f" and {records} decision record{'' if records == 1 else 's'}"
    return text


def _strings(found: list[Facet]) -> Iterator[str]:
    """Every text of a card's facets, nested ones included."""
    for facet in found:
        if isinstance(facet.value, str):
            yield facet.value
        else:
            for item in facet.value:
                if isinstance(item, Facet):
                    yield from _strings([item])
                else:
                    yield item
