"""The text format: the seed's round trip, our own card of each kind, and malformed input."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from tradeoffs.errors import TradeoffsError
from tradeoffs.formats.native import dump_card
from tradeoffs.formats.text import parse_text, render_text, resolve_titles, slugify
from tradeoffs.formats.text.layout import DECISION_LAYOUT, Group
from tradeoffs.models import CARD_ADAPTER, Card, Decision, Link, Links, Option
from tradeoffs.vocabulary import GROUPS_BY_KIND

DATA = Path(__file__).parent / "data" / "text"
FIXTURES = {
    "decision": "cron-jobs-vs-workflow-engine",
    "failure_mode": "silent-job-rot",
    "red_flag": "nobody-owns-the-crontab",
    "playbook": "moving-a-scheduled-job-to-a-workflow-engine",
}


def load_fixture(kind: str) -> Card:
    data = yaml.safe_load((DATA / f"{FIXTURES[kind]}.yaml").read_text(encoding="utf-8"))
    return CARD_ADAPTER.validate_python(data)


def fixture_lines(kind: str) -> list[str]:
    return render_text(load_fixture(kind)).splitlines()


def through_native_yaml(card: Card) -> Card:
    return CARD_ADAPTER.validate_python(yaml.safe_load(dump_card(card)))


def significant_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def unset_facets(model: BaseModel, prefix: str = "") -> list[str]:
    """Facets left empty, looking inside options, per-option facets, warning signs and steps."""
    unset = []
    for name in type(model).model_fields:
        value = getattr(model, name)
        where = prefix + name
        if name in ("extra", "links"):  # extra is never shown; links are checked by group
            continue
        if isinstance(value, BaseModel):
            unset += unset_facets(value, f"{where}.")
        elif not value:
            unset.append(where)
        elif isinstance(value, list) and isinstance(value[0], BaseModel):
            unset += unset_facets(value[0], f"{where}.0.")
    return unset


@pytest.fixture(scope="module")
def seed_text(seed_card: Path) -> str:
    return seed_card.read_text(encoding="utf-8")


# -- the seed ------------------------------------------------------------------------------


def test_seed_renders_back_line_for_line(seed_text: str) -> None:
    card = parse_text(seed_text, "seed.txt")
    assert significant_lines(render_text(card)) == significant_lines(seed_text)


def test_seed_facets_land_where_the_model_says(seed_text: str) -> None:
    card = parse_text(seed_text, "seed.txt")
    assert isinstance(card, Decision)
    assert card.id == "model-api-vs-self-hosted-model"
    assert (card.option_a.name, card.option_b.name) == ("Model API", "Self-Hosted Model")
    assert card.reversibility == "Moderate-hard"
    assert [len(card.option_a.best_when), len(card.cost_bearer.option_b)] == [3, 2]
    lost_titles, concept = card.links.confused_with[:2], card.links.confused_with[2]
    assert all(link.note and link.target is None for link in lost_titles)
    assert concept.concept == "A vendor-selection decision"
    assert concept.id is None and concept.title is None and concept.note
    assert [group for group, _ in card.links.groups()] == ["confused_with"]


def test_seed_survives_native_yaml(seed_text: str) -> None:
    card = parse_text(seed_text, "seed.txt")
    assert render_text(through_native_yaml(card)) == render_text(card)


def test_fixtures_copy_no_sentence_of_the_seed(seed_text: str) -> None:
    sentences = {line for line in significant_lines(seed_text) if len(line.split()) >= 5}
    for path in sorted(DATA.iterdir()):
        copied = sentences & set(significant_lines(path.read_text(encoding="utf-8")))
        assert not copied, f"{path.name} copies the seed: {sorted(copied)}"


# -- our own cards, one of each kind -------------------------------------------------------


@pytest.mark.parametrize("kind", FIXTURES)
def test_fixture_fills_every_facet(kind: str) -> None:
    card = load_fixture(kind)
    assert card.kind == kind
    assert unset_facets(card) == []
    assert {group for group, _ in card.links.groups()} == set(GROUPS_BY_KIND[card.kind])


@pytest.mark.parametrize("kind", FIXTURES)
def test_render_parse_render_is_identity(kind: str) -> None:
    card = load_fixture(kind)
    text = render_text(card)
    parsed = parse_text(text)
    assert parsed == card
    assert render_text(parsed) == text


@pytest.mark.parametrize("kind", FIXTURES)
def test_render_survives_native_yaml(kind: str) -> None:
    card = load_fixture(kind)
    assert render_text(through_native_yaml(card)) == render_text(card)


@pytest.mark.parametrize("kind", ["failure_mode", "red_flag", "playbook"])
def test_render_matches_the_written_layout(kind: str) -> None:
    expected = (DATA / f"{FIXTURES[kind]}.txt").read_text(encoding="utf-8")
    assert render_text(load_fixture(kind)) == expected


def test_parse_ignores_indentation_and_blank_lines() -> None:
    text = render_text(load_fixture("playbook"))
    loose = "\n\n".join(f"   {line}  " for line in text.splitlines())
    assert parse_text(loose) == load_fixture("playbook")


# -- empty facets, links, one-line values --------------------------------------------------


def minimal_decision(title: str = "Cron Jobs vs Workflow Engine") -> Decision:
    return Decision(
        id=slugify(title),
        title=title,
        option_a=Option(name="Cron jobs"),
        option_b=Option(name="Workflow engine"),
    )


def options_header() -> list[str]:
    group = next(
        element
        for element in DECISION_LAYOUT.elements
        if isinstance(element, Group) and element.header[0] == "Options on the table"
    )
    return list(group.header)


def test_empty_facets_leave_out_their_sections_and_groups() -> None:
    card = minimal_decision()
    text = render_text(card)
    assert text.splitlines() == [
        "Cron Jobs vs Workflow Engine",
        *options_header(),
        "Option A",
        "Cron jobs",
        "Option B",
        "Workflow engine",
    ]
    assert parse_text(text) == card


def test_links_show_catalog_titles_then_own_title_then_id() -> None:
    card = minimal_decision().model_copy(
        update={
            "links": Links(
                adjacent=[
                    Link(id="queue-vs-direct-call", title="Old title", note="Handed over."),
                    Link(id="build-vs-buy", title="Build vs Buy"),
                    Link(id="unknown-card"),
                ]
            )
        }
    )
    lines = render_text(card, titles={"queue-vs-direct-call": "Queue vs Direct Call"}).splitlines()
    assert lines[lines.index("Adjacent decisions") + 2 :] == [
        "- Queue vs Direct Call",
        "Handed over.",
        "- Build vs Buy",
        "- unknown-card",
    ]


def test_resolve_titles_matches_case_insensitively_and_keeps_titles() -> None:
    parsed = parse_text(render_text(load_fixture("decision")))
    resolved = resolve_titles(
        parsed, {"queue vs DIRECT call": "queue-vs-direct-call", "Silent Job Rot": "silent-job-rot"}
    )
    first, concept = resolved.links.confused_with
    assert (first.id, first.title) == ("queue-vs-direct-call", "Queue vs Direct Call")
    assert first.note == parsed.links.confused_with[0].note
    assert concept == parsed.links.confused_with[1]
    assert resolved.links.failure_mode == [Link(id="silent-job-rot", title="Silent Job Rot")]
    assert resolved.links.adjacent == parsed.links.adjacent  # not in the catalog: left alone
    assert parsed.links.failure_mode == [Link(title="Silent Job Rot")]  # the input is unchanged


def test_multi_line_values_are_written_on_one_line() -> None:
    card = minimal_decision().model_copy(update={"decision_heuristic": "Stay with cron\n  now."})
    lines = render_text(card).splitlines()
    assert lines[lines.index("Heuristic") + 1] == "Stay with cron now."


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Model API vs Self-Hosted Model", "model-api-vs-self-hosted-model"),
        ("Cron Jobs vs. Workflow Engine", "cron-jobs-vs-workflow-engine"),
        ("  Café & Crème: A/B  ", "cafe-creme-a-b"),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


# -- malformed text ------------------------------------------------------------------------


def edited(kind: str, start: int, stop: int, replacement: list[str]) -> str:
    """The fixture's text with lines ``start..stop`` (1-based, inclusive) replaced."""
    lines = fixture_lines(kind)
    lines[start - 1 : stop] = replacement
    return "\n".join(lines)


