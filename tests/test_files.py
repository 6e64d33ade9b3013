"""Writing files: all or nothing, one line naming the path on failure, and ``--force`` only
ever replaces what tradeoffs wrote (issue 10, "Writing files")."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_cli

from tradeoffs.io.marks import MARKER_FILE
from tradeoffs.io.write import write_file

MINI = Path(__file__).parent / "data" / "mini"


def error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1, stderr
    assert "internal error" not in stderr and "Traceback" not in stderr
    return lines[0]


def everything(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


# ---- --force replaces only what tradeoffs wrote ----


def test_force_refuses_a_users_folder(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.txt").write_text("years of work")
    for fmt in ("json", "csv", "catalog-json"):
        code, _, stderr = run_cli("export", fmt, "-o", str(mine), "--force", catalog=MINI)
        assert code == 1
        assert error_line(stderr) == (
            f"Error: {mine}: exists and was not written by tradeoffs; "
            "not replacing it, even with --force (choose another path)"
        )
    assert everything(tmp_path) == ["mine", "mine/thesis.txt"]


def test_force_refuses_a_users_file(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("mine")
    code, _, stderr = run_cli("export", "markdown", "-o", str(notes), "--force", catalog=MINI)
    assert code == 1 and "not written by tradeoffs" in error_line(stderr)
    assert notes.read_text() == "mine"


@pytest.mark.parametrize("target", [".", "..", "./"])
def test_force_refuses_the_current_folder_and_its_parents(tmp_path: Path, target: str) -> None:
    here = tmp_path / "here"
    here.mkdir()
    (here / "keep.txt").write_text("mine")
    code, _, stderr = run_cli("export", "csv", "-o", target, "--force", cwd=here, catalog=MINI)
    assert code == 1
    assert "is the current folder or one of its parents" in error_line(stderr)
    assert everything(tmp_path) == ["here", "here/keep.txt"]


@pytest.mark.parametrize(
    "fmt, name",
    [
        ("json", "g.json"),
        ("graphml", "g.graphml"),
        ("gexf", "g.gexf"),
        ("cypher", "g.cypher"),
        ("mermaid", "g.mmd"),
        ("mermaid", "g.md"),
        ("markdown", "g.md"),
        ("csv", "csv"),
        ("csv", "csv.zip"),
        ("catalog-json", "catalog"),
    ],
)
def test_force_replaces_tradeoffs_own_output(tmp_path: Path, fmt: str, name: str) -> None:
    out = tmp_path / name
    assert run_cli("export", fmt, "-o", str(out), catalog=MINI)[0] == 0
    code, _, stderr = run_cli("export", fmt, "-o", str(out), catalog=MINI)
    assert code == 1 and error_line(stderr).endswith("already exists (use --force to replace it)")
    code, _, stderr = run_cli("export", fmt, "-o", str(out), "--force", catalog=MINI)
    assert code == 0, stderr
    assert [p.name for p in tmp_path.iterdir()] == [name]


# ---- failures are one line and leave nothing behind ----


def test_a_parent_that_is_a_file_is_one_line_and_nothing_is_left(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    for fmt, name in (("json", "out.json"), ("csv", "csv"), ("catalog-json", "cat")):
        target = blocker / "sub" / name
        code, _, stderr = run_cli("export", fmt, "-o", str(target), catalog=MINI)
        assert code == 1
        assert (
            error_line(stderr) == f"Error: {target}: cannot write here: {blocker} is not a folder"
        )
    code, _, stderr = run_cli("neo4j", "style", "-o", str(blocker / "s.grass"), catalog=MINI)
    assert code == 1 and str(blocker) in error_line(stderr)
    assert everything(tmp_path) == ["file.txt"]


def test_writability_is_checked_before_the_long_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def too_late(*args: object, **kwargs: object) -> None:
        raise AssertionError("the pack was built before the target was checked")

    monkeypatch.setattr("tradeoffs.export.workshop.workshop_pack", too_late)
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    code, _, stderr = run_cli("export", "workshop", "-o", str(blocker / "pack"), catalog=MINI)
    assert code == 1 and "is not a folder" in error_line(stderr)


def _mount(folder: Path, options: str) -> bool:
    """A small tmpfs of our own at ``folder`` (root only); False when it cannot be made."""
    folder.mkdir(exist_ok=True)
    if os.geteuid() != 0:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True
    )
    return done.returncode == 0


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A folder this process cannot write in: mode 0555, or for root a read-only tmpfs."""
    folder = tmp_path / "ro"
    if _mount(folder, "ro,size=64k"):
        yield folder
        subprocess.run(["umount", str(folder)], check=True)
    elif os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
    else:
        pytest.skip("root without mount: no way to make a folder root cannot write")


