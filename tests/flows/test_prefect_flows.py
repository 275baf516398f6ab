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
    from flows.prefect_flows import nightly, rerun

    settings = settings_for(tmp_path, roles_dir)
    state = nightly(as_of=dt.date(2026, 3, 31), replay=str(fixtures), settings=settings, return_state=True)
    assert state.is_completed()
    report = state.result()
    assert report["roles_scored"] == 1 and report["sources"]["fred"] == "ok"
    assert report["sources"]["itjobswatch"] == "stale"  # no recording of the MLOps page: stale, never zero
    names = task_run_names(state.state_details.flow_run_id)
    # One task run per stage, whatever the number of roles or sources (fetch fans out on threads inside).
    stages = [n.rsplit("-", 1)[0] for n in names]
    assert stages == sorted(
        ["load roles", "fetch", "archive and parse", "map evidence", "score roles", "diff", "plan alerts"]
    )

    edit_task_score(roles_dir, "CI/CD for ML (model versioning, testing, promotion)", 4, 5)
    again = rerun(reason="Claude 5 released", settings=settings)
    assert again["kind"] == "rerun" and again["changes"] == 1
    with read_connection(settings.db) as con:
        diff = queries.diff(con, again["run_id"])
    assert diff["reason"] == "Claude 5 released"
    assert [c["field"] for c in diff["changes"][0]["causes"]] == [
        "tasks['CI/CD for ML (model versioning, testing, promotion)'].score"
    ]


def test_backfill_under_prefect_runs_oldest_first(prefect_harness, tmp_path, roles_dir, fixtures):
    from flows.prefect_flows import backfill

    settings = settings_for(tmp_path, roles_dir)
    reports = backfill(start=dt.date(2022, 6, 1), end=dt.date(2023, 1, 1), replay=str(fixtures), settings=settings)
    assert [r["as_of"] for r in reports] == [dt.date(2022, m, 1) for m in range(6, 13)] + [dt.date(2023, 1, 1)]
    assert reports[0]["ingest"] == "replay" and all(r["ingest"] == "skipped" for r in reports[1:])
    with read_connection(settings.db) as con:
        history = queries.history(con, "mlops-engineer")
    assert [h["aijri_display"] for h in history] == ["44.3", "44.3", "44.3", "42.6", "41.0", "39.3", "37.7", "37.7"]
