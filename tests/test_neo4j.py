"""The Neo4j backend against a real server: loading is a sync, a failed load changes
nothing, errors are one line without the password, user text never becomes Cypher.

Uses the server named by TRADEOFFS_TEST_NEO4J_URI (its default database, emptied first);
the mid-load stop test and the password tests run private servers of their own through the
launcher (the latter with authentication on).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import run_cli
from neo4j import Driver, GraphDatabase
from pydantic import ValidationError

import tradeoffs.graph.neo4j.sync as neo4j_sync
from tradeoffs import queries
from tradeoffs.errors import CardNotFound, StoreError
from tradeoffs.generate import generate_catalog
from tradeoffs.graph import load_catalog, open_store
from tradeoffs.graph.build import CatalogGraph, build_graph
from tradeoffs.graph.memory import MemoryStore
from tradeoffs.graph.neo4j.settings import Neo4jSettings
from tradeoffs.graph.neo4j.store import Neo4jStore
from tradeoffs.vocabulary import KIND_SPECS, KINDS

MINI = Path(__file__).parent / "data" / "mini"
ROOT = Path(__file__).resolve().parents[1]
LAUNCHER = ROOT / "devtools" / "neo4j" / "neo4j-dev"
DOCS = ROOT / "docs" / "neo4j.md"
SENTINEL = "pw-SENTINEL-8c1f"
RIGHT_PASSWORD = "pw-right-5d2e"  # Neo4j wants at least 8 characters

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def driver(neo4j_uri: str) -> Iterator[Driver]:
    """A plain driver on the test database, emptied once for this module."""
    with GraphDatabase.driver(neo4j_uri) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n")
        yield driver


@pytest.fixture
def store(neo4j_uri: str, driver: Driver) -> Iterator[Neo4jStore]:
    """A store on the emptied database: a load removes only the cards of folders it read,
    so each test's catalog could not replace the last one's."""
    driver.execute_query("MATCH (n) DETACH DELETE n")
    store = Neo4jStore(neo4j_uri)
    yield store
    store.close()


@pytest.fixture
def cards_dir(tmp_path: Path) -> Path:
    """A writable copy of the mini catalog."""
    return Path(shutil.copytree(MINI, tmp_path / "cards"))


def snapshot(driver: Driver) -> tuple[list[Any], list[Any]]:
    """Everything in the database: every node's labels and properties, every relationship."""
    nodes, _, _ = driver.execute_query(
        "MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props"
    )
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props"
    )
    return (
        sorted(([r["id"], sorted(r["labels"]), r["props"]] for r in nodes), key=str),
        sorted(([r["a"], r["type"], r["b"], r["props"]] for r in rels), key=str),
    )


def assert_matches_memory(store: Neo4jStore, catalog: CatalogGraph) -> None:
    memory = MemoryStore(catalog)
    assert store.cards() == memory.cards()
    assert store.edges() == memory.edges()
    assert store.unresolved() == memory.unresolved()
    assert store.counts() == memory.counts()


def edit(path: Path, change: dict[str, Any], drop: tuple[str, ...] = ()) -> None:
    data = yaml.safe_load(path.read_text())
    for key in drop:
        del data[key]
    data.update(change)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# ---- loading is a sync ----


def test_loading_twice_changes_nothing(store: Neo4jStore, driver: Driver) -> None:
    catalog = load_catalog(MINI)
    first = store.sync(catalog)
    assert (first.cards_added, first.edges_added) == (6, 12)
    before = snapshot(driver)

    again = store.sync(catalog)
    assert not again.changed
    assert (again.cards_unchanged, again.edges_unchanged) == (6, 12)
    assert snapshot(driver) == before
    assert_matches_memory(store, catalog)


