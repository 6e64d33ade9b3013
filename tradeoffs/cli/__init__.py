"""The ``tradeoffs`` command: parse, make one library call, print.

A command's code lives in a module of this package and is imported only when that command
runs (:class:`TradeoffsGroup`, from :data:`COMMANDS`), so ``tradeoffs --help`` and a quick
query do not pay for what other commands import. Library errors become one-line messages in
one place (:meth:`TradeoffsGroup.invoke`).
"""

from __future__ import annotations

import functools
import importlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click
from click.core import ParameterSource

from tradeoffs.errors import CatalogError, LoadRefused, OutputExists, Problem, TradeoffsError
from tradeoffs.vocabulary import EDGE_TYPES, KINDS

if TYPE_CHECKING:
    from pydantic import BaseModel

    from tradeoffs.graph import Backend
    from tradeoffs.graph.store import GraphStore
    from tradeoffs.loaders.cache import ReadCache

F = TypeVar("F", bound=Callable[..., Any])

# Every command: its name, where its code is ("module:function" in this package), and the
# first line of its help as `tradeoffs --help` lists it without importing the command
# (tests/test_cli_lazy.py checks each line against the command's own help).
COMMANDS: dict[str, tuple[str, str]] = {
    "compare": (
        "query:compare",
        "Two cards side by side, led by how they differ when easily confused.",
    ),
    "decide": (
        "records:decide",
        "Write the next decision record, applying the decision card CARD_ID.",
    ),
    "diff": (
        "changes:diff",
        "What changed from OLD to NEW: cards, facets word by word, links, records' statuses, problems.",
    ),
    "export": ("views:export_", "Write the selected cards and their edges as FORMAT."),
    "factor": ("query:factor", "Decisions that hinge on the key factor NAME."),
    "import": (
        "importer:import_",
        "Convert SOURCES into native card files in OUT, all or nothing.",
    ),
    "link": (
        "records:link",
        "Write into the decision record RECORD that it applies the decision cards CARDS.",
    ),
    "load": (
        "backend:load",
        "Sync the catalog (--catalog) into Neo4j (TRADEOFFS_NEO4J_*) and say what changed.",
    ),
    "map": (
        "views:map_",
        "Write the graph as one offline HTML page: search, filters, each card in full.",
    ),
    "neo4j": ("backend:neo4j_group", "Extras for the Neo4j backend."),
    "path": (
        "query:path",
        "The shortest connection from SOURCE to TARGET, each hop with its edge type.",
    ),
    "related": (
        "query:related",
        "Cards linked to CARD_ID, by edge type and depth, with the edge notes.",
    ),
    "review": (
        "records:review",
        "Review the team's decision records against the cards they apply.",
    ),
    "schema": ("check:schema", "Print the JSON Schema of a card file, for editors."),
    "search": (
        "query:search",
        "Cards ranked by where TEXT appears: title first, then lead facets, then the rest.",
    ),
    "show": ("query:show", "The whole card CARD_ID."),
    "site": (
        "site:site",
        "Write the cards and decision records as a static site: pages, log, search, map, feed.",
    ),
    "stats": (
        "query:stats",
        "Cards by kind, edges by type, relations, unresolved references, most connected cards.",
    ),
    "validate": (
        "check:validate",
        "Check the card files and report every problem; exit 1 when invalid.",
    ),
}

_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """``text`` with the characters a terminal would act on instead of showing (control
    characters other than tab and newline, bidirectional overrides) as visible escapes.
    Card files cannot hold them, but a Neo4j database, a file name or an extra field can."""
    return _INVISIBLE.sub(lambda match: ascii(match.group())[1:-1], text)


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    click.echo(visible(text), err=err, nl=nl)


def report(problem: Problem) -> None:
    """The one way a command tells of a problem: its line on stderr (a problem it goes on
    despite, as the library hands it over, or one of those that stop it)."""
    tell(str(problem))


def tell(text: str) -> None:
    """What a command says besides its result (a problem, what it read or selected, an
    error): a line on stderr, so that stdout holds the result alone."""
    echo(text, err=True)


