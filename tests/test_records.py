"""Decision records: the ADR reader, the edges they make, layered catalogs, decide and review."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import run_cli

from tradeoffs import queries
from tradeoffs.errors import CatalogError, TradeoffsError
from tradeoffs.formats.adr import parse_record
from tradeoffs.graph import load_catalog, open_store
from tradeoffs.graph.memory import MemoryStore
from tradeoffs.loaders import load_layers, load_records, read_record
from tradeoffs.models import Record

DATA = Path(__file__).parent / "data"
RECORDS = DATA / "records"
MINI = DATA / "mini"
TODAY = dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    graph = load_catalog([MINI], records=RECORDS, keep_going=True)
    return MemoryStore(graph)


def test_the_folder_gives_records_skips_the_rest_and_reports_the_broken_one() -> None:
    found = load_records(RECORDS)
    assert sorted(found.cards) == [
        "0001-keep-a-log-of-decisions",
        "0002-run-nightly-jobs-from-cron",
        "0003-move-nightly-jobs-to-a-workflow-engine",
        "0004-publish-order-events-on-a-queue",
        "0005-replay-order-events-from-a-stream",
        "0006-nightly-reports-as-batch-jobs",
    ]
    assert [p.name for p in found.skipped] == ["README.md", "template.md"]
    assert [str(p) for p in found.problems] == [
        f"{RECORDS / '0007-broken-date.md'}:3: date: 'last tuesday' is not a date (2024-03-11, 11.03.2024 or 11 March 2024)"
    ]
    with pytest.raises(CatalogError):
        load_layers([MINI], RECORDS)


def test_a_nygard_record_keeps_number_status_date_sections_and_links() -> None:
    record = read_record(RECORDS / "0002-run-nightly-jobs-from-cron.md")
    assert (record.number, record.title, record.template) == (
        2,
        "Run nightly jobs from cron",
        "nygard",
    )
    assert (record.status, record.state, record.date) == ("Superseded", "superseded", "2024-03-11")
    assert [s.heading for s in record.sections] == ["Status", "Context", "Decision", "Consequences"]
    assert [link.id for link in record.links.applies] == ["cron-vs-workflow-engine"]
    assert [link.id for link in record.links.superseded_by] == [
        "0003-move-nightly-jobs-to-a-workflow-engine"
    ]


def test_madr_records_keep_people_options_and_the_chosen_one() -> None:
    madr4 = read_record(RECORDS / "0005-replay-order-events-from-a-stream.md")
    assert madr4.template == "madr" and madr4.number == 5
    assert (madr4.decision_makers, madr4.consulted, madr4.informed) == (
        ["Priya", "Ana"],
        ["Data team"],
        ["Support"],
    )
    assert madr4.considered_options == [
        "Keep the queue and copy events",
        "An event stream with retention",
    ]
    assert madr4.chosen_option == "An event stream with retention"
    assert "Confirmation" in [s.heading for s in madr4.sections]
    madr2 = read_record(RECORDS / "0004-publish-order-events-on-a-queue.md")
    assert (madr2.status, madr2.date, madr2.decision_makers) == (
        "accepted",
        "2024-04-02",
        ["Priya", "Tomasz"],
    )
    assert [link.id for link in madr2.links.applies] == ["queue-vs-stream"]  # a Tradeoffs: line
    madr3 = read_record(RECORDS / "0006-nightly-reports-as-batch-jobs.md")
    assert madr3.decision_makers == ["Ana"] and not madr3.links.applies


def test_supersedes_is_one_edge_newer_to_older_however_many_sides_say_it(
    store: MemoryStore,
) -> None:
    supersedes = [(e.source, e.target) for e in store.edges() if e.type == "supersedes"]
    assert supersedes == [
        ("0003-move-nightly-jobs-to-a-workflow-engine", "0002-run-nightly-jobs-from-cron"),
        ("0005-replay-order-events-from-a-stream", "0004-publish-order-events-on-a-queue"),
    ]
    applies = [(e.source, e.target) for e in store.edges() if e.type == "applies"]
    assert len(applies) == 4


def test_broken_records_say_where(tmp_path: Path) -> None:
    cases = {
        "---\nstatus: [unclosed\n---\n# T\n": "(yaml)",
        "---\nstatus: &a accepted\nagain: *a\n---\n# T\n": "anchors",
        "no title here\n": "no title",
        "# T\n\nTradeoffs: Not A Slug\n": "tradeoffs: 'Not A Slug' is not a card id",
        "---\nstatus: accepted\n": "never closed",
    }
    for text, message in cases.items():
        with pytest.raises(CatalogError, match=re.escape(message)) as caught:
            parse_record(text, tmp_path / "0009-x.md", {})
        assert str(caught.value).startswith(f"{tmp_path / '0009-x.md'}:")
    (tmp_path / "0001-latin1.md").write_bytes(b"# caf\xe9\n")
    with pytest.raises(CatalogError, match=r"0001-latin1.md:1: \(file\): not UTF-8"):
        read_record(tmp_path / "0001-latin1.md")


def test_records_take_part_in_related_show_search_and_path(store: MemoryStore) -> None:
    related = queries.related(store, "cron-vs-workflow-engine", types=["applies"])
    assert [(n.card.id, n.edges[0].label) for n in related.neighbours] == [
        ("0002-run-nightly-jobs-from-cron", "Applied by"),
        ("0003-move-nightly-jobs-to-a-workflow-engine", "Applied by"),
    ]
    assert isinstance(queries.show(store, "0003-move-nightly-jobs-to-a-workflow-engine"), Record)
    hits = queries.search(store, "workflow engine", kinds=["record"]).hits
    assert hits[0].card.id == "0003-move-nightly-jobs-to-a-workflow-engine"
    hops = queries.path(store, "0002-run-nightly-jobs-from-cron", "silent-job-rot").hops
    assert [h.type for h in hops] == ["applies", "failure_mode"]
    selected = queries.select(store, queries.Selection(kinds=["record"]))
    assert len(selected.cards) == 6 and {e.type for e in selected.edges} == {"supersedes"}


def test_review_lists_current_records_and_suggests_cards_for_unlinked_ones(
    store: MemoryStore,
) -> None:
    result = queries.review(store, today=TODAY, older_than="18m", suggest=True)
    assert [i.record.id for i in result.current] == [
        "0001-keep-a-log-of-decisions",
        "0003-move-nightly-jobs-to-a-workflow-engine",
        "0005-replay-order-events-from-a-stream",
    ]  # 0004 says accepted, but 0005 supersedes it; 0002 is superseded
    assert result.cutoff == "2024-12-01"
    assert [i.record.id for i in result.overdue] == [
        "0001-keep-a-log-of-decisions",
        "0003-move-nightly-jobs-to-a-workflow-engine",
    ]
    current = result.current[1]
    assert current.age_days == (TODAY - dt.date(2024, 9, 30)).days
    assert [c.id for c in current.watch] == ["nobody-owns-the-crontab", "silent-job-rot"]
    assert [s.record.id for s in result.unlinked] == [
        "0001-keep-a-log-of-decisions",
        "0006-nightly-reports-as-batch-jobs",
    ]
    assert result.unlinked[1].suggestions[0].card.id == "cron-vs-workflow-engine"
    with pytest.raises(TradeoffsError, match="not a duration"):
        queries.review(store, older_than="a while")


def test_decide_writes_the_next_record_and_reads_back(tmp_path: Path) -> None:
    folder = tmp_path / "adr"
    shutil.copytree(RECORDS, folder)
    (folder / "0007-broken-date.md").unlink()
    (folder / "template.md").unlink()  # MADR, as the latest record is
    graph = load_catalog(records=folder)
    store = MemoryStore(graph)
    decided = queries.decide(store, "monolith-vs-microservices", folder, today=TODAY)
    assert decided.template == "madr"
    assert Path(decided.path).name == "0007-modular-monolith-vs-microservices.md"
    record = read_record(Path(decided.path))
    card = store.card("monolith-vs-microservices")
    assert (record.status, record.date, record.number) == ("proposed", "2026-06-01", 7)
    assert [link.id for link in record.links.applies] == ["monolith-vs-microservices"]
    headings = [s.heading for s in record.sections]
    for heading in (
        "Context and Problem Statement",
        "Decision Drivers",
        "Considered Options",
        "Decision Outcome",
        "Confirmation",
        "What to watch",
        "Revisit when",
    ):
        assert heading in headings
    assert record.considered_options == [card.option_a.name, card.option_b.name]
    assert record.chosen_option is None  # the placeholder is not a choice
    text = Path(decided.path).read_text(encoding="utf-8")
    assert card.key_factors[0] in text and card.when_to_revisit[0] in text
    again = queries.decide(store, "monolith-vs-microservices", folder, title="Split billing out")
    assert Path(again.path).name == "0008-split-billing-out.md"
    graph = load_catalog(records=folder)
    assert {
        e.source
        for e in graph.edges
        if e.target == "monolith-vs-microservices" and e.type == "applies"
    } == {
        "0007-modular-monolith-vs-microservices",
        "0008-split-billing-out",
    }
    with pytest.raises(TradeoffsError, match="a record applies a decision card"):
        queries.decide(store, "distributed-monolith", folder)


def test_decide_never_replaces_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tradeoffs.formats import adr

    store = MemoryStore(load_catalog())
    (tmp_path / "0001-taken.md").write_text("# Taken\n", encoding="utf-8")
    monkeypatch.setattr(adr, "next_record_name", lambda names, title, day: ("0001-taken.md", 1))
    with pytest.raises(TradeoffsError, match="exists"):
        queries.decide(store, "monolith-vs-microservices", tmp_path)
    assert (tmp_path / "0001-taken.md").read_text(encoding="utf-8") == "# Taken\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0001-taken.md"]


def test_layered_catalogs_link_across() -> None:
    layers = load_layers([MINI, DATA / "team"])
    assert layers.origins["batch-host-nobody-patches"] == str(DATA / "team")
    graph = load_catalog([MINI, DATA / "team"])
    assert ("batch-host-nobody-patches", "cron-vs-workflow-engine", "decision") in {
        e.key for e in graph.edges
    } and graph.unresolved == []
    assert load_layers([]).origins["monolith-vs-microservices"] == "bundled"


def test_cli_catalog_twice_bundled_beside_a_team_catalog() -> None:
    code, out, _ = run_cli(
        "--catalog",
        "bundled",
        "--catalog",
        str(DATA / "team"),
        "--catalog",
        str(MINI),
        "show",
        "batch-host-nobody-patches",
    )
    assert code == 0 and out.rstrip().endswith(
        f"From: {DATA / 'team'} (batch-host-nobody-patches.yaml)"
    )


def test_cli_records_related_review_and_decide(tmp_path: Path) -> None:
    base = ["--catalog", str(MINI), "--records", str(RECORDS), "--keep-going"]
    code, out, err = run_cli(*base, "related", "cron-vs-workflow-engine", "--type", "applies")
    assert code == 0
    assert "<-applies-" in out and "0003-move-nightly-jobs-to-a-workflow-engine" in out
    assert "README.md: not a decision record, skipped" in err and "0007-broken-date.md:3:" in err
    code, out, _ = run_cli(*base, "show", "0002-run-nightly-jobs-from-cron")
    assert (
        out.startswith("2. Run nightly jobs from cron\nDecision record") and "From: records" in out
    )
    code, out, _ = run_cli(*base, "review", "--json")
    assert code == 0 and len(json.loads(out)["current"]) == 3
    code, out, _ = run_cli(*base, "review", "--older-than", "100y")
    assert code == 0
    code, out, _ = run_cli(*base, "review", "--older-than", "1d")
    assert code == 1 and "OVERDUE" in out
    code, out, _ = run_cli("--records", str(tmp_path / "adr"), "decide", "rag-vs-fine-tuning")
    assert (code, out) == (
        0,
        f"wrote {tmp_path / 'adr' / '0001-rag-vs-fine-tuning.md'}: RAG vs Fine-Tuning (applies rag-vs-fine-tuning)\n",
    )


def test_records_flow_through_the_exports(store: MemoryStore, tmp_path: Path) -> None:
    from tradeoffs.export import read_json_export
    from tradeoffs.formats import export_json, markdown, mermaid

    subgraph = queries.select(store, queries.Selection(focus="cron-vs-workflow-engine"))
    assert "0003-move-nightly-jobs-to-a-workflow-engine" in {c.id for c in subgraph.cards}
    (tmp_path / "sub.json").write_text(export_json.write(subgraph), encoding="utf-8")
    assert read_json_export(tmp_path / "sub.json").cards == subgraph.cards
    assert "classDef record" in mermaid.write(subgraph)
    assert "### Decision record" not in markdown.write(subgraph)
    assert "Move nightly jobs to a workflow engine" in markdown.write(subgraph)


def test_decide_names_files_readably_whatever_the_title(tmp_path: Path) -> None:
    """Regression: a 400-character title made a file name too long (an internal error), and
    letters outside ASCII were dropped from the name."""
    store = open_store("memory", [MINI])
    long = queries.decide(store, "cron-vs-workflow-engine", tmp_path, title="x" * 400)
    assert len(Path(long.path).name) <= len("0001-") + 60 + len(".md")
    accented = queries.decide(
        store, "cron-vs-workflow-engine", tmp_path, title="Ünïcode — 缓存 jobs!"
    )
    assert Path(accented.path).name == "0002-unicode-jobs.md"


def test_catalogs_from_the_environment_and_named_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TRADEOFFS_CATALOG holds a list separated as PATH is; a catalog named twice (the word
    bundled, or a folder written two ways) is read once; ./bundled is a folder, never the word."""
    env = {"TRADEOFFS_CATALOG": f"bundled{os.pathsep}{MINI}"}
    code, out, _ = run_cli("stats", env=env)
    assert code == 0 and "cards by catalog:" in out and f"  {MINI}" in out
    code, out, _ = run_cli("--catalog", "bundled", "--catalog", "bundled", "stats", "--json")
    assert code == 0
    code, out, _ = run_cli("--catalog", str(MINI), "--catalog", f"{MINI}/", "stats", "--json")
    assert code == 0 and json.loads(out)["nodes"] == 6
    folder = tmp_path / "bundled"
    shutil.copytree(MINI, folder)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli("--catalog", "./bundled", "stats", "--json")
    assert code == 0 and json.loads(out)["nodes"] == 6
    code, _, err = run_cli("--catalog", "bundled", "stats")
    assert code == 1 and "write ./bundled for the folder" in err


