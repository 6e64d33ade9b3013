"""The static site (issue 24): every page parsed, never string-compared. Links reach files
that exist, card and record text is text, a one-card edit rewrites only the pages that show
that card, and the folder is written by the rules every output follows.

The browser tests (test_site_browser.py) reuse ``hostile_site`` and ``parse`` from here.
"""

from __future__ import annotations

import hashlib
import json
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest
from conftest import DATA, card, git, run_cli, write_catalog
from test_map import XSS_PAYLOADS, write_xss_catalog

from tradeoffs import queries
from tradeoffs.errors import OutputExists, OutputNotOurs
from tradeoffs.graph import load_catalog
from tradeoffs.graph.cache import TEXT_MAGIC, TextCache
from tradeoffs.graph.memory import MemoryStore
from tradeoffs.graph.view import view
from tradeoffs.io.marks import MARKER_FILE, is_own
from tradeoffs.map.page import embeddable
from tradeoffs.site import Site, build_site
from tradeoffs.site.content import Content
from tradeoffs.site.search import LAST_SEPARATOR_PLANE, _separators, tokens

MINI = DATA / "mini"
RECORDS = DATA / "records"
EMPTY_ICON = "data:,"  # every page's icon: nothing, so the browser asks for no favicon

HOSTILE_RECORD = """# {title}

* Status: {status}
* Date: 2024-05-06
* Deciders: {person}

Tradeoffs: xss-decision

## Context and Problem Statement

{payloads}

<script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 1">
[a javascript link](javascript:window.__pwned=1) [mixed case](JaVaScRiPt:window.__pwned=1)
[a data link](data:text/html,<script>window.__pwned=1</script>) <javascript:window.__pwned=1>
![a web picture](https://example.com/picture.png) ![a local picture](picture.png)
[the web](https://example.com/) [a missing file](nowhere.md) [the other record](0002-plain.md)

# A heading written as a title

### A heading two levels below it

## Decision Outcome

Chosen option: "{person}".
"""


def hostile_site(folder: Path) -> tuple[Path, Path]:
    """A catalog whose every text field holds a payload (test_map's) and a records folder
    with a record full of HTML, script and hostile links, and a plain one it links to."""
    catalog = write_xss_catalog(folder / "cards")
    records = folder / "records"
    records.mkdir()
    (records / "0001-hostile.md").write_text(
        HOSTILE_RECORD.format(
            title=XSS_PAYLOADS[0],
            status="Accepted <b>bold</b>",
            person=XSS_PAYLOADS[2],
            payloads="\n\n".join(XSS_PAYLOADS),
        ),
        encoding="utf-8",
    )
    (records / "0002-plain.md").write_text(
        "# A plain record\n\nDate: 2024-01-02\n\n## Status\n\nSuperseded by 0001\n",
        encoding="utf-8",
    )
    return catalog, records


@dataclass
class Parsed:
    """A page as the browser would build it: elements with their attributes, and text."""

    elements: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    scripts: list[str] = field(default_factory=list)

    def attrs(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.elements if name == tag]

    def links(self) -> list[str]:
        found = [a["href"] for a in self.attrs("a") if a.get("href")]
        found += [a["href"] for a in self.attrs("link") if a.get("href")]
        found += [a["src"] for a in self.attrs("script") if a.get("src")]
        found += [a["action"] for a in self.attrs("form") if a.get("action")]
        return [link for link in found if link is not None]

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Parsed()
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.page.elements.append((tag, values))
        if values.get("id"):
            self.page.ids.add(str(values["id"]))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.page.scripts if self._in_script else self.page.text).append(data)


def parse(path: Path) -> Parsed:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.page


def site_of(
    tmp_path: Path,
    catalog: Path = MINI,
    records: Path = RECORDS,
    *,
    out: str = "public",
    cache: Path | None = None,
) -> Site:
    return build_site(
        tmp_path / out,
        lambda: load_catalog(catalog, records=records, strict_records=False),
        folders=[catalog, records],
        cache=cache,
    )


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = site_of(tmp_path_factory.mktemp("mini"))
    return site.out