def test_a_read_only_folder_is_one_line_naming_the_path(read_only: Path) -> None:
    for fmt, name in (("json", "g.json"), ("workshop", "pack"), ("catalog-json", "cat")):
        target = read_only / name
        code, _, stderr = run_cli("export", fmt, "-o", str(target), catalog=MINI)
        assert code == 1
        line = error_line(stderr)
        assert line.startswith(f"Error: {target}: cannot write in {read_only}: ")
    code, _, stderr = run_cli("map", "-o", str(read_only / "m.html"), catalog=MINI)
    assert code == 1 and str(read_only) in error_line(stderr)
    code, _, stderr = run_cli(
        "import",
        str(MINI.parent / "text" / "silent-job-rot.txt"),
        "--out",
        str(read_only / "cards"),
        catalog=MINI,
    )
    assert code == 1 and str(read_only) in error_line(stderr)
    assert list(read_only.iterdir()) == []


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a 48 KiB tmpfs: writes beyond that fail with ENOSPC."""
    folder = tmp_path / "full"
    if not _mount(folder, "size=48k"):
        pytest.skip("needs root and mount to make a small filesystem")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


def test_a_full_disk_is_one_line_and_leaves_nothing(full_disk: Path) -> None:
    catalog = Path(__file__).resolve().parents[1] / "tradeoffs" / "catalog"
    for fmt, name in (("json", "g.json"), ("csv", "csv"), ("catalog-json", "cat")):
        target = full_disk / name
        code, _, stderr = run_cli("export", fmt, "-o", str(target), catalog=catalog)
        assert code == 1
        line = error_line(stderr)
        assert line == f"Error: {target}: cannot write: no space left on device"
        assert list(full_disk.iterdir()) == []  # no .tmp, no half folder, no empty file


# ---- catalog JSON: all or nothing, replaced whole ----


def test_catalog_json_replaces_an_earlier_export_instead_of_merging(tmp_path: Path) -> None:
    out = tmp_path / "cat"
    assert run_cli("export", "catalog-json", "-o", str(out), catalog=MINI)[0] == 0
    assert len([p for p in out.rglob("*.json")]) == 4
    code, _, stderr = run_cli(
        "export", "catalog-json", "--ids", "silent-job-rot", "-o", str(out), "--force", catalog=MINI
    )
    assert code == 0, stderr
    assert everything(out) == [MARKER_FILE, "failure-modes", "failure-modes/failure-modes.json"]


def test_catalog_json_failing_midway_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tradeoffs.io import write as files

    real, calls = files._write, []

    def fail_on_second(path: Path, content: str | bytes) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(path, content)

    monkeypatch.setattr(files, "_write", fail_on_second)
    code, _, stderr = run_cli("export", "catalog-json", "-o", str(tmp_path / "cat"), catalog=MINI)
    assert code == 1 and "no space left on device" in error_line(stderr)
    assert list(tmp_path.iterdir()) == []


# ---- neo4j style -o ----


def test_style_sheet_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "tradeoffs.grass"
    assert run_cli("neo4j", "style", "-o", str(target), catalog=MINI)[0] == 0
    first = target.read_text()
    code, _, stderr = run_cli("neo4j", "style", "-o", str(target), catalog=MINI)
    assert code == 1
    assert error_line(stderr) == f"Error: {target}: already exists (use --force to replace it)"
    assert run_cli("neo4j", "style", "-o", str(target), "--force", catalog=MINI)[0] == 0
    assert target.read_text() == first
    mine = tmp_path / "mine.grass"
    mine.write_text("node { color: #000000; }")
    code, _, stderr = run_cli("neo4j", "style", "-o", str(mine), "--force", catalog=MINI)
    assert code == 1 and "not written by tradeoffs" in error_line(stderr)
    assert mine.read_text() == "node { color: #000000; }"


def test_the_writer_leaves_no_temporary_file_when_the_content_fails(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        write_file(tmp_path / "x.json", 42)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []
