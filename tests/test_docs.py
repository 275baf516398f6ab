"""Docs that cannot drift: the generated CLI and configuration references match the code; every command, option
and setting the README and docs/ name exists; every TOML example loads as what it shows (a release, a role's
signals, an evidence-rules file) and every JSON example parses; the README's first-look commands run for real; the
README stays short and keeps the two set-up commands."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import tomllib

import pytest
import typer.main

from jobzone.cli.main import app
from jobzone.reference import REFERENCES
from jobzone.settings import Settings
from tests.conftest import REPO
from tests.helpers import jobzone_command

PAGES = {
    path.relative_to(REPO).as_posix(): path.read_text() for path in [REPO / "README.md", *(REPO / "docs").glob("*.md")]
}
BLOCK = re.compile(r"^( *)```([a-z]*)\n(.*?)^\1```", re.M | re.S)
COMMAND = r"(?:[A-Z_]+=\S+ )*(?:\.venv/bin/)?jobzone ([a-z][a-z-]*(?: [a-z][a-z-]*)?)"
INLINE = re.compile(rf"`{COMMAND}([^`\n]*)`")  # `jobzone ...` in prose
IN_BLOCK = re.compile(rf"^\s*{COMMAND}(.*)$", re.M)  # a line of a shell block
SERVERS = ("jobzone web", "jobzone serve")  # they run until stopped: checked for their options, not started


def blocks(kind: str) -> list[tuple[str, str]]:
    """(page, text) of every fenced block of this kind, indented ones (inside a list item) too."""
    found = []
    for page, text in PAGES.items():
        for indent, language, body in BLOCK.findall(text):
            if language == kind:
                found.append((page, re.sub(rf"^{indent}", "", body, flags=re.M)))
    return found


def commands() -> dict[str, set[str]]:
    """Every command of the real CLI, `group sub` for subcommands -> the options it takes."""
    out: dict[str, set[str]] = {}
    for name, command in typer.main.get_command(app).commands.items():
        subs = getattr(command, "commands", None) or {name: command}
        for sub, leaf in subs.items():
            key = name if sub == name and not getattr(command, "commands", None) else f"{name} {sub}"
            out[key] = {o for p in leaf.params for o in [*p.opts, *p.secondary_opts] if o.startswith("-")}
    return out


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_the_generated_references_match_the_code(name):
    assert (REPO / "docs" / name).read_text() == REFERENCES[name](), f"docs/{name} is stale: run `make docs`"


def test_every_command_and_setting_is_in_the_references():
    cli, configuration = REFERENCES["cli.md"](), REFERENCES["configuration.md"]()
    assert [c for c in commands() if f"## `jobzone {c}`" not in cli] == []
    assert [n for n in Settings.model_fields if f"`JOBZONE_{n.upper()}`" not in configuration] == []
    env_example = (REPO / ".env.example").read_text()
    assert "never a .env file" in env_example  # it suggested a .env that nothing reads
    assert [n for n in Settings.model_fields if f"JOBZONE_{n.upper()}=" not in env_example] == []


def test_every_command_and_option_the_docs_name_exists():
    known, unknown, named = commands(), [], 0
    mentions = [(page, m) for page, text in PAGES.items() for m in INLINE.finditer(text)]
    mentions += [(page, m) for page, text in blocks("sh") for m in IN_BLOCK.finditer(text)]
    for page, match in mentions:
        words, rest = match.group(1), match.group(2)
        name = words if words in known else words.split(" ")[0]
        if name not in known:
            unknown.append(f"{page}: jobzone {words}")
            continue
        named += 1
        options = {o.split("=")[0] for o in re.findall(r"(?<![\w-])--[a-z][a-z-]*(?:=\S+)?", rest)}
        unknown += [f"{page}: jobzone {name} {o}" for o in sorted(options - known[name] - {"--help"})]
    assert unknown == [] and named > 80


def test_every_setting_the_docs_name_exists():
    settings = {f"JOBZONE_{n.upper()}" for n in Settings.model_fields} | {"JOBZONE_DEBUG", "JOBZONE_FIXTURES"}
    named = {v for text in PAGES.values() for v in re.findall(r"JOBZONE_[A-Z_]*[A-Z]", text)}
    assert sorted(named - settings) == []


def test_every_toml_example_loads_as_what_it_shows(tmp_path):
    from catalogue.releases import Release
    from scoring.evidence_rules import load_rules
    from scoring.roles import parse_role

    examples = blocks("toml")
    assert len(examples) == 3
    reference = (REPO / "roles" / "mlops-engineer.toml").read_text()
    for page, text in examples:
        document = tomllib.loads(text)
        if "effects" in document:
            Release.model_validate(document)
        elif "signals" in document:  # a role's signals: the reference role with these instead of its own
            role = reference.split("[signals", 1)[0] + text
            assert parse_role(role, tmp_path / "mlops-engineer.toml").role.signals
        else:
            path = tmp_path / "rules.toml"
            path.write_text(text)
            assert load_rules(path).z == document["z"], page


def test_every_json_example_parses_and_every_change_in_one_is_the_published_schema():
    from scoring.change_schema import ChangeRecord

    documents = [json.loads(text) for _, text in blocks("json")]
    changes = [d for d in documents if "version" in d and "role_id" in d]
    changes += [c for d in documents for c in d.get("changes", [])]
    assert len(documents) >= 2 and len(changes) >= 2
    for change in changes:
        ChangeRecord.model_validate(change)


def test_the_readme_first_look_commands_run(tmp_path):
    """The README's first look, for real, in a folder holding the reference role (servers only checked above)."""
    (tmp_path / "roles").mkdir()
    shutil.copy(REPO / "roles" / "mlops-engineer.toml", tmp_path / "roles")
    (first_look,) = [text for page, text in blocks("sh") if page == "README.md" and "jobzone validate" in text]
    outputs = []
    for line in first_look.splitlines():
        command = line.split("  #", 1)[0].strip()
        if not command or command.startswith(SERVERS):
            continue
        args = shlex.split(command)[1:]
        env = {"JOBZONE_PREFECT": "false", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
        result = subprocess.run(jobzone_command(*args), cwd=tmp_path, env=env, capture_output=True, text=True)
        assert result.returncode == 0, f"{command}: {result.stderr}"
        outputs.append(result.stdout)
    assert "42.6" in outputs[1] and "Yellow (Urgent)" in outputs[1] and len(outputs) == 5


def test_the_readme_is_short_and_keeps_the_two_setup_commands():
    readme = PAGES["README.md"]
    assert len(readme.splitlines()) < 150
    assert re.search(r"^make demo", readme, re.M) and re.search(r"^make test", readme, re.M)
    linked = set(re.findall(r"\(docs/([a-z-]+\.md)\)", readme))
    assert linked == {p.removeprefix("docs/") for p in PAGES if p.startswith("docs/")}
