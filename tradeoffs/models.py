"""The card model: four kinds of card and the team's decision records, their links, and the typed edges built from them.

Facet names are the snake_case of the public catalog's JSON field names
(``decisionQuestion`` -> ``decision_question``), so every format maps onto
one vocabulary. Relationships live under ``links``, one group per edge type.
"""

import datetime as dt
import math
import re
from collections.abc import Iterable, Iterator
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import core_schema

from tradeoffs.vocabulary import (
    GROUPS_BY_KIND,
    LEAD_FACETS,
    LINK_GROUPS,
    EdgeType,
    Kind,
    LinkGroup,
    RecordState,
    record_state,
)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_PATTERN = SLUG.pattern
MAX_ID_LENGTH = 200
"""The longest id: a card's file is named ``<id>.yaml``, and file systems allow 255 bytes."""


class Strict(BaseModel):
    """Our models: unknown fields refused, text stripped. A list, mapping or model default is
    a ``default_factory``: pydantic deep-copies a ``[]`` default for every card that leaves
    the field out (most of a card's lists), about half the time of validating a card."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)


# Not the builtins themselves: pydantic reads a default factory's signature, and a builtin's
# takes a pass of the tokenizer, about 5 ms for a card model's lists.
def _new_list() -> list[Any]:
    return []


def _new_dict() -> dict[str, Any]:
    return {}


_CONTROLS = r"\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff"
CONTROL_CHARACTERS = re.compile(rf"[{_CONTROLS}\ud800-\udfff]")
"""What no text field may hold: control characters other than tab and newline (they can write
escape sequences to a terminal and make XML unreadable), lone surrogates and non-characters."""
TEXT_PATTERN = f"^[^{_CONTROLS}]*$"
"""Text without :data:`CONTROL_CHARACTERS`, checked by pydantic-core's own regex engine (it
refuses lone surrogates itself, as invalid Unicode): a Python check of every text field was
about a third of the time of validating a card."""


def control_character_message(value: str) -> str | None:
    """Why ``value`` is not text, when it holds a control character."""
    match = CONTROL_CHARACTERS.search(value)
    if match is None:
        return None
    return (
        f"control character U+{ord(match.group()):04X} is not allowed "
        "(text may hold tabs and newlines, no other control characters)"
    )


class _TextSchema:
    """Text's schema, made once: pydantic would otherwise work it out again for each of the
    models' many text fields, most of a command's start-up."""

    SCHEMA = core_schema.str_schema(min_length=1, pattern=TEXT_PATTERN)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> core_schema.CoreSchema:
        return cls.SCHEMA


Text = Annotated[str, _TextSchema]
TextList = list[Text]


class Link(Strict):
    """One relationship as written on a card.

    ``id`` names a card; ``title`` is the target's title as a source wrote it
    (resolved to ``id`` when the catalog has it); ``concept`` is a free-text
    target that is not a card ("a vendor-selection decision"); ``note`` is the
    distinction or comment. A link whose target title was lost keeps only its note.
    """

    id: Annotated[str, Field(pattern=SLUG_PATTERN, max_length=MAX_ID_LENGTH)] | None = None
    title: Text | None = None
    concept: Text | None = None
    note: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _bare_id(cls, value: Any) -> Any:
        return {"id": value} if isinstance(value, str) else value

    @property
    def target(self) -> str | None:
        """What the link points at, for people: the id, else the title, else the concept."""
        return self.id or self.title or self.concept


class Links(Strict):
    confused_with: list[Link] = Field(default_factory=_new_list)
    adjacent: list[Link] = Field(default_factory=_new_list)
    failure_mode: list[Link] = Field(default_factory=_new_list)
    red_flag: list[Link] = Field(default_factory=_new_list)
    playbook: list[Link] = Field(default_factory=_new_list)
    decision: list[Link] = Field(default_factory=_new_list)
    leads_to: list[Link] = Field(default_factory=_new_list)
    caused_by: list[Link] = Field(default_factory=_new_list)
    applies: list[Link] = Field(default_factory=_new_list)
    supersedes: list[Link] = Field(default_factory=_new_list)
    superseded_by: list[Link] = Field(default_factory=_new_list)
    relates: list[Link] = Field(default_factory=_new_list)

    def ids(self) -> set[str]:
        """Every card id these links name."""
        return {link.id for _, links in self.groups() for link in links if link.id}

    def groups(self) -> list[tuple[LinkGroup, list[Link]]]:
        return [(name, getattr(self, name)) for name in LINK_GROUPS if getattr(self, name)]


class CardBase(Strict):
    id: Annotated[
        str,
        Field(
            pattern=SLUG_PATTERN,
            max_length=MAX_ID_LENGTH,
            description="Unique slug across all kinds.",
        ),
    ]
    kind: Kind
    title: Text
    summary: Text | None = None
    category: Text | None = None
    frequency: Text | None = None
    pattern_confidence: Text | None = None
    links: Links = Field(default_factory=Links)
    # Fields of an imported catalog entry that have no facet here, kept so an export is lossless.
    extra: dict[str, Any] = Field(default_factory=_new_dict)

    @field_validator("links")
    @classmethod
    def _links_fit_kind(cls, links: Links, info: ValidationInfo) -> Links:
        kind = info.data.get("kind")
        if kind is None:
            return links
        allowed = GROUPS_BY_KIND[kind]
        for group, _ in links.groups():
            if group not in allowed:
                raise ValueError(
                    f"{group} links are not allowed on a {kind} "
                    f"(allowed: {', '.join(sorted(allowed))})"
                )
        return links

    @field_validator("extra")
    @classmethod
    def _extra_survives_json(cls, extra: dict[str, Any]) -> dict[str, Any]:
        # Extras are kept so that an export loses nothing, and JSON has no infinity or NaN:
        # they would come back as null. Refused at reading, where the file can be named.
        for where, value in _leaves(extra, "extra"):
            if isinstance(value, float) and not math.isfinite(value):
                raise ValueError(
                    f"{where} is {value}, which JSON cannot hold (quote it to keep it as text)"
                )
        return extra


def _leaves(value: Any, where: str) -> Iterator[tuple[str, Any]]:
    """Every value inside nested dicts and lists, with its dotted path."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, f"{where}.{index}")
    else:
        yield where, value


