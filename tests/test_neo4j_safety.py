"""Writing to Neo4j loses nothing (issue 10): the planner and the property round trip as
pure functions, then every case against the real server named by TRADEOFFS_TEST_NEO4J_URI
(its default database, emptied by each test that needs it)."""

from __future__ import annotations

import hashlib
import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import card as make_card
from conftest import run_cli
from neo4j import Driver, GraphDatabase

from tradeoffs.errors import CatalogChanged, LoadRefused, StoreError
from tradeoffs.formats.neo4j_schema import (
    PROPERTIES_VERSION,
    card_from_properties,
    card_properties,
)
from tradeoffs.graph import load_catalog
from tradeoffs.graph.build import build_graph
from tradeoffs.graph.memory import MemoryStore
from tradeoffs.graph.neo4j.store import Neo4jStore
from tradeoffs.graph.neo4j.sync import CatalogRows, check_removals, plan_sync
from tradeoffs.models import Unresolved

MINI = Path(__file__).parent / "data" / "mini"
RECORDS = Path(__file__).parent / "data" / "records"
BUNDLED = Path(__file__).resolve().parents[1] / "tradeoffs" / "catalog"


# ---- pure: no server ----


def test_properties_round_trip_every_card() -> None:
    for catalog in (load_catalog(MINI), load_catalog()):
        for card in catalog.cards.values():
            props = card_properties(card, source="x/y.yaml")
            assert props["source"] == "x/y.yaml"
            assert card_from_properties(props) == card


def test_the_planner_adds_updates_and_removes_from_hashes_alone() -> None:
    catalog = load_catalog(MINI)
    rows = CatalogRows.of(catalog)
    report, batches = plan_sync(rows, {}, {})
    assert (report.cards_added, report.edges_added, report.cards_removed) == (6, 12, 0)
    assert sum(len(b.items) for b in batches if "CREATE (c:Card" in b.query) == 6

    stored = dict(rows.hashes) | {"gone": ("h", "e")}
    stored["queue-vs-stream"] = ("stale", rows.hashes["queue-vs-stream"][1])
    report, batches = plan_sync(rows, stored, {})
    assert (report.added, report.updated, report.removed) == ([], ["queue-vs-stream"], ["gone"])
    assert [b.items for b in batches if "DETACH DELETE" in b.query] == [["gone"]]


def test_removing_all_or_most_stored_cards_is_refused_unless_forced() -> None:
    rows = CatalogRows.of(build_graph({}))
    stored = {f"c{i}": ("h", "e") for i in range(4)}
    report, _ = plan_sync(rows, stored, {})
    with pytest.raises(LoadRefused, match="remove 4 of the 4 stored cards"):
        check_removals(report, 4, force=False)
    check_removals(report, 4, force=True)
    catalog = load_catalog(MINI)
    rows = CatalogRows.of(catalog)
    three_gone = dict(rows.hashes) | {f"old{i}": ("h", "e") for i in range(7)}
    report, _ = plan_sync(rows, three_gone, {})
    with pytest.raises(LoadRefused, match="more than half"):
        check_removals(report, len(three_gone), force=False)
    report, _ = plan_sync(rows, dict(rows.hashes) | {"old": ("h", "e")}, {})
    check_removals(report, 7, force=False)  # one of seven: fine


