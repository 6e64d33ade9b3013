"""Issue 20: the CLI imports a command's code only when that command runs, and `--help` lists
the commands from a table that must say what each command's own help says."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from tradeoffs.cli import COMMANDS, cli, short_help
from tradeoffs.loaders import BUNDLED_CATALOG

ROOT = Path(__file__).resolve().parents[1]

# What neither `--help` nor a query needs: the exports, the map, the Neo4j driver, the
# readers of other formats, the commands' own modules.
NEVER_FOR_A_QUERY = {
    "jinja2",
    "weasyprint",
    "neo4j",
    "tradeoffs.cli.views",
    "tradeoffs.cli.backend",
    "tradeoffs.cli.importer",
    "tradeoffs.cli.records",
    "tradeoffs.export",
    "tradeoffs.map",
    "tradeoffs.formats.adr",
    "tradeoffs.formats.text",
    "tradeoffs.formats.catalog_json",
    "tradeoffs.graph.neo4j",
}


def among(modules: set[str], packages: set[str]) -> set[str]:
    """The modules that are one of ``packages`` or inside one."""
    return {name for name in modules if any(f"{name}.".startswith(f"{p}.") for p in packages)}


def imported_by(args: list[str], cwd: Path) -> tuple[set[str], str]:
    """The modules a fresh interpreter has imported after running `tradeoffs ARGS`, and what
    the command printed."""
    script = (
        "import json, sys\n"
        "from tradeoffs.cli import main\n"
        f"sys.argv = ['tradeoffs', *{args!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=cwd,  # no decision records folder here
        env=env,
        check=True,
        timeout=60,
    )
    return set(json.loads(done.stderr.splitlines()[-1])), done.stdout


def test_help_imports_no_command_and_not_the_library(tmp_path: Path) -> None:
    modules, out = imported_by(["--help"], tmp_path)
    assert "Commands:" in out
    library = {"pydantic", "networkx", "yaml", "tradeoffs.models", "tradeoffs.queries"}
    library |= {"tradeoffs.graph", "tradeoffs.loaders", "tradeoffs.formats", "tradeoffs.cli.query"}
    assert among(modules, NEVER_FOR_A_QUERY | library) == set()


def test_related_imports_only_what_a_query_needs(tmp_path: Path) -> None:
    catalog = tmp_path / "cards"
    shutil.copytree(BUNDLED_CATALOG, catalog)
    for path in catalog.rglob("*.yaml"):  # old enough for the read cache to keep them
        os.utime(path, ns=(1_500_000_000 * 10**9,) * 2)
    args = ["--catalog", str(catalog), "related", "model-api-vs-self-hosted-model"]
    cold, out = imported_by(args, tmp_path)
    assert "rag-vs-fine-tuning" in out
    assert "tradeoffs.cli.query" in cold and "yaml" in cold
    assert among(cold, NEVER_FOR_A_QUERY) == set()
    warm, again = imported_by(args, tmp_path)
    assert again == out
    if os.environ.get("TRADEOFFS_NO_CACHE") != "1":  # every file read from the cache
        unread = {
            "yaml",
            "tradeoffs.formats.native",
            "tradeoffs.io.safe_yaml",
            "tradeoffs.io.write",
        }
        assert among(warm, NEVER_FOR_A_QUERY | unread | {"networkx"}) == set()


@pytest.mark.parametrize(
    "args",
    [
        ["show", "model-api-vs-self-hosted-model"],
        ["search", "vendor", "lock-in"],
        ["path", "rag-vs-fine-tuning", "model-api-vs-self-hosted-model"],
    ],
)
def test_a_warm_query_reads_no_card_file(args: list[str], tmp_path: Path) -> None:
    """From the cache of built graphs: no reader of any format (``show`` writes the card as
    text without the text format's reader), and nothing written."""
    if os.environ.get("TRADEOFFS_NO_CACHE") == "1":
        pytest.skip("every file is read: there is no warm command")
    catalog = tmp_path / "cards"
    shutil.copytree(BUNDLED_CATALOG, catalog)
    for path in catalog.rglob("*.yaml"):  # old enough for the caches to keep them
        os.utime(path, ns=(1_500_000_000 * 10**9,) * 2)
    cold, out = imported_by(["--catalog", str(catalog), *args], tmp_path)
    warm, again = imported_by(["--catalog", str(catalog), *args], tmp_path)
    assert again == out
    unread = {
        "yaml",
        "tradeoffs.formats.native",
        "tradeoffs.formats.text.read",
        "tradeoffs.io.write",
    }
    assert among(warm, (NEVER_FOR_A_QUERY - {"tradeoffs.formats.text"}) | unread) == set()


def test_export_and_import_help_list_the_formats_without_importing_them(tmp_path: Path) -> None:
    """The choices and the list of formats come from the registry's records; no format's
    module (NetworkX, the readers) is imported to show them."""
    for command, shown in [
        ("export", "graphml (Gephi, yEd)"),
        ("import", "[json|catalog-json|text]"),
    ]:
        modules, out = imported_by([command, "--help"], tmp_path)
        assert shown in " ".join(out.split())
        assert among(modules, {"tradeoffs.formats"}) == {
            "tradeoffs.formats",
            "tradeoffs.formats.registry",
        }
        assert among(modules, {"networkx", "yaml", "jinja2"}) == set()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_table_says_what_the_command_says(name: str) -> None:
    with click.Context(cli) as ctx:
        command = cli.get_command(ctx, name)
    assert command is not None and command.help is not None
    assert COMMANDS[name][1] == command.help.split("\n\n")[0]
    for limit in (20, 45, 70, 200):
        assert short_help(name, limit) == command.get_short_help_str(limit)


def test_the_lazy_listing_is_clicks_own() -> None:
    with click.Context(cli, terminal_width=80) as ctx:
        lazy = click.HelpFormatter(width=80)
        cli.format_commands(ctx, lazy)
        own = click.HelpFormatter(width=80)
        click.Group.format_commands(cli, ctx, own)  # imports every command
    assert lazy.getvalue() == own.getvalue()
    assert set(cli.commands) == set(COMMANDS)
