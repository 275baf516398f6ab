"""The README documents every CLI command, every setting, and keeps the two set-up commands."""

import re

from jobzone.cli.main import app
from jobzone.settings import Settings
from tests.conftest import REPO

README = (REPO / "README.md").read_text()


def test_every_cli_command_is_documented():
    names = sorted(command.name or command.callback.__name__ for command in app.registered_commands)
    missing = [name for name in names if f"`jobzone {name}" not in README]
    assert not missing, f"undocumented commands: {missing}"
    assert len(names) >= 15


def test_every_setting_is_in_the_readme_and_env_example():
    env_example = (REPO / ".env.example").read_text()
    variables = [f"JOBZONE_{name.upper()}" for name in Settings.model_fields]
    assert [v for v in variables if v not in README] == []
    assert [v for v in variables if v not in env_example] == []


def test_the_two_setup_commands():
    assert re.search(r"^make demo", README, re.M) and re.search(r"^make test", README, re.M)
