"""Issue 11: `tradeoffs import` on what people have: the published catalog folder as it is,
several sources at once (all or nothing), and our own `export json` read back."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import run_cli

from tradeoffs.formats.text import render_text
from tradeoffs.graph.build import build_graph
from tradeoffs.loaders import BUNDLED_CATALOG, load_cards
from tradeoffs.loaders.importer import read_source

DATA = Path(__file__).parent / "data"
CATALOG_JSON = DATA / "catalog-json"


def published_folder(tmp_path: Path) -> Path:
    """A folder shaped like the catalog's published ``content/``: card files in sub-folders,
    and a JSON file beside them that is not a card file."""
    content = tmp_path / "content"
    shutil.copytree(CATALOG_JSON, content)
    shutil.copy(DATA / "catalog-index.json", content / "catalog-index.json")
    return content


def test_the_published_folder_imports_as_its_sub_folders_do(tmp_path: Path) -> None:
    content = published_folder(tmp_path)
    code, out, err = run_cli("import", str(content), "--out", str(tmp_path / "whole"))
    assert code == 0, err
    index = content / "catalog-index.json"
    assert err == (
        f'{index}: skipped, not a catalog file: expected an object with "category", '
        '"template" and a list of "entries"\n'
    )
    parts = [str(folder) for folder in sorted(content.iterdir()) if folder.is_dir()]
    code, _, err = run_cli("import", *parts, "--out", str(tmp_path / "parts"))
    assert code == 0, err
    whole = load_cards(tmp_path / "whole").cards
    assert whole == load_cards(tmp_path / "parts").cards
    assert len(whole) == len(read_source(CATALOG_JSON).subgraph.cards) >= 10
    assert build_graph(whole).edges == build_graph(load_cards(tmp_path / "parts").cards).edges


def test_a_non_catalog_json_named_explicitly_is_an_error(tmp_path: Path) -> None:
    code, out, err = run_cli(
        "import", str(DATA / "catalog-index.json"), "--out", str(tmp_path / "o")
    )
    assert code == 1
    assert err == (
        f"Error: {DATA / 'catalog-index.json'}:1: (file): neither a tradeoffs export "
        '(tradeoffs export json) nor a catalog JSON file (a list of "entries")\n'
    )
    assert not (tmp_path / "o").exists()


def test_several_sources_at_once(tmp_path: Path) -> None:
    source = DATA / "text"
    code, out, err = run_cli(
        "import",
        str(source / "silent-job-rot.txt"),
        str(source / "nobody-owns-the-crontab.txt"),
        str(CATALOG_JSON / "engineering-playbook"),
        "--out",
        str(tmp_path / "cards"),
    )
    assert code == 0, err
    cards = load_cards(tmp_path / "cards").cards
    assert {"silent-job-rot", "nobody-owns-the-crontab"} <= set(cards)
    assert len(out.splitlines()) == len(cards) + 1  # and the catalog layout
    # The two text cards name each other by title: resolved against each other.
    assert any(
        link.id == "silent-job-rot"
        for _, links in cards["nobody-owns-the-crontab"].links.groups()
        for link in links
    )


def test_one_bad_source_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("Only a Title\nOptions on the table\n", encoding="utf-8")
    code, out, err = run_cli(
        "import",
        str(DATA / "text" / "silent-job-rot.txt"),
        str(bad),
        "--out",
        str(tmp_path / "cards"),
    )
    assert code == 1
    assert out == ""
    assert err.startswith(f"Error: {bad}:2: option_a: missing")
    assert len(err.splitlines()) == 1
    assert not (tmp_path / "cards").exists()


def test_duplicate_ids_across_sources_are_refused(tmp_path: Path) -> None:
    copy = tmp_path / "again.txt"
    shutil.copy(DATA / "text" / "silent-job-rot.txt", copy)
    code, _, err = run_cli(
        "import", str(DATA / "text" / "silent-job-rot.txt"), str(copy), "--out", str(tmp_path / "c")
    )
    assert code == 1
    assert f"{copy}:1: id: duplicate id 'silent-job-rot', also in" in err
    assert not (tmp_path / "c").exists()


def test_our_own_export_json_comes_back_identical(tmp_path: Path, mini_catalog: Path) -> None:
    code, _, err = run_cli("export", "json", "-o", str(tmp_path / "all.json"), catalog=mini_catalog)
    assert code == 0, err
    code, _, err = run_cli("import", str(tmp_path / "all.json"), "--out", str(tmp_path / "back"))
    assert code == 0, err
    assert load_cards(tmp_path / "back").cards == load_cards(mini_catalog).cards


def test_id_overrides_the_title_slug(tmp_path: Path) -> None:
    source = DATA / "pasted" / "cjk-title.txt"
    code, out, err = run_cli(
        "import", str(source), "--id", "cache-or-queue", "--out", str(tmp_path)
    )
    assert (code, out) == (0, f"wrote {tmp_path}/cache-or-queue.yaml\n"), err
    card = load_cards(tmp_path).cards["cache-or-queue"]
    assert card.title == "缓存还是队列"
    assert render_text(card).startswith("缓存还是队列\n")


def test_id_needs_exactly_one_text_source(tmp_path: Path) -> None:
    text = str(DATA / "text" / "silent-job-rot.txt")
    code, _, err = run_cli("import", text, text, "--id", "x", "--out", str(tmp_path))
    assert (code, err) == (
        1,
        "Error: --id names the card of one card text file; give exactly one\n",
    )
    code, _, err = run_cli("import", text, "--id", "Not A Slug", "--out", str(tmp_path))
    assert code == 1 and "is not a slug" in err


def test_a_missing_source_is_one_line(tmp_path: Path) -> None:
    code, _, err = run_cli("import", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o"))
    assert (code, err) == (1, f"Error: {tmp_path}/nope.txt:1: (file): no such file or folder\n")


def test_the_whole_bundled_catalog_exported_as_json_comes_back(tmp_path: Path) -> None:
    """Regression: the export of the bundled catalog (over 1 MiB) was refused by the size limit
    of a single card file."""
    exported = tmp_path / "all.json"
    assert run_cli("export", "json", "-o", str(exported))[0] == 0
    assert exported.stat().st_size > 1024 * 1024
    code, _, err = run_cli("import", str(exported), "--out", str(tmp_path / "cards"))
    assert code == 0, err
    assert load_cards(tmp_path / "cards").cards == load_cards(BUNDLED_CATALOG).cards


def test_links_that_name_no_card_are_listed_and_the_card_is_written(
    tmp_path: Path, mini_catalog: Path
) -> None:
    source = DATA / "pasted" / "typed-from-memory.txt"
    code, out, err = run_cli("import", str(source), "--out", str(tmp_path), catalog=mini_catalog)
    assert (code, out) == (0, f"wrote {tmp_path}/feature-flags-vs-long-lived-branches.yaml\n")
    assert err == (
        f"{source}: links.failure_mode: 'Flag Debt Spiral' is not a card in the catalog\n"
        f"{source}: links.red_flag: 'Pager Fatigue' is not a card in the catalog\n"
    )
    card = load_cards(tmp_path).cards["feature-flags-vs-long-lived-branches"]
    # Titles the catalog knows became ids (case aside); the others keep their title only.
    assert [(link.id, link.title) for link in card.links.failure_mode] == [
        ("silent-job-rot", "Silent Job Rot"),
        (None, "Flag Debt Spiral"),
    ]
    assert [(link.id, link.title) for link in card.links.red_flag] == [
        (None, "Pager Fatigue"),
        ("nobody-owns-the-crontab", "Nobody Owns the Crontab"),
    ]


def test_a_card_whose_links_all_resolve_imports_quietly(tmp_path: Path, mini_catalog: Path) -> None:
    source = tmp_path / "card.txt"
    source.write_text(
        "Polling vs Pushing\nOption A\nPolling\nOption B\nPushing\n"
        "Related failure modes\n• FM · 05 (pending) Silent Job Rot\n",
        encoding="utf-8",
    )
    code, _, err = run_cli(
        "import", str(source), "--out", str(tmp_path / "out"), catalog=mini_catalog
    )
    assert (code, err) == (0, "")


def test_an_id_a_file_of_another_name_holds_is_refused_even_with_force(tmp_path: Path) -> None:
    """Issue 19: the import wrote <id>.yaml beside the file already holding the id, leaving
    a folder no command could read."""
    card = DATA / "text" / "silent-job-rot.txt"
    out = tmp_path / "cards"
    assert run_cli("import", str(card), "--out", str(out))[0] == 0
    (out / "silent-job-rot.yaml").rename(out / "renamed.yaml")
    before = sorted(p.name for p in out.iterdir())
    for extra in ([], ["--force"]):
        code, _, err = run_cli("import", str(card), "--out", str(out), *extra)
        assert code == 1
        assert err.endswith(  # after the warnings about links to cards it does not know
            f"\nError: {out / 'renamed.yaml'}: already holds card 'silent-job-rot': writing "
            f"{out / 'silent-job-rot.yaml'} would put the id in two files; nothing was written "
            "(import into another folder, or remove or rename that file)\n"
        )
        assert sorted(p.name for p in out.iterdir()) == before


def test_a_title_too_long_for_an_id_is_one_line_naming_the_file(tmp_path: Path) -> None:
    """Issue 19: a 5,600-character title gave "File name too long"."""
    lines = (DATA / "text" / "silent-job-rot.txt").read_text().splitlines()
    source = tmp_path / "long.txt"
    source.write_text("\n".join(["Silent " * 800, *lines[1:]]))
    code, _, err = run_cli("import", str(source), "--out", str(tmp_path / "cards"))
    assert (code, err) == (
        1,
        f"Error: {source}:1: title: too long to make an id from (5,599 characters; an id has "
        "at most 200): shorten the title\n",
    )
    assert not (tmp_path / "cards").exists()
