"""Role files: every problem in one pass, types as written, and odd files as one readable line each
(hardening items 5, 17, 18, 19; one-house item 6)."""

import pytest

from scoring.errors import RoleFileError
from scoring.roles import load_roles
from tests.conftest import REFERENCE_ROLE
from tests.helpers import jobzone, jobzone_json

TEXT = REFERENCE_ROLE.read_text()


def write(roles_dir, text: str, name: str = "mlops-engineer.toml"):
    (roles_dir / name).write_text(text)
    return roles_dir / name


def problems(roles_dir) -> list[str]:
    with pytest.raises(RoleFileError) as caught:
        load_roles(roles_dir)
    return caught.value.problems


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("time_pct = 20", "time_pct = true", "tasks[0].time_pct: Input should be a valid number (got True)"),
        ("time_pct = 20", 'time_pct = "20"', "tasks[0].time_pct: Input should be a valid number (got '20')"),
        ("assessed_on = 2026-03-31", 'assessed_on = "2026-03-31"', "assessed_on: Input should be a valid date"),
        ("score = 4", "score = 4.0", "score: Input should be a valid integer"),
        ("time_pct = 20", "time_pct = nan", "tasks[0].time_pct"),
    ],
)
def test_booleans_strings_and_nan_are_not_numbers_or_dates(roles_dir, old, new, message):
    write(roles_dir, TEXT.replace(old, new, 1))
    assert any(message in line for line in problems(roles_dir)), problems(roles_dir)


def test_every_problem_of_a_file_in_one_pass(roles_dir):
    broken = TEXT.replace('id = "mlops-engineer"', 'id = "wrong-id"').replace("time_pct = 20", "time_pct = 25", 1)
    broken = broken.replace("job_posting_trends = 1\n", 'job_posting_trends = "up"\n', 1)
    found = problems(write(roles_dir, broken).parent)
    assert any("evidence.job_posting_trends: Input should be a valid integer" in p for p in found)
    assert any("id: 'wrong-id' must equal the file name 'mlops-engineer'" in p for p in found)
    assert any("tasks.time_pct: shares must sum to 100 (got 105)" in p for p in found)


def test_validate_lists_every_problem_of_every_file(roles_dir, tmp_path):
    write(
        roles_dir,
        TEXT.replace("time_pct = 20", "time_pct = 25", 1).replace("score = 4", "score = 9", 1),
        "mlops-engineer.toml",
    )
    write(roles_dir, TEXT.replace('id = "mlops-engineer"', 'id = "other"'), "other.toml")
    (roles_dir / "bad.toml").write_bytes(b'id = "bad"\ntitle = "caf\xe9"\n')
    result = jobzone("validate", str(roles_dir), db=tmp_path / "w.duckdb", check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert any("mlops-engineer.toml: tasks.time_pct: shares must sum to 100 (got 105)" in line for line in lines)
    assert any("mlops-engineer.toml: tasks[" in line and "score" in line for line in lines)
    assert any("bad.toml: not UTF-8 text" in line for line in lines)
    assert not any("other.toml" in line for line in lines)


def test_byte_order_mark_deep_nesting_and_the_same_file_twice(roles_dir):
    path = write(roles_dir, "\ufeff" + TEXT)
    assert [item.role.id for item in load_roles([roles_dir, path])] == ["mlops-engineer"]  # once, BOM tolerated
    write(roles_dir, "x = " + "[" * 3000 + "]" * 3000 + "\n", "deep.toml")
    assert any("deep.toml: not valid TOML: tables or arrays nested too deeply" in p for p in problems(roles_dir))


def test_square_brackets_in_titles_and_reasons_are_printed_not_interpreted(roles_dir, tmp_path):
    write(roles_dir, TEXT.replace('title = "MLOps Engineer"', 'title = "Evil [/bold] role [red]x"'))
    db = tmp_path / "w.duckdb"
    assert "Evil [/bold] role [red]x" in jobzone("score", str(roles_dir), db=db).stdout
    jobzone("run", "--skip-ingest", "--reason", "release [/] of [bold]X", db=db, roles=roles_dir)
    for command in (("runs",), ("history", "mlops-engineer")):  # tables may wrap the reason: look for its parts
        out = jobzone(*command, db=db).stdout
        assert "[/]" in out and "[bold]X" in out
    assert jobzone_json("scores", db=db)[0]["title"] == "Evil [/bold] role [red]x"


def test_the_fast_parser_reads_every_shipped_role_file_as_the_standard_library_does():
    """Role files are parsed with rtoml for speed; tomllib is the reference reading of TOML 1.0."""
    import tomllib
    from pathlib import Path

    from scoring.roles import parse_toml, role_paths

    paths = role_paths(Path(__file__).resolve().parents[2] / "roles")
    assert len(paths) > 900
    differing = [p.name for p in paths if parse_toml(p.read_text()) != tomllib.loads(p.read_text())]
    assert differing == []


@pytest.mark.parametrize("title", ["MLOps\\r\\nBcc: x", "MLOps\\u0000", "MLOps \\u202eEngineer"])
def test_a_title_with_control_or_bidi_characters_is_refused(roles_dir, title):
    """names the CLI, mails and pages print must be one honest line."""
    path = roles_dir / "mlops-engineer.toml"
    path.write_text(path.read_text().replace('title = "MLOps Engineer"', f'title = "{title}"', 1))
    with pytest.raises(RoleFileError, match="title: String should match pattern"):
        load_roles(roles_dir)


def test_the_roles_folder_is_read_a_few_folders_deep_and_never_into_hidden_ones(roles_dir):
    """JOBZONE_ROLES=/ made `validate` walk the whole filesystem: role files are
    read at most three folders down, and hidden folders (.git) and linked folders are not entered."""
    from scoring.roles import MAX_ROLE_DEPTH, role_paths

    deep = roles_dir.joinpath(*["d"] * (MAX_ROLE_DEPTH + 1))
    deep.mkdir(parents=True)
    (deep / "too-deep.toml").write_text("not read")
    (roles_dir / ".git").mkdir()
    (roles_dir / ".git" / "hidden.toml").write_text("not read")
    (roles_dir / "onet").mkdir()
    (roles_dir / "onet" / "x.toml").write_text("read")
    found = [p.relative_to(roles_dir).as_posix() for p in role_paths(roles_dir)]
    assert found == ["mlops-engineer.toml", "onet/x.toml"]
