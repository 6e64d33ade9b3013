import doctest
from pathlib import Path

from cli_reference import commands, reference

import tradeoffs
from tradeoffs.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def test_cli_reference_is_in_step_with_help() -> None:
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == reference(), (
        "docs/cli.md is stale: run python devtools/cli_reference.py"
    )


def test_every_command_has_help_with_an_example() -> None:
    for path, command in commands(cli, "tradeoffs"):
        assert command.help, f"{path} has no help"
        assert "Example:" in command.help or hasattr(command, "commands"), f"{path}: no example"


def test_the_package_docstring_example_is_true() -> None:
    assert doctest.testmod(tradeoffs).failed == 0


def test_public_api_is_importable() -> None:
    for name in tradeoffs.__all__:
        assert getattr(tradeoffs, name) is not None


def test_readme_gives_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "devtools/test" in ci and "devtools/test" in readme.split("\n## ")[0]
    assert "pip install" in readme.split("\n## ")[0]
