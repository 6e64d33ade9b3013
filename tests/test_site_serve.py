"""``tradeoffs site --serve`` as people run it: a real process serving on 127.0.0.1 and a real
Chromium on its pages. An edited card reaches the open page, a broken file shows its problem on
the page while the preview goes on, and fixing it brings the page back. Every wait is on the
page's state (or the process's output), never on time.
"""

from __future__ import annotations

import html
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.request import urlopen

import pytest
from test_site import copied_folders

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
STARTED = "serving the site at "


class Preview:
    """The command in a process of its own, its output read line by line."""

    def __init__(self, *args: str, cwd: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tradeoffs", *args],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.errors: list[str] = []
        for stream, keep in (
            (self.process.stdout, self.lines.put),
            (self.process.stderr, self.errors.append),
        ):
            threading.Thread(target=self._read, args=(stream, keep), daemon=True).start()

    @staticmethod
    def _read(stream: object, keep: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            keep(line.rstrip("\n"))  # type: ignore[operator]

    def address(self) -> str:
        """The address the preview printed once it was serving (a minute at most, so a
        preview that never starts fails rather than hangs)."""
        line = self.lines.get(timeout=60)
        assert line.startswith(STARTED), (line, self.errors)
        return line.removeprefix(STARTED).split(" ", 1)[0]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    return copied_folders(tmp_path)


@pytest.fixture
def preview(folders: tuple[Path, Path], tmp_path: Path) -> Iterator[tuple[Preview, str]]:
    catalog, records = folders
    running = Preview(
        "--catalog",
        str(catalog),
        "--records",
        str(records),
        "site",
        "--serve",
        "--port",
        "0",
        cwd=tmp_path,
    )
    try:
        yield running, running.address()
    finally:
        running.stop()


@contextmanager
def watched_page(browser: Browser, address: str) -> Iterator[tuple[Page, list[str]]]:
    """A page in a context of its own, and the addresses it asked for outside the preview."""
    context = browser.new_context()
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(address) else None)
    try:
        yield page, outside
    finally:
        context.close()


def test_the_preview_serves_only_on_the_loopback_and_its_files(
    preview: tuple[Preview, str],
) -> None:
    _, address = preview
    assert address.startswith("http://127.0.0.1:") and address.endswith("/")
    with urlopen(address + "cards/data-drift/index.html") as response:
        page = response.read().decode()
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "<h1>Data Drift</h1>" in page and "assets/live.js" in page
    assert "connect-src 'self'" in html.unescape(page)
    with urlopen(address + "__tradeoffs/state") as response:
        assert response.read() == b'{"build": 0, "problems": []}'
    for outside in ("../../etc/passwd", "%2e%2e/%2e%2e/etc/passwd", "nothing-here.html"):
        with pytest.raises(Exception) as caught:
            urlopen(address + outside)
        assert "404" in str(caught.value)


def test_an_edit_reaches_the_open_page_and_a_broken_file_shows_its_problem(
    preview: tuple[Preview, str], folders: tuple[Path, Path], browser: Browser
) -> None:
    running, address = preview
    catalog, _ = folders
    card = catalog / "data-drift.yaml"
    original = card.read_text(encoding="utf-8")
    with watched_page(browser, address) as (page, outside):
        page.goto(address + "cards/data-drift/index.html")
        page.wait_for_function("() => window.tradeoffsLive && window.tradeoffsLive.build !== null")

        card.write_text(original.replace("title: Data Drift", "title: Data Drift, edited"))
        page.wait_for_function(
            "() => document.querySelector('h1').textContent === 'Data Drift, edited'"
        )
        # A page that shows the card's title elsewhere follows too.
        page.goto(address + "cards/silent-job-rot/index.html")
        assert page.get_by_role("link", name="Data Drift, edited").count() == 1
        page.goto(address + "cards/data-drift/index.html")
        page.wait_for_function("() => window.tradeoffsLive && window.tradeoffsLive.build !== null")

        card.write_text(original.replace("kind: failure_mode", "kind: no_such_kind"))
        page.wait_for_function("() => document.querySelector('[role=alert]') !== null")
        problem = page.locator("[role=alert] pre").text_content() or ""
        assert problem.startswith(f"{card}:2: ")  # path:line: the problem, as validate says it
        assert page.locator("h1").text_content() == "Data Drift, edited"  # the last good page
        assert running.process.poll() is None

        card.write_text(original.replace("title: Data Drift", "title: Data Drift, fixed"))
        page.wait_for_function(
            "() => document.querySelector('h1').textContent === 'Data Drift, fixed'"
        )
        page.wait_for_function("() => window.tradeoffsLive.build !== null")
        assert page.locator("[role=alert]").count() == 0
        assert outside == []
    assert any(line.startswith("rebuilt cards/data-drift/index.html") for line in running.errors)


def test_an_edit_reloads_the_open_map_page(
    preview: tuple[Preview, str], folders: tuple[Path, Path], browser: Browser
) -> None:
    _, address = preview
    with urlopen(address + "map/index.html") as response:
        policy = html.unescape(response.read().decode())
    assert "connect-src 'self'" in policy  # served only: the static map makes no request
    catalog, _ = folders
    card = catalog / "data-drift.yaml"
    original = card.read_text(encoding="utf-8")
    refused: list[str] = []
    with watched_page(browser, address) as (page, outside):
        page.on(
            "console", lambda m: refused.append(m.text) if "Content Security" in m.text else None
        )
        page.goto(address + "map/index.html")
        page.wait_for_function("() => window.tradeoffsLive && window.tradeoffsLive.build !== null")
        data = "document.getElementById('map-data').textContent"
        assert "Data Drift, edited" not in page.evaluate(data)
        card.write_text(original.replace("title: Data Drift", "title: Data Drift, edited"))
        page.wait_for_function(f"() => {data}.includes('Data Drift, edited')")
        page.wait_for_function("() => window.tradeoffsLive && window.tradeoffsLive.build !== null")
        assert outside == [] and refused == []
