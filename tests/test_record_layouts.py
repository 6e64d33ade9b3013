"""Records folders in every common layout: what is read, what is refused, how links are
written back, and how ``decide`` follows a folder's style."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tradeoffs import queries
from tradeoffs.errors import CatalogError, TradeoffsError
from tradeoffs.formats.adr import parse_record, set_applies
from tradeoffs.graph import load_catalog
from tradeoffs.graph.memory import MemoryStore
from tradeoffs.loaders import find_records_folders, load_records, read_record
from tradeoffs.models import record_date

LAYOUTS = Path(__file__).parent / "data" / "layouts"
MINI = Path(__file__).parent / "data" / "mini"
ADR_TOOLS = LAYOUTS / "adr-tools" / "doc" / "architecture" / "decisions"
TODAY = dt.date(2026, 6, 1)


def summary(folder: Path | list[Path]) -> dict[str, tuple[object, ...]]:
    found = load_records(folder)
    return {
        card_id: (card.number, card.title, card.status, card.state, card.date)  # type: ignore[union-attr]
        for card_id, card in found.cards.items()
    }


def test_numbered_names_with_and_without_a_prefix() -> None:
    assert summary(LAYOUTS / "adr-dash") == {
        "adr-001-publish-events-through-kafka": (
            1,
            "Publish domain events through Kafka",
            "Agreed",
            "accepted",
            "2022-03-14",  # "14 March 2022"
        ),
        "adr-002-rename-the-billing-service": (
            2,
            "Rename the billing service",
            "accepted",
            "accepted",
            "2022-05-02",  # "02.05.2022"
        ),
        "adr-003-replay-events-from-the-start": (
            3,
            "Replay events from the start",
            "proposed",
            "proposed",
            "2022-07-30",  # "2022-07-30 (written after the workshop)"
        ),
    }
    assert summary(LAYOUTS / "adr-nodash") == {
        "adr001-front-matter-title": (
            1,
            "Serve the shop from one region",  # the front matter's title: no heading
            "accepted",
            "accepted",
            "2021-09-09",
        ),
        "adr002-expand-to-a-second-region": (
            2,
            "Expand to a second region",
            "Done",
            "accepted",
            "2023-01-12",
        ),
    }
    upper = summary(LAYOUTS / "adr-upper")
    assert upper["adr-001"][:2] == (1, "Use OpenAI's API for the support assistant")
    assert upper["adr-002"][2:4] == ("Rejected", "rejected")
    assert upper["adr-003"] == (3, "Keep the style guide in British English", None, "unknown", None)


def test_dated_names_give_the_date_and_sub_folders_are_read() -> None:
    assert summary(LAYOUTS / "dated") == {
        "2023-02-01-pin-dependency-versions": (
            None,
            "Pin dependency versions",
            "Accepted",
            "accepted",
            "2023-02-01",  # "2023-02-01 (back dated)" in the front matter
        ),
        "2023-05-09-run-tests-against-real-databases": (
            None,
            "Run tests against real databases",
            "accepted",
            "accepted",
            "2023-05-09",  # "9th May 2023"
        ),
    }
    found = load_records(LAYOUTS / "log4brains")  # the project: both folders are below it
    assert sorted(found.cards) == [
        "docs-adr-20210114-write-decisions-down-as-markdown",
        "docs-adr-20210302-render-pages-on-the-server",
        "packages-billing-adr-20210510-buy-the-invoicing-engine",
        "packages-billing-adr-20220801-build-invoicing-in-house",
    ]
    assert sorted(p.name for p in found.skipped) == ["index.md", "template.md"]
    server = found.cards["docs-adr-20210302-render-pages-on-the-server"]
    assert (server.title, server.state) == ("Render pages on the server", "proposed")  # "draft"
    bought = found.cards["packages-billing-adr-20210510-buy-the-invoicing-engine"]
    assert [link.id for link in bought.links.superseded_by] == [  # type: ignore[union-attr]
        "packages-billing-adr-20220801-build-invoicing-in-house"
    ]


def test_the_project_names_its_records_folders() -> None:
    assert find_records_folders(LAYOUTS / "adr-tools") == [ADR_TOOLS]
    # adr-tools looks up from where it runs; so do we.
    assert find_records_folders(ADR_TOOLS / "templates") == [ADR_TOOLS]
    assert find_records_folders(LAYOUTS / "log4brains") == [
        LAYOUTS / "log4brains" / "docs" / "adr",
        LAYOUTS / "log4brains" / "packages" / "billing" / "adr",
    ]
    assert find_records_folders(LAYOUTS / "dated") == []
    # Several folders: ids start with the folder's name, so two "0001-..." stay apart.
    found = load_records(find_records_folders(LAYOUTS / "log4brains"))
    assert sorted(found.cards) == [
        "billing-adr-20210510-buy-the-invoicing-engine",
        "billing-adr-20220801-build-invoicing-in-house",
        "docs-adr-20210114-write-decisions-down-as-markdown",
        "docs-adr-20210302-render-pages-on-the-server",
    ]
    both = load_records([LAYOUTS / "adr-dash", LAYOUTS / "mixed"])
    assert "adr-dash-adr-001-publish-events-through-kafka" in both.cards
    assert "mixed-0001-adopt-trunk-based-development" in both.cards


def test_every_link_word_adr_tools_writes() -> None:
    found = load_records(ADR_TOOLS)
    assert [p.name for p in found.skipped] == ["template.md"]
    sessions = found.cards["0002-keep-sessions-in-one-database"]
    assert (sessions.status, sessions.state) == ("Superceded", "superseded")  # type: ignore[union-attr]
    graph = load_catalog([MINI], records=ADR_TOOLS)
    edges = {(e.source, e.target, e.type, e.note, e.reverse_note) for e in graph.edges}
    assert (
        "0004-move-sessions-to-a-cache-cluster",
        "0002-keep-sessions-in-one-database",
        "supersedes",
        None,
        None,
    ) in edges  # "Supercedes" on one side, "Superceded by" on the other: one edge
    relates = sorted(e for e in edges if e[2] == "relates")
    assert relates == [
        (
            "0003-expire-sessions-after-a-day",
            "0002-keep-sessions-in-one-database",
            "relates",
            "Amends",
            None,
        ),
        (
            "0003-expire-sessions-after-a-day",
            "0005-count-idle-time-from-the-last-write",
            "relates",
            "Clarified by",
            "Clarifies",  # both sides said it: one edge, each side's wording
        ),
    ]


def test_dates_in_the_forms_records_write_them() -> None:
    forms = {
        "2024-03-11": "2024-03-11",
        "2024/3/11": "2024-03-11",
        "11.03.2024": "2024-03-11",
        "11 March 2024": "2024-03-11",
        "1st Feb 2024": "2024-02-01",
        "March 11, 2024": "2024-03-11",
        "2023-02-01 (back dated)": "2023-02-01",
        "2024-03-11T09:30:00Z": "2024-03-11",
    }
    assert {text: record_date(text) for text in forms} == forms
    assert record_date(dt.date(2024, 3, 11)) == "2024-03-11"
    with pytest.raises(ValueError, match="not a day of the calendar"):
        record_date("2024-13-45")
    with pytest.raises(ValueError, match="not a date"):
        record_date("soon")


def test_a_broken_record_is_one_line_and_the_others_are_read() -> None:
    found = load_records(LAYOUTS / "mixed")
    assert sorted(found.cards) == [
        "0001-adopt-trunk-based-development",
        "0003-freeze-the-api-for-a-quarter",
        "0004-version-the-api-in-the-path",
        "0005-drop-the-v1-api",
    ]
    mixed = LAYOUTS / "mixed"
    assert [str(p) for p in found.problems] == [
        f"{mixed / '0002-impossible-date.md'}:3: date: '2024-13-45' is not a day of the "
        "calendar (month must be in 1..12)",
        f"{mixed / 'choose-a-feature-flag-service.md'}:1: (file): reads like a decision "
        "record, but its name has no number or date (name it like 0007-title.md, "
        "adr-007-title.md or 20240311-title.md); not read",
    ]
    assert [p.name for p in found.skipped] == ["notes.md"]  # no status, no sections


def test_a_title_with_an_escape_character_is_refused_where_it_is(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"0001-x.md:1: title: control character U\+001B"):
        parse_record("# Red \x1b[31m alert\n", tmp_path / "0001-x.md")


def test_dangling_symlinks_and_shared_numbers_are_problems(tmp_path: Path) -> None:
    shutil.copytree(LAYOUTS / "adr-dash", tmp_path / "adr")
    (tmp_path / "adr" / "adr-004-gone.md").symlink_to(tmp_path / "nowhere.md")
    shutil.copy(
        tmp_path / "adr" / "adr-002-rename-the-billing-service.md",
        tmp_path / "adr" / "adr-002-second-two.md",
    )
    found = load_records(tmp_path / "adr")
    messages = [f"{Path(p.path).name}: {p.message}" for p in found.problems]
    assert messages == [
        "adr-002-second-two.md: number 2 is also adr-002-rename-the-billing-service.md's: "
        "give one of them the next free number",
        f"adr-004-gone.md: a symlink to {tmp_path / 'nowhere.md'}, which does not exist "
        "(fix or remove it)",
    ]
    assert "adr-002-second-two" in found.cards  # a shared number is reported, not dropped


def test_review_keeps_what_statuses_and_supersedes_say(tmp_path: Path) -> None:
    store = MemoryStore(load_catalog([MINI], records=LAYOUTS / "mixed", keep_going=True))
    result = queries.review(store, today=TODAY)
    # 0003 and 0004 each say they supersede the other: the newer one stands. 0005 is only a
    # proposal to supersede 0004, so 0004 stays.
    assert [i.record.id for i in result.current] == [
        "0001-adopt-trunk-based-development",
        "0004-version-the-api-in-the-path",
    ]
    store = MemoryStore(load_catalog([MINI], records=LAYOUTS / "adr-upper"))
    result = queries.review(store, today=TODAY)
    assert [i.record.id for i in result.current] == ["adr-001"]
    assert [(i.record.id, i.state) for i in result.unknown] == [("adr-003", "unknown")]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(TradeoffsError, match="no decision records to review"):
        queries.review(MemoryStore(load_catalog([MINI], records=empty)))
    with pytest.raises(TradeoffsError, match="not a duration"):
        queries.review(store, older_than="")
    with pytest.raises(TradeoffsError, match="reaches back before the year 1"):
        queries.review(store, older_than="999999y")


# ---- link: one line changed, in the record's own style ----

MADR_FLOW = "---\nstatus: accepted\ntradeoffs: [rest-vs-grpc]\n---\n\n# T\n"
MADR_BLOCK = "---\nstatus: accepted\ntradeoffs:\n  - rest-vs-grpc\ndate: 2024-01-01\n---\n# T\n"
MADR_NONE = "---\nstatus: accepted\n---\n\n# T\n\nText.\n"
NYGARD = "# 1. T\r\n\r\nDate: 2024-01-01\r\n\r\n## Status\r\n\r\nAccepted\r\n"
BULLETS = "# T\n\n* Status: accepted\n* Date: 2024-01-01\n\n## Context\n\nWhy.\n"
BARE = "# T\n\nSome context.\n"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (MADR_FLOW, MADR_FLOW.replace("[rest-vs-grpc]", "[rest-vs-grpc, batch-vs-streaming]")),
        (
            MADR_BLOCK,
            MADR_BLOCK.replace("  - rest-vs-grpc\n", "  - rest-vs-grpc\n  - batch-vs-streaming\n"),
        ),
        (MADR_NONE, MADR_NONE.replace("---\n\n", "tradeoffs: [batch-vs-streaming]\n---\n\n")),
        (
            NYGARD,
            NYGARD.replace(
                "Date: 2024-01-01\r\n", "Date: 2024-01-01\r\nTradeoffs: batch-vs-streaming\r\n"
            ),
        ),
        (
            BULLETS,
            BULLETS.replace(
                "* Date: 2024-01-01\n", "* Date: 2024-01-01\n* Tradeoffs: batch-vs-streaming\n"
            ),
        ),
        (BARE, BARE.replace("# T\n", "# T\n\nTradeoffs: batch-vs-streaming\n")),
    ],
    ids=["madr-flow", "madr-block", "madr-none", "nygard-crlf", "madr2-bullets", "bare"],
)
def test_link_changes_one_line_in_the_records_style(before: str, after: str) -> None:
    linked = set_applies(before, ["batch-vs-streaming"])
    assert linked == after
    assert set_applies(linked, [], ["batch-vs-streaming"]) == before
    record = parse_record(linked, Path("0001-t.md"))
    assert "batch-vs-streaming" in [link.id for link in record.links.applies]


def test_link_writes_the_file_and_keeps_every_other_byte(tmp_path: Path) -> None:
    store = MemoryStore(load_catalog())
    path = tmp_path / "0001-t.md"
    path.write_bytes(("\ufeff" + NYGARD).encode())
    record = read_record(path)
    result = queries.link(store, record, path, ["rest-vs-grpc"], [])
    assert (result.before, result.after) == ([], ["rest-vs-grpc"])
    assert (
        path.read_bytes()
        == (
            "\ufeff"
            + NYGARD.replace("2024-01-01\r\n", "2024-01-01\r\nTradeoffs: rest-vs-grpc\r\n", 1)
        ).encode()
    )
    queries.link(store, record, path, [], ["rest-vs-grpc"])
    assert path.read_bytes() == ("\ufeff" + NYGARD).encode()
    with pytest.raises(TradeoffsError, match="is a failure mode"):
        queries.link(store, record, path, ["distributed-monolith"], [])
    with pytest.raises(TradeoffsError, match="no card with id 'rest-vs-grcp'"):
        queries.link(store, record, path, ["rest-vs-grcp"], [])
    with pytest.raises(TradeoffsError, match="does not name 'rest-vs-grpc'"):
        queries.link(store, record, path, [], ["rest-vs-grpc"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0001-t.md"]


# ---- decide follows the folder ----


@pytest.mark.parametrize(
    ("layout", "name", "format_"),
    [
        ("adr-tools/doc/architecture/decisions", "0006-split-the-session-store.md", "template"),
        ("adr-dash", "adr-004-split-the-session-store.md", "madr"),
        ("adr-nodash", "adr003-split-the-session-store.md", "madr"),
        ("adr-upper", "ADR-004-split-the-session-store.md", "madr"),
        ("mixed", "0006-split-the-session-store.md", "nygard"),
        ("dated", "2026-06-01-split-the-session-store.md", "madr"),
        ("log4brains/docs/adr", "20260601-split-the-session-store.md", "template"),
    ],
)
def test_decide_names_numbers_and_writes_as_the_folder_does(
    tmp_path: Path, layout: str, name: str, format_: str
) -> None:
    folder = tmp_path / "records"
    shutil.copytree(LAYOUTS / layout, folder)
    store = MemoryStore(load_catalog())
    decided = queries.decide(
        store, "rest-vs-grpc", folder, title="Split the session store", today=TODAY
    )
    assert Path(decided.path).name == name
    assert decided.template == ("the folder's template" if format_ == "template" else format_)
    record = read_record(Path(decided.path))
    assert (record.title, record.state, record.date) == (
        "Split the session store",
        "proposed",
        "2026-06-01",
    )
    assert [link.id for link in record.links.applies] == ["rest-vs-grpc"]
    if format_ != "template":
        assert record.template == format_
    if layout.startswith("adr-tools"):
        assert (
            Path(decided.path)
            .read_text(encoding="utf-8")
            .startswith(
                "# 6. Split the session store\n\nDate: 2026-06-01\nTradeoffs: rest-vs-grpc\n"
            )
        )


def test_decide_refuses_a_title_with_a_control_character(tmp_path: Path) -> None:
    store = MemoryStore(load_catalog())
    with pytest.raises(TradeoffsError, match=r"control character '\\x1b'") as caught:
        queries.decide(store, "rest-vs-grpc", tmp_path, title="Red \x1b[31m")
    assert caught.value.value == "\x1b"
    assert list(tmp_path.iterdir()) == []


def test_ten_decides_at_once_never_share_a_number(tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; from tradeoffs import queries; "
        "from tradeoffs.graph import open_store; "
        "queries.decide(open_store('memory'), 'rest-vs-grpc', Path(sys.argv[1]), "
        "title='Decision ' + sys.argv[2])"
    )
    runs = [
        subprocess.Popen([sys.executable, "-c", script, str(tmp_path), str(n)]) for n in range(10)
    ]
    assert [run.wait() for run in runs] == [0] * 10
    numbers = sorted(int(p.name.split("-", 1)[0]) for p in tmp_path.iterdir())
    assert numbers == list(range(1, 11))


def test_the_map_colours_records_by_state_and_groups_the_unlinked_ones(tmp_path: Path) -> None:
    from tradeoffs.map.data import RECORDS_AREA, UNLINKED_RECORDS_AREA, map_data

    folder = tmp_path / "adr"
    shutil.copytree(LAYOUTS / "mixed", folder)
    (folder / "0002-impossible-date.md").unlink()
    path = folder / "0001-adopt-trunk-based-development.md"
    path.write_text(set_applies(path.read_text(encoding="utf-8"), ["cron-vs-workflow-engine"]))
    store = MemoryStore(load_catalog([MINI], records=folder, keep_going=True))
    data = map_data(queries.select(store, queries.Selection()), focus=None)
    areas = [area.name for area in data.areas]
    records = {node.id: (node.state, areas[node.area]) for node in data.nodes if node.state}
    assert records == {
        "0001-adopt-trunk-based-development": ("accepted", RECORDS_AREA),
        "0003-freeze-the-api-for-a-quarter": ("accepted", UNLINKED_RECORDS_AREA),
        "0004-version-the-api-in-the-path": ("accepted", UNLINKED_RECORDS_AREA),
        "0005-drop-the-v1-api": ("proposed", UNLINKED_RECORDS_AREA),
    }
    assert [(s.id, s.label) for s in data.record_states][:2] == [
        ("proposed", "Proposed"),
        ("accepted", "Accepted"),
    ]


def test_decide_where_it_cannot_write_is_one_line_and_leaves_nothing(tmp_path: Path) -> None:
    store = MemoryStore(load_catalog())
    (tmp_path / "a-file").write_text("not a folder\n", encoding="utf-8")
    with pytest.raises(TradeoffsError, match="a-file is not a folder"):
        queries.decide(store, "rest-vs-grpc", tmp_path / "a-file" / "adr")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]
