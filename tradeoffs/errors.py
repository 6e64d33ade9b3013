"""One exception family for the whole library; the CLI turns it into a one-line error."""

from __future__ import annotations

from collections.abc import Iterable


class TradeoffsError(Exception):
    """Base class of every error the library raises on purpose."""


class CardNotFound(TradeoffsError):
    def __init__(self, card_id: str, suggestions: Iterable[str] = ()) -> None:
        self.card_id = card_id
        self.suggestions = list(suggestions)
        hint = f" (did you mean {', '.join(self.suggestions)}?)" if self.suggestions else ""
        super().__init__(f"no card with id {card_id!r}{hint}")


class CatalogError(TradeoffsError):
    """A catalog that could not be loaded; carries every problem found, one per line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class StoreError(TradeoffsError):
    """The graph store (a Neo4j server, usually) failed or is unreachable."""


class ExportError(TradeoffsError):
    """An export could not be written."""