class Option(Strict):
    name: Text
    best_when: TextList = Field(default_factory=_new_list)
    real_world_fits: TextList = Field(default_factory=_new_list)
    strengths: TextList = Field(default_factory=_new_list)
    costs: TextList = Field(default_factory=_new_list)
    hidden_costs: TextList = Field(default_factory=_new_list)
    failure_modes_when_misused: TextList = Field(default_factory=_new_list)


class PerOption(Strict):
    option_a: TextList = Field(default_factory=_new_list)
    option_b: TextList = Field(default_factory=_new_list)


class PerOptionNote(Strict):
    option_a: Text | None = None
    option_b: Text | None = None


class Decision(CardBase):
    kind: Literal["decision"] = "decision"
    decision_question: Text | None = None
    what_this_is_really_about: Text | None = None
    not_actually_about: Text | None = None
    why_it_feels_hard: Text | None = None
    decision_heuristic: Text | None = None
    default_bias: Text | None = None
    option_a: Option
    option_b: Option
    cost_bearer: PerOption = Field(default_factory=PerOption)
    time_horizon_notes: PerOptionNote = Field(default_factory=PerOptionNote)
    reversibility: Text | None = None
    when_to_revisit: TextList = Field(default_factory=_new_list)
    questions_to_ask: TextList = Field(default_factory=_new_list)
    key_factors: TextList = Field(default_factory=_new_list)
    evidence_needed: TextList = Field(default_factory=_new_list)
    common_bad_reasons: TextList = Field(default_factory=_new_list)
    anti_patterns: TextList = Field(default_factory=_new_list)
    good_signals_for_a: TextList = Field(default_factory=_new_list)
    good_signals_for_b: TextList = Field(default_factory=_new_list)
    ai_can_help_with: TextList = Field(default_factory=_new_list)
    ai_can_make_worse_by: TextList = Field(default_factory=_new_list)
    ai_false_confidence: Text | None = None
    ai_specific_notes: Text | None = None
    severity_if_wrong: Text | None = None
    audiences: TextList = Field(default_factory=_new_list)
    terms: TextList = Field(default_factory=_new_list)
    """The names teams use for what this decision is about when they write their own
    records: products, services, abbreviations (``OpenAI``, ``Kafka``, ``RDS``). The record
    suggestions match them as whole words; they are data, so a team's catalog adds its own."""


class WarningSigns(Strict):
    early: TextList = Field(default_factory=_new_list)
    mid: TextList = Field(default_factory=_new_list)
    late: TextList = Field(default_factory=_new_list)


