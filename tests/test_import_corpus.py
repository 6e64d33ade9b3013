"""Issue 11: cards as people paste them. A corpus of variants of our own card text (never the
public catalog's), each with the card it must give or the one line it must be refused with."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tradeoffs.errors import CatalogError, TradeoffsError
from tradeoffs.formats.problems import shown
from tradeoffs.formats.text import parse_text, render_text
from tradeoffs.formats.text.layout import DECISION_LAYOUT, LAYOUTS, Group, sections
from tradeoffs.models import CARD_ADAPTER, Card, Decision, Link, RedFlag

DATA = Path(__file__).parent / "data"
PASTED = DATA / "pasted"


def fixture(name: str) -> Card:
    text = (DATA / "text" / f"{name}.yaml").read_text(encoding="utf-8")
    return CARD_ADAPTER.validate_python(yaml.safe_load(text))


DECISION = fixture("cron-jobs-vs-workflow-engine")
# What the text format carries of the card: links by title, as a reader sees them.
EXPECTED = parse_text(render_text(DECISION))
TEXT = render_text(DECISION)
LINES = TEXT.splitlines()
CAPTIONS = {
    line
    for layout in LAYOUTS.values()
    for section in sections(layout.elements)
    for line in section.subtitle
}
GROUP_CAPTIONS = {
    "Two poles of the trade-off",
    "Who pays, how it ages, and what undoing it costs",
    "The work you still have to do",
    "What's usually pushing the call, and what should",
    "How AI bends this decision",
    "Connected decisions",
    "Where this card sits in the catalog.",
    "Pressures to recognize and discount.",
    "Concrete signals that genuinely point to one pole.",
}
HEADINGS = {"Key factors", "Questions to ask", "Evidence needed", "Heuristic", "Best when"}


def each_line(change: Callable[[str], str]) -> str:
    return "\n".join(change(line) for line in LINES)


def bullets(mark: str) -> str:
    return each_line(lambda line: mark + line[1:] if line.startswith("- ") else line)


def without(lines: set[str]) -> str:
    return "\n".join(
        line
        for line in LINES
        if line not in lines
        and not line.startswith("Neither is")
        and not line.startswith("Trade-offs are rarely")
        and not line.startswith("The reference")
        and not line.startswith("On the left")
        and not line.startswith("Where AI accelerates")
        and not line.startswith("Nearby decisions this")
    )


GROUP_LINES = {
    line
    for layout in LAYOUTS.values()
    for element in layout.elements
    if isinstance(element, Group)
    for group in (element, *(inner for inner in element.elements if isinstance(inner, Group)))
    for line in group.header
}


def without_group_headers(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if line not in GROUP_LINES)


def reordered(text: str) -> str:
    """The text with the layout's top-level sections and groups in the reverse order (the
    title and summary first still; an option's facets still after it)."""
    names = {"a": DECISION.option_a.name, "b": DECISION.option_b.name}
    openings = {
        element.header[0] if isinstance(element, Group) else element.heading_lines(names)[0]
        for element in DECISION_LAYOUT.elements
    }
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if line in openings:
            blocks.append([])
        blocks[-1].append(line)
    return "\n".join(line for block in [blocks[0], *reversed(blocks[1:])] for line in block)


def options_swapped(text: str) -> str:
    """The text with Option B and its facets before Option A and its facets."""
    lines = text.splitlines()
    a, b, end = (
        lines.index(line) for line in ("Option A", "Option B", "Cost, time, and reversibility")
    )
    return "\n".join([*lines[:a], *lines[b:end], *lines[a:b], *lines[end:]])


def replace(old: str, new: str, text: str = TEXT) -> str:
    assert old in text, old
    return text.replace(old, new)


