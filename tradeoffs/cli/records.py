"""The team's decision records: decide writes the next one, review looks them over."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tradeoffs import queries
from tradeoffs.cli import App, emit, json_option, pass_app
from tradeoffs.render import console


@click.command()
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


@click.command()
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
