"""Issue 20: the caches of read catalogs and of built graphs never change an answer. Between two
reads, files are edited, added, removed, renamed and replaced behind an unchanged size and time;
cache files are truncated, garbage, another version's, huge or a symlink, or one of their parts
is altered. Each read must equal a fresh one, and re-read only what changed."""

from __future__ import annotations

import json
import os
import shutil
import threading
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli

from tradeoffs.formats.native import parse_card_text
from tradeoffs.graph import load_catalog, open_store
from tradeoffs.graph.build import CatalogGraph
from tradeoffs.graph.cache import MAGIC
from tradeoffs.graph.memory import MemoryStore
from tradeoffs.graph.store import GraphStore, search_terms
from tradeoffs.io.read import read_text
from tradeoffs.loaders.cache import Parsed, ReadCache

DATA = Path(__file__).parent / "data"
OLD_NS = 1_500_000_000 * 10**9  # 2017: well outside the window of a racy modification


def age(*paths: Path) -> None:
    """Give files an old modification time, so the cache may keep what it read of them."""
    for path in paths:
        os.utime(path, ns=(OLD_NS, OLD_NS))


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    folder = tmp_path / "cards"
    shutil.copytree(DATA / "mini", folder)
    age(*folder.iterdir())
    return folder


class Counting:
    """The card reader, counting the files it is asked to read."""

    def __init__(self) -> None:
        self.read: list[str] = []

    def __call__(self, path: Path) -> Parsed:
        self.read.append(path.name)
        return parse_card_text(read_text(path), str(path))


def read_through(cache: ReadCache, folder: Path) -> tuple[dict[Path, Parsed], list[str]]:
    counting = Counting()
    files = sorted(folder.glob("*.yaml"))
    return cache.read(folder, "cards", files, counting), sorted(counting.read)


def same_graph(cached: CatalogGraph, fresh: CatalogGraph) -> None:
    assert cached.cards == fresh.cards
    assert cached.edges == fresh.edges
    assert cached.unresolved == fresh.unresolved
    assert cached.problems == fresh.problems
    assert cached.sources == fresh.sources
    assert cached.failed == fresh.failed


def rewrite(path: Path, old: str, new: str) -> None:
    """Edit in place: same inode; the size and the modification time put back as they were."""
    text = path.read_text(encoding="utf-8")
    assert len(old) == len(new) and old in text
    with path.open("r+", encoding="utf-8") as handle:
        handle.write(text.replace(old, new, 1))
    age(path)


def replace_through_new_inode(path: Path, old: str, new: str) -> None:
    """Same size, same modification time, other content: a new file renamed over the old."""
    text = path.read_text(encoding="utf-8")
    assert len(old) == len(new) and old in text
    before = path.stat()
    staging = path.with_name(".staging")
    staging.write_text(text.replace(old, new, 1), encoding="utf-8")
    age(staging)
    staging.replace(path)
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert after.st_ino != before.st_ino


def catalog_changes(catalog: Path, *, aged_apart: bool) -> list[Callable[[], None]]:
    """Every kind of change a catalog folder sees between two commands, in turn: an edit, an
    edit through a new inode (same size and times), a new file, a removal (links to it now
    unresolved), a rename, an edit that makes a card invalid and its fix, a new subfolder and
    a move into it. The new file is a fresh copy, too recent to be cached, aged at once or,
    with ``aged_apart``, in a step of its own (a check between sees the fresh copy)."""
    added = catalog / "batch-host-nobody-patches.yaml"

    def copy() -> None:
        shutil.copy(DATA / "team" / added.name, catalog)

    def copy_aged() -> None:
        copy()
        age(added)

    adding: list[Callable[[], None]] = [copy, lambda: age(added)] if aged_apart else [copy_aged]
    return [
        lambda: rewrite(catalog / "data-drift.yaml", "Data Drift", "Data Drizt"),
        lambda: replace_through_new_inode(catalog / "queue-vs-stream.yaml", "Queue", "Qveue"),
        *adding,
        lambda: (catalog / "silent-job-rot.yaml").unlink(),
        lambda: (catalog / "data-drift.yaml").rename(catalog / "drift.yaml"),
        lambda: rewrite(catalog / "drift.yaml", "id: data-drift", "id: Data-drift"),
        lambda: rewrite(catalog / "drift.yaml", "id: Data-drift", "id: data-drift"),
        lambda: (catalog / "sub").mkdir(),
        lambda: (catalog / "queue-vs-stream.yaml").rename(catalog / "sub" / "q.yaml"),
    ]


