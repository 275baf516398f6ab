"""The README documents every CLI command and subcommand (and names none that does not exist), every setting,
and keeps the two set-up commands."""

import re

import typer.main

from jobzone.cli.main import app
from jobzone.settings import Settings
from tests.conftest import REPO

README = (REPO / "README.md").read_text()
# `jobzone WORD` or `jobzone GROUP WORD`: inline in backticks, or a line of a shell block
INLINE = re.compile(r"`(?:[A-Z_]+=\S+ )*(?:\.venv/bin/)?jobzone ([a-z][a-z-]*(?: [a-z][a-z-]*)?)")
IN_BLOCK = re.compile(r"^\s*(?:[A-Z_]+=\S+ )*(?:\.venv/bin/)?jobzone ([a-z][a-z-]*(?: [a-z][a-z-]*)?)", re.M)


def documented() -> list[str]:
    blocks = "\n".join(re.findall(r"^```[a-z]*\n(.*?)^```", README, re.M | re.S))
    return [m.group(1) for m in INLINE.finditer(README)] + [m.group(1) for m in IN_BLOCK.finditer(blocks)]


def command_tree() -> dict[str, set[str]]:
    """Every command of the real CLI: name -> its subcommands (empty for a plain command)."""
    group = typer.main.get_command(app)
    return {name: set(getattr(command, "commands", {}) or ()) for name, command in group.commands.items()}


def test_every_command_and_subcommand_is_documented():
    tree = command_tree()
    names = [name for name, subs in tree.items() if not subs] + [f"{g} {s}" for g, subs in tree.items() for s in subs]
    missing = [name for name in sorted(names) if f"`jobzone {name}" not in README]
    assert not missing, f"undocumented commands: {missing}"
    assert len(names) >= 27


def test_every_documented_command_exists():
    tree = command_tree()
    unknown = []
    for words in documented():
        first, _, second = words.partition(" ")
        if first not in tree or (tree[first] and second not in tree[first]):
            unknown.append(words)
    assert not unknown, f"the README names commands jobzone does not have: {sorted(set(unknown))}"
    assert len(documented()) > 60


def test_every_setting_is_in_the_readme_and_env_example():
    env_example = (REPO / ".env.example").read_text()
    variables = [f"JOBZONE_{name.upper()}" for name in Settings.model_fields]
    assert [v for v in variables if v not in README] == []
    assert [v for v in variables if v not in env_example] == []


def test_the_two_setup_commands():
    assert re.search(r"^make demo", README, re.M) and re.search(r"^make test", README, re.M)
