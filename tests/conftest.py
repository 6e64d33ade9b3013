"""Shared fixtures: small card folders built for the purpose, and the services some tests need.

Tests that need Neo4j, Chromium or the shared seed card skip when it is absent, unless
TRADEOFFS_REQUIRE_SERVICES=1 (set by .ci/run), which turns those skips into failures.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tradeoffs.formats.native import dump_card
from tradeoffs.io.write import write_into
from tradeoffs.models import CARD_ADAPTER, Card

if TYPE_CHECKING:
    from playwright.sync_api import Browser

DATA = Path(__file__).parent / "data"


def card(**fields: object) -> Card:
    """A card for a test: the title defaults to the id in words, a decision gets two options."""
    defaults: dict[str, object] = {"title": str(fields["id"]).replace("-", " ")}
    if fields.get("kind") == "decision":
        defaults |= {"option_a": {"name": "A"}, "option_b": {"name": "B"}}
    return CARD_ADAPTER.validate_python(defaults | fields)


def write_catalog(folder: Path, *cards: Card) -> Path:
    """A catalog folder holding ``cards``, one native file each, ``<id>.yaml``."""
    write_into(folder, {f"{card.id}.yaml": dump_card(card) for card in cards})
    return folder


SEED_DIR = Path(__file__).resolve().parents[2] / "shared" / "seed"


def run_cli(
    *args: str,
    catalog: Path | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    input: str | None = None,
) -> tuple[int, str, str]:
    """The CLI run in-process (``--catalog catalog`` first when given, in ``cwd`` when given,
    with ``input`` as what a person types): exit code, standard output, standard error."""
    from click.testing import CliRunner

    from tradeoffs.cli import cli

    prefix = ["--catalog", str(catalog)] if catalog is not None else []
    with contextlib.chdir(cwd or Path.cwd()):
        result = CliRunner().invoke(cli, [*prefix, *args], env=env, input=input)
    return result.exit_code, result.stdout, result.stderr


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` as a fixed test author; its standard output."""
    done = subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=T", "-c", "user.email=t@example.com", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def need(reason: str) -> None:
    """Skip for a missing service, or fail when CI requires every service."""
    if os.environ.get("TRADEOFFS_REQUIRE_SERVICES") == "1":
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def read_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command of the suite runs with the cache of read catalogs in one folder of this
    test run (never the user's), shared by all tests so each meets what others left in it;
    with TRADEOFFS_TEST_CACHE=off the suite runs as --no-cache does (devtools/test runs both)."""
    monkeypatch.delenv("TRADEOFFS_NO_CACHE", raising=False)
    monkeypatch.setenv("TRADEOFFS_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "read-cache"))
    if os.environ.get("TRADEOFFS_TEST_CACHE") == "off":
        monkeypatch.setenv("TRADEOFFS_NO_CACHE", "1")


@pytest.fixture
def mini_catalog() -> Path:
    """Six cards, every kind, every link group that matters, one confused_with pair."""
    return DATA / "mini"


@pytest.fixture(scope="session")
def seed_card() -> Path:
    """The real card of ../shared/seed (read only; never copied into the repository)."""
    path = SEED_DIR / "000_fdd2b77b73de90ef.txt"
    if not path.exists():
        need(f"the shared seed card {path} is absent")
    return path


@pytest.fixture(scope="session")
def neo4j_uri() -> str:
    uri = os.environ.get("TRADEOFFS_TEST_NEO4J_URI")
    if not uri:
        need("TRADEOFFS_TEST_NEO4J_URI is not set (start one with devtools/neo4j/neo4j-dev start)")
    return uri


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    """One headless Chromium for the whole run, shared by the map's and the site's tests
    (Playwright's sync API allows one at a time in a thread)."""
    if importlib.util.find_spec("playwright") is None:
        need("the playwright package is missing (pip install -e '.[test]')")
    from chromium import headless_chromium

    with headless_chromium(chromium_path) as launched:
        yield launched


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("TRADEOFFS_CHROMIUM") or shutil.which("chromium")
    if not path:
        need("no Chromium found (apt-get install chromium, or set TRADEOFFS_CHROMIUM)")
    return path
