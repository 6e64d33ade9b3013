"""The workshop pack: its files, the handouts (one A4 page per card), the guide and its timing."""

import os
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest
from conftest import need
from PIL import Image

from tradeoffs import queries
from tradeoffs.errors import ExportError, OutputError, OutputNotOurs
from tradeoffs.export import export, read_json_export
from tradeoffs.export.workshop import apportion, ordered, plan_session
from tradeoffs.files import MARKER_FILE
from tradeoffs.generate import generate_catalog
from tradeoffs.graph import open_store
from tradeoffs.graph.build import build_graph
from tradeoffs.graph.memory import MemoryStore
from tradeoffs.models import Subgraph

HOSTILE = Path(__file__).parent / "data" / "export" / "hostile"
DOCS = Path(__file__).resolve().parents[1] / "docs"
PACK = [
    "cards.html",
    "cards.pdf",
    "facilitator.html",
    "facilitator.md",
    "map.html",
    "subgraph.json",
]
# The three longest cards of the bundled catalog: they must still fit one page each.
LONGEST = [
    "model-api-vs-self-hosted-model",
    "fast-ai-adoption-vs-governance-first",
    "rag-vs-fine-tuning",
]


def select(catalog: Path | None, **selection: object) -> Subgraph:
    return queries.select(open_store("memory", catalog), queries.Selection(**selection))


@pytest.fixture(scope="module")
def hostile_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "pack"
    return export(select(HOSTILE), "workshop", path, focus="end")


def pdf_titles(path: Path) -> list[str]:
    return [page.extract_text().splitlines()[1] for page in pypdf.PdfReader(path).pages]


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


# ---- the pack ----


def test_pack_holds_its_six_files_and_the_data(hostile_pack: Path) -> None:
    assert sorted(p.name for p in hostile_pack.iterdir() if p.name != MARKER_FILE) == PACK
    assert read_json_export(hostile_pack / "subgraph.json") == select(HOSTILE)
    assert '<meta name="generator" content="tradeoffs map">' in (
        hostile_pack / "map.html"
    ).read_text(encoding="utf-8")


def test_a_zip_pack_has_the_same_files_under_relative_names(tmp_path: Path) -> None:
    path = export(select(HOSTILE), "workshop", tmp_path / "pack.zip", focus="end")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert sorted(names) == PACK
        assert all(not n.startswith("/") and ".." not in n.split("/") for n in names)
        assert archive.read("cards.pdf").startswith(b"%PDF-")


def test_handouts_are_one_a4_page_per_card_in_session_order(hostile_pack: Path) -> None:
    reader = pypdf.PdfReader(hostile_pack / "cards.pdf")
    cards = ordered(select(HOSTILE), "end")
    assert len(reader.pages) == len(cards) == 5
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)  # A4 in points
    assert pdf_titles(hostile_pack / "cards.pdf")[0].startswith('Quote "this" vs <script>')


def test_the_longest_bundled_cards_still_fit_one_page_each(tmp_path: Path) -> None:
    subgraph = select(None, ids=LONGEST)
    path = export(subgraph, "workshop", tmp_path / "pack", focus=LONGEST[0])
    assert pdf_titles(path / "cards.pdf") == [
        "Model API vs Self-Hosted Model",
        "Fast AI Adoption vs Governance First",
        "RAG vs Fine-Tuning",
    ]


def screenshot_first_page(pack: Path, png: Path) -> None:
    """Page 1 of cards.pdf as a PNG, by pdftoppm (Debian: poppler-utils, which the test
    command installs): a picture of the PDF itself, not of the HTML it came from."""
    if not shutil.which("pdftoppm"):
        need("pdftoppm is missing (apt-get install poppler-utils)")
    command = ["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile"]
    subprocess.run([*command, str(pack / "cards.pdf"), str(png.with_suffix(""))], check=True)


def test_a_handout_page_renders_as_a_readable_a4_image(tmp_path: Path) -> None:
    """Page 1 as a PNG, checked always, written to docs/ when TRADEOFFS_WRITE_SCREENSHOTS=1."""
    subgraph = select(None, ids=LONGEST[:1])
    pack = export(subgraph, "workshop", tmp_path / "pack", focus=LONGEST[0])
    png = tmp_path / "handout.png"
    screenshot_first_page(pack, png)
    with Image.open(png) as image:
        width, height = image.size
        assert abs(width / height - 210 / 297) < 0.01
        grey = image.convert("L")
        dark = sum(grey.histogram()[:128]) / (width * height)
    assert 0.02 < dark < 0.4  # text on white: neither blank nor a black page
    if os.environ.get("TRADEOFFS_WRITE_SCREENSHOTS") == "1":
        shutil.copyfile(png, DOCS / "handout.png")


def test_card_text_is_text_in_every_html_page(hostile_pack: Path) -> None:
    pages = {}
    for name in ["cards.html", "facilitator.html"]:
        page = Elements((hostile_pack / name).read_text(encoding="utf-8"))
        assert not {"script", "img", "b", "textarea"} & set(page.tags), name
        pages[name] = "".join(page.text)
        assert "<script>alert(1)</script> --> %% end" in pages[name], name
    assert "</textarea><img src=x onerror=alert(1)>" in pages["cards.html"]


