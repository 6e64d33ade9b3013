"""Issue 10, proof: arbitrary and mutated input to the three readers (native YAML, card text,
catalog JSON) ends in a card or in one-line ``path:line`` problems, never a traceback, quickly.
Issue 19 added what users feed by accident: card text cut off anywhere (a prefix is read only
if it is itself a complete card: the card it reads as, written back, is that prefix), card
text with lines of noise pasted in, and YAML files of a single token.

Bounded: a fixed number of examples per property, no deadline flakiness (each input is timed
by the test itself). ``TRADEOFFS_FUZZ=ci`` (set by ``.ci/run``) runs 2,000 examples per
property, about two minutes on two busy cores; the default, 150, runs in seconds.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradeoffs.errors import CatalogError, Problem
from tradeoffs.formats.native import parse_card_text
from tradeoffs.formats.text import parse_text, render_text
from tradeoffs.loaders.importer import read_source
from tradeoffs.models import CARD_ADAPTER

DATA = Path(__file__).parent / "data"
LINE = re.compile(r"^[^\n]*:\d+: [^\n]+: [^\n]+$")
settings.register_profile("dev", max_examples=150)
settings.register_profile("ci", max_examples=2_000)
FUZZ = settings(
    settings.get_profile(os.environ.get("TRADEOFFS_FUZZ", "dev")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,
)

YAML_SEED = (DATA / "mini" / "cron-vs-workflow-engine.yaml").read_text(encoding="utf-8")
TEXT_SEEDS = [
    render_text(CARD_ADAPTER.validate_python(yaml.safe_load(path.read_text(encoding="utf-8"))))
    for path in sorted((DATA / "text").glob("*.yaml"))
]  # a card of every kind
TEXT_SEED = TEXT_SEEDS[-1]  # silent-job-rot: a failure mode
JSON_SEED = (DATA / "catalog-json" / "red-flags" / "red-flags.json").read_text(encoding="utf-8")
YAML_BITS = [
    "&a ",
    "*a",
    "!!python/object ",
    "!t ",
    "? ",
    "[",
    "]",
    "{",
    "}",
    ": ",
    "- ",
    "\t",
    "9" * 120,
    "\x1b",
    "\x00",
    "'",
    '"',
    "\n  ",
    "---\n",
    "%YAML 1.1\n",
    "<<: *a\n",
]
TEXT_BITS = [
    "- ",
    "• ",
    "Option A",
    "Option B",
    "Options on the table",
    "Relationships",
    "Often leads to",
    "Step 1 · x",
    "Steps",
    "\x1b",
    "\u00a0",
    "\ufeff",
    "FM · 05 ",
    "(pending)",
    ":",
    "\n",
    "\n\n",
    "Red flag",
    "Failure mode",
    "Playbook",
]
JSON_BITS = [
    "[",
    "]",
    "{",
    "}",
    ",",
    '"entries": ',
    '"slug": ',
    "null",
    "1e999",
    "9" * 5000,
    '"\\ud800"',
    '"\\u001b"',
    '"category": {"code": "FM"}',
    "\n",
]


def mutated(seed: str, bits: list[str]) -> st.SearchStrategy[str]:
    """``seed`` with a few spans cut, repeated or replaced by bits that tend to break readers."""

    @st.composite
    def build(draw: st.DrawFn) -> str:
        text = seed
        for _ in range(draw(st.integers(1, 6))):
            start = draw(st.integers(0, len(text)))
            stop = draw(st.integers(start, min(len(text), start + 80)))
            insert = draw(
                st.one_of(st.sampled_from(bits), st.text(max_size=8), st.just(text[start:stop] * 3))
            )
            text = text[:start] + insert + text[stop:]
        return text

    return build()


def arbitrary_or_mutated(seed: str, bits: list[str]) -> st.SearchStrategy[str]:
    fragments = st.lists(st.one_of(st.sampled_from(bits), st.text(max_size=12)), max_size=30)
    return st.one_of(mutated(seed, bits), fragments.map("".join), st.text(max_size=200))


def assert_one_line_problems(problems: list[Problem]) -> None:
    assert problems
    for problem in problems:
        assert isinstance(problem.line, int) and problem.line >= 1
        assert LINE.match(str(problem)), str(problem)
        assert len(str(problem)) < 600


@FUZZ
@given(arbitrary_or_mutated(YAML_SEED, YAML_BITS))
def test_native_yaml_reader(text: str) -> None:
    started = time.monotonic()
    card, problems, _ = parse_card_text(text, "card.yaml")
    assert time.monotonic() - started < 2
    if card is None:
        assert_one_line_problems(problems)


@FUZZ
@given(arbitrary_or_mutated(TEXT_SEED, TEXT_BITS))
def test_card_text_reader(text: str) -> None:
    started = time.monotonic()
    try:
        card = parse_text(text, "card.txt")
    except CatalogError as exc:
        assert len(exc.problems) == 1
        assert_one_line_problems(exc.problems)
    else:
        assert parse_text(render_text(card)) == card  # what it reads, it can write and re-read
    assert time.monotonic() - started < 2


@FUZZ
@given(arbitrary_or_mutated(JSON_SEED, JSON_BITS))
def test_catalog_json_reader(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "red-flags.json"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        started = time.monotonic()
        try:
            imported = read_source(path, "catalog-json")
        except CatalogError as exc:
            assert_one_line_problems(exc.problems)
        else:
            for card in imported.subgraph.cards:
                json.dumps(card.model_dump(mode="json"))
        assert time.monotonic() - started < 2


def same_text(one: str, other: str) -> bool:
    """Whether two card texts say the same, whitespace aside (the format is compared so)."""
    return " ".join(one.split()) == " ".join(other.split())


@FUZZ
@given(
    st.sampled_from(TEXT_SEEDS).flatmap(
        lambda seed: st.tuples(st.just(seed), st.integers(0, len(seed)))
    )
)
def test_card_text_cut_off_anywhere_is_refused_unless_complete(cut: tuple[str, int]) -> None:
    seed, length = cut
    prefix = seed[:length]
    try:
        card = parse_text(prefix, "card.txt")
    except CatalogError as exc:
        assert len(exc.problems) == 1
        assert_one_line_problems(exc.problems)
    else:
        # Complete: nothing of the prefix was left unread, and no heading lacks its value.
        assert same_text(render_text(card), prefix), prefix[-200:]


NOISE = st.one_of(
    st.sampled_from([*TEXT_BITS, "Copied from the wiki", "Page 2 of 3", "Share this card"]),
    st.text(min_size=1, max_size=40).filter(lambda line: "\n" not in line),
    st.sampled_from(TEXT_SEEDS).map(lambda seed: seed.splitlines()[5]),
)


@FUZZ
@given(
    st.sampled_from(TEXT_SEEDS),
    st.lists(st.tuples(st.integers(0, 400), NOISE), min_size=1, max_size=4),
)
def test_card_text_with_pasted_noise_is_read_whole_or_refused(
    seed: str, noise: list[tuple[int, str]]
) -> None:
    lines = seed.splitlines()
    for at, line in noise:
        lines.insert(at % (len(lines) + 1), line)
    started = time.monotonic()
    try:
        card = parse_text("\n".join(lines), "card.txt")
    except CatalogError as exc:
        assert len(exc.problems) == 1
        assert_one_line_problems(exc.problems)
    else:
        assert parse_text(render_text(card)) == card
    assert time.monotonic() - started < 2


YAML_TOKENS = ["?", "-", ":", "[", "]", "{", "}", "*", "&", "!", "|", ">", "%", "@", "`", "#",
               ",", "'", '"', "---", "...", "~", "null", "? :", "- -", "!!", "&a", "*a", "|-", ">+",
               "<<", "=", "0x", "1e+999", ".inf", ".nan", "9" * 120, "\t", "\x00", "\ufeff"]  # fmt: skip


@FUZZ
@given(
    st.one_of(st.sampled_from(YAML_TOKENS), st.text(min_size=1, max_size=3)),
    st.sampled_from(["", "\n", " \n"]),
)
def test_a_yaml_file_of_one_token_is_one_line_naming_a_field(token: str, end: str) -> None:
    card, problems, _ = parse_card_text(token + end, "card.yaml")
    assert card is None
    assert_one_line_problems(problems)
    for problem in problems:
        assert problem.field.strip(), str(problem)  # names a field (or (yaml), (card))