def test_unchanged_files_are_not_read_again_and_a_changed_one_alone_is(
    catalog: Path, tmp_path: Path
) -> None:
    cache = ReadCache(tmp_path / "cache")
    first, read = read_through(cache, catalog)
    assert read == sorted(p.name for p in catalog.glob("*.yaml"))
    again, read = read_through(cache, catalog)
    assert (again, read) == (first, [])
    rewrite(catalog / "data-drift.yaml", "Data Drift", "Data Drizt")
    changed, read = read_through(cache, catalog)
    assert read == ["data-drift.yaml"]
    assert changed[catalog / "data-drift.yaml"][0].title == "Data Drizt"  # type: ignore[union-attr]


def test_every_change_between_two_commands_reads_as_a_fresh_read(
    catalog: Path, tmp_path: Path
) -> None:
    cache = ReadCache(tmp_path / "cache")

    def check() -> None:
        cached = load_catalog(catalog, keep_going=True, cache=cache)
        again = load_catalog(catalog, keep_going=True, cache=cache)  # from the cache
        fresh = load_catalog(catalog, keep_going=True)
        same_graph(cached, fresh)
        same_graph(again, fresh)

    check()
    for change in catalog_changes(catalog, aged_apart=True):
        change()
        check()
    assert "drift.yaml" in load_catalog(catalog, cache=cache).sources["data-drift"]


def test_the_cli_answers_as_with_no_cache(catalog: Path, tmp_path: Path) -> None:
    env = {"TRADEOFFS_CACHE_DIR": str(tmp_path / "cache"), "TRADEOFFS_NO_CACHE": ""}

    def answers(*flags: str) -> list[tuple[int, str, str]]:
        base = [*flags, "--catalog", str(catalog)]
        return [
            run_cli(*base, *command, env=env)
            for command in (
                ["stats", "--json"],
                ["show", "data-drift", "--json"],
                ["search", "drift", "--json"],
                ["validate", "--use-cache", "--json"],
            )
        ]

    first = answers()
    assert first == answers() == answers("--no-cache")
    assert os.listdir(tmp_path / "cache" / "read")  # it was written, and used the second time
    rewrite(catalog / "data-drift.yaml", "Data Drift", "Data Drizt")
    assert answers() == answers("--no-cache") != first