@pytest.mark.parametrize(
    "uri", ["bolt://127.0.0.1:99999", "bolt://127.0.0.1:abc", "neo4j://localhost:0"]
)
def test_an_invalid_port_is_one_line(uri: str) -> None:
    with pytest.raises(StoreError) as caught:
        Neo4jStore(uri)
    assert str(caught.value) == (
        f"not a Neo4j URI: {uri!r} (the port must be a number from 1 to 65535)"
    )
    code, out, err = run_cli("--store", "neo4j", "stats", env={"TRADEOFFS_NEO4J_URI": uri})
    assert (code, out) == (1, "")
    assert err == f"Error: {caught.value}\n"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {"TRADEOFFS_NEO4J_TIMEOUT": "1e300"},
            "TRADEOFFS_NEO4J_TIMEOUT: must be a number of seconds above 0 and at most 3600, "
            "not '1e300'",
        ),
        (
            {"TRADEOFFS_NEO4J_URI": "bolt://[::1:7752"},
            "not a Neo4j URI: 'bolt://[::1:7752' (Invalid IPv6 URL)",
        ),
        (
            {"TRADEOFFS_NEO4J_URI": "bolt://neo4j:pw-SENTINEL@[::1:7752"},
            "not a Neo4j URI: 'bolt://***@[::1:7752' (Invalid IPv6 URL)",
        ),
        (
            {"TRADEOFFS_NEO4J_URI": "http://neo4j:pw-SENTINEL@localhost:7474"},
            "not a Neo4j URI: 'http://***@localhost:7474' (expected "
            "bolt://, bolt+s://, bolt+ssc://, neo4j://, neo4j+s://, neo4j+ssc://)",
        ),
        (
            # Bytes that are not UTF-8 arrive in Python as lone surrogates.
            {"TRADEOFFS_NEO4J_USER": "neo4j", "TRADEOFFS_NEO4J_PASSWORD": "pw-\udcffSENTINEL"},
            "the Neo4j password holds bytes that are not UTF-8 text",
        ),
        (
            {"TRADEOFFS_NEO4J_DATABASE": "db-\udcff"},
            "the Neo4j database name holds bytes that are not UTF-8 text",
        ),
    ],
)
def test_odd_settings_are_one_line_that_never_shows_the_password(
    env: dict[str, str], expected: str
) -> None:
    assert run_cli("--store", "neo4j", "stats", env=env) == (1, "", f"Error: {expected}\n")


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A socket of our own on 127.0.0.1 that accepts connections and never says a word."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield f"bolt://127.0.0.1:{listener.getsockname()[1]}"


def test_a_server_that_never_answers_times_out_in_one_line(silent_server: str) -> None:
    started = time.monotonic()
    with pytest.raises(StoreError) as caught:
        Neo4jStore(silent_server, timeout=1)
    assert time.monotonic() - started < 8
    assert str(caught.value) == (
        f"cannot reach Neo4j at {silent_server}: no answer within 1 s "
        "(set TRADEOFFS_NEO4J_TIMEOUT to wait longer)"
    )
    env = {"TRADEOFFS_NEO4J_URI": silent_server, "TRADEOFFS_NEO4J_TIMEOUT": "1"}
    assert run_cli("load", catalog=MINI, env=env) == (
        1,
        "",
        f"read 6 files from {MINI}\nError: {caught.value}\n",
    )


@pytest.mark.parametrize("password", ["e", "o", "Neo4j", "127.0.0.1"])
def test_masking_the_password_reveals_nothing(password: str) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        uri = f"bolt://127.0.0.1:{sock.getsockname()[1]}"  # closed once the block ends
    with pytest.raises(StoreError) as caught:
        Neo4jStore(uri, ("neo4j", password))
    assert str(caught.value) == f"cannot reach Neo4j at {uri}: connection refused"


# ---- against the real server ----

pytest_neo4j = pytest.mark.neo4j


@pytest.fixture
def driver(neo4j_uri: str) -> Iterator[Driver]:
    with GraphDatabase.driver(neo4j_uri) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n")
        yield driver


@pytest.fixture
def cards(tmp_path: Path) -> Path:
    return Path(shutil.copytree(MINI, tmp_path / "cards"))


def load(uri: str, catalog: Path, *args: str, keep_going: bool = False) -> tuple[int, str, str]:
    options = ["--catalog", str(catalog), *(["--keep-going"] if keep_going else [])]
    return run_cli(*options, "load", *args, env={"TRADEOFFS_NEO4J_URI": uri})


def stored_ids(driver: Driver) -> list[str]:
    records, _, _ = driver.execute_query(
        "MATCH (c:Card) WHERE c.content_hash IS NOT NULL RETURN c.id AS id"
    )
    return sorted(r["id"] for r in records)


def title_of(driver: Driver, card_id: str) -> str:
    records, _, _ = driver.execute_query("MATCH (c:Card {id: $id}) RETURN c.title AS t", id=card_id)
    return str(records[0]["t"])