# name -> text that must give exactly EXPECTED
ACCEPTED_AS_IS: dict[str, str] = {
    "bullets •": bullets("•"),
    "bullets * ": bullets("*"),
    "bullets –": bullets("–"),
    "bullets ·": bullets("·"),
    "bullets glued •": bullets("•").replace("• ", "•"),
    "headings upper case": each_line(lambda line: line.upper() if line in HEADINGS else line),
    "headings with a colon": each_line(lambda line: line + ":" if line in HEADINGS else line),
    "no captions": without(CAPTIONS | GROUP_CAPTIONS),
    "captions in other words": each_line(
        lambda line: "(a note the site shows here)" if line in CAPTIONS - {""} else line
    ),
    "summary not repeated": replace(
        f"{DECISION.decision_question}\n{DECISION.summary}\n", f"{DECISION.decision_question}\n"
    ),
    "non-breaking and repeated spaces": each_line(lambda line: line.replace(" ", "\u00a0 ")),
    "zero-width spaces": each_line(lambda line: line.replace("Key", "K\u200bey")),
    "curly apostrophe in a heading": replace(
        "What's usually pushing the call\nPressures",
        "What\u2019s usually pushing the call\nPressures",
    ),
    "byte-order mark": "\ufeff" + TEXT,
    "windows line ends and indentation": "\r\n".join("   " + line for line in LINES),
    "site panel names": replace(
        "Related failure modes\n",
        "Often leads to failure modes\n",
        replace(
            "Red flags\n", "Related red flags\n", replace("Playbooks\n", "Related playbooks\n")
        ),
    ),
    "reference codes and pending markers": replace(
        "- Silent Job Rot",
        "- FM · 05 Silent Job Rot",
        replace("- Nobody Owns the Crontab", "- Nobody Owns the Crontab (pending)"),
    ),
    "pending on its own line": replace("- Silent Job Rot\n", "- Silent Job Rot\nPending\n"),
    "a kind line for a decision": replace(DECISION.title + "\n", DECISION.title + "\nDecision\n"),
    "no group header lines": without_group_headers(TEXT),
    "sections in reverse order": reordered(TEXT),
    "sections in reverse order, no group header lines": without_group_headers(reordered(TEXT)),
    "the options in reverse order": options_swapped(TEXT),
    "pending marker and code before a title": replace(
        "- Silent Job Rot",
        "• (pending) FM · 05 Silent Job Rot",
        replace("- Nobody Owns the Crontab", "- RF · 12 [Pending] Nobody Owns the Crontab"),
    ),
}


@pytest.mark.parametrize("text", ACCEPTED_AS_IS.values(), ids=ACCEPTED_AS_IS.keys())
def test_pasted_variant_gives_the_same_card(text: str) -> None:
    assert parse_text(text) == EXPECTED


def test_the_accepted_variants_do_change_the_text() -> None:
    for name, text in ACCEPTED_AS_IS.items():
        assert text != TEXT, name


def test_site_panels_of_a_red_flag_with_codes_pending_and_a_bom() -> None:
    text = "\ufeff" + (PASTED / "site-panels.txt").read_text(encoding="utf-8").lstrip("\ufeff")
    card = parse_text(text, "site-panels.txt")
    assert isinstance(card, RedFlag)
    assert (card.id, card.title) == (
        "pager-fatigue-vs-missed-incidents",
        "Pager Fatigue vs Missed Incidents",
    )
    assert card.what_you_notice and card.why_it_matters
    assert card.links.decision == [
        Link(
            title="Cron Jobs vs Workflow Engine",
            note="Alert rules often grow out of the scheduler choice.",
        )
    ]
    assert card.links.failure_mode == [
        Link(title="Silent Job Rot"),
        Link(title="Alert Storm Normalisation"),
    ]
    assert card.links.playbook == [Link(title="Moving a Scheduled Job to a Workflow Engine")]


def test_every_link_group_is_read_under_each_of_its_names() -> None:
    from tradeoffs.vocabulary import GROUPS_BY_KIND, LINK_GROUP_SPECS

    for kind, groups in GROUPS_BY_KIND.items():
        if kind not in LAYOUTS:  # decision records are read from their own Markdown
            continue
        for group in groups:
            spec = LINK_GROUP_SPECS[group]
            for heading in (spec.label, *spec.aliases):
                layout = LAYOUTS[kind]
                head = ["A Card Title", *([layout.label] if layout.label else [])]
                body = (
                    ["Options on the table", "Option A", "One", "Option B", "Two"]
                    if kind == "decision"
                    else []
                )
                text = "\n".join([*head, *body, "Relationships", heading, "- Other Card"])
                card = parse_text(text)
                assert getattr(card.links, group) == [Link(title="Other Card")], (kind, heading)


@pytest.mark.parametrize(
    ("name", "card_id"),
    [("cjk-title.txt", "card-"), ("cyrillic-title.txt", "kesh-ili-ochered")],
)
def test_titles_in_any_script_get_an_id(name: str, card_id: str) -> None:
    card = parse_text((PASTED / name).read_text(encoding="utf-8"), name)
    assert isinstance(card, Decision)
    assert card.id.startswith(card_id)
    assert parse_text((PASTED / name).read_text(encoding="utf-8")).id == card.id  # stable


def test_our_own_rendering_is_unchanged_and_round_trips() -> None:
    assert render_text(EXPECTED) == TEXT
    assert "Often leads to" in render_text(fixture("silent-job-rot"))


