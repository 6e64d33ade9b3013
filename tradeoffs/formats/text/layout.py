"""Cards as plain text: the decision layout is the public catalog's text format.

The layouts below are the one description of the format. :func:`render_text` walks them
to write a card, and :func:`tradeoffs.formats.text.read.parse_text` walks the same tables to
read one back, so the two cannot drift apart.

A layout is a sequence of sections (a fixed heading, fixed explanatory lines, then the
facet's value) gathered under fixed group headers. Empty facets are left out with their
heading, and a group whose sections are all empty is left out with its header, so a
sparse card reads cleanly. Every value sits on one line; a value written over several
lines is joined with single spaces (the format is compared whitespace aside).

The decision layout's headings and explanatory lines are the public site's UI text (they
are the format, like column headers). The subtitles of the link groups other than "Easy to
confuse with", the "Card details" group, and the layouts of the other kinds are our own.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from enum import Enum
from typing import Any, NamedTuple

from tradeoffs.vocabulary import CONCEPT_LABEL, LINK_GROUP_SPECS, Kind, LinkGroup


class Body(Enum):
    """How a section's value is written under its heading."""

    LINE = "line"  # one line of text
    BULLETED_LINE = "bulleted line"  # one line of text written as "- text"
    BULLETS = "bullets"  # one "- item" line per entry
    LINKS = "links"  # "- target title" per link, each followed by an optional note line
    STEPS = "steps"  # "Step N · title" per step, each followed by the STEP_SECTIONS


class Section(NamedTuple):
    """One facet under its heading.

    ``heading`` lines announce the section (a section is present when they all match);
    ``{a}`` and ``{b}`` in them stand for the names of option A and B. ``subtitle`` lines
    are fixed explanations that follow the heading. ``path`` is where the value lives in
    the card's data. A ``required`` section must be present even when parsing.
    ``repeat_summary`` writes the card's summary again after the value, as the decision
    format does after its question.
    """

    heading: tuple[str, ...]
    path: tuple[str, ...]
    body: Body
    subtitle: tuple[str, ...] = ()
    required: bool = False
    repeat_summary: bool = False
    aliases: tuple[str, ...] = ()
    """Other one-line headings a reader accepts for this section (the site's panel titles)."""

    def heading_lines(self, names: Mapping[str, str]) -> tuple[str, ...]:
        return tuple(line.format_map(names) for line in self.heading)

    @property
    def field(self) -> str:
        return ".".join(self.path)


class Group(NamedTuple):
    """Fixed header lines over sections (or smaller groups); shown only when one has content."""

    header: tuple[str, ...]
    elements: tuple[Element, ...]

    @property
    def required(self) -> bool:
        return any(element.required for element in self.elements)


Element = Section | Group


class Layout(NamedTuple):
    """The text layout of one kind. ``label`` is the line under the title that names the kind
    (decisions, the seed's format, have none)."""

    kind: Kind
    label: str | None
    elements: tuple[Element, ...]


CONCEPT_PREFIX = f"{CONCEPT_LABEL} "
"""A link target that is a free-text concept rather than a card: ``- Adjacent concept <text>``."""

STEP_HEADING = "Step {number} · {title}"


def _line(heading: str, *path: str, subtitle: str | None = None) -> Section:
    return Section((heading,), path, Body.LINE, (subtitle,) if subtitle else ())


def _bullets(heading: str, *path: str, subtitle: str | None = None) -> Section:
    return Section((heading,), path, Body.BULLETS, (subtitle,) if subtitle else ())


def _links(subtitle: str, group: LinkGroup) -> Section:
    """A link group under its heading from the vocabulary; readers accept its aliases too."""
    spec = LINK_GROUP_SPECS[group]
    return Section((spec.label,), ("links", group), Body.LINKS, (subtitle,), aliases=spec.aliases)


def _option(letter: str, key: str) -> tuple[Section, ...]:
    return (
        Section((f"Option {letter}",), (key, "name"), Body.LINE, required=True),
        _bullets(
            "Best when", key, "best_when", subtitle="Conditions where this option is a natural fit."
        ),
        _bullets(
            "Real-world fits",
            key,
            "real_world_fits",
            subtitle="Concrete environments where this option has worked.",
        ),
        _bullets(
            "Strengths", key, "strengths", subtitle="What this option does well on its own terms."
        ),
        _bullets(
            "Costs", key, "costs", subtitle="What you accept up front to get those strengths."
        ),
        _bullets(
            "Hidden costs",
            key,
            "hidden_costs",
            subtitle="Costs that surface later than expected — the main thing novices miss.",
        ),
        _bullets(
            "Failure modes when misused",
            key,
            "failure_modes_when_misused",
            subtitle="How this option breaks when applied to the wrong context.",
        ),
    )


