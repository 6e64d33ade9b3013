"""The team's decision records: decide writes the next one, review looks them over, link
writes which card a record applies."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tradeoffs import queries
from tradeoffs.cli import App, echo, emit, json_option, pass_app
from tradeoffs.errors import TradeoffsError
from tradeoffs.render import console


@click.command()
@click.argument("card_id")
@click.option("--title", help="Title of the record [default: the card's title].")
@json_option
@pass_app
def decide(app: App, card_id: str, title: str | None, as_json: bool) -> None:
    """Write the next decision record, applying the decision card CARD_ID.

    The record has status proposed and today's date, and follows the folder: named and
    numbered as its records are (today's date in a folder of dated records), written from its
    template when it has one (templates/template.md, template.md, adr-template.md), else in
    Nygard's format in a Nygard folder and MADR 4 otherwise, pre-filled with the card's
    knowledge: the question, the options, what to watch and when to revisit. It goes into the
    first --records folder (default docs/decisions) and never replaces a file.

    Example: tradeoffs decide monolith-vs-microservices --title "Split billing out of the monolith"
    """
    folder = app.records[0] if app.records else Path("docs/decisions")
    if not folder.is_dir():  # the first record: nothing to load, the folder is made
        app.records = app.records[1:]
    result = queries.decide(app.store, card_id, folder, title=title)
    emit(result, as_json, lambda r: f"wrote {r.path}: {r.title} (applies {r.card.id})")


def _duration(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Check --older-than before anything is read: a duration the review cannot use (empty,
    not a duration, reaching back before the year 1) is a usage error."""
    import datetime as dt

    from tradeoffs.errors import TradeoffsError
    from tradeoffs.queries.records import cutoff

    if value is not None:
        try:
            cutoff(dt.date.today(), value)
        except TradeoffsError as exc:
            raise click.BadParameter(str(exc)) from None
    return value


@click.command()
@click.option(
    "--older-than",
    metavar="DURATION",
    callback=_duration,
    help="Exit 1 when an accepted record is older than this (30d, 6w, 12m, 2y) and no newer "
    "record supersedes it.",
)
@click.option(
    "--suggest",
    is_flag=True,
    help="For each record that applies no card, the decision cards that fit it (none when "
    "none fits); link them with 'tradeoffs link'.",
)
@json_option
@pass_app
def review(app: App, older_than: str | None, suggest: bool, as_json: bool) -> None:
    """Review the team's decision records against the cards they apply.

    For each accepted record no newer one supersedes: its age, the re-look triggers of the
    cards it applies, the failure modes and red flags to watch. Then the records whose status
    says no state (none, or a word such as "parked"), and the records that apply no card.
    Exits 1 when a record is overdue, or when there is no record to review.

    Example: tradeoffs --records docs/adr review --older-than 12m --suggest
    """
    if not app.records and app.store_name == "memory":
        # In CI a missing folder must not pass as "nothing overdue".
        raise click.UsageError(
            "no decision records: give --records DIR (or TRADEOFFS_RECORDS), or keep them in "
            "docs/decisions, docs/adr or doc/adr here"
        )
    result = queries.review(app.store, older_than=older_than, suggest=suggest)
    emit(result, as_json, console.review)
    if result.overdue:
        sys.exit(1)


@click.command()
@click.argument("record", required=False)
@click.argument("cards", nargs=-1)
@click.option(
    "--remove", multiple=True, metavar="CARD", help="Take this card out of RECORD (repeatable)."
)
@click.option(
    "--interactive",
    "-i",
    is_flag=True,
    help="Show the cards that fit each record that applies none (or RECORD) and ask which to link.",
)
@json_option
@pass_app
def link(
    app: App,
    record: str | None,
    cards: tuple[str, ...],
    remove: tuple[str, ...],
    interactive: bool,
    as_json: bool,
) -> None:
    """Write into the decision record RECORD that it applies the decision cards CARDS.

    RECORD is a record's id, its number, or its file. The link goes into the record in its own
    style: the front matter's 'tradeoffs:' list when it has front matter, else a
    'Tradeoffs:' line; nothing else in the file changes (line endings included).

    Example: tradeoffs link 0007 model-api-vs-self-hosted-model
    """
    if interactive:
        _link_interactively(app, record)
        return
    if record is None or not (cards or remove):
        raise click.UsageError("give RECORD and at least one CARD (or --remove CARD)")
    found, path = queries.find_record(app.records, record)
    result = queries.link(app.store, found, path, cards, remove)
    emit(result, as_json, console.linked)


def _link_interactively(app: App, record: str | None) -> None:
    """One record after another: its title and opening, the cards that fit, a question."""
    from tradeoffs.loaders import load_records
    from tradeoffs.models import Record

    if not app.records:
        raise click.UsageError("no decision records: give --records DIR (or TRADEOFFS_RECORDS)")
    review = queries.review(app.store, suggest=True)
    todo = review.unlinked
    if record is not None:
        found, _ = queries.find_record(app.records, record)
        todo = [item for item in todo if item.record.id == found.id]
        if not todo:
            echo(
                f"{found.id} already applies a card; give cards to add: tradeoffs link {record} CARD"
            )
            return
    sources = load_records(app.records).sources
    linked = 0
    for number, item in enumerate(todo, start=1):
        card = app.store.card(item.record.id)
        assert isinstance(card, Record)  # review lists records only
        echo(f"\n[{number}/{len(todo)}] {console.ref(item.record)}: {item.status or 'no status'}")
        if card.summary:
            echo(f"  {card.summary[:300]}")
        for choice, hit in enumerate(item.suggestions, start=1):
            echo(f"  {choice}. {console.ref(hit.card)} ({hit.score:.2f})")
        if not item.suggestions:
            echo("  no card fits")
        while True:
            answer = click.prompt(
                "Link which (a number, a card id, s to skip, q to quit)",
                default="1" if item.suggestions else "s",
                show_default=True,
            ).strip()
            if answer in ("s", "q"):
                break
            words = answer.replace(",", " ").split()
            chosen = [
                item.suggestions[int(word) - 1].card.id
                if word.isdigit() and 0 < int(word) <= len(item.suggestions)
                else word
                for word in words
            ]
            try:
                result = queries.link(app.store, card, sources[item.record.id], chosen, [])
            except TradeoffsError as exc:  # a typo: say so and ask again
                echo(f"  {exc}")
                continue
            echo(f"  {console.linked(result)}")
            linked += 1
            break
        if answer == "q":
            break
    echo(f"\nlinked {linked} of {len(todo)} record(s)")
