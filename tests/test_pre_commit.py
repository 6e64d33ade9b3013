"""The hooks of .pre-commit-hooks.yaml, run by pre-commit itself against a team's repository.

``pre-commit try-repo`` clones this repository (a snapshot of the work tree when it has
uncommitted changes) and pip-installs it into a virtualenv, from PyPI: it needs PyPI to be
reachable and takes a minute or more. The pre-commit home is one per session, so the
environment is built once when the checkout is a clean commit; a snapshot of uncommitted
changes is a new commit each time, and is installed again each time.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import git

ROOT = Path(__file__).resolve().parents[1]
DIFF = Path(__file__).parent / "data" / "diff"


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(repo: Path, hook: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "TRADEOFFS_CATALOG": "cards",  # the catalog option, as a team's CI would set it
        "TRADEOFFS_NO_CACHE": "1",
    }
    env.pop("PYTHONPATH", None)  # the hook runs the copy pre-commit installed, not this checkout
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(ROOT),
            hook,
            "--all-files",
            "--verbose",
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,  # a bound on building the environment from PyPI, not a measurement
    )


@pytest.fixture
def team_repo(tmp_path: Path) -> Path:
    """A team's repository: a small valid catalog in cards/ and records in docs/decisions/."""
    shutil.copytree(DIFF / "old", tmp_path / "cards")
    shutil.copytree(DIFF / "new-records", tmp_path / "docs" / "decisions")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "cards")
    return tmp_path


def test_validate_hook_passes_a_valid_catalog_and_names_a_broken_card(
    team_repo: Path, pre_commit_home: Path
) -> None:
    passed = try_repo(team_repo, "tradeoffs-validate", pre_commit_home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "tradeoffs validate" in passed.stdout
    assert "Passed" in passed.stdout

    (team_repo / "cards" / "broken.yaml").write_text("id: broken\nkind: red_flag\n")
    git(team_repo, "add", "-A")
    failed = try_repo(team_repo, "tradeoffs-validate", pre_commit_home)
    assert failed.returncode == 1
    assert "Failed" in failed.stdout
    broken = team_repo.resolve() / "cards" / "broken.yaml"
    assert f"{broken}:1: title: missing (required)" in failed.stdout


def test_review_hook_reads_the_records(team_repo: Path, pre_commit_home: Path) -> None:
    done = try_repo(team_repo, "tradeoffs-review", pre_commit_home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Use a queue [0001-use-a-queue] (decision record): Accepted" in done.stdout
