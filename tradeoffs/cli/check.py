"""Checking card files: validate, and the JSON Schema editors check them with."""

from __future__ import annotations

import json
import sys

import click

from tradeoffs import queries
from tradeoffs.cli import App, emit, json_option, pass_app
from tradeoffs.render import console


@click.command()
@click.option(
    "--strict",
    is_flag=True,
    help="Fail on warnings too: unresolved references, one-sided links, cards with no edges.",
)
@click.option(
    "--use-cache",
    is_flag=True,
    help="Take files unchanged since an earlier command read them from the cache, as other "
    "commands do (by default validate reads every file).",
)
@json_option
@pass_app
def validate(app: App, strict: bool, use_cache: bool, as_json: bool) -> None:
    """Check the card files and report every problem; exit 1 when invalid.

    Example: tradeoffs --catalog my-cards/ validate --strict
    """
    cache = app.cache if use_cache else None
    report = queries.validate(app.catalogs, records=app.records, cache=cache)
    emit(report, as_json, lambda r: console.validation(r, strict))
    if report.problems(strict):
        sys.exit(1)


@click.command()
def schema() -> None:
    """Print the JSON Schema of a card file, for editors.

    Example: tradeoffs schema > card.schema.json
    """
    from tradeoffs.models import card_json_schema

    click.echo(json.dumps(card_json_schema(), indent=2))
