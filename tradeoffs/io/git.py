"""Folders of a git commit, read into a temporary folder without touching the work tree.

``tradeoffs diff --git`` compares the catalog as two commits hold it: each side is written by
``git archive`` into a folder of its own, read there, and removed.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from tradeoffs.errors import TradeoffsError


def _git(repo: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args], capture_output=True, check=False, timeout=120
        )
    except FileNotFoundError as exc:
        raise TradeoffsError("git is not installed (diff --git runs it)") from exc
    if done.returncode != 0:
        reason = done.stderr.decode(errors="replace").strip().splitlines()
        raise TradeoffsError(f"git {args[0]}: {{value}}", value=reason[-1] if reason else "failed")
    return done.stdout


def repository_root(folder: Path) -> Path:
    """The top folder of the git checkout ``folder`` is in; an error when it is in none."""
    return Path(_git(folder, "rev-parse", "--show-toplevel").decode().strip()).resolve()


def commit_of(repo: Path, ref: str) -> str:
    """The commit ``ref`` names (a branch, a tag, ``HEAD~2``); an error naming it if none."""
    if ref.startswith("-"):  # never an option of git's
        raise TradeoffsError("{value} is not a git revision", value=ref)
    try:
        return _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()
    except TradeoffsError:
        raise TradeoffsError("no commit is named {value}", path=repo, value=ref) from None


@contextmanager
def files_at(repo: Path, commit: str, paths: Sequence[str]) -> Iterator[Path]:
    """A temporary folder holding ``paths`` (relative to the repository's top) as ``commit``
    has them; a path the commit does not have is left out (the side has no such folder).
    The folder is removed on leaving."""
    from tradeoffs.io.write import extracted

    present = [p for p in paths if _has(repo, commit, p)]
    archive = _git(repo, "archive", "--format=tar", commit, "--", *present) if present else b""
    with extracted(archive, paths, prefix="tradeoffs-git-") as folder:
        yield folder


def _has(repo: Path, commit: str, path: str) -> bool:
    return bool(_git(repo, "ls-tree", "--name-only", commit, "--", path).strip())


def last_changes(folders: Sequence[Path]) -> dict[Path, str]:
    """When each file below ``folders`` was last changed by a commit (the commit's time, ISO
    8601 with its offset), by resolved path: one ``git log`` per checkout. A folder in no
    git checkout (or with git missing) adds nothing, and so does a file never committed:
    there is no time to give for it, and a site's feed then leaves it out."""
    by_repo: dict[Path, list[str]] = {}
    for folder in folders:
        try:
            repo = repository_root(folder)
        except TradeoffsError:
            continue
        by_repo.setdefault(repo, []).append(folder.resolve().relative_to(repo).as_posix() or ".")
    changed: dict[Path, str] = {}
    for repo, paths in by_repo.items():
        try:
            log = _git(repo, "log", "--format=%x01%cI", "--name-only", "-z", "--", *paths)
        except TradeoffsError:  # a checkout with no commit yet
            continue
        # Newest first: "\x01<time>\0\n<file>\0<file>\0" per commit; a file's first time wins.
        for commit in log.decode("utf-8", errors="replace").split("\x01")[1:]:
            when, *names = commit.split("\0")
            for name in names:
                if name := name.strip("\n"):
                    changed.setdefault(repo / name, when)
    return changed
