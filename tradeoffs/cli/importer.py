"""import: other formats into native card files."""

from __future__ import annotations

from pathlib import Path

import click

from tradeoffs.cli import App, echo, pass_app, report
from tradeoffs.formats.registry import FORMATS, readable


def default_rules() -> list[str]:
    """How a SOURCE's format is told when --from is not given, in words, from the registry
    (the rules :func:`tradeoffs.loaders.importer.candidates` follows)."""
    reading = [FORMATS[name] for name in readable()]
    folder = next(fmt.name for fmt in reading if fmt.folder)
    suffixes = dict.fromkeys(suffix for fmt in reading for suffix in fmt.suffixes)
    by_suffix = []
    for suffix in suffixes:
        names = [fmt.name for fmt in reading if suffix in fmt.suffixes]
        told = " (by its content)" if len(names) > 1 else ""
        by_suffix.append(f"a {suffix} file is {' or '.join(names)}{told}")
    other = " or ".join(fmt.name for fmt in reading if not fmt.suffixes)
    return [f"a folder is {folder}", *by_suffix, f"any other file {other}"]


@click.command(name="import")
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
    type=click.Choice(readable()),
    help="Read every SOURCE as this format (default: decided per source: "
    f"{', '.join(default_rules())}).",
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
    for problem in [*imported.skipped, *imported.warnings]:
        report(problem)
    for written_path in write_import(imported, out_dir, force=force):
        echo(f"wrote {written_path}")
