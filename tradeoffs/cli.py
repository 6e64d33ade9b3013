"""The ``tradeoffs`` command: parse, make one library call, print.

Library errors become one-line messages in one place (:class:`TradeoffsGroup`).
"""

from __future__ import annotations

import functools
import json
import os
import re
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import click
from pydantic import BaseModel

from tradeoffs import queries
from tradeoffs.errors import CatalogError, LoadRefused, OutputExists, Problem, TradeoffsError
from tradeoffs.export import FORMATS as EXPORT_FORMATS
from tradeoffs.export import SESSION_MINUTES
from tradeoffs.graph import Backend
from tradeoffs.graph.store import GraphStore
from tradeoffs.render import console
from tradeoffs.vocabulary import EDGE_TYPES, KINDS, counted

F = TypeVar("F", bound=Callable[..., Any])


_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """``text`` with the characters a terminal would act on instead of showing (control
    characters other than tab and newline, bidirectional overrides) as visible escapes.
    Card files cannot hold them, but a Neo4j database, a file name or an extra field can."""
    return _INVISIBLE.sub(lambda match: ascii(match.group())[1:-1], text)


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    click.echo(visible(text), err=err, nl=nl)


class ProblemList(click.ClickException):
    """Several problems at once: one per line, then a count; a single problem is one line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems

    def show(self, file: Any = None) -> None:
        if len(self.problems) == 1:
            echo(f"Error: {self.problems[0]}", err=True)
            return
        for problem in self.problems:
            echo(str(problem), err=True)
        echo(f"Error: {self.message}", err=True)


class TradeoffsGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CatalogError as exc:
            raise ProblemList(exc.problems) from exc
        except OutputExists as exc:
            raise click.ClickException(f"{exc} (use --force to replace it)") from exc
        except LoadRefused as exc:
            raise click.ClickException(f"{exc}; use --force to load anyway") from exc
        except TradeoffsError as exc:
            raise click.ClickException(visible(str(exc))) from exc
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


class App:
    """What every command shares: where the cards and the decision records are, and the store
    opened on first use."""

    def __init__(
        self,
        catalogs: list[Path],
        store: Backend,
        keep_going: bool,
        records: Path | None = None,
    ) -> None:
        self.catalogs = catalogs  # none: the bundled catalog
        # One catalog folder, as the single-catalog commands (import, export) take it.
        self.catalog = catalogs[0] if len(catalogs) == 1 else None
        self.records = records
        self.store_name = store
        self.keep_going = keep_going
        self._store: GraphStore | None = None

    @property
    def store(self) -> GraphStore:
        if self._store is None:
            from tradeoffs.graph import open_store

            self._store = open_store(
                self.store_name,
                self.catalogs,
                keep_going=self.keep_going,
                report=lambda problem: click.echo(problem, err=True),
                records=self.records,
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
        if depth is not None and not focus:
            raise click.UsageError("--depth needs --focus")
        if ids is not None and focus:
            raise click.UsageError("--ids and --focus cannot be combined")
        if ids is not None and not ids.strip(" ,"):
            raise click.UsageError("--ids needs at least one card id (a,b,c)")
        selection = queries.Selection(
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
    type=click.Path(file_okay=False, path_type=Path),
    envvar="TRADEOFFS_RECORDS",
    help="Folder of the team's decision records (ADRs, Nygard or MADR). Default: "
    "docs/decisions, docs/adr or doc/adr here, if one exists. Env: TRADEOFFS_RECORDS.",
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
@click.pass_context
def cli(
    ctx: click.Context,
    catalogs: tuple[str, ...],
    records: Path | None,
    store: Backend,
    keep_going: bool,
) -> None:
    """Engineering decision cards as a knowledge graph: query, map and export them.

    Example: tradeoffs related model-api-vs-self-hosted-model
    """
    from tradeoffs.loaders import find_records_folder, resolve_catalog

    found = records or find_records_folder(Path())  # relative, as people type it
    app = App(list(dict.fromkeys(map(resolve_catalog, catalogs))), store, keep_going, found)
    ctx.obj = app
    ctx.call_on_close(app.close)


@cli.command()
@click.argument("card_id")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "yaml", "json"]),
    default="text",
    show_default=True,
)
@json_option
@pass_app
def show(app: App, card_id: str, fmt: str, as_json: bool) -> None:
    """The whole card CARD_ID.

    Example: tradeoffs show model-api-vs-self-hosted-model --format markdown
    """
    card = queries.show(app.store, card_id)
    if fmt == "text" and not as_json and card.kind == "record":
        from tradeoffs.formats.adr import render_record

        titles = {c.id: c.title for c in app.store.cards(card.links.ids())}
        echo(render_record(card, titles), nl=False)
    elif as_json or fmt == "json":
        data = card.model_dump(mode="json", exclude_defaults=True)
        click.echo(json.dumps({"id": data.pop("id"), "kind": card.kind, **data}, indent=2))
    elif fmt == "yaml":
        from tradeoffs.formats.native import dump_card

        echo(dump_card(card), nl=False)
    else:
        titles = {c.id: c.title for c in app.store.cards(card.links.ids())}
        if fmt == "markdown":
            from tradeoffs.render.markdown import render_markdown

            echo(render_markdown(card, titles), nl=False)
        else:
            from tradeoffs.formats.text import render_text

            echo(render_text(card, titles), nl=False)
    provenance = app.store.provenance() if fmt in ("text", "markdown") else {}
    if len({where.catalog for where in provenance.values()}) > 1 and card_id in provenance:
        where = provenance[card_id]
        echo(f"\nFrom: {where.catalog}" + (f" ({where.file})" if where.file else ""))


@cli.command()
@click.argument("card_id")
@type_option
@click.option(
    "--depth", default=1, show_default=True, type=click.IntRange(1), help="Hops to follow."
)
@kind_option
@json_option
@pass_app
def related(
    app: App,
    card_id: str,
    types: tuple[str, ...],
    depth: int,
    kinds: tuple[str, ...],
    as_json: bool,
) -> None:
    """Cards linked to CARD_ID, by edge type and depth, with the edge notes.

    Example: tradeoffs related model-api-vs-self-hosted-model --type confused_with
    """
    result = queries.related(app.store, card_id, types=types, depth=depth, kinds=kinds)  # type: ignore[arg-type]
    emit(result, as_json, console.related)


@cli.command()
@click.argument("source")
@click.argument("target")
@type_option
@json_option
@pass_app
def path(app: App, source: str, target: str, types: tuple[str, ...], as_json: bool) -> None:
    """The shortest connection from SOURCE to TARGET, each hop with its edge type.

    Example: tradeoffs path rag-vs-fine-tuning model-api-vs-self-hosted-model
    """
    emit(queries.path(app.store, source, target, types=types), as_json, console.path)  # type: ignore[arg-type]


@cli.command()
@click.argument("text", nargs=-1, required=True)
@kind_option
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1))
@json_option
@pass_app
def search(
    app: App, text: tuple[str, ...], kinds: tuple[str, ...], limit: int, as_json: bool
) -> None:
    """Cards ranked by where TEXT appears: title first, then lead facets, then the rest.

    Example: tradeoffs search vendor lock-in --kind decision
    """
    result = queries.search(app.store, " ".join(text), kinds=kinds, limit=limit)  # type: ignore[arg-type]
    emit(result, as_json, console.search)


@cli.command()
@click.argument("name")
@json_option
@pass_app
def factor(app: App, name: str, as_json: bool) -> None:
    """Decisions that hinge on the key factor NAME.

    Example: tradeoffs factor privacy
    """
    emit(queries.factor(app.store, name), as_json, console.factor)


@cli.command()
@click.argument("left")
@click.argument("right")
@json_option
@pass_app
def compare(app: App, left: str, right: str, as_json: bool) -> None:
    """Two cards side by side, led by how they differ when easily confused.

    Example: tradeoffs compare model-api-vs-self-hosted-model rag-vs-fine-tuning
    """
    emit(queries.compare(app.store, left, right), as_json, console.compare)


@cli.command()
@click.option(
    "--top",
    default=10,
    show_default=True,
    type=click.IntRange(1),
    help="How many of the most connected cards.",
)
@json_option
@pass_app
def stats(app: App, top: int, as_json: bool) -> None:
    """Cards by kind, edges by type, unresolved references, most connected cards.

    Example: tradeoffs stats --json
    """
    result = queries.stats(app.store, top=top)
    emit(result, as_json, console.stats)


@cli.command()
@click.option(
    "--strict",
    is_flag=True,
    help="Fail on warnings too: unresolved references, one-sided links, cards with no edges.",
)
@json_option
@pass_app
def validate(app: App, strict: bool, as_json: bool) -> None:
    """Check the card files and report every problem; exit 1 when invalid.

    Example: tradeoffs --catalog my-cards/ validate --strict
    """
    report = queries.validate(app.catalogs, records=app.records)
    emit(report, as_json, lambda r: console.validation(r, strict))
    if report.problems(strict):
        sys.exit(1)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of a card file, for editors.

    Example: tradeoffs schema > card.schema.json
    """
    from tradeoffs.models import card_json_schema

    click.echo(json.dumps(card_json_schema(), indent=2))