def _card_details(*kind_specific: Section) -> Group:
    """Catalog facets the public text does not show; ours, so that no facet is hidden."""
    return Group(
        ("Card details", "Where this card sits in the catalog."),
        (
            _line("Category", "category"),
            _line("Frequency", "frequency"),
            _line("Pattern confidence", "pattern_confidence"),
            *kind_specific,
        ),
    )


PLAYBOOKS_LINKS = _links("Step-by-step guides to reach for.", "playbook")

DECISION_LAYOUT = Layout(
    "decision",
    None,
    (
        Section(("- Really about",), ("what_this_is_really_about",), Body.BULLETED_LINE),
        Section(("- Not actually about",), ("not_actually_about",), Body.BULLETED_LINE),
        Section(("- Why it feels hard",), ("why_it_feels_hard",), Body.BULLETED_LINE),
        Section(("The decision",), ("decision_question",), Body.LINE, repeat_summary=True),
        _line("Heuristic", "decision_heuristic"),
        _line(
            "Default stance", "default_bias", subtitle="Where to start before any evidence arrives."
        ),
        Group(
            (
                "Options on the table",
                "Two poles of the trade-off",
                "Neither is the right answer by default. Each option's conditions, strengths, "
                "costs, hidden costs, and failure modes when misused are laid out in parallel "
                "so you can read across facets.",
            ),
            (*_option("A", "option_a"), *_option("B", "option_b")),
        ),
        Group(
            (
                "Cost, time, and reversibility",
                "Who pays, how it ages, and what undoing it costs",
                "Trade-offs are rarely zero-sum and rarely static. Someone pays, the payoff curve "
                "shifts with the horizon, and the decision has an undo cost.",
            ),
            (
                Section(
                    ("Option A · {a}", "Who absorbs the cost"),
                    ("cost_bearer", "option_a"),
                    Body.BULLETS,
                ),
                Section(
                    ("Option B · {b}", "Who absorbs the cost"),
                    ("cost_bearer", "option_b"),
                    Body.BULLETS,
                ),
                Section(("Option A · {a}",), ("time_horizon_notes", "option_a"), Body.LINE),
                Section(("Option B · {b}",), ("time_horizon_notes", "option_b"), Body.LINE),
                _line("What undoing costs", "reversibility"),
                _bullets(
                    "What should force a re-look",
                    "when_to_revisit",
                    subtitle="Trigger conditions that mean the answer may have changed.",
                ),
            ),
        ),
        Group(
            (
                "How to decide",
                "The work you still have to do",
                "The reference can frame the trade-off; only you can weight the factors against "
                "your context.",
            ),
            (
                _bullets(
                    "Questions to ask",
                    "questions_to_ask",
                    subtitle="Open these in the room. Answering them is most of the decision.",
                ),
                _bullets(
                    "Key factors",
                    "key_factors",
                    subtitle="The variables that actually move the answer.",
                ),
                _bullets(
                    "Evidence needed",
                    "evidence_needed",
                    subtitle="What to gather before committing. Not after.",
                ),
            ),
        ),
        Group(
            (
                "Signals from the ground",
                "What's usually pushing the call, and what should",
                "On the left, pressures to recognize and discount. On the right, signals that "
                "genuinely point toward one option or the other.",
            ),
            (
                Group(
                    ("What's usually pushing the call", "Pressures to recognize and discount."),
                    (
                        _bullets(
                            "Common bad reasons",
                            "common_bad_reasons",
                            subtitle="Reasoning that feels convincing in the moment but doesn't "
                            "hold up.",
                        ),
                        _bullets(
                            "Anti-patterns",
                            "anti_patterns",
                            subtitle="Shapes of reasoning to recognize and set aside.",
                        ),
                    ),
                ),
                Group(
                    (
                        "What should push the call",
                        "Concrete signals that genuinely point to one pole.",
                    ),
                    (
                        _bullets(
                            "For · {a}",
                            "good_signals_for_a",
                            subtitle="Observations that genuinely point to Option A.",
                        ),
                        _bullets(
                            "For · {b}",
                            "good_signals_for_b",
                            subtitle="Observations that genuinely point to Option B.",
                        ),
                    ),
                ),
            ),
        ),
        Group(
            (
                "AI impact",
                "How AI bends this decision",
                "Where AI accelerates the call, where it introduces new distortions, and anything "
                "else worth knowing.",
            ),
            (
                _bullets(
                    "AI can help with",
                    "ai_can_help_with",
                    subtitle="Where AI genuinely reduces the cost of making the call.",
                ),
                _bullets(
                    "AI can make worse",
                    "ai_can_make_worse_by",
                    subtitle="Distortions AI introduces that didn't exist before.",
                ),
                _line("AI false confidence", "ai_false_confidence"),
                _line("AI synthesis", "ai_specific_notes"),
            ),
        ),
        _card_details(
            _line("Severity if wrong", "severity_if_wrong"),
            _bullets("Audiences", "audiences"),
            _bullets("Terms", "terms"),
        ),
        Group(
            (
                "Relationships",
                "Connected decisions",
                "Nearby decisions this is sometimes confused with, adjacent decisions that are "
                "often entangled with this one, related failure modes, red flags, and playbooks "
                "to reach for.",
            ),
            (
                _links(
                    "Nearby decisions and how this one differs.",
                    "confused_with",
                ),
                _links("Decisions often made alongside this one.", "adjacent"),
                _links(
                    "What tends to go wrong when this call is made badly.",
                    "failure_mode",
                ),
                _links("Signals that this decision is going wrong.", "red_flag"),
                PLAYBOOKS_LINKS,
            ),
        ),
    ),
)

