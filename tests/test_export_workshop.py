"""The workshop pack: a session plan that fits the clock and the room, and the files a
facilitator prints and runs as printed.

One pack of the bundled catalog (the focus model-api-vs-self-hosted-model at depth 2, 90
minutes, 8 people) and one revisiting a decision record are built once for the module; the
structure is checked from the PDFs (pypdf: text, pages, font sizes), the Markdown guide and
the HTML pages WeasyPrint lays out, not by comparing whole pages.
"""

import os
import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from math import ceil
from pathlib import Path

import pypdf
import pytest
from conftest import need, run_cli
from PIL import Image

from tradeoffs import queries
from tradeoffs.errors import ExportError, OutputError, OutputNotOurs, Problem, TradeoffsError
from tradeoffs.export import export, read_json_export
from tradeoffs.export.document import markdown_blocks, to_markdown
from tradeoffs.export.handouts import shorten
from tradeoffs.export.overview import (
    LABEL_CHAR_WIDTH,
    NOTE_CHARS,
    layout,
    overview_html,
    segment_hits_box,
)
from tradeoffs.export.workshop import guide_blocks, print_list
from tradeoffs.formats.markdown import md_text
from tradeoffs.generate import generate_catalog
from tradeoffs.graph import open_store
from tradeoffs.graph.build import build_graph
from tradeoffs.graph.memory import MemoryStore
from tradeoffs.graph.view import view
from tradeoffs.io.marks import MARKER_FILE
from tradeoffs.models import CARD_ADAPTER, Card, Edge, Subgraph
from tradeoffs.queries.session import (
    FULL_DECISIONS,
    SESSION_MINUTES,
    apportion,
    plan_session,
    reason,
)
from tradeoffs.vocabulary import EDGE_SPECS

DATA = Path(__file__).parent / "data"
HOSTILE = DATA / "export" / "hostile"
DOCS = Path(__file__).resolve().parents[1] / "docs"
FOCUS = "model-api-vs-self-hosted-model"
FOCI = [FOCUS, "trunk-based-vs-long-lived-branches", "rag-vs-fine-tuning"]
RECORD = "0003-move-nightly-jobs-to-a-workflow-engine"
PACK = [
    "capture-sheets.html",
    "capture-sheets.pdf",
    "facilitator-card.html",
    "facilitator-card.pdf",
    "facilitator.html",
    "facilitator.md",
    "facilitator.pdf",
    "focus-card.html",
    "focus-card.pdf",
    "map.html",
    "overview.html",
    "overview.pdf",
    "print-list.md",
    "subgraph.json",
    "table-cards.html",
    "table-cards.pdf",
    "worksheets.html",
    "worksheets.pdf",
]
# Everything handed out: what the room reads, never the facilitator's own copies.
HANDOUTS = [
    "focus-card.pdf",
    "table-cards.pdf",
    "capture-sheets.pdf",
    "overview.pdf",
    "worksheets.pdf",
]
ORDER = ["opening", "warm_up", "steelman", "vote", "pre_mortem", "red_flags", "decide"]
MADR = [
    "Status",
    "Date",
    "Decider",
    "Rule",
    "Context and problem statement",
    "Decision drivers",
    "Considered options",
    "Decision outcome",
    "Chosen option:",
    "Consequences",
    "Good, because",
    "Bad, because",
    "Confirmation",
    "When to revisit",
]
# What a short card puts before a card's own text: a label, a step's number, a quote.
LABELLED = re.compile(
    r"^(?:(?:Best when|Strength|Cost|Hidden cost|Early|Mid|Late): |\d+\. |“[^”]*”: )"
)
# Sentences the pack once printed that no person would write.
BROKEN = [
    re.compile(r"Here because"),
    re.compile(r"\bby\s*(?:$|[.:;,)]|\*\*)", re.MULTILINE),  # "Listed as a ... by" and nothing
    re.compile(r"decisions this decision"),
    re.compile(r"(?i)\b(?:with|by|to|of|for|as) this\.?$", re.MULTILINE),
    re.compile(r"\b1 (?:cards|links|minutes|tables|sheets|pages|people)\b"),
    re.compile(r"\b(?:[02-9]|\d\d+) (?:card|link|minute|table|sheet)\b(?![-\w])"),
    re.compile(r"\s[.,;:]"),
    re.compile(r"[.,;:]{2}|,\."),
    re.compile(r"\(\s*\)|\b(?:None|null|undefined)\b"),
    re.compile(r"…|\.\.\.$", re.MULTILINE),
]


def select(catalog: Path | None, **selection: object) -> Subgraph:
    return queries.select(open_store("memory", catalog), queries.Selection(**selection))