class ProblemList(click.ClickException):
    """Several problems at once: one per line, then a count; a single problem is one line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems

    def show(self, file: Any = None) -> None:
        if len(self.problems) == 1:
            tell(f"Error: {self.problems[0]}")
            return
        for problem in self.problems:
            report(problem)
        tell(f"Error: {self.message}")


# What a person can do about an error, added to its line.
HINTS: dict[type[TradeoffsError], str] = {
    OutputExists: " (use --force to replace it)",
    LoadRefused: "; use --force to load anyway",
}


class TradeoffsGroup(click.Group):
    """The top-level group: commands imported on first use from :data:`COMMANDS`, and the one
    place where library errors become CLI errors."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, function = COMMANDS[cmd_name][0].split(":")
            command = getattr(importlib.import_module(f"tradeoffs.cli.{module}"), function)
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """As click lists commands, from the table instead of the commands themselves."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names))
        rows = [(name, short_help(name, limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CatalogError as exc:
            raise ProblemList(exc.problems) from exc
        except TradeoffsError as exc:
            hint = next((hint for kind, hint in HINTS.items() if isinstance(exc, kind)), "")
            raise click.ClickException(visible(exc.describe() + hint)) from exc
        except (
            click.ClickException,
            click.exceptions.Exit,
            click.Abort,
            KeyboardInterrupt,
            BrokenPipeError,  # a reader that stopped early (| head): click exits quietly
        ):
            raise
        except Exception as exc:
            if os.environ.get("TRADEOFFS_DEBUG"):
                raise
            raise click.ClickException(
                f"internal error: {type(exc).__name__}: {exc} "
                "(set TRADEOFFS_DEBUG=1 for the traceback, and please report it)"
            ) from exc


def short_help(name: str, limit: int) -> str:
    """The command's line in `tradeoffs --help`, shortened to ``limit`` as click shortens it."""
    return click.Command(name, help=COMMANDS[name][1]).get_short_help_str(limit)


class App:
    """What every command shares: where the cards and the decision records are, and the store
    opened on first use."""

    def __init__(
        self,
        catalogs: list[Path],
        store: Backend,
        keep_going: bool,
        records: list[Path] | None = None,
        cache: ReadCache | None = None,
    ) -> None:
        self.catalogs = catalogs  # none: the bundled catalog
        # One catalog folder, as the single-catalog commands (import, export) take it.
        self.catalog = catalogs[0] if len(catalogs) == 1 else None
        self.records = records or []
        self.store_name = store
        self.keep_going = keep_going
        self.cache = cache  # None: every file is read
        self._store: GraphStore | None = None

    @property
    def store(self) -> GraphStore:
        if self._store is None:
            from tradeoffs.graph import open_store

            self._store = open_store(
                self.store_name,
                self.catalogs,
                keep_going=self.keep_going,
                report=report,
                records=self.records,
                strict_records=False,  # one broken record never stops a read-only command
                cache=self.cache,
            )
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


pass_app = click.make_pass_decorator(App)


def json_option(command: F) -> F:
    return click.option(
        "--json", "as_json", is_flag=True, help="Print the result as JSON, and nothing else."
    )(command)


def type_option(command: F) -> F:
    return click.option(
        "--type",
        "types",
        multiple=True,
        type=click.Choice(EDGE_TYPES),
        help="Follow only edges of this type (repeatable).",
    )(command)


def kind_option(command: F) -> F:
    return click.option(
        "--kind",
        "kinds",
        multiple=True,
        type=click.Choice(KINDS),
        help="Keep only cards of this kind (repeatable).",
    )(command)


def selection_options(command: F) -> F:
    """--focus, --depth, --type, --kind, --category and --ids, handed to the command as one
    ``selection`` (a :class:`queries.Selection`): which part of the graph to map or export."""

    @functools.wraps(command)
    def with_selection(
        *args: Any,
        focus: str | None,
        depth: int | None,
        types: tuple[str, ...],
        kinds: tuple[str, ...],
        categories: tuple[str, ...],
        ids: str | None,
        **kwargs: Any,
    ) -> Any:
        from tradeoffs.queries import Selection

        if depth is not None and not focus:
            raise click.UsageError("--depth needs --focus")
        if ids is not None and focus:
            raise click.UsageError("--ids and --focus cannot be combined")
        if ids is not None and not ids.strip(" ,"):
            raise click.UsageError("--ids needs at least one card id (a,b,c)")
        selection = Selection(
            focus=focus,
            depth=depth or 1,
            types=list(types),
            kinds=list(kinds),
            categories=list(categories),
            ids=[card_id.strip() for card_id in (ids or "").split(",") if card_id.strip()],
        )
        return command(*args, selection=selection, **kwargs)

    options = [
        click.option("--focus", metavar="ID", help="Only this card and those near it (--depth)."),
        click.option("--depth", type=click.IntRange(1), help="Hops from --focus [default: 1]."),
        click.option(
            "--type",
            "types",
            multiple=True,
            type=click.Choice(EDGE_TYPES),
            help="Keep only edges of this type; --focus follows only them (repeatable).",
        ),
        click.option(
            "--kind",
            "kinds",
            multiple=True,
            type=click.Choice(KINDS),
            help="Keep only cards of this kind; the focus card stays (repeatable).",
        ),
        click.option(
            "--category",
            "categories",
            multiple=True,
            metavar="NAME",
            help="Keep only cards of this category (repeatable).",
        ),
        click.option(
            "--ids",
            metavar="ID,...",
            help="Exactly these cards (comma-separated) and the edges among them.",
        ),
    ]
    for option in reversed(options):
        with_selection = option(with_selection)
    return cast(F, with_selection)


