"""Query results as plain text for a terminal."""

from __future__ import annotations

from collections.abc import Mapping

from tradeoffs.formats.facets import Cell, facets, side_by_side
from tradeoffs.graph.view import EdgeView
from tradeoffs.models import CardRef, Record
from tradeoffs.queries.results import (
    Comparison,
    FactorResult,
    Hop,
    Linked,
    PathResult,
    Related,
    Review,
    ReviewedRecord,
    SearchResult,
    Stats,
    ValidationReport,
)
from tradeoffs.vocabulary import (
    KIND_SPECS,
    LINK_GROUP_SPECS,
    RECORD_STATE_SPECS,
    SYMMETRIC_EDGE_TYPES,
    counted,
)


def ref(card: CardRef) -> str:
    return f"{card.title} [{card.id}] ({KIND_SPECS[card.kind].label.lower()})"


def arrow(edge: EdgeView | Hop) -> str:
    if edge.type in SYMMETRIC_EDGE_TYPES:
        return f"<-{edge.type}->"
    return f"-{edge.type}->" if edge.direction == "out" else f"<-{edge.type}-"


def related(result: Related) -> str:
    """One line per neighbour; beyond depth 1 each arrow names the card it reads from."""
    lines = [f"{ref(result.card)}: {len(result.neighbours)} related within depth {result.depth}"]
    for neighbour in result.neighbours:
        edges = ", ".join(
            arrow(e) if neighbour.distance == 1 else f"{e.seen_from} {arrow(e)}"
            for e in neighbour.edges
        )
        lines.append(f"  {neighbour.distance}  {edges:<26} {ref(neighbour.card)}")
        lines += [f"       {e.any_note}" for e in neighbour.edges if e.any_note]
    return "\n".join(lines)


def path(result: PathResult) -> str:
    lines = [f"{ref(result.source)} to {ref(result.target)}: {len(result.hops)} hop(s)"]
    for hop in result.hops:
        lines.append(f"  {hop.source.id} {arrow(hop)} {hop.target.id}")
        if hop.note:
            lines.append(f"      {hop.note}")
    return "\n".join(lines)


def search(result: SearchResult) -> str:
    if not result.hits:
        return f"no card matches {result.query!r}"
    return "\n".join(f"{hit.score:>4}  {ref(hit.card)}" for hit in result.hits)


def factor(result: FactorResult) -> str:
    if not result.decisions:
        return f"no decision has a key factor matching {result.factor!r}"
    return "\n".join(f"{ref(hit.card)}: {', '.join(hit.factors)}" for hit in result.decisions)


def compare(result: Comparison) -> str:
    left, right = result.left, result.right
    lines = [f"{left.title}  vs  {right.title}", ""]
    if result.distinctions:
        lines.append("How they differ:")
        titles = {left.id: left.title, right.id: right.title}
        for seen in result.distinctions:
            lines.append(f"  from {titles[seen.seen_from]}: {seen.note}")
        lines.append("")
    if result.edges:
        lines.append(
            "Linked: " + ", ".join(f"{e.source} -{e.type}-> {e.target}" for e in result.edges)
        )
        lines.append("")
    rows = side_by_side(facets(left), facets(right))
    width = max((len(name) for name, _, _ in rows), default=0)
    for name, a, b in rows:
        lines.append(f"{name:<{width}}  | {_text(a)}")
        lines.append(f"{'':<{width}}  | {_text(b)}")
    return "\n".join(lines)


def _text(cell: Cell | None) -> str:
    if cell is None:
        return "-"
    return cell.value if isinstance(cell.value, str) else "; ".join(cell.value)


def stats(result: Stats) -> str:
    lines = [
        f"{counted(result.nodes, 'card')}, {counted(result.edges, 'edge')} "
        f"in {counted(result.relations, 'relation')} (pairs of linked cards)",
        "",
        "cards by kind:",
    ]
    lines += [f"  {kind:<14} {n}" for kind, n in result.nodes_by_kind.items()]
    lines += ["", "edges by type:"]
    lines += [f"  {edge_type:<14} {n}" for edge_type, n in result.edges_by_type.items()]
    lines += ["", "most connected:"]
    lines += [f"  {d.degree:>4}  {ref(d.card)}" for d in result.most_connected]
    if len(result.cards_by_catalog) > 1:
        lines += ["", "cards by catalog:"]
        lines += [f"  {catalog:<14} {n}" for catalog, n in result.cards_by_catalog.items()]
    if result.replacing:
        lines += ["", "replaced by a later catalog:"]
        lines += [
            f"  {card_id} from {where.catalog} replaces {card_id} from {where.replaces}"
            for card_id, where in result.replacing.items()
        ]
    lines += ["", f"unresolved references: {len(result.unresolved)}"]
    lines += [f"  {u}" for u in result.unresolved]
    return "\n".join(lines)


