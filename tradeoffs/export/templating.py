"""HTML from Jinja2 templates with autoescape on: the pack's pages (``templates/`` here), and
the site's (``tradeoffs/site/templates/``).

Card text is untrusted: every value a template prints is escaped by Jinja2, so no page
needs (or has) a hand-written escape. Undefined names are errors, not empty strings.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

from tradeoffs.vocabulary import KIND_SPECS


@cache
def environment(package: str = "tradeoffs.export") -> jinja2.Environment:
    """The templates in ``package``'s ``templates/`` folder."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=True,  # every template, whatever its name: HTML, or the Atom feed (XML)
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # The templates are the package's own files: not looked at again for every page.
        auto_reload=False,
    )
    env.globals["kinds"] = KIND_SPECS  # every page's kind colours come from the vocabulary
    return env


def render(name: str, **context: Any) -> str:
    """The template ``name`` filled with ``context``."""
    return environment().get_template(name).render(**context)
