"""The one door for files (issue 18) and what a folder holds (issue 19): only ``tradeoffs.io``
touches the disk, it lists a folder by one set of rules, and it reads and writes by its own."""

from __future__ import annotations

import ast
import os
import zipfile
from pathlib import Path

import pytest
from conftest import run_cli

from tradeoffs.errors import CatalogError, OutputError
from tradeoffs.io.listing import list_files
from tradeoffs.io.safe_yaml import load_yaml
from tradeoffs.io.write import write_new
from tradeoffs.loaders import load_cards, load_records

PACKAGE = Path(__file__).resolve().parents[1] / "tradeoffs"
DATA = Path(__file__).parent / "data"
CARD = "id: {id}\nkind: red_flag\ntitle: {id}\n"

# ---- the architecture: nothing but tradeoffs/io touches a file ----

# Module functions that open, read, write, rename, remove or list files, or parse YAML.
MODULE_CALLS = {
    "os": {
        "open",
        "fdopen",
        "replace",
        "rename",
        "renames",
        "link",
        "symlink",
        "unlink",
        "remove",
        "rmdir",
        "removedirs",
        "mkdir",
        "makedirs",
        "scandir",
        "listdir",
        "walk",
    },
    "yaml": {"load", "safe_load", "full_load", "unsafe_load", "load_all", "safe_load_all"},
    "shutil": None,  # every function of these modules
    "tempfile": None,
}
PATH_METHODS = {
    "open",
    "read_text",
    "write_text",
    "read_bytes",
    "write_bytes",
    "iterdir",
    "glob",
    "rglob",
    "unlink",
    "mkdir",
    "rmdir",
    "rename",
    "touch",
    "symlink_to",
    "hardlink_to",
}