def test_views_say_which_catalog_a_card_comes_from(store: MemoryStore) -> None:
    """The map and the exports name each card's catalog when the selection mixes several."""
    from tradeoffs.map.data import map_data

    mixed = queries.select(store, queries.Selection())
    assert mixed.provenance["queue-vs-stream"].catalog == str(MINI)
    nodes = {node.id: node for node in map_data(mixed, focus=None).nodes}
    assert (
        nodes["queue-vs-stream"].catalog,
        nodes["0004-publish-order-events-on-a-queue"].catalog,
    ) == (
        str(MINI),
        "records",
    )
    single = queries.select(open_store("memory", MINI), queries.Selection())
    assert single.provenance == {} and all(
        node.catalog is None for node in map_data(single, focus=None).nodes
    )


@pytest.mark.parametrize(
    ("duration", "expected"),
    [
        ("", "'' is not a duration: a number and d, w, m or y (such as 12m)"),
        ("3000y", "'3000y' reaches back before the year 1: give a shorter duration"),
        ("10000000d", "'10000000d' is not a duration"),
        ("99999999999999999999y", "'99999999999999999999y' is not a duration"),
        ("9" * 5000 + "d", "is not a duration"),
    ],
)
def test_a_duration_review_cannot_use_is_a_usage_error(
    store: MemoryStore, duration: str, expected: str
) -> None:
    """Issue 19: these gave ValueError or OverflowError, and "" passed as no duration."""
    code, _, stderr = run_cli(
        "--records", str(RECORDS), "review", "--older-than", duration, catalog=MINI
    )
    assert code == 2
    assert expected in stderr and stderr.endswith(")\n" if "not a" in expected else f"{expected}\n")
    assert "Invalid value for '--older-than'" in stderr
    with pytest.raises(TradeoffsError, match=re.escape(expected)):
        queries.review(store, older_than=duration)