def html_pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


# ---- what is there ----


def test_every_card_and_record_has_its_page_and_the_index_counts_them(mini_site: Path) -> None:
    graph = load_catalog(MINI, records=RECORDS, strict_records=False)
    for card_id, one in graph.cards.items():
        folder = "records" if one.kind == "record" else "cards"
        page = parse(mini_site / folder / card_id / "index.html")
        assert page.attrs("h1") and one.title in page.words
    index = parse(mini_site / "index.html")
    assert "6 cards and 6 decision records" in index.words
    cells = [a for a in index.elements if a[0] in ("td", "th")]
    assert cells  # the table of areas by kind
    linked = {link for link in index.links() if link.startswith("cards/")}
    cards = {f"cards/{i}/index.html" for i, c in graph.cards.items() if c.kind != "record"}
    assert linked == cards


def test_no_relative_link_is_broken_anywhere(mini_site: Path) -> None:
    """A crawler over the written files: every relative link reaches a file, and every
    fragment an element of that page; nothing points outside the site but web addresses."""
    checked = 0
    for path in html_pages(mini_site):
        for link in parse(path).links():
            parts = urlsplit(link)
            if parts.scheme in ("http", "https", "mailto") or link == EMPTY_ICON:
                continue
            assert not parts.scheme and not parts.netloc, (path, link)
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert target.is_file() and target.is_relative_to(mini_site.resolve()), (path, link)
            if parts.fragment and target.parent.name != "map":  # the map reads its own
                assert parts.fragment in parse(target).ids, (path, link)
            checked += 1
    assert checked > 200


def test_a_card_page_lists_each_relation_once_with_both_notes(mini_site: Path) -> None:
    store = MemoryStore(load_catalog(MINI, records=RECORDS, strict_records=False))
    related = queries.related(store, "queue-vs-stream")
    page = parse(mini_site / "cards" / "queue-vs-stream" / "index.html")
    links = page.links()
    for neighbour in related.neighbours:
        folder = "records" if neighbour.card.kind == "record" else "cards"
        href = f"../../{folder}/{neighbour.card.id}/index.html"
        assert links.count(href) == 1, href
        for edge in neighbour.edges:  # read from queue-vs-stream: its note, then theirs
            for note in (edge.note, edge.other_note):
                if note:
                    assert " ".join(note.split()) in page.words
    assert "Decision records that apply it" in page.words
    assert "../../map/index.html#queue-vs-stream" in links


def test_a_record_page_has_its_text_status_people_and_chain(mini_site: Path) -> None:
    page = parse(mini_site / "records" / "0005-replay-order-events-from-a-stream" / "index.html")
    words = page.words
    for expected in (
        "Replay order events from a stream",
        "2025-06-18",
        "Priya, Ana",
        "Data team",
        "Supersedes",
        "Publish order events on a queue",
        "Several consumers",  # the Markdown's list, rendered
    ):
        assert expected in words
    # The record's link to another record's file is the link to its page.
    assert "../../records/0004-publish-order-events-on-a-queue/index.html" in page.links()
    assert "../../cards/queue-vs-stream/index.html" in page.links()
    older = parse(mini_site / "records" / "0004-publish-order-events-on-a-queue" / "index.html")
    assert "Superseded by" in older.words


def test_the_log_orders_records_by_date_and_shows_chains(mini_site: Path) -> None:
    page = parse(mini_site / "log" / "index.html")
    dates = [a["datetime"] for a in page.attrs("time")]
    timeline = dates[: dates.index("2024-02-05") + 1]
    assert timeline == sorted(timeline, reverse=True)
    chains = [a for a in page.attrs("ol") if a.get("class") == "chain"]
    assert len(chains) == 2
    # Each status is said in words, not only by colour.
    assert {"Accepted", "Superseded", "proposed"} <= set(page.words.split())


