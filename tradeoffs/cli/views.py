"""Views of a selection: the offline HTML map and the exports."""

from __future__ import annotations

from pathlib import Path

import click

from tradeoffs import queries
from tradeoffs.cli import App, pass_app, report, selection_options, tell
from tradeoffs.errors import Problem, TradeoffsError
from tradeoffs.export import FORMATS as EXPORT_FORMATS
from tradeoffs.export import SESSION_MINUTES, WORKSHOP
from tradeoffs.formats.registry import FORMATS, writable
from tradeoffs.queries.session import DECISION_RULES, Rule
from tradeoffs.vocabulary import counted

EXPORT_HELP = f"""Write the selected cards and their edges as FORMAT.

Formats: {", ".join(f"{FORMATS[name].name} ({FORMATS[name].summary})" for name in writable())};
and {WORKSHOP}: a folder a facilitator prints and runs for a --minutes session of
--participants people decided by --decision-rule (the guide with its agenda and moves, the
focus card, table cards, capture sheets, decision-record worksheets, a one-page overview, a
print list, the map and the data; without --focus it says which decision it chose).

What was selected goes to stderr, the path written to stdout. PATH is never replaced without
--force, and a failed export leaves nothing behind.

Example: tradeoffs export workshop --focus model-api-vs-self-hosted-model -o pack.zip
"""
FOLDER_FORMATS = " and ".join(
    [", ".join(name for name in writable() if FORMATS[name].folder), WORKSHOP]
)


@click.command(name="map")
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
    "--force",
    is_flag=True,
    help="Replace FILE if it exists (only output tradeoffs wrote, unchanged since).",
)
@pass_app
def map_(
    app: App, selection: queries.Selection, out_path: Path, open_page: bool, force: bool
) -> None:
    """Write the graph as one offline HTML page: search, filters, each card in full.

    With no options it maps the whole catalog. The page makes no network request, so it
    can be emailed or projected. An existing FILE is replaced only with --force, and only if
    tradeoffs wrote it and nobody changed it since; nothing else is, even with --force.

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
        report(
            Problem(str(out_path), None, None, "could not open a browser here; open it yourself")
        )


@click.command(name="export", help=EXPORT_HELP)
@click.argument("fmt", metavar="FORMAT", type=click.Choice(EXPORT_FORMATS))
@selection_options
@click.option(
    "-o",
    "--out",
    "out_path",
    required=True,
    metavar="PATH",
    type=click.Path(path_type=Path),
    help=f"File to write; for {FOLDER_FORMATS} a folder, or a zip when PATH ends in .zip.",
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
    help="People in the workshop (2 to 40): below 8 they work in pairs, up to 16 at tables "
    "of four, above at hosted tables; the print list's copies.",
)
@click.option(
    "--decision-rule",
    "rule",
    type=click.Choice(DECISION_RULES),
    default="advice",
    show_default=True,
    help="How the workshop decides: the decider after advice, consent, or a vote.",
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
    rule: Rule,
) -> None:
    from tradeoffs.export import export
    from tradeoffs.formats.summary import selection_report

    subgraph = queries.select(app.store, selection)
    tell(selection_report(subgraph))
    written = export(
        subgraph,
        fmt,
        out_path,
        force=force,
        focus=selection.focus,
        minutes=int(minutes),
        participants=participants,
        rule=rule,
        catalog=app.catalog,
        records=app.records[0] if app.records else None,  # where decide writes
        report=report,
    )
    click.echo(str(written))