@cli.command(name="map")
@selection_options
@click.option(
    "-o",
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("tradeoffs-map.html"),
    show_default=True,
    help="HTML file to write.",
)
@click.option("--open", "open_page", is_flag=True, help="Open the map in the default browser.")
@click.option(
    "--force", is_flag=True, help="Replace FILE if it exists (only ever a file tradeoffs wrote)."
)
@pass_app
def map_(
    app: App, selection: queries.Selection, out_path: Path, open_page: bool, force: bool
) -> None:
    """Write the graph as one offline HTML page: search, filters, each card in full.

    With no options it maps the whole catalog. The page makes no network request, so it
    can be emailed or projected. An existing FILE is replaced only if it is a map written
    by this command; nothing else is, even with --force.

    Example: tradeoffs map --focus rag-vs-fine-tuning --depth 2 --open
    """
    from tradeoffs.map import write_map

    subgraph = queries.select(app.store, selection)
    if not subgraph.cards:
        raise TradeoffsError("no card matches the selection")
    write_map(subgraph, out_path, focus=selection.focus, force=force)
    click.echo(
        f"wrote {out_path}: {counted(len(subgraph.cards), 'card')}, "
        f"{counted(len(subgraph.edges), 'edge')}"
    )
    if open_page and click.launch(str(out_path.resolve())) != 0:
        echo(f"could not open a browser here; open {out_path} yourself", err=True)


