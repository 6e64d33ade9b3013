from pathlib import Path

import pytest
import yaml

from tradeoffs.errors import CatalogError, OutputExists, TradeoffsError
from tradeoffs.formats.native import dump_card
from tradeoffs.generate import write_catalog
from tradeoffs.loaders import load_cards
from tradeoffs.models import CARD_ADAPTER

BROKEN = Path(__file__).parent / "data" / "broken"

# One file per kind of mistake, and the one line each must produce.
EXPECTED = {
    "duplicate-key.yaml": "6: title: duplicate key (a second value would silently replace the first)",
    "empty-text.yaml": "6: summary: must not be empty",
    "empty.yaml": "1: (card): the file is empty",
    "id-not-a-slug.yaml": "1: id: 'Tabs vs Spaces' is not a slug (lowercase words joined by hyphens)",
    "item-not-text.yaml": "8: questions_to_ask.1: must be text (got 42)",
    "link-group-not-allowed.yaml": "4: links: adjacent links are not allowed on a red_flag "
    "(allowed: decision, failure_mode, playbook, red_flag)",
    "link-id-not-a-slug.yaml": "8: links.failure_mode.0.id: 'Diff Noise' is not a slug "
    "(lowercase words joined by hyphens)",
    "link-unknown-key.yaml": "9: links.adjacent.0.weight: unknown field",
    "list-expected.yaml": "6: key_factors: must be a list (got 'editor support')",
    "missing-kind.yaml": "1: kind: missing: every card needs a kind "
    "(decision, failure_mode, red_flag, playbook, record)",
    "missing-option.yaml": "1: option_b: missing (required)",
    "missing-title.yaml": "1: title: missing (required)",
    "not-a-mapping.yaml": "1: (card): expected a mapping of fields",
    "not-utf8.yaml": "3: (file): not UTF-8 text (invalid start byte at byte 46)",
    "option-facet-not-a-list.yaml": "7: option_b.strengths: must be a list (got 'spaces')",
    "step-missing-number.yaml": "5: steps.0.step: missing (required)",
    "steps-out-of-order.yaml": "4: steps: steps must be numbered 1..2 in order, got [1, 3]",
    "unknown-field.yaml": "6: winner: unknown field",
    "unknown-kind.yaml": "2: kind: must be one of decision, failure_mode, red_flag, playbook, record "
    "(got 'opinion')",
    "unknown-link-group.yaml": "7: links.friends: unknown field",
    "yaml-syntax.yaml": "3: (yaml): did not find expected ',' or ']'",
}


def test_the_corpus_covers_every_broken_file() -> None:
    assert sorted(p.name for p in BROKEN.glob("*.yaml")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 15


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_gets_one_exact_line(name: str) -> None:
    loaded = load_cards(BROKEN / name, keep_going=True)
    assert [str(p) for p in loaded.problems] == [f"{BROKEN / name}:{EXPECTED[name]}"]
    assert loaded.cards == {}


def test_all_problems_of_a_run_are_listed_at_once() -> None:
    with pytest.raises(CatalogError) as caught:
        load_cards(BROKEN)
    assert len(caught.value.problems) == len(EXPECTED)


def test_duplicate_ids_name_both_files(tmp_path: Path) -> None:
    card = "id: same-id\nkind: red_flag\ntitle: {title}\n"
    (tmp_path / "a.yaml").write_text(card.format(title="First"))
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "c.yaml").write_text("\n" + card.format(title="Second"))
    loaded = load_cards(tmp_path, keep_going=True)
    assert [str(p) for p in loaded.problems] == [
        f"{tmp_path}/b/c.yaml:2: id: duplicate id 'same-id', also in {tmp_path}/a.yaml:1"
    ]
    assert loaded.cards["same-id"].title == "First"


def test_keep_going_keeps_the_valid_cards(mini_catalog: Path, tmp_path: Path) -> None:
    for path in mini_catalog.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text())
    (tmp_path / "broken.yaml").write_text((BROKEN / "unknown-field.yaml").read_text())
    loaded = load_cards(tmp_path, keep_going=True)
    assert len(loaded.cards) == 6
    assert [str(p) for p in loaded.problems] == [f"{tmp_path}/broken.yaml:6: winner: unknown field"]


def test_missing_folder_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TradeoffsError, match=r"no-such: no such file or folder$"):
        load_cards(tmp_path / "no-such")


def test_native_yaml_round_trips_every_card(mini_catalog: Path) -> None:
    for card in load_cards(mini_catalog).cards.values():
        assert CARD_ADAPTER.validate_python(yaml.safe_load(dump_card(card))) == card


def test_write_catalog_refuses_to_overwrite_and_writes_nothing(
    mini_catalog: Path, tmp_path: Path
) -> None:
    cards = load_cards(mini_catalog).cards
    mine = tmp_path / "playbooks" / "inventory-scheduled-work.yaml"
    mine.parent.mkdir()
    mine.write_text("mine")
    with pytest.raises(OutputExists, match="already exists"):
        write_catalog(cards, tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")] == [
        "playbooks",
        "playbooks/inventory-scheduled-work.yaml",
    ]
    write_catalog(cards, tmp_path, force=True)
    assert load_cards(tmp_path).cards == cards


def test_a_tab_in_yaml_is_named_as_a_tab(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        "id: t\nkind: red_flag\ntitle: T\nlinks:\n\tfailure_mode: [x]\n", encoding="utf-8"
    )
    with pytest.raises(CatalogError) as caught:
        load_cards(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:5: (yaml): a tab where YAML needs spaces (indent with spaces only)"
    ]
