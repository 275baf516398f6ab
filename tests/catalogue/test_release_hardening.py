"""Hardening of releases: a selector must say something, its regular expression cannot run away,
release files come from the releases folder with safe names, and a hostile file is one readable error."""

import shutil

import pytest

from catalogue.releases import applied, load_release, selects, write_applied
from jobzone.services.releases import in_releases_folder
from jobzone.settings import Settings
from scoring.errors import JobzoneError
from tests.conftest import REPO

RELEASE = REPO / "releases" / "2025-11-24-claude-opus-4-5.toml"
HEAD = 'name = "X"\ndate = 2025-01-01\nsource = "https://example.org/x"\n'


def release_file(tmp_path, effects: str, name: str = "2025-01-01-x.toml", head: str = HEAD):
    path = tmp_path / name
    path.write_text(head + effects)
    return path


def test_a_selector_that_selects_everything_is_refused(tmp_path):
    path = release_file(tmp_path, '[[effects]]\nselect = {}\nchange = 1\nrationale = "r"\n')
    with pytest.raises(JobzoneError, match="effect 1, select: selects every task: name at least one of"):
        load_release(path)


def test_a_catastrophic_regex_is_matched_in_linear_time_and_backreferences_are_refused(tmp_path):
    path = release_file(tmp_path, "[[effects]]\nselect = { text = '^(\\w+\\s?)*$' }\nchange = 1\nrationale = \"r\"\n")
    _, release = load_release(path)
    task = {"name": "a" * 50_000 + "!"}  # exponential for a backtracking engine; RE2 answers at once
    assert selects(release.effects[0].select, task, "15-1252", []) is False
    bad = release_file(tmp_path, "[[effects]]\nselect = { text = '(a)\\1' }\nchange = 1\nrationale = \"r\"\n")
    with pytest.raises(JobzoneError, match="RE2 syntax: linear time, no backreferences"):
        load_release(bad)


def test_release_names_and_file_names_are_safe_to_print_and_to_write(tmp_path):
    for hostile in ("X\\u0000Y", "X\\r\\nBcc: y", "X\\u202eY"):
        path = release_file(
            tmp_path,
            '[[effects]]\nselect = { soc = ["15-"] }\nchange = 1\nrationale = "r"\n',
            head=HEAD.replace('"X"', f'"{hostile}"'),
        )
        with pytest.raises(JobzoneError, match="name: must be one line of visible text"):
            load_release(path)
    quoted = tmp_path / '2025-11-24-a"b.toml'
    shutil.copy(RELEASE, quoted)
    with pytest.raises(JobzoneError, match="the slug of lower-case letters, digits and hyphens"):
        load_release(quoted)
    write_applied(tmp_path, ['2025-11-24-a"b', "2025-11-24-claude-opus-4-5"])  # written by a TOML library
    assert applied(tmp_path) == ['2025-11-24-a"b', "2025-11-24-claude-opus-4-5"]


def test_a_release_outside_the_releases_folder_is_refused_before_anything_changes(tmp_path):
    settings = Settings(db=tmp_path / "w.duckdb", roles=tmp_path / "roles", releases=tmp_path / "releases")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(RELEASE, elsewhere / RELEASE.name)
    with pytest.raises(JobzoneError, match="release files live in .*releases/"):
        in_releases_folder(settings, elsewhere / RELEASE.name)


def test_a_deeply_nested_release_file_is_a_user_mistake_not_a_bug(tmp_path):
    path = release_file(tmp_path, "x = " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(JobzoneError, match="nested too deeply"):
        load_release(path)


def test_a_huge_role_file_is_refused_without_being_read(tmp_path):
    from scoring.errors import RoleFileError
    from scoring.roles import read_role_text

    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: 50 MB that cost no disk
    with pytest.raises(RoleFileError, match="50,000,000 bytes; a role file is at most 1,000,000 bytes"):
        read_role_text(path)


def test_a_dry_run_says_a_proposal_would_be_written_and_writes_none(capsys):
    from jobzone.cli.releases import print_outcome
    from jobzone.services.releases import ReleaseImpact, ReleaseOutcome

    moved = ReleaseImpact(tasks_moved=3, roles_rewritten=2, as_of=None, moves=[])
    common = dict(release="2025-11-24-x", name="X", reason="X (2025-11-24)", withdraw=False, impact=moved)
    print_outcome(ReleaseOutcome(dry_run=True, proposals=["data-scientists"], **common), as_json=False)
    assert "a proposal would be written to releases/proposals/2025-11-24-x/ (dry run)" in capsys.readouterr().out
    print_outcome(ReleaseOutcome(dry_run=False, proposals=["data-scientists"], **common), as_json=False)
    assert "a proposal is in releases/proposals/2025-11-24-x/" in capsys.readouterr().out


def test_finishing_an_interrupted_change_is_said_in_one_line(capsys):
    from jobzone.cli.releases import print_outcome
    from jobzone.services.releases import ReleaseOutcome

    done = ReleaseOutcome(
        release="2025-11-24-x",
        name="X",
        reason="X (2025-11-24)",
        withdraw=False,
        dry_run=False,
        run_id=7,
        completed=True,
    )
    print_outcome(done, as_json=False)
    assert capsys.readouterr().out == "2025-11-24-x: finished the interrupted change; rerun 7 scored it.\n"
    assert done.as_dict()["completed"] is True and done.as_dict()["run"] == 7


def test_one_name_policy_for_releases_and_roles_and_a_bom_is_read(tmp_path, roles_dir):
    """Names accepted U+2028 and zero-width characters and 500 KB release names, and a release file with a BOM was
    refused while role files accept one."""
    from scoring.errors import RoleFileError
    from scoring.roles import load_roles

    effects = '[[effects]]\nselect = { soc = ["15-"] }\nchange = 1\nrationale = "r"\n'
    for hostile, rule in (
        ("X\\u2028Y", "must be one line of visible text"),
        ("X\\u200bY", "must be one line of visible text"),
        ("X" * 500_000, r"String should have at most 200 characters \(got 500,000 characters\)$"),
    ):
        path = release_file(tmp_path, effects, head=HEAD.replace('"X"', f'"{hostile}"'))
        with pytest.raises(JobzoneError, match=f"name: {rule}"):
            load_release(path)
    bom = release_file(tmp_path, effects)
    bom.write_bytes(b"\xef\xbb\xbf" + bom.read_bytes())
    assert load_release(bom)[1].name == "X"
    role = roles_dir / "mlops-engineer.toml"
    role.write_text(role.read_text().replace('title = "MLOps Engineer"', 'title = "MLOps\\u2060Engineer"'))
    with pytest.raises(RoleFileError, match="title: String should match pattern"):
        load_roles(roles_dir)
