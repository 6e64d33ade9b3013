"""The workshop pack: a session plan that fits the clock, and the files a facilitator prints.

One pack of the bundled catalog (the focus model-api-vs-self-hosted-model at depth 2, 90
minutes) is built once for the module; the structure is checked from the PDFs' text (pypdf)
and the Markdown guide, not by comparing whole pages.
"""

import os
import re
import shutil
import subprocess
import warnings
import zipfile
from html.parser import HTMLParser
from math import ceil
from pathlib import Path

import pypdf
import pytest
from conftest import need
from PIL import Image

from tradeoffs import queries
from tradeoffs.errors import ExportError, OutputError, OutputNotOurs
from tradeoffs.export import export, read_json_export
from tradeoffs.export.session import NEIGHBOURS, SESSION_MINUTES, apportion, plan_session
from tradeoffs.export.workshop import SessionTrimmed, print_list
from tradeoffs.generate import generate_catalog
from tradeoffs.graph import open_store
from tradeoffs.graph.build import build_graph
from tradeoffs.graph.memory import MemoryStore
from tradeoffs.graph.view import view
from tradeoffs.io import MARKER_FILE
from tradeoffs.models import Decision, Edge, Subgraph
from tradeoffs.render.markdown import md_text

HOSTILE = Path(__file__).parent / "data" / "export" / "hostile"
DOCS = Path(__file__).resolve().parents[1] / "docs"
FOCUS = "model-api-vs-self-hosted-model"
PACK = [
    "facilitator.html",
    "facilitator.md",
    "facilitator.pdf",
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
ORDER = ["opening", "warm_up", "steelman", "vote", "pre_mortem", "red_flags", "decide"]
MADR = [
    "Status",
    "Date",
    "Deciders",
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


def select(catalog: Path | None, **selection: object) -> Subgraph:
    return queries.select(open_store("memory", catalog), queries.Selection(**selection))


@pytest.fixture(scope="module")
def bundled() -> Subgraph:
    return select(None, focus=FOCUS, depth=2)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The bundled pack, and the warnings its export gave."""
    store = open_store()
    subgraph = queries.select(store, queries.Selection(focus=FOCUS, depth=2))
    path = tmp_path_factory.mktemp("bundled") / "pack"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        export(
            subgraph,
            "workshop",
            path,
            focus=FOCUS,
            minutes=90,
            participants=8,
        )
    return path, [str(w.message) for w in caught if issubclass(w.category, SessionTrimmed)]


@pytest.fixture(scope="module")
def pack(built: tuple[Path, list[str]]) -> Path:
    return built[0]


@pytest.fixture(scope="module")
def hostile_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "pack"
    return export(select(HOSTILE), "workshop", path, focus="end")


def pages(path: Path) -> list[str]:
    """Each page's text, whitespace made single spaces."""
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def focus_card(pack: Path) -> Decision:
    card = next(c for c in read_json_export(pack / "subgraph.json").cards if c.id == FOCUS)
    assert isinstance(card, Decision)
    return card


def agenda(guide: str) -> list[tuple[str, int, str]]:
    """The Start | Minutes | Activity rows of the table the guide opens with."""
    lines = guide.splitlines()
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
    """Every element's tag, and all the text, of an HTML page."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


# ---- the session plan ----


@pytest.mark.parametrize("minutes", SESSION_MINUTES)
def test_the_plan_fits_the_clock_in_the_order_a_session_runs(
    bundled: Subgraph, minutes: int
) -> None:
    plan = plan_session(bundled, FOCUS, minutes)
    assert sum(a.minutes for a in plan.activities) == minutes
    assert [a.start for a in plan.activities] == [
        sum(a.minutes for a in plan.activities[:i]) for i in range(len(plan.activities))
    ]
    assert all(a.minutes >= 3 for a in plan.activities)
    keys = [a.key for a in plan.activities]
    assert [k for k in keys if k in ORDER] == ORDER
    assert keys[-1] == "actions"
    assert keys.count("neighbour") == len(plan.neighbours) == NEIGHBOURS[minutes]
    assert plan.focus.id == FOCUS


def test_neighbours_are_chosen_by_link_type_confused_with_first(bundled: Subgraph) -> None:
    plan = plan_session(bundled, FOCUS, 90)
    assert [d.id for d in plan.neighbours] == [
        "fast-ai-adoption-vs-governance-first",
        "rag-vs-fine-tuning",
    ]
    assert {plan.why[d.id].label for d in plan.neighbours} == {"Easy to confuse with"}
    # build-vs-buy is only adjacent: it waits in the parking lot behind the confused pairs.
    assert "build-vs-buy" in {card.id for card in plan.parking_lot}
    assert plan_session(bundled, FOCUS, 60).neighbours == plan.neighbours[:1]


def test_an_adjacent_decision_comes_before_one_that_only_shares_cards(
    bundled: Subgraph,
) -> None:
    without_confused = Subgraph(
        cards=bundled.cards,
        edges=[e for e in bundled.edges if e.type != "confused_with"],
    )
    plan = plan_session(without_confused, FOCUS, 60)
    assert [d.id for d in plan.neighbours] == ["build-vs-buy"]
    assert plan.why["build-vs-buy"].label == "Adjacent decisions"
    assert plan.pairs == []
    assert "warm_up" not in [a.key for a in plan.activities]
    assert sum(a.minutes for a in plan.activities) == 60


def test_a_small_selection_is_scheduled_whole_but_for_what_is_not_linked(
    mini_catalog: Path,
) -> None:
    plan = plan_session(select(mini_catalog), "queue-vs-stream", 45)
    assert [d.id for d in plan.decisions] == ["queue-vs-stream", "cron-vs-workflow-engine"]
    assert len([a for a in plan.activities if a.key == "neighbour"]) == 1
    assert [card.id for card in plan.parking_lot] == ["data-drift"]  # linked to no decision
    assert plan.warning is not None and plan.warning.endswith(
        "1 goes to the guide's parking lot: Data Drift"
    )


@pytest.mark.parametrize("minutes", [45, 120])
def test_a_huge_selection_is_trimmed_and_the_warning_names_what_was_left_out(
    minutes: int,
) -> None:
    cards = generate_catalog(300, seed=3)
    subgraph = queries.select(MemoryStore(build_graph(cards)), queries.Selection())
    plan = plan_session(subgraph, None, minutes)
    assert len(plan.decisions) == 1 + NEIGHBOURS[minutes] <= 3
    assert len(plan.activities) <= 11
    assert sum(a.minutes for a in plan.activities) == minutes
    assert len(plan.taken) + len(plan.parking_lot) == 300
    assert plan.warning is not None
    named = plan.warning.split("parking lot: ")[1]
    assert named.startswith(plan.parking_lot[0].title)
    assert named.endswith(f"and {len(plan.parking_lot) - 12} more")


def test_warm_up_takes_at_most_three_pairs_of_decisions(bundled: Subgraph) -> None:
    plan = plan_session(bundled, FOCUS, 120)
    assert 1 <= len(plan.pairs) <= 3
    assert all(isinstance(p.first, Decision) and isinstance(p.second, Decision) for p in plan.pairs)
    assert plan.pairs[0].first.id == FOCUS


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
    assert (theirs.note, theirs.other_note) == ("theirs", "mine")
    symmetric = view(Edge(source="a", target="b", type="confused_with"), "b")
    assert symmetric.outgoing and symmetric.label == "Easy to confuse with"
    with pytest.raises(ValueError):
        view(edge, "c")


def test_apportion_gives_leftover_minutes_to_the_largest_remainders() -> None:
    assert apportion(60, [1, 1, 2, 2, 2, 1]) == [7, 7, 13, 13, 13, 7]
    assert sum(apportion(45, [5, 8, 15, 7, 12, 10, 7])) == 45


def test_a_session_is_45_60_90_or_120_minutes(mini_catalog: Path, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"one of \(45, 60, 90, 120\) minutes, not 30"):
        export(select(mini_catalog), "workshop", tmp_path / "pack", minutes=30)
    assert list(tmp_path.iterdir()) == []


def test_a_selection_without_decisions_is_an_error(mini_catalog: Path, tmp_path: Path) -> None:
    subgraph = select(mini_catalog, kinds=["failure_mode"])
    with pytest.raises(ExportError, match="needs at least one decision"):
        export(subgraph, "workshop", tmp_path / "pack")


# ---- the guide ----


def test_the_guide_opens_with_the_agenda_adding_up_to_the_session(pack: Path) -> None:
    guide = (pack / "facilitator.md").read_text(encoding="utf-8")
    rows = agenda(guide)
    assert sum(minutes for _, minutes, _ in rows) == 90
    assert rows[0] == ("0:00", 5, "Opening: the question, the goal, the roles")
    assert rows[-1][2] == "Actions: owner and date for each"
    clock = 0
    for start, minutes, _ in rows:
        assert start == f"{clock // 60}:{clock % 60:02d}"
        clock += minutes
    headings = [line[3:] for line in guide.splitlines() if line.startswith("## ")]
    activities = [re.sub(r"^\d+\. | \(\d:\d\d, \d+ min\)$", "", h) for h in headings[1:-1]]
    assert activities == [activity for _, _, activity in rows]
    assert headings[0] == "Print list for 8 participants" and headings[-1] == "Parking lot"


def test_the_heuristic_is_held_back_until_the_room_has_argued(pack: Path) -> None:
    guide = flat((pack / "facilitator.md").read_text(encoding="utf-8"))
    focus = focus_card(pack)
    assert focus.decision_heuristic and focus.default_bias
    heuristic = guide.index(md_text(focus.decision_heuristic))
    assert guide.count(md_text(focus.decision_heuristic)) == 1
    assert guide.index("Steelman each option") < guide.index("Silent vote on the key factors")
    assert guide.index("Silent vote on the key factors (") < heuristic
    assert guide.index("## 7. Decide and record") < heuristic
    assert guide.index(md_text(focus.default_bias)) > guide.index("## 7. Decide and record")


def test_every_counter_move_is_printed_with_the_quote_it_answers(pack: Path) -> None:
    guide = (pack / "facilitator.md").read_text(encoding="utf-8")
    plan = plan_session(read_json_export(pack / "subgraph.json"), FOCUS, 90)
    assert plan.failure_modes
    for card in plan.failure_modes:
        assert card.counter_move and card.common_quote
        quote, move = md_text(card.common_quote), md_text(card.counter_move)
        assert f"**When someone says “{quote}”:** {move}" in guide
    assert "which of these happened?" in guide
    assert "## 2. Warm-up: which of these are we really deciding?" in guide


def test_the_trim_warning_names_what_the_session_left_out(
    built: tuple[Path, list[str]],
) -> None:
    path, messages = built
    subgraph = read_json_export(path / "subgraph.json")
    plan = plan_session(subgraph, FOCUS, 90)
    selected, left_out = len(subgraph.cards), len(plan.parking_lot)
    assert len(messages) == 1
    assert (
        f"takes {selected - left_out} of the {selected} selected cards; {left_out} go to the "
        f"guide's parking lot: {plan.parking_lot[0].title}, "
    ) in messages[0]
    guide = (path / "facilitator.md").read_text(encoding="utf-8")
    parking = guide.split("## Parking lot")[1]
    for card in plan.parking_lot:
        assert f"- {card.title}" in parking


def test_the_print_list_counts_copies_for_the_participants(pack: Path) -> None:
    plan = plan_session(read_json_export(pack / "subgraph.json"), FOCUS, 90)
    counts = {"overview.pdf": 1, "table-cards.pdf": 9, "worksheets.pdf": 3}
    for people in (5, 12):
        copies = {(p.file, p.pages): p.copies for p in print_list(plan, counts, people)}
        assert copies[("overview.pdf", 1)] == people
        assert copies[("table-cards.pdf", 9)] == ceil(people / 2)
        assert copies[("worksheets.pdf", 3)] == 1
        assert copies[("worksheets.pdf", 1)] == people  # the silent vote's page
    listing = (pack / "print-list.md").read_text(encoding="utf-8")
    table_pages = len(pypdf.PdfReader(pack / "table-cards.pdf").pages)
    assert (
        f"| table-cards.pdf | table cards: one set per pair (the steelman works in pairs) | {table_pages} | 4 |"
        in listing
    )


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
    for name in ["facilitator.pdf", "overview.pdf", "table-cards.pdf", "worksheets.pdf"]:
        texts = pages(pack / name)
        for number, text in enumerate(texts, start=1):
            assert f"Page {number} of {len(texts)}" in text, name
    assert pages(pack / "facilitator.pdf")[0].startswith(
        "Facilitator guide: Model API vs Self-Hosted Model Start Minutes Activity 0:00 5 Opening"
    )


def test_the_overview_is_one_landscape_page_with_a_diagram_and_the_reasons(pack: Path) -> None:
    reader = pypdf.PdfReader(pack / "overview.pdf")
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    text = pages(pack / "overview.pdf")[0]
    plan = plan_session(read_json_export(pack / "subgraph.json"), FOCUS, 90)
    assert "Why this card is here" in text
    for card in plan.cards:
        assert flat(card.title) in text or all(w in text for w in card.title.split())
    html = (pack / "overview.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 1 and html.count("<rect") == len(plan.cards)
    assert "Easy to confuse with: That one is about how your domain knowledge" in flat(
        "".join(Elements(html).text)
    )


def test_worksheets_are_decision_records_one_full_page_each(pack: Path) -> None:
    plan = plan_session(read_json_export(pack / "subgraph.json"), FOCUS, 90)
    reader = pypdf.PdfReader(pack / "worksheets.pdf")
    texts = pages(pack / "worksheets.pdf")
    assert len(texts) == len(plan.decisions) == 3
    for number, (decision, text) in enumerate(zip(plan.decisions, texts, strict=True), start=1):
        assert text.startswith(f"Decision record {number} of 3")
        assert flat(decision.title) in text
        positions = [text.index(heading) for heading in MADR]
        assert positions == sorted(positions)
        grid = text.split("Decision drivers")[1].split("Considered options")[0]
        assert f"Option A: {decision.option_a.name}" in flat(grid).replace("- ", "-")
        for factor in decision.key_factors:
            assert factor in grid
        revisit = text.split("When to revisit")[1]
        for trigger in decision.when_to_revisit:
            assert flat(trigger) in revisit
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


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


def test_table_cards_are_10_pt_two_to_a_page_in_the_guides_order(pack: Path) -> None:
    assert min(font_sizes(pack / "table-cards.pdf")) >= 10
    plan = plan_session(read_json_export(pack / "subgraph.json"), FOCUS, 90)
    texts = pages(pack / "table-cards.pdf")
    total = len(plan.cards)
    markers = [re.findall(rf"Table card (\d+) of {total}", text) for text in texts]
    numbers = [int(n) for found in markers for n in found]
    assert numbers == list(range(1, total + 1))
    first_short = next(i for i, found in enumerate(markers) if "2" in found)
    assert [len(found) for found in markers[first_short:-1]] == [2] * (len(texts) - first_short - 1)
    assert len(texts) - first_short == ceil((total - 1) / 2)
    text = " ".join(texts)
    for number, card in enumerate(plan.cards, start=1):
        assert f"Table card {number} of {total} · " in text
        marker = text.index(f"Table card {number} of {total}")
        assert flat(card.title) in text[marker : marker + 150]
    for decision in plan.neighbours:
        number = plan.cards.index(decision) + 1
        short = text.split(f"Table card {number} of {total}")[1].split("Table card")[0]
        assert f"Option A: {decision.option_a.name}" in short and "Ask" in short


def test_the_focus_card_is_printed_whole(pack: Path) -> None:
    focus = focus_card(pack)
    plan = plan_session(read_json_export(pack / "subgraph.json"), FOCUS, 90)
    texts = pages(pack / "table-cards.pdf")
    whole = " ".join(t for t in texts if "Table card 2 of" not in t)
    whole = whole.replace("- ", "-")
    for facet in [
        *focus.evidence_needed,
        *focus.common_bad_reasons,
        *focus.anti_patterns,
        *focus.option_b.hidden_costs,
        *focus.ai_can_make_worse_by,
        *focus.audiences,
    ]:
        assert flat(facet).replace("- ", "-") in whole
    assert "tradeoffs show" not in whole
    assert (
        f"Fast AI Adoption vs Governance First (table card {plan.cards.index(plan.neighbours[0]) + 1})"
        in whole
    )
    assert "Build vs Buy (parking lot)" in whole


def test_links_outside_the_selection_are_named_by_title_and_marked(tmp_path: Path) -> None:
    store = open_store()
    subgraph = queries.select(store, queries.Selection(ids=[FOCUS, "rag-vs-fine-tuning"]))
    path = export(subgraph, "workshop", tmp_path / "pack", focus=FOCUS)
    text = " ".join(pages(path / "table-cards.pdf"))
    assert "Silent Model Drift (not in this pack)" in text
    assert "RAG vs Fine-Tuning (table card 2)" in text


def test_titles_never_slugs(pack: Path, bundled: Subgraph) -> None:
    texts = {
        name: " ".join(pages(pack / name))
        for name in ["facilitator.pdf", "overview.pdf", "table-cards.pdf", "worksheets.pdf"]
    }
    texts["facilitator.md"] = (pack / "facilitator.md").read_text(encoding="utf-8")
    for card in bundled.cards:
        for name, text in texts.items():
            assert card.id not in text, (card.id, name)


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
    assert len(laid_out) == 4  # overview, table cards, worksheets, guide


# ---- card text is untrusted ----


def test_card_text_is_text_in_every_html_page(hostile_pack: Path) -> None:
    for name in ["table-cards.html", "facilitator.html", "worksheets.html", "overview.html"]:
        page = Elements((hostile_pack / name).read_text(encoding="utf-8"))
        assert not {"script", "img", "b", "textarea"} & set(page.tags), name
        assert "<script>alert(1)</script> --> %% end" in "".join(page.text), name
    cards = "".join(Elements((hostile_pack / "table-cards.html").read_text(encoding="utf-8")).text)
    assert "</textarea><img src=x onerror=alert(1)>" in cards
    assert "<script>alert(1)</script>" in pages(hostile_pack / "table-cards.pdf")[0]


def test_card_text_is_escaped_in_the_markdown_guide(hostile_pack: Path) -> None:
    guide = (hostile_pack / "facilitator.md").read_text(encoding="utf-8")
    assert "<script>" not in guide and "<!--" not in guide
    assert "&lt;script&gt;alert(1)&lt;/script&gt; --&gt; %% end" in guide


# ---- screenshots ----


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


def test_screenshots_of_the_overview_a_table_card_and_a_worksheet(
    pack: Path, tmp_path: Path
) -> None:
    """Checked always, written to docs/ when TRADEOFFS_WRITE_SCREENSHOTS=1."""
    texts = pages(pack / "table-cards.pdf")
    short_page = next(i for i, t in enumerate(texts, start=1) if "Table card 2 of" in t)
    shots = {
        "overview.png": (pack / "overview.pdf", 1, 297 / 210),
        "table-card.png": (pack / "table-cards.pdf", short_page, 210 / 297),
        "worksheet.png": (pack / "worksheets.pdf", 1, 210 / 297),
    }
    for name, (pdf, page, aspect) in shots.items():
        ratio, dark = screenshot(pdf, page, tmp_path / name)
        assert abs(ratio - aspect) < 0.01, name
        assert 0.01 < dark < 0.4, name  # text on white: neither blank nor a black page
        if os.environ.get("TRADEOFFS_WRITE_SCREENSHOTS") == "1":
            shutil.copyfile(tmp_path / name, DOCS / name)


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


def test_a_pack_can_focus_on_a_decision_record(tmp_path: Path) -> None:
    """A session that revisits one of the team's records: the record is on the table, and the
    room works through the decision it applied."""
    records = tmp_path / "adr"
    records.mkdir()
    for source in sorted((Path(__file__).parent / "data" / "records").glob("000[1-6]-*.md")):
        (records / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    store = open_store("memory", [Path(__file__).parent / "data" / "mini"], records=records)
    record = "0003-move-nightly-jobs-to-a-workflow-engine"
    subgraph = queries.select(store, queries.Selection(focus=record))
    plan = plan_session(subgraph, record, 60)
    assert (plan.focus.id, plan.record and plan.record.id) == ("cron-vs-workflow-engine", record)
    assert record not in {card.id for card in plan.parking_lot}
    assert plan.why[record].label == "Applied by"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SessionTrimmed)
        pack = export(subgraph, "workshop", tmp_path / "pack", focus=record)
    guide = (pack / "facilitator.md").read_text(encoding="utf-8")
    opening = guide.split("## 1.")[1].split("## 2.")[0]
    assert (
        "revisits our decision record “Move nightly jobs to a workflow engine” (Accepted" in opening
    )
    assert "keep it, amend it, or write a new record that supersedes it" in opening
    cards = " ".join(pages(pack / "table-cards.pdf"))
    assert "Table card 2 of 2 · Decision record Move nightly jobs to a workflow engine" in cards
    assert "decision record (under review)" in " ".join(pages(pack / "overview.pdf"))
