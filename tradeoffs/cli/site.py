"""site: the cards and decision records as a static site."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from tradeoffs.cli import App, pass_app, report, tell

if TYPE_CHECKING:
    from collections.abc import Callable

    from tradeoffs.graph.build import CatalogGraph


@click.command()
@click.option(
    "-o",
    "--out",
    "out_path",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("public"),
    show_default=True,
    help="Folder to write the site into.",
)
@click.option("--title", default="Tradeoffs", show_default=True, help="The site's name.")
@click.option(
    "--force",
    is_flag=True,
    help="Replace OUT if it exists (only a site tradeoffs wrote, unchanged since).",
)
@click.option(
    "--serve",
    is_flag=True,
    help="Preview the site on 127.0.0.1 instead (built in a temporary folder, not OUT): pages "
    "are rebuilt as card and record files change and the browser reloads; a broken file shows "
    "its problem on the page. Ctrl-C stops it.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="The preview's port; 0 picks a free one (the address is printed).",
)
@pass_app
def site(app: App, out_path: Path, title: str, force: bool, serve: bool, port: int) -> None:
    """Write the cards and decision records as a static site: pages, log, search, map, feed.

    An index by area and kind, a page per card (cards/ID/index.html) and per decision
    record (records/ID/index.html), the decision log, search in the browser, the map and an
    Atom feed (cards by their last change in git, in a git checkout). Every link is
    relative and nothing is fetched from elsewhere: open OUT/index.html from disk, or put
    the folder on any static host. OUT is replaced only with --force, and only if tradeoffs
    wrote it and nobody changed it since.

    With --serve, a preview on 127.0.0.1 that rebuilds the pages an edit touches and reloads
    the browser, until Ctrl-C.

    Example: tradeoffs --catalog cards/ site -o public/
    """
    from tradeoffs.site import build_site

    if app.store_name != "memory":
        raise click.UsageError("site reads the card and record files; it takes no --store")
    if serve:
        _serve(app, title, port)
        return
    site = build_site(
        out_path, _loader(app), folders=_folders(app), title=title, force=force, cache=_cache(app)
    )
    for problem in site.problems:
        report(problem)
    records = sum(1 for card in site.content.cards if card.kind == "record")
    click.echo(
        f"wrote {out_path}: {len(site.content.cards) - records} cards, {records} decision "
        f"records (open {out_path / 'index.html'})"
    )


def _serve(app: App, title: str, port: int) -> None:
    """The preview: built in a temporary folder (removed when it stops), served until Ctrl-C."""
    from tradeoffs.io.write import temporary_folder
    from tradeoffs.site import Site
    from tradeoffs.site.serve import serve

    with temporary_folder("tradeoffs-site-") as folder:
        site = Site(
            folder / "site",
            _loader(app),
            folders=_folders(app),
            title=title,
            live=True,
            cache=_cache(app),
        )
        site.build()
        for problem in site.problems:
            report(problem)
        try:
            serve(
                site,
                port=port,
                started=lambda url: click.echo(f"serving the site at {url} (Ctrl-C stops)"),
                rebuilt=lambda pages: tell(f"rebuilt {', '.join(pages)}"),
                report=lambda problem: tell(str(problem)),
            )
        except KeyboardInterrupt:
            tell("stopped")


def _loader(app: App) -> Callable[[], CatalogGraph]:
    """The catalog as the command sees it, read again at each call (unchanged files from
    the read cache). A record that cannot be read is reported, and the rest is built."""
    from tradeoffs.graph import load_catalog

    def load() -> CatalogGraph:
        return load_catalog(
            app.catalogs or None,
            keep_going=app.keep_going,
            records=app.records,
            strict_records=False,
            cache=app.cache,
        )

    return load


def _folders(app: App) -> list[Path]:
    from tradeoffs.loaders import BUNDLED_CATALOG

    return [*(app.catalogs or [BUNDLED_CATALOG]), *app.records]


def _cache(app: App) -> Path | None:
    """Where the site keeps what it can reuse from one build to the next (none with
    --no-cache)."""
    return None if app.cache is None else app.cache.folder