@pytest_neo4j
def test_keep_going_never_deletes_a_card_whose_file_failed(
    neo4j_uri: str, driver: Driver, cards: Path
) -> None:
    assert load(neo4j_uri, cards)[0] == 0
    (cards / "silent-job-rot.yaml").write_text("id: silent-job-rot\ntitle: [unclosed\n")
    text = (cards / "data-drift.yaml").read_text().replace("title: ", "title: Edited ", 1)
    (cards / "data-drift.yaml").write_text(text)
    code, stdout, stderr = load(neo4j_uri, cards, keep_going=True)
    assert code == 0, stderr
    assert "silent-job-rot.yaml" in stderr  # the problem is reported
    assert "0 removed" in stdout and "1 updated" in stdout
    assert "kept 1 stored card(s) not in the catalog" in stdout and "silent-job-rot" in stdout
    assert "(1 of them from those files)" in stdout
    assert "silent-job-rot" in stored_ids(driver)
    assert title_of(driver, "data-drift").startswith("Edited ")
    # The edges of the kept card stay too.
    edges, _, _ = driver.execute_query(
        "MATCH (:Card {id: 'silent-job-rot'})-[r]-() RETURN count(r) AS n"
    )
    assert edges[0]["n"] > 0
    # A removed file, while another failed: nothing is removed until the catalog reads whole.
    (cards / "queue-vs-stream.yaml").unlink()
    code, stdout, _ = load(neo4j_uri, cards, keep_going=True)
    assert code == 0 and "0 removed" in stdout
    assert len(stored_ids(driver)) == 6


@pytest_neo4j
def test_an_emptied_folder_or_most_cards_gone_is_refused_without_force(
    neo4j_uri: str, driver: Driver, cards: Path, tmp_path: Path
) -> None:
    assert load(neo4j_uri, cards)[0] == 0
    # The cards' own folder, emptied: refused, and the dry run says what the load would do.
    aside = tmp_path / "aside"
    aside.mkdir()
    for path in cards.glob("*.yaml"):
        path.rename(aside / path.name)
    code, stdout, stderr = load(neo4j_uri, cards)
    assert (code, stdout) == (1, "")
    assert stderr == (
        f"read 0 files from {cards}\n"  # what was read is said first
        "Error: refusing to load: it would remove 6 of the 6 stored cards (every stored card); "
        "check --catalog, or run load --dry-run to see which; use --force to load anyway\n"
    )
    code, stdout, _ = load(neo4j_uri, cards, "--dry-run")
    assert code == 0 and "  remove data-drift\n" in stdout
    assert stdout.endswith(
        "a load would be refused without --force: it would remove 6 of the 6 stored cards "
        "(every stored card)\n"
    )
    for path in aside.glob("*.yaml"):
        path.rename(cards / path.name)
    for name in ("silent-job-rot", "data-drift", "queue-vs-stream", "nobody-owns-the-crontab"):
        (cards / f"{name}.yaml").unlink()
    code, _, stderr = load(neo4j_uri, cards)
    assert code == 1 and "more than half of the stored cards" in stderr
    assert len(stored_ids(driver)) == 6
    code, stdout, _ = load(neo4j_uri, cards, "--force")
    assert code == 0 and "4 removed" in stdout
    assert len(stored_ids(driver)) == 2