def test_the_feed_is_atom_with_records_by_date_outside_git(
    editable: tuple[Site, Path, Path],
) -> None:
    site = editable[0]
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.parse(site.out / "feed.xml").getroot()
    entries = feed.findall(f"{atom}entry")
    # No git checkout: the records by their dates, and no card (no time to give it).
    assert [e.findtext(f"{atom}updated") for e in entries] == [
        "2026-10-01T00:00:00Z",
        "2025-06-18T00:00:00Z",
        "2024-09-30T00:00:00Z",
        "2024-04-02T00:00:00Z",
        "2024-03-11T00:00:00Z",
        "2024-02-05T00:00:00Z",
    ]
    for entry in entries:
        href = entry.find(f"{atom}link").get("href")  # type: ignore[union-attr]
        assert href.startswith("records/") and (site.out / href).is_file()


def test_the_feed_has_cards_by_their_last_commit_in_a_git_checkout(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    catalog = write_catalog(repo / "cards", card(id="one-flag", kind="red_flag"))
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "--no-verify", "-m", "first")
    edited = catalog / "one-flag.yaml"  # changed since, not committed: the commit's time stays
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("title: one flag", "title: Renamed")
    )
    site = build_site(tmp_path / "out", lambda: load_catalog(catalog), folders=[catalog])
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.parse(site.out / "feed.xml").getroot()
    (entry,) = feed.findall(f"{atom}entry")
    assert entry.findtext(f"{atom}title") == "Renamed"
    committed = git(repo, "log", "-1", "--format=%cI").strip()
    assert entry.findtext(f"{atom}updated") == committed


