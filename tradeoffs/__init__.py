"""tradeoffs: engineering decision cards as a knowledge graph.

The library API: load cards, open a store, and ask it questions.

    >>> from tradeoffs import open_store, queries
    >>> store = open_store()                      # the bundled catalog, in memory
    >>> related = queries.related(store, "model-api-vs-self-hosted-model", types=["confused_with"])
    >>> "rag-vs-fine-tuning" in [n.card.id for n in related.neighbours]
    True
"""

# Names are imported on first use (PEP 562), so that `import tradeoffs.cli` costs nothing
# until a command needs the library: the CLI's start-up is the command's own imports.
# Both modules are imported under private names: the package's public names are __all__.
import importlib as _importlib
import typing as _typing

if _typing.TYPE_CHECKING:
    from tradeoffs import queries
    from tradeoffs.errors import (
        CardNotFound,
        CatalogError,
        ExportError,
        StoreError,
        TradeoffsError,
    )
    from tradeoffs.graph import Backend, load_catalog, open_store
    from tradeoffs.graph.build import CatalogGraph, OneSided
    from tradeoffs.graph.store import GraphStore
    from tradeoffs.graph.view import EdgeView, view
    from tradeoffs.loaders import BUNDLED_CATALOG
    from tradeoffs.models import (
        Card,
        CardRef,
        Decision,
        Edge,
        FailureMode,
        Playbook,
        RedFlag,
        Subgraph,
        Unresolved,
    )
    from tradeoffs.queries import Selection
    from tradeoffs.queries.results import (
        Comparison,
        FactorResult,
        Hop,
        Neighbour,
        PathResult,
        Related,
        SearchResult,
        Stats,
        ValidationReport,
    )
    from tradeoffs.vocabulary import EdgeType, Kind, LinkGroup

# Where each public name lives.
_HOMES = {
    "queries": "tradeoffs.queries",
    **dict.fromkeys(
        ["CardNotFound", "CatalogError", "ExportError", "StoreError", "TradeoffsError"],
        "tradeoffs.errors",
    ),
    **dict.fromkeys(["Backend", "load_catalog", "open_store"], "tradeoffs.graph"),
    **dict.fromkeys(["CatalogGraph", "OneSided"], "tradeoffs.graph.build"),
    "GraphStore": "tradeoffs.graph.store",
    **dict.fromkeys(["EdgeView", "view"], "tradeoffs.graph.view"),
    "BUNDLED_CATALOG": "tradeoffs.loaders",
    **dict.fromkeys(
        [
            "Card",
            "CardRef",
            "Decision",
            "Edge",
            "FailureMode",
            "Playbook",
            "RedFlag",
            "Subgraph",
            "Unresolved",
        ],
        "tradeoffs.models",
    ),
    "Selection": "tradeoffs.queries",
    **dict.fromkeys(
        [
            "Comparison",
            "FactorResult",
            "Hop",
            "Neighbour",
            "PathResult",
            "Related",
            "SearchResult",
            "Stats",
            "ValidationReport",
        ],
        "tradeoffs.queries.results",
    ),
    **dict.fromkeys(["EdgeType", "Kind", "LinkGroup"], "tradeoffs.vocabulary"),
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'tradeoffs' has no attribute {name!r}")
    module = _importlib.import_module(home)
    value = module if home == f"tradeoffs.{name}" else getattr(module, name)
    globals()[name] = value
    return value


__all__ = [
    "BUNDLED_CATALOG",
    "Backend",
    "Card",
    "CardNotFound",
    "CardRef",
    "CatalogError",
    "CatalogGraph",
    "Comparison",
    "Decision",
    "Edge",
    "EdgeType",
    "EdgeView",
    "ExportError",
    "FactorResult",
    "FailureMode",
    "GraphStore",
    "Hop",
    "Kind",
    "LinkGroup",
    "Neighbour",
    "OneSided",
    "PathResult",
    "Playbook",
    "RedFlag",
    "Related",
    "SearchResult",
    "Selection",
    "Stats",
    "StoreError",
    "Subgraph",
    "TradeoffsError",
    "Unresolved",
    "ValidationReport",
    "load_catalog",
    "open_store",
    "queries",
    "view",
]