class FailureMode(CardBase):
    kind: Literal["failure_mode"] = "failure_mode"
    alternative_names: TextList = Field(default_factory=_new_list)
    what_it_is: Text | None = None
    who_notices_first: TextList = Field(default_factory=_new_list)
    mistaken_for: Text | None = None
    often_mistaken_as: Text | None = None
    severity: Text | None = None
    lifecycle_stages: TextList = Field(default_factory=_new_list)
    best_moment_to_intervene: Text | None = None
    blast_radius: TextList = Field(default_factory=_new_list)
    looks_healthy_because: TextList = Field(default_factory=_new_list)
    starts: Text | None = None
    feels_reasonable_because: Text | None = None
    escalates: Text | None = None
    ends: Text | None = None
    warning_signs: WarningSigns = Field(default_factory=WarningSigns)
    why_it_happens: TextList = Field(default_factory=_new_list)
    immediate_actions: TextList = Field(default_factory=_new_list)
    structural_fixes: TextList = Field(default_factory=_new_list)
    what_not_to_do: TextList = Field(default_factory=_new_list)
    first_move: Text | None = None
    hard_tradeoff: Text | None = None
    recovery_trap: Text | None = None
    recovery_difficulty: Text | None = None
    ai_can_help_with: TextList = Field(default_factory=_new_list)
    ai_can_make_worse_by: TextList = Field(default_factory=_new_list)
    ai_false_confidence: Text | None = None
    ai_specific_notes: Text | None = None
    common_quote: Text | None = None
    who_says_this: Text | None = None
    counter_move: Text | None = None
    false_positive: Text | None = None


class RedFlag(CardBase):
    kind: Literal["red_flag"] = "red_flag"
    layer: Text | None = None
    signal_type: Text | None = None
    decision_heuristic: Text | None = None
    what_you_notice: Text | None = None
    why_it_matters: Text | None = None
    what_it_usually_indicates: TextList = Field(default_factory=_new_list)
    not_necessarily_a_problem_when: TextList = Field(default_factory=_new_list)
    common_contexts: TextList = Field(default_factory=_new_list)
    severity: Text | None = None
    detectability: Text | None = None
    leading_indicators: TextList = Field(default_factory=_new_list)
    diagnostic_questions: TextList = Field(default_factory=_new_list)
    what_to_check_next: TextList = Field(default_factory=_new_list)
    common_root_causes: TextList = Field(default_factory=_new_list)
    likely_consequences: TextList = Field(default_factory=_new_list)
    anti_patterns: TextList = Field(default_factory=_new_list)
    false_friends: TextList = Field(default_factory=_new_list)
    owner_most_likely_to_notice: TextList = Field(default_factory=_new_list)
    owner_best_placed_to_act: TextList = Field(default_factory=_new_list)
    time_horizon: Text | None = None
    ai_amplifies: TextList = Field(default_factory=_new_list)
    ai_masks: TextList = Field(default_factory=_new_list)
    ai_specific_notes: Text | None = None
    example_signals: TextList = Field(default_factory=_new_list)


class Step(Strict):
    step: Annotated[int, Field(ge=1)]
    title: Text
    purpose: Text | None = None
    actions: TextList = Field(default_factory=_new_list)
    outputs: TextList = Field(default_factory=_new_list)


class Playbook(CardBase):
    kind: Literal["playbook"] = "playbook"
    situation: Text | None = None
    goal: Text | None = None
    use_when: TextList = Field(default_factory=_new_list)
    do_not_use_when: TextList = Field(default_factory=_new_list)
    why_this_matters: Text | None = None
    what_good_looks_like: TextList = Field(default_factory=_new_list)
    inputs: TextList = Field(default_factory=_new_list)
    roles_involved: TextList = Field(default_factory=_new_list)
    primary_owner: Text | None = None
    estimated_time_horizon: Text | None = None
    difficulty: Text | None = None
    prerequisites: TextList = Field(default_factory=_new_list)
    steps: list[Step] = Field(default_factory=_new_list)
    decision_points: TextList = Field(default_factory=_new_list)
    common_mistakes: TextList = Field(default_factory=_new_list)
    warning_signs_you_are_doing_it_wrong: TextList = Field(default_factory=_new_list)
    artifacts_to_produce: TextList = Field(default_factory=_new_list)
    success_signals: TextList = Field(default_factory=_new_list)
    follow_up_actions: TextList = Field(default_factory=_new_list)
    metrics_or_signals: TextList = Field(default_factory=_new_list)
    ai_can_help_with: TextList = Field(default_factory=_new_list)
    ai_can_make_worse_by: TextList = Field(default_factory=_new_list)
    ai_specific_notes: Text | None = None
    example_prompts_or_questions: TextList = Field(default_factory=_new_list)

    @field_validator("steps")
    @classmethod
    def _steps_numbered_in_order(cls, steps: list[Step]) -> list[Step]:
        numbers = [s.step for s in steps]
        if numbers != list(range(1, len(steps) + 1)):
            raise ValueError(f"steps must be numbered 1..{len(steps)} in order, got {numbers}")
        return steps