def test_one_broken_record_never_stops_a_read_only_command(tmp_path: Path) -> None:
    folder = tmp_path / "adr"
    shutil.copytree(DATA / "layouts" / "mixed", folder)
    base = ["--catalog", str(MINI), "--records", str(folder)]
    broken = f"{folder / '0002-impossible-date.md'}:3: date: '2024-13-45'"
    commands = [
        ["stats"],
        ["show", "0001-adopt-trunk-based-development"],
        ["related", "cron-vs-workflow-engine"],
        ["review"],
        ["map", "-o", str(tmp_path / "map.html")],
        ["export", "json", "-o", str(tmp_path / "all.json")],
        ["decide", "cron-vs-workflow-engine", "--title", "Keep cron for now"],
    ]
    for command in commands:
        code, _, err = run_cli(*base, *command)
        assert code == 0, (command, err)
        assert err.count(broken) == 1, (command, err)
    code, out, err = run_cli(*base, "validate")
    assert code == 1 and broken in out + err
    assert (folder / "0006-keep-cron-for-now.md").is_file()


def test_cli_records_repeated_and_from_the_environment(tmp_path: Path) -> None:
    layouts = DATA / "layouts"
    first, second = layouts / "adr-dash", layouts / "adr-upper"
    code, out, _ = run_cli("--records", str(first), "--records", str(second), "stats", "--json")
    assert code == 0 and json.loads(out)["nodes_by_kind"]["record"] == 6
    env = {"TRADEOFFS_RECORDS": os.pathsep.join([str(first), str(second)])}
    code, out, _ = run_cli("show", "adr-upper-adr-001", env=env)
    assert code == 0 and out.startswith("1. Use OpenAI's API for the support assistant\n")