@cli.command(name="import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write native card files into.",
)
@click.option(
    "--from",
    "source_format",
    type=click.Choice(["text", "catalog-json", "json"]),
    help="Read every SOURCE as this format (default: decided per source: a folder is "
    "catalog JSON, a .json file is a tradeoffs export or a catalog file, anything else card text).",
)
@click.option(
    "--id",
    "card_id",
    metavar="ID",
    help="The id of the card (one card text SOURCE only; default: from its title).",
)
@click.option("--force", is_flag=True, help="Replace card files of the same name.")
@pass_app
def import_(
    app: App,
    sources: tuple[Path, ...],
    out_dir: Path,
    source_format: str | None,
    card_id: str | None,
    force: bool,
) -> None:
    """Convert SOURCES into native card files in OUT, all or nothing.

    A SOURCE is a card text file (as the catalog's site shows a card, pasted or typed), a
    folder of the public catalog's JSON files (JSON files there that are not catalog files are
    skipped and listed on stderr), a catalog JSON file, or a file written by `tradeoffs export
    json`. Every source is read before anything is written; one problem and nothing is.
    Link titles are resolved to ids against the catalog (--catalog) and the other sources.

    Example: tradeoffs import card.txt content/ --out cards/
    """
    from tradeoffs.loaders.importer import read_sources, write_import

    imported = read_sources(
        list(sources), source_format=source_format, catalog=app.catalog, card_id=card_id
    )
    for skipped in imported.skipped:
        echo(f"skipped {skipped.path}: {skipped.message}", err=True)
    for warning in imported.warnings:
        echo(warning, err=True)
    for written_path in write_import(imported, out_dir, force=force):
        echo(f"wrote {written_path}")


