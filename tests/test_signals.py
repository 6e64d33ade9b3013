"""Imports are all or nothing under signals too (issue 19, case 8): Ctrl-C, kill and a closed
terminal during ``tradeoffs import`` leave the folder as it was, with no temporary file.

Each test runs the real command in a subprocess, waits until it is writing (its staging
folder holds a file: a state, not a delay), sends a real signal, and looks at the disk."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest

from tradeoffs.formats import export_json
from tradeoffs.generate import generate_catalog
from tradeoffs.models import Subgraph

ROOT = Path(__file__).resolve().parents[1]
CARDS = 600  # enough that staging them takes a while (a staged file is seen long before the last)
MINE = "id: mine\nkind: red_flag\ntitle: Mine\n"


@pytest.fixture(scope="module")
def many_cards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("source") / "cards.json"
    cards = list(generate_catalog(CARDS).values())
    path.write_text(export_json.write(Subgraph(cards=cards, edges=[])), encoding="utf-8")
    return path


def interrupted_import(
    source: Path, out: Path, signum: int, staging: Callable[[], list[Path]]
) -> subprocess.CompletedProcess[str]:
    """Run ``tradeoffs import SOURCE --out OUT``; once ``staging()`` finds a staged card,
    send ``signum``; return how the run ended."""
    command = [sys.executable, "-m", "tradeoffs", "import", str(source), "--out", str(out)]
    process = started_with_default_signals(command)
    try:
        while not any(folder.is_dir() and any(folder.rglob("*.yaml")) for folder in staging()):
            try:  # waits on the process, so an import that ends too soon fails the test
                process.wait(timeout=0.01)
            except subprocess.TimeoutExpired:
                continue
            pytest.fail(f"the import ended before it was seen writing: {process.stderr.read()}")  # type: ignore[union-attr]
        process.send_signal(signum)
        stdout, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def started_with_default_signals(
    command: list[str], ignored: tuple[int, ...] = (), stdout: IO[str] | int = subprocess.PIPE
) -> subprocess.Popen[str]:
    """Start ``command`` with SIGINT, SIGTERM and SIGHUP at their defaults but ``ignored``,
    whatever the suite was started with (a shell's background job ignores SIGINT, nohup
    SIGHUP, and a child inherits both): a small Python resets them, then execs the command.
    With ``ignored``, it says "ignoring" on stderr once they are ignored."""
    reset = (
        "import os, signal, sys\n"
        "for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):\n"
        "    signal.signal(sig, signal.SIG_IGN if sig in IGNORED else signal.SIG_DFL)\n"
        "if IGNORED:\n"
        "    print('ignoring', file=sys.stderr, flush=True)  # the caller may now signal\n"
        "os.execv(sys.argv[1], sys.argv[1:])\n"
    ).replace("IGNORED", repr(tuple(int(sig) for sig in ignored)))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", reset, *command],
        env=env,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
    )


def ended_by(result: subprocess.CompletedProcess[str], signum: int) -> bool:
    """Killed by the signal itself (TERM, HUP), or, for Ctrl-C, click's "Aborted!" and 1."""
    if signum == signal.SIGINT:
        return result.returncode == 1 and "Aborted!" in result.stderr
    return result.returncode == -signum


SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_a_signal_during_an_import_into_a_folder_leaves_it_as_it_was(
    tmp_path: Path, many_cards: Path, signum: int
) -> None:
    out = tmp_path / "cards"
    out.mkdir()
    (out / "mine.yaml").write_text(MINE)
    result = interrupted_import(
        many_cards, out, signum, lambda: list(out.glob(".tradeoffs-staging.*"))
    )
    assert ended_by(result, signum), result
    assert sorted(p.name for p in out.iterdir()) == ["mine.yaml"]
    assert (out / "mine.yaml").read_text() == MINE


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_a_signal_during_an_import_into_a_new_folder_leaves_nothing(
    tmp_path: Path, many_cards: Path, signum: int
) -> None:
    out = tmp_path / "new" / "cards"
    result = interrupted_import(
        many_cards, out, signum, lambda: list(out.parent.glob(".cards.*.tmp"))
    )
    assert ended_by(result, signum), result
    assert list(tmp_path.iterdir()) == []  # no folder made on the way, no staging folder


def test_an_import_started_under_nohup_survives_a_hangup(tmp_path: Path, many_cards: Path) -> None:
    """Hangups are sent again and again from the start to the end of the run, so some land
    while the import writes; its output goes to a file, never blocking it on a full pipe."""
    out = tmp_path / "cards"
    listing = tmp_path / "stdout.txt"
    command = [sys.executable, "-m", "tradeoffs", "import", str(many_cards), "--out", str(out)]
    with listing.open("w") as stdout:
        process = started_with_default_signals(command, ignored=(signal.SIGHUP,), stdout=stdout)
        try:
            assert process.stderr.readline() == "ignoring\n"  # type: ignore[union-attr]
            while process.poll() is None:
                process.send_signal(signal.SIGHUP)
                try:
                    process.wait(timeout=0.01)
                except subprocess.TimeoutExpired:
                    continue
            stderr = process.stderr.read()  # type: ignore[union-attr]
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert (process.returncode, stderr) == (0, "")
    assert len(list(out.glob("*.yaml"))) == CARDS