def test_a_records_feed_entry_has_its_own_date_else_its_last_commit(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    catalog = write_catalog(repo / "cards", card(id="one-flag", kind="red_flag"))
    records = repo / "adr"
    records.mkdir()
    dated = "# 1. Dated\n\nDate: 2021-03-04\n\n## Status\n\nAccepted\n\n## Context\n\nWhy.\n"
    (records / "0001-dated.md").write_text(dated, encoding="utf-8")
    undated = dated.replace("1. Dated", "2. Undated").replace("Date: 2021-03-04\n\n", "")
    (records / "0002-undated.md").write_text(undated, encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "--no-verify", "-m", "first")
    site = build_site(
        tmp_path / "out",
        lambda: load_catalog(catalog, records=records, strict_records=False),
        folders=[catalog, records],
    )
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.parse(site.out / "feed.xml").getroot()
    updated = {
        e.findtext(f"{atom}title"): e.findtext(f"{atom}updated")
        for e in feed.findall(f"{atom}entry")
    }
    committed = git(repo, "log", "-1", "--format=%cI").strip()
    assert updated == {"Dated": "2021-03-04T00:00:00Z", "Undated": committed, "one flag": committed}


def test_the_static_map_page_makes_no_request_and_has_no_preview_script(mini_site: Path) -> None:
    page = (mini_site / "map" / "index.html").read_text(encoding="utf-8")
    assert "connect-src" not in page and "__tradeoffs/state" not in page


# ---- untrusted text ----


def test_hostile_card_and_record_text_is_text_on_every_page(tmp_path: Path) -> None:
    catalog, records = hostile_site(tmp_path)
    site = site_of(tmp_path, catalog, records)
    for path in html_pages(site.out):
        if path.parts[-2] == "map":
            continue  # the map is test_map's
        page = parse(path)
        for tag, attrs in page.elements:
            assert not [name for name in attrs if name.startswith("on")], (path, tag, attrs)
            if tag in ("img", "svg", "iframe", "object", "embed", "b", "i"):
                raise AssertionError((path, tag, attrs))
            if tag == "script":
                src = attrs.get("src")
                assert src is None or src.startswith("../") or src.startswith("assets/")
                assert src is not None or attrs.get("type") == "application/json", path
            for name in ("href", "src", "action"):
                value = (attrs.get(name) or "").strip().lower()
                assert value == EMPTY_ICON or not value.startswith(
                    ("javascript:", "data:", "vbscript:")
                ), (path, attrs)
    record = parse(site.out / "records" / "0001-hostile" / "index.html")
    words = record.words
    for shown in (XSS_PAYLOADS[0], "<script>window.__pwned = 1</script>", "Accepted <b>bold</b>"):
        assert shown in words
    # Links: the web kept, the other record's file made its page, the rest only text.
    hrefs = [a.get("href") for a in record.attrs("a")]
    assert "https://example.com/" in hrefs and "../../records/0002-plain/index.html" in hrefs
    assert "a missing file" in words and "nowhere.md" not in " ".join(map(str, hrefs))
    assert "[image: a local picture]" in words
    # Headings in the text sit below the section's, a level at a time.
    levels = [int(tag[1]) for tag, _ in record.elements if tag in ("h1", "h2", "h3", "h4", "h5")]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    # The search index's data cannot close its script element.
    search = (site.out / "search" / "index.html").read_text(encoding="utf-8")
    data = search.split('id="search-index">', 1)[1].split("</script>", 1)[0]
    assert json.loads(data)["documentCount"] == 5
    assert "<" not in data


# ---- writing it: the output rules, and one card edited ----


def test_the_site_folder_is_ours_and_replaced_only_with_force(
    editable: tuple[Site, Path, Path], tmp_path: Path
) -> None:
    site, catalog, _ = editable
    assert is_own(site.out) and (site.out / MARKER_FILE).is_file()
    with pytest.raises(OutputExists):
        site.build()
    site.build(force=True)
    (site.out / "index.html").write_text("edited by hand", encoding="utf-8")
    with pytest.raises(OutputNotOurs):
        site.build(force=True)
    card_file = catalog / "data-drift.yaml"
    card_file.write_text(card_file.read_text(encoding="utf-8").replace("Drift", "Drift 2", 1))
    with pytest.raises(OutputNotOurs):  # nor updated page by page
        site.rebuild([card_file])
    assert (site.out / "index.html").read_text(encoding="utf-8") == "edited by hand"
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputNotOurs):
        build_site(mine, lambda: load_catalog(MINI), folders=[MINI], force=True)
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "mine"


def copied_folders(tmp_path: Path) -> tuple[Path, Path]:
    """The mini catalog and the readable test records, copied where a test may edit them."""
    catalog = tmp_path / "cards"
    catalog.mkdir()
    for source in MINI.iterdir():
        (catalog / source.name).write_bytes(source.read_bytes())
    records = tmp_path / "records"
    records.mkdir()
    for source in RECORDS.glob("000[1-6]-*.md"):
        (records / source.name).write_bytes(source.read_bytes())
    return catalog, records


@pytest.fixture
def editable(tmp_path: Path) -> tuple[Site, Path, Path]:
    catalog, records = copied_folders(tmp_path)
    return site_of(tmp_path, catalog, records), catalog, records


