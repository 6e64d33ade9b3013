"""The vocabulary: kinds of card, edge types, link groups and facet labels, declared once.

Every view and format reads its names, labels, colours and shapes from here: the text
format's headings, the console and Markdown labels, the map's legend, Neo4j's labels and
style sheet, the export palettes, the public catalog's codes and file names. Adding a kind
or an edge type is one entry below (and, for a kind, its model class in ``models.py``);
``tests/test_vocabulary.py`` checks that the entries and the types agree.
"""

from __future__ import annotations

from functools import cache
from typing import Literal, NamedTuple, get_args

Kind = Literal["decision", "failure_mode", "red_flag", "playbook", "record"]
EdgeType = Literal[
    "confused_with",
    "adjacent",
    "failure_mode",
    "red_flag",
    "playbook",
    "decision",
    "leads_to",
    "applies",
    "supersedes",
    "relates",
]
LinkGroup = Literal[
    "confused_with",
    "adjacent",
    "failure_mode",
    "red_flag",
    "playbook",
    "decision",
    "leads_to",
    "caused_by",
    "applies",
    "supersedes",
    "superseded_by",
    "relates",
]
Shape = Literal["dot", "diamond", "triangle", "square", "star", "hexagon"]

KINDS: tuple[Kind, ...] = get_args(Kind)
EDGE_TYPES: tuple[EdgeType, ...] = get_args(EdgeType)
LINK_GROUPS: tuple[LinkGroup, ...] = get_args(LinkGroup)


class KindSpec(NamedTuple):
    """One kind of card.

    ``colour`` is the strong colour (map nodes, print accents, Neo4j fill), ``tint`` a light
    background of the same hue (diagram fills). ``shape`` is a vis-network shape that draws
    its label below; colour and shape both tell kinds apart, so views read without colour
    vision. ``catalog_*`` are the public catalog's category code, file title and default file
    (None for a kind the public catalog does not have, such as a team's decision records).
    """

    name: Kind
    label: str
    plural: str
    neo4j_label: str
    catalog_code: str | None
    catalog_name: str | None
    catalog_file: str | None
    folder: str
    colour: str
    tint: str
    shape: Shape


class EdgeSpec(NamedTuple):
    """One edge type. ``label`` reads from the source card, ``reverse_label`` from the target
    (the same for symmetric types); ``neo4j_type`` is its relationship type."""

    name: EdgeType
    label: str
    reverse_label: str
    symmetric: bool
    neo4j_type: str
    colour: str
    dashes: tuple[int, ...] = ()


class LinkGroupSpec(NamedTuple):
    """One group of links on a card (``links.<name>``): the edge it becomes, whether that edge
    runs from the target to this card (``reverse``), the kind it must point at (None: the
    card's own kind), and how people see it (``label``; ``aliases`` are other headings readers
    accept, such as the public catalog's panel titles)."""

    name: LinkGroup
    edge: EdgeType
    label: str
    target_kind: Kind | None
    reverse: bool = False
    aliases: tuple[str, ...] = ()


KIND_SPECS: dict[Kind, KindSpec] = {
    spec.name: spec
    for spec in (
        KindSpec(
            "decision",
            "Decision",
            "Decisions",
            "Decision",
            "TD",
            "Tech decisions",
            "tech-decisions/tech-decisions.json",
            "decisions",
            "#2563eb",
            "#e8f0fe",
            "dot",
        ),
        KindSpec(
            "failure_mode",
            "Failure mode",
            "Failure modes",
            "FailureMode",
            "FM",
            "Failure modes",
            "failure-modes/failure-modes.json",
            "failure-modes",
            "#dc2626",
            "#fde8e8",
            "diamond",
        ),
        KindSpec(
            "red_flag",
            "Red flag",
            "Red flags",
            "RedFlag",
            "RF",
            "Red flags",
            "red-flags/red-flags.json",
            "red-flags",
            "#d97706",
            "#fdf6b2",
            "triangle",
        ),
        KindSpec(
            "playbook",
            "Playbook",
            "Playbooks",
            "Playbook",
            "EP",
            "Engineering playbook",
            "engineering-playbook/engineering-playbook.json",
            "playbooks",
            "#059669",
            "#def7ec",
            "square",
        ),
        KindSpec(
            "record",
            "Decision record",
            "Decision records",
            "DecisionRecord",
            None,
            None,
            None,
            "records",
            "#0e7490",
            "#cffafe",
            "star",
        ),
    )
}

