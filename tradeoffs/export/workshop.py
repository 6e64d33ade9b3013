"""The workshop pack: everything a facilitator prints and shows to run one session as printed.

One folder (also inside the zip) holding:

- ``facilitator.md``, ``facilitator.html``, ``facilitator.pdf``: the guide. It opens with the
  agenda (Start | Minutes | Activity, adding up to the session), then the preparation, the
  materials and the print list, then each activity (who does what, in which groups, what
  comes out of it and where it is written down), the closing round, the step after the
  session (the exact ``tradeoffs decide`` command) and the parking lot.
- ``focus-card.pdf``: the focus decision for each pair, two sides of one sheet at most:
  the question, the options, what each costs, questions to ask. Nothing the session is
  meant to produce, and none of the card's advice.
- ``facilitator-card.pdf``: the focus card whole, one copy for the facilitator's table; its
  heuristic and default stance are read out at "Decide and record", not before.
- ``table-cards.pdf``: a short card for every other card of the session, grouped by the
  activity that hands them out, each group on sheets of its own.
- ``capture-sheets.pdf``: once per table, the vote's tally grid, a parking-lot sheet and an
  actions sheet.
- ``worksheets.pdf``: a decision record in the shape of MADR for each decision decided in
  full, with the decider and the decision rule (keep / amend / supersede for a revisit).
- ``overview.pdf``: one A4 landscape page, the diagram of the session's cards and why each
  is there.
- ``print-list.md``: which file to print, how often, when it is handed out, in sheets printed
  double-sided.
- ``map.html`` (the offline map, for the screen) and ``subgraph.json`` (the data).

The session plan (:func:`tradeoffs.queries.session.plan_session`) decides what is discussed,
in which groups and for how long; this module writes it down.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from math import ceil
from pathlib import Path

from tradeoffs.errors import ExportError, Problem, Report, TradeoffsError
from tradeoffs.formats import export_json
from tradeoffs.formats.summary import selection_summary
from tradeoffs.io.write import Files
from tradeoffs.map import render_map
from tradeoffs.models import Card, Decision, Record, Subgraph
from tradeoffs.queries.session import Activity, Groups, Plan, Rule, plan_session
from tradeoffs.vocabulary import KIND_SPECS, counted, facet_label

from .document import (
    Block,
    Bullets,
    Heading,
    Paragraph,
    Table,
    to_html,
    to_markdown,
)
from .handouts import (
    capture_sheets_html,
    focus_card_html,
    record_sections,
    table_cards_html,
    whole_card_html,
)
from .overview import overview_html
from .pdf import Typesetter
from .templating import render

PARTICIPANTS = 8
SMALLEST_PAIRS = 4  # fewer people make one pair at most: each takes an option alone
# The advice a decision card gives, which the guide reads out only at "Decide and record".
HELD_BACK = ("decision_heuristic", "default_bias")
RULES: dict[Rule, tuple[str, str]] = {
    "advice": (
        "the decider after advice",
        "The room gives advice; the decider named now decides, and says why.",
    ),
    "consent": (
        "consent",
        "A proposal stands unless someone has a reasoned objection that it would harm us; "
        "each objection is worked into the proposal. The decider named now states the result.",
    ),
    "vote": (
        "a vote",
        "A show of hands, the majority of those present decides; the decider named now "
        "breaks a tie.",
    ),
}
MATERIALS = (
    "sticky notes, a pad per person",
    "pens, one per person",
    "dot stickers, three per person (to choose from the parking lot at Actions)",
    "a timer the room can see or hear",
    "the capture sheets (capture-sheets.pdf): one set on each table",
)


@dataclass(frozen=True)
class Printout:
    file: str
    what: str
    pages: int
    copies: int
    when: str  # when it is handed out

    @property
    def sheets(self) -> int:
        """Sheets of paper: every file is printed double-sided, two pages to a sheet."""
        return ceil(self.pages / 2) * self.copies


def workshop_pack(
    subgraph: Subgraph,
    *,
    focus: str | None = None,
    minutes: int = 60,
    participants: int = PARTICIPANTS,
    rule: Rule = "advice",
    records: Path | None = None,
    report: Report | None = None,
) -> Files:
    """The pack's files, name -> content. Links to cards outside the selection are named by
    the titles the selection carries (``Subgraph.outside``); ``records`` is the folder the
    guide's ``tradeoffs decide`` commands write into (their default when None). ``report``
    hears what the session was not asked for (the focus it chose, the cards it leaves out),
    which the guide says too."""
    try:
        plan = plan_session(subgraph, focus, minutes, participants, rule)
    except TradeoffsError as exc:
        raise ExportError(
            exc.message, path=exc.path, line=exc.line, field=exc.field, value=exc.value
        ) from exc
    if plan.warning and report is not None:
        report(Problem(None, None, None, plan.warning))
    selected = {card.id for card in subgraph.cards}
    names = {card.id: card.title for card in [*subgraph.outside, *subgraph.cards]}
    title = plan.focus.title
    typesetter = Typesetter()
    pages: dict[str, str] = {
        "overview.html": overview_html(plan, subgraph.edges, f"Overview: {title}"),
        "focus-card.html": focus_card_html(plan),
        "facilitator-card.html": whole_card_html(plan, selected, names),
        "table-cards.html": table_cards_html(plan),
        "capture-sheets.html": capture_sheets_html(plan),
        "worksheets.html": render(
            "worksheets.html",
            title=f"Decision records: {title}",
            stylesheets=("worksheets.css",),
            records=[_worksheet(plan, d, records) for d in plan.decisions],
        ),
    }
    pdfs: dict[str, bytes] = {}
    counts: dict[str, int] = {}
    for name, html in pages.items():
        pdf_name = name.removesuffix(".html") + ".pdf"
        pdfs[pdf_name], counts[pdf_name] = typesetter.typeset(html, title=title)
    printouts = print_list(plan, counts)
    guide = guide_blocks(plan, subgraph, printouts, records)
    guide_html = to_html(guide, title=f"Facilitator guide: {title}", stylesheets=("guide.css",))
    pdfs["facilitator.pdf"], guide_pages = typesetter.typeset(guide_html, title=title)
    # The guide's own length is known once it is laid out: the print list file counts it.
    printouts[0] = replace(printouts[0], pages=guide_pages)
    files: dict[str, str | bytes] = {
        "facilitator.md": to_markdown(guide),
        "facilitator.html": guide_html,
        "print-list.md": to_markdown(_print_blocks(printouts, plan.groups, level=1)),
        "map.html": render_map(subgraph, title=title, focus=plan.focus.id),
        "subgraph.json": export_json.write(subgraph),
        **pages,
        **pdfs,
    }
    return dict(sorted(files.items()))


def _worksheet(plan: Plan, decision: Decision, records: Path | None) -> dict[str, object]:
    first = decision.id == plan.focus.id
    return {
        "title": decision.title,
        "question": decision.decision_question or decision.summary,
        "option_a": decision.option_a.name,
        "option_b": decision.option_b.name,
        "factors": decision.key_factors,
        "revisit": decision.when_to_revisit,
        "rule": RULES[plan.rule][0],
        "record": plan.record.title if first and plan.record is not None else None,
        "checks": [d.title for d in plan.checks] if first else [],
        "command": decide_command(plan, decision, records),
    }


def decide_command(plan: Plan, decision: Decision, records: Path | None) -> str:
    """The command that turns the worksheet of ``decision`` into a committed record, its
    title pre-filled (for a revisit: the record that would supersede the one under review),
    writing into ``records`` (``decide``'s own default when None)."""
    title = decision.title
    if plan.record is not None and decision.id == plan.focus.id:
        title = f"{plan.record.title}, revisited"
    folder = f"--records {shlex.quote(str(records))} " if records is not None else ""
    return f"tradeoffs {folder}decide {decision.id} --title {shlex.quote(title)}"


# ---- the print list ----


def print_list(plan: Plan, pages: dict[str, int]) -> list[Printout]:
    """What to print, how often and when it is handed out, for the plan's room."""
    room = plan.groups
    pairs = ceil(room.participants / 2)
    tables = room.tables
    per_table = "for the room" if tables == 1 else f"one per table ({tables} tables)"
    return [
        Printout("facilitator.pdf", "this guide: the facilitator", 0, 1, "before"),
        Printout(
            "facilitator-card.pdf",
            "the focus card whole, with its advice: the facilitator's table only",
            pages["facilitator-card.pdf"],
            1,
            "never: read out at Decide",
        ),
        Printout(
            "focus-card.pdf",
            "the focus card, short: one per two people",
            pages["focus-card.pdf"],
            pairs,
            "opening",
        ),
        Printout(
            "capture-sheets.pdf",
            f"tally grid, parking lot, actions: {per_table}",
            pages["capture-sheets.pdf"],
            tables,
            "opening",
        ),
        Printout(
            "table-cards.pdf",
            f"short cards, grouped by activity: {per_table}",
            pages["table-cards.pdf"],
            tables,
            "each group at its activity",
        ),
        Printout(
            "overview.pdf",
            "the one-page overview: one per two people",
            pages["overview.pdf"],
            pairs,
            "after the warm-up" if plan.pairs else "opening",
        ),
        Printout(
            "worksheets.pdf",
            "decision records: the scribe",
            pages["worksheets.pdf"],
            1,
            "opening",
        ),
    ]


def _print_blocks(printouts: list[Printout], room: Groups, *, level: int) -> list[Block]:
    rows = tuple(
        (p.file, p.what, p.when, str(p.pages) if p.pages else "see the file", str(p.copies))
        for p in printouts
    )
    sheets = sum(p.sheets for p in printouts if p.pages)
    besides = " in all" if printouts[0].pages else " besides this guide"
    return [
        Heading(level, f"Print list for {counted(room.participants, 'participant')}"),
        Table(("File", "For", "Handed out", "Pages", "Copies"), rows),
        Paragraph(
            f"Print every file double-sided: {counted(sheets, 'sheet')} of A4{besides}. "
            "Each group of table cards starts on a sheet of its own, so a sheet is "
            "never handed out before its activity. map.html is for the screen; show it from "
            "a laptop, no network needed."
        ),
    ]


# ---- the facilitator guide ----


def guide_blocks(
    plan: Plan, subgraph: Subgraph, printouts: list[Printout], records: Path | None = None
) -> list[Block]:
    """The guide: the agenda first, then the preparation and print list, the activities,
    the step after the session and the parking lot."""
    focus = plan.focus
    room = plan.groups
    rows = tuple((_clock(a.start), str(a.minutes), a.title) for a in plan.activities)
    blocks: list[Block] = [
        Heading(1, f"Facilitator guide: {focus.title}"),
        Table(("Start", "Minutes", "Activity"), rows),
        Paragraph(
            f"A {plan.minutes}-minute session for {room.participants} people {_room(room)}, on {counted(len(plan.taken), 'card')} of a selection of "
            f"{selection_summary(subgraph)}. It decides {_decided(plan)}.",
            "Session",
        ),
    ]
    if plan.chosen:
        blocks.append(Paragraph(plan.chosen, "Focus"))
    if plan.parking_lot:
        left = len(plan.parking_lot)
        blocks.append(
            Paragraph(
                f"{counted(left, 'selected card')} {'waits' if left == 1 else 'wait'} in the "
                "parking lot at the end of this guide.",
                "Left out",
            )
        )
    blocks += _preparation(plan)
    blocks += _print_blocks(printouts, room, level=2)
    numbers = {card.id: n for n, card in enumerate(plan.cards, start=1)}
    for number, activity in enumerate(plan.activities, start=1):
        blocks.append(
            Heading(
                2, f"{number}. {activity.title} ({_clock(activity.start)}, {activity.minutes} min)"
            )
        )
        blocks += MOVES[activity.key](plan, activity, numbers)
    blocks += _after(plan, records)
    blocks += _parking_lot(plan)
    return blocks


def _clock(minute: int) -> str:
    return f"{minute // 60}:{minute % 60:02d}"


def _room(room: Groups) -> str:
    if room.participants < SMALLEST_PAIRS:
        return "working together at one table"
    if room.mode == "pairs":
        trio = " (one trio)" if room.participants % 2 else ""
        return f"working in pairs at one table{trio}"
    if room.mode == "tables":
        return f"at {counted(room.tables, 'table')} of four or fewer, working 1-2-4-All"
    return f"at {room.tables} tables of up to {room.per_table}, each with a table host"


def _decided(plan: Plan) -> str:
    what = "one decision in full" if not plan.full else "two decisions in full"
    if plan.record is not None:
        what = "whether to keep, amend or supersede one record"
    if plan.checks:
        titles = _and([d.title for d in plan.checks])
        what += f", and checks whether {titles} {'changes' if len(plan.checks) == 1 else 'change'} the choice"
    return what


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _preparation(plan: Plan) -> list[Block]:
    room = plan.groups
    tables = "the table" if room.tables == 1 else f"each of the {room.tables} tables"
    return [
        Heading(2, "Before the session"),
        Paragraph(
            f"Nothing beyond printing (about ten minutes at the printer) and reading this guide "
            f"once. On {tables}, lay out a set of capture sheets, sticky notes and pens; keep "
            "the table cards in their groups beside you until their activity.",
            "Preparation",
        ),
        Bullets(MATERIALS, "Materials"),
    ]


# Each activity: who does what in which groups, the move, what comes out, where it is written.
Move = Callable[[Plan, Activity, dict[str, int]], list[Block]]


def _frame(groups: str, output: str, where: str, move: Iterable[Block]) -> list[Block]:
    return [
        Paragraph(groups, "Groups"),
        *move,
        Paragraph(output, "Comes out"),
        Paragraph(where, "Written on"),
    ]


def _tables(room: Groups) -> str:
    """The room's working groups, as the object of a sentence."""
    if room.participants < SMALLEST_PAIRS:
        return "the room at one table"
    if room.mode == "pairs":
        return "pairs at one table"
    if room.mode == "tables":
        return f"{counted(room.tables, 'table')} of four"
    return f"{room.tables} tables, each with a host"


def _report(room: Groups, what: str) -> str:
    """How tables report back: above 16 people, one minute per table, never per pair."""
    if room.mode == "hosted":
        return (
            f"Then each table host reports {what} in one minute "
            f"({counted(room.tables, 'minute')} in all); no report per pair."
        )
    if room.mode == "tables":
        return f"Then each table says {what}, in one minute."
    if room.participants < SMALLEST_PAIRS:
        return f"Then each person says {what}, in one minute."
    return f"Then each pair says {what}, in one minute."


def _opening(plan: Plan, activity: Activity, numbers: dict[str, int]) -> list[Block]:
    focus = plan.focus
    room = plan.groups
    name, how = RULES[plan.rule]
    move: list[Block] = [
        Paragraph(focus.decision_question or focus.title, "The question (read it aloud)"),
        Paragraph(
            f"Before anything else, name the decider (one person, by name) and say how we "
            f"decide: {name}. {how}",
            "Who decides and how",
        ),
        Bullets(
            (
                "Facilitator: runs the moves in this guide and keeps the room on the question.",
                "Scribe: fills the decision record (worksheets.pdf) as the room decides.",
                "Timekeeper: calls time at the end of each slot of the agenda.",
                *(
                    ("Table hosts, one per table: keep their table's time and report back.",)
                    if room.mode == "hosted"
                    else ()
                ),
            ),
            "The roles (name them now)",
        ),
    ]
    if plan.record is not None:
        move += _revisited(plan.record, focus)
    move += _paragraphs(focus, ("what_this_is_really_about", "not_actually_about"))
    move.append(
        Paragraph(
            "Hand out the short focus card (focus-card.pdf), one per two people"
            + (" and the record's table card" if plan.record is not None else "")
            + ". Say that the card's own advice is held back until the room has argued.",
            "Move",
        )
    )
    return _frame(
        f"The whole room, {_tables(room)}.",
        "The decider, the decision rule and the roles, named.",
        "The worksheet's Decider and Rule (worksheets.pdf, page 1), by the scribe.",
        move,
    )


def _revisited(record: Record, focus: Decision) -> list[Block]:
    """What the room reads first when the session revisits one of its own decision records."""
    when = ", ".join(filter(None, [record.status, record.date]))
    blocks: list[Block] = [
        Paragraph(
            f"This session revisits our decision record “{record.title}”"
            + (f" ({when})" if when else "")
            + f", which applied {focus.title}. It ends in one of three outcomes: keep it, "
            "amend it, or write a new record that supersedes it.",
            "The record under review",
        )
    ]
    if record.chosen_option:
        blocks.append(Paragraph(record.chosen_option, "What we chose then"))
    return blocks + record_sections(record)


def _triggers(plan: Plan, activity: Activity, numbers: dict[str, int]) -> list[Block]:
    focus = plan.focus
    room = plan.groups
    move: list[Block] = [
        Paragraph(
            "Read each trigger aloud. Everyone writes, in silence, the ones they think fired "
            "since the record was written, one sticky note each with what happened. Then "
            "read them out; a trigger at least two people chose counts as fired.",
            "Move",
        )
    ]
    if focus.when_to_revisit:
        move.append(Bullets(tuple(focus.when_to_revisit), f"Re-look triggers of {focus.title}"))
    else:
        move.append(Paragraph(f"{focus.title} names no re-look trigger: ask what has changed."))
    return _frame(
        f"Everyone alone, then {_tables(room)}.",
        "The triggers that fired, each with what happened.",
        "The worksheet's When to revisit, ticked by the scribe.",
        move,
    )


def _warm_up(plan: Plan, activity: Activity, numbers: dict[str, int]) -> list[Block]:
    move: list[Block] = [
        Paragraph(
            "Read each pair aloud and ask: which of these are we really deciding? Everyone "
            "answers in one sentence before you read the distinctions the cards draw.",
            "Move",
        )
    ]
    for pair in plan.pairs:
        move.append(Heading(3, f"{pair.first.title}, or {pair.second.title}?"))
        for card, note in ((pair.first, pair.first_note), (pair.second, pair.second_note)):
            if note:
                move.append(Paragraph(note, f"{card.title} says"))
        if not (pair.first_note or pair.second_note):
            move.append(Paragraph("No card draws a distinction yet: ask the room for one."))
    return _frame(
        "The whole room, one sentence each"
        + (", table by table." if plan.groups.mode == "hosted" else "."),
        "One sentence that says what this session decides, and what it does not.",
        "The worksheet's Context and problem statement, by the scribe.",
        move,
    )


def _steelman(plan: Plan, activity: Activity, numbers: dict[str, int]) -> list[Block]:
    focus = plan.focus
    room = plan.groups
    a, b = focus.option_a.name, focus.option_b.name
    if room.participants < SMALLEST_PAIRS:
        prepare = max(activity.minutes - 2, 2)
        split = (
            f"One person makes the strongest honest case for {a}, the rest for {b}, from "
            f"the focus card: {prepare} minutes to prepare."
        )
        groups = "Each person alone, one option each."
    elif room.mode == "pairs":
        prepare = max(activity.minutes - ceil(room.participants / 2), 2)
        split = (
            f"Half the pairs make the strongest honest case for {a}, the other half for {b}, "
            f"from the focus card: {prepare} minutes to prepare."
        )
        groups = "Pairs (with an odd number, one trio)."
    elif room.mode == "tables":
        rest = activity.minutes - room.tables  # "All": one minute per table
        pairs = 2 if rest >= 5 else 1
        table = max(rest - 1 - pairs, 1)
        split = (
            f"The tables take one option each ({a} at the odd tables, {b} at the even ones; "
            "one table alone gives each of its pairs one option). 1: one minute alone, "
            "everyone writes the strongest honest reason for their option on a sticky note. "
            f"2: {counted(pairs, 'minute')} in pairs, keep the best two. "
            f"4: {counted(table, 'minute')} as the table, agree the three strongest."
        )
        groups = "1-2-4-All: alone, in pairs, as the table of four, then the whole room."
    else:
        table = max(activity.minutes - room.report_minutes, 2)
        split = (
            f"The tables take one option each ({a} at the odd tables, {b} at the even ones). "
            f"{table} minutes at the table: everyone writes a reason on a sticky note, the "
            "host gathers them and the table agrees its three strongest."
        )
        groups = f"{room.tables} tables, each run by its host."
    move: list[Block] = [
        Paragraph(
            f"{split} {_report(room, 'its three strongest reasons')} The others may only ask "
            "questions that clarify, not argue.",
            "Move",
        )
    ]
    move += _paragraphs(focus, ("why_it_feels_hard",))
    move += _lists(focus, ("questions_to_ask",))
    for option, bearers in (
        (focus.option_a, focus.cost_bearer.option_a),
        (focus.option_b, focus.cost_bearer.option_b),
    ):
        if bearers:
            move.append(Bullets(tuple(bearers), f"Who absorbs the cost of {option.name}"))
    if focus.common_bad_reasons:
        move.append(
            Bullets(
                tuple(focus.common_bad_reasons),
                "Bad reasons to listen for: when you hear one, ask for the evidence",
            )
        )
    return _frame(
        groups,
        "The strongest case for each option, three reasons each.",
        "Sticky notes on the table; the scribe copies the three strongest per option under "
        "the worksheet's Considered options.",
        move,
    )


def _vote(plan: Plan, activity: Activity, numbers: dict[str, int]) -> list[Block]:
    focus = plan.focus
    room = plan.groups
    read = (
        "Read the spread: in each row, from the lowest tick to the highest. Talk first about "
        "the row with the widest spread, not about the average."
    )
    move: list[Block] = [
        Paragraph(
            "Two minutes in silence: everyone scores each key factor for each option from −2 "
            "(counts against it) to +2 (counts for it) on a sticky note, without showing it. "
            "Reveal: on the count of three, everyone at the table makes one tick per score in "
            f"the tally grid (capture-sheets.pdf, page 1), all at once. {read} "
            + _report(room, "its widest-spread factor and why"),
            "Move",
        )
    ]
    if focus.key_factors:
        move.append(Bullets(tuple(focus.key_factors), "Key factors (already on the tally grid)"))
    move += _lists(focus, ("evidence_needed",))
    return _frame(
        f"Everyone alone, then {_tables(room)}.",
        "The factor we disagree on most, and why.",
        "The tally grid, one per table; the scribe writes the widest-spread factor under the "
        "worksheet's Decision drivers.",
        move,
    )


def _pre_mortem(plan: Plan, activity: Activity, numbers: dict[str, int]) -> list[Block]:
    room = plan.groups
    cards = _numbers(plan.failure_modes, numbers)
    hand_out = f"Hand out the pre-mortem cards ({cards}), one set per table. " if cards else ""
    move: list[Block] = [
        Paragraph(
            f"{hand_out}A year from now this went wrong: which of these happened? Two minutes "
            "of silent writing, one story per sticky note. Then each table picks its most "
            "likely story and the early sign we would have seen. "
            + _report(room, "its most likely story"),
            "Move",
        )
    ]
    if not plan.failure_modes:
        move.append(
            Paragraph(
                "No failure mode is linked to these decisions in the selection: the room's own "
                "stories are the material. Ask what would make us regret this choice."
            )
        )
    for card in plan.failure_modes:
        move.append(Heading(3, f"{card.title} (table card {numbers[card.id]})"))
        move += _paragraphs(card, ("what_it_is",))
        if card.warning_signs.early:
            move.append(Paragraph(card.warning_signs.early[0], "Early sign"))
        if card.counter_move:
            if card.common_quote:
                move.append(
                    Paragraph(card.counter_move, f"When someone says “{card.common_quote}”")
                )
            else:
                move.append(Paragraph(card.counter_move, "Counter-move"))
    return _frame(
        f"Everyone alone, then {_tables(room)}.",
        "The most likely way this goes wrong, and its early sign.",
        "Sticky notes; the scribe writes the most likely story under the worksheet's "
        "Consequences (Bad, because) and its early sign under Confirmation.",
        move,
    )


def _red_flags(plan: Plan, activity: Activity, numbers: dict[str, int]) -> list[Block]:
    move: list[Block] = [
        Paragraph(
            f"Hand out the red-flag cards ({_numbers(plan.red_flags, numbers)}), one set per "
            "table. For each flag the table answers: do we see this today? Yes, no, or don't "
            'know. Every "don\'t know" becomes an action.',
            "Move",
        )
    ]
    for card in plan.red_flags:
        move.append(Heading(3, f"{card.title} (table card {numbers[card.id]})"))
        move += _paragraphs(card, ("what_you_notice",))
        if card.diagnostic_questions:
            move.append(Bullets(tuple(card.diagnostic_questions[:3]), "Ask"))
    return _frame(
        _tables(plan.groups).capitalize() + ".",
        "Yes, no or don't know for each flag.",
        "Each \"don't know\" on the table's actions sheet (capture-sheets.pdf), with an owner.",
        move,
    )


def _decide(plan: Plan, activity: Activity, numbers: dict[str, int]) -> list[Block]:
    name, how = RULES[plan.rule]
    outcome = "The chosen option and why, its consequences and how we confirm it worked."
    record = "Ask the room for its choice first."
    if plan.record is not None:
        record = (
            "Ask the room first: keep the record, amend it, or supersede it with a new one? "
            "The triggers that fired and the pre-mortem are the evidence."
        )
        outcome = "Keep, amend or supersede, and why."
    move: list[Block] = [
        Paragraph(
            f"{record} Only then read the card's heuristic and default stance aloud "
            "(facilitator-card.pdf); where the room disagrees with them, the record says why. "
            f"Then decide by the rule named at the opening, {name}: {how}",
            "Move",
        )
    ]
    move += _paragraphs(plan.focus, HELD_BACK)
    return _frame(
        "The whole room; the decider decides.",
        outcome,
        "The worksheet (page 1): Decision outcome, Consequences, Confirmation, and the "
        "re-look triggers that apply, ticked.",
        move,
    )


def _break(plan: Plan, activity: Activity, numbers: dict[str, int]) -> list[Block]:
    return _frame(
        "Everyone, away from the tables.",
        "A rested room; a tidy first record.",
        "The scribe tidies page 1 of the worksheets.",
        [Paragraph("Away from the tables until the timekeeper calls time.", "Move")],
    )


def _second(plan: Plan, activity: Activity, numbers: dict[str, int]) -> list[Block]:
    decision = activity.decisions[0]
    why = plan.why[decision.id]
    page = plan.decisions.index(decision) + 1
    move: list[Block] = [Paragraph(why.reason, "Why it is here")]
    if why.note:
        move.append(Paragraph(why.note, "What the cards say"))
    move += _paragraphs(decision, ("decision_question",))
    move.append(
        Paragraph(
            f"Hand out its table card ({numbers[decision.id]}). One steelman each way, then a "
            "show of hands on each key factor, then the room's choice; only then read its "
            "heuristic and default stance, and decide by the same rule.",
            "Move",
        )
    )
    if decision.questions_to_ask:
        move.append(Bullets(tuple(decision.questions_to_ask[:3]), "Ask"))
    move += _paragraphs(decision, HELD_BACK)
    return _frame(
        "The whole room; the decider decides.",
        "A second decision record, shorter than the first.",
        f"The worksheet, page {page}.",
        move,
    )


def _checks(plan: Plan, activity: Activity, numbers: dict[str, int]) -> list[Block]:
    each = max(activity.minutes // len(activity.decisions), 1)
    move: list[Block] = [
        Paragraph(
            f"About {counted(each, 'minute')} each. Hand out the decision's table card, read its "
            "question and ask: if we chose differently here, would it change our choice? A "
            "show of hands; a yes gets one sentence on why, and the decision goes to the "
            "actions.",
            "Move",
        )
    ]
    for decision in activity.decisions:
        move.append(Heading(3, f"{decision.title} (table card {numbers[decision.id]})"))
        move.append(Paragraph(plan.why[decision.id].reason, "Why it is here"))
        move += _paragraphs(decision, ("decision_question",))
    return _frame(
        "The whole room, a show of hands.",
        "A yes or a no for each decision; a yes with its reason.",
        "The worksheet's Checked against (page 1).",
        move,
    )


def _actions(plan: Plan, activity: Activity, numbers: dict[str, int]) -> list[Block]:
    room = plan.groups
    move: list[Block] = [
        Paragraph(
            'Each table goes through its parking-lot sheet, its "don\'t know"s and the open '
            "questions: each gets what, an owner (a name, not a team) and a date on the "
            "actions sheet. Dot-vote the parking lot when there is more than time: three dots "
            "each. " + (_report(room, "its first action") if room.mode == "hosted" else ""),
            "Move",
        )
    ]
    if plan.playbooks:
        move.append(
            Bullets(
                tuple(
                    f"{p.title} (table card {numbers[p.id]})" + (f": {p.goal}" if p.goal else "")
                    for p in plan.playbooks
                ),
                "Playbooks to reach for (hand out their cards now)",
            )
        )
    return _frame(
        _tables(room).capitalize() + ".",
        "Actions, each with an owner and a date.",
        "The actions sheet of each table (capture-sheets.pdf); the scribe copies them under "
        "the worksheet's Confirmation.",
        move,
    )


def _closing(plan: Plan, activity: Activity, numbers: dict[str, int]) -> list[Block]:
    room = plan.groups
    who = (
        "One sentence per table, from its host"
        if room.mode == "hosted"
        else "One sentence each, round the room"
    )
    return _frame(
        who + ".",
        "What each of us takes away, or what still worries us.",
        "Nowhere: the decider reads the decision aloud, and the scribe keeps the worksheets.",
        [
            Paragraph(
                f"{who}: what I take away, or what still worries me. No replies. The decider "
                "then reads the decision aloud as the worksheet has it.",
                "Move",
            )
        ],
    )


MOVES: dict[str, Move] = {
    "opening": _opening,
    "triggers": _triggers,
    "warm_up": _warm_up,
    "steelman": _steelman,
    "vote": _vote,
    "pre_mortem": _pre_mortem,
    "red_flags": _red_flags,
    "decide": _decide,
    "break": _break,
    "second": _second,
    "checks": _checks,
    "actions": _actions,
    "closing": _closing,
}


def _numbers(cards: Sequence[Card], numbers: dict[str, int]) -> str:
    found = sorted(numbers[card.id] for card in cards)
    if not found:
        return ""
    if len(found) == 1:
        return f"table card {found[0]}"
    return f"table cards {found[0]} to {found[-1]}"


def _after(plan: Plan, records: Path | None) -> list[Block]:
    """The step after the session: the worksheet becomes a committed record."""
    blocks: list[Block] = [Heading(2, "After the session: the record")]
    if plan.record is not None:
        blocks.append(
            Paragraph(
                "Kept: add a line with today's date and “reviewed, kept” to the record, and "
                "commit it. Amended: edit the record as the worksheet says, and commit it. "
                "Superseded: write the new record with the command below, copy the worksheet "
                f"into it, add “Supersedes” and a link to “{plan.record.title}” to its status, "
                "and commit both.",
                "Keep, amend or supersede",
            )
        )
    else:
        blocks.append(
            Paragraph(
                "The scribe (or the decider) writes the record the same day: the command below "
                "writes it pre-filled from the card; copy the worksheet's outcome, "
                "consequences and confirmation into it, and commit it.",
                "Within a day",
            )
        )
    for decision in plan.decisions:
        blocks.append(Paragraph(decide_command(plan, decision, records), "Run"))
    if records is None:
        blocks.append(
            Paragraph(
                "The record goes into docs/decisions; put --records and your folder before "
                "decide when your records live elsewhere."
            )
        )
    return blocks


def _parking_lot(plan: Plan) -> list[Block]:
    if not plan.parking_lot:
        return []
    blocks: list[Block] = [
        Heading(2, "Parking lot"),
        Paragraph(
            "In the selection but not in this session. When the room raises one, write it on "
            "the table's parking-lot sheet and move on; they are on the map (map.html)."
        ),
    ]
    for kind, spec in KIND_SPECS.items():
        titles = tuple(card.title for card in plan.parking_lot if card.kind == kind)
        if titles:
            blocks.append(Bullets(titles, spec.plural))
    return blocks


def _paragraphs(card: object, names: Iterable[str]) -> list[Block]:
    return [Paragraph(value, facet_label(name)) for name in names if (value := getattr(card, name))]


def _lists(card: object, names: Iterable[str]) -> list[Block]:
    return [
        Bullets(tuple(items), facet_label(name)) for name in names if (items := getattr(card, name))
    ]
