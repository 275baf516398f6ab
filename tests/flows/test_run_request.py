"""One request per run: the flows' single parameter, its JSON schema (what Prefect's UI renders as the form), and the
rules it keeps (a rerun says why and reads the stored observations unless asked to fetch)."""

import datetime as dt
import json

import pytest

from flows.request import BackfillRequest, RunRequest, checked
from scoring.errors import JobzoneError


def test_each_flow_takes_one_typed_parameter_and_no_settings():
    from prefect.utilities.callables import parameter_schema

    from flows import prefect_flows

    for flow, model in (
        (prefect_flows.nightly, RunRequest),
        (prefect_flows.rerun, RunRequest),
        (prefect_flows.backfill, BackfillRequest),
    ):
        schema = parameter_schema(flow.fn).model_dump()
        assert list(schema["properties"]) == ["request"], flow.name
        form = schema["definitions"][model.__name__]["properties"]
        assert set(form) == set(model.model_fields)
        assert all(field.get("description") for field in form.values()), flow.name  # the form explains itself
    for flow in (prefect_flows.capability, prefect_flows.deliver):
        assert parameter_schema(flow.fn).model_dump()["properties"] == {}


def test_a_request_round_trips_as_the_json_a_deployment_run_stores():
    request = RunRequest.rerun("Claude 5 released", roles=["mlops-engineer"], as_of=dt.date(2026, 3, 31))
    stored = json.loads(request.model_dump_json())
    assert stored["as_of"] == "2026-03-31" and stored["ingest"] is False
    assert RunRequest.model_validate(stored) == request


def test_a_rerun_reads_stored_observations_unless_asked_and_a_nightly_fetches():
    assert RunRequest(reason="x").of_kind("rerun").fetches is False  # what the announce event's parameters give
    assert RunRequest.rerun("x", ingest=True).fetches is True
    assert RunRequest().fetches is True
    assert RunRequest.nightly(skip_ingest=True).fetches is False


def test_a_rerun_without_a_reason_and_unknown_fields_are_refused_by_name():
    with pytest.raises(JobzoneError, match="a rerun needs a reason"):
        RunRequest(roles=["mlops-engineer"]).of_kind("rerun")
    with pytest.raises(JobzoneError, match="a rerun needs a reason"):
        RunRequest.rerun("  ")
    with pytest.raises(JobzoneError, match="^skip: Extra inputs are not permitted"):
        checked(RunRequest, {"skip": True})
    with pytest.raises(JobzoneError, match="^every: Input should be 'day', 'week', 'month' or 'year'"):
        checked(BackfillRequest, {"start": "2024-01-01", "end": "2024-02-01", "every": "hour"})
    with pytest.raises(JobzoneError, match="^--to 2024-01-01 is before --from 2024-05-01$"):
        checked(BackfillRequest, {"start": "2024-05-01", "end": "2024-01-01"})


def test_a_backfill_expands_into_runs_that_fetch_once_and_skip_what_ran():
    request = BackfillRequest(start=dt.date(2024, 1, 31), end=dt.date(2024, 4, 30))
    assert request.dates == [dt.date(2024, 1, 31), dt.date(2024, 2, 29), dt.date(2024, 3, 31), dt.date(2024, 4, 30)]
    runs = request.runs(skip=[dt.date(2024, 1, 31)])
    assert [r.as_of for r in runs] == request.dates[1:]
    assert [r.fetches for r in runs] == [True, False, False]  # the first run left fetches
    assert {r.reason for r in runs} == {"backfill 2024-01-31..2024-04-30 every month"} == {request.reason}
    assert {r.kind for r in runs} == {"backfill"} and not any(r.alert for r in runs)


def test_the_served_nightly_runs_each_country_listed_after_the_us(tmp_path):
    """JOBZONE_NIGHTLY_COUNTRIES: one nightly deployment per country besides the US (always served), on the same
    schedule, each asking its flow for that country's view; an unknown country is refused by name."""
    from flows.serve import deployments
    from jobzone.settings import Settings

    settings = Settings(db=tmp_path / "w.duckdb", nightly_countries="gb, DE,uk", capability_every=0)
    assert settings.nightly_countries == "US,GB,DE"
    served = {d.name: d for d in deployments(settings)}
    assert sorted(served) == ["nightly", "nightly-de", "nightly-gb", "rerun"]
    assert served["nightly-gb"].parameters == {"request": {"country": "GB"}}
    request = RunRequest.model_validate(served["nightly-de"].parameters["request"])
    assert request.country == "DE" and request.kind == "nightly"
    with pytest.raises(ValueError, match="XX: not a country jobzone scores; choose from US, GB, AU, CA, DE, FR"):
        Settings(db=tmp_path / "w.duckdb", nightly_countries="US,XX")
