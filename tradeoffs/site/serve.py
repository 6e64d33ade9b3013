"""The site's preview: the site built into a folder, served on 127.0.0.1, and rebuilt page by
page as its card and record files change (watchfiles tells which), as ``mkdocs serve`` does.

Each page of the preview asks its own server (``/__tradeoffs/state``, the only address that is
not a file) which build it is at and what could not be read; it reloads when the build moved
on, and shows the problems (``path:line: field: message``) at its top. A file that breaks while
it is edited leaves the pages as they were last built, with the problem shown, until it is
fixed: the preview never stops for it.
"""

from __future__ import annotations

import json
import mimetypes
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tradeoffs.errors import CatalogError, Problem, TradeoffsError
from tradeoffs.io.read import read_served_file
from tradeoffs.site.build import Site

STATE = "/__tradeoffs/state"
HOST = "127.0.0.1"


@dataclass
class State:
    """What the preview's pages poll: the build they should show, and the problems."""

    build: int = 0
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"build": self.build, "problems": self.problems}).encode()

    def update(self, problems: list[str], rebuilt: bool) -> None:
        with self.lock:
            self.problems = problems
            self.build += rebuilt


def serve(
    site: Site,
    *,
    port: int,
    started: Callable[[str], None],
    rebuilt: Callable[[list[str]], None],
    report: Callable[[Problem | str], None],
    stop: threading.Event | None = None,
) -> None:
    """Serve ``site`` (built, with ``live`` pages) on 127.0.0.1:``port`` (0: a free port) and
    rebuild it as its folders change, until ``stop`` is set or the process is interrupted.
    ``started`` gets the address; ``rebuilt`` the pages each rebuild rewrote; ``report`` each
    problem met."""
    from watchfiles import watch

    state = State(problems=[str(problem) for problem in site.problems])
    try:
        server = ThreadingHTTPServer((HOST, port), _handler(site.out, state))
    except OSError as exc:
        raise TradeoffsError(
            f"cannot listen on {HOST}:{port}: {exc.strerror or exc} (choose another --port)"
        ) from exc
    thread = threading.Thread(target=server.serve_forever, name="tradeoffs-preview", daemon=True)
    thread.start()
    try:
        started(f"http://{HOST}:{server.server_address[1]}/")
        for changes in watch(*site.folders, stop_event=stop):
            problems: list[Problem | str]
            written: list[str] = []
            try:
                written = site.rebuild(Path(path) for _, path in changes)
            except CatalogError as error:
                problems = list(error.problems)
            except TradeoffsError as error:
                problems = [str(error)]
            else:
                problems = list(site.problems)
            for problem in problems:
                report(problem)
            if written:
                rebuilt(written)
            state.update([str(problem) for problem in problems], bool(written))
    finally:
        server.shutdown()
        server.server_close()


def _handler(root: Path, state: State) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        """The site's files, and the preview's state; nothing is ever cached."""

        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            address = unquote(urlsplit(self.path).path)
            if address == STATE:
                self._send(200, state.as_json(), "application/json")
                return
            body = read_served_file(root, address)
            if body is None:
                self._send(404, b"not found\n", "text/plain; charset=utf-8")
                return
            name = address.rstrip("/").rsplit("/", 1)[-1]
            guessed = mimetypes.guess_type(name if "." in name else "index.html")[0]
            kind = guessed or "application/octet-stream"
            if kind.startswith("text/") or kind in ("application/javascript", "application/xml"):
                kind += "; charset=utf-8"
            self._send(200, body, kind)

        def _send(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the terminal shows what was rebuilt and the problems, not each request."""

    return Handler
