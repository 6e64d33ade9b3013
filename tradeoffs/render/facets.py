"""A card as an ordered list of labelled facets: the one walk every renderer shares."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tradeoffs.models import Card, Decision, Link, Links

KIND_LABELS = {
    "decision": "Decision",
    "failure_mode": "Failure mode",
    "red_flag": "Red flag",
    "playbook": "Playbook",
}
GROUP_LABELS = {
    "confused_with": "Easy to confuse with",
    "adjacent": "Adjacent decisions",
    "failure_mode": "Related failure modes",
    "red_flag": "Red flags",
    "playbook": "Playbooks",
    "decision": "Related decisions",
    "leads_to": "Often leads to",
    "caused_by": "Often caused by",
}
# Labels that read better than the field name turned into words.
LABELS = {
    "what_this_is_really_about": "Really about",
    "decision_heuristic": "Heuristic",
    "default_bias": "Default stance",
    "when_to_revisit": "What should force a re-look",
    "reversibility": "What undoing costs",
    "ai_specific_notes": "AI synthesis",
    "ai_can_make_worse_by": "AI can make worse",
    "cost_bearer": "Who absorbs the cost",
    "time_horizon_notes": "How it ages",
    "good_signals_for_a": "Signals for option A",
    "good_signals_for_b": "Signals for option B",
    "real_world_fits": "Real-world fits",
    "severity_if_wrong": "Severity if wrong",
}
WORD_LABELS = {"ai": "AI"}
SKIPPED = {"id", "kind", "title", "links", "extra"}


@dataclass(frozen=True)
class Facet:
    """One labelled piece of a card: ``value`` is a string, a list of strings, or nested facets."""

    name: str
    label: str
    value: str | list[str] | list[Facet]


def label(name: str) -> str:
    """``ai_can_help_with`` -> "AI can help with", ``option_a`` -> "Option A"."""
    if name in LABELS:
        return LABELS[name]
    words = [WORD_LABELS.get(word, word) for word in name.split("_")]
    if words[-1] in ("a", "b"):
        words[-1] = words[-1].upper()
    text = " ".join(words)
    return text[0].upper() + text[1:]


def facets(card: Card) -> list[Facet]:
    """Every non-empty facet of ``card`` in model order (links and extras excluded)."""
    data = card.model_dump(mode="json", exclude=SKIPPED, exclude_defaults=True)
    result = [_facet(name, value) for name, value in data.items()]
    if isinstance(card, Decision):
        names = {"option_a": card.option_a.name, "option_b": card.option_b.name}
        result = [_option_labels(f, names) for f in result]
    return [f for f in result if f.value]


def _facet(name: str, value: object) -> Facet:
    if isinstance(value, dict):
        return Facet(name, label(name), [_facet(k, v) for k, v in value.items() if v])
    if isinstance(value, list) and value and isinstance(value[0], dict):  # playbook steps
        steps = [
            _facet(
                f"step_{item['step']}",
                {k: v for k, v in item.items() if k not in {"step", "title"}},
            )
            for item in value
        ]
        return Facet(
            name,
            label(name),
            [
                Facet(s.name, f"{item['step']}. {item['title']}", s.value)
                for s, item in zip(steps, value, strict=True)
            ],
        )
    if isinstance(value, list):
        return Facet(name, label(name), [str(v) for v in value])
    return Facet(name, label(name), str(value))


def _option_labels(facet: Facet, names: dict[str, str]) -> Facet:
    """Name options by their titles ("Option A: Model API") wherever they appear."""
    if facet.name in names:
        return Facet(facet.name, f"{label(facet.name)}: {names[facet.name]}", facet.value)
    if isinstance(facet.value, list) and facet.value and isinstance(facet.value[0], Facet):
        inner = [_option_labels(f, names) for f in facet.value if isinstance(f, Facet)]
        return Facet(facet.name, facet.label, inner)
    return facet


def link_groups(links: Links) -> Iterator[tuple[str, list[Link]]]:
    for group, entries in links.groups():
        yield GROUP_LABELS[group], entries