@pytest_neo4j
def test_a_load_removes_only_cards_of_the_folders_it_read(
    neo4j_uri: str, driver: Driver, cards: Path, tmp_path: Path
) -> None:
    """Issue 19: records were found from the current folder, so a load run from another
    folder read none and removed them all. Each node now names its folder, and only a load
    that read that folder (completely) removes it."""
    repo = tmp_path / "repo"
    shutil.copytree(RECORDS, repo / "docs" / "decisions")
    env = {"TRADEOFFS_NEO4J_URI": neo4j_uri}
    args = ["--catalog", str(cards), "--keep-going", "load"]
    code, _, err = run_cli(*args, env=env, cwd=repo)
    assert code == 0, err
    records = sorted(set(stored_ids(driver)) - {p.stem for p in cards.glob("*.yaml")})
    assert len(records) == 6
    code, out, err = run_cli(*args, env=env, cwd=repo / "docs")
    assert code == 0, err
    assert "0 removed" in out
    assert "kept 6 stored card(s) of folders this load did not read" in out
    assert set(records) <= set(stored_ids(driver))
    folders, _, _ = driver.execute_query(
        "MATCH (c:Card) RETURN c.id AS id, c.folder AS folder ORDER BY id"
    )
    where = {r["id"]: r["folder"] for r in folders}
    assert where["data-drift"] == str(cards.resolve())
    assert {where[i] for i in records} == {str((repo / "docs" / "decisions").resolve())}
    # Another catalog folder, empty, removes nothing either.
    (tmp_path / "empty").mkdir()
    code, stdout, _ = load(neo4j_uri, tmp_path / "empty")
    assert code == 0 and "0 removed" in stdout
    assert set(records) | {"data-drift"} <= set(stored_ids(driver))


@pytest_neo4j
def test_dry_run_says_what_would_change_and_writes_nothing(
    neo4j_uri: str, driver: Driver, cards: Path
) -> None:
    code, stdout, _ = load(neo4j_uri, cards, "--dry-run")
    assert code == 0
    assert stdout.startswith("dry run: nothing was written")
    assert "  add silent-job-rot\n" in stdout and "cards: 6 added" in stdout
    assert stored_ids(driver) == []
    assert load(neo4j_uri, cards)[0] == 0
    (cards / "data-drift.yaml").unlink()
    code, stdout, _ = load(neo4j_uri, cards, "--dry-run")
    assert "  remove data-drift\n" in stdout and "  update silent-job-rot\n" in stdout
    assert len(stored_ids(driver)) == 6