def hostile(kind: str, cache_file: Path, elsewhere: Path) -> None:
    good = cache_file.read_bytes()
    if kind == "truncated":
        cache_file.write_bytes(good[: len(good) // 2])
    elif kind == "garbage":
        cache_file.write_bytes(b"\x00\xff not json at all" * 100)
    elif kind == "another version":
        data = json.loads(good)
        data["version"] = "0" * 64
        cache_file.write_text(json.dumps(data), encoding="utf-8")
    elif kind == "another shape":
        data = json.loads(good)
        data["entries"][0]["card"] = {"kind": "decision", "id": 7}
        cache_file.write_text(json.dumps(data), encoding="utf-8")
    elif kind == "huge":
        cache_file.write_bytes(good[:-1] + b" " * (64 * 1024 * 1024) + good[-1:])
    elif kind == "symlink":
        elsewhere.write_bytes(good)  # even a valid cache is not followed
        cache_file.unlink()
        cache_file.symlink_to(elsewhere)
    elif kind == "folder":
        cache_file.unlink()
        cache_file.mkdir()


@pytest.mark.parametrize(
    "kind",
    ["truncated", "garbage", "another version", "another shape", "huge", "symlink", "folder"],
)
def test_a_hostile_cache_file_is_ignored_and_replaced(
    kind: str, catalog: Path, tmp_path: Path
) -> None:
    cache = ReadCache(tmp_path / "cache")
    fresh, _ = read_through(cache, catalog)
    [cache_file] = (tmp_path / "cache" / "read").iterdir()
    elsewhere = tmp_path / "elsewhere.json"
    hostile(kind, cache_file, elsewhere)
    pointed_at = elsewhere.read_bytes() if kind == "symlink" else b""
    result, read = read_through(cache, catalog)
    assert result == fresh
    assert read == sorted(p.name for p in catalog.glob("*.yaml"))  # nothing taken from it
    if kind == "folder":
        return  # a folder in its place is left alone; the cache is simply not kept
    assert cache_file.is_file() and not cache_file.is_symlink()
    assert read_through(cache, catalog) == (fresh, [])  # replaced by a good one
    if kind == "symlink":  # the link was replaced; where it pointed was never written
        assert elsewhere.read_bytes() == pointed_at


def test_a_file_modified_just_now_is_read_again(tmp_path: Path, catalog: Path) -> None:
    """A filesystem's clock may not show a second edit made in the same tick as the first."""
    cache = ReadCache(tmp_path / "cache")
    (catalog / "data-drift.yaml").touch()
    read_through(cache, catalog)
    _, read = read_through(cache, catalog)
    assert read == ["data-drift.yaml"]


def test_commands_at_once_each_read_a_whole_cache(catalog: Path, tmp_path: Path) -> None:
    cache = ReadCache(tmp_path / "cache")
    fresh, _ = read_through(ReadCache(tmp_path / "other"), catalog)
    start = threading.Barrier(4)
    results: list[dict[Path, Parsed]] = []

    def command() -> None:
        start.wait()
        for _ in range(5):
            results.append(cache.read(catalog, "cards", sorted(catalog.glob("*.yaml")), Counting()))

    threads = [threading.Thread(target=command) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 20 and all(result == fresh for result in results)
    assert [p.suffix for p in (tmp_path / "cache" / "read").iterdir()] == [".json"]  # no leftovers
    assert read_through(cache, catalog) == (fresh, [])


def test_records_are_cached_with_their_numbering(tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(DATA / "records", records)
    age(*records.iterdir())
    cache = ReadCache(tmp_path / "cache")
    for _ in range(2):
        cached = load_catalog(DATA / "mini", records=records, keep_going=True, cache=cache)
        same_graph(cached, load_catalog(DATA / "mini", records=records, keep_going=True))
    [first, *_] = sorted(p for p in records.iterdir() if p.name[:4].isdigit())
    first.rename(records / ("0099" + first.name[4:]))  # renumbered: what others name changes
    cached = load_catalog(DATA / "mini", records=records, keep_going=True, cache=cache)
    same_graph(cached, load_catalog(DATA / "mini", records=records, keep_going=True))


def test_the_cache_folder_follows_the_environment(tmp_path: Path) -> None:
    assert ReadCache.from_env({"TRADEOFFS_CACHE_DIR": str(tmp_path)}).folder == tmp_path
    assert ReadCache.from_env({}).folder.name == "tradeoffs"


def test_validate_and_no_cache_read_every_file_and_leave_no_cache(
    catalog: Path, tmp_path: Path
) -> None:
    env = {"TRADEOFFS_CACHE_DIR": str(tmp_path / "cache"), "TRADEOFFS_NO_CACHE": ""}
    assert run_cli("--catalog", str(catalog), "validate", env=env)[0] == 0
    assert run_cli("--no-cache", "--catalog", str(catalog), "stats", env=env)[0] == 0
    assert not (tmp_path / "cache").exists()
    assert run_cli("--catalog", str(catalog), "validate", "--use-cache", env=env)[0] == 0
    assert (tmp_path / "cache").exists()


# ---- the cache of built graphs ----


class CountingCache(ReadCache):
    """The read cache, counting the folders a graph was built from (none when the cache of
    built graphs answered)."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.folders_read = 0

    def read(self, *args: Any, **kwargs: Any) -> dict[Path, Parsed]:
        self.folders_read += 1
        return super().read(*args, **kwargs)


def answers(store: GraphStore) -> list[object]:
    """Everything a memory store answers, as plain data."""
    ids = store.card_ids()
    return [
        [card.model_dump() for card in store.cards()],
        [edge.model_dump() for edge in store.edges()],
        [u.model_dump() for u in store.unresolved()],
        {i: p.model_dump() for i, p in store.provenance().items()},
        store.counts().model_dump(),
        store.degrees(len(ids)),
        [ref.model_dump() for ref in store.refs(ids)],
        store.search(search_terms(["drift", "queue", "job", "lock-in"]), None),
        store.search(search_terms(["cron"]), ["decision"]),
        [[r.model_dump() for r in store.neighbourhood(i, None, 2)] for i in ids],
        [[e.model_dump() for e in store.shortest_path(ids[0], i, None) or []] for i in ids],
    ]


def open_cached(cache: ReadCache, catalog: Path, **options: Any) -> tuple[MemoryStore, list[str]]:
    reported: list[str] = []
    store = open_store("memory", catalog, cache=cache, report=reported.append, **options)
    assert isinstance(store, MemoryStore)
    return store, reported


def fresh(catalog: Path, **options: Any) -> tuple[list[object], list[str]]:
    reported: list[str] = []
    store = open_store("memory", catalog, report=reported.append, **options)
    return answers(store), reported


def test_a_built_graph_is_reused_while_nothing_changed_and_answers_as_a_fresh_one(
    catalog: Path, tmp_path: Path
) -> None:
    cache = CountingCache(tmp_path / "cache")

    def check() -> None:
        first, reported = open_cached(cache, catalog, keep_going=True)
        assert (answers(first), reported) == fresh(catalog, keep_going=True)
        cache.folders_read = 0
        again, reported = open_cached(cache, catalog, keep_going=True)
        assert cache.folders_read == 0  # from the cache of built graphs alone
        assert (answers(again), reported) == fresh(catalog, keep_going=True)

    check()
    for change in catalog_changes(catalog, aged_apart=False):
        change()
        check()


def test_a_graph_is_cached_per_set_of_folders_and_options(tmp_path: Path, catalog: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(DATA / "records", records)
    age(*records.iterdir())
    cache = CountingCache(tmp_path / "cache")
    for options in ({}, {"records": records, "keep_going": True}, {"strict_records": False}):
        for _ in range(2):
            store, reported = open_cached(cache, catalog, **options)
            assert (answers(store), reported) == fresh(catalog, **options)
    assert len(list((tmp_path / "cache" / "graph").iterdir())) == 3
    (records / "0002-run-nightly-jobs-from-cron.md").unlink()
    store, reported = open_cached(cache, catalog, records=records, keep_going=True)
    assert (answers(store), reported) == fresh(catalog, records=records, keep_going=True)


def test_a_graph_built_from_a_file_changed_just_now_is_not_kept(
    tmp_path: Path, catalog: Path
) -> None:
    cache = CountingCache(tmp_path / "cache")
    (catalog / "data-drift.yaml").touch()
    for _ in range(2):
        open_cached(cache, catalog)
    assert not (tmp_path / "cache" / "graph").exists()


def parts(cache_file: Path) -> tuple[dict[str, Any], bytes]:
    """The header and the payload of a cache file of built graphs."""
    data = cache_file.read_bytes()
    size_line, rest = data[len(MAGIC) :].split(b"\n", 1)
    size = int(size_line.split()[0])
    return json.loads(rest[:size]), rest[size:]


def rewritten(cache_file: Path, header: dict[str, Any], payload: bytes) -> None:
    """Write a cache file of built graphs back, its header's CRC made to fit, as a file
    crafted with care would be."""
    raw = json.dumps(header).encode()
    cache_file.write_bytes(MAGIC + f"{len(raw)} {zlib.crc32(raw)}\n".encode() + raw + payload)


def spoil(kind: str, cache_file: Path, elsewhere: Path) -> None:
    header, payload = parts(cache_file)
    at, size, crc = header["cards"][header["ids"].index("data-drift")]
    card = payload[at : at + size]
    if kind == "a card's bytes":
        cache_file.write_bytes(
            cache_file.read_bytes().replace(card, card.replace(b"Data", b"Dada"))
        )
    elif kind == "a card of another id":  # its own CRC made to fit: caught by validation
        other = card.replace(b'"data-drift"', b'"data-drizt"')
        header["cards"][header["ids"].index("data-drift")] = [at, size, zlib.crc32(other)]
        rewritten(cache_file, header, payload.replace(card, other))
    elif kind == "an invalid card":
        other = card.replace(b'"title":"', b'"title":7,"x":"')[:size]
        header["cards"][header["ids"].index("data-drift")] = [at, size, zlib.crc32(other)]
        rewritten(cache_file, header, payload[:at] + other + payload[at + size :])
    elif kind == "the search texts":
        at, size, _ = header["texts"][2]
        other = payload[at : at + size].replace(b"\n", b" ", 1)
        header["texts"][2] = [at, size, zlib.crc32(other)]
        rewritten(cache_file, header, payload[:at] + other + payload[at + size :])
    elif kind == "the header's bytes":
        data = cache_file.read_bytes()
        cache_file.write_bytes(data.replace(b"data-drift", b"data-drizt", 1))
    elif kind == "an edge to no card":
        header["targets"][0] = len(header["ids"])
        rewritten(cache_file, header, payload)
    elif kind == "a card out of the payload":
        header["cards"][0] = [len(payload), 10, 0]
        rewritten(cache_file, header, payload)
    elif kind == "another shape":
        header["kinds"][0] = "essay"
        rewritten(cache_file, header, payload)
    elif kind == "another state":
        header["state"] = "0" * 64
        rewritten(cache_file, header, payload)
    else:
        hostile(kind, cache_file, elsewhere)


@pytest.mark.parametrize(
    "kind",
    [
        "truncated",
        "garbage",
        "huge",
        "symlink",
        "folder",
        "the header's bytes",
        "another shape",
        "another state",
        "an edge to no card",
        "a card out of the payload",
        "a card's bytes",
        "a card of another id",
        "an invalid card",
        "the search texts",
    ],
)
def test_a_spoiled_graph_cache_is_never_an_answer(kind: str, catalog: Path, tmp_path: Path) -> None:
    """A file ignored when opened, or a part that does not read back when used: either way
    the answers are a fresh read's, and a good file replaces the spoiled one."""
    cache = CountingCache(tmp_path / "cache")
    expected = fresh(catalog, keep_going=True)
    open_cached(cache, catalog, keep_going=True)
    [cache_file] = (tmp_path / "cache" / "graph").iterdir()
    elsewhere = tmp_path / "elsewhere.cache"
    spoil(kind, cache_file, elsewhere)
    pointed_at = elsewhere.read_bytes() if kind == "symlink" else b""
    store, reported = open_cached(cache, catalog, keep_going=True)
    assert (answers(store), reported) == expected
    if kind == "folder":
        return  # a folder in its place is left alone; the graph is simply not kept
    assert cache_file.is_file() and not cache_file.is_symlink()
    cache.folders_read = 0
    store, reported = open_cached(cache, catalog, keep_going=True)
    assert (answers(store), reported) == expected
    assert cache.folders_read == 0  # replaced by a good one
    if kind == "symlink":
        assert elsewhere.read_bytes() == pointed_at
