"""Issue 10, reading a catalog: read completely or fail, never hang, never an internal error.
Each case here failed (hung, crashed or skipped in silence) before the fix."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import run_cli

from tradeoffs.cli import visible
from tradeoffs.errors import CatalogError
from tradeoffs.graph import load_catalog
from tradeoffs.io import listing
from tradeoffs.io.read import MAX_FILE_BYTES
from tradeoffs.loaders import BUNDLED_CATALOG, load_cards

CARD = "id: {id}\nkind: red_flag\ntitle: {title}\n"


def problems(root: Path) -> list[str]:
    return [str(problem) for problem in load_cards(root, keep_going=True).problems]


@pytest.fixture
def catalog(tmp_path: Path, mini_catalog: Path) -> Path:
    root = tmp_path / "cards"
    shutil.copytree(mini_catalog, root)
    return root


# -- folders and files --------------------------------------------------------------------


def test_a_symlinked_folder_is_followed(catalog: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "linked.yaml").write_text(CARD.format(id="linked", title="Linked"))
    (catalog / "more").symlink_to(elsewhere)
    assert "linked" in load_cards(catalog).cards


def test_a_symlinked_file_is_followed(catalog: Path, tmp_path: Path) -> None:
    (tmp_path / "real.yaml").write_text(CARD.format(id="real-one", title="Real"))
    (catalog / "link.yaml").symlink_to(tmp_path / "real.yaml")
    assert "real-one" in load_cards(catalog).cards


def test_a_symlink_loop_is_read_once(catalog: Path) -> None:
    (catalog / "loop").symlink_to(catalog)
    assert len(load_cards(catalog).cards) == 6


def test_an_unreadable_folder_is_an_error_naming_it(
    catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = catalog / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path: os.PathLike[str]) -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(listing.os, "scandir", scandir)
    loaded = load_cards(catalog, keep_going=True)
    assert [str(p) for p in loaded.problems] == [
        f"{locked}:1: (file): cannot read the folder: Permission denied"
    ]
    assert not loaded.complete
    with pytest.raises(CatalogError):
        load_cards(catalog)
    # The graph a load syncs says so too, beside another catalog: Neo4j then removes nothing.
    assert not load_catalog([catalog, BUNDLED_CATALOG], keep_going=True).complete
    assert load_catalog([BUNDLED_CATALOG], keep_going=True).complete


def test_a_dangling_file_symlink_is_an_error_naming_it(catalog: Path) -> None:
    (catalog / "dangling.yaml").symlink_to(catalog / "nowhere.yaml")
    assert problems(catalog) == [
        f"{catalog}/dangling.yaml:1: (file): a symlink to {catalog}/nowhere.yaml, "
        "which does not exist (fix or remove it)"
    ]


def test_a_fifo_is_refused_without_hanging(catalog: Path) -> None:
    os.mkfifo(catalog / "pipe.yaml")
    started = time.monotonic()
    assert problems(catalog) == [
        f"{catalog}/pipe.yaml:1: (file): not a regular file "
        "(a FIFO, device or socket is never read)"
    ]
    assert time.monotonic() - started < 5


def test_a_link_to_dev_zero_is_refused(catalog: Path) -> None:
    (catalog / "zero.yaml").symlink_to("/dev/zero")
    assert problems(catalog) == [
        f"{catalog}/zero.yaml:1: (file): not a regular file (a FIFO, device or socket is never read)"
    ]


def test_a_file_over_the_size_limit_is_refused(catalog: Path) -> None:
    big = catalog / "big.yaml"
    big.write_text(CARD.format(id="big", title="Big") + "# " + "x" * MAX_FILE_BYTES + "\n")
    assert problems(catalog) == [f"{big}:1: (file): larger than the 1 MiB a card file may have"]


# -- YAML written to hurt --------------------------------------------------------------------

LAUGHS = (
    "id: lol\nkind: red_flag\ntitle: lol\n"
    + "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]\n" for n in range(1, 9))
)

HOSTILE_YAML = {
    "anchors and aliases": (LAUGHS, "4: a0: anchors (&a0) are not allowed in a card file"),
    "an alias alone": (
        "id: x\nkind: red_flag\ntitle: &t T\nsummary: *t\n",
        "3: title: anchors (&t) are not allowed in a card file",
    ),
    "a python tag": (
        "id: x\nkind: red_flag\ntitle: !!python/object/apply:os.system [ls]\n",
        "3: title: tags (!!python/object/apply:os.system) are not allowed in a card file",
    ),
    "a custom tag": (
        "id: x\nkind: red_flag\ntitle: !secret T\n",
        "3: title: tags (!secret) are not allowed in a card file",
    ),
    "a number key": (
        "id: x\nkind: red_flag\ntitle: T\n404: not found\n",
        "4: 404: keys must be text (quote a key that YAML reads as a number, a boolean or null)",
    ),
    "a list as a key": (
        "id: x\nkind: red_flag\n? [a, b]\n: T\n",
        "3: (yaml): keys must be text, not a mapping or a list",
    ),
    "a value YAML takes for a number": (
        "id: x\nkind: red_flag\ntitle: T\nsummary: 0b_\n",
        "4: summary: '0b_' reads as a whole number but is not one (quote it to keep it as text)",
    ),
    "a list item YAML takes for a number": (
        "id: x\nkind: red_flag\ntitle: T\ncommon_contexts:\n  - a\n  - 0x_\n",
        "6: common_contexts.1: '0x_' reads as a whole number but is not one "
        "(quote it to keep it as text)",
    ),
    "a number too long": (
        "id: x\nkind: red_flag\ntitle: T\nseverity: " + "9" * 5000 + "\n",
        "4: severity: a number longer than 100 digits",
    ),
    # Python converts no integer of over 4,300 digits, whatever its base (issue 19).
    "a hexadecimal number too long, as a title": (
        "id: x\nkind: red_flag\ntitle: 0x" + "f" * 5000 + "\n",
        "3: title: a number longer than 100 digits",
    ),
    "a binary number too long, in extra": (
        "id: x\nkind: red_flag\ntitle: T\nextra:\n  bits: 0b" + "1" * 5000 + "\n",
        "5: extra.bits: a number longer than 100 digits",
    ),
    "a sexagesimal number too long": (
        "id: x\nkind: red_flag\ntitle: T\nextra: {n: " + "1:" * 3000 + "1}\n",
        "4: extra.n: a number longer than 100 digits",
    ),
    # JSON has no infinity or NaN: an export would write null (issue 19).
    "infinity in extra": (
        "id: x\nkind: red_flag\ntitle: T\nextra:\n  ratio: .inf\n",
        "4: extra: extra.ratio is inf, which JSON cannot hold (quote it to keep it as text)",
    ),
    "not-a-number deep in extra": (
        "id: x\nkind: red_flag\ntitle: T\nextra:\n  scores: [1, .NaN]\n",
        "4: extra: extra.scores.1 is nan, which JSON cannot hold (quote it to keep it as text)",
    ),
    "a number that overflows to infinity in extra": (
        "id: x\nkind: red_flag\ntitle: T\nextra: {big: 1.0e+999}\n",
        "4: extra: extra.big is inf, which JSON cannot hold (quote it to keep it as text)",
    ),
    "a key and nothing else": (
        "?\n",
        "1: (empty key): keys must be text (quote a key that YAML reads as a number, "
        "a boolean or null)",
    ),
    "a key written twice in a list's mapping": (
        "id: x\nkind: red_flag\ntitle: T\nextra:\n  items:\n  - {a: 1, a: 2}\n",
        "6: extra.items.0.a: duplicate key (a second value would silently replace the first)",
    ),
    "a second document": (
        "id: x\nkind: red_flag\ntitle: T\n---\nid: y\n",
        "4: (yaml): but found another document",
    ),
    "nesting too deep": (
        "id: x\nkind: red_flag\ntitle: T\nextra: " + "[" * 5000 + "]" * 5000 + "\n",
        "4: extra: nested deeper than 32 levels",
    ),
    "a date that is no date": (
        "id: x\nkind: red_flag\ntitle: 2024-13-45\n",
        None,
    ),
    "an escape sequence": (
        'id: x\nkind: red_flag\ntitle: "Red \\e[31m flag"\n',
        "3: title: control character U+001B is not allowed "
        "(text may hold tabs and newlines, no other control characters)",
    ),
    "a NUL in a list item": (
        'id: x\nkind: red_flag\ntitle: T\ncommon_contexts:\n  - "a\\0b"\n',
        "5: common_contexts.0: control character U+0000 is not allowed "
        "(text may hold tabs and newlines, no other control characters)",
    ),
}


@pytest.mark.parametrize(("text", "expected"), HOSTILE_YAML.values(), ids=HOSTILE_YAML.keys())
def test_hostile_yaml_is_one_line_quickly(tmp_path: Path, text: str, expected: str | None) -> None:
    path = tmp_path / "card.yaml"
    path.write_text(text, encoding="utf-8")
    started = time.monotonic()
    found = problems(path)
    assert time.monotonic() - started < 2
    if expected is None:  # read as the text it is
        assert found == []
    else:
        assert found == [f"{path}:{expected}"]


def test_every_key_problem_is_listed_but_none_under_a_key_that_is_not_text(
    tmp_path: Path,
) -> None:
    """The reader checks keys as it meets them, in one pass: each problem once, in the order
    of the file, and nothing about what a key that is not text holds (that key is the fix)."""
    path = tmp_path / "card.yaml"
    path.write_text(
        "id: x\nkind: red_flag\ntitle: T\nextra:\n  404:\n    a: 1\n    a: 2\n  b: 1\n  b: 2\n"
    )
    assert problems(path) == [
        f"{path}:5: extra.404: keys must be text (quote a key that YAML reads as a number, "
        "a boolean or null)",
        f"{path}:9: extra.b: duplicate key (a second value would silently replace the first)",
    ]


def test_a_yaml_bomb_through_the_cli_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "lol.yaml").write_text(LAUGHS)
    code, out, err = run_cli("show", "lol", catalog=tmp_path)
    assert code == 1
    assert (
        err == f"Error: {tmp_path}/lol.yaml:4: a0: anchors (&a0) are not allowed in a card file\n"
    )


# -- validate checks what every command checks ---------------------------------------------


@pytest.mark.parametrize("case", ["fifo", "dangling", "bomb", "escape", "long hex in extra"])
def test_validate_fails_whenever_other_commands_do(catalog: Path, case: str) -> None:
    if case == "fifo":
        os.mkfifo(catalog / "pipe.yaml")
    elif case == "dangling":
        (catalog / "gone.yaml").symlink_to(catalog / "nowhere.yaml")
    elif case == "bomb":
        (catalog / "lol.yaml").write_text(LAUGHS)
    elif case == "escape":
        (catalog / "esc.yaml").write_text('id: esc\nkind: red_flag\ntitle: "\\e[2J"\n')
    else:
        (catalog / "hex.yaml").write_text(
            CARD.format(id="hex", title="H") + "extra: {n: 0x" + "f" * 5000 + "}\n"
        )
    assert run_cli("validate", catalog=catalog)[0] == 1
    for args in (
        ["show", "queue-vs-stream"],
        ["stats"],
        ["export", "json", "-o", str(catalog.parent / "x.json")],
    ):
        assert run_cli(*args, catalog=catalog)[0] == 1, args


# -- the terminal ------------------------------------------------------------------------------


def test_control_characters_from_elsewhere_are_shown_as_escapes(tmp_path: Path) -> None:
    assert visible("a\x1b[31mb\tc\nd\u202ee\x7f") == "a\\x1b[31mb\tc\nd\\u202ee\\x7f"
    folder = tmp_path / "evil\x1b[2J"
    folder.mkdir()
    (folder / "bad.yaml").write_text("id: x\nkind: red_flag\n")
    code, out, err = run_cli("validate", catalog=folder)
    assert code == 1
    assert "\x1b" not in out + err and "evil\\x1b[2J" in out + err


def test_a_record_date_of_over_4300_digits_is_one_line_naming_the_file(
    catalog: Path, tmp_path: Path
) -> None:
    """Issue 19: Python's "Exceeds the limit (4300 digits)" named no file."""
    records = tmp_path / "adr"
    records.mkdir()
    record = records / "0001-use-x.md"
    record.write_text("---\nstatus: accepted\ndate: 0x" + "f" * 5000 + "\n---\n# Use x\n")
    code, out, err = run_cli("--records", str(records), "validate", catalog=catalog)
    assert code == 1
    assert f"{record}:3: date: a number longer than 100 digits" in out + err
    assert "Exceeds the limit" not in out + err


def test_record_numbers_of_over_4300_digits_are_text_not_an_internal_error(
    catalog: Path, tmp_path: Path
) -> None:
    records = tmp_path / "adr"
    records.mkdir()
    (records / "0001-x.md").write_text(f"# ADR-{'9' * 5000}: Use x\n\n## Status\n\nAccepted\n")
    (records / "0002-y.md").write_text(f"# Use y\n\n## Status\n\nSuperseded by ADR-{'9' * 5000}\n")
    code, out, err = run_cli("--records", str(records), "validate", catalog=catalog)
    assert code == 0, out + err
    assert "internal error" not in out + err