def records_store(tmp_path: Path) -> MemoryStore:
    """The mini catalog with the well-formed decision records of tests/data/records."""
    records = tmp_path / "adr"
    records.mkdir()
    for source in sorted((DATA / "records").glob("000[1-6]-*.md")):
        (records / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    store = open_store("memory", [DATA / "mini"], records=records)
    assert isinstance(store, MemoryStore)
    return store


@pytest.fixture(scope="module")
def bundled() -> Subgraph:
    return select(None, focus=FOCUS, depth=2)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The bundled pack for 8 people and 90 minutes, and the warnings its export gave."""
    subgraph = select(None, focus=FOCUS, depth=2)
    path = tmp_path_factory.mktemp("bundled") / "pack"
    told: list[Problem] = []
    export(subgraph, "workshop", path, focus=FOCUS, minutes=90, participants=8, report=told.append)
    return path, [problem.message for problem in told]


@pytest.fixture(scope="module")
def pack(built: tuple[Path, list[str]]) -> Path:
    return built[0]


@pytest.fixture(scope="module")
def record_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 60-minute pack that revisits record 3, selected at the default depth."""
    tmp = tmp_path_factory.mktemp("record")
    store = records_store(tmp)
    subgraph = queries.select(store, queries.Selection(focus=RECORD))
    return export(subgraph, "workshop", tmp / "pack", focus=RECORD, records=tmp / "adr")


@pytest.fixture(scope="module")
def hostile_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "pack"
    return export(select(HOSTILE), "workshop", path, focus="end")


def pages(path: Path) -> list[str]:
    """Each page's text, whitespace made single spaces."""
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def unspaced(text: str) -> str:
    """Text with no white space: a command as a PDF wraps it, across lines."""
    return "".join(text.split())


def guide(pack: Path) -> str:
    return (pack / "facilitator.md").read_text(encoding="utf-8")


def guide_markdown(subgraph: Subgraph, focus: str | None, minutes: int, people: int) -> str:
    """The guide's Markdown as the pack writes it, without typesetting the PDFs (their page
    counts only fill the print list)."""
    plan = plan_session(subgraph, focus, minutes, people)
    names = ["facilitator-card.pdf", "focus-card.pdf", "capture-sheets.pdf"]
    counts = dict.fromkeys([*names, "table-cards.pdf", "overview.pdf", "worksheets.pdf"], 1)
    return to_markdown(guide_blocks(plan, subgraph, print_list(plan, counts)))


def section(text: str, number: int) -> str:
    """The guide's activity ``number``, up to the next heading of its level."""
    return text.split(f"\n## {number}. ")[1].split("\n## ")[0]


def agenda(text: str) -> list[tuple[str, int, str]]:
    """The Start | Minutes | Activity rows of the table the guide opens with."""
    lines = text.splitlines()
    assert lines[0].startswith("# ") and lines[1] == ""
    assert lines[2] == "| Start | Minutes | Activity |"
    rows = []
    for line in lines[4:]:
        if not line.startswith("|"):
            break
        start, minutes, activity = (cell.strip() for cell in line.strip("|").split("|"))
        rows.append((start, int(minutes), activity))
    return rows


class Elements(HTMLParser):
    """Every element's tag and attributes, and all the text, of an HTML page."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.items: list[str] = []  # the text of every <li>
        self._in_li = False
        self._skip = 0  # inside <style> or <title>: not text a reader sees
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.elements.append((tag, dict(attrs)))
        if tag == "li":
            self._in_li = True
            self.items.append("")
        self._skip += tag in ("style", "title")

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self._in_li = False
        self._skip -= tag in ("style", "title")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if self._in_li:
            self.items[-1] += data


def font_sizes(path: Path) -> set[float]:
    """The size of every piece of text in the PDF, in points."""
    sizes: set[float] = set()

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            scale = (tm[2] ** 2 + tm[3] ** 2) ** 0.5 * (cm[2] ** 2 + cm[3] ** 2) ** 0.5
            sizes.add(round(size * scale, 1))

    for page in pypdf.PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def strings(value: object) -> list[str]:
    """Every string in a card's data, whitespace made single spaces."""
    if isinstance(value, str):
        return [flat(value)]
    if isinstance(value, dict):
        return [text for inner in value.values() for text in strings(inner)]
    if isinstance(value, list):
        return [text for inner in value for text in strings(inner)]
    return []


def card(kind: str, card_id: str, **fields: object) -> Card:
    data: dict[str, object] = {"kind": kind, "id": card_id, "title": card_id.replace("-", " ")}
    if kind == "decision":
        data |= {"option_a": {"name": "Left"}, "option_b": {"name": "Right"}}
    return CARD_ADAPTER.validate_python(data | fields)


# ---- the session plan ----


@pytest.mark.parametrize("minutes", SESSION_MINUTES)
@pytest.mark.parametrize("people", [4, 8, 16, 30, 40])
def test_the_plan_fits_the_clock_in_the_order_a_session_runs(
    bundled: Subgraph, minutes: int, people: int
) -> None:
    plan = plan_session(bundled, FOCUS, minutes, people)
    assert sum(a.minutes for a in plan.activities) == minutes
    assert [a.start for a in plan.activities] == [
        sum(a.minutes for a in plan.activities[:i]) for i in range(len(plan.activities))
    ]
    assert all(a.minutes >= 2 for a in plan.activities)
    keys = [a.key for a in plan.activities]
    assert [k for k in keys if k in ORDER] == ORDER
    assert keys[-2:] == ["actions", "closing"]
    assert plan.focus.id == FOCUS


@pytest.mark.parametrize("minutes", SESSION_MINUTES)
def test_at_most_one_full_decision_an_hour_the_neighbours_are_checks(
    bundled: Subgraph, minutes: int
) -> None:
    plan = plan_session(bundled, FOCUS, minutes)
    assert len(plan.decisions) == FULL_DECISIONS[minutes] <= max(1, minutes // 60)
    keys = [a.key for a in plan.activities]
    assert keys.count("decide") + keys.count("second") == len(plan.decisions)
    assert keys.count("checks") == 1 and plan.checks
    checks = next(a for a in plan.activities if a.key == "checks")
    assert checks.decisions == plan.checks
    assert checks.minutes <= 5 * len(plan.checks)  # a few minutes each


def test_neighbours_are_chosen_by_link_type_confused_with_first(bundled: Subgraph) -> None:
    plan = plan_session(bundled, FOCUS, 90)
    assert [d.id for d in plan.neighbours] == [
        "fast-ai-adoption-vs-governance-first",
        "rag-vs-fine-tuning",
    ]
    assert {plan.why[d.id].label for d in plan.neighbours} == {"Easy to confuse with"}
    assert "build-vs-buy" in {card.id for card in plan.parking_lot}
    assert plan_session(bundled, FOCUS, 60).neighbours == plan.neighbours[:1]
    assert plan_session(bundled, FOCUS, 120).full == plan.neighbours[:1]


def test_an_adjacent_decision_comes_before_one_that_only_shares_cards(
    bundled: Subgraph,
) -> None:
    without_confused = Subgraph(
        cards=bundled.cards,
        edges=[e for e in bundled.edges if e.type != "confused_with"],
    )
    plan = plan_session(without_confused, FOCUS, 60)
    adjacent = {
        e.target if e.source == FOCUS else e.source
        for e in without_confused.edges
        if e.type == "adjacent" and FOCUS in (e.source, e.target)
    }
    first = plan.neighbours[0]
    assert first.id in adjacent
    assert plan.why[first.id].reason == (
        "It sits next to Model API vs Self-Hosted Model: settling one shapes the other."
    )
    assert plan.pairs == []
    assert "warm_up" not in [a.key for a in plan.activities]
    assert sum(a.minutes for a in plan.activities) == 60


def test_a_small_selection_is_scheduled_whole_but_for_what_is_not_linked(
    mini_catalog: Path,
) -> None:
    plan = plan_session(select(mini_catalog), "queue-vs-stream", 45)
    assert [d.id for d in [plan.focus, *plan.neighbours]] == [
        "queue-vs-stream",
        "cron-vs-workflow-engine",
    ]
    assert [card.id for card in plan.parking_lot] == ["data-drift"]  # linked to no decision
    assert plan.warning is not None and plan.warning.endswith(
        "1 goes to the guide's parking lot: Data Drift"
    )


@pytest.mark.parametrize("minutes", [45, 120])
def test_a_huge_selection_is_trimmed_and_says_which_focus_it_chose(minutes: int) -> None:
    cards = generate_catalog(300, seed=3)
    subgraph = queries.select(MemoryStore(build_graph(cards)), queries.Selection())
    plan = plan_session(subgraph, None, minutes)
    assert len(plan.decisions) + len(plan.checks) <= 4
    assert sum(a.minutes for a in plan.activities) == minutes
    assert len(plan.taken) + len(plan.parking_lot) == 300
    assert plan.warning is not None
    assert plan.warning.startswith(
        f"No focus was given, so the session is about {plan.focus.title}, the decision with "
        "the most links in the selection ("
    )
    assert "give --focus to choose another" in plan.warning
    named = plan.warning.split("parking lot: ")[1]
    assert named.startswith(plan.parking_lot[0].title)
    assert named.endswith(f"and {len(plan.parking_lot) - 12} more")


def test_the_whole_catalog_says_which_focus_it_chose(tmp_path: Path) -> None:
    """From the command line, on the bundled catalog: the choice and the way to change it."""
    out = tmp_path / "pack"
    code, _, stderr = run_cli("export", "workshop", "-o", str(out), "--minutes", "45")
    assert code == 0
    chosen = plan_session(select(None), None, 45).focus.title
    assert f"No focus was given, so the session is about {chosen}, the decision" in stderr
    assert f"**Focus:** No focus was given, so the session is about {md_text(chosen)}" in guide(out)


@pytest.mark.parametrize("focus", FOCI)
def test_every_warm_up_pair_involves_the_focus(focus: str) -> None:
    subgraph = select(None, focus=focus, depth=2)
    plan = plan_session(subgraph, focus, 120)
    assert plan.pairs and all(pair.first.id == focus for pair in plan.pairs)
    text = guide_markdown(subgraph, focus, 120, 8)
    warm_up = section(text, 2)
    asked = re.findall(r"^### (.+)$", warm_up, re.MULTILINE)
    assert len(asked) == len(plan.pairs)
    assert all(question.startswith(f"{md_text(plan.focus.title)}, or ") for question in asked)


def test_the_room_shapes_the_moves(bundled: Subgraph) -> None:
    """Pairs below 8 people, tables of four (1-2-4-All) to 16, hosted tables above: the
    steelman and the vote read differently, and above 16 tables report back, never pairs."""
    guides = {people: guide_markdown(bundled, FOCUS, 45, people) for people in (3, 6, 12, 30)}
    steelman = {people: section(text, 3) for people, text in guides.items()}
    assert len(set(steelman.values())) == 4
    assert "**Groups:** Each person alone, one option each." in steelman[3]
    assert "pair" not in steelman[3]
    assert "**Groups:** Pairs (with an odd number, one trio)." in steelman[6]
    assert "Then each pair says" in steelman[6]
    assert "1-2-4-All" in steelman[12] and "Then each table says" in steelman[12]
    assert "4 tables, each run by its host" in steelman[30]
    assert (
        "each table host reports its three strongest reasons in one minute (4 minutes"
        in (steelman[30])
    )
    assert "pair" not in steelman[30].replace("no report per pair", "")
    assert "Table hosts, one per table" in section(guides[30], 1)
    assert "One sentence per table, from its host" in guides[30]
    assert "One sentence each, round the room" in guides[6]
    for text in guides.values():
        opening, *activities = text.split("\n## ")[4:]
        for activity in [opening, *activities][:-2]:  # the last two: after, parking lot
            for lead in ("**Groups:**", "**Move:**", "**Comes out:**", "**Written on:**"):
                assert lead in activity, (lead, activity[:60])


def test_a_record_revisit_selects_what_the_record_applies_at_the_default_depth(
    tmp_path: Path,
) -> None:
    store = records_store(tmp_path)
    subgraph = queries.select(store, queries.Selection(focus=RECORD))
    ids = {card.id for card in subgraph.cards}
    assert {"cron-vs-workflow-engine", "silent-job-rot", "nobody-owns-the-crontab"} <= ids
    plan = plan_session(subgraph, RECORD, 60)
    assert (plan.focus.id, plan.record and plan.record.id) == ("cron-vs-workflow-engine", RECORD)
    assert [c.id for c in plan.failure_modes] == ["silent-job-rot"]
    assert [c.id for c in plan.red_flags] == ["nobody-owns-the-crontab"]
    assert [c.id for c in plan.playbooks] == ["inventory-scheduled-work"]
    assert plan.why[RECORD].reason == "It applies Cron Jobs vs Workflow Engine."
    keys = [a.key for a in plan.activities]
    assert keys[:2] == ["opening", "triggers"]
    decide = next(a for a in plan.activities if a.key == "decide")
    assert decide.title == "Keep, amend or supersede: Move nightly jobs to a workflow engine"


def test_apportion_gives_leftover_minutes_to_the_largest_remainders() -> None:
    assert apportion(60, [1, 1, 2, 2, 2, 1]) == [7, 7, 13, 13, 13, 7]
    assert sum(apportion(45, [5, 8, 15, 7, 12, 10, 7])) == 45


def test_an_edge_reads_from_either_side() -> None:
    edge = Edge(source="a", target="b", type="leads_to", note="mine", reverse_note="theirs")
    mine, theirs = view(edge, "a"), view(edge, "b")
    assert (mine.other, mine.outgoing, mine.label, mine.note) == (
        "b",
        True,
        "Often leads to",
        "mine",
    )
    assert (theirs.other, theirs.outgoing, theirs.label) == ("a", False, "Often caused by")


def test_a_session_is_45_60_90_or_120_minutes_for_two_or_more(
    mini_catalog: Path, tmp_path: Path
) -> None:
    with pytest.raises(ExportError, match=r"one of \(45, 60, 90, 120\) minutes, not 30"):
        export(select(mini_catalog), "workshop", tmp_path / "pack", minutes=30)
    with pytest.raises(ExportError, match="at least two participants, not 1"):
        export(select(mini_catalog), "workshop", tmp_path / "pack", participants=1)
    with pytest.raises(TradeoffsError, match="a decision rule is one of advice, consent, vote"):
        plan_session(select(mini_catalog), None, 60, 8, "shout")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_a_selection_without_decisions_is_an_error(mini_catalog: Path, tmp_path: Path) -> None:
    subgraph = select(mini_catalog, kinds=["failure_mode"])
    with pytest.raises(ExportError, match="needs at least one decision"):
        export(subgraph, "workshop", tmp_path / "pack")


# ---- every generated sentence reads as written ----


def every_link() -> Subgraph:
    """A focus linked to a card of every kind over every edge type, both ways, with empty
    and one-item lists: whatever the pack says about a card, it says here."""
    cards: list[Card] = [
        card("decision", "focus", key_factors=["cost"], when_to_revisit=["traffic doubles"]),
    ]
    edges: list[Edge] = []
    targets = {spec.name: spec for spec in EDGE_SPECS.values()}
    kinds = {"failure_mode": "failure_mode", "red_flag": "red_flag", "playbook": "playbook"}
    for type_ in targets:
        kind = kinds.get(type_, "record" if type_ in ("applies", "supersedes") else "decision")
        for direction in ("out", "in"):
            other = f"{type_.replace('_', '-')}-{direction}"
            cards.append(card(kind, other))
            ends = ("focus", other) if direction == "out" else (other, "focus")
            edges.append(Edge(source=ends[0], target=ends[1], type=type_))
    return Subgraph(cards=cards, edges=edges)


@pytest.mark.parametrize("type_", list(EDGE_SPECS))
def test_every_reason_is_a_sentence_both_ways(type_: str) -> None:
    for outgoing in (True, False):
        text = reason(type_, outgoing, "Build vs Buy")  # type: ignore[arg-type]
        assert text[0].isupper() and text.endswith(".") and "Build vs Buy" in text
        assert not any(form.search(text) for form in BROKEN), text


@pytest.mark.parametrize("minutes", SESSION_MINUTES)
@pytest.mark.parametrize("people", [3, 4, 12, 30])
def test_every_generated_sentence_reads_as_written(minutes: int, people: int) -> None:
    subgraph = every_link()
    plan = plan_session(subgraph, "focus", minutes, people)
    texts = {
        "guide": guide_markdown(subgraph, "focus", minutes, people),
        "overview": "\n".join(Elements(overview_html(plan, subgraph.edges, "Overview")).text),
    }
    for name, text in texts.items():
        for form in BROKEN:
            found = form.search(text)
            assert found is None, (name, form.pattern, text[found.start() - 80 : found.end() + 40])
    # Counts agree: the session paragraph and the warning count the same cards.
    session = re.search(r"on (\d+) cards? of a selection of (\d+) cards", texts["guide"])
    assert session is not None
    assert int(session.group(1)) == len(plan.taken)
    assert int(session.group(2)) == len(subgraph.cards)
    if plan.warning:
        assert f"takes {len(plan.taken)} of the {len(subgraph.cards)} selected" in plan.warning
        left = re.search(r"(\d+) selected cards? waits? in the parking lot", texts["guide"])
        assert left is not None and int(left.group(1)) == len(plan.parking_lot)


def test_shorten_keeps_whole_sentences() -> None:
    text = "First one is short. Second one, e.g. this, runs on. Third! Fourth sentence here."
    assert shorten(text, 200) == text
    assert shorten(text, 60) == "First one is short. Second one, e.g. this, runs on. Third!"
    assert shorten(text, 25) == "First one is short."
    assert shorten(text, 5) == "First one is short."  # the first sentence always, whole
    assert shorten("no stop at all " * 20, 30) == flat("no stop at all " * 20)


def test_markdown_is_read_as_text() -> None:
    blocks = markdown_blocks(
        "A **job** failed [silently](0002-x.md) for a `week`.\n\n"
        "- Good, because *every* job\n  is visible\n- <b>Bad</b>, because __another__ system\n",
        "Context",
    )
    assert to_markdown(blocks) == (
        "**Context:** A job failed silently for a week.\n\n"
        "- Good, because every job is visible\n- Bad, because another system\n"
    )


# ---- the guide ----


def test_the_guide_opens_with_the_agenda_adding_up_to_the_session(pack: Path) -> None:
    text = guide(pack)
    rows = agenda(text)
    assert sum(minutes for _, minutes, _ in rows) == 90
    assert rows[0] == ("0:00", 6, "Opening: the question, who decides and how")
    assert rows[-1][2] == "Closing round"
    clock = 0
    for start, minutes, _ in rows:
        assert start == f"{clock // 60}:{clock % 60:02d}"
        clock += minutes
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    activities = [re.sub(r"^\d+\. | \(\d:\d\d, \d+ min\)$", "", h) for h in headings[2:-2]]
    assert activities == [activity for _, _, activity in rows]
    assert headings[:2] == ["Before the session", "Print list for 8 participants"]
    assert headings[-2:] == ["After the session: the record", "Parking lot"]


def test_the_guide_states_preparation_materials_rule_and_decider(pack: Path) -> None:
    text = guide(pack)
    before = text.split("## Before the session")[1].split("\n## ")[0]
    assert "**Preparation:** Nothing beyond printing" in before
    for thing in ("sticky notes", "dot stickers", "pens", "a timer", "the capture sheets"):
        assert thing in before
    opening = section(text, 1)
    assert "name the decider (one person, by name) and say how we decide: the decider after " in (
        opening
    )
    worksheet = pages(pack / "worksheets.pdf")[0]
    assert "Decider" in worksheet and "Rule the decider after advice" in worksheet


def test_the_heuristic_is_held_back_until_the_room_has_argued(pack: Path) -> None:
    text = flat(guide(pack))
    focus = plan_session(read_json_export(pack / "subgraph.json"), FOCUS, 90).focus
    assert focus.decision_heuristic and focus.default_bias
    heuristic = text.index(md_text(focus.decision_heuristic))
    assert text.count(md_text(focus.decision_heuristic)) == 1
    assert text.index("Silent vote on the key factors (") < heuristic
    assert text.index("## 7. Decide and record") < heuristic
    assert text.index(md_text(focus.default_bias)) > text.index("## 7. Decide and record")


def test_no_handout_gives_away_what_the_session_holds_back(pack: Path) -> None:
    plan = plan_session(read_json_export(pack / "subgraph.json"), FOCUS, 90)
    held = [
        flat(text)[:60]
        for decision in [plan.focus, *plan.neighbours]
        for text in (decision.decision_heuristic, decision.default_bias)
        if text
    ]
    assert len(held) == 6
    for name in HANDOUTS:
        text = " ".join(pages(pack / name)).replace("- ", "-")
        for advice in held:
            assert advice.replace("- ", "-") not in text, (name, advice)
    whole = " ".join(pages(pack / "facilitator-card.pdf"))
    assert flat(plan.focus.decision_heuristic or "")[:60] in whole
    assert "never handed out" in whole
    listing = (pack / "print-list.md").read_text(encoding="utf-8")
    assert "| facilitator-card.pdf | the focus card whole, with its advice" in listing


def test_the_focus_card_for_pairs_is_one_sheet_and_holds_what_pairs_need(pack: Path) -> None:
    texts = pages(pack / "focus-card.pdf")
    assert len(texts) <= 2  # two sides of one sheet at most
    text = " ".join(texts).replace("- ", "-")
    focus = plan_session(read_json_export(pack / "subgraph.json"), FOCUS, 90).focus
    assert flat(focus.decision_question or "").replace("- ", "-") in text
    for option in (focus.option_a, focus.option_b):
        assert option.name in text
        assert flat(option.costs[0]) in text
    assert "What it costs" in text and "Hidden costs" in text and "Questions to ask" in text


def test_no_text_is_cut_mid_sentence(pack: Path, record_pack: Path) -> None:
    """Every item on a handout is its card's text whole, or its first whole sentences."""
    for path in (pack, record_pack):
        subgraph = read_json_export(path / "subgraph.json")
        sources = [text for each in subgraph.cards for text in strings(each.model_dump())]
        for name in ["focus-card.html", "table-cards.html", "overview.html"]:
            page = Elements((path / name).read_text(encoding="utf-8"))
            assert "…" not in "".join(page.text), name
            for item in page.items:
                text = LABELLED.sub("", flat(item))
                if text not in sources:
                    assert any(source.startswith(text) for source in sources), (name, text)
                    assert re.search(r"[.?!][”’\")]*$", text), (name, text)


def test_every_counter_move_is_printed_with_the_quote_it_answers(pack: Path) -> None:
    text = guide(pack)
    plan = plan_session(read_json_export(pack / "subgraph.json"), FOCUS, 90)
    assert plan.failure_modes
    for each in plan.failure_modes:
        assert each.counter_move and each.common_quote
        quote, move = md_text(each.common_quote), md_text(each.counter_move)
        assert f"**When someone says “{quote}”:** {move}" in text


def test_the_guide_ends_with_the_command_that_records_the_decision(pack: Path) -> None:
    text = guide(pack)
    after = text.split("## After the session: the record")[1].split("\n## ")[0]
    command = (
        "tradeoffs decide model-api-vs-self-hosted-model --title 'Model API vs Self-Hosted Model'"
    )
    assert f"**Run:** {md_text(command)}" in after
    assert unspaced(command) in unspaced(" ".join(pages(pack / "worksheets.pdf")))
    assert "One sentence each, round the room" in text


def test_the_trim_warning_names_what_the_session_left_out(
    built: tuple[Path, list[str]],
) -> None:
    path, messages = built
    subgraph = read_json_export(path / "subgraph.json")
    plan = plan_session(subgraph, FOCUS, 90)
    selected, left_out = len(subgraph.cards), len(plan.parking_lot)
    assert len(messages) == 1
    assert (
        f"takes {len(plan.taken)} of the {selected} selected cards; {left_out} go to the "
        f"guide's parking lot: {plan.parking_lot[0].title}, "
    ) in messages[0]
    parking = guide(path).split("## Parking lot")[1]
    for each in plan.parking_lot:
        assert f"- {md_text(each.title)}" in parking


# ---- paper ----


def test_the_pack_for_8_people_at_90_minutes_fits_in_40_sheets(pack: Path) -> None:
    """The print list counts sheets printed double-sided, from the PDFs' own page counts."""
    listing = (pack / "print-list.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\S+\.pdf) \| [^|]+ \| [^|]+ \| (\d+) \| (\d+) \|$", listing, re.M)
    assert len(rows) == 7
    sheets = 0
    for name, count, copies in rows:
        assert int(count) == len(pypdf.PdfReader(pack / name).pages), name
        sheets += ceil(int(count) / 2) * int(copies)
    assert f"Print every file double-sided: {sheets} sheets of A4 in all." in listing
    assert sheets <= 40


def test_copies_follow_the_room(bundled: Subgraph) -> None:
    counts = dict.fromkeys(
        ["facilitator-card.pdf", "focus-card.pdf", "capture-sheets.pdf", "table-cards.pdf"], 2
    ) | {"overview.pdf": 1, "worksheets.pdf": 1}
    for people, tables in ((5, 1), (12, 3), (30, 4)):
        plan = plan_session(bundled, FOCUS, 90, people)
        copies = {p.file: p.copies for p in print_list(plan, counts)}
        assert copies["focus-card.pdf"] == copies["overview.pdf"] == ceil(people / 2)
        assert copies["capture-sheets.pdf"] == copies["table-cards.pdf"] == tables
        assert copies["facilitator-card.pdf"] == copies["worksheets.pdf"] == 1


def test_each_group_of_table_cards_starts_on_a_sheet_of_its_own(pack: Path) -> None:
    texts = pages(pack / "table-cards.pdf")
    starts: dict[str, int] = {}
    for number, text in enumerate(texts, start=1):
        for activity in re.findall(r"hand out at (\d+)\. ", text):
            starts.setdefault(activity, number)
    assert len(starts) >= 3
    assert all(page % 2 == 1 for page in starts.values())  # a right-hand page: a new sheet


# ---- the capture sheets and worksheets ----


def test_capture_sheets_hold_the_tally_grid_the_parking_lot_and_the_actions(pack: Path) -> None:
    texts = pages(pack / "capture-sheets.pdf")
    assert len(texts) == 3
    focus = plan_session(read_json_export(pack / "subgraph.json"), FOCUS, 90).focus
    tally, parking, actions = texts
    assert tally.startswith("Capture sheet 1 of 3 · one per table")
    assert "Reveal: on the count of three" in tally and "Read the spread" in tally
    assert tally.count("−2") == 3 and tally.count("+2") == 3  # the how-to, then each option
    for factor in focus.key_factors:
        assert factor in tally
    assert "Widest spread" in tally
    assert "Parking lot" in parking and "What was raised" in parking
    assert "What Owner Date" in actions
    html = Elements((pack / "capture-sheets.html").read_text(encoding="utf-8"))
    cells = sum(1 for tag, attrs in html.elements if tag == "td")
    assert cells >= (len(focus.key_factors) + 2) * 11  # factor + 2 options x 5 scores


def test_worksheets_are_decision_records_one_full_page_each(pack: Path) -> None:
    plan = plan_session(read_json_export(pack / "subgraph.json"), FOCUS, 90)
    texts = pages(pack / "worksheets.pdf")
    assert len(texts) == len(plan.decisions) == 1
    text = texts[0]
    assert text.startswith("Decision record 1 of 1")
    positions = [text.index(heading) for heading in MADR]
    assert positions == sorted(positions)
    checked = text.split("Checked against: does this change our choice?")[1]
    for decision in plan.checks:
        assert flat(decision.title) in checked
    for trigger in plan.focus.when_to_revisit:
        assert flat(trigger) in text.split("When to revisit")[1]


# ---- the record revisit ----


def test_the_record_revisit_reads_the_record_as_text(record_pack: Path) -> None:
    text = guide(record_pack)
    opening = section(text, 1)
    assert (
        "revisits our decision record “Move nightly jobs to a workflow engine” (Accepted" in opening
    )
    assert "**Context, as the record says:** A job failed silently for a week" in opening
    assert "**What we decided:** The nightly jobs move to a workflow engine" in opening
    assert "**Consequences, as the record says:** Another system to run" in opening
    assert "Tradeoffs:" not in text and "](" not in text
    triggers = section(text, 2)
    assert triggers.startswith("Which re-look triggers fired?")
    focus = plan_session(read_json_export(record_pack / "subgraph.json"), RECORD, 60).focus
    for trigger in focus.when_to_revisit:
        assert f"- {md_text(trigger)}" in triggers
    assert "keep the record, amend it, or supersede it" in text
    worksheet = pages(record_pack / "worksheets.pdf")[0]
    assert "Outcome: ☐ keep it ☐ amend it ☐ supersede it with a new record" in worksheet
    command = (
        f"tradeoffs --records {record_pack.parent / 'adr'} decide cron-vs-workflow-engine "
        "--title 'Move nightly jobs to a workflow engine, revisited'"
    )
    assert unspaced(command) in unspaced(worksheet)
    assert md_text(command) in text
    cards = " ".join(pages(record_pack / "table-cards.pdf"))
    assert "Decision record · hand out at 1. Opening" in cards
    assert "A job failed silently for a week" in cards and "**" not in cards
    assert "decision record (under review)" in " ".join(pages(record_pack / "overview.pdf"))


# ---- the overview ----


def rects(html: Elements, *, labels: bool) -> list[tuple[float, float, float, float]]:
    """The SVG's card boxes (x, y, width, height), or the white boxes behind line labels."""
    return [
        (float(a["x"] or 0), float(a["y"] or 0), float(a["width"] or 0), float(a["height"] or 0))
        for tag, a in html.elements
        if tag == "rect" and (a.get("class") == "label") == labels
    ]


@pytest.mark.parametrize("depth", [1, 2, 3])
@pytest.mark.parametrize("focus", FOCI)
def test_the_overview_boxes_never_overlap_and_lines_miss_their_labels(
    depth: int, focus: str
) -> None:
    subgraph = select(None, focus=focus, depth=depth)
    for minutes in (45, 120):
        plan = plan_session(subgraph, focus, minutes)
        html = Elements(overview_html(plan, subgraph.edges, "Overview"))
        svg = next(attrs for tag, attrs in html.elements if tag == "svg")
        view_box = [float(v) for v in (svg["viewbox"] or "").split()]
        width, height = view_box[2], view_box[3]
        assert svg["width"] == f"{width:g}pt"  # drawn at its size: a unit is a point
        boxes = rects(html, labels=False)
        assert len(boxes) == len(layout(plan)) == len(plan.cards)
        for i, (x, y, w, h) in enumerate(boxes):
            assert 0 <= x and x + w <= width and 0 <= y and y + h <= height
            for x2, y2, w2, h2 in boxes[i + 1 :]:
                assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y
        label_boxes = rects(html, labels=True)
        for x, y, w, h in label_boxes:  # a label covers no box and no other label
            assert 0 <= x and x + w <= width and 0 <= y and y + h <= height
            for x2, y2, w2, h2 in [*boxes, *[b for b in label_boxes if b != (x, y, w, h)]]:
                assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y
        lines = [a for tag, a in html.elements if tag == "line"]
        texts = [a for tag, a in html.elements if tag == "text" and a.get("font-weight") == "bold"]
        labelled = [a for a in lines if a["stroke"] == "#1a4fb8"]
        label_texts = [t for t in texts if t.get("fill") == "#1a4fb8"]
        assert len(labelled) == len(label_texts)
        words = re.findall(r">([^<>]+)</text>", overview_html(plan, subgraph.edges, "O"))
        labels = words[-len(label_texts) :] if label_texts else []
        for line, text, words_ in zip(labelled, label_texts, labels, strict=True):
            size = float(text["font-size"] or 0)
            assert size >= 9
            span = len(words_) * size * LABEL_CHAR_WIDTH * 0.95
            x, y = float(text["x"] or 0), float(text["y"] or 0)
            left = x if text["text-anchor"] == "start" else x - span
            box = (left, y - size * 0.8, left + span, y + size * 0.2)
            segment = tuple(float(line[k] or 0) for k in ("x1", "y1", "x2", "y2"))
            assert not segment_hits_box(segment, box), (words_, segment, box)  # type: ignore[arg-type]


@pytest.mark.parametrize("depth", [2, 3])
def test_the_fullest_overview_still_fits_one_page(depth: int) -> None:
    """120 minutes take the most cards: the reasons still fit beside the diagram."""
    from tradeoffs.export.pdf import Typesetter

    subgraph = select(None, focus=FOCUS, depth=depth)
    plan = plan_session(subgraph, FOCUS, 120)
    assert len(plan.cards) >= 15
    _, count = Typesetter().typeset(overview_html(plan, subgraph.edges, "O"), title="O")
    assert count == 1


def test_the_overview_is_one_legible_landscape_page(pack: Path, tmp_path: Path) -> None:
    reader = pypdf.PdfReader(pack / "overview.pdf")
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    assert min(font_sizes(pack / "overview.pdf")) >= 9
    text = pages(pack / "overview.pdf")[0]
    plan = plan_session(read_json_export(pack / "subgraph.json"), FOCUS, 90)
    assert "Why each card is here" in text
    for each in plan.cards:
        assert all(word in text for word in each.title.split())
    html = flat("".join(Elements((pack / "overview.html").read_text(encoding="utf-8")).text))
    confused = plan.checks[0]
    assert confused.title in html
    note = shorten(plan.why[confused.id].note or "", NOTE_CHARS)
    assert f"It is easy to confuse with {plan.focus.title}. {note}" in html
    # The page's space is used: ink reaches near every edge of the printable area.
    if not shutil.which("pdftoppm"):
        need("pdftoppm is missing (apt-get install poppler-utils)")
    png = tmp_path / "overview.png"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-singlefile", str(pack / "overview.pdf"), str(png)[:-4]],
        check=True,
    )
    with Image.open(png) as image:
        grey = image.convert("L")
        left, top, right, bottom = grey.point(lambda v: 255 if v < 200 else 0).getbbox() or (0,) * 4
        width, height = grey.size
        # The diagram's lowest box, not only the page number, comes near the bottom margin.
        body = grey.crop((0, 0, width, int(height * 0.95))).point(lambda v: 255 if v < 200 else 0)
        assert (body.getbbox() or (0, 0, 0, 0))[3] > height * 0.85
    assert left < width * 0.06 and right > width * 0.94 and top < height * 0.06


# ---- the pack's files ----


def test_the_pack_is_one_folder_with_its_files_and_the_data(pack: Path, bundled: Subgraph) -> None:
    assert sorted(p.name for p in pack.iterdir() if p.name != MARKER_FILE) == PACK
    assert read_json_export(pack / "subgraph.json") == bundled


def test_a_zip_pack_holds_one_folder(mini_catalog: Path, tmp_path: Path) -> None:
    path = export(select(mini_catalog), "workshop", tmp_path / "queue.zip", focus="queue-vs-stream")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert sorted(names) == [f"queue/{name}" for name in PACK]
        assert archive.read("queue/facilitator.pdf").startswith(b"%PDF-")


def test_every_pdf_has_numbered_pages(pack: Path) -> None:
    for name in [n for n in PACK if n.endswith(".pdf")]:
        texts = pages(pack / name)
        for number, text in enumerate(texts, start=1):
            assert f"Page {number} of {len(texts)}" in text, name
    assert pages(pack / "facilitator.pdf")[0].startswith(
        "Facilitator guide: Model API vs Self-Hosted Model Start Minutes Activity 0:00 6 Opening"
    )


def test_handouts_are_10_pt_and_up_in_the_guides_order(pack: Path) -> None:
    for name in ["focus-card.pdf", "table-cards.pdf", "facilitator-card.pdf", "capture-sheets.pdf"]:
        assert min(font_sizes(pack / name)) >= 10, name
    plan = plan_session(read_json_export(pack / "subgraph.json"), FOCUS, 90)
    total = len(plan.cards)
    text = " ".join(pages(pack / "table-cards.pdf"))
    numbers = [int(n) for n in re.findall(rf"Table card (\d+) of {total}", text)]
    assert numbers == list(range(2, total + 1))
    for number, each in enumerate(plan.cards[1:], start=2):
        marker = text.index(f"Table card {number} of {total}")
        assert flat(each.title) in text[marker : marker + 200]
    for decision in plan.checks:
        number = plan.cards.index(decision) + 1
        short = text.split(f"Table card {number} of {total}")[1].split("Table card")[0]
        assert f"Option A: {decision.option_a.name}" in short and "Ask" in short


def test_the_facilitators_card_is_the_focus_whole(pack: Path) -> None:
    focus = plan_session(read_json_export(pack / "subgraph.json"), FOCUS, 90).focus
    whole = " ".join(pages(pack / "facilitator-card.pdf")).replace("- ", "-")
    for facet in [
        *focus.evidence_needed,
        *focus.common_bad_reasons,
        *focus.anti_patterns,
        *focus.option_b.hidden_costs,
        *focus.audiences,
    ]:
        assert flat(facet).replace("- ", "-") in whole
    assert "Build vs Buy (parking lot)" in whole


def test_links_outside_the_selection_are_named_by_title_and_marked(tmp_path: Path) -> None:
    subgraph = select(None, ids=[FOCUS, "rag-vs-fine-tuning"])
    path = export(subgraph, "workshop", tmp_path / "pack", focus=FOCUS)
    text = " ".join(pages(path / "facilitator-card.pdf"))
    assert "Silent Model Drift (not in this pack)" in text
    assert "RAG vs Fine-Tuning (table card 2)" in text


def test_titles_never_slugs(pack: Path, bundled: Subgraph) -> None:
    """Every card is named by its title; only the decide commands name the focus's id."""
    texts = {name: " ".join(pages(pack / name)) for name in PACK if name.endswith(".pdf")}
    texts["facilitator.md"] = guide(pack)
    for name, text in texts.items():
        texts[name] = re.sub(r"decide\s+[\w-]+\s+-+\s*title", "", text.replace("\\", ""))
    for each in bundled.cards:
        for name, text in texts.items():
            assert each.id not in text, (each.id, name)


def test_each_pdf_is_laid_out_once(
    mini_catalog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The speed of the pack: no layout again and again until a page fits."""
    from tradeoffs.export.pdf import Typesetter

    real = Typesetter.typeset
    laid_out: list[str] = []

    def counting(self: Typesetter, html: str, *, title: str) -> tuple[bytes, int]:
        laid_out.append(html[:200])
        return real(self, html, title=title)

    monkeypatch.setattr(Typesetter, "typeset", counting)
    export(select(mini_catalog), "workshop", tmp_path / "pack", focus="queue-vs-stream")
    assert len(laid_out) == len([n for n in PACK if n.endswith(".pdf")])


# ---- pictures for the README ----


def screenshot(pdf: Path, page: int, png: Path) -> tuple[float, float]:
    """One page of a PDF as a PNG by pdftoppm (Debian: poppler-utils): a picture of the PDF
    itself. Returns its aspect ratio and its share of dark pixels."""
    if not shutil.which("pdftoppm"):
        need("pdftoppm is missing (apt-get install poppler-utils)")
    command = ["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile"]
    subprocess.run([*command, str(pdf), str(png.with_suffix(""))], check=True)
    with Image.open(png) as image:
        width, height = image.size
        grey = image.convert("L")
        dark = sum(grey.histogram()[:160]) / (width * height)
    return width / height, dark


def test_pictures_of_the_focus_card_the_tally_grid_and_the_overview(
    pack: Path, tmp_path: Path
) -> None:
    """Checked always, written to docs/ (the README shows them) when
    TRADEOFFS_WRITE_SCREENSHOTS=1."""
    shots = {
        "overview.png": (pack / "overview.pdf", 1, 297 / 210),
        "focus-card.png": (pack / "focus-card.pdf", 1, 210 / 297),
        "tally-grid.png": (pack / "capture-sheets.pdf", 1, 210 / 297),
    }
    for name, (pdf, page, aspect) in shots.items():
        ratio, dark = screenshot(pdf, page, tmp_path / name)
        assert abs(ratio - aspect) < 0.01, name
        assert 0.01 < dark < 0.4, name  # text on white: neither blank nor a black page
        if os.environ.get("TRADEOFFS_WRITE_SCREENSHOTS") == "1":
            shutil.copyfile(tmp_path / name, DOCS / name)


# ---- card text is untrusted ----


def test_card_text_is_text_in_every_html_page(hostile_pack: Path) -> None:
    names = ["focus-card.html", "facilitator-card.html", "facilitator.html", "worksheets.html"]
    for name in [*names, "overview.html", "capture-sheets.html"]:
        page = Elements((hostile_pack / name).read_text(encoding="utf-8"))
        assert not {"script", "img", "b", "textarea"} & set(page.tags), name
        assert "<script>alert(1)</script> --> %% end" in "".join(page.text), name
    whole = (hostile_pack / "facilitator-card.html").read_text(encoding="utf-8")
    assert "</textarea><img src=x onerror=alert(1)>" in "".join(Elements(whole).text)
    assert "<script>alert(1)</script>" in pages(hostile_pack / "facilitator-card.pdf")[0]


def test_card_text_is_escaped_in_the_markdown_guide(hostile_pack: Path) -> None:
    guide = (hostile_pack / "facilitator.md").read_text(encoding="utf-8")
    assert "<script>" not in guide and "<!--" not in guide
    assert "&lt;script&gt;alert(1)&lt;/script&gt; --&gt; %% end" in guide


# ---- all or nothing ----


def test_a_failing_pdf_leaves_no_trace(
    mini_catalog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("printer on fire")

    monkeypatch.setattr("tradeoffs.export.pdf.Typesetter.typeset", broken)
    for name in ["pack", "pack.zip"]:
        with pytest.raises(RuntimeError, match="printer on fire"):
            export(select(mini_catalog), "workshop", tmp_path / name)
    assert list(tmp_path.iterdir()) == []
    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputNotOurs):  # a folder tradeoffs did not write, refused up front
        export(select(mini_catalog), "workshop", kept, force=True)
    assert [p.name for p in tmp_path.iterdir()] == ["kept"]
    assert (kept / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_failing_write_leaves_no_trace(
    mini_catalog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure while the files are written, after the pack was made."""
    from tradeoffs.io import write as output

    real = output._write
    calls = []

    def fail_on_third(path: Path, content: str | bytes) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise OSError("disk full")
        real(path, content)

    monkeypatch.setattr(output, "_write", fail_on_third)
    with pytest.raises(OutputError, match="disk full"):
        export(select(mini_catalog), "workshop", tmp_path / "pack")
    assert list(tmp_path.iterdir()) == []