EDGE_SPECS: dict[EdgeType, EdgeSpec] = {
    spec.name: spec
    for spec in (
        EdgeSpec(
            "confused_with",
            "Easy to confuse with",
            "Easy to confuse with",
            True,
            "CONFUSED_WITH",
            "#7c3aed",
            (8, 6),
        ),
        EdgeSpec(
            "adjacent",
            "Adjacent decisions",
            "Adjacent decisions",
            True,
            "ADJACENT",
            "#64748b",
            (2, 5),
        ),
        EdgeSpec(
            "failure_mode",
            "Related failure modes",
            "Listed as a failure mode by",
            False,
            "FAILURE_MODE",
            "#dc2626",
        ),
        EdgeSpec("red_flag", "Red flags", "Listed as a red flag by", False, "RED_FLAG", "#d97706"),
        EdgeSpec("playbook", "Playbooks", "Listed as a playbook by", False, "PLAYBOOK", "#059669"),
        EdgeSpec(
            "decision",
            "Related decisions",
            "Listed as a related decision by",
            False,
            "DECISION",
            "#2563eb",
        ),
        EdgeSpec(
            "leads_to", "Often leads to", "Often caused by", False, "LEADS_TO", "#9f1239", (14, 5)
        ),
        EdgeSpec("applies", "Applies", "Applied by", False, "APPLIES", "#0e7490", (4, 4)),
        EdgeSpec(
            "supersedes",
            "Supersedes",
            "Superseded by",
            False,
            "SUPERSEDES",
            "#475569",
            (10, 3, 2, 3),
        ),
        EdgeSpec("relates", "Related record", "Related record", True, "RELATES", "#65a30d", (3, 3)),
    )
}

LINK_GROUP_SPECS: dict[LinkGroup, LinkGroupSpec] = {
    spec.name: spec
    for spec in (
        LinkGroupSpec(
            "confused_with",
            "confused_with",
            EDGE_SPECS["confused_with"].label,
            None,
            aliases=("Easily confused with", "Often confused with"),
        ),
        LinkGroupSpec(
            "adjacent",
            "adjacent",
            EDGE_SPECS["adjacent"].label,
            "decision",
            aliases=("Adjacent decision", "Related adjacent decisions"),
        ),
        LinkGroupSpec(
            "failure_mode",
            "failure_mode",
            EDGE_SPECS["failure_mode"].label,
            "failure_mode",
            aliases=("Often leads to failure modes", "Failure modes", "Linked failure modes"),
        ),
        LinkGroupSpec(
            "red_flag",
            "red_flag",
            EDGE_SPECS["red_flag"].label,
            "red_flag",
            aliases=("Related red flags", "Linked red flags", "Red flags to watch"),
        ),
        LinkGroupSpec(
            "playbook",
            "playbook",
            EDGE_SPECS["playbook"].label,
            "playbook",
            aliases=(
                "Related playbooks",
                "Linked playbooks",
                "Related engineering playbooks",
                "Engineering playbooks",
            ),
        ),
        LinkGroupSpec(
            "decision",
            "decision",
            EDGE_SPECS["decision"].label,
            "decision",
            aliases=(
                "Related tech decisions",
                "Related decision",
                "Linked decisions",
                "Tech decisions",
            ),
        ),
        LinkGroupSpec(
            "leads_to",
            "leads_to",
            EDGE_SPECS["leads_to"].label,
            "failure_mode",
            aliases=("Leads to",),
        ),
        LinkGroupSpec(
            "caused_by",
            "leads_to",
            EDGE_SPECS["leads_to"].reverse_label,
            "failure_mode",
            reverse=True,
            aliases=("Caused by",),
        ),
        LinkGroupSpec(
            "applies", "applies", EDGE_SPECS["applies"].label, "decision", aliases=("Tradeoffs",)
        ),
        LinkGroupSpec("supersedes", "supersedes", EDGE_SPECS["supersedes"].label, "record"),
        LinkGroupSpec(
            "superseded_by",
            "supersedes",
            EDGE_SPECS["supersedes"].reverse_label,
            "record",
            reverse=True,
        ),
        # Any other relation a record states ("Amends", "Clarifies", adr-tools' `adr link`):
        # one edge whose notes keep each side's own wording.
        LinkGroupSpec("relates", "relates", EDGE_SPECS["relates"].label, "record"),
    )
}