FAILURE_MODE_LAYOUT = Layout(
    "failure_mode",
    "Failure mode",
    (
        _bullets("Also known as", "alternative_names"),
        _line("What it is", "what_it_is"),
        _line("Mistaken for", "mistaken_for"),
        _line("Often mistaken as", "often_mistaken_as"),
        Group(
            ("At a glance", "How bad it gets, when it shows, and who sees it."),
            (
                _line("Severity", "severity"),
                _bullets("Lifecycle stages", "lifecycle_stages"),
                _line("Best moment to intervene", "best_moment_to_intervene"),
                _bullets("Who notices first", "who_notices_first"),
                _bullets("Blast radius", "blast_radius"),
                _bullets("Why it looks healthy", "looks_healthy_because"),
            ),
        ),
        Group(
            ("How it unfolds", "From a reasonable start to a costly end."),
            (
                _line("Starts", "starts"),
                _line("Feels reasonable because", "feels_reasonable_because"),
                _line("Escalates", "escalates"),
                _line("Ends", "ends"),
            ),
        ),
        Group(
            ("Warning signs", "What you can see, earliest first."),
            (
                _bullets("Early", "warning_signs", "early"),
                _bullets("Mid", "warning_signs", "mid"),
                _bullets("Late", "warning_signs", "late"),
            ),
        ),
        _bullets("Why it happens", "why_it_happens"),
        Group(
            ("Recovery", "What to do once you see it."),
            (
                _line("First move", "first_move"),
                _bullets("Immediate actions", "immediate_actions"),
                _bullets("Structural fixes", "structural_fixes"),
                _bullets("What not to do", "what_not_to_do"),
                _line("Hard trade-off", "hard_tradeoff"),
                _line("Recovery trap", "recovery_trap"),
                _line("Recovery difficulty", "recovery_difficulty"),
            ),
        ),
        Group(
            ("AI impact", "How AI changes this failure mode."),
            (
                _bullets("AI can help with", "ai_can_help_with"),
                _bullets("AI can make worse", "ai_can_make_worse_by"),
                _line("AI false confidence", "ai_false_confidence"),
                _line("AI synthesis", "ai_specific_notes"),
            ),
        ),
        Group(
            ("In the room", "How it sounds, and how to answer it."),
            (
                _line("Common quote", "common_quote"),
                _line("Who says this", "who_says_this"),
                _line("Counter-move", "counter_move"),
                _line("False positive", "false_positive"),
            ),
        ),
        _card_details(),
        Group(
            ("Relationships", "How this failure mode connects to the rest of the catalog."),
            (
                _links(
                    "Failure modes that look like this one, and what sets them apart.",
                    "confused_with",
                ),
                _links("Decisions that can lead here.", "decision"),
                _links("Failure modes this one tends to cause.", "leads_to"),
                _links("Failure modes that tend to cause this one.", "caused_by"),
                _links(
                    "Failure modes worth knowing alongside.",
                    "failure_mode",
                ),
                _links("Signals that this is happening.", "red_flag"),
                PLAYBOOKS_LINKS,
            ),
        ),
    ),
)

