"""The engine reproduces the published MLOps Engineer assessment exactly."""

import json

import pytest

from scoring.aijri import score_report, score_role
from scoring.roles import load_role
from tests.conftest import REFERENCE_ROLE
from tests.helpers import jobzone_bare


@pytest.fixture(scope="module")
def report():
    role = load_role(REFERENCE_ROLE).role
    return score_report(role, score_role(role))


def test_published_numbers(report):
    assert report["task_resistance"] == pytest.approx(3.05, abs=1e-12)
    assert report["weighted_task_score"] == pytest.approx(2.95, abs=1e-12)
    assert [round(report["modifiers"][k], 2) for k in ("evidence", "barriers", "growth")] == [1.20, 1.02, 1.05]
    assert round(report["raw"], 4) == 3.9199
    assert report["aijri_display"] == "42.6"
    assert report["zone"] == "Yellow"
    assert report["label"] == "Yellow (Urgent)"
    assert report["high_exposure_pct"] == pytest.approx(70)
    assert report["split"] == pytest.approx({"displacement": 25, "augmentation": 65, "not_involved": 10})
    composition = {k: round(v, 1) for k, v in report["composition"].items()}
    assert composition == {
        "task_resistance": 30.5,
        "evidence": 10.0,
        "barriers": 1.5,
        "protective": 2.2,
        "ai_growth": 2.5,
    }
    assert (report["evidence_total"], report["barrier_total"], report["protective_total"]) == (5, 1, 2)
    assert report["override"] is None


def test_waterfall_sums_to_score(report):
    assert sum(report["waterfall"].values()) == pytest.approx(report["aijri"], abs=1e-9)
    parts = {k: round(v, 2) for k, v in report["waterfall"].items()}
    assert parts == {"base": 31.65, "evidence": 7.69, "barriers": 0.92, "growth": 2.35}


def test_cli_json_has_exact_keys():
    out = jobzone_bare("score", str(REFERENCE_ROLE), "--json", check=True).stdout
    data = json.loads(out)
    assert (
        list(data)
        == (
            "id title aijri aijri_display zone label task_resistance weighted_task_score evidence_total barrier_total "
            "protective_total ai_growth modifiers raw high_exposure_pct split composition waterfall override"
        ).split()
    )
    assert data["aijri_display"] == "42.6" and data["label"] == "Yellow (Urgent)"


def test_cli_human_summary_and_multi_json(tmp_path, roles_dir):
    human = jobzone_bare("score", str(REFERENCE_ROLE), check=True).stdout
    assert "42.6" in human and "Yellow (Urgent)" in human and "3.9199" in human
    second = roles_dir / "mlops-engineer-copy.toml"
    second.write_text(REFERENCE_ROLE.read_text().replace('id = "mlops-engineer"', 'id = "mlops-engineer-copy"'))
    out = jobzone_bare("score", str(roles_dir), "--json", check=True).stdout
    assert sorted(item["id"] for item in json.loads(out)) == ["mlops-engineer", "mlops-engineer-copy"]
