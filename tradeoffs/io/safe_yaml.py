"""YAML written by people, read safely: card files, a record's front matter, an import's
layout file. The only code that parses YAML from a file.

Such YAML is data, never a program: before anything is built from it, its events are checked,
and anchors and aliases (the "billion laughs"), explicit tags, keys that are not text, numbers
too long to convert, values over :data:`MAX_SCALAR_CHARS` and nesting deeper than
:data:`MAX_DEPTH` are refused, each as one :class:`~tradeoffs.errors.Problem` naming the line
and the field. These are our promises, so they are kept here, before PyYAML sees the text:
deep flow nesting (``[[[[...``) is measured by :func:`_flow_depth_exceeded` first, since
libyaml's scanner reads a whole run of brackets ahead (and from PyYAML 6.0.4 stops it with its
own message) before the first event reaches :func:`check_events`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from tradeoffs.errors import CatalogError, Problem

MAX_DEPTH = 32
"""The deepest nesting of mappings and lists a card file may have (a card needs four)."""
MAX_NUMBER_DIGITS = 100
"""The longest number a card file may write; longer ones are refused before conversion."""
MAX_SCALAR_CHARS = 200_000

STR_TAG = "tag:yaml.org,2002:str"
NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")

# libyaml's parser when PyYAML was built with it: same nodes and marks, several times faster.
FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str, path: str, first_line: int = 1, what: str = "a card file") -> Any:
    """YAML written by people (a record's front matter, an import's layout file) as data,
    under the same rules as a card file; problems name lines counted from ``first_line`` and
    say what the file is (``what``). Raises :class:`CatalogError`."""
    try:
        node = compose(text, path, what)
        if node is None:
            return None
        problems = list(key_problems(node, path))
        if not problems:
            return construct(node, path)
    except CatalogError as exc:
        problems = exc.problems
    raise CatalogError(
        [Problem(p.path, p.line + first_line - 1, p.field, p.message) for p in problems]
    )


def construct(node: yaml.Node, path: str) -> Any:
    """The value of a node :func:`compose` checked (and :func:`key_problems` found fine).
    Raises :class:`CatalogError` for a value that cannot be built."""
    try:
        return _Constructor("").construct_document(node)
    except (yaml.YAMLError, ValueError, OverflowError, TypeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        message = " ".join(str(getattr(exc, "problem", None) or exc).split())[:200]
        raise CatalogError(
            [Problem(path, line, "(yaml)", f"cannot read a value: {message}")]
        ) from None


class _Constructor(yaml.SafeLoader):
    """Builds values from checked nodes; a date stays the text it was written as (card fields
    are text, and a date that is not one, such as 2024-13-45, must not be an internal error)."""


_Constructor.add_constructor(
    "tag:yaml.org,2002:timestamp",
    yaml.SafeLoader.construct_yaml_str,  # type: ignore[type-var]
)


def compose(text: str, path: str, what: str = "a card file") -> yaml.Node | None:
    """The YAML's node tree, after checking its events: no anchor, alias or explicit tag, no
    nesting deeper than :data:`MAX_DEPTH`, no number too long to convert."""
    lines = len(text.splitlines()) or 1
    try:
        check_events(text, path, what)
        loader = FastLoader(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # An error found at the end of the stream points past the last line; name the last one.
        line = min(mark.line + 1, lines) if mark else 1
        message = " ".join(str(exc.problem or exc.context).split())
        rows = text.splitlines()
        if (
            mark
            and mark.line < len(rows)
            and rows[mark.line][mark.column : mark.column + 1] == "\t"
        ):
            message = "a tab where YAML needs spaces (indent with spaces only)"
        raise CatalogError([Problem(path, line, "(yaml)", message)]) from None
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())[:200]
        raise CatalogError([Problem(path, 1, "(yaml)", message)]) from None


def check_events(text: str, path: str, what: str = "a card file") -> None:
    """Refuse what :func:`compose` refuses, as one :class:`CatalogError` naming line and field."""
    deep = _deep_flow_at(text)
    if deep is not None:
        # Only the text up to the first bracket too deep: the walk refuses at that bracket if
        # it opens a collection; if it does not (a bracket inside text), the whole text is
        # walked as usual.
        try:
            _walk_events(text[: deep + 1], path, what)
        except yaml.YAMLError:
            pass
    _walk_events(text, path, what)


def _walk_events(text: str, path: str, what: str) -> None:
    # Per open mapping or list: whether it is a mapping, how many nodes it holds so far, and
    # its last key (to name the field of a problem).
    open_nodes: list[tuple[bool, list[int], list[str]]] = []

    def refuse(event: yaml.Event, message: str) -> None:
        field = ".".join(key[0] for _, _, key in open_nodes if key) or "(yaml)"
        line = event.start_mark.line + 1 if event.start_mark else 1
        raise CatalogError([Problem(path, line, field, message)])

    loader = FastLoader(text)
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, yaml.AliasEvent):
                refuse(event, f"aliases (*{event.anchor}) are not allowed in {what}")
            if not isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
                if isinstance(event, yaml.CollectionEndEvent):
                    open_nodes.pop()
                continue
            if event.anchor is not None:
                refuse(event, f"anchors (&{event.anchor}) are not allowed in {what}")
            if event.tag is not None and not (
                isinstance(event, yaml.ScalarEvent) and event.tag == "!"
            ):
                tag = event.tag.replace("tag:yaml.org,2002:", "!!")[:40]
                refuse(event, f"tags ({tag}) are not allowed in {what}")
            is_key = False
            if open_nodes:
                is_mapping, count, key = open_nodes[-1]
                is_key = is_mapping and count[0] % 2 == 0
                count[0] += 1
            if isinstance(event, yaml.ScalarEvent):
                if len(event.value) > MAX_SCALAR_CHARS:
                    refuse(event, f"a value longer than {MAX_SCALAR_CHARS} characters")
                if is_key:
                    key[:] = [event.value[:40]]
                elif (
                    event.implicit[0]
                    and len(event.value) > MAX_NUMBER_DIGITS
                    and loader.resolve(yaml.ScalarNode, event.value, (True, False)) in NUMBER_TAGS
                ):
                    # Python refuses to convert an integer of over 4,300 digits (decimal, hex,
                    # octal, binary or sexagesimal alike); no card needs a hundred.
                    refuse(event, f"a number longer than {MAX_NUMBER_DIGITS} digits")
                continue
            if is_key:
                key.clear()  # the problem is at this mapping, not at its previous key
                refuse(event, "keys must be text, not a mapping or a list")
            if len(open_nodes) >= MAX_DEPTH:
                refuse(event, f"nested deeper than {MAX_DEPTH} levels")
            open_nodes.append((isinstance(event, yaml.MappingStartEvent), [0], []))
    finally:
        loader.dispose()


def _deep_flow_at(text: str) -> int | None:
    """The offset of the first ``[`` or ``{`` that opens a flow collection deeper than
    :data:`MAX_DEPTH`, or None. A rough scan of the text (quotes, comments and block scalars
    skipped, a bracket counted wherever a collection may start): it errs towards counting a
    bracket that is text, and :func:`check_events` confirms what it finds with the parser."""
    depth = 0
    quote = ""  # the quote of a scalar that is open, across lines
    block_indent = -1  # inside a block scalar (| or >): lines indented deeper are its text
    offset = 0
    for line in text.splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        indent = len(line) - len(line.lstrip(" "))
        if block_indent >= 0:
            if not line.strip() or indent > block_indent:
                continue
            block_indent = -1
        before = ""  # the last character that was not a space, on this line
        j = 0
        while j < len(line):
            char = line[j]
            j += 1
            if quote:
                if char == "\\" and quote == '"':
                    j += 1
                elif char == quote:
                    if quote == "'" and line[j : j + 1] == "'":
                        j += 1
                    else:
                        quote = ""
                continue
            if char in " \t":
                continue
            if char in "\r\n":
                break
            starts = before in ("", ":", "-", "?") or (depth > 0 and before in "[{,")
            if char == "#" and (j == 1 or line[j - 2] in " \t"):
                break
            if char in "'\"" and starts:
                quote = char
            elif char in "[{" and starts:
                depth += 1
                if depth > MAX_DEPTH:
                    return start + j - 1
            elif char in "]}" and depth:
                depth -= 1
            elif char in "|>" and not depth and starts:
                block_indent = indent
                break
            before = char
    return None


def key_problems(node: yaml.Node, path: str, prefix: str = "") -> Iterator[Problem]:
    """Keys that are not text, and keys written twice (the second value would silently replace
    the first)."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            line = key.start_mark.line + 1
            if not isinstance(key, yaml.ScalarNode) or key.tag != STR_TAG:
                shown_key = key.value if isinstance(key, yaml.ScalarNode) else "(a collection)"
                shown_key = shown_key or "(empty key)"  # `?` alone, or `: value`
                yield Problem(
                    path,
                    line,
                    f"{prefix}{shown_key}"[:80],
                    "keys must be text (quote a key that YAML reads as a number, a boolean or null)",
                )
                continue
            name = f"{prefix}{key.value}"
            if key.value in seen:
                yield Problem(
                    path,
                    line,
                    name,
                    "duplicate key (a second value would silently replace the first)",
                )
            seen.add(key.value)
            yield from key_problems(value, path, name + ".")
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from key_problems(item, path, f"{prefix}{index}.")


def line_of(node: yaml.Node, loc: tuple[Any, ...]) -> int:
    """The line of the deepest node that ``loc`` reaches (a missing field points at its parent)."""
    line = node.start_mark.line + 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == str(part)), None)
            if match is None:
                break
            line = match[0].start_mark.line + 1
            node = match[1]
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


class _Dumper(yaml.SafeDumper):
    """Never writes an anchor: what we write must be read back by :func:`load_yaml`."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_yaml(data: Any, **options: Any) -> str:
    """``data`` as YAML that :func:`load_yaml` reads back (no anchors or aliases); ``options``
    as :func:`yaml.dump` takes them. Keys keep their order, text stays Unicode."""
    text: str = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, **options)
    return text