def emit(result: BaseModel, as_json: bool, human: Callable[[Any], str]) -> None:
    if as_json:
        click.echo(result.model_dump_json(indent=2))
    else:
        echo(human(result))


@click.group(cls=TradeoffsGroup)
@click.version_option(package_name="tradeoffs")
@click.option(
    "--catalog",
    "catalogs",
    multiple=True,
    type=click.Path(),  # text, not a Path: "./bundled" is a folder, "bundled" the bundled catalog
    envvar="TRADEOFFS_CATALOG",
    help="Folder of card files (default: the bundled catalog); repeat it to put catalogs side "
    "by side, 'bundled' naming the bundled one. Env: TRADEOFFS_CATALOG (a list, separated "
    "as PATH is).",
)
@click.option(
    "--records",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    envvar="TRADEOFFS_RECORDS",
    help="Folder of the team's decision records (ADRs: Nygard, MADR, log4brains; sub-folders "
    "too); repeat it for several. Default: the folder adr-tools' .adr-dir or log4brains' "
    ".log4brains.yml names (here or above), else docs/decisions, docs/adr or doc/adr here. "
    "Env: TRADEOFFS_RECORDS (a list, separated as PATH is).",
)
@click.option(
    "--store",
    type=click.Choice(["memory", "neo4j"]),
    default="memory",
    envvar="TRADEOFFS_STORE",
    show_default=True,
    help="Where queries run: the in-memory graph, or Neo4j (TRADEOFFS_NEO4J_*). Env: TRADEOFFS_STORE.",
)
@click.option(
    "--keep-going", is_flag=True, help="Load the valid cards and report the invalid ones."
)
@click.option(
    "--no-cache",
    is_flag=True,
    envvar="TRADEOFFS_NO_CACHE",
    help="Read every card and record file, not the cache of files read before (kept in the "
    "user's cache folder, or TRADEOFFS_CACHE_DIR). Env: TRADEOFFS_NO_CACHE=1.",
)
@click.pass_context
def cli(
    ctx: click.Context,
    catalogs: tuple[str, ...],
    records: tuple[Path, ...],
    store: Backend,
    keep_going: bool,
    no_cache: bool,
) -> None:
    """Engineering decision cards as a knowledge graph: query, map and export them.

    Example: tradeoffs related model-api-vs-self-hosted-model
    """
    from tradeoffs.loaders import find_records_folders, resolve_catalog
    from tradeoffs.loaders.cache import ReadCache

    _check_folder_settings(ctx)
    found = list(dict.fromkeys(records)) or find_records_folders(Path())  # as people type it
    cache = None if no_cache else ReadCache.from_env(os.environ)
    catalog_paths = list(dict.fromkeys(map(resolve_catalog, catalogs)))
    app = App(catalog_paths, store, keep_going, found, cache)
    ctx.obj = app
    ctx.call_on_close(app.close)


# The environment variables naming folders, by the parameter they fill.
FOLDER_SETTINGS = {"catalogs": "TRADEOFFS_CATALOG", "records": "TRADEOFFS_RECORDS"}


def _check_folder_settings(ctx: click.Context) -> None:
    """A folder variable that is set must name folders: click reads an empty value as unset
    (so TRADEOFFS_CATALOG="" was the bundled catalog, and a load then removed a team's cards)
    and ":" as the current folder. The command line, when given, wins as usual."""
    for param, name in FOLDER_SETTINGS.items():
        value = os.environ.get(name)
        if value is None or ctx.get_parameter_source(param) is ParameterSource.COMMANDLINE:
            continue
        if not all(entry.strip() for entry in value.split(os.pathsep)):
            raise TradeoffsError(
                "{value} is empty or has an empty entry: set it to a folder "
                f"(several separated by '{os.pathsep}'), or unset it for the default",
                field=name,
                value=value,
            )


def main() -> None:
    # Before its first validator, pydantic looks for plugins among the entry points of every
    # installed distribution (a tenth of a command's start-up, growing with the environment);
    # the command line has no use for one. Setting the variable still wins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    cli(prog_name="tradeoffs")