class DelayedProgressBar:
    """A progress callback that shows a bar on stderr once the work has taken ``delay``
    seconds, and only on a terminal: quick runs and pipes stay quiet."""

    def __init__(self, label: str, delay: float = 1.0) -> None:
        self.label = label
        self.delay = delay
        self.started = time.monotonic()
        self.bar: Any = None
        self.shown = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if time.monotonic() - self.started < self.delay or not sys.stderr.isatty():
                return
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
        self.bar.update(done - self.shown)
        self.shown = done

    def __enter__(self) -> DelayedProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.render_finish()


@cli.command()
@click.option("--dry-run", is_flag=True, help="Say what a load would change; write nothing.")
@click.option("--force", is_flag=True, help="Load even if it removes every or most stored cards.")
@json_option
@pass_app
def load(app: App, dry_run: bool, force: bool, as_json: bool) -> None:
    """Sync the catalog (--catalog) into Neo4j (TRADEOFFS_NEO4J_*) and say what changed.

    Neo4j ends up holding exactly the card files: new cards and edges are added, edited
    ones updated, removed ones deleted, all in one transaction (a failed load changes
    nothing). Loading an unchanged catalog again writes nothing. A load that would remove
    every stored card, or more than half of them, is refused without --force. With
    --keep-going, nothing is removed: cards whose files failed keep their stored version.
    Two loads at once run one after the other.

    Example: TRADEOFFS_NEO4J_URI=neo4j+s://<id>.databases.neo4j.io tradeoffs load --dry-run
    """
    from tradeoffs.graph import load_catalog
    from tradeoffs.graph.neo4j.store import Neo4jStore

    catalog = load_catalog(app.catalogs, keep_going=app.keep_going, records=app.records)
    for problem in catalog.problems:
        echo(str(problem), err=True)
    store = Neo4jStore.from_env(os.environ)
    try:
        with DelayedProgressBar("loading into Neo4j") as progress:
            report = store.sync(catalog, progress, force=force, dry_run=dry_run)
    finally:
        store.close()
    emit(report, as_json, str)


@cli.group(name="neo4j")
def neo4j_group() -> None:
    """Extras for the Neo4j backend."""


@neo4j_group.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="File to write (default: standard output).",
)
@click.option(
    "--force", is_flag=True, help="Replace FILE if it exists (only a style sheet tradeoffs wrote)."
)
def style(output: Path | None, force: bool) -> None:
    """A Neo4j Browser style sheet (GRASS): a colour per kind, cards captioned by title.

    In Neo4j Browser, run :style and drop the file on it. An existing FILE is replaced only
    with --force, and only if it is a style sheet this command wrote.

    Example: tradeoffs neo4j style -o tradeoffs.grass
    """
    from tradeoffs.graph.neo4j.style import grass_style
    from tradeoffs.io import stamp, write_file

    if output is None:
        click.echo(stamp(grass_style()), nl=False)
    else:
        write_file(output, grass_style(), force=force)
        click.echo(f"wrote {output}")