def test_sync_follows_the_files(store: Neo4jStore, driver: Driver, cards_dir: Path) -> None:
    store.sync(load_catalog(cards_dir))

    # A removed file: its card and both its edges go; the link to it becomes unresolved,
    # which changes the card that wrote it.
    (cards_dir / "data-drift.yaml").unlink()
    catalog = load_catalog(cards_dir)
    report = store.sync(catalog)
    assert (report.cards_removed, report.cards_updated, report.cards_added) == (1, 1, 0)
    assert (report.edges_removed, report.edges_added, report.edges_updated) == (2, 0, 0)
    assert [u.card_id for u in store.unresolved()] == ["silent-job-rot"]
    assert_matches_memory(store, catalog)

    # An edited card: new title, a facet gone, its failure_mode link dropped.
    edit(
        cards_dir / "queue-vs-stream.yaml",
        {
            "title": "Queues vs Streams",
            "links": {"confused_with": [{"id": "cron-vs-workflow-engine"}]},
        },
        drop=("summary",),
    )
    catalog = load_catalog(cards_dir)
    report = store.sync(catalog)
    assert (report.cards_updated, report.edges_removed, report.edges_updated) == (1, 1, 1)
    props, _, _ = driver.execute_query("MATCH (c:Card {id: 'queue-vs-stream'}) RETURN c AS c")
    assert props[0]["c"]["title"] == "Queues vs Streams"
    assert "summary" not in props[0]["c"]
    assert_matches_memory(store, catalog)

    # New edges: an adjacent pair, declared on both cards.
    for here, there in (
        ("cron-vs-workflow-engine", "queue-vs-stream"),
        ("queue-vs-stream", "cron-vs-workflow-engine"),
    ):
        data = yaml.safe_load((cards_dir / f"{here}.yaml").read_text())
        data["links"]["adjacent"] = [{"id": there, "note": f"seen from {here}"}]
        (cards_dir / f"{here}.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    catalog = load_catalog(cards_dir)
    report = store.sync(catalog)
    assert (report.cards_updated, report.edges_added, report.edges_removed) == (2, 1, 0)
    assert_matches_memory(store, catalog)

    # A card that changes kind changes label.
    edit(cards_dir / "nobody-owns-the-crontab.yaml", {"kind": "failure_mode"})
    catalog = load_catalog(cards_dir)
    store.sync(catalog)
    labels, _, _ = driver.execute_query(
        "MATCH (c:Card {id: 'nobody-owns-the-crontab'}) RETURN labels(c) AS labels"
    )
    assert sorted(labels[0]["labels"]) == ["Card", KIND_SPECS["failure_mode"].neo4j_label]
    assert_matches_memory(store, catalog)


# ---- a failed load changes nothing ----


@pytest.mark.parametrize("failure", ["bad card property", "failing edge query"])
def test_a_failing_batch_leaves_the_graph_unchanged(
    store: Neo4jStore, driver: Driver, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    before_catalog = build_graph(generate_catalog(1_500, seed=3))
    store.sync(before_catalog)
    before = snapshot(driver)

    after_catalog = build_graph(generate_catalog(3_000, seed=4))
    if failure == "bad card property":
        # The last card written (playbooks go last) holds a value Neo4j cannot store.
        poisoned = max(i for i, card in after_catalog.cards.items() if card.kind == "playbook")
        properties = neo4j_sync.properties

        def poisoned_properties(card: Any, *args: Any) -> dict[str, Any]:
            props = properties(card, *args)
            return props | {"bad": {"a map": 1}} if card.id == poisoned else props

        monkeypatch.setattr(neo4j_sync, "properties", poisoned_properties)
        expected = "Property values can only be of primitive types"
    else:
        # After every card batch has run: the last edge type's query is broken.
        create_edges = neo4j_sync._create_edges
        monkeypatch.setattr(
            neo4j_sync,
            "_create_edges",
            lambda t: create_edges(t) + (" RETURN nonsense(" if t == "leads_to" else ""),
        )
        expected = "SyntaxError"
    progress: list[int] = []
    with pytest.raises(StoreError, match=re.escape(expected)):
        store.sync(after_catalog, lambda done, total: progress.append(done), force=True)
    assert len(progress) >= 3  # batches had been written before the failure
    assert snapshot(driver) == before
    assert_matches_memory(store, before_catalog)


class PrivateServer:
    """A Neo4j of this test's own (``neo4j-dev run``) on a free port, data in ``data``:
    stopping it disturbs nobody, and a restart finds the same database."""

    def __init__(self, data: Path, log: Path, auth: bool = False) -> None:
        self.port = closed_port()
        self.uri = f"bolt://127.0.0.1:{self.port}"
        self.data = data
        self.log = log
        self.auth = auth
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("w") as log:
            command = [str(LAUNCHER), "run", "--port", str(self.port), "--data", str(self.data)]
            if self.auth:
                command.append("--auth")
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while "neo4j ready" not in self.log.read_text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"private Neo4j did not start:\n{self.log.read_text()}")
            time.sleep(0.2)

    def kill(self) -> None:
        """SIGKILL, as a crash or a pulled plug: no chance to tidy up."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def private_server(neo4j_uri: str, tmp_path: Path) -> Iterator[PrivateServer]:
    server = PrivateServer(tmp_path / "data", tmp_path / "neo4j.log")
    server.start()
    yield server
    server.kill()


def test_stopping_the_server_mid_load_leaves_the_graph_as_it_was(
    private_server: PrivateServer,
) -> None:
    """A 5,000-card load killed a third of the way through (SIGKILL, from the progress
    callback, so the transaction has written batches but not committed)."""
    before_catalog = build_graph(generate_catalog(500, seed=1))
    store = Neo4jStore(private_server.uri)
    store.sync(before_catalog)
    with GraphDatabase.driver(private_server.uri) as driver:
        before = snapshot(driver)

    written: list[int] = []

    def kill_a_third_of_the_way(done: int, total: int) -> None:
        written.append(done)
        if done >= total // 3:
            private_server.kill()

    with pytest.raises(StoreError, match=f"^cannot reach Neo4j at {private_server.uri}: "):
        store.sync(
            build_graph(generate_catalog(5_000, seed=2)), kill_a_third_of_the_way, force=True
        )
    store.close()
    assert len(written) >= 5

    private_server.start()
    with GraphDatabase.driver(private_server.uri) as driver:
        assert snapshot(driver) == before
    store = Neo4jStore(private_server.uri)
    try:
        assert not store.sync(before_catalog).changed  # the stored hashes agree, too
    finally:
        store.close()


def test_a_server_that_stalls_mid_load_fails_it_in_one_line_within_the_timeout(
    private_server: PrivateServer, capfd: pytest.CaptureFixture[str]
) -> None:
    """SIGSTOP from the progress callback: the server holds the load's open transaction and
    answers nothing, not even a new connection. The driver alone waited for as long as the
    server once hinted (120 s) and then logged a raw line (issue 19)."""
    assert private_server.process is not None
    pid = private_server.process.pid
    before_catalog = build_graph(generate_catalog(200, seed=1))
    warm = Neo4jStore(private_server.uri)
    warm.sync(before_catalog)
    warm.close()
    with GraphDatabase.driver(private_server.uri) as driver:
        before = snapshot(driver)
    stopped: list[float] = []

    def stop_the_server(done: int, total: int) -> None:
        if not stopped:
            os.kill(pid, signal.SIGSTOP)
            stopped.append(time.monotonic())

    store = Neo4jStore(private_server.uri, timeout=4)
    try:
        with pytest.raises(StoreError) as caught:
            store.sync(build_graph(generate_catalog(2_000, seed=2)), stop_the_server, force=True)
        waited = time.monotonic() - stopped[0]
        store.close()
    finally:
        os.kill(pid, signal.SIGCONT)
    assert str(caught.value) == (
        f"cannot reach Neo4j at {private_server.uri}: no answer within 4 s "
        "(set TRADEOFFS_NEO4J_TIMEOUT to wait longer)"
    )
    assert waited < 4 + 1.5
    assert capfd.readouterr().err == ""  # no driver log line
    # Running again, the server rolls the load back and takes the next one.
    with GraphDatabase.driver(private_server.uri) as driver:
        assert snapshot(driver) == before
    store = Neo4jStore(private_server.uri)
    try:
        assert not store.sync(before_catalog).changed
    finally:
        store.close()


# ---- errors: one line, the URI named, the password never ----


def test_server_down_is_one_line_naming_the_uri() -> None:
    uri = f"bolt://127.0.0.1:{closed_port()}"
    with pytest.raises(StoreError) as caught:
        Neo4jStore(uri, ("neo4j", SENTINEL))
    assert str(caught.value) == f"cannot reach Neo4j at {uri}: connection refused"


def test_wrong_database_is_one_line(neo4j_uri: str) -> None:
    store = Neo4jStore(neo4j_uri, ("neo4j", SENTINEL), database="no-such-db")
    try:
        with pytest.raises(StoreError) as caught:
            store.card_ids()
    finally:
        store.close()
    assert str(caught.value) == (
        f"Neo4j at {neo4j_uri} has no database 'no-such-db' (check TRADEOFFS_NEO4J_DATABASE)"
    )


@pytest.fixture(scope="module")
def auth_server(neo4j_uri: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URI of a private server with authentication on, whose user ``neo4j`` has
    RIGHT_PASSWORD (set as on any fresh server: the initial password ``neo4j`` is expired,
    and changing it is the one thing that user may do)."""
    folder = tmp_path_factory.mktemp("auth-server")
    server = PrivateServer(folder / "data", folder / "neo4j.log", auth=True)
    server.start()
    try:
        with GraphDatabase.driver(server.uri, auth=("neo4j", "neo4j")) as driver:
            driver.execute_query(
                "ALTER CURRENT USER SET PASSWORD FROM $old TO $new",
                old="neo4j",
                new=RIGHT_PASSWORD,
                database_="system",
            )
        yield server.uri
    finally:
        server.kill()


def password_env(uri: str, password: str) -> dict[str, str]:
    return {
        "TRADEOFFS_STORE": "neo4j",
        "TRADEOFFS_NEO4J_URI": uri,
        "TRADEOFFS_NEO4J_USER": "neo4j",
        "TRADEOFFS_NEO4J_PASSWORD": password,
    }


# Runs before the wrong-password tests: the server locks a user out for a few seconds
# after three failed logins, and there are two.
def test_the_right_password_is_let_in(auth_server: str) -> None:
    env = password_env(auth_server, RIGHT_PASSWORD)
    code, _, err = run_cli("load", catalog=MINI, env=env)
    assert code == 0, err
    code, from_neo4j, err = run_cli("stats", "--json", env=env)
    assert code == 0, err
    assert from_neo4j == run_cli("--store", "memory", "stats", "--json", catalog=MINI)[1]


@pytest.mark.parametrize("command", [["stats", "--json"], ["load"]])
def test_a_wrong_password_is_one_line_without_it(auth_server: str, command: list[str]) -> None:
    code, out, err = run_cli(*command, catalog=MINI, env=password_env(auth_server, SENTINEL))
    assert (code, out) == (1, "")
    read = f"read 6 files from {MINI}\n" if command == ["load"] else ""
    assert err == read + (
        f"Error: Neo4j at {auth_server} refused user 'neo4j': authentication failed "
        "(check TRADEOFFS_NEO4J_USER and TRADEOFFS_NEO4J_PASSWORD)\n"
    )


def test_a_password_in_the_uri_is_refused_without_echoing_it() -> None:
    with pytest.raises(StoreError) as caught:
        Neo4jStore(f"bolt://neo4j:{SENTINEL}@127.0.0.1:7687")
    assert SENTINEL not in str(caught.value)


@pytest.mark.parametrize("failure", ["server down", "wrong database"])
@pytest.mark.parametrize("command", [["--store", "neo4j", "stats"], ["load"]])
def test_cli_errors_are_one_line_without_the_password(
    neo4j_uri: str, failure: str, command: list[str]
) -> None:
    env = {
        "TRADEOFFS_NEO4J_URI": neo4j_uri,
        "TRADEOFFS_NEO4J_USER": "neo4j",
        "TRADEOFFS_NEO4J_PASSWORD": SENTINEL,
    }
    if failure == "server down":
        env["TRADEOFFS_NEO4J_URI"] = f"bolt://127.0.0.1:{closed_port()}"
    else:
        env["TRADEOFFS_NEO4J_DATABASE"] = "no-such-db"
    code, out, err = run_cli(*command, catalog=MINI, env=env)
    assert (code, out) == (1, "")
    lines = err.splitlines()
    if command == ["load"]:
        assert lines.pop(0) == f"read 6 files from {MINI}"
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert env["TRADEOFFS_NEO4J_URI"] in lines[0]
    assert SENTINEL not in err


# ---- user text stays data ----

INJECTION = "x'}) DETACH DELETE n //"


def test_cypher_injection_round_trips_as_text(
    store: Neo4jStore, driver: Driver, cards_dir: Path
) -> None:
    (cards_dir / "hostile.yaml").write_text(
        yaml.safe_dump(
            {
                "id": "hostile",
                "kind": "decision",
                "title": INJECTION,
                "summary": '"}) MATCH (m) DETACH DELETE m RETURN 1 //',
                "option_a": {"name": "`a`) DELETE n //"},
                "option_b": {"name": "$param"},
                "key_factors": ["') RETURN 1 //"],
                "links": {"red_flag": [{"id": "nobody-owns-the-crontab", "note": INJECTION}]},
            }
        )
    )
    catalog = load_catalog(cards_dir)
    store.sync(catalog)

    assert store.card("hostile") == catalog.cards["hostile"]
    assert queries.search(store, INJECTION).hits[0].card.id == "hostile"
    assert [hit.card.id for hit in queries.factor(store, "') RETURN").decisions] == ["hostile"]
    assert queries.related(store, "hostile").neighbours[0].edges[0].note == INJECTION
    with pytest.raises(CardNotFound):
        store.card(INJECTION)
    assert store.counts().nodes_by_kind == {
        "decision": 3,
        "failure_mode": 2,
        "red_flag": 1,
        "playbook": 1,
        "record": 0,
    }
    assert_matches_memory(store, catalog)


# ---- the CLI on Neo4j ----


def test_cli_load_and_query_with_json(neo4j_uri: str, driver: Driver) -> None:
    driver.execute_query("MATCH (n) DETACH DELETE n")
    env = {"TRADEOFFS_NEO4J_URI": neo4j_uri}
    assert run_cli("load", catalog=MINI, env=env) == (
        0,
        "cards: 6 added, 0 updated, 0 removed, 0 unchanged\n"
        "edges: 12 added, 0 updated, 0 removed, 0 unchanged\n",
        f"read 6 files from {MINI}\n",
    )
    code, again, err = run_cli("load", "--json", catalog=MINI, env=env)
    assert code == 0, err
    assert '"cards_unchanged": 6' in again and '"cards_added": 0' in again

    for command in (
        ["show", "silent-job-rot", "--json"],
        ["related", "cron-vs-workflow-engine", "--depth", "2", "--json"],
        ["path", "queue-vs-stream", "data-drift", "--json"],
        ["search", "cron", "jobs", "--kind", "decision", "--json"],
        ["factor", "ops", "--json"],
        ["compare", "cron-vs-workflow-engine", "queue-vs-stream", "--json"],
        ["stats", "--json"],
    ):
        from_neo4j = run_cli("--store", "neo4j", *command, env=env)
        assert from_neo4j[0] == 0, from_neo4j[2]
        assert from_neo4j == run_cli(*command, catalog=MINI), command


def test_style_sheet_colours_every_kind(tmp_path: Path) -> None:
    target = tmp_path / "tradeoffs.grass"
    code, _, err = run_cli("neo4j", "style", "-o", str(target))
    assert code == 0, err
    grass = target.read_text()
    for label in (KIND_SPECS[kind].neo4j_label for kind in KINDS):
        block = re.search(rf"node\.{label} \{{(.*?)\n\}}", grass, re.S)
        assert block is not None and "color: #" in block.group(1)
        assert 'caption: "{title}"' in block.group(1)
    assert 'caption: "<type>"' in grass


# ---- the cookbook ----


def test_every_cookbook_query_runs(store: Neo4jStore, driver: Driver) -> None:
    """docs/neo4j.md's Cypher, run on the bundled catalog: valid, and each finds something."""
    store.sync(load_catalog())
    cookbook = re.findall(r"```cypher\n(.*?)```", DOCS.read_text(), re.S)
    assert len(cookbook) >= 10
    for query in cookbook:
        records, _, _ = driver.execute_query(query)
        assert records, query


def test_from_env_reads_the_variables(neo4j_uri: str) -> None:
    store = Neo4jStore.from_env(
        {
            "TRADEOFFS_NEO4J_URI": neo4j_uri,
            "TRADEOFFS_NEO4J_USER": "neo4j",
            "TRADEOFFS_NEO4J_PASSWORD": SENTINEL,
            "TRADEOFFS_NEO4J_DATABASE": "neo4j",
        }
    )
    try:
        assert (store.uri, store.database) == (neo4j_uri, "neo4j")
        store.card_ids()
    finally:
        store.close()


def test_open_store_takes_settings_as_arguments(neo4j_uri: str) -> None:
    settings = Neo4jSettings(uri=neo4j_uri, user="neo4j", password=SENTINEL, timeout=5)
    assert SENTINEL not in repr(settings) and SENTINEL not in str(settings.model_dump())
    store = open_store("neo4j", neo4j=settings)
    try:
        assert isinstance(store, Neo4jStore) and (store.uri, store.timeout) == (neo4j_uri, 5)
        store.card_ids()
    finally:
        store.close()
    with pytest.raises(ValidationError):
        Neo4jSettings(timeout=0)


def test_records_review_the_same_from_neo4j_and_none_is_an_error(
    neo4j_uri: str, driver: Driver
) -> None:
    driver.execute_query("MATCH (n) DETACH DELETE n")
    env = {"TRADEOFFS_NEO4J_URI": neo4j_uri}
    records = (
        ROOT / "tests" / "data" / "layouts" / "adr-tools" / "doc" / "architecture" / "decisions"
    )
    base = ["--catalog", str(MINI), "--records", str(records)]
    code, _, err = run_cli("load", catalog=MINI, env=env)
    assert code == 0, err
    code, _, err = run_cli("--store", "neo4j", "review", env=env)
    assert code == 1 and "no decision records to review" in err
    code, _, err = run_cli(*base, "load", env=env)
    assert code == 0, err
    for command in (
        ["review", "--suggest", "--json"],
        ["show", "0003-expire-sessions-after-a-day"],
    ):
        code, from_neo4j, err = run_cli("--store", "neo4j", *command, env=env)
        assert code == 0, err
        assert from_neo4j == run_cli(*base, *command)[1], command
    relates, _, _ = driver.execute_query(
        "MATCH (a)-[r:RELATES]->(b) RETURN a.id AS a, b.id AS b, r.note AS note ORDER BY a, b"
    )
    assert [(r["a"], r["b"], r["note"]) for r in relates] == [
        ("0003-expire-sessions-after-a-day", "0002-keep-sessions-in-one-database", "Amends"),
        (
            "0003-expire-sessions-after-a-day",
            "0005-count-idle-time-from-the-last-write",
            "Clarified by",
        ),
    ]
