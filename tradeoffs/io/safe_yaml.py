"""YAML written by people, read safely: card files, a record's front matter, an import's
layout file. The only code that parses YAML from a file.

Such YAML is data, never a program. It is read in one pass over libyaml's parse events
(:func:`read_yaml`): as each event arrives it is checked, and anchors and aliases (the
"billion laughs"), explicit tags, keys that are not text or written twice, numbers too long
to convert, values over :data:`MAX_SCALAR_CHARS` and nesting deeper than :data:`MAX_DEPTH`
are refused, each as one :class:`~tradeoffs.errors.Problem` naming the line and the field;
the values are built from the same events, so nothing refused is ever built, and no node tree
is composed. A plain scalar is resolved as YAML 1.1's safe loader resolves it (PyYAML's own
table of implicit resolvers and its safe constructors), except that a date stays the text it
was written as. Deep flow nesting (``[[[[...``) is measured by :func:`_deep_flow_at` first,
since libyaml's scanner reads a whole run of brackets ahead (and from PyYAML 6.0.4 stops it
with its own message) before the first event arrives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from tradeoffs.errors import CatalogError, Problem, shown

MAX_DEPTH = 32
"""The deepest nesting of mappings and lists a card file may have (a card needs four)."""
MAX_NUMBER_DIGITS = 100
"""The longest number a card file may write; longer ones are refused before conversion."""
MAX_SCALAR_CHARS = 200_000

STR_TAG = "tag:yaml.org,2002:str"
NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")

# libyaml's parser when PyYAML was built with it: same events and marks, several times faster.
FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Constructor(yaml.constructor.SafeConstructor):
    """Builds the values of plain scalars YAML reads as something other than text; a date
    stays the text it was written as (card fields are text, and a date that is not one, such
    as 2024-13-45, must not be an internal error)."""


_Constructor.add_constructor(
    "tag:yaml.org,2002:timestamp",
    yaml.constructor.SafeConstructor.construct_yaml_str,  # type: ignore[type-var]
)
_CONSTRUCTOR = _Constructor()
# The safe loader's implicit resolvers by first character ("" for an empty scalar), as
# :meth:`yaml.resolver.Resolver.resolve` looks them up (it registers none for every
# character): a plain scalar whose first character has none is text, no regular expression run.
_RESOLVERS: dict[str, list[tuple[str, Any]]] = yaml.resolver.Resolver.yaml_implicit_resolvers
assert None not in _RESOLVERS


def _plain_tag(value: str) -> str:
    """The tag YAML 1.1 gives a plain scalar."""
    for tag, regexp in _RESOLVERS.get(value[:1], ()):
        if regexp.match(value):
            return tag
    return STR_TAG


@dataclass
class YamlDocument:
    """What :func:`read_yaml` read: the value, the line of its first node (None when the text
    holds no document), the line of each key of a top-level mapping, and the problems found
    once the whole text was read (keys that are not text or written twice, else a value that
    cannot be built), in the order of the text."""

    value: Any
    line: int | None
    key_lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def load_yaml(text: str, path: str, first_line: int = 1, what: str = "a card file") -> Any:
    """YAML written by people (a record's front matter, an import's layout file) as data,
    under the same rules as a card file; problems name lines counted from ``first_line`` and
    say what the file is (``what``). Raises :class:`CatalogError`."""
    try:
        document = read_yaml(text, path, what)
        problems = document.problems
        if not problems:
            return document.value
    except CatalogError as exc:
        problems = exc.problems
    raise CatalogError(
        [
            Problem(p.path, None if p.line is None else p.line + first_line - 1, p.field, p.message)
            for p in problems
        ]
    )


def read_yaml(text: str, path: str, what: str = "a card file") -> YamlDocument:
    """The YAML's value, read in one pass over its parse events and checked as they arrive.

    Raises :class:`CatalogError` at once for text that is not YAML and for what is never
    read (an anchor, an alias or an explicit tag, nesting deeper than :data:`MAX_DEPTH`, a
    key that is a mapping or a list, a value over :data:`MAX_SCALAR_CHARS` characters or a
    number over :data:`MAX_NUMBER_DIGITS` digits) and for a second document; the problems a
    whole read can list are in :attr:`YamlDocument.problems`.
    """
    try:
        deep = _deep_flow_at(text) if text.count("[") + text.count("{") > MAX_DEPTH else None
        if deep is not None:
            # Only the text up to the first bracket too deep: the read refuses at that bracket
            # if it opens a collection; if it does not (a bracket inside text), the whole text
            # is read as usual.
            try:
                _read_events(text[: deep + 1], path, what)
            except yaml.YAMLError:
                pass
        return _read_events(text, path, what)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        rows = text.splitlines()
        # An error found at the end of the stream points past the last line; name the last one.
        line = min(mark.line + 1, len(rows) or 1) if mark else 1
        message = " ".join(str(exc.problem or exc.context).split())
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


_NOT_TEXT = "keys must be text (quote a key that YAML reads as a number, a boolean or null)"
_DUPLICATE = "duplicate key (a second value would silently replace the first)"


def _read_events(text: str, path: str, what: str) -> YamlDocument:
    """:func:`read_yaml` without the translation of PyYAML's errors."""
    loader = FastLoader(text)
    next_event = loader.get_event
    scalar_event = yaml.ScalarEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    resolvable = _RESOLVERS.keys()
    max_chars = MAX_SCALAR_CHARS
    document = YamlDocument(None, None)
    problems = document.problems
    unbuilt: tuple[int, Problem] | None = None  # the first value that cannot be built
    documents = 0
    second_document = 0  # the line where a second document starts
    # The innermost open mapping or list, in locals (the loop reads them at every event):
    container: Any = None  # its value (None outside any)
    mapping = False
    expect_key = False  # a mapping's next scalar is a key
    key: str | None = None  # a mapping's last key, kept after its value to name a problem
    skip = False  # the value being read belongs to a key that is not text: not kept
    quiet = False  # inside the value of a key that is not text: keys not checked
    prefix = ""  # the dotted path of keys and list positions to it, ending in a dot
    # The same for each enclosing one, saved when a mapping or list opens inside it.
    stack: list[tuple[Any, bool, bool, str | None, bool, bool, str]] = []

    def refuse(event: yaml.Event, message: str) -> None:
        # Named by the keys alone: list positions are left out.
        keys = [saved[3] for saved in stack[1:]] + [key]
        name = ".".join(part[:40] for part in keys if part is not None) or "(yaml)"
        raise CatalogError([Problem(path, _line(event), name, message)])

    try:
        while (event := next_event()) is not None:
            kind = event.__class__
            if kind is scalar_event:
                if event.anchor is not None:
                    refuse(event, f"anchors (&{event.anchor}) are not allowed in {what}")
                if event.tag is not None and event.tag != "!":
                    refuse(event, _tag_refused(event.tag, what))
                value: Any = event.value
                if len(value) > max_chars:
                    refuse(event, f"a value longer than {max_chars} characters")
                plain = event.implicit[0] and value[:1] in resolvable
                if expect_key:
                    key = value
                    expect_key = False
                    if quiet:
                        continue
                    if plain and _plain_tag(value) != STR_TAG:
                        shown_key = value or "(empty key)"  # `?` alone, or `: value`
                        name = f"{prefix}{shown_key}"[:80]
                        problems.append(Problem(path, _line(event), name, _NOT_TEXT))
                        skip = True
                    elif value in container:
                        problems.append(Problem(path, _line(event), prefix + value, _DUPLICATE))
                    elif len(stack) == 1:
                        document.key_lines[value] = event.start_mark.line + 1
                    continue
                if plain and (tag := _plain_tag(value)) != STR_TAG:
                    if tag in NUMBER_TAGS and len(value) > MAX_NUMBER_DIGITS:
                        # Python refuses to convert an integer of over 4,300 digits (decimal,
                        # hex, octal, binary or sexagesimal alike); no card needs a hundred.
                        refuse(event, f"a number longer than {MAX_NUMBER_DIGITS} digits")
                    try:
                        value = _construct(tag, value, event.start_mark)
                    except (yaml.YAMLError, ValueError, OverflowError, TypeError):
                        # PyYAML builds a document level by level: the shallowest comes first.
                        if unbuilt is None or len(stack) < unbuilt[0]:
                            where = key if mapping else len(container or ())
                            name = f"{prefix}{where}"[:80] if container is not None else "(yaml)"
                            problem = Problem(path, _line(event), name, _unbuilt(tag, value))
                            unbuilt = (len(stack), problem)
            elif kind is mapping_start or kind is sequence_start:
                if event.anchor is not None:
                    refuse(event, f"anchors (&{event.anchor}) are not allowed in {what}")
                if event.tag is not None:
                    refuse(event, _tag_refused(event.tag, what))
                if expect_key:
                    key = None  # the problem is at this mapping, not at its previous key
                    refuse(event, "keys must be text, not a mapping or a list")
                if container is None:
                    inner = ""
                    if documents == 1:
                        document.line = _line(event)
                else:
                    inner = f"{prefix}{key if mapping else len(container)}."
                if len(stack) >= MAX_DEPTH:
                    refuse(event, f"nested deeper than {MAX_DEPTH} levels")
                stack.append((container, mapping, expect_key, key, skip, quiet, prefix))
                mapping = expect_key = kind is mapping_start
                container = {} if mapping else []
                key, quiet, skip, prefix = None, quiet or skip, False, inner
                continue
            elif kind is mapping_end or kind is sequence_end:
                value = container
                container, mapping, expect_key, key, skip, quiet, prefix = stack.pop()
            elif kind is yaml.AliasEvent:
                refuse(event, f"aliases (*{event.anchor}) are not allowed in {what}")
            else:
                if kind is yaml.DocumentStartEvent:
                    documents += 1
                    if documents == 2:
                        second_document = _line(event)
                continue
            # A value is complete: it goes where it belongs.
            if container is None:
                if documents == 1:
                    document.value = value
                    document.line = document.line or _line(event)
            elif not mapping:
                container.append(value)
            else:
                if skip:
                    skip = False
                else:
                    container[key] = value
                expect_key = True
    finally:
        loader.dispose()
    if documents > 1:
        lines = len(text.splitlines()) or 1
        raise CatalogError(
            [Problem(path, min(second_document, lines), "(yaml)", "but found another document")]
        )
    if not problems and unbuilt is not None:
        problems.append(unbuilt[1])
    return document