@cli.command(name="export")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(EXPORT_FORMATS))
@selection_options
@click.option(
    "-o",
    "--out",
    "out_path",
    required=True,
    metavar="PATH",
    type=click.Path(path_type=Path),
    help="File to write; for csv and workshop a folder, or a zip when PATH ends in .zip.",
)
@click.option("--force", is_flag=True, help="Replace PATH if it already exists.")
@click.option(
    "--minutes",
    type=click.Choice([str(m) for m in SESSION_MINUTES]),
    default="60",
    show_default=True,
    help="Length of the workshop session the pack plans.",
)
@click.option(
    "--participants",
    type=click.IntRange(2, 40),
    default=8,
    show_default=True,
    help="People in the workshop (2 to 40): the print list's copies.",
)
@pass_app
def export_(
    app: App,
    fmt: str,
    selection: queries.Selection,
    out_path: Path,
    force: bool,
    minutes: str,
    participants: int,
) -> None:
    """Write the selected cards and their edges as FORMAT.

    Formats: json (node-link, every facet), graphml and gexf (Gephi, yEd), csv (for
    neo4j-admin database import), cypher (a script that recreates them on any Neo4j),
    mermaid (a flowchart for GitHub Markdown), markdown (the cards as one document), and
    workshop: a folder a facilitator prints and runs for a --minutes session (the guide with
    its agenda, table cards, decision-record worksheets, a one-page overview, a print list
    for --participants, the map and the data); catalog-json: the public catalog's JSON
    files, laid out as they were imported (tradeoffs import --from catalog-json).

    What was selected goes to stderr, the path written to stdout. PATH is never replaced
    without --force, and a failed export leaves nothing behind.

    Example: tradeoffs export workshop --focus model-api-vs-self-hosted-model -o pack.zip
    """
    from tradeoffs.export import export
    from tradeoffs.export.data import selection_report
    from tradeoffs.export.workshop import SessionTrimmed

    subgraph = queries.select(app.store, selection)
    click.echo(selection_report(subgraph), err=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SessionTrimmed)
        written = export(
            subgraph,
            fmt,
            out_path,
            force=force,
            focus=selection.focus,
            minutes=int(minutes),
            participants=participants,
            catalog=app.catalog,
        )
    for warning in caught:
        click.echo(f"Warning: {warning.message}", err=True)
    click.echo(str(written))


@cli.command()
@click.argument("card_id")
@click.option("--title", help="Title of the record [default: the card's title].")
@json_option
@pass_app
def decide(app: App, card_id: str, title: str | None, as_json: bool) -> None:
    """Write the next decision record, applying the decision card CARD_ID.

    The record is MADR 4 with status proposed and today's date, pre-filled with the card's
    knowledge: the question as the problem statement, the key factors as drivers, both options
    with their pros and cons, a checklist, what to watch and when to revisit. It goes into
    --records (default docs/decisions), numbered and named as the records there are, and never
    replaces a file.

    Example: tradeoffs decide monolith-vs-microservices --title "Split billing out of the monolith"
    """
    folder = app.records or Path("docs/decisions")
    if not folder.is_dir():  # the first record: nothing to load, the folder is made
        app.records = None
    result = queries.decide(app.store, card_id, folder, title=title)
    emit(result, as_json, lambda r: f"wrote {r.path}: {r.title} (applies {r.card.id})")


@cli.command()
@click.option(
    "--older-than",
    metavar="DURATION",
    help="Exit 1 when an accepted record is older than this (30d, 6w, 12m, 2y) and no newer "
    "record supersedes it.",
)
@json_option
@pass_app
def review(app: App, older_than: str | None, as_json: bool) -> None:
    """Review the team's decision records against the cards they apply.

    For each accepted record no newer one supersedes: its age, the re-look triggers of the
    cards it applies, the failure modes and red flags to watch. For each record that applies
    no card: the decision cards that best match it.

    Example: tradeoffs --records docs/adr review --older-than 12m
    """
    if app.records is None and app.store_name == "memory":
        # In CI a missing folder must not pass as "nothing overdue".
        raise click.UsageError(
            "no decision records: give --records DIR (or TRADEOFFS_RECORDS), or keep them in "
            "docs/decisions, docs/adr or doc/adr here"
        )
    result = queries.review(app.store, older_than=older_than)
    emit(result, as_json, console.review)
    if result.overdue:
        sys.exit(1)


def main() -> None:
    cli(prog_name="tradeoffs")