def _snapshot(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_a_one_card_edit_rewrites_only_the_pages_that_show_that_card(
    editable: tuple[Site, Path, Path],
) -> None:
    site, catalog, _ = editable
    before = _snapshot(site.out)
    card_file = catalog / "data-drift.yaml"
    text = card_file.read_text(encoding="utf-8")
    card_file.write_text(
        text.replace("title: Data Drift", "title: Data Drift, edited"), encoding="utf-8"
    )
    rewritten = site.rebuild([card_file])
    graph = load_catalog(catalog)
    neighbours = {n.card.id for n in queries.related(MemoryStore(graph), "data-drift").neighbours}
    expected = {
        "cards/data-drift/index.html",
        *(f"cards/{i}/index.html" for i in neighbours),
        "index.html",  # its title is listed there
        "search/index.html",
        "map/index.html",
    }
    assert set(rewritten) == expected
    after = _snapshot(site.out)
    changed = {name for name in after if after[name] != before.get(name)} - {MARKER_FILE}
    assert changed == expected
    assert is_own(site.out)
    assert "Data Drift, edited" in parse(site.out / "cards" / "data-drift" / "index.html").words


def test_a_text_edit_leaves_the_pages_of_linked_cards_alone(
    editable: tuple[Site, Path, Path],
) -> None:
    site, catalog, _ = editable
    card_file = catalog / "silent-job-rot.yaml"
    text = card_file.read_text(encoding="utf-8")
    card_file.write_text(text.replace("summary: ", "summary: Now edited. ", 1), encoding="utf-8")
    assert set(site.rebuild([card_file])) == {
        "cards/silent-job-rot/index.html",
        "search/index.html",
        "map/index.html",
    }
    assert site.rebuild([card_file]) == []  # nothing changed since


def test_a_record_edit_rewrites_the_log_and_the_cards_it_applies(
    editable: tuple[Site, Path, Path],
) -> None:
    site, _, records = editable
    record = records / "0004-publish-order-events-on-a-queue.md"
    record.write_text(
        record.read_text(encoding="utf-8").replace("accepted", "deprecated", 1), encoding="utf-8"
    )
    assert set(site.rebuild([record])) == {
        "records/0004-publish-order-events-on-a-queue/index.html",
        "records/0005-replay-order-events-from-a-stream/index.html",  # shows its status
        "cards/queue-vs-stream/index.html",
        "index.html",  # counts records by status
        "log/index.html",
        "feed.xml",  # says its status
        "search/index.html",
        "map/index.html",
    }


def test_a_removed_card_takes_its_page_away_and_other_files_change_nothing(
    editable: tuple[Site, Path, Path], tmp_path: Path
) -> None:
    site, catalog, _ = editable
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text("not a card", encoding="utf-8")
    assert site.rebuild([elsewhere]) == []
    (catalog / "inventory-scheduled-work.yaml").unlink()
    rewritten = site.rebuild([catalog / "inventory-scheduled-work.yaml"])
    assert "cards/inventory-scheduled-work/index.html" in rewritten
    assert not (site.out / "cards" / "inventory-scheduled-work").exists()
    assert is_own(site.out)


# ---- what is kept from one build to the next ----


def test_a_site_built_from_the_cache_is_the_site_built_without_it(tmp_path: Path) -> None:
    """The map's data and the search index are kept in the cache folder and read back by
    the next build of the same catalog; the pages are the same bytes either way."""
    cache = tmp_path / "cache"
    without = _snapshot(site_of(tmp_path, out="without").out)
    assert _snapshot(site_of(tmp_path, out="first", cache=cache).out) == without
    kept = {path: path.read_bytes() for path in (cache / "text").iterdir()}
    assert len(kept) == 2  # the map's data and the search index
    assert _snapshot(site_of(tmp_path, out="again", cache=cache).out) == without
    assert {path: path.read_bytes() for path in (cache / "text").iterdir()} == kept


def test_a_cached_text_is_reused_only_whole_for_the_same_inputs_and_when_it_fits(
    tmp_path: Path,
) -> None:
    texts = TextCache(tmp_path, "a site's folders")
    made: list[str] = []

    def make(text: str) -> Callable[[], str]:
        return lambda: made.append(text) or text

    def text(inputs: bytes, made_now: str) -> str:
        return texts.text("map", inputs, make(made_now), fits=embeddable)

    assert text(b"one", '{"a":1}') == '{"a":1}'
    assert text(b"one", '{"a":2}') == '{"a":1}'  # reused
    assert text(b"two", '{"a":3}') == '{"a":3}'  # other inputs: made, and kept instead
    [file] = (tmp_path / "text").iterdir()
    assert text(b"one", '{"a":4}') == '{"a":4}'
    assert made == ['{"a":1}', '{"a":3}', '{"a":4}']
    key = file.read_bytes().removeprefix(TEXT_MAGIC).split(b" ")[0]  # the one for b"one"

    def forged(body: bytes) -> bytes:
        return b"%s%s %s\n%s" % (TEXT_MAGIC, key, hashlib.sha256(body).hexdigest().encode(), body)

    file.write_bytes(forged(b'{"a":5}'))  # whole, for these inputs: it is used
    assert text(b"one", '{"a":6}') == '{"a":5}'
    file.write_bytes(forged(b'{"a":5}')[:-1] + b"9")  # not what its digest says
    assert text(b"one", '{"a":7}') == '{"a":7}'
    file.write_bytes(forged(b'{"a":"</script><script>window.__pwned=1</script>"}'))
    assert text(b"one", '{"a":8}') == '{"a":8}'  # whole, but it could end its script element
    file.write_bytes(b"not a cache file")
    assert text(b"one", '{"a":9}') == '{"a":9}'
    assert made[-3:] == ['{"a":7}', '{"a":8}', '{"a":9}']


# ---- the search index ----


def test_separators_beyond_the_first_two_planes_do_not_exist() -> None:
    beyond = [
        point
        for point in range(LAST_SEPARATOR_PLANE, sys.maxunicode + 1)
        if unicodedata.category(chr(point))[0] in "ZP"
    ]
    assert beyond == []


def test_text_splits_as_minisearch_splits_it() -> None:
    assert tokens("Vendor lock-in, at 20 % (rule of thumb).") == [
        "Vendor",
        "lock",
        "in",
        "at",
        "20",
        "rule",
        "of",
        "thumb",
        "",
    ]
    assert tokens("a+b\tc") == ["a+b\tc"]  # symbols and tabs are not separators
    assert tokens("日本語、テキスト") == ["日本語", "テキスト"]
    assert _separators(0x80).pattern != _separators(LAST_SEPARATOR_PLANE).pattern
    # Text is split with the class of the code points up to its highest: the same terms.
    every = _separators(LAST_SEPARATOR_PLANE)
    for text in (
        "Don\u2019t \u2014 stop\u2026",
        "caf\u00e9\u00a0bar\u00bf",
        "a\u3000b \U0001f642, c",
    ):
        assert tokens(text) == every.split(text) != [text], text


# ---- the command ----


def test_the_command_writes_the_site_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "public"
    code, stdout, stderr = run_cli(
        "--catalog", str(MINI), "--records", str(RECORDS), "site", "-o", str(out)
    )
    assert code == 0, stderr
    assert stdout == f"wrote {out}: 6 cards, 6 decision records (open {out / 'index.html'})\n"
    assert "0007-broken-date.md:3: date:" in stderr  # reported, the rest built
    code, _, stderr = run_cli("--catalog", str(MINI), "site", "-o", str(out))
    assert code == 1 and "use --force" in stderr
    code, _, stderr = run_cli("--store", "neo4j", "site", "-o", str(tmp_path / "other"))
    assert code == 2 and "takes no --store" in stderr


def test_each_card_s_relations_are_the_store_s_neighbourhood_in_its_order() -> None:
    """Content makes every card's relations in one pass over the edges: the same others, in
    the same order, with the same edges in the same order, as the store's walk from each."""
    graph = load_catalog(MINI, records=RECORDS, strict_records=False)
    content = Content(graph, "Site")
    store = MemoryStore(graph)
    several = 0
    for card_id in graph.cards:
        walked = [
            (reached.id, [view(edge, card_id) for edge in reached.via])
            for reached in store.neighbourhood(card_id, None, 1)
        ]
        made = [(r.other.id, r.edges) for r in content.relations[card_id]]
        assert made == walked, card_id
        several += sum(len(edges) > 1 for _, edges in made)
    assert several  # some pair of cards is joined by more than one edge
