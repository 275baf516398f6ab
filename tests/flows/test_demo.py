"""`make demo`'s story runs offline on the recorded data and is deterministic: same scores, same alerts."""

import json
import os
import subprocess
import sys

import pytest

from tests.catalogue.check_set import CHECK_SET, agreement
from tests.conftest import REPO
from tests.helpers import jobzone

pytestmark = pytest.mark.slow


def side_of(group: str) -> str:
    return next(iter(CHECK_SET[group].values()))[0]


def run_demo(workspace, fixtures):
    env = {**os.environ, "JOBZONE_DEMO_WORKSPACE": str(workspace), "JOBZONE_FIXTURES": str(fixtures)}
    result = subprocess.run(
        [sys.executable, "-m", "jobzone.demo"], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    history = json.loads(jobzone("history", "mlops-engineer", "--json", db=workspace / "jobzone.duckdb").stdout)
    alerts = sorted(p.name for p in (workspace / "outbox").glob("jobzone.alert.*.eml"))
    return result.stdout, [(h["as_of"], h["aijri_display"], h["label"]) for h in history], alerts


def test_demo_tells_the_story_and_is_deterministic(tmp_path, fixtures, roles_dir):
    out, history, alerts = run_demo(tmp_path / "one", fixtures)
    assert "Score history" in out and "The backfill built history and alerted nobody: 0 alerts from 51" in out
    assert "mlops-engineer: 41.0 (as of 2026-03-01) on confirming" in out
    assert "roles moved a point or more:" in out and "beyond what sampling error explains" in out
    assert "mlops-engineer moved 41.0 → 36.3" in out and "Reassessed after: Claude 5 released" in out
    assert len(history) == 52 and history[-1] == ("2026-03-01", "36.3", "Yellow (Urgent)")
    assert (tmp_path / "one" / "site" / "roles" / "mlops-engineer.html").exists()
    assert len(alerts) == 1  # the rerun's; the backfill's history alerts nobody
    # AI capability: the April download's new frontier model, its proposal, and the rerun named after it
    assert "capability check as of 2026-05-01: AI release: Claude Opus 4.6 (Anthropic, released 2026-02-05)" in out
    assert "METR time horizon 4.8 hours (Claude Opus 4.5) -> 12.0 hours" in out
    assert (tmp_path / "one" / "releases" / "2026-02-05-claude-opus-4-6.toml").exists()
    assert "the rerun it started (run 4, named after it) moved" in out and "AI tool maturity +0 → -1" in out
    # The catalogue as its pages show it (the market and AI capability fed in, as of 2026-05-01 after the capability
    # chapter; the same as of 2024-09-01), on the check set: measured 48 of 53 on the Green side, 31 of 36 on the
    # Red side, none opposite (the files alone: 44 and 31).
    scores = json.loads(jobzone("scores", "--json", "--limit", "2000", db=tmp_path / "one" / "catalogue.duckdb").stdout)
    by_group = agreement({row["role_id"]: row["zone"] for row in scores})
    assert sum(opposite for _, opposite, _ in by_group.values()) == 0, by_group
    for side, floor in (("Green", 48), ("Red", 31)):
        groups = [hit for name, (hit, _, _) in by_group.items() if side_of(name) == side]
        assert sum(groups) >= floor, (side, by_group)
    # Deterministic: the same backfill run plainly from the CLI on a fresh database gives the demo's points (the
    # first 18 months: every run reads only what was published by its date, so a shorter backfill is a prefix).
    db = tmp_path / "plain.duckdb"
    jobzone("backfill", "--from", "2022-01-01", "--to", "2023-06-01", "--replay", str(fixtures), db=db, roles=roles_dir)
    plain = json.loads(jobzone("history", "mlops-engineer", "--json", db=db).stdout)
    assert [(h["as_of"], h["aijri_display"], h["label"]) for h in plain] == history[:18]


def test_demo_without_recorded_data_or_network_says_so(tmp_path):
    env = {**os.environ, "JOBZONE_DEMO_WORKSPACE": str(tmp_path / "ws"), "JOBZONE_FIXTURES": str(tmp_path / "none")}
    result = subprocess.run(
        [sys.executable, "-m", "jobzone.demo"], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    # This machine has no internet: the demo must stop with a clear message, not half-run on nothing.
    assert result.returncode == 1
    assert "no recorded data at" in result.stderr and "live sources are unreachable" in result.stderr
