"""``tradeoffs export``: selection report on stderr, the path on stdout, both backends."""

import zipfile
from pathlib import Path

import neo4j
import pytest
from conftest import run_cli

from tradeoffs import queries
from tradeoffs.export import read_json_export
from tradeoffs.formats import cypher
from tradeoffs.graph import open_store

HOSTILE = Path(__file__).parent / "data" / "export" / "hostile"
MINI_REPORT = (
    "selected 6 cards (2 decision, 2 failure_mode, 1 red_flag, 1 playbook)\n"
    "     and 12 edges (1 confused_with, 4 failure_mode, 2 red_flag, 1 playbook, 3 decision, "
    "1 leads_to)\n"
)


def test_export_reports_the_selection_on_stderr_and_the_path_on_stdout(
    mini_catalog: Path, tmp_path: Path
) -> None:
    out = tmp_path / "mini.json"
    code, stdout, stderr = run_cli("--catalog", str(mini_catalog), "export", "json", "-o", str(out))
    assert (code, stdout, stderr) == (0, f"{out}\n", MINI_REPORT)
    expected = queries.select(open_store("memory", mini_catalog), queries.Selection())
    assert read_json_export(out) == expected


def test_export_takes_the_selection_options(mini_catalog: Path, tmp_path: Path) -> None:
    out = tmp_path / "near.json"
    export = ["--catalog", str(mini_catalog), "export", "json", "-o", str(out)]
    code, _, stderr = run_cli(*export, "--focus", "queue-vs-stream", "--type", "confused_with")
    assert code == 0
    assert stderr.splitlines()[0] == "selected 2 cards (2 decision)"
    assert [card.id for card in read_json_export(out).cards] == [
        "cron-vs-workflow-engine",
        "queue-vs-stream",
    ]


def test_export_replaces_an_existing_path_only_with_force(
    mini_catalog: Path, tmp_path: Path
) -> None:
    out = tmp_path / "graph.graphml"
    out.write_text("mine", encoding="utf-8")
    args = ["--catalog", str(mini_catalog), "export", "graphml", "-o", str(out)]
    code, stdout, stderr = run_cli(*args)
    assert (code, stdout) == (1, "")
    assert stderr == MINI_REPORT + (
        f"Error: {out}: exists and was not written by tradeoffs; "
        "not replacing it, even with --force (choose another path)\n"
    )
    assert out.read_text(encoding="utf-8") == "mine"
    out.unlink()
    assert run_cli(*args)[0] == 0
    code, _, stderr = run_cli(*args)
    assert code == 1 and stderr.endswith(
        f"Error: {out}: already exists (use --force to replace it)\n"
    )
    assert run_cli(*args, "--force")[0] == 0
    assert out.read_bytes().startswith(b"<?xml")


def test_export_workshop_as_a_zip_for_a_90_minute_session(
    mini_catalog: Path, tmp_path: Path
) -> None:
    out = tmp_path / "pack.zip"
    export = ["--catalog", str(mini_catalog), "export", "workshop", "-o", str(out)]
    code, stdout, _ = run_cli(
        *export, "--focus", "queue-vs-stream", "--depth", "2", "--minutes", "90"
    )
    assert (code, stdout) == (0, f"{out}\n")
    with zipfile.ZipFile(out) as archive:
        guide = archive.read("pack/facilitator.md").decode()
    assert "| 0:00 | 7 | Opening: the question, who decides and how |" in guide


def test_export_rejects_other_session_lengths_and_formats(tmp_path: Path) -> None:
    code, _, stderr = run_cli("export", "workshop", "--minutes", "30", "-o", str(tmp_path / "p"))
    assert code == 2 and "'30' is not one of '45', '60', '90', '120'" in stderr
    code, _, stderr = run_cli("export", "pdf", "-o", str(tmp_path / "p"))
    assert code == 2 and "'pdf' is not one of 'json', 'graphml'" in stderr
    assert list(tmp_path.iterdir()) == []


def test_an_empty_selection_is_an_error(mini_catalog: Path, tmp_path: Path) -> None:
    out = tmp_path / "none.json"
    args = ["--catalog", str(mini_catalog), "export", "json", "-o", str(out)]
    code, stdout, stderr = run_cli(*args, "--category", "data", "--kind", "playbook")
    assert (code, stdout) == (1, "")
    assert stderr.endswith("Error: no card matches the selection\n")
    code, _, stderr = run_cli(*args, "--category", "nope")
    assert code == 1
    assert stderr.endswith(
        "Error: no category 'nope' (categories: architecture, data, operations)\n"
    )
    assert run_cli(*args, "--category", "DATA")[0] == 0  # categories match whatever their case
    out.unlink()
    code, _, stderr = run_cli(*args, "--ids", " ,")
    assert code == 2 and "--ids needs at least one card id" in stderr
    assert not out.exists()


@pytest.mark.neo4j
def test_export_from_neo4j_matches_export_from_memory(neo4j_uri: str, tmp_path: Path) -> None:
    """The hostile cards put on the server by their own Cypher export, then exported
    through ``--store neo4j``: the same JSON as from the in-memory store."""
    memory = queries.select(open_store("memory", HOSTILE), queries.Selection())
    ids = [card.id for card in memory.cards]
    driver = neo4j.GraphDatabase.driver(neo4j_uri)
    clear = "MATCH (c:Card) WHERE c.id IN $ids DETACH DELETE c"
    try:
        driver.execute_query(clear, ids=ids)
        with driver.session() as session:
            for line in cypher.write(memory).splitlines()[2:]:
                session.run(line.removesuffix(";")).consume()  # type: ignore[arg-type]
        from_memory, from_neo4j = tmp_path / "memory.json", tmp_path / "neo4j.json"
        selection = ["--ids", ",".join(ids), "-o"]
        assert (
            run_cli("--catalog", str(HOSTILE), "export", "json", *selection, str(from_memory))[0]
            == 0
        )
        env = {"TRADEOFFS_STORE": "neo4j", "TRADEOFFS_NEO4J_URI": neo4j_uri}
        code, _, stderr = run_cli("export", "json", *selection, str(from_neo4j), env=env)
        assert code == 0, stderr
        assert from_neo4j.read_bytes() == from_memory.read_bytes()
    finally:
        driver.execute_query(clear, ids=ids)
        driver.close()
