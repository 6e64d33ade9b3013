"""Generated catalogs for tests and benchmarks: any size, same shape as a hand-written one.

``generate_catalog(n)`` returns ``n`` valid cards of all four kinds, deterministic for a
seed. Every card links to at least one card made before it, so the graph is connected;
targets are picked in proportion to how linked they already are, so a few hubs emerge as
in a real catalog. Links use every group, symmetric ones (``confused_with``, ``adjacent``)
are declared on both cards with each side's own note, a few links name their target by
title or point at a free-text concept, and no link is left unresolved.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tradeoffs.formats import native
from tradeoffs.io.write import write_into
from tradeoffs.models import CARD_ADAPTER, Card, Subgraph
from tradeoffs.vocabulary import (
    GROUPS_BY_KIND,
    KINDS,
    LINK_GROUP_SPECS,
    SYMMETRIC_EDGE_TYPES,
    Kind,
    LinkGroup,
)

# Share of each kind in the bundled catalog, roughly.
KIND_WEIGHTS: dict[Kind, int] = {
    "decision": 35,
    "failure_mode": 30,
    "red_flag": 20,
    "playbook": 15,
    "record": 6,
}
# The first cards: every kind, and a second record so that records can supersede each other.
FIRST_KINDS: tuple[Kind, ...] = (*KINDS, "record")
STATUSES = ["accepted", "accepted", "proposed", "deprecated"]
# How many links a card declares beyond the one that keeps the graph connected.
EXTRA_LINKS = (0, 1, 1, 2, 2, 3, 4, 6)
TITLE_LINK_SHARE = 0.03  # links that name the target by title, as imported catalogs do
CONCEPT_LINK_SHARE = 0.02  # free-text targets that are not cards
NOTE_SHARE = 0.5

TOPICS = [
    "cron jobs", "workflow engine", "message queue", "event stream", "monolith",
    "microservices", "shared database", "database per service", "batch jobs",
    "stream processing", "managed service", "self-hosted cluster", "feature flags",
    "long-lived branches", "trunk-based development", "model api", "self-hosted model",
    "retrieval", "fine-tuning", "read replicas", "sharding", "caching layer",
    "service mesh", "api gateway", "serverless functions", "containers", "graphql",
    "rest endpoints", "strong consistency", "eventual consistency", "single region",
    "multi-region", "vendor platform", "in-house platform", "manual review",
    "full automation", "rewrite", "refactor", "big-bang migration", "incremental migration",
]  # fmt: skip
DOMAINS = [
    "payments", "search", "billing", "onboarding", "reporting", "checkout", "identity",
    "notifications", "inventory", "analytics", "support", "pricing", "logistics",
    "compliance", "recommendations", "messaging", "scheduling", "ingestion",
]  # fmt: skip
FAILURES = [
    "silent job rot", "data drift", "retry storm", "config sprawl", "ownership vacuum",
    "cascading failure", "alert fatigue", "schema drift", "runaway cost", "stale cache",
    "hidden coupling", "queue backlog", "dependency rot", "knowledge silo", "shadow pipeline",
    "noisy neighbour", "thundering herd", "split brain", "orphaned data", "drifting model",
]  # fmt: skip
SYMPTOMS = [
    "nobody owns the", "no runbook for the", "manual restarts of the", "weekly hotfixes to the",
    "no dashboards for the", "untested backups of the", "copy-pasted config in the",
    "a single engineer knows the", "no alerts on the", "growing backlog in the",
]  # fmt: skip
ACTIONS = [
    "inventory", "load-test", "document", "retire", "stabilise", "migrate", "audit",
    "right-size", "instrument", "hand over",
]  # fmt: skip
KEY_FACTORS = [
    "Ops maturity", "data freshness", "Privacy", "unit economics", "team size",
    "Auditability", "latency budget", "vendor lock-in", "Reversibility", "time to market",
    "evaluation capability", "blast radius", "Compliance", "hiring market", "on-call load",
]  # fmt: skip
CATEGORIES = ["architecture", "operations", "data", "team", "ai-systems", "delivery"]
SEVERITIES = ["low", "medium", "high", "critical"]
FREQUENCIES = ["rare", "common", "very common"]


def generate_catalog(n_cards: int, seed: int = 0) -> dict[str, Card]:
    """``n_cards`` valid, connected cards, the same for the same seed, keyed by id."""
    return _Generator(random.Random(seed)).catalog(n_cards)


def write_catalog(cards: Mapping[str, Card], folder: Path, *, force: bool = False) -> list[Path]:
    """Write the cards as native YAML files, one folder per kind as in the bundled catalog,
    all of them or none (:func:`tradeoffs.io.write.write_into`)."""
    files = native.write(Subgraph(cards=list(cards.values()), edges=[]))
    return write_into(folder, files, force=force)


def groups_between(source: Kind, target: Kind) -> list[LinkGroup]:
    """The link groups a card of kind ``source`` may use to point at a card of kind ``target``."""
    return [
        group
        for group in sorted(GROUPS_BY_KIND[source])
        if (LINK_GROUP_SPECS[group].target_kind or source) == target
    ]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class _Generator:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.titles: set[str] = set()
        self.ids: set[str] = set()
        self.data: list[dict[str, Any]] = []
        # Each card once, plus once more per link touching it: a uniform pick from this
        # list favours well-linked cards, which grows hubs.
        self.endpoints: list[int] = []
        self.declared: set[tuple[int, LinkGroup, int]] = set()

    def catalog(self, n_cards: int) -> dict[str, Card]:
        weights = [KIND_WEIGHTS[kind] for kind in KINDS]
        for index in range(n_cards):
            # The first cards cover every kind, so even a tiny catalog has them all.
            kind = (
                FIRST_KINDS[index]
                if index < len(FIRST_KINDS)
                else self.rng.choices(KINDS, weights)[0]
            )
            self.data.append(self._card(kind))
            if index:
                # A kind links to only some kinds (a record to decisions and records): try
                # other targets until one link is made, so the graph stays connected.
                while not self._link(index, self.rng.choice(self.endpoints)):
                    pass
                for _ in range(self.rng.choice(EXTRA_LINKS)):
                    self._link(index, self.rng.choice(self.endpoints))
                if self.rng.random() < CONCEPT_LINK_SHARE:
                    self._concept_link(index)
            self.endpoints.append(index)
        self._cover_every_group()
        cards = [CARD_ADAPTER.validate_python(data) for data in self.data]
        return {card.id: card for card in sorted(cards, key=lambda c: c.id)}

    # ---- links ----

    def _link(self, source: int, target: int, group: LinkGroup | None = None) -> bool:
        """Declare a link from card ``source`` to card ``target`` (both sides when symmetric)."""
        if source == target:
            return False
        src, dst = self.data[source], self.data[target]
        options = [group] if group else groups_between(src["kind"], dst["kind"])
        if not options:  # no link from this kind to that one: perhaps the other way round
            if group is None and groups_between(dst["kind"], src["kind"]):
                return self._link(target, source)
            return False
        chosen = self.rng.choice(options)
        if (source, chosen, target) in self.declared:
            return False
        symmetric = chosen in SYMMETRIC_EDGE_TYPES
        self._declare(source, chosen, target, by_title=not symmetric)
        if symmetric:
            self._declare(target, chosen, source, by_title=False)
        self.endpoints += [source, target]
        return True

    def _declare(self, source: int, group: LinkGroup, target: int, *, by_title: bool) -> None:
        self.declared.add((source, group, target))
        dst = self.data[target]
        link: dict[str, str] = {"id": dst["id"]}
        if by_title and self.rng.random() < TITLE_LINK_SHARE:
            link = {"title": dst["title"]}
        if self.rng.random() < NOTE_SHARE:
            link["note"] = (
                f"That one is about {dst['title'].lower()}. "
                f"This one is about {self.data[source]['title'].lower()}."
            )
        links = self.data[source].setdefault("links", {}).setdefault(group, [])
        links.append(link["id"] if set(link) == {"id"} else link)

    def _concept_link(self, source: int) -> None:
        kind = self.data[source]["kind"]
        group = self.rng.choice(sorted(set(GROUPS_BY_KIND[kind]) - {"confused_with"}))
        concept = f"a {self.rng.choice(TOPICS)} decision in {self.rng.choice(DOMAINS)}"
        self.data[source].setdefault("links", {}).setdefault(group, []).append(
            {"concept": concept, "note": "Not in this catalog yet."}
        )

    def _cover_every_group(self) -> None:
        """Add one link of each group nothing used yet (small catalogs miss some by chance)."""
        used = {group for _, group, _ in self.declared}
        for group in sorted(set(LINK_GROUP_SPECS) - used):
            pairs = (
                (source, target)
                for source, src in enumerate(self.data)
                if group in GROUPS_BY_KIND[src["kind"]]
                for target, dst in enumerate(self.data)
                if group in groups_between(src["kind"], dst["kind"])
            )
            next((pair for pair in pairs if self._link(*pair, group=group)), None)

    # ---- cards ----

    def _name(self, base: str) -> tuple[str, str]:
        """A title and id no other card has: ``base``, else ``base`` numbered."""
        title, number = base, 1
        while title.casefold() in self.titles or _slug(title) in self.ids:
            number += 1
            title = f"{base} {number}"
        self.titles.add(title.casefold())
        self.ids.add(_slug(title))
        return title, _slug(title)

    def _card(self, kind: Kind) -> dict[str, Any]:
        rng = self.rng
        domain = rng.choice(DOMAINS)
        common = {
            "kind": kind,
            "category": rng.choice(CATEGORIES),
            "frequency": rng.choice(FREQUENCIES),
        }
        if kind == "decision":
            a, b = rng.sample(TOPICS, 2)
            title, card_id = self._name(f"{a.title()} vs {b.title()} for {domain.title()}")
            return {
                "id": card_id,
                "title": title,
                **common,
                "summary": f"Usually a question of {rng.choice(KEY_FACTORS).lower()} in {domain}.",
                "decision_question": f"Should {domain} run on {a} or on {b}?",
                "decision_heuristic": f"Prefer {a} until {b} is needed twice in {domain}.",
                "option_a": self._option(a, domain),
                "option_b": self._option(b, domain),
                "key_factors": rng.sample(KEY_FACTORS, rng.randint(2, 5)),
                "questions_to_ask": [
                    f"Who owns {topic} in {domain} today?" for topic in rng.sample(TOPICS, 2)
                ],
                "reversibility": f"{rng.choice(['easy', 'moderate', 'hard'])} - {b} leaves traces",
            }
        if kind == "failure_mode":
            failure = rng.choice(FAILURES)
            title, card_id = self._name(f"{failure.title()} in {domain.title()}")
            topic = rng.choice(TOPICS)
            return {
                "id": card_id,
                "title": title,
                **common,
                "summary": f"{failure.capitalize()} spreads through {domain} via {topic}.",
                "what_it_is": f"The {topic} behind {domain} degrade until {failure} shows.",
                "severity": rng.choice(SEVERITIES),
                "alternative_names": [f"{domain} {failure}"],
                "warning_signs": {
                    "early": [f"{topic} errors ignored in {domain}"],
                    "mid": [f"{domain} incidents traced to {topic}"],
                    "late": [f"nobody trusts {domain} numbers"],
                },
                "immediate_actions": [f"name an owner for {topic}", f"measure {failure}"],
            }
        if kind == "red_flag":
            symptom, topic = rng.choice(SYMPTOMS), rng.choice(TOPICS)
            title, card_id = self._name(f"{symptom.capitalize()} {topic} in {domain}")
            return {
                "id": card_id,
                "title": title,
                **common,
                "summary": f"The {topic} of {domain} run on goodwill.",
                "what_you_notice": f"{symptom.capitalize()} {topic}, and {domain} shrugs.",
                "severity": rng.choice(SEVERITIES),
                "diagnostic_questions": [f"When did {topic} last fail in {domain}?"],
            }
        if kind == "record":
            topic = rng.choice(TOPICS)
            number = len(self.data) + 1
            title, card_id = self._name(f"{number:04d} Use {topic} for {domain}")
            return {
                "id": card_id,
                "kind": kind,
                "title": title,
                "number": number,
                "status": rng.choice(STATUSES),
                "date": f"20{rng.randint(18, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "template": rng.choice(["nygard", "madr"]),
                "decision_makers": rng.sample(["Ana", "Priya", "Tomasz", "Kofi"], 2),
                "chosen_option": topic.title(),
                "summary": f"{domain.capitalize()} uses {topic}.",
                "sections": [
                    {"heading": "Context", "text": f"The {topic} question came up in {domain}."},
                    {"heading": "Decision", "text": f"We use {topic} for {domain}."},
                ],
            }
        action, topic = rng.choice(ACTIONS), rng.choice(TOPICS)
        title, card_id = self._name(f"{action.capitalize()} the {topic} of {domain}")
        return {
            "id": card_id,
            "title": title,
            **common,
            "summary": f"A short, owned plan to {action} {topic} in {domain}.",
            "situation": f"The {topic} of {domain} grew without a plan.",
            "goal": f"Every {topic} in {domain} has an owner and a signal.",
            "steps": [
                {
                    "step": n,
                    "title": f"{step.capitalize()} {topic}",
                    "actions": [f"{step} {domain}"],
                }
                for n, step in enumerate(rng.sample(ACTIONS, rng.randint(1, 4)), start=1)
            ],
        }

    def _option(self, topic: str, domain: str) -> dict[str, Any]:
        return {
            "name": topic.title(),
            "best_when": [f"{domain} needs {self.rng.choice(KEY_FACTORS).lower()}"],
            "strengths": [f"{topic} is well understood"],
            "costs": [f"{topic} adds {self.rng.choice(['people', 'machines', 'process'])}"],
        }