def _line(event: yaml.Event) -> int:
    return event.start_mark.line + 1 if event.start_mark else 1


def _tag_refused(tag: str, what: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")[:40]
    return f"tags ({shown}) are not allowed in {what}"


def _construct(tag: str, value: str, mark: yaml.Mark) -> Any:
    """The value of a plain scalar of ``tag`` (not text), built as the safe loader builds it."""
    constructors = _Constructor.yaml_constructors
    build = constructors.get(tag) or constructors[None]
    return build(_CONSTRUCTOR, yaml.ScalarNode(tag, value, mark, mark))


_TAG_WORDS = {
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
}


def _unbuilt(tag: str, value: str) -> str:
    """Why a plain value that YAML takes for a number (``0b_``, ``0x_``) is not read."""
    word = _TAG_WORDS.get(tag, "a value of its own kind")
    return f"{shown(value)} reads as {word} but is not one (quote it to keep it as text)"


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


def field_lines(text: str) -> Callable[[tuple[Any, ...]], int]:
    """For text :func:`read_yaml` read without a problem: the line of the deepest node that a
    location reaches (a missing field points at its parent). Only a problem needs lines
    below the top level, so the text is parsed again, into nodes, once and only then."""
    loader = FastLoader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()

    def line_of(loc: tuple[Any, ...]) -> int:
        node = root
        if node is None:
            return 1
        line = node.start_mark.line + 1
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                match = next(((k, v) for k, v in node.value if k.value == str(part)), None)
                if match is None:
                    break
                line = match[0].start_mark.line + 1
                node = match[1]
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(part, int)
                and part < len(node.value)
            ):
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                break
        return line

    return line_of


class _Dumper(yaml.SafeDumper):
    """Never writes an anchor: what we write must be read back by :func:`load_yaml`."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_yaml(data: Any, **options: Any) -> str:
    """``data`` as YAML that :func:`load_yaml` reads back (no anchors or aliases); ``options``
    as :func:`yaml.dump` takes them. Keys keep their order, text stays Unicode."""
    text: str = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, **options)
    return text
