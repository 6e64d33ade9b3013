"""The workshop pack: everything a facilitator prints and shows to run one session.

One folder (also inside the zip) holding:

- ``facilitator.md``, ``facilitator.html``, ``facilitator.pdf``: the guide. It opens with the
  agenda (Start | Minutes | Activity, adding up to the session), then the print list, then
  each activity with its facilitation moves, then the parking lot.
- ``overview.html`` and ``overview.pdf``: one A4 landscape page, the diagram of the session's
  cards and why each is there.
- ``table-cards.html`` and ``table-cards.pdf``: the focus card whole, then two short cards to
  a page, in the guide's order.
- ``worksheets.html`` and ``worksheets.pdf``: a decision record in the shape of MADR, one
  full page per scheduled decision.
- ``print-list.md``: which file to print, how many copies for ``participants``.
- ``map.html`` (the offline map, for the screen) and ``subgraph.json`` (the data).

The session plan (:mod:`.session`) decides what is discussed; this module writes it down.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from math import ceil

from tradeoffs.errors import ExportError
from tradeoffs.io import Files
from tradeoffs.map import render_map
from tradeoffs.models import Decision, Record, Subgraph
from tradeoffs.vocabulary import KIND_SPECS, counted, facet_label

from .data import selection_summary, to_json
from .document import Block, Bullets, Heading, Paragraph, Table, to_html, to_markdown
from .handouts import table_cards_html
from .overview import overview_html
from .pdf import Typesetter
from .session import Activity, Plan, plan_session
from .templating import render

PARTICIPANTS = 8


class SessionTrimmed(UserWarning):
    """The selection holds more than the session can discuss; the message names the rest."""


@dataclass(frozen=True)
class Printout:
    file: str
    what: str
    pages: int
    copies: int
    note: str = ""


def workshop_pack(
    subgraph: Subgraph,
    *,
    focus: str | None = None,
    minutes: int = 60,
    participants: int = PARTICIPANTS,
) -> Files:
    """The pack's files, name -> content. Links to cards outside the selection are named by
    the titles the selection carries (``Subgraph.outside``)."""
    if participants < 2:
        raise ExportError(f"a session needs at least two participants, not {participants}")
    plan = plan_session(subgraph, focus, minutes)
    if plan.warning:
        warnings.warn(plan.warning, SessionTrimmed, stacklevel=3)
    selected = {card.id for card in subgraph.cards}
    names = {card.id: card.title for card in [*subgraph.outside, *subgraph.cards]}
    title = plan.focus.title
    typesetter = Typesetter()
    pages: dict[str, str] = {
        "overview.html": overview_html(plan, subgraph.edges, f"Overview: {title}"),
        "table-cards.html": table_cards_html(plan, selected, names),
        "worksheets.html": render(
            "worksheets.html",
            title=f"Decision records: {title}",
            stylesheets=("worksheets.css",),
            records=[_record(d) for d in plan.decisions],
        ),
    }
    pdfs: dict[str, bytes] = {}
    counts: dict[str, int] = {}
    for name, html in pages.items():
        pdf_name = name.removesuffix(".html") + ".pdf"
        pdfs[pdf_name], counts[pdf_name] = typesetter.typeset(html, title=title)
    printouts = print_list(plan, counts, participants)
    guide = guide_blocks(plan, subgraph, participants, printouts)
    guide_html = to_html(guide, title=f"Facilitator guide: {title}", stylesheets=("guide.css",))
    pdfs["facilitator.pdf"], _ = typesetter.typeset(guide_html, title=title)
    return {
        "facilitator.md": to_markdown(guide),
        "facilitator.html": guide_html,
        "facilitator.pdf": pdfs["facilitator.pdf"],
        "overview.html": pages["overview.html"],
        "overview.pdf": pdfs["overview.pdf"],
        "table-cards.html": pages["table-cards.html"],
        "table-cards.pdf": pdfs["table-cards.pdf"],
        "worksheets.html": pages["worksheets.html"],
        "worksheets.pdf": pdfs["worksheets.pdf"],
        "print-list.md": to_markdown(_print_blocks(printouts, participants, level=1)),
        "map.html": render_map(subgraph, title=title, focus=plan.focus.id),
        "subgraph.json": to_json(subgraph),
    }


def _record(decision: Decision) -> dict[str, object]:
    return {
        "title": decision.title,
        "question": decision.decision_question or decision.summary,
        "option_a": decision.option_a.name,
        "option_b": decision.option_b.name,
        "factors": decision.key_factors,
        "revisit": decision.when_to_revisit,
    }


# ---- the print list ----


def print_list(plan: Plan, pages: Mapping[str, int], participants: int) -> list[Printout]:
    """What to print and how often for ``participants`` people (plus a facilitator)."""
    pairs = ceil(participants / 2)
    return [
        Printout("facilitator.pdf", "this guide: the facilitator and the timekeeper", 0, 2),
        Printout(
            "overview.pdf", "the one-page overview: everyone", pages["overview.pdf"], participants
        ),
        Printout(
            "table-cards.pdf",
            "table cards: one set per pair (the steelman works in pairs)",
            pages["table-cards.pdf"],
            pairs,
        ),
        Printout("worksheets.pdf", "decision records: the scribe", pages["worksheets.pdf"], 1),
        Printout(
            "worksheets.pdf",
            f"page 1 only ({plan.focus.title}): everyone, for the silent vote",
            1,
            participants,
            "print page 1 only",
        ),
    ]


def _print_blocks(printouts: list[Printout], participants: int, *, level: int) -> list[Block]:
    rows = tuple(
        (p.file, p.what, str(p.pages) if p.pages else "see the file", str(p.copies))
        for p in printouts
    )
    sheets = sum(p.pages * p.copies for p in printouts)
    return [
        Heading(level, f"Print list for {counted(participants, 'participant')}"),
        Table(("File", "For", "Pages", "Copies"), rows),
        Paragraph(
            f"{sheets} single-sided A4 pages besides the guide. map.html is for the screen; "
            "show it from a laptop, no network needed."
        ),
    ]


# ---- the facilitator guide ----


def guide_blocks(
    plan: Plan, subgraph: Subgraph, participants: int, printouts: list[Printout]
) -> list[Block]:
    """The guide: the agenda first, then the print list, the activities and the parking lot."""
    focus = plan.focus
    rows = tuple(
        (f"{a.start // 60}:{a.start % 60:02d}", str(a.minutes), a.title) for a in plan.activities
    )
    blocks: list[Block] = [
        Heading(1, f"Facilitator guide: {focus.title}"),
        Table(("Start", "Minutes", "Activity"), rows),
        Paragraph(
            f"A {plan.minutes}-minute session for {participants} participants on "
            f"{len(plan.cards)} card{'' if len(plan.cards) == 1 else 's'} of a selection of "
            f"{selection_summary(subgraph)}.",
            "Session",
        ),
    ]
    if plan.warning:
        blocks.append(Paragraph(plan.warning[0].upper() + plan.warning[1:] + ".", "Trimmed"))
    blocks += _print_blocks(printouts, participants, level=2)
    numbers = {card.id: n for n, card in enumerate(plan.cards, start=1)}
    for number, activity in enumerate(plan.activities, start=1):
        start = f"{activity.start // 60}:{activity.start % 60:02d}"
        blocks.append(Heading(2, f"{number}. {activity.title} ({start}, {activity.minutes} min)"))
        blocks += MOVES[activity.key](plan, activity, numbers)
    blocks += _parking_lot(plan)
    return blocks


def _opening(plan: Plan, activity: Activity, numbers: Mapping[str, int]) -> list[Block]:
    focus = plan.focus
    blocks: list[Block] = [
        Paragraph(focus.decision_question or focus.title, "The question (read it aloud)"),
        Paragraph(
            f"Leave with a decision record for {focus.title}"
            + (f" and for {', '.join(d.title for d in plan.neighbours)}" if plan.neighbours else "")
            + ": a chosen option, why, what it costs, and when we look again.",
            "The goal",
        ),
        Bullets(
            (
                "Facilitator: runs the moves in this guide and keeps the room on the question.",
                "Scribe: fills the decision records (worksheets.pdf) as the room decides.",
                "Timekeeper: calls time at the end of each slot of the agenda.",
            ),
            "The roles (name them now)",
        ),
    ]
    if plan.record is not None:
        blocks += _revisited(plan.record, focus)
    blocks += _paragraphs(focus, ("what_this_is_really_about", "not_actually_about"))
    blocks.append(
        Paragraph(
            "Hand out overview.pdf and the table cards. Say that the card's own advice is "
            "held back until the room has argued.",
            "Move",
        )
    )
    return blocks


def _revisited(record: Record, focus: Decision) -> list[Block]:
    """What the room reads first when the session revisits one of its own decision records."""
    when = ", ".join(filter(None, [record.status, record.date]))
    blocks: list[Block] = [
        Paragraph(
            f"This session revisits our decision record “{record.title}”"
            + (f" ({when})" if when else "")
            + f", which applied {focus.title}. Leave with one of three outcomes: keep it, "
            "amend it, or write a new record that supersedes it.",
            "The record under review",
        )
    ]
    if record.chosen_option:
        blocks.append(Paragraph(record.chosen_option, "What we chose then"))
    for section in record.sections:
        if section.heading.lower().startswith("context") and section.text.strip():
            blocks.append(Paragraph(" ".join(section.text.split()), "Why, as the record says"))
    return blocks


def _warm_up(plan: Plan, activity: Activity, numbers: Mapping[str, int]) -> list[Block]:
    blocks: list[Block] = [
        Paragraph(
            "Read each pair aloud and ask: which of these are we really deciding? Everyone "
            "answers in one sentence before you read the distinctions the cards draw.",
            "Move",
        )
    ]
    for pair in plan.pairs:
        blocks.append(Heading(3, f"{pair.first.title}, or {pair.second.title}?"))
        for card, note in ((pair.first, pair.first_note), (pair.second, pair.second_note)):
            if note:
                blocks.append(Paragraph(note, f"{card.title} says"))
        if not (pair.first_note or pair.second_note):
            blocks.append(Paragraph("No distinction written yet: ask the room to write one."))
    return blocks


def _steelman(plan: Plan, activity: Activity, numbers: Mapping[str, int]) -> list[Block]:
    focus = plan.focus
    blocks: list[Block] = [
        Paragraph(
            f"Split into pairs. Half the pairs make the strongest honest case for "
            f"{focus.option_a.name}, the other half for {focus.option_b.name}, from table "
            "card 1. Each pair presents in one minute; the others may only ask questions "
            "that clarify, not argue.",
            "Move",
        )
    ]
    blocks += _paragraphs(focus, ("why_it_feels_hard",))
    blocks += _lists(focus, ("questions_to_ask",))
    for side, bearers in (("a", focus.cost_bearer.option_a), ("b", focus.cost_bearer.option_b)):
        if bearers:
            name = (focus.option_a if side == "a" else focus.option_b).name
            blocks.append(Bullets(tuple(bearers), f"Who absorbs the cost of {name}"))
    if focus.common_bad_reasons:
        blocks.append(
            Bullets(
                tuple(focus.common_bad_reasons),
                "Bad reasons to listen for: when you hear one, ask for the evidence",
            )
        )
    return blocks


def _vote(plan: Plan, activity: Activity, numbers: Mapping[str, int]) -> list[Block]:
    focus = plan.focus
    blocks: list[Block] = [
        Paragraph(
            "Everyone scores each key factor for each option on their own copy of page 1 of "
            "worksheets.pdf, from −2 to +2, in silence. Reveal together; discuss the factor "
            "with the widest spread first, not the average.",
            "Move",
        )
    ]
    if focus.key_factors:
        blocks.append(Bullets(tuple(focus.key_factors), "Key factors"))
    blocks += _lists(focus, ("evidence_needed",))
    return blocks


def _pre_mortem(plan: Plan, activity: Activity, numbers: Mapping[str, int]) -> list[Block]:
    blocks: list[Block] = [
        Paragraph(
            "A year from now this went wrong: which of these happened? Two minutes of silent "
            "writing, then one story each. Then ask which early sign we would have seen.",
            "Move",
        )
    ]
    if not plan.failure_modes:
        blocks.append(Paragraph("No failure mode is linked in this selection: ask the room."))
    for card in plan.failure_modes:
        blocks.append(Heading(3, f"{card.title} (table card {numbers[card.id]})"))
        blocks += _paragraphs(card, ("what_it_is",))
        if card.warning_signs.early:
            blocks.append(Paragraph(card.warning_signs.early[0], "Early sign"))
        if card.counter_move:
            if card.common_quote:
                blocks.append(
                    Paragraph(card.counter_move, f"When someone says “{card.common_quote}”")
                )
            else:
                blocks.append(Paragraph(card.counter_move, "Counter-move (the card quotes no one)"))
    return blocks


def _red_flags(plan: Plan, activity: Activity, numbers: Mapping[str, int]) -> list[Block]:
    blocks: list[Block] = [
        Paragraph(
            "For each flag, ask: do we see this today? Yes, no, or don't know. "
            'Every "don\'t know" becomes an action.',
            "Move",
        )
    ]
    for card in plan.red_flags:
        blocks.append(Heading(3, f"{card.title} (table card {numbers[card.id]})"))
        blocks += _paragraphs(card, ("what_you_notice",))
        if card.diagnostic_questions:
            blocks.append(Bullets(tuple(card.diagnostic_questions[:3]), "Ask"))
    return blocks


def _decide(plan: Plan, activity: Activity, numbers: Mapping[str, int]) -> list[Block]:
    return _held_back(plan.focus, 1) + [
        Paragraph(
            "The scribe writes the chosen option and why, the good and bad consequences, "
            "how we confirm it worked, and ticks the re-look triggers that apply.",
            "Record",
        )
    ]


def _held_back(decision: Decision, page: int) -> list[Block]:
    """The card's own advice, read only once the room has argued and voted."""
    blocks: list[Block] = [
        Paragraph(
            "Ask the room for its choice first. Only then read the card's heuristic and default "
            "stance aloud; where the room disagrees with them, the record says why.",
            "Move",
        )
    ]
    blocks += _paragraphs(decision, ("decision_heuristic", "default_bias"))
    blocks.append(Paragraph(f"page {page} of worksheets.pdf", "Record on"))
    return blocks


