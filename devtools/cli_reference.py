"""Write docs/cli.md from the commands' own --help, so the reference cannot drift.

Run: python devtools/cli_reference.py    (tests/test_docs.py fails when it is stale)
"""

from __future__ import annotations

from pathlib import Path

import click

from tradeoffs.cli import cli

REFERENCE = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def commands(group: click.Group, prefix: str) -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    with click.Context(group) as ctx:
        names = group.list_commands(ctx)
    for name in names:
        command = group.get_command(ctx, name)
        assert command is not None
        found.append((f"{prefix} {name}", command))
        if isinstance(command, click.Group):
            found += commands(command, f"{prefix} {name}")
    return found


def help_text(path: str) -> str:
    args = path.split()[1:]
    with click.Context(cli, info_name="tradeoffs", terminal_width=100) as ctx:
        for arg in args:
            group = ctx.command
            assert isinstance(group, click.Group)
            command = group.get_command(ctx, arg)
            assert command is not None
            ctx = click.Context(command, info_name=arg, parent=ctx, terminal_width=100)
        return ctx.get_help()


def reference() -> str:
    parts = [
        "# Command reference",
        "",
        "Generated from `--help` by `python devtools/cli_reference.py`; a test keeps it in step.",
        "",
        "## tradeoffs",
        "",
        "```",
        help_text("tradeoffs"),
        "```",
        "",
    ]
    for path, _ in commands(cli, "tradeoffs"):
        parts += [f"## {path}", "", "```", help_text(path), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    REFERENCE.parent.mkdir(exist_ok=True)
    REFERENCE.write_text(reference(), encoding="utf-8")
    print(f"wrote {REFERENCE}")