RED_FLAG_LAYOUT = Layout(
    "red_flag",
    "Red flag",
    (
        _line("What you notice", "what_you_notice"),
        _line("Why it matters", "why_it_matters"),
        _line("Heuristic", "decision_heuristic"),
        _bullets("What it usually indicates", "what_it_usually_indicates"),
        _bullets("Not necessarily a problem when", "not_necessarily_a_problem_when"),
        Group(
            ("At a glance", "Where the signal shows and how loud it is."),
            (
                _line("Layer", "layer"),
                _line("Signal type", "signal_type"),
                _line("Severity", "severity"),
                _line("Detectability", "detectability"),
                _line("Time horizon", "time_horizon"),
                _bullets("Common contexts", "common_contexts"),
                _bullets("Example signals", "example_signals"),
            ),
        ),
        Group(
            ("Digging in", "How to tell what it means here."),
            (
                _bullets("Leading indicators", "leading_indicators"),
                _bullets("Diagnostic questions", "diagnostic_questions"),
                _bullets("What to check next", "what_to_check_next"),
                _bullets("Common root causes", "common_root_causes"),
                _bullets("Likely consequences", "likely_consequences"),
                _bullets("Anti-patterns", "anti_patterns"),
                _bullets("False friends", "false_friends"),
            ),
        ),
        Group(
            ("Ownership", "Who sees it and who can act on it."),
            (
                _bullets("Most likely to notice", "owner_most_likely_to_notice"),
                _bullets("Best placed to act", "owner_best_placed_to_act"),
            ),
        ),
        Group(
            ("AI impact", "How AI changes this signal."),
            (
                _bullets("AI amplifies", "ai_amplifies"),
                _bullets("AI masks", "ai_masks"),
                _line("AI synthesis", "ai_specific_notes"),
            ),
        ),
        _card_details(),
        Group(
            ("Relationships", "How this red flag connects to the rest of the catalog."),
            (
                _links("Decisions where this signal matters.", "decision"),
                _links(
                    "Failure modes this signal often points to.",
                    "failure_mode",
                ),
                _links("Signals that tend to appear with this one.", "red_flag"),
                PLAYBOOKS_LINKS,
            ),
        ),
    ),
)

STEP_SECTIONS: tuple[Section, ...] = (
    _line("Purpose", "purpose"),
    _bullets("Actions", "actions"),
    _bullets("Outputs", "outputs"),
)
"""What follows each ``Step N · title`` line; paths are relative to the step."""

PLAYBOOK_LAYOUT = Layout(
    "playbook",
    "Playbook",
    (
        _line("Situation", "situation"),
        _line("Goal", "goal"),
        _line("Why this matters", "why_this_matters"),
        _bullets("Use when", "use_when"),
        _bullets("Do not use when", "do_not_use_when"),
        _bullets("What good looks like", "what_good_looks_like"),
        Group(
            ("Before you start", "What to have in hand."),
            (
                _bullets("Inputs", "inputs"),
                _bullets("Prerequisites", "prerequisites"),
                _bullets("Roles involved", "roles_involved"),
                _line("Primary owner", "primary_owner"),
                _line("Estimated time horizon", "estimated_time_horizon"),
                _line("Difficulty", "difficulty"),
            ),
        ),
        Section(("Steps",), ("steps",), Body.STEPS, ("In order.",)),
        Group(
            ("While you run it", "Where it branches and how it goes wrong."),
            (
                _bullets("Decision points", "decision_points"),
                _bullets("Common mistakes", "common_mistakes"),
                _bullets("Signs you are doing it wrong", "warning_signs_you_are_doing_it_wrong"),
            ),
        ),
        Group(
            ("Afterwards", "What it should leave behind."),
            (
                _bullets("Artifacts to produce", "artifacts_to_produce"),
                _bullets("Success signals", "success_signals"),
                _bullets("Metrics or signals", "metrics_or_signals"),
                _bullets("Follow-up actions", "follow_up_actions"),
            ),
        ),
        Group(
            ("AI impact", "How AI changes this playbook."),
            (
                _bullets("AI can help with", "ai_can_help_with"),
                _bullets("AI can make worse", "ai_can_make_worse_by"),
                _line("AI synthesis", "ai_specific_notes"),
                _bullets("Example prompts or questions", "example_prompts_or_questions"),
            ),
        ),
        _card_details(),
        Group(
            ("Relationships", "How this playbook connects to the rest of the catalog."),
            (
                _links("Decisions this playbook helps with.", "decision"),
                _links("Failure modes it addresses.", "failure_mode"),
                _links("Signals that call for it.", "red_flag"),
                _links("Playbooks that often run with this one.", "playbook"),
            ),
        ),
    ),
)

LAYOUTS: dict[Kind, Layout] = {
    layout.kind: layout
    for layout in (DECISION_LAYOUT, FAILURE_MODE_LAYOUT, RED_FLAG_LAYOUT, PLAYBOOK_LAYOUT)
}


def sections(elements: tuple[Element, ...]) -> Iterator[Section]:
    """Every section under ``elements``, in order, groups flattened."""
    for element in elements:
        if isinstance(element, Group):
            yield from sections(element.elements)
        else:
            yield element


def option_names(data: Mapping[str, Any]) -> dict[str, str]:
    """What ``{a}`` and ``{b}`` stand for in headings (empty for kinds without options)."""
    return {
        letter: one_line(data.get(key, {}).get("name") or "")
        for letter, key in (("a", "option_a"), ("b", "option_b"))
    }


def facet_at(data: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    """The value at ``path`` in a card's data, or None."""
    value: Any = data
    for part in path:
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def one_line(text: str) -> str:
    """The format keeps each value on one line: runs of whitespace become a single space."""
    return " ".join(text.split())
