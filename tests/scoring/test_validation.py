"""Every validation rule, each with a bad file; messages name file, field and rule."""

import re

import pytest

from scoring.errors import RoleFileError
from scoring.roles import load_role, load_roles
from tests.conftest import REFERENCE_ROLE
from tests.helpers import jobzone_bare

GOOD = REFERENCE_ROLE.read_text()


def write(directory, text, name="mlops-engineer.toml"):
    path = directory / name
    path.write_text(text)
    return path


def problems_of(path):
    with pytest.raises(RoleFileError) as caught:
        load_role(path)
    return caught.value.problems


def test_reference_is_valid():
    assert load_role(REFERENCE_ROLE).role.id == "mlops-engineer"


@pytest.mark.parametrize(
    "edit, field, rule",
    [
        (lambda t: t.replace('title = "MLOps Engineer"\n', ""), "title", "required"),
        (lambda t: t.replace("ai_growth = 1\n", "ai_growht = 1\nai_growth = 1\n"), "ai_growht", "not a known field"),
        (
            lambda t: t.replace("company_actions = 2\n", "company_actions = 3\n", 1),
            "evidence.company_actions",
            "less than or equal to 2",
        ),
        (
            lambda t: t.replace("liability = 1\n", "liability = -1\n", 1),
            "barriers.liability",
            "greater than or equal to 0",
        ),
        (
            lambda t: t.replace("moral_judgment = 1\n", "moral_judgment = 4\n", 1),
            "protective.moral_judgment",
            "less than or equal to 3",
        ),
        (lambda t: t.replace("score = 2\n", "score = 2.5\n", 1), "tasks[0].score", "valid integer"),
        (lambda t: t.replace("score = 2\n", "score = 6\n", 1), "tasks[0].score", "less than or equal to 5"),
        (lambda t: t.replace("wage_trends = 1\n", 'wage_trends = "1"\n', 1), "evidence.wage_trends", "valid integer"),
        (lambda t: t.replace('impact = "augmentation"', 'impact = "augmented"', 1), "tasks[0].impact", "augmentation"),
        (lambda t: t.replace("time_pct = 20\n", "time_pct = 25\n", 1), "tasks.time_pct", "sum to 100 (got 105)"),
        (
            lambda t: t.replace(
                'name = "Model deployment & serving infrastructure"', 'name = "ML pipeline design & architecture"'
            ),
            "tasks[1].name",
            "duplicate task name",
        ),
        (lambda t: t.replace('id = "mlops-engineer"', 'id = "mlops"'), "id", "must equal the file name"),
        (lambda t: t.replace('id = "mlops-engineer"', 'id = "MLOps Engineer"'), "id", "pattern"),
        (lambda t: t.replace("assessed_on = 2026-03-31", 'assessed_on = "last spring"'), "assessed_on", "date"),
        (lambda t: t + '\n[override]\nzone = "Blue"\nlabel = "x"\nreason = "y"\n', "override.zone", "Red"),
    ],
)
def test_each_rule_names_file_field_and_rule(tmp_path, edit, field, rule):
    path = write(tmp_path, edit(GOOD))
    problems = problems_of(path)
    assert any(p.startswith(f"{path}: {field}:") and rule in p for p in problems), problems


def test_fractional_time_share_within_tolerance(tmp_path):
    text = GOOD.replace("time_pct = 20\n", "time_pct = 12.5\n", 1).replace("time_pct = 15\n", "time_pct = 22.505\n", 1)
    assert load_role(write(tmp_path, text)).role.tasks[0].time_pct == 12.5
    text = GOOD.replace("time_pct = 20\n", "time_pct = 12.5\n", 1).replace("time_pct = 15\n", "time_pct = 22.52\n", 1)
    assert any("sum to 100" in p for p in problems_of(write(tmp_path, text)))


def test_every_problem_listed_not_just_the_first(tmp_path):
    text = GOOD.replace("company_actions = 2\n", "company_actions = 9\n", 1).replace(
        "physical = 0\n", "physical = 5\n", 1
    )
    problems = problems_of(write(tmp_path, text))
    assert len(problems) == 2


def test_invalid_toml_names_the_line(tmp_path):
    problems = problems_of(write(tmp_path, GOOD.replace("ai_growth = 1", "ai_growth = ")))
    assert re.search(r"not valid TOML: .*line \d+", problems[0])


def test_duplicate_ids_across_files(tmp_path):
    write(tmp_path, GOOD)
    write(tmp_path, GOOD.replace('title = "MLOps Engineer"', 'title = "MLOps"'), name="other.toml")
    with pytest.raises(RoleFileError) as caught:
        load_roles(tmp_path)
    text = str(caught.value)
    assert "duplicate id 'mlops-engineer'" in text
    assert "must equal the file name 'other'" in text


def test_validate_command_exit_codes(tmp_path):
    write(tmp_path, GOOD)
    ok = jobzone_bare("validate", str(tmp_path))
    assert ok.returncode == 0 and "1 role file(s) valid" in ok.stdout
    write(
        tmp_path,
        GOOD.replace("union = 0\n", "union = 7\n", 1).replace('id = "mlops-engineer"', 'id = "x"'),
        name="x.toml",
    )
    write(tmp_path, GOOD.replace("score = 3\n", "score = 0\n", 1), name="mlops-engineer.toml")
    bad = jobzone_bare("validate", str(tmp_path))
    assert bad.returncode == 1
    lines = bad.stderr.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("error: ") for line in lines), bad.stderr
    assert "Traceback" not in bad.stderr


def test_missing_file_is_one_line(tmp_path):
    result = jobzone_bare("score", str(tmp_path / "nope.toml"))
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: {tmp_path / 'nope.toml'}: no such role file or directory"


def test_usage_errors_are_one_line_not_a_traceback():
    result = jobzone_bare("run", "--no-such-option")
    assert result.returncode == 2 and "No such option: --no-such-option" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_warns_when_a_files_text_states_a_score_its_values_no_longer_give(tmp_path):
    write(tmp_path, GOOD)
    assert "warning" not in jobzone_bare("validate", str(tmp_path)).stdout  # as published: 42.6, Evidence +5
    write(tmp_path, GOOD.replace("ai_tool_maturity = 0\n", "ai_tool_maturity = -1\n", 1))
    edited = jobzone_bare("validate", str(tmp_path))
    assert edited.returncode == 0 and "1 role file(s) valid" in edited.stdout  # a warning, never a refusal
    warnings = [line for line in edited.stdout.splitlines() if line.startswith("warning: ")]
    assert warnings == [
        f"warning: {tmp_path / 'mlops-engineer.toml'}: context.commentary says 42.6 (“Yellow (Urgent) label at "
        "42.6”), but the file's values score 41.0",
        f"warning: {tmp_path / 'mlops-engineer.toml'}: context.commentary says Evidence +5, but the file's evidence "
        "sums to +4",
    ]