GROUPS_BY_KIND: dict[Kind, tuple[LinkGroup, ...]] = {
    "decision": ("confused_with", "adjacent", "failure_mode", "red_flag", "playbook"),
    "failure_mode": (
        "confused_with",
        "decision",
        "leads_to",
        "caused_by",
        "failure_mode",
        "red_flag",
        "playbook",
    ),
    "red_flag": ("decision", "failure_mode", "red_flag", "playbook"),
    "playbook": ("decision", "failure_mode", "red_flag", "playbook"),
    "record": ("applies", "supersedes", "superseded_by", "relates"),
}
"""The link groups a kind may have, in the order views list them."""

RecordState = Literal["proposed", "accepted", "deprecated", "superseded", "rejected", "unknown"]


class RecordStateSpec(NamedTuple):
    """A state a decision record is in, whatever word its status uses. ``words`` are the
    status words (the status's first word, lower-cased) that mean it; ``colour`` is how the
    map draws records in this state."""

    name: RecordState
    label: str
    words: tuple[str, ...]
    colour: str


RECORD_STATE_SPECS: dict[RecordState, RecordStateSpec] = {
    spec.name: spec
    for spec in (
        RecordStateSpec(
            "proposed",
            "Proposed",
            ("proposed", "draft", "open", "pending", "review", "discussing", "wip", "rfc"),
            "#b45309",
        ),
        RecordStateSpec(
            "accepted",
            "Accepted",
            (
                "accepted",
                "approved",
                "agreed",
                "done",
                "adopted",
                "decided",
                "active",
                "implemented",
                "final",
                "valid",
            ),
            "#0e7490",
        ),
        RecordStateSpec(
            "deprecated", "Deprecated", ("deprecated", "obsolete", "retired", "outdated"), "#6b7280"
        ),
        RecordStateSpec(
            "superseded",
            "Superseded",
            ("superseded", "superceded", "replaced"),
            "#a1a1aa",
        ),
        RecordStateSpec(
            "rejected",
            "Rejected",
            ("rejected", "declined", "abandoned", "withdrawn", "dropped", "cancelled"),
            "#b91c1c",
        ),
        RecordStateSpec("unknown", "No status", (), "#7c3aed"),
    )
}
_STATE_OF_WORD = {word: spec.name for spec in RECORD_STATE_SPECS.values() for word in spec.words}


def record_state(status: str | None) -> RecordState:
    """The state a status means: its first word looked up among the states' words ("Approved
    by the board" is accepted, "superceded by 0004" superseded); "unknown" when there is no
    status or its word is not one of them."""
    for word in (status or "").lower().replace("-", " ").split():
        word = word.strip("*_`[]()<>.,;:!\"'")
        if word in ("in", "under", "for", "awaiting", "status"):  # "in review", "status: done"
            continue
        if word:
            return _STATE_OF_WORD.get(word, "unknown")
    return "unknown"