def files_read(counts: Mapping[str, int]) -> str:
    """``read 173 files from bundled, 6 files from docs/decisions``: per folder, how many files
    a command read (so a folder that was not read, or read empty, shows)."""
    return "read " + ", ".join(
        f"{counted(n, 'file')} from {folder}" for folder, n in counts.items()
    )


def validation(report: ValidationReport, strict: bool) -> str:
    problems = report.problems(strict)
    warnings = [] if strict else report.problems(True)[len(report.errors) :]
    lines = problems + [f"warning: {w}" for w in warnings]
    lines += [f"note: {replacement}" for replacement in report.replaced]
    lines.append(files_read(report.files_read))
    verdict = "invalid" if problems else "valid"
    lines.append(
        f"{counted(report.cards, 'card')}, {counted(report.edges, 'edge')}: {verdict}"
        f" ({len(problems)} problem(s), {len(warnings)} warning(s))"
    )
    return "\n".join(lines)


def review(result: Review) -> str:
    """Accepted records with what to re-look at, records without a state, then records that
    apply no card with the cards that fit them, if asked."""
    lines = [
        f"{counted(result.records, 'decision record')}; {len(result.current)} accepted and "
        "current"
        + (f"; {len(result.overdue)} older than {result.older_than}" if result.older_than else "")
    ]
    for item in result.current:
        lines += ["", _reviewed(item)]
        for card in item.applies:
            lines.append(f"  applies    {ref(card)}")
        if item.revisit:
            lines.append("  revisit when:")
            lines += [f"    - {r.trigger} ({r.card.id})" for r in item.revisit]
        if item.watch:
            lines.append("  watch for:")
            lines += [f"    - {ref(card)}" for card in item.watch]
    if result.unknown:
        lines += [
            "",
            "records whose status says no state (give them one: accepted, proposed, ...):",
        ]
        lines += [f"  {_reviewed(item)}" for item in result.unknown]
    if result.unlinked:
        lines += ["", "records that apply no card (tradeoffs link RECORD CARD):"]
        for suggestion in result.unlinked:
            lines.append(f"  {ref(suggestion.record)}: {suggestion.status or 'no status'}")
            lines += [
                f"    fits {ref(hit.card)} ({hit.score:.2f})" for hit in suggestion.suggestions
            ]
    return "\n".join(lines)


def linked(result: Linked) -> str:
    """What ``link`` wrote, or that nothing changed."""
    if result.before == result.after:
        return f"{result.path}: unchanged (applies {', '.join(result.after) or 'no card'})"
    return f"{result.path}: applies {', '.join(result.after) or 'no card'}"


def _reviewed(item: ReviewedRecord) -> str:
    age = f"{item.age_days} days old" if item.age_days is not None else "undated"
    flag = "  OVERDUE" if item.overdue else ""
    return f"{ref(item.record)}: {item.status or 'no status'}, {item.date or '-'}, {age}{flag}"


def record(card: Record, titles: Mapping[str, str]) -> str:
    """A decision record as plain text: what it decided, its links, its sections. A status
    whose word is not its state's name says the state too ("Approved (accepted)")."""
    number = f"{card.number}. " if card.number is not None else ""
    lines = [f"{number}{card.title}", f"Decision record · {card.id}", ""]
    status = card.status or "none"
    if card.status is None or card.status.split(" ", 1)[0].lower() != card.state:
        status += f" ({RECORD_STATE_SPECS[card.state].label.lower()})"
    facts = [
        ("Status", status),
        ("Date", card.date),
        ("Decision makers", ", ".join(card.decision_makers)),
        ("Consulted", ", ".join(card.consulted)),
        ("Informed", ", ".join(card.informed)),
        ("Chosen option", card.chosen_option),
    ]
    lines += [f"{name}: {value}" for name, value in facts if value]
    for group, links in card.links.groups():
        label = LINK_GROUP_SPECS[group].label
        for link in links:
            target = link.id or link.target or ""
            title = titles.get(target)
            shown = f"{title} [{target}]" if title else target
            lines.append(f"{label}: {link.note + ': ' if link.note else ''}{shown}")
    for section in card.sections:
        lines += ["", section.heading, "-" * len(section.heading)]
        if section.text:
            lines.append(section.text)
    return "\n".join(lines) + "\n"
