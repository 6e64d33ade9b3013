"""The Neo4j backend's commands: load, and the neo4j group's extras."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import click

from tradeoffs.cli import App, emit, json_option, pass_app, report, tell


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


@click.command()
@click.option("--dry-run", is_flag=True, help="Say what a load would change; write nothing.")
@click.option("--force", is_flag=True, help="Load even if it removes every or most stored cards.")
@json_option
@pass_app
def load(app: App, dry_run: bool, force: bool, as_json: bool) -> None:
    """Sync the catalog (--catalog) into Neo4j (TRADEOFFS_NEO4J_*) and say what changed.

    Neo4j ends up holding exactly the card files: new cards and edges are added, edited
    ones updated, removed ones deleted, all in one transaction (a failed load changes
    nothing). Loading an unchanged catalog again writes nothing. Only cards of the folders
    this load read are ever removed (each stored card names its folder). A load that would
    remove every stored card of those folders, or more than half of them, is refused
    without --force. With --keep-going, nothing is removed: cards whose files failed keep
    their stored version. A file that changes while the load runs fails it, writing
    nothing. Two loads at once run one after the other.

    Example: TRADEOFFS_NEO4J_URI=neo4j+s://<id>.databases.neo4j.io tradeoffs load --dry-run
    """
    from tradeoffs.graph import load_catalog
    from tradeoffs.graph.neo4j.store import Neo4jStore
    from tradeoffs.render import console

    catalog = load_catalog(
        app.catalogs, keep_going=app.keep_going, records=app.records, cache=app.cache
    )
    for problem in catalog.problems:
        report(problem)
    tell(console.files_read(catalog.files_read))
    store = Neo4jStore.from_env(os.environ, report)
    try:
        with DelayedProgressBar("loading into Neo4j") as progress:
            changes = store.sync(catalog, progress, force=force, dry_run=dry_run)
    finally:
        store.close()
    emit(changes, as_json, str)


@click.group(name="neo4j")
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
    "--force",
    is_flag=True,
    help="Replace FILE if it exists (only output tradeoffs wrote, unchanged since).",
)
def style(output: Path | None, force: bool) -> None:
    """A Neo4j Browser style sheet (GRASS): a colour per kind, cards captioned by title.

    In Neo4j Browser, run :style and drop the file on it. An existing FILE is replaced only
    with --force, and only if tradeoffs wrote it and nobody changed it since.

    Example: tradeoffs neo4j style -o tradeoffs.grass
    """
    from tradeoffs.graph.neo4j.style import grass_style
    from tradeoffs.io.marks import stamp
    from tradeoffs.io.write import write_file

    if output is None:
        click.echo(stamp(grass_style()), nl=False)
    else:
        write_file(output, grass_style(), force=force)
        click.echo(f"wrote {output}")
