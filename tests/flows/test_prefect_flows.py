"""nightly, rerun and backfill run for real under Prefect's test harness on the recorded fixtures."""

import asyncio
import datetime as dt

import pytest

from jobzone.settings import Settings
from tests.helpers import edit_task_score
from warehouse import queries
from warehouse.db import read_connection

pytestmark = pytest.mark.slow


def settings_for(tmp_path, roles_dir) -> Settings:
    return Settings(db=tmp_path / "w.duckdb", roles=roles_dir, prefect=True)


def task_run_names(flow_run_id) -> list[str]:
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    async def read():
        async with get_client() as client:
            runs = await client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
            return sorted(r.name for r in runs)

    return asyncio.run(read())


def test_nightly_then_rerun_under_prefect(prefect_harness, tmp_path, roles_dir, fixtures):
    from flows.prefect_flows import nightly, rerun, settings_for_runs
    from flows.request import RunRequest

    settings = settings_for(tmp_path, roles_dir)
    with settings_for_runs(settings):
        state = nightly(RunRequest.nightly(as_of=dt.date(2026, 3, 31), replay=fixtures), return_state=True)
    assert state.is_completed()
    report = state.result()
    assert report.roles_scored == 1 and report.sources["fred"] == "ok"
    assert report.sources["itjobswatch"] == "stale"  # no recording of the MLOps page: stale, never zero
    names = task_run_names(state.state_details.flow_run_id)
    # One task run per stage, whatever the number of roles or sources (fetch fans out on threads inside).
    stages = [n.rsplit("-", 1)[0] for n in names]
    # as of a past date the run builds history: no alert stage
    # (the reference role's tasks follow AI capability: Epoch's download is fetched and its frontier checked)
    stages_run = [
        "load roles",
        "fetch",
        "archive and parse",
        "check capability",
        "map evidence",
        "score roles",
        "diff",
        "transition paths",
    ]
    assert stages == sorted(stages_run)  # a run of the whole catalogue computes its transition paths
    assert report.alerts_held.startswith("none planned: as of 2026-03-31 is in the past")

    edit_task_score(roles_dir, "CI/CD for ML (model versioning, testing, promotion)", 4, 5)
    with settings_for_runs(settings):
        again = rerun(RunRequest(reason="Claude 5 released"))  # the flow makes it a rerun
    assert again.kind == "rerun" and again.changes == 1
    with read_connection(settings.db) as con:
        diff = queries.diff(con, again.run_id)
    assert diff["reason"] == "Claude 5 released"
    assert [c.field for c in diff["changes"][0]["causes"]] == [
        "tasks['CI/CD for ML (model versioning, testing, promotion)'].score"
    ]


def test_backfill_under_prefect_runs_oldest_first(prefect_harness, tmp_path, roles_dir, fixtures):
    from flows.prefect_flows import backfill, settings_for_runs
    from flows.request import BackfillRequest

    settings = settings_for(tmp_path, roles_dir)
    with settings_for_runs(settings):
        reports = backfill(BackfillRequest(start=dt.date(2022, 6, 1), end=dt.date(2023, 1, 1), replay=fixtures))
    assert [r.as_of for r in reports] == [dt.date(2022, m, 1) for m in range(6, 13)] + [dt.date(2023, 1, 1)]
    assert reports[0].ingest == "replay" and all(r.ingest == "skipped" for r in reports[1:])
    with read_connection(settings.db) as con:
        history = queries.history(con, "mlops-engineer")
    assert [h["aijri_display"] for h in history] == ["44.3", "44.3", "44.3", "42.6", "41.0", "39.3", "39.3", "37.7"]


def task_runs(flow_run_id) -> dict[str, int]:
    """Stage name -> how many times its task ran."""
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    async def read():
        async with get_client() as client:
            return await client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))

    return {run.name.rsplit("-", 1)[0]: run.run_count for run in asyncio.run(read())}


def test_a_refused_run_fails_once_not_retried(prefect_harness, tmp_path, roles_dir, fixtures):
    from flows.prefect_flows import nightly, settings_for_runs
    from flows.request import RunRequest

    settings = settings_for(tmp_path, roles_dir)
    with settings_for_runs(settings):
        nightly(RunRequest.nightly(as_of=dt.date(2026, 3, 31), replay=fixtures))
        state = nightly(RunRequest.nightly(as_of=dt.date(1900, 1, 1), skip_ingest=True), return_state=True)
    assert state.is_failed() and "before the earliest data any source holds" in state.message
    # A user's error (here a refused date) fails the same way twice: its task ran once; a crash would retry.
    assert task_runs(state.state_details.flow_run_id)["map evidence"] == 1


def test_cli_flow_runs_skip_the_heartbeat_unless_the_operator_sets_one(monkeypatch):
    from prefect.settings import get_current_settings

    from jobzone.services.prefect_mode import HEARTBEAT_VARIABLES, in_process_flow_settings

    for name in HEARTBEAT_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    with in_process_flow_settings("http://127.0.0.1:9/api"):
        assert get_current_settings().flows.heartbeat_frequency is None
        assert get_current_settings().api.url == "http://127.0.0.1:9/api"
    monkeypatch.setenv("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", "60")
    with in_process_flow_settings(None):
        assert get_current_settings().flows.heartbeat_frequency == 60