class Section(Strict):
    """One section of a decision record, as written: its heading and its text (Markdown)."""

    heading: Text
    text: str = ""


class Record(CardBase):
    """A team's decision record (an ADR), read from Markdown in the Nygard (adr-tools) or MADR
    template. ``links.applies`` names the decision cards it applies; ``links.supersedes`` and
    ``links.superseded_by`` the records it replaces or is replaced by, ``links.relates`` any
    other record it names with its own wording as the note ("Amends", "Clarifies").
    ``status`` is the record's word as written, :attr:`state` what it means. ``date`` is
    ISO (YYYY-MM-DD): :func:`record_date` reads the forms records use and refuses a day that
    does not exist. ``sections`` keep every section's text in order."""

    kind: Literal["record"] = "record"
    number: Annotated[int, Field(ge=0)] | None = None
    status: Text | None = None
    date: Annotated[str, BeforeValidator(lambda value: record_date(value))] | None = None
    template: Literal["nygard", "madr"] | None = None
    decision_makers: TextList = Field(default_factory=_new_list)
    consulted: TextList = Field(default_factory=_new_list)
    informed: TextList = Field(default_factory=_new_list)
    considered_options: TextList = Field(default_factory=_new_list)
    chosen_option: Text | None = None
    sections: list[Section] = Field(default_factory=_new_list)

    @property
    def state(self) -> RecordState:
        """What the status means: proposed, accepted, deprecated, superseded, rejected, or
        unknown (no status, or a word no state has; see ``vocabulary.RECORD_STATE_SPECS``)."""
        return record_state(self.status)


MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_DATE_FORMS = (  # (pattern, the order of its year, month and day groups)
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), "ymd"),
    (re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"), "ymd"),
    (re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})"), "dmy"),
    (re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})", re.IGNORECASE), "dmy"),
    (re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.IGNORECASE), "mdy"),
)
# What may follow a date: nothing, a time, or a note after a space or a bracket
# ("2023-02-01 (back dated)").
_AFTER_DATE = re.compile(r"^(?:$|[\sT(\[,;])")


def record_date(value: object) -> str | None:
    """A record's date as ISO text. Records write ``2024-03-11``, ``2024/03/11``,
    ``11.03.2024``, ``11 March 2024`` or ``March 11, 2024``, any of them followed by a note;
    YAML gives a date. A day that does not exist (``2024-13-45``) or text that is no date
    raises ValueError saying which."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise ValueError(f"must be a date such as 2024-03-11 (got {type(value).__name__})")
    text = " ".join(value.split())
    for pattern, order in _DATE_FORMS:
        match = pattern.match(text)
        if match is None or not _AFTER_DATE.match(text[match.end() :]):
            continue
        parts = dict(zip(order, match.groups(), strict=True))
        month = MONTHS.get(parts["m"].lower()) if not parts["m"].isdigit() else int(parts["m"])
        if month is None:
            continue
        try:
            return dt.date(int(parts["y"]), month, int(parts["d"])).isoformat()
        except ValueError as exc:
            raise ValueError(
                f"{text[: match.end()]!r} is not a day of the calendar ({exc})"
            ) from None
    raise ValueError(
        f"{value.strip()[:40]!r} is not a date (2024-03-11, 11.03.2024 or 11 March 2024)"
    )


Card = Annotated[Decision | FailureMode | RedFlag | Playbook | Record, Field(discriminator="kind")]
CARD_ADAPTER: TypeAdapter[Card] = TypeAdapter(Card, config=ConfigDict(defer_build=True))
CARD_CLASSES: dict[Kind, type[CardBase]] = {
    "decision": Decision,
    "failure_mode": FailureMode,
    "red_flag": RedFlag,
    "playbook": Playbook,
    "record": Record,
}


class Edge(Strict):
    """A typed edge. ``note`` is the text the source card wrote about it; ``reverse_note``
    the text the target card wrote, when a symmetric link was declared on both sides."""

    source: str
    target: str
    type: EdgeType
    note: str | None = None
    reverse_note: str | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.target, self.type)


class Unresolved(BaseModel):
    """A link that did not become an edge. It stays on its card; this says why."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    card_id: str
    group: LinkGroup
    target: str
    reason: str

    def __str__(self) -> str:
        return f"{self.card_id}: links.{self.group}: {self.target!r}: {self.reason}"


