"""One exception family for the whole library; the CLI turns it into a one-line error.

An error carries its data: where (``path``, ``line``, ``field``) and the offending ``value``.
Its text is made in one place, :meth:`TradeoffsError.describe` (with :func:`located` and
:func:`shown`, which :class:`Problem` shares), so a caller can act on the data and every
message has the same shape: ``path:line: field: message``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

MAX_SHOWN = 60


def shown(value: Any) -> str:
    """A value from outside (a card, a file, a command line) as a message quotes it: its repr,
    so control characters and bidirectional overrides show as escapes, cut short so that a
    message stays one line."""
    text = repr(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 3] + "..."


def located(
    message: str, path: object = None, line: int | None = None, field: str | None = None
) -> str:
    """``message`` after where it happened, as far as that is known: ``path:line: field: message``,
    ``path: message``, ``field: message`` or the message alone."""
    where = [] if path is None else [str(path) if line is None else f"{path}:{line}"]
    return ": ".join([*where, *([] if field is None else [field]), message])


class TradeoffsError(Exception):
    """Base class of every error the library raises on purpose.

    ``message`` says what is wrong; ``{value}`` in it stands for ``value``, the offending value,
    which :meth:`describe` quotes with :func:`shown`. ``path``, ``line`` and ``field`` say where,
    when the error is about one place of one input (``field`` as the input spells it: a card
    field, an option, a setting).
    """

    def __init__(
        self,
        message: str,
        *,
        path: object = None,
        line: int | None = None,
        field: str | None = None,
        value: Any = None,
    ) -> None:
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line
        self.field = field
        self.value = value
        super().__init__(message)

    def describe(self) -> str:
        """The one line people read: where, then what is wrong with the value shown safely."""
        text = self.message.replace("{value}", shown(self.value))
        return located(text, self.path, self.line, self.field)

    def __str__(self) -> str:
        return self.describe()


class CardNotFound(TradeoffsError):
    def __init__(self, card_id: str, suggestions: Iterable[str] = ()) -> None:
        self.card_id = card_id
        self.suggestions = list(suggestions)
        hint = f" (did you mean {', '.join(self.suggestions)}?)" if self.suggestions else ""
        super().__init__(f"no card with id {{value}}{hint}", value=card_id)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, where a person can find it. It is also the one way
    the library tells of a problem it goes on despite (a file skipped, a link to no known
    card, a session trimmed to fit): handed to a :data:`Report`, which the CLI prints.

    ``path`` names the file (or ``<text>``), ``line`` the 1-based line, ``field`` the card field
    as the input spells it (``(card)``, ``(file)`` or ``(yaml)`` when no field is to blame), and
    ``message`` says what is wrong on one line; a problem that has no file, line or field
    leaves it None. ``str()`` gives ``path:line: field: message``, as errors do (:func:`located`).
    """

    path: str | None
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        return located(self.message, self.path, self.line, self.field)


Report = Callable[[Problem], None]
"""Where a problem the work goes on despite is told, as it is found."""


def duplicate_id(path: str, line: int, card_id: str, where: str, field: str = "id") -> Problem:
    """A card whose id another card (at ``where``) already has: the second is left out."""
    return Problem(path, line, field, f"duplicate id {card_id!r}, also in {where}")


class CatalogError(TradeoffsError):
    """Input that could not be read; carries every problem found, one per line."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))

    def describe(self) -> str:
        return self.message  # each problem already says where it is


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
        super().__init__(
            "changed while the catalog was being read; refusing to load, as the database "
            "would hold a mix of both versions: nothing was written (load again)",
            path=path,
        )


class OutputError(ExportError):
    """A file or folder could not be written: ``path`` and the reason, in one line."""

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(reason, path=path)


class OutputExists(OutputError):
    """The output path exists, and replacing it needs ``force``. The CLI adds the hint."""

    def __init__(self, path: object) -> None:
        super().__init__(path, "already exists")


class OutputNotOurs(OutputError):
    """The output path exists and is not something tradeoffs wrote (or is the current folder
    or one of its parents): never replaced, not even with ``force``."""
