"""Catalog JSON: files in, cards out, through native YAML, and back to the same files."""

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tradeoffs.errors import CatalogError, ExportError
from tradeoffs.export import export
from tradeoffs.formats import catalog_json
from tradeoffs.formats.catalog_json import CatalogLayout
from tradeoffs.io.marks import MARKER_FILE
from tradeoffs.loaders import load_cards
from tradeoffs.loaders.importer import read_source, read_sources, write_import
from tradeoffs.models import Card, Decision, FailureMode, Link, Playbook, RedFlag, Subgraph

CATALOG = Path(__file__).parent / "data" / "catalog-json"
FILES = [
    "engineering-playbook/engineering-playbook-delivery.json",
    "engineering-playbook/engineering-playbook-team.json",
    "failure-modes/failure-modes.json",
    "red-flags/red-flags.json",
    "tech-decisions/tech-decisions.json",
]
DUPLICATE_KEY = "duplicate key (a second value would silently replace the first)"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture catalog imported, written as native YAML, loaded back and exported."""
    work = tmp_path_factory.mktemp("round-trip")
    write_import(read_sources([CATALOG]), work / "cards")
    cards = list(load_cards(work / "cards").cards.values())
    return export(
        Subgraph(cards=cards, edges=[]), "catalog-json", work / "out", catalog=work / "cards"
    )


@pytest.mark.parametrize("name", FILES)
def test_export_gives_back_each_file_field_for_field(exported: Path, name: str) -> None:
    source = (CATALOG / name).read_text(encoding="utf-8")
    result = (exported / name).read_text(encoding="utf-8")
    assert json.loads(result) == json.loads(source)
    assert result == source  # key order and formatting too


def test_export_writes_the_same_files_and_no_others(exported: Path) -> None:
    written = sorted(
        p.relative_to(exported).as_posix()
        for p in exported.rglob("*")
        if p.is_file() and p.name != MARKER_FILE  # how a later --force knows the folder
    )
    assert written == FILES


def test_decision_entries_map_to_facets_links_and_extra() -> None:
    cards = {card.id: card for card in read_source(CATALOG, "catalog-json").subgraph.cards}
    flags = cards["feature-flags-vs-release-branches"]
    assert isinstance(flags, Decision)
    assert flags.decision_question == (
        "Should unfinished work hide behind runtime flags or wait on a branch?"
    )
    assert flags.option_a.best_when == [
        "many people change the same files",
        "releases go out several times a day",
    ]
    assert flags.cost_bearer.option_b == ["whoever merges the branch", "release managers"]
    assert flags.time_horizon_notes.option_b == "Costly at every merge, cheap in between."
    assert (
        flags.why_it_feels_hard
        == "Both feel safe — until the flag count or the merge diff doubles."
    )
    assert flags.links.confused_with == [
        Link(
            id="trunk-based-vs-long-lived-branches",
            note="That one is about branch lifetime; this one is about hiding work.",
        ),
        Link(
            concept="a code-freeze policy",
            note="A freeze stops change; flags let change continue unseen.",
        ),
    ]
    assert flags.links.red_flag == [
        Link(id="nobody-knows-which-flags-are-live"),
        Link(title="releases wait for one person’s sign-off"),
    ]
    assert flags.links.failure_mode == [Link(id="flag-graveyard")]
    assert flags.links.adjacent == [Link(id="trunk-based-vs-long-lived-branches")]
    # Fields the model has no facet for, kept verbatim.
    assert flags.extra == {"family": "delivery-mechanics", "aiAmplifies": ["flag sprawl"]}
    cache = cards["cache-aside-vs-write-through"]
    assert isinstance(cache, Decision)
    # Text that is the title of an imported card is a title (the graph resolves it), not a concept.
    assert cache.links.confused_with[0] == Link(
        title="Feature Flags vs Release Branches",
        note="Both hide a change for a while; only one of them on purpose.",
    )
    assert cache.links.confused_with[1].note == (
        "Replicas copy the database \\ the cache copies answers."
    )


def test_failure_mode_red_flag_and_playbook_entries_map_to_cards() -> None:
    cards = {card.id: card for card in read_source(CATALOG, "catalog-json").subgraph.cards}
    graveyard = cards["flag-graveyard"]
    assert isinstance(graveyard, FailureMode)
    assert graveyard.warning_signs.late == ["“Don't touch that flag — it's load-bearing.”"]
    assert graveyard.links.confused_with[1] == Link(
        concept="ordinary configuration sprawl",
        note="Sprawl is settings; the graveyard is dead branches of code.",
    )
    assert graveyard.links.leads_to == [Link(id="review-queue-pileup")]
    assert graveyard.links.caused_by == [Link(id="deadline-driven-shortcuts")]
    assert graveyard.links.decision == [Link(id="feature-flags-vs-release-branches")]
    assert graveyard.common_quote == '"We\'ll clean it up next quarter."'
    assert graveyard.extra == {"family": "configuration"}
    pileup = cards["review-queue-pileup"]
    assert pileup.links.caused_by == [Link(title="a team that rewards output over flow")]
    live = cards["nobody-knows-which-flags-are-live"]
    assert isinstance(live, RedFlag)
    assert live.what_you_notice == "People grep config\\flags\\*.yaml during incidents."
    assert live.extra == {
        "aiFalseConfidence": "A generated flag inventory looks complete because it is long."
    }
    retire = cards["retire-stale-feature-flags"]
    assert isinstance(retire, Playbook)
    assert [(step.step, step.title, step.purpose) for step in retire.steps] == [
        (1, "Inventory the flags", "Know what exists before removing anything."),
        (2, "Remove the fully-on flags", "Take the safe wins first."),
        (3, "Add an expiry to every new flag", None),
    ]
    assert retire.extra == {"edition": "edition-01"}
    assert cards["hand-over-a-service-you-built-alone"].links.failure_mode == [
        Link(title="the hero trap")
    ]


def test_layout_keeps_headers_entry_order_and_unusual_key_orders() -> None:
    layout = read_source(CATALOG, "catalog-json").layout
    assert list(layout.files) == FILES
    decisions = layout.files["tech-decisions/tech-decisions.json"]
    source = json.loads((CATALOG / "tech-decisions/tech-decisions.json").read_text("utf-8"))
    assert decisions.header == {"category": source["category"], "template": source["template"]}
    flags, cache = decisions.entries
    assert (flags.id, flags.keys) == (
        "feature-flags-vs-release-branches",
        list(source["entries"][0]),
    )
    # Written in the catalog's usual order: nothing more to remember.
    assert (flags.object_keys, flags.item_keys) == ({}, {})
    assert cache.object_keys == {
        "optionA": ["name", "bestWhen", "realWorldFits", "strengths", "costs"]
    }
    assert cache.item_keys == {
        "easilyConfusedWith": [["decision", "distinction"], ["pattern", "distinction"]]
    }


def test_one_file_can_be_imported_alone() -> None:
    imported = read_source(CATALOG / "red-flags" / "red-flags.json", "catalog-json")
    assert [card.id for card in imported.subgraph.cards] == [
        "nobody-knows-which-flags-are-live",
        "reviews-wait-longer-than-the-work",
    ]
    assert list(imported.layout.files) == ["red-flags.json"]


def test_a_folder_is_searched_recursively_skipping_hidden_folders(tmp_path: Path) -> None:
    red_flags = CATALOG / "red-flags" / "red-flags.json"
    (tmp_path / "deep" / "er").mkdir(parents=True)
    shutil.copy(red_flags, tmp_path / "deep" / "er" / "flags.json")
    (tmp_path / ".cache").mkdir()
    shutil.copy(red_flags, tmp_path / ".cache" / "flags.json")  # would clash on ids if read
    (tmp_path / "notes.txt").write_text("not a catalog")
    imported = read_source(tmp_path, "catalog-json")
    assert list(imported.layout.files) == ["deep/er/flags.json"]
    assert len(imported.subgraph.cards) == 2


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text(
        '{\n  "category": {"code": "RF"},\n  "entries": [\n    {"slug": "a" "title": "A"}\n  ]\n}\n'
    )
    with pytest.raises(CatalogError) as caught:
        read_source(tmp_path, "catalog-json")
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:4: (json): Expecting ',' delimiter (column 18)"
    ]


def test_every_bad_field_of_a_run_is_reported_as_the_entry_spells_it(tmp_path: Path) -> None:
    flags = tmp_path / "flags.json"
    flags.write_text(
        """{
  "category": {"code": "RF"},
  "template": {"fields": []},
  "entries": [
    {"slug": "fine-flag", "title": "Fine"},
    {
      "slug": "bad-flag",
      "title": "Bad",
      "severity": ["high"],
      "relatedRedFlags": ["fine-flag", 42]
    },
    {"title": "No slug"}
  ]
}
"""
    )
    decisions = tmp_path / "tradeoffs.json"
    decisions.write_text(
        """{
  "category": {"code": "TD"},
  "entries": [
    {
      "slug": "one-way-or-another",
      "title": "One Way or Another",
      "optionA": {"name": "One", "bestWhen": "always"},
      "optionB": {"name": "Another", "bestOf": []}
    }
  ]
}
"""
    )
    with pytest.raises(CatalogError) as caught:
        read_source(tmp_path, "catalog-json")
    assert [str(p) for p in caught.value.problems] == [
        f"{flags}:7: entries[1].severity: must be text (got ['high'])",
        f"{flags}:7: entries[1].relatedRedFlags[1]: must be text (a slug or a title), got 42",
        f"{flags}:4: entries[2].slug: missing (required)",
        f"{decisions}:5: entries[0].optionA.bestWhen: must be a list (got 'always')",
        f"{decisions}:5: entries[0].optionB.bestOf: unknown field",
    ]


def test_duplicate_keys_and_ids_are_reported(tmp_path: Path) -> None:
    first = tmp_path / "a.json"
    first.write_text(
        '{\n  "category": {"code": "RF"},\n  "entries": [\n    {"slug": "twice", "title": "A"}\n  ]\n}\n'
    )
    second = tmp_path / "b.json"
    second.write_text(
        '{\n  "category": {"code": "RF"},\n  "entries": [\n'
        '    {"slug": "twice", "title": "B", "title": "C"}\n  ]\n}\n'
    )
    with pytest.raises(CatalogError) as caught:
        read_source(tmp_path, "catalog-json")
    assert [str(p) for p in caught.value.problems] == [
        f"{second}:4: entries[0].title: {DUPLICATE_KEY}",
        f"{second}:4: entries[0].slug: duplicate id 'twice', also in {first}:4",
    ]


def test_kind_comes_from_the_code_or_else_from_the_entries(tmp_path: Path) -> None:
    (tmp_path / "playbooks.json").write_text(
        json.dumps(
            {
                "category": {"name": "no code here"},
                "entries": [{"slug": "p", "title": "P", "steps": [{"step": 1, "title": "Go"}]}],
            }
        )
    )
    [card] = read_source(tmp_path, "catalog-json").subgraph.cards
    assert isinstance(card, Playbook)
    unknown = tmp_path / "unknown.json"
    unknown.write_text('{\n  "category": {\n    "code": "XX"\n  },\n  "entries": []\n}\n')
    with pytest.raises(CatalogError) as caught:
        read_source(unknown, "catalog-json")
    assert [str(p) for p in caught.value.problems] == [
        f"{unknown}:3: category.code: cannot tell the kind of catalog (code 'XX'; "
        "expected TD, FM, RF or EP, or entries shaped like one kind)"
    ]


def test_export_takes_values_from_the_cards_and_appends_new_fields(tmp_path: Path) -> None:
    imported = read_source(CATALOG, "catalog-json")
    edited = [
        card.model_copy(update={"severity": "low", "detectability": "obvious"})
        if card.id == "reviews-wait-longer-than-the-work"
        else card
        for card in imported.subgraph.cards
    ]
    out_entry = _exported_entries(edited, imported.layout, "red-flags/red-flags.json")[1]
    source_entry = json.loads((CATALOG / "red-flags/red-flags.json").read_text("utf-8"))["entries"][
        1
    ]
    assert out_entry == {**source_entry, "severity": "low", "detectability": "obvious"}
    assert list(out_entry) == [*source_entry, "detectability"]


def test_native_cards_go_to_a_default_file_with_a_template_of_their_fields(tmp_path: Path) -> None:
    tabs = Decision(
        id="tabs-vs-spaces",
        title="Tabs vs Spaces",
        option_a={"name": "Tabs", "best_when": ["everyone's editor agrees"]},
        option_b={"name": "Spaces"},
        links={
            "confused_with": [{"id": "formatter-vs-style-guide", "note": "One is a tool."}],
            "red_flag": ["diffs-are-all-whitespace"],
        },
        extra={"family": "style"},
    )
    [(name, text)] = catalog_json.write(Subgraph(cards=[tabs], edges=[])).items()
    assert name == "tech-decisions/tech-decisions.json"
    assert isinstance(text, str)
    assert json.loads(text) == {
        "category": {"code": "TD", "name": "Tech decisions"},
        "template": {
            "fields": [
                "slug",
                "title",
                "optionA",
                "optionB",
                "easilyConfusedWith",
                "relatedRedFlags",
                "family",
            ]
        },
        "entries": [
            {
                "slug": "tabs-vs-spaces",
                "title": "Tabs vs Spaces",
                "optionA": {"name": "Tabs", "bestWhen": ["everyone's editor agrees"]},
                "optionB": {"name": "Spaces"},
                "easilyConfusedWith": [
                    {"decision": "formatter-vs-style-guide", "distinction": "One is a tool."}
                ],
                "relatedRedFlags": ["diffs-are-all-whitespace"],
                "family": "style",
            }
        ],
    }


def test_a_native_playbook_joins_the_imported_file_of_its_area(tmp_path: Path) -> None:
    imported = read_source(CATALOG, "catalog-json")
    pairing = Playbook(id="pair-on-every-incident", title="Pair on every incident", category="team")
    name = "engineering-playbook/engineering-playbook-team.json"
    entries = _exported_entries([*imported.subgraph.cards, pairing], imported.layout, name)
    assert [entry["slug"] for entry in entries] == [
        "shorten-review-queues",
        "hand-over-a-service-you-built-alone",
        "pair-on-every-incident",
    ]
    assert entries[-1] == {
        "slug": "pair-on-every-incident",
        "title": "Pair on every incident",
        "category": "team",
    }


def test_export_refuses_to_overwrite_unless_forced(tmp_path: Path) -> None:
    subgraph = read_source(CATALOG, "catalog-json").subgraph
    export(subgraph, "catalog-json", tmp_path / "out")
    with pytest.raises(ExportError, match=r"out: already exists"):
        export(subgraph, "catalog-json", tmp_path / "out")
    export(subgraph, "catalog-json", tmp_path / "out", force=True)
    assert len(list((tmp_path / "out").rglob("*.json"))) == 5


def _exported_entries(cards: list[Card], layout: CatalogLayout | None, name: str) -> list[Any]:
    text = catalog_json.write(Subgraph(cards=cards, edges=[]), layout)[name]
    assert isinstance(text, str)
    entries: list[Any] = json.loads(text)["entries"]
    return entries