SYMMETRIC_EDGE_TYPES: frozenset[EdgeType] = frozenset(
    spec.name for spec in EDGE_SPECS.values() if spec.symmetric
)

# Why a card is in a workshop session, as a sentence about it ("it"), for each edge type read
# from the card that brought it in (first: that card is the edge's source) and the other way;
# ``{via}`` is that card's title.
SESSION_REASONS: dict[EdgeType, tuple[str, str]] = {
    "confused_with": ("It is easy to confuse with {via}.", "It is easy to confuse with {via}."),
    "adjacent": (
        "It sits next to {via}: settling one shapes the other.",
        "It sits next to {via}: settling one shapes the other.",
    ),
    "failure_mode": ("{via} can fail this way.", "It can fail the way {via} describes."),
    "red_flag": ("{via} lists it as a red flag.", "It lists {via} as a red flag."),
    "playbook": ("{via} lists it as a playbook.", "It lists {via} as a playbook."),
    "decision": ("{via} lists it as a related decision.", "It lists {via} as a related decision."),
    "leads_to": ("{via} often leads to it.", "It often leads to {via}."),
    "applies": ("{via} applies it.", "It applies {via}."),
    "supersedes": ("{via} supersedes it.", "It supersedes {via}."),
    "relates": ("It is a record related to {via}.", "It is a record related to {via}."),
}

# What each kind of card (other than the decisions) does in a workshop session.
SESSION_ROLES: dict[Kind, str] = {
    "failure_mode": "pre-mortem",
    "red_flag": "check",
    "playbook": "actions",
    "record": "under review",
}

LEAD_FACETS = ("summary", "decision_question", "what_it_is", "situation", "what_you_notice")
"""The facets that say what a card is about, whatever its kind: search weighs them above the rest."""

CONCEPT_LABEL = "Adjacent concept"
"""How a link to a free-text concept (not a card) is introduced: "Adjacent concept: ..."."""

# Facet labels that read better than the field name turned into words.
FACET_LABELS: dict[str, str] = {
    "what_this_is_really_about": "Really about",
    "decision_heuristic": "Heuristic",
    "default_bias": "Default stance",
    "when_to_revisit": "What should force a re-look",
    "reversibility": "What undoing costs",
    "costs": "What it costs",
    "ai_specific_notes": "AI synthesis",
    "ai_can_make_worse_by": "AI can make worse",
    "cost_bearer": "Who absorbs the cost",
    "time_horizon_notes": "How it ages",
    "good_signals_for_a": "Signals for option A",
    "good_signals_for_b": "Signals for option B",
    "real_world_fits": "Real-world fits",
    "severity_if_wrong": "Severity if wrong",
    "decision_makers": "Decision makers",
    "chosen_option": "Chosen option",
}
_WORD_LABELS = {"ai": "AI"}


@cache  # every facet of every card asks: a site or map asks tens of thousands of times
def facet_label(name: str) -> str:
    """``ai_can_help_with`` -> "AI can help with", ``option_a`` -> "Option A"."""
    if name in FACET_LABELS:
        return FACET_LABELS[name]
    words = [_WORD_LABELS.get(word, word) for word in name.split("_")]
    if words[-1] in ("a", "b"):
        words[-1] = words[-1].upper()
    text = " ".join(words)
    return text[0].upper() + text[1:]


def counted(count: int, noun: str) -> str:
    """``counted(1, "card")`` -> "1 card", ``counted(3, "edge")`` -> "3 edges"."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def kind_label(kind: Kind, count: int | None = None) -> str:
    """ "Failure mode", or with a count "1 failure mode" / "3 failure modes"."""
    spec = KIND_SPECS[kind]
    if count is None:
        return spec.label
    return f"{count} {(spec.label if count == 1 else spec.plural).lower()}"
