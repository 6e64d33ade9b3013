"""One exception family for the whole library; the CLI turns it into a one-line error."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class TradeoffsError(Exception):
    """Base class of every error the library raises on purpose."""


class CardNotFound(TradeoffsError):
    def __init__(self, card_id: str, suggestions: Iterable[str] = ()) -> None:
        self.card_id = card_id
        self.suggestions = list(suggestions)
        hint = f" (did you mean {', '.join(self.suggestions)}?)" if self.suggestions else ""
        super().__init__(f"no card with id {card_id!r}{hint}")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, where a person can find it.

    ``path`` names the file (or ``<text>``), ``line`` the 1-based line, ``field`` the card field
    as the input spells it (``(card)``, ``(file)`` or ``(yaml)`` when no field is to blame), and
    ``message`` says what is wrong on one line. ``str()`` gives ``path:line: field: message``.
    """

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


class CatalogError(TradeoffsError):
    """Input that could not be read; carries every problem found, one per line."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class StoreError(TradeoffsError):
    """The graph store (a Neo4j server, usually) failed or is unreachable."""


class ExportError(TradeoffsError):
    """An export could not be written."""


class LoadRefused(StoreError):
    """A load that would remove every stored card of the folders it read, or more than half
    of them: refused unless forced. Carries how many it would remove out of how many."""

    def __init__(self, removed: int, stored: int, share: str) -> None:
        self.removed = removed
        self.stored = stored
        self.share = share
        self.reason = f"it would remove {removed} of the {stored} stored cards ({share})"
        super().__init__(
            f"refusing to load: {self.reason}; check --catalog, or run load --dry-run to see which"
        )


class CatalogChanged(StoreError):
    """A file of the catalog changed while a load read it: the load wrote nothing, so the
    database never holds a mix of two versions."""

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(
            f"refusing to load: {path} changed while the catalog was being read, and the "
            "database would hold a mix of both versions; nothing was written (load again)"
        )


class OutputError(ExportError):
    """A file or folder could not be written: ``path`` and the reason, in one line."""

    def __init__(self, path: object, reason: str, message: str | None = None) -> None:
        self.path = path
        self.reason = reason
        super().__init__(message or f"{path}: {reason}")


class OutputExists(OutputError):
    """The output path exists, and replacing it needs ``force``. The CLI adds the hint."""

    def __init__(self, path: object) -> None:
        super().__init__(path, "already exists", f"{path} already exists")


class OutputNotOurs(OutputError):
    """The output path exists and is not something tradeoffs wrote (or is the current folder
    or one of its parents): never replaced, not even with ``force``."""
