"""Catalogs side by side: a later catalog may replace an earlier catalog's card of the same
id (a team's edited copy of a bundled card, or the public catalog beside ours), never in
silence; within one catalog, or between a card and a record, one id twice stays an error."""

import os
import re
from pathlib import Path

import pytest
from conftest import DATA, card, run_cli, write_catalog

from tradeoffs.errors import CatalogError
from tradeoffs.graph import load_catalog
from tradeoffs.loaders import BUNDLED_CATALOG, load_layers

MINI = DATA / "mini"
CLASH = DATA / "team-clash"


def test_a_later_catalog_replaces_the_card_and_says_so() -> None:
    graph = load_catalog([MINI, CLASH])
    replacing = graph.cards["queue-vs-stream"]
    assert replacing.title == "Queue or Log, our edition"
    (replacement,) = graph.replaced
    assert (replacement.id, replacement.catalog, replacement.file) == (
        "queue-vs-stream",
        str(CLASH),
        "queue-vs-stream.yaml",
    )
    assert (replacement.replaced_catalog, replacement.replaced_file) == (
        str(MINI),
        "queue-vs-stream.yaml",
    )
    assert graph.problems == [] and graph.failed == []


def test_links_of_the_earlier_catalog_reach_the_replacing_card(tmp_path: Path) -> None:
    team = write_catalog(
        tmp_path / "team",
        card(id="monolith-vs-microservices", kind="decision", summary="Our edition."),
    )
    graph = load_catalog([BUNDLED_CATALOG, team])
    assert graph.cards["monolith-vs-microservices"].summary == "Our edition."
    bundled_only = load_catalog()
    keys = {edge.key for edge in graph.edges}
    linked_from_others = {
        key
        for key in (edge.key for edge in bundled_only.edges)
        if "monolith-vs-microservices" in key[:2] and key[0] != "monolith-vs-microservices"
    }
    assert linked_from_others and linked_from_others <= keys


def test_the_order_of_catalogs_decides_which_card_wins() -> None:
    assert load_catalog([CLASH, MINI]).cards["queue-vs-stream"].title == "Queue vs Stream"
    assert load_catalog([MINI, CLASH]).cards["queue-vs-stream"].title == "Queue or Log, our edition"


def test_one_id_twice_in_one_catalog_stays_an_error(tmp_path: Path) -> None:
    write_catalog(tmp_path / "a", card(id="same-id", kind="red_flag"))
    write_catalog(tmp_path / "b", card(id="same-id", kind="red_flag", title="Other"))
    with pytest.raises(CatalogError, match="duplicate id 'same-id'"):
        load_layers([tmp_path])


def test_a_record_may_not_take_a_card_id(tmp_path: Path) -> None:
    catalog = write_catalog(tmp_path / "cards", card(id="0001-use-queues", kind="red_flag"))
    records = tmp_path / "records"
    records.mkdir()
    (records / "0001-use-queues.md").write_text(
        "# Use queues\n\nDate: 2024-01-02\n\n## Status\n\nAccepted\n", encoding="utf-8"
    )
    with pytest.raises(CatalogError) as caught:
        load_layers([catalog], records)
    (problem,) = caught.value.problems
    assert str(problem).startswith(f"{records / '0001-use-queues.md'}:1: id: duplicate id")


def test_validate_stats_and_show_name_the_replacement() -> None:
    layers = ["--catalog", str(MINI), "--catalog", str(CLASH)]
    code, out, _ = run_cli(*layers, "validate", "--strict")
    assert code == 0, out
    assert (
        f"note: {CLASH}/queue-vs-stream.yaml: 'queue-vs-stream' replaces the card of "
        f"{MINI} (queue-vs-stream.yaml)"
    ) in out
    code, out, _ = run_cli(*layers, "stats")
    assert code == 0
    assert f"queue-vs-stream from {CLASH} replaces queue-vs-stream from {MINI}" in out
    code, out, _ = run_cli(*layers, "show", "queue-vs-stream")
    assert code == 0 and out.rstrip().endswith(f"Replaces: queue-vs-stream from {MINI}")


def test_the_bundled_catalog_beside_its_own_public_format_copy(tmp_path: Path) -> None:
    """The public catalog's JSON shape, sharing ids with ours (here: ours exported that way,
    one card edited), imports and then loads beside the bundled catalog, replacing ours."""
    published = tmp_path / "published"
    code, _, err = run_cli("export", "catalog-json", "-o", str(published))
    assert code == 0, err
    decisions = published / "tech-decisions" / "tech-decisions.json"
    decisions.write_text(
        decisions.read_text(encoding="utf-8").replace("Build vs Buy", "Build or Buy", 1),
        encoding="utf-8",
    )
    imported = tmp_path / "imported"
    code, _, err = run_cli("import", str(published), "--out", str(imported))
    assert code == 0, err
    code, out, err = run_cli(
        "--catalog", "bundled", "--catalog", str(imported), "validate", "--strict"
    )
    assert code == 0, out + err
    assert out.count("note: ") == len(list(BUNDLED_CATALOG.rglob("*.yaml")))
    code, out, _ = run_cli(
        "--catalog", "bundled", "--catalog", str(imported), "show", "build-vs-buy"
    )
    assert out.startswith("Build or Buy") and "Replaces: build-vs-buy from bundled" in out


PUBLIC = os.environ.get("TRADEOFFS_PUBLIC_CATALOG")
needs_public = pytest.mark.skipif(
    not PUBLIC, reason="TRADEOFFS_PUBLIC_CATALOG names no copy of the public catalog"
)


def imported_public(folder: Path) -> Path:
    code, _, err = run_cli("import", str(PUBLIC), "--out", str(folder))
    assert code == 0, err
    return folder


WARNING = re.compile(r"warning: (?P<card>[a-z0-9-]+): links\.[a-z_]+: '(?P<target>[^']*)'")


@needs_public
def test_the_public_catalog_loads_beside_ours(tmp_path: Path) -> None:
    """Not ``--strict``: the published catalog links to ids and titles it does not have, and
    its cards that replace ours do not link back to our cards; a user cannot fix its data.
    Every warning must come from that side: a card of the imported catalog, or a link of
    ours to a card that catalog replaced, never a fault of our own catalog."""
    imported = imported_public(tmp_path / "public")
    theirs = {path.stem for path in imported.glob("*.yaml")}
    code, out, err = run_cli("--catalog", "bundled", "--catalog", str(imported), "validate")
    assert code == 0, out + err
    warnings = [line for line in out.splitlines() if line.startswith("warning: ")]
    for line in warnings:
        found = WARNING.match(line)
        assert found and theirs & {found["card"], found["target"]}, line


def texts(value: object) -> list[str]:
    """Every text of a card (values only: field names and ids are the format, not writing)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for key, item in value.items() if key != "id" for t in texts(item)]
    if isinstance(value, list):
        return [t for item in value for t in texts(item)]
    return []


def runs(text: str, length: int) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.casefold())
    return {tuple(words[i : i + length]) for i in range(len(words) - length + 1)}


@needs_public
def test_no_run_of_eight_words_is_shared_with_the_public_catalog(tmp_path: Path) -> None:
    theirs = {
        run
        for found in load_catalog(imported_public(tmp_path / "public")).cards.values()
        for text in texts(found.model_dump(mode="json"))
        for run in runs(text, 8)
    }
    for ours in load_catalog().cards.values():
        for text in texts(ours.model_dump(mode="json")):
            shared = runs(text, 8) & theirs
            assert not shared, f"{ours.id}: {' '.join(min(shared))}"
