"""The map as one HTML string, rendered from a Jinja2 template with autoescaping on: the title
and every attribute are escaped by the template engine, never by hand. Our script and style,
and vis-network, are inlined as trusted code; the data is embedded as JSON that cannot close
its script element. Nothing is fetched when the page opens, and card text never becomes markup.

vis-network is not kept in this repository: it is read at render time from the copy the
installed ``pyvis`` package ships (``pyvis/templates/lib/vis-9.1.2/``), licence header included.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, StrictUndefined, Template
from markupsafe import Markup

from tradeoffs.errors import TradeoffsError
from tradeoffs.io.marks import UNSTAMPED
from tradeoffs.io.read import read_package_text
from tradeoffs.io.write import write_file
from tradeoffs.models import Subgraph
from tradeoffs.vocabulary import Kind

if TYPE_CHECKING:
    from tradeoffs.graph.cache import TextCache

DEFAULT_TITLE = "Tradeoffs map"
# Characters that could end the data block or start markup, and the two line separators
# older JavaScript parsers treat as line ends: written as JSON escapes instead.
JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
JSON_ESCAPED = re.compile("[<>&\u2028\u2029]")


@dataclass(frozen=True)
class Assets:
    template: Template
    style: str
    scripts: dict[str, str]
    content_security_policy: str


def render_map(
    subgraph: Subgraph,
    *,
    title: str = DEFAULT_TITLE,
    focus: str | None = None,
    card_pages: dict[Kind, str] | None = None,
    poll: str | None = None,
    cache: TextCache | None = None,
) -> str:
    """One self-contained HTML page drawing ``subgraph``; ``focus`` names a card to open first;
    ``card_pages`` (each kind's folder, relative to the page) makes the panel link to each
    card's own page. ``poll`` is one more script of ours, the only one allowed to ask the
    page's own server (``connect-src 'self'``): the site preview's reload; without it the page
    makes no request at all. ``cache`` keeps the page's data for the next map of the same
    subgraph."""

    def data() -> str:
        from tradeoffs.map.data import map_data, page_json  # not when the cache has it

        return html_safe(page_json(map_data(subgraph, focus=focus, card_pages=card_pages)))

    if cache is None:
        text = data()
    else:
        inputs = (
            json.dumps([focus, card_pages]).encode() + b"\n" + subgraph.model_dump_json().encode()
        )
        text = cache.text("map", inputs, data, fits=embeddable)
    assets = _assets()
    scripts = list(assets.scripts.values())
    policy = assets.content_security_policy
    if poll is not None:
        scripts.append(poll)
        policy = _content_security_policy(assets.style, scripts) + "; connect-src 'self'"
    # Only our own code and the JSON (escaped by html_safe) bypass autoescaping.
    return assets.template.render(
        title=title,
        output_mark=UNSTAMPED,
        content_security_policy=policy,
        style=Markup(assets.style),
        data=Markup(text),
        scripts=[Markup(script) for script in scripts],
    )


def write_map(
    subgraph: Subgraph,
    path: Path,
    *,
    title: str = DEFAULT_TITLE,
    focus: str | None = None,
    force: bool = False,
) -> None:
    """Write the map to ``path`` atomically. A file already there is replaced only with
    ``force``, and only when it is tradeoffs' output, unchanged (:func:`tradeoffs.io.is_own`)."""
    if path.is_dir():
        raise TradeoffsError("is a folder; give a file name", path=path)
    page = render_map(subgraph, title=title, focus=focus)
    write_file(path, page, force=force)


def json_for_html(data: Any) -> str:
    """JSON that can sit inside ``<script type="application/json">``: no ``</script>`` or
    ``<!--`` can form, whatever the strings hold."""
    return html_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def html_safe(text: str) -> str:
    """JSON text, whoever wrote it, as :func:`json_for_html` writes it: the characters that
    could end the data block or start markup escaped (within strings, the only place a
    valid JSON text holds them)."""
    return JSON_ESCAPED.sub(lambda match: JSON_ESCAPES[match.group()], text)


def embeddable(text: str) -> bool:
    """Whether ``text`` can sit inside a script element as :func:`json_for_html` writes it: a
    text from elsewhere (a cache file) that holds none of the characters it escapes."""
    # A substring search per character: five times faster than the class on a map's data.
    return not any(character in text for character in JSON_ESCAPES)


VIS_NETWORK = "templates/lib/vis-9.1.2/vis-network.min.js"


@cache
def _assets() -> Assets:
    """The template and what it inlines, read once.

    vis-network is read from the copy pyvis ships (``pyvis/templates/lib/vis-9.1.2/``), with
    its licence header, so no third-party code lives in this repository.
    """
    # The source map comment would make an open developer console fetch a file that is not there.
    vis = read_package_text("pyvis", *VIS_NETWORK.split("/"))
    vis = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", vis)
    scripts = {"vis": vis, "app": read_package_text("tradeoffs.map", "static", "map.js")}
    style = read_package_text("tradeoffs.map", "static", "map.css")
    environment = Environment(
        autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True
    )
    return Assets(
        template=environment.from_string(read_package_text("tradeoffs.map", "template.html")),
        style=style,
        scripts=scripts,
        content_security_policy=_content_security_policy(style, scripts.values()),
    )


def _content_security_policy(style: str, scripts: Iterable[str]) -> str:
    """Only our own inline scripts and style may run, by hash, and nothing may be loaded: an
    injected tag or handler would be refused even if card text ever reached the markup."""
    script_hashes = " ".join(_hash_source(script) for script in scripts)
    return (
        "default-src 'none'; "
        f"script-src {script_hashes}; "
        f"style-src {_hash_source(style)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def _hash_source(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"
