"""diff: what changed between two versions of a catalog, for a person or a pull request."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import click

from tradeoffs.cli import App, echo, json_option, pass_app

if TYPE_CHECKING:
    from tradeoffs.queries.diff import Side


@click.command()
@click.argument(
    "folders", nargs=-1, metavar="[OLD NEW]", type=click.Path(exists=True, path_type=Path)
)
@click.option(
    "--git",
    "revisions",
    metavar="REF[..REF]",
    help="Compare the catalog (--catalog, else the bundled one) and the records folders as two "
    "commits of this checkout hold them; one REF alone compares it with the work tree. "
    "Nothing in the work tree is touched.",
)
@click.option(
    "--old-records",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Decision records of OLD (repeatable; without --git).",
)
@click.option(
    "--new-records",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Decision records of NEW (repeatable; without --git).",
)
@click.option(
    "--format",
    "style",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="Plain text, or Markdown short enough for a pull-request comment.",
)
@click.option(
    "--max-chars",
    type=click.IntRange(1000),
    default=60_000,
    show_default=True,
    help="The longest --format markdown output; what does not fit is counted, not shown.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["problems", "warnings"]),
    help="Exit 1 when NEW has validation problems (or, with 'warnings', problems or strict "
    "warnings) that OLD did not.",
)
@json_option
@pass_app
def diff(
    app: App,
    folders: tuple[Path, ...],
    revisions: str | None,
    old_records: tuple[Path, ...],
    new_records: tuple[Path, ...],
    style: Literal["text", "markdown"],
    max_chars: int,
    fail_on: Literal["problems", "warnings"] | None,
    as_json: bool,
) -> None:
    """What changed from OLD to NEW: cards, facets word by word, links, records' statuses, problems.

    OLD and NEW are catalog folders; with --git, two commits of this checkout instead.

    Example: tradeoffs --catalog cards/ diff --git origin/main..HEAD --format markdown
    """
    from tradeoffs.queries.diff import Side
    from tradeoffs.queries.diff import diff as compare
    from tradeoffs.render import diff as render

    with ExitStack() as stack:
        if revisions is not None:
            if folders or old_records or new_records:
                raise click.UsageError("--git takes no folders: it reads them from the commits")
            old, new = _git_sides(app, revisions, stack)
        else:
            if len(folders) != 2:
                raise click.UsageError("give OLD and NEW catalog folders, or --git REF[..REF]")
            old, new = (
                Side(
                    catalogs=[folder.resolve()],
                    records=[path.resolve() for path in records],
                    label=str(folder),
                    roots=[(path.resolve(), f"{path}/") for path in (folder, *records)],
                )
                for folder, records in zip(folders, (old_records, new_records), strict=True)
            )
        result = compare(old, new)
    if as_json:
        click.echo(result.model_dump_json(indent=2))
    elif style == "markdown":
        echo(render.markdown(result, max_chars), nl=False)
    else:
        echo(render.text(result))
    if result.fails(fail_on):
        sys.exit(1)


def _git_sides(app: App, revisions: str, stack: ExitStack) -> tuple[Side, Side]:
    """Both sides of ``--git``: each commit's copy of the catalog and records folders, in a
    temporary folder that ``stack`` removes; the work tree itself for a missing second REF."""
    from tradeoffs.errors import TradeoffsError
    from tradeoffs.io.git import commit_of, files_at, repository_root
    from tradeoffs.loaders import BUNDLED_CATALOG
    from tradeoffs.queries.diff import Side

    repo = repository_root(Path.cwd())
    first, _, second = revisions.partition("..")
    catalogs = [path.resolve() for path in app.catalogs or [BUNDLED_CATALOG]]
    records = [path.resolve() for path in app.records]
    inside = {}
    for path in [*catalogs, *records]:
        if not path.is_relative_to(repo):
            raise TradeoffsError(f"not in the git checkout {repo}", path=path)
        inside[path] = path.relative_to(repo).as_posix()

    def side(ref: str | None) -> Side:
        if ref is None:  # the work tree as it is
            return Side(catalogs=catalogs, records=records, label="work tree", roots=[(repo, "")])
        commit = commit_of(repo, ref)
        folder = stack.enter_context(files_at(repo, commit, list(inside.values())))
        return Side(
            catalogs=[folder / inside[path] for path in catalogs],
            records=[folder / inside[path] for path in records],
            label=ref,
            roots=[(folder, "")],
        )

    two = ".." in revisions
    return side(first or "HEAD"), side((second or "HEAD") if two else None)