def test_card_text_is_escaped_in_the_markdown_guide(hostile_pack: Path) -> None:
    guide = (hostile_pack / "facilitator.md").read_text(encoding="utf-8")
    assert "<script>" not in guide and "<!--" not in guide
    assert "&lt;script&gt;alert(1)&lt;/script&gt; --&gt; %% end" in guide


# ---- the guide ----


def test_guide_orders_by_focus_then_distance_then_title(mini_catalog: Path) -> None:
    subgraph = select(mini_catalog)
    assert [card.id for card in ordered(subgraph, "queue-vs-stream")] == [
        "queue-vs-stream",
        "cron-vs-workflow-engine",  # distance 1, "C" before "S"
        "silent-job-rot",
        "data-drift",  # distance 2
        "inventory-scheduled-work",
        "nobody-owns-the-crontab",
    ]
    assert [card.id for card in ordered(subgraph, None)][:2] == [
        "cron-vs-workflow-engine",
        "data-drift",
    ]


def test_guide_has_every_section_for_each_decision(mini_catalog: Path, tmp_path: Path) -> None:
    pack = export(select(mini_catalog), "workshop", tmp_path / "pack", focus="queue-vs-stream")
    guide = (pack / "facilitator.md").read_text(encoding="utf-8")
    headings = [line for line in guide.splitlines() if line.startswith("#")]
    assert headings == [
        "# Facilitator guide: Queue vs Stream",
        "## Suggested timing (60 minutes)",
        "## Warm-up: easily confused decisions",
        "### Queue vs Stream, or Cron Jobs vs Workflow Engine?",
        "## Decisions",
        "### 1. Queue vs Stream (focus)",
        "### 2. Cron Jobs vs Workflow Engine",
        "## Failure modes and red flags to watch",
        "### Failure mode: Silent Job Rot",
        "### Failure mode: Data Drift",
        "### Red flag: Nobody owns the crontab",
        "## Playbooks to reach for",
        "### Inventory scheduled work",
        "## Worksheet",
        "### Queue vs Stream",
        "### Cron Jobs vs Workflow Engine",
    ]
    cron = guide.split("### 2. Cron Jobs vs Workflow Engine")[1].split("##")[0]
    assert "**Questions to ask**\n\n- Which job failed silently last quarter?" in cron
    assert "**Key factors**\n\n- Ops maturity\n- Auditability" in cron
    assert "**From Cron Jobs vs Workflow Engine:** That one is about moving messages." in guide
    assert guide.count("| Our choice |   |") == 2  # a worksheet table per decision


@pytest.mark.parametrize("minutes", [60, 90])
def test_timing_adds_up_to_the_session(mini_catalog: Path, minutes: int) -> None:
    subgraph = select(mini_catalog)
    plan = plan_session(ordered(subgraph, "queue-vs-stream"), subgraph, "queue-vs-stream", minutes)
    unit = minutes // 10  # weights 1+1+3+2+1+1+1: the focus gets three shares, a decision two
    assert [(slot.title, slot.minutes) for slot in plan.slots] == [
        ("Opening: the question, the map and the rules of the room", unit),
        ("Warm-up: easily confused decisions", unit),
        ("Decision: Queue vs Stream", 3 * unit),
        ("Decision: Cron Jobs vs Workflow Engine", 2 * unit),
        ("Failure modes and red flags to watch", unit),
        ("Playbooks to reach for", unit),
        ("Wrap-up: worksheet answers, owners and next steps", unit),
    ]
    assert plan.deferred == []


def test_apportion_gives_leftover_minutes_to_the_largest_remainders() -> None:
    assert apportion(60, [1, 1, 2, 2, 2, 1]) == [7, 7, 13, 13, 13, 7]
    assert apportion(90, [1, 3, 2, 1]) == [13, 38, 26, 13]
    assert sum(apportion(60, [1] * 7)) == 60


@pytest.mark.parametrize("minutes", [60, 90])
def test_many_decisions_are_cut_to_what_the_session_holds(minutes: int) -> None:
    cards = generate_catalog(60, seed=3)
    subgraph = queries.select(MemoryStore(build_graph(cards)), queries.Selection())
    order = ordered(subgraph, None)
    plan = plan_session(order, subgraph, None, minutes)
    discussed = [slot for slot in plan.slots if slot.decision]
    assert sum(slot.minutes for slot in plan.slots) == minutes
    assert min(slot.minutes for slot in discussed) >= 5
    assert len(discussed) == {60: 10, 90: 16}[minutes]
    decisions = [card for card in order if card.kind == "decision"]
    assert [s.title for s in discussed] == [
        f"Decision: {d.title}" for d in decisions[: len(discussed)]
    ]
    assert plan.deferred == decisions[len(discussed) :]


def test_a_session_is_60_or_90_minutes(mini_catalog: Path, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="a session lasts one of \\(60, 90\\) minutes, not 45"):
        export(select(mini_catalog), "workshop", tmp_path / "pack", minutes=45)
    assert list(tmp_path.iterdir()) == []


# ---- all or nothing ----


def test_a_failing_pdf_leaves_no_trace(
    mini_catalog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("printer on fire")

    monkeypatch.setattr("tradeoffs.export.pdf.Typesetter.write_pdf", broken)
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
    from tradeoffs import files as output

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