def decision_lines() -> list[str]:
    return fixture_lines("decision")


def minimal_lines() -> list[str]:
    return render_text(minimal_decision()).splitlines()


# Decision fixture: 12 "Heuristic", 13 its text, 14-16 "Default stance", subtitle, text.
MALFORMED = {
    "empty text": ("", "<text>:1: title: missing: the text is empty"),
    "title missing": (
        "\n".join(decision_lines()[2:]),
        "<text>:1: title: missing: the first line is the heading '- Really about'",
    ),
    "title without letters": (
        "\n".join(["!!!", *minimal_lines()[1:]]),
        "<text>:1: title: '!!!' has no letters or digits to make an id from",
    ),
    "heading twice": (
        edited("decision", 12, 13, decision_lines()[11:13] * 2),
        "<text>:14: decision_heuristic: heading 'Heuristic' appears twice (first on line 12): "
        "expected each heading once",
    ),
    "bullet outside a section": (
        edited("decision", 13, 13, [decision_lines()[12], "- stray"]),
        "<text>:14: decision_heuristic: bullet '- stray' outside a list under 'Heuristic': "
        "expected a heading",
    ),
    "summary not repeated": (
        edited("decision", 11, 11, ["Another summary."]),
        "<text>:11: decision_question: unexpected line 'Another summary.' under "
        "'The decision': expected one line of text, then the next heading",
    ),
    "unknown heading": (
        edited("failure_mode", 75, 75, ["In the meeting"]),
        "<text>:75: ai_specific_notes: unexpected line 'In the meeting' under 'AI synthesis': "
        "expected one line of text, then the next heading",
    ),
    "text ends under a heading": (
        "\n".join(fixture_lines("failure_mode")[:4]),
        "<text>:4: alternative_names: expected '- ' items under 'Also known as', "
        "got the end of the text (is the text cut off?)",
    ),
    # Issue 19: taken for a caption, the misspelled heading and its value were dropped.
    "misspelled heading after a group caption": (
        edited("failure_mode", 15, 15, ["Severty"]),
        "<text>:15: (card): unexpected line 'Severty' under 'At a glance': expected a heading "
        "(such as 'Severity')",
    ),
    "step without its heading": (
        edited("playbook", 33, 33, ["Pick the first job"]),
        "<text>:33: steps: expected 'Step 1 · <title>' under 'Steps', got 'Pick the first job'",
    ),
    "steps out of sequence": (
        edited("playbook", 40, 40, ["Step 3 · Run both schedules side by side"]),
        "<text>:31: steps: steps must be numbered 1..2 in order, got [1, 3]",
    ),
}