@pytest_neo4j
def test_two_loads_at_once_end_with_exactly_one_catalog(
    neo4j_uri: str, driver: Driver, tmp_path: Path
) -> None:
    one = Path(shutil.copytree(MINI, tmp_path / "one"))
    two = Path(shutil.copytree(MINI, tmp_path / "two"))
    for path in two.glob("*.yaml"):
        path.write_text(path.read_text().replace("title: ", "title: Two ", 1))
    (two / "data-drift.yaml").unlink()
    catalogs = {name: load_catalog(path) for name, path in (("one", one), ("two", two))}
    for catalog in catalogs.values():  # one folder, loaded by two people around an edit
        catalog.folders = dict.fromkeys(catalog.cards, "shared")
        catalog.read = ["shared"]
    expected = {name: MemoryStore(c).cards() for name, c in catalogs.items()}
    for _ in range(6):
        errors: list[BaseException] = []
        barrier = threading.Barrier(2)

        def run(
            name: str,
            barrier: threading.Barrier = barrier,
            errors: list[BaseException] = errors,
        ) -> None:
            store = Neo4jStore(neo4j_uri)
            try:
                barrier.wait()
                store.sync(catalogs[name], force=True)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                store.close()

        threads = [threading.Thread(target=run, args=(name,)) for name in catalogs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not errors, errors
        store = Neo4jStore(neo4j_uri)
        try:
            held = store.cards()
            assert held in expected.values()
            name = "one" if held == expected["one"] else "two"
            memory = MemoryStore(catalogs[name])
            assert store.edges() == memory.edges()
            assert store.unresolved() == memory.unresolved()
        finally:
            store.close()


@pytest_neo4j
def test_foreign_nodes_are_never_touched_counted_or_read(
    neo4j_uri: str, driver: Driver, cards: Path, tmp_path: Path
) -> None:
    driver.execute_query("CREATE (:Card {title: 'no id'}), (:Card:Decision {id: 'theirs'})")
    foreign_before, _, _ = driver.execute_query(
        "MATCH (c:Card) RETURN labels(c) AS l, properties(c) AS p ORDER BY p.title, p.id"
    )
    assert load(neo4j_uri, cards)[0] == 0
    env = {"TRADEOFFS_STORE": "neo4j", "TRADEOFFS_NEO4J_URI": neo4j_uri}
    for command in (
        ["stats", "--json"],
        ["show", "silent-job-rot"],
        ["export", "json", "-o", str(tmp_path / "all.json")],
        ["map", "-o", str(tmp_path / "map.html")],
    ):
        code, _, err = run_cli(*command, env=env)
        assert code == 0, err
    stats = run_cli("stats", "--json", env=env)[1]
    assert stats == run_cli("stats", "--json", catalog=cards)[1]
    assert run_cli("show", "theirs", env=env)[0] == 1
    # Loading the folder emptied, by force, removes tradeoffs' cards, and only those.
    for path in cards.glob("*.yaml"):
        path.unlink()
    assert load(neo4j_uri, cards, "--force")[0] == 0
    assert stored_ids(driver) == []
    foreign_after, _, _ = driver.execute_query(
        "MATCH (c:Card) RETURN labels(c) AS l, properties(c) AS p ORDER BY p.title, p.id"
    )
    assert [r.data() for r in foreign_after] == [r.data() for r in foreign_before]


@pytest_neo4j
def test_each_card_remembers_its_file(neo4j_uri: str, driver: Driver, cards: Path) -> None:
    (cards / "sub").mkdir()
    (cards / "data-drift.yaml").rename(cards / "sub" / "data-drift.yaml")
    assert load(neo4j_uri, cards)[0] == 0
    records, _, _ = driver.execute_query("MATCH (c:Card) RETURN c.id AS id, c.source AS source")
    sources = {r["id"]: r["source"] for r in records}
    assert sources["data-drift"] == "sub/data-drift.yaml"
    assert sources["silent-job-rot"] == "silent-job-rot.yaml"
    data = yaml.safe_load((cards / "sub" / "data-drift.yaml").read_text())
    assert data["id"] == "data-drift"


# ---- what a load writes is what it read ----


@pytest_neo4j
def test_a_file_edited_while_the_load_reads_it_fails_the_load_and_writes_nothing(
    neo4j_uri: str, driver: Driver, cards: Path
) -> None:
    """Issue 19: a catalog edited during a load left Neo4j with a mix of both versions. The
    edit is made from the progress callback, after the load read the files and before it
    commits, so the test does not depend on timing."""
    store = Neo4jStore(neo4j_uri)
    try:
        store.sync(load_catalog(cards))
        with driver.session() as session:
            before = sorted(session.run("MATCH (c:Card) RETURN properties(c) AS p").data(), key=str)
        edit = cards / "data-drift.yaml"
        edit.write_text(edit.read_text().replace("title: ", "title: Read ", 1))
        catalog = load_catalog(cards)

        def edit_again(done: int, total: int) -> None:
            edit.write_text(edit.read_text().replace("title: Read ", "title: Edited ", 1))

        with pytest.raises(CatalogChanged) as caught:
            store.sync(catalog, edit_again)
        assert str(caught.value) == (
            f"{edit}: changed while the catalog was being read; refusing to load, as the "
            "database would hold a mix of both versions: nothing was written (load again)"
        )
        with driver.session() as session:
            after = sorted(session.run("MATCH (c:Card) RETURN properties(c) AS p").data(), key=str)
        assert after == before
        # A file added meanwhile is a change too; a dry run checks as well.
        catalog = load_catalog(cards)
        (cards / "new.yaml").write_text("id: new-card\nkind: red_flag\ntitle: New\n")
        with pytest.raises(CatalogChanged, match="new.yaml: changed"):
            store.sync(catalog, dry_run=True)
        assert store.sync(load_catalog(cards)).cards_added == 1
    finally:
        store.close()


# PROPERTIES_VERSION -> the fingerprint of the properties card_properties writes for the
# cards below. When the properties change, bump PROPERTIES_VERSION (every stored card is
# then rewritten once by the next load) and record the new fingerprint under it.
PROPERTIES_FINGERPRINTS = {4: "b427aa0bed5d40d73f5cb25156c97025cb145bcc51fc3bf1add72ad54c70d9d9"}


def test_properties_version_changes_whenever_the_node_properties_do() -> None:
    cards = [
        make_card(
            id="a-decision",
            kind="decision",
            summary="S",
            key_factors=["Latency", "Cost"],
            option_a={"name": "A", "strengths": ["fast"]},
            links={"confused_with": [{"id": "b-decision", "note": "n"}]},
            extra={"code": "X1", "scores": [1, 2.5]},
        ),
        make_card(
            id="a-playbook",
            kind="playbook",
            steps=[{"step": 1, "title": "Look", "actions": ["closely"]}],
        ),
    ]
    unresolved = [Unresolved(card_id="a-decision", group="confused_with", target="b", reason="r")]
    written = [
        card_properties(c, unresolved, source="x/y.yaml", origin="o", folder="/f") for c in cards
    ]
    for props in written:  # the hash of the card changes with the model: not a layout change
        del props["content_hash"]
    fingerprint = hashlib.sha256(json.dumps(written, sort_keys=True).encode()).hexdigest()
    assert PROPERTIES_FINGERPRINTS.get(PROPERTIES_VERSION) == fingerprint, (
        "the node properties changed: bump PROPERTIES_VERSION in formats/neo4j_schema.py and "
        f"record {fingerprint!r} for it"
    )


@pytest_neo4j
def test_a_dry_run_says_a_foreign_node_holding_an_id_fails_the_load(
    neo4j_uri: str, driver: Driver, cards: Path
) -> None:
    driver.execute_query("CREATE (:Card {id: 'data-drift', title: 'theirs'})")
    expected = (
        f"read 6 files from {cards}\n"
        f"Error: refusing to load: Neo4j at {neo4j_uri} holds a :Card node that tradeoffs did "
        "not write with the id 'data-drift'; rename or remove that node, or load into another "
        "database\n"
    )
    for args in (["--dry-run"], []):
        code, stdout, stderr = load(neo4j_uri, cards, *args)
        assert (code, stdout, stderr) == (1, "", expected), args
    assert stored_ids(driver) == []


# ---- stored data is untrusted ----


@pytest_neo4j
def test_a_node_edited_by_hand_is_left_out_by_id_and_repaired_by_a_load(
    neo4j_uri: str, driver: Driver, cards: Path, tmp_path: Path
) -> None:
    assert load(neo4j_uri, cards)[0] == 0
    driver.execute_query("MATCH (c:Card {id: 'queue-vs-stream'}) SET c.key_factors = 'privacy'")
    driver.execute_query("MATCH (c:Card {id: 'data-drift'}) SET c.id = ['data', 'drift']")
    env = {"TRADEOFFS_STORE": "neo4j", "TRADEOFFS_NEO4J_URI": neo4j_uri}
    left_out = f"Neo4j at {neo4j_uri}: card 'queue-vs-stream' left out, it does not fit "
    for command in (
        ["stats"],
        ["related", "cron-vs-workflow-engine"],
        ["search", "queue"],
        ["factor", "privacy"],
        ["export", "json", "-o", str(tmp_path / "all.json")],
        ["map", "-o", str(tmp_path / "map.html")],
    ):
        code, out, err = run_cli(*command, env=env)
        assert code == 0, (command, err)
        assert "internal error" not in out + err
        if command[0] in ("related", "export", "map", "search"):
            assert err.startswith(left_out), command
    code, out, err = run_cli("show", "queue-vs-stream", env=env)
    assert (code, out) == (1, "") and err.count("\n") == 1
    assert err.startswith(
        f"Error: Neo4j at {neo4j_uri} holds card 'queue-vs-stream' in a form that does not fit "
    )
    # A load repairs the node it owns, and leaves the one whose id is a list alone.
    code, stdout, stderr = load(neo4j_uri, cards)
    assert code == 0, stderr
    assert "left alone: a :Card node whose id is not text (['data', 'drift'])" in stdout
    assert "1 updated" in stdout and "1 added" in stdout  # data-drift comes back
    assert run_cli("show", "queue-vs-stream", env=env)[0] == 0
    listed, _, _ = driver.execute_query("MATCH (c:Card) WHERE c.id = ['data', 'drift'] RETURN c")
    assert len(listed) == 1
