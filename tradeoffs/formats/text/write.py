"""Writing a card in the text format, walking the layout tables of :mod:`.layout`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from tradeoffs.formats.text.layout import (
    CONCEPT_PREFIX,
    LAYOUTS,
    STEP_HEADING,
    STEP_SECTIONS,
    Body,
    Element,
    Group,
    Section,
    facet_at,
    one_line,
    option_names,
)
from tradeoffs.models import Card


def render_text(card: Card, titles: Mapping[str, str] | None = None) -> str:
    """The card as plain text, in its kind's layout.

    ``titles`` maps card ids to titles (from the catalog); a link to an id is written as
    the target's title, else the link's own ``title``, else the id.
    """
    layout = LAYOUTS[card.kind]
    data = card.model_dump()
    renderer = _Renderer(data, option_names(data), titles or {})
    lines = [one_line(card.title)]
    if layout.label:
        lines.append(layout.label)
    if card.summary:
        lines.append(one_line(card.summary))
    lines += renderer.elements(layout.elements, data)
    return "\n".join(lines) + "\n"


class _Renderer(NamedTuple):
    card_data: Mapping[str, Any]
    names: Mapping[str, str]
    titles: Mapping[str, str]

    def elements(self, elements: tuple[Element, ...], data: Mapping[str, Any]) -> list[str]:
        lines: list[str] = []
        for element in elements:
            if isinstance(element, Group):
                inner = self.elements(element.elements, data)
                if inner:
                    lines += [*element.header, *inner]
            else:
                lines += self.section(element, data)
        return lines

    def section(self, section: Section, data: Mapping[str, Any]) -> list[str]:
        value = facet_at(data, section.path)
        if not value:
            return []
        lines = [*section.heading_lines(self.names), *section.subtitle]
        if section.body is Body.LINE:
            lines.append(one_line(value))
        elif section.body is Body.BULLETED_LINE:
            lines.append(f"- {one_line(value)}")
        elif section.body is Body.BULLETS:
            lines += [f"- {one_line(item)}" for item in value]
        elif section.body is Body.LINKS:
            for link in value:
                lines += self.link(link)
        else:  # Body.STEPS
            for step in value:
                title = one_line(step["title"])
                lines.append(STEP_HEADING.format(number=step["step"], title=title))
                lines += self.elements(STEP_SECTIONS, step)
        summary = self.card_data.get("summary")
        if section.repeat_summary and summary:
            lines.append(one_line(summary))
        return lines

    def link(self, link: Mapping[str, Any]) -> list[str]:
        target_id = link.get("id")
        title = (
            (self.titles.get(target_id) if target_id else None) or link.get("title") or target_id
        )
        if title:
            bullet = f"- {one_line(title)}"
        elif link.get("concept"):
            bullet = f"- {CONCEPT_PREFIX}{one_line(link['concept'])}"
        else:
            # The public text lost some targets' titles and keeps a bare bullet before the note.
            bullet = "-"
        note = link.get("note")
        return [bullet, one_line(note)] if note else [bullet]
