"""Query results as plain text for a terminal."""

from __future__ import annotations

from collections.abc import Mapping

from tradeoffs.graph.view import EdgeView
from tradeoffs.models import CardRef
from tradeoffs.queries.results import (
    Comparison,
    FactorResult,
    Hop,
    PathResult,
    Related,
    Review,
    SearchResult,
    Stats,
    ValidationReport,
)
from tradeoffs.render.facets import Cell, facets, side_by_side
from tradeoffs.vocabulary import KIND_SPECS, SYMMETRIC_EDGE_TYPES, counted


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
        f"{counted(result.nodes, 'card')}, {counted(result.edges, 'edge')}",
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
    """Accepted records with what to re-look at, then records that apply no card."""
    lines = [
        f"{result.records} decision record(s); {len(result.current)} accepted and current"
        + (f"; {len(result.overdue)} older than {result.older_than}" if result.older_than else "")
    ]
    for item in result.current:
        age = f"{item.age_days} days old" if item.age_days is not None else "undated"
        flag = "  OVERDUE" if item.overdue else ""
        lines += ["", f"{ref(item.record)}: {item.status}, {item.date or '-'}, {age}{flag}"]
        for card in item.applies:
            lines.append(f"  applies    {ref(card)}")
        if item.revisit:
            lines.append("  revisit when:")
            lines += [f"    - {r.trigger} ({r.card.id})" for r in item.revisit]
        if item.watch:
            lines.append("  watch for:")
            lines += [f"    - {ref(card)}" for card in item.watch]
    if result.unlinked:
        lines += ["", "records that apply no card (add a 'Tradeoffs:' line):"]
        for suggestion in result.unlinked:
            lines.append(f"  {ref(suggestion.record)}: {suggestion.status or 'no status'}")
            lines += [f"    maybe {ref(hit.card)}" for hit in suggestion.suggestions]
    return "\n".join(lines)