# name -> (text, the one line it is refused with)
REFUSED: dict[str, tuple[str, str]] = {
    "empty": ("\ufeff\n \u00a0\n", "<text>:1: title: missing: the text is empty"),
    "cut off in an option": (
        (PASTED / "cut-off.txt").read_text(encoding="utf-8"),
        "<text>:13: option_b: missing: the text ends before 'Option B' (is the text cut off?)",
    ),
    "cut off before the options": (
        "\n".join(LINES[:13]),
        "<text>:13: option_a: missing: the text ends before 'Option A', 'Option B' "
        "(is the text cut off?)",
    ),
    "cut off under a heading": (
        TEXT[: TEXT.index("Key factors") + len("Key factors")],
        f"<text>:{LINES.index('Key factors') + 1}: key_factors: expected '- ' items under "
        "'Key factors', got the end of the text (is the text cut off?)",
    ),
    "a bullet outside a list": (
        replace("Heuristic\n", "Heuristic\n- stray\n"),
        f"<text>:{LINES.index('Heuristic') + 2}: decision_heuristic: expected a line of text "
        "under 'Heuristic', got '- stray'",
    ),
    "two lines where one belongs": (
        replace("Heuristic\n", "Heuristic\nFirst thought.\n"),
        f"<text>:{LINES.index('Heuristic') + 3}: decision_heuristic: unexpected line "
        f"{shown(LINES[LINES.index('Heuristic') + 1])} under 'Heuristic': expected one line of "
        "text, "
        "then the next heading",
    ),
    "a heading twice": (
        replace("Key factors\n", "Questions to ask\n"),
        f"<text>:{LINES.index('Key factors') + 1}: questions_to_ask: heading 'Questions to ask' "
        f"appears twice (first on line {LINES.index('Questions to ask') + 1}): expected each "
        "heading once",
    ),
    "an escape sequence in a bullet": (
        replace("- nightly report exports", "- nightly \x1b[31mreport exports"),
        f"<text>:{LINES.index('- nightly report exports') + 1}: option_a.real_world_fits.0: "
        "control character U+001B is not allowed (text may hold tabs and newlines, no other "
        "control characters)",
    ),
    "no letters in the title": (
        "!!!\n" + "\n".join(LINES[1:]),
        "<text>:1: title: '!!!' has no letters or digits to make an id from",
    ),
}


@pytest.mark.parametrize(("text", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_pasted_variant_is_refused_with_one_line(text: str, message: str) -> None:
    with pytest.raises(CatalogError) as caught:
        parse_text(text)
    assert str(caught.value) == message
    assert "\n" not in str(caught.value)
    assert isinstance(caught.value, TradeoffsError)


# Pasted files: each NAME.txt gives the card of NAME.yaml, or is refused with NAME.error's line.
EXPECTED_CARDS = sorted(PASTED.glob("*.yaml"))
EXPECTED_ERRORS = sorted(PASTED.glob("*.error"))


@pytest.mark.parametrize("expected", EXPECTED_CARDS, ids=lambda path: path.stem)
def test_pasted_file_gives_its_expected_card(expected: Path) -> None:
    source = expected.with_suffix(".txt")
    card = parse_text(source.read_text(encoding="utf-8"), source.name)
    assert card == CARD_ADAPTER.validate_python(yaml.safe_load(expected.read_text("utf-8")))
    assert parse_text(render_text(card)) == card  # and we write it our way


@pytest.mark.parametrize("expected", EXPECTED_ERRORS, ids=lambda path: path.stem)
def test_pasted_file_is_refused_with_its_one_line(expected: Path) -> None:
    source = expected.with_suffix(".txt")
    with pytest.raises(CatalogError) as caught:
        parse_text(source.read_text(encoding="utf-8"), source.name)
    assert f"{caught.value}\n" == expected.read_text(encoding="utf-8")


def test_every_pasted_file_has_its_expectation() -> None:
    tested_above = {"cjk-title", "cyrillic-title", "site-panels"}
    expectations = {path.stem for path in (*EXPECTED_CARDS, *EXPECTED_ERRORS)}
    assert {path.stem for path in PASTED.glob("*.txt")} == expectations | tested_above
    assert len(EXPECTED_CARDS) + len(EXPECTED_ERRORS) == len(expectations)


def test_corpus_text_is_our_own(seed_card: Path) -> None:
    seed = {line.strip() for line in seed_card.read_text(encoding="utf-8").splitlines()}
    sentences = {line for line in seed if len(line.split()) >= 5}
    for path in PASTED.iterdir():
        assert not sentences & set(path.read_text(encoding="utf-8").splitlines()), path.name
    assert not re.search("self-host", TEXT, re.IGNORECASE)
