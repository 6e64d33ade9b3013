"""The query commands: show, related, path, search, factor, compare, stats."""

from __future__ import annotations

import json

import click

from tradeoffs import queries
from tradeoffs.cli import App, echo, emit, json_option, kind_option, pass_app, type_option
from tradeoffs.render import console


@click.command()
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
        from tradeoffs.render.console import record

        titles = {c.id: c.title for c in app.store.refs(card.links.ids())}
        echo(record(card, titles), nl=False)
    elif as_json or fmt == "json":
        data = card.model_dump(mode="json", exclude_defaults=True)
        click.echo(json.dumps({"id": data.pop("id"), "kind": card.kind, **data}, indent=2))
    elif fmt == "yaml":
        from tradeoffs.formats.native import dump_card

        echo(dump_card(card), nl=False)
    else:
        titles = {c.id: c.title for c in app.store.refs(card.links.ids())}
        if fmt == "markdown":
            from tradeoffs.formats.markdown import render_markdown

            echo(render_markdown(card, titles), nl=False)
        else:
            from tradeoffs.formats.text import render_text

            echo(render_text(card, titles), nl=False)
    provenance = app.store.provenance() if fmt in ("text", "markdown") else {}
    where = provenance.get(card_id)
    if where and (where.replaces or len({p.catalog for p in provenance.values()}) > 1):
        echo(f"\nFrom: {where.catalog}" + (f" ({where.file})" if where.file else ""))
        if where.replaces:
            echo(f"Replaces: {card_id} from {where.replaces}")


@click.command()
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


@click.command()
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


@click.command()
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


@click.command()
@click.argument("name")
@json_option
@pass_app
def factor(app: App, name: str, as_json: bool) -> None:
    """Decisions that hinge on the key factor NAME.

    Example: tradeoffs factor privacy
    """
    emit(queries.factor(app.store, name), as_json, console.factor)


@click.command()
@click.argument("left")
@click.argument("right")
@json_option
@pass_app
def compare(app: App, left: str, right: str, as_json: bool) -> None:
    """Two cards side by side, led by how they differ when easily confused.

    Example: tradeoffs compare model-api-vs-self-hosted-model rag-vs-fine-tuning
    """
    emit(queries.compare(app.store, left, right), as_json, console.compare)


@click.command()
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
    """Cards by kind, edges by type, relations, unresolved references, most connected cards.

    A relation is a pair of linked cards: a link both cards declare is two edges, one relation.

    Example: tradeoffs stats --json
    """
    result = queries.stats(app.store, top=top)
    emit(result, as_json, console.stats)