def test_cli_link_by_number_and_interactively(tmp_path: Path) -> None:
    folder = tmp_path / "adr"
    shutil.copytree(DATA / "layouts" / "adr-upper", folder)
    base = ["--records", str(folder)]
    before = (folder / "ADR-002.md").read_bytes()
    code, out, err = run_cli(*base, "link", "2", "model-api-vs-self-hosted-model")
    assert (code, err) == (0, "")
    assert out == f"{folder / 'ADR-002.md'}: applies model-api-vs-self-hosted-model\n"
    after = (folder / "ADR-002.md").read_bytes()
    assert after == before.replace(
        b"Date: 2024-03-04\n", b"Date: 2024-03-04\nTradeoffs: model-api-vs-self-hosted-model\n"
    )
    code, out, _ = run_cli(*base, "link", "adr-002", "--remove", "model-api-vs-self-hosted-model")
    assert code == 0 and (folder / "ADR-002.md").read_bytes() == before
    code, _, err = run_cli(*base, "link", "adr-009", "rest-vs-grpc")
    assert code == 1 and "no card with id 'adr-009'" in err
    # Interactively: ADR-001 takes the first suggestion, ADR-002 is skipped, ADR-003 (no card
    # fits a spelling rule) is skipped by default.
    code, out, err = run_cli(*base, "link", "--interactive", input="1\ns\n\n")
    assert code == 0, err
    assert "  1. Model API vs Self-Hosted Model [model-api-vs-self-hosted-model]" in out
    assert "no card fits" in out and "linked 1 of 3 record(s)" in out
    assert "Tradeoffs: model-api-vs-self-hosted-model" in (folder / "ADR-001.md").read_text()