class CardRef(Strict):
    """A card by id, kind and title: enough to name it without its content."""

    id: str
    kind: Kind
    title: str

    @classmethod
    def of(cls, card: CardBase) -> "CardRef":
        return cls(id=card.id, kind=card.kind, title=card.title)


class Provenance(Strict):
    """Where a card comes from: its catalog (``bundled``, a folder as given, or ``records``)
    and its file, relative to that catalog's folder."""

    catalog: str
    file: str | None = None
    replaces: str | None = None
    """The earlier catalog whose card of the same id this one replaces, if any."""


class Replacement(Strict):
    """A card of a later catalog that replaces the card of the same id of an earlier one (a
    team's edited copy of a bundled card, or another catalog's card beside ours)."""

    id: str
    catalog: str
    file: str
    replaced_catalog: str
    replaced_file: str

    def __str__(self) -> str:
        return (
            f"{self.catalog}/{self.file}: {self.id!r} replaces the card of "
            f"{self.replaced_catalog} ({self.replaced_file})"
        )


class Subgraph(Strict):
    """Cards and the edges among them: what maps and exports draw.

    ``boundary`` holds the edges from a selected card to a card left out (of the selected
    types), ``outside`` those left-out cards by name, and ``unresolved`` the links of selected
    cards that never became edges (decided when the graph was built): what a view lists as
    "linked, not shown here" without resolving anything again.
    """

    cards: list[Card]
    edges: list[Edge]
    boundary: list[Edge] = Field(default_factory=_new_list)
    outside: list[CardRef] = Field(default_factory=_new_list)
    unresolved: list[Unresolved] = Field(default_factory=_new_list)
    provenance: dict[str, Provenance] = Field(
        default_factory=_new_dict
    )  # by card id, when the cards come from several catalogs


class _SchemaWithDefaults(GenerateJsonSchema):
    """Writes a field's default when a factory makes it (an empty list), as for a plain one."""

    def get_default_value(self, schema: core_schema.WithDefaultSchema) -> Any:
        factory = schema.get("default_factory")
        if factory is not None and not schema.get("default_factory_takes_data"):
            return factory()  # type: ignore[call-arg]
        return super().get_default_value(schema)


def card_json_schema() -> dict[str, Any]:
    """JSON Schema of one native card file, for editors."""
    schema = CARD_ADAPTER.json_schema(schema_generator=_SchemaWithDefaults)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "tradeoffs card"
    return schema


# ---- a card's words, as every backend searches them (graph/store.py scores them) ----

NOT_SEARCHED = frozenset({"id", "kind", "title", "links", "extra"})
_NOT_A_WORD = re.compile(r"[\W_]+")


def search_text(card: Card) -> tuple[str, str, str]:
    """A card's title, lead and body text as every backend scores them (see :func:`words`)."""
    facets = {k: v for k, v in card.__dict__.items() if k not in NOT_SEARCHED}
    lead = " ".join(facets.pop(name) for name in LEAD_FACETS if facets.get(name))
    body = " ".join(_strings(list(facets.values())))
    return words(card.title), words(lead), words(body)


def words(text: str) -> str:
    """Lower-cased words, in any script, each after one space: a search term (made the same
    way) is found where a word starts, so " rag" is in " rag vs fine tuning" and never in
    " fragile", and " lock in" finds "lock-in"."""
    return " " + _NOT_A_WORD.sub(" ", text.lower()).strip()


def _strings(value: object) -> Iterable[str]:
    """Every string in a facet value, in field order (walking model instances directly is
    several times faster than dumping them first, and loads compute this for every card)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, BaseModel):
        for item in value.__dict__.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