def _break(plan: Plan, activity: Activity, numbers: Mapping[str, int]) -> list[Block]:
    return [Paragraph("Ten minutes away from the table. The scribe tidies the first record.")]


def _neighbour(plan: Plan, activity: Activity, numbers: Mapping[str, int]) -> list[Block]:
    decision = activity.decision
    assert decision is not None
    why = plan.why[decision.id]
    blocks: list[Block] = [
        Paragraph(f"{why.via}: {why.label.lower()} this decision.", "Why it is here"),
    ]
    if why.note:
        blocks.append(Paragraph(why.note, "What the cards say"))
    blocks += _paragraphs(decision, ("decision_question",))
    blocks.append(
        Paragraph(
            f"One steelman each way from table card {numbers[decision.id]}, then a show of "
            "hands on the key factors; ask whether it changes the focus decision.",
            "Move",
        )
    )
    if decision.questions_to_ask:
        blocks.append(Bullets(tuple(decision.questions_to_ask[:3]), "Ask"))
    return blocks + _held_back(decision, plan.decisions.index(decision) + 1)


def _actions(plan: Plan, activity: Activity, numbers: Mapping[str, int]) -> list[Block]:
    blocks: list[Block] = [
        Paragraph(
            "Go round the records: every open question, missing piece of evidence and "
            '"don\'t know" gets an owner (a name, not a team) and a date. The scribe writes '
            "them under Confirmation.",
            "Move",
        ),
        Table(("Action", "Owner", "Date"), tuple(("", "", "") for _ in range(5)), writable=True),
    ]
    if plan.playbooks:
        blocks.append(
            Bullets(
                tuple(
                    f"{p.title} (table card {numbers[p.id]})" + (f": {p.goal}" if p.goal else "")
                    for p in plan.playbooks
                ),
                "Playbooks to reach for",
            )
        )
    return blocks


MOVES = {
    "opening": _opening,
    "warm_up": _warm_up,
    "steelman": _steelman,
    "vote": _vote,
    "pre_mortem": _pre_mortem,
    "red_flags": _red_flags,
    "decide": _decide,
    "break": _break,
    "neighbour": _neighbour,
    "actions": _actions,
}


def _parking_lot(plan: Plan) -> list[Block]:
    if not plan.parking_lot:
        return []
    blocks: list[Block] = [
        Heading(2, "Parking lot"),
        Paragraph(
            "In the selection but not in this session. When the room raises one, write it on "
            "the parking-lot sheet and move on; they are on the map (map.html)."
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