# Read liberally since issue 11: a caption of another wording, and a line between a heading and
# its items, are captions (the site's fixed explanations carry no data).
TOLERATED = {
    "other caption under a group": edited("failure_mode", 14, 14, ["Overview."]),
    "a line before the items": edited("failure_mode", 5, 5, ["Dead cron"]),
}


# Read since the new-user trial of issue 11 (a card typed from memory): group header lines
# carry no data and may be left out; sections come in any order.
FREE_ORDER = {
    "options header missing": "\n".join([minimal_lines()[0], *minimal_lines()[4:]]),
    "heading out of order": edited(
        "decision", 12, 16, decision_lines()[13:16] + decision_lines()[11:13]
    ),
    "link group without its group header": "\n".join(
        [*minimal_lines(), "Adjacent decisions", "- Queue vs Stream"]
    ),
}


@pytest.mark.parametrize("text", FREE_ORDER.values(), ids=FREE_ORDER.keys())
def test_group_headers_are_optional_and_sections_come_in_any_order(text: str) -> None:
    card = parse_text(text)
    assert card.kind == "decision"
    assert parse_text(render_text(card)) == card


def test_a_step_section_outside_its_step_is_refused() -> None:
    lines = fixture_lines("playbook")
    purpose = lines.index("Purpose")
    text = "\n".join([*lines[:3], *lines[purpose : purpose + 2], *lines[3:]])
    with pytest.raises(TradeoffsError) as raised:
        parse_text(text)
    assert str(raised.value) == (
        "<text>:4: (card): heading 'Purpose' is out of order: expected it after a "
        "'Step N · <title>' line"
    )


def test_steps_may_leave_out_their_heading_but_stay_together() -> None:
    lines = fixture_lines("playbook")
    steps = lines.index("Steps")
    first_step = next(index for index, line in enumerate(lines) if line.startswith("Step 1 · "))
    assert parse_text("\n".join(lines[:steps] + lines[first_step:])) == load_fixture("playbook")
    text = "\n".join(
        ["Retire a Job", "Playbook", "Step 1 · List readers", "Goal", "No job.", "Step 2 · Off"]
    )
    with pytest.raises(TradeoffsError) as raised:
        parse_text(text)
    assert str(raised.value) == (
        "<text>:6: steps: heading 'Step 2 · Off' under 'Goal' is out of order: expected every "
        "step together under 'Steps' (they start on line 3)"
    )


@pytest.mark.parametrize("text", TOLERATED.values(), ids=TOLERATED.keys())
def test_captions_of_any_wording_are_tolerated(text: str) -> None:
    assert parse_text(text).kind == "failure_mode"


@pytest.mark.parametrize(("text", "message"), MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_text_is_reported_as_one_line(text: str, message: str) -> None:
    with pytest.raises(TradeoffsError) as raised:
        parse_text(text)
    assert str(raised.value) == message


def test_a_title_written_as_a_markdown_heading_drops_its_marks() -> None:
    """Issue 19: '# Title' kept its '#'."""
    for marks in ("# ", "## ", "#\t"):
        card = parse_text(marks + "\n".join(fixture_lines("failure_mode")))
        assert card == load_fixture("failure_mode")
    assert parse_text("#hashtag\nRed flag").title == "#hashtag"  # not a heading: no space


def test_errors_name_the_source() -> None:
    with pytest.raises(TradeoffsError, match=r"^cards/cron\.txt:1: title: missing"):
        parse_text("\n\n", "cards/cron.txt")