def file_access(source: str) -> list[str]:
    """Each call in ``source`` that touches a file or parses YAML, as ``line: what``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module in MODULE_CALLS:
            allowed = MODULE_CALLS[node.module]
            for alias in node.names:
                if allowed is None or alias.name in allowed:
                    found.append(f"{node.lineno}: from {node.module} import {alias.name}")
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "open":
            found.append(f"{node.lineno}: open()")
        elif isinstance(func, ast.Attribute):
            owner = func.value.id if isinstance(func.value, ast.Name) else None
            if owner in MODULE_CALLS:
                names = MODULE_CALLS[owner]
                if names is None or func.attr in names:
                    found.append(f"{node.lineno}: {owner}.{func.attr}()")
            elif func.attr in PATH_METHODS:
                found.append(f"{node.lineno}: .{func.attr}()")
    return found


def test_only_tradeoffs_io_touches_a_file() -> None:
    offences = {
        str(module.relative_to(PACKAGE)): found
        for module in sorted(PACKAGE.rglob("*.py"))
        if "io" not in module.relative_to(PACKAGE).parts[:1]
        and (found := file_access(module.read_text(encoding="utf-8")))
    }
    assert offences == {}


def test_the_architecture_check_sees_each_way_of_touching_a_file() -> None:
    source = (
        "import os, yaml, shutil\nfrom os import replace\n"
        "open('x')\npath.read_text()\npath.write_bytes(b'')\nyaml.safe_load(s)\n"
        "os.replace(a, b)\nshutil.rmtree(p)\nfolder.iterdir()\n"
    )
    assert file_access(source) == [
        "2: from os import replace",
        "3: open()",
        "4: .read_text()",
        "5: .write_bytes()",
        "6: yaml.safe_load()",
        "7: os.replace()",
        "8: shutil.rmtree()",
        "9: .iterdir()",
    ]


# ---- what a folder holds: list_files ----


def test_card_suffixes_in_any_case_are_read(tmp_path: Path) -> None:
    for name in ("upper.YAML", "mixed.Yaml", "short.YML", "plain.yaml"):
        (tmp_path / name).write_text(CARD.format(id=name.split(".")[0]))
    (tmp_path / "notes.txt").write_text("not a card")
    assert sorted(load_cards(tmp_path).cards) == ["mixed", "plain", "short", "upper"]


def test_a_dangling_symlinked_folder_is_an_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "kept.yaml").write_text(CARD.format(id="kept"))
    (tmp_path / "team").symlink_to(tmp_path / "moved-away")
    loaded = load_cards(tmp_path, keep_going=True)
    assert [str(p) for p in loaded.problems] == [
        f"{tmp_path}/team:1: (file): a symlink to {tmp_path}/moved-away, "
        "which does not exist (fix or remove it)"
    ]
    assert not loaded.complete  # so load removes nothing
    assert run_cli("validate", catalog=tmp_path)[0] == 1


def test_sub_folders_are_read_and_hidden_names_skipped(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.yaml").write_text(CARD.format(id="deep"))
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "hidden.yaml").write_text(CARD.format(id="hidden"))
    (tmp_path / ".gone").symlink_to(tmp_path / "nowhere")  # hidden: never looked at
    listing = list_files(tmp_path)
    assert (listing.files, listing.problems) == ([tmp_path / "a" / "b" / "deep.yaml"], [])


def test_a_missing_root_is_a_problem_not_an_empty_catalog(tmp_path: Path) -> None:
    listing = list_files(tmp_path / "absent")
    assert not listing.complete and listing.files == []
    assert [p.message for p in listing.problems] == ["no such file or folder"]


def test_a_dangling_record_symlink_is_an_error_and_sub_folders_hold_records(
    tmp_path: Path,
) -> None:
    (tmp_path / "2024").mkdir()
    (tmp_path / "2024" / "0001-use-a-queue.md").write_text("# Use a queue\n\nStatus: accepted\n")
    (tmp_path / "0002-gone.md").symlink_to(tmp_path / "elsewhere.md")
    found = load_records(tmp_path)
    assert list(found.cards) == ["2024-0001-use-a-queue"]  # a sub-folder's name is part of the id
    assert [p.field for p in found.problems] == ["(file)"]
    assert "0002-gone.md" in found.problems[0].path and not found.complete


# ---- reading: the import layout file obeys the card files' YAML rules ----


@pytest.mark.parametrize(
    ("layout", "expected"),
    [
        (
            "files:\n  a.json: &h\n    header: {}\n  b.json: *h\n",
            "2: files.a.json: anchors (&h) are not allowed in an import's layout file",
        ),
        (
            "files: !!python/object:os.system {}\n",
            "1: files: tags (!!python/object:os.system) are not allowed in an import's layout file",
        ),
    ],
    ids=["an alias", "a tag"],
)
def test_the_catalog_layout_file_is_read_safely(tmp_path: Path, layout: str, expected: str) -> None:
    catalog = tmp_path / "cards"
    catalog.mkdir()
    (catalog / "data-drift.yaml").write_bytes((DATA / "mini" / "data-drift.yaml").read_bytes())
    (catalog / ".catalog-json.yaml").write_text(layout)
    out = tmp_path / "out"
    code, _, stderr = run_cli("export", "catalog-json", "-o", str(out), catalog=catalog)
    assert code == 1
    assert stderr.splitlines()[-1] == f"Error: {catalog}/.catalog-json.yaml:{expected}"
    assert not out.exists()


def test_brackets_inside_text_are_not_nesting() -> None:
    """The check for deep flow nesting looks at the text before PyYAML does; brackets that are
    text (a block scalar, a quoted value, a comment) are not collections."""
    run = "[" * 40
    text = f'a: |\n  {run}\nb: "{run}"\nc: x {run}\n# {run}\nd: [1, [2]]\n'
    assert load_yaml(text, "t.yaml") == {
        "a": f"{run}\n",
        "b": run,
        "c": f"x {run}",
        "d": [1, [2]],
    }


def test_deep_flow_nesting_is_refused_by_us_at_its_line_and_field() -> None:
    """libyaml reads a run of brackets ahead before giving the first event (and PyYAML 6.0.4
    stops it at 1,000 with its own words): the refusal must be ours, with our line and field."""
    text = "a: 1\nb:\n  c: " + "[" * 5000 + "]" * 5000 + "\n"
    with pytest.raises(CatalogError) as caught:
        load_yaml(text, "t.yaml")
    assert str(caught.value) == "t.yaml:3: b.c: nested deeper than 32 levels"


# ---- writing: decide goes through the atomic writer ----


def test_decide_where_the_records_folder_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "docs").write_text("a file where a folder should be")
    records = tmp_path / "docs" / "decisions"
    code, _, stderr = run_cli("--records", str(records), "decide", "rag-vs-fine-tuning")
    assert code == 1
    assert stderr == (
        f"Error: {records}/0001-rag-vs-fine-tuning.md: "
        f"cannot write here: {tmp_path}/docs is not a folder\n"
    )
    assert sorted(os.listdir(tmp_path)) == ["docs"]


def test_write_new_never_replaces_and_leaves_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "made" / "0001-x.md"
    assert write_new(target, "first\n") == target
    with pytest.raises(OutputError, match="already exists; not replaced"):
        write_new(target, "second\n")
    assert target.read_text() == "first\n"
    assert sorted(p.name for p in (tmp_path / "made").iterdir()) == ["0001-x.md"]


# ---- ownership: a hash of the content, never a phrase ----

MINI = DATA / "mini"


def export_to(path: Path, fmt: str, *more: str) -> tuple[int, str]:
    code, _, stderr = run_cli("export", fmt, "-o", str(path), *more, catalog=MINI)
    return code, stderr


@pytest.mark.parametrize(
    ("name", "fmt", "text"),
    [
        ("handbook.md", "markdown", "# Our handbook\n\n<!-- written by tradeoffs -->\n"),
        ("queries.cypher", "cypher", "// tradeoffs subgraph: kept by hand\nMATCH (n) RETURN n;\n"),
        ("graph.json", "json", '{"graph": {"format": "tradeoffs-subgraph/1"}, "nodes": []}\n'),
        (
            "forged.md",
            "markdown",
            "<!-- tradeoffs-output sha256=" + "ab" * 32 + " -->\nmy notes\n",
        ),
    ],
    ids=["a phrase", "the cypher heading", "the JSON format name", "a forged mark"],
)
def test_a_users_file_quoting_our_output_is_never_replaced(
    tmp_path: Path, name: str, fmt: str, text: str
) -> None:
    mine = tmp_path / name
    mine.write_text(text)
    code, stderr = export_to(mine, fmt, "--force")
    assert code == 1 and "was not written by tradeoffs" in stderr
    assert mine.read_text() == text


@pytest.mark.parametrize("fmt", ["json", "graphml", "gexf", "cypher", "mermaid", "markdown"])
def test_our_output_needs_force_and_is_refused_once_edited(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    assert export_to(out, fmt)[0] == 0
    code, stderr = export_to(out, fmt)
    assert (code, stderr.splitlines()[-1]) == (
        1,
        f"Error: {out}: already exists (use --force to replace it)",
    )
    assert export_to(out, fmt, "--force")[0] == 0
    edited = out.read_bytes().replace(b"Data Drift", b"Data  Drift", 1)
    assert edited != out.read_bytes()
    out.write_bytes(edited)
    code, stderr = export_to(out, fmt, "--force")
    assert code == 1 and "was not written by tradeoffs" in stderr
    assert out.read_bytes() == edited


@pytest.mark.parametrize("name", ["csv-out", "pack.zip"])
def test_a_folder_or_zip_is_ours_only_while_it_holds_what_we_wrote(
    tmp_path: Path, name: str
) -> None:
    out = tmp_path / name
    fmt = "csv" if name == "csv-out" else "workshop"
    assert export_to(out, fmt)[0] == 0
    assert export_to(out, fmt, "--force")[0] == 0
    if out.is_dir():
        (out / "my-notes.txt").write_text("added by hand")
    else:
        with zipfile.ZipFile(out, "a") as archive:  # keeps the comment, adds an entry
            archive.writestr("my-notes.txt", "added by hand")
    code, stderr = export_to(out, fmt, "--force")
    assert code == 1 and "was not written by tradeoffs" in stderr


# ---- what is read is said: per folder, and never a default for an empty setting ----


def test_validate_says_how_many_files_each_folder_held(tmp_path: Path) -> None:
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "a.YAML").write_text(CARD.format(id="team-card"))
    _, stdout, _ = run_cli(
        "--catalog",
        str(MINI),
        "--catalog",
        str(tmp_path / "team"),
        "--records",
        str(tmp_path / "team"),
        "validate",
    )
    assert (
        f"read 6 files from {MINI}, 1 file from {tmp_path / 'team'}, 0 files from {tmp_path / 'team'} (records)"
        in stdout
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TRADEOFFS_CATALOG", ""),
        ("TRADEOFFS_CATALOG", ":"),
        ("TRADEOFFS_CATALOG", f"{MINI}:"),
        ("TRADEOFFS_RECORDS", ""),
        ("TRADEOFFS_RECORDS", f":{MINI}"),
    ],
)
def test_an_empty_or_odd_folder_setting_is_an_error_not_a_default(name: str, value: str) -> None:
    code, _, stderr = run_cli("stats", env={name: value})
    assert code == 1
    assert stderr.startswith(f"Error: {name}: {value!r} is empty or has an empty entry")
    # The command line still wins over the environment.
    flag = "--catalog" if name == "TRADEOFFS_CATALOG" else "--records"
    code, _, stderr = run_cli(flag, str(MINI), "stats", catalog=MINI, env={name: value})
    assert code == 0, stderr


def test_decide_on_a_full_disk_leaves_no_folder_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tradeoffs.io import write

    def full(path: Path, content: str | bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write, "_write", full)
    records = tmp_path / "docs" / "decisions"
    code, _, stderr = run_cli("--records", str(records), "decide", "rag-vs-fine-tuning")
    assert code == 1
    assert stderr == (
        f"Error: {records}/0001-rag-vs-fine-tuning.md: cannot write: no space left on device\n"
    )
    assert list(tmp_path.iterdir()) == []
