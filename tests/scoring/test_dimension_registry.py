"""Adding an automated evidence dimension is one registry entry: validation, mapping, explanation and the
role page all follow it. Here company_actions is (hypothetically) made market-fed, with its own thresholds."""

import dataclasses
import datetime as dt

import pytest

from flows.pipeline import run_pipeline
from flows.request import RunRequest
from flows.role_loader import load_checked_roles
from jobzone.settings import Settings
from scoring import dimensions
from scoring.dimensions import Ladder
from scoring.errors import RoleFileError
from scoring.evidence_values import EvidenceValue
from scoring.explain import describe_dimension
from warehouse.archive import store_observations
from warehouse.db import write_connection
from web import pages

SIGNAL = '\n[signals.company_actions]\nfred = { series = "TESTTOOLIDX" }\nmode = "absolute"\n'
TOOL_LADDER = Ladder((-50.0, -20.0, 20.0, 50.0), margin=1.0, unit="%")


@pytest.fixture
def tool_dimension(monkeypatch):
    """The one change: the registry entry."""
    registry = tuple(
        dataclasses.replace(d, automated=True, measure="postings", ladder=TOOL_LADDER)
        if d.name == "company_actions"
        else d
        for d in dimensions.DIMENSIONS
    )
    monkeypatch.setattr(dimensions, "DIMENSIONS", registry)


def role_file(roles_dir):
    path = roles_dir / "mlops-engineer.toml"
    path.write_text(path.read_text() + SIGNAL)
    return path


def observations(days: int = 800) -> list[dict]:
    """A synthetic daily index (labelled): 100 until 2025-06-30, then 130 (+30% a year later)."""
    start = dt.date(2024, 6, 1)
    return [
        {
            "source": "fred",
            "series_key": "TESTTOOLIDX",
            "period_date": start + dt.timedelta(i),
            "metric": "value",
            "value": 100.0 if start + dt.timedelta(i) <= dt.date(2025, 6, 30) else 130.0,
            "unit": "index",
            "vintage": dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
            "content_hash": "synthetic",
            "parser_version": 1,
        }
        for i in range(days)
    ]


def test_without_the_registry_entry_the_signal_is_refused(roles_dir):
    role_file(roles_dir)
    with pytest.raises(RoleFileError, match="company_actions cannot follow signals"):
        load_checked_roles(roles_dir)


def test_ai_tool_maturity_follows_capability_through_tasks_not_a_series(roles_dir):
    path = roles_dir / "mlops-engineer.toml"
    path.write_text(path.read_text() + SIGNAL.replace("company_actions", "ai_tool_maturity"))
    with pytest.raises(RoleFileError, match="follows AI capability through the role's tasks"):
        load_checked_roles(roles_dir)
    path.write_text(
        path.read_text().replace('fred = { series = "TESTTOOLIDX" }\nmode = "absolute"\n', "pinned = true\n")
    )
    assert load_checked_roles(roles_dir)  # pinning is the one setting it takes


def test_one_registry_entry_makes_a_dimension_validated_mapped_explained_and_rendered(
    tool_dimension, roles_dir, tmp_path
):
    role_file(roles_dir)
    assert load_checked_roles(roles_dir)  # validated
    settings = Settings(db=tmp_path / "w.duckdb", roles=roles_dir, prefect=False)
    with write_connection(settings.db) as con:
        store_observations(con, observations())
    report = run_pipeline(settings, RunRequest.nightly(as_of=dt.date(2026, 3, 31), skip_ingest=True))
    with write_connection(settings.db) as con:
        row = con.execute(
            "SELECT value, status, rule FROM evidence WHERE run_id = ? AND dimension = 'company_actions'",
            [report.run_id],
        ).fetchone()
    # mapped with its own thresholds: +30% is +1 here (the postings ladder would say +2)
    assert row[:2] == (1, "fresh") and "absolute: market level now +30.0%" in row[2] and "-> +1 (20..50%)" in row[2]
    lines = describe_dimension(
        EvidenceValue(dimension="company_actions", value=1, analyst_value=0, status="fresh", rule=row[2])
    )
    assert lines[0] == "Company actions: +1 (updated from market data; analyst's value +0)"  # explained
    html = pages.role_html(settings, "mlops-engineer")  # rendered
    assert "Company actions" in html and "FRED series TESTTOOLIDX" in html


def test_a_dimension_added_later_may_be_absent_from_older_files_and_the_bounds_follow_the_registry():
    from scoring import aijri, model

    table = model._scored_table("Six", ("one", "six"), model.EvidenceLevel, {"six": 0})
    assert table.model_validate({"one": 1}).six == 0  # a file written before "six" existed
    with pytest.raises(ValueError, match="one"):
        table.model_validate({"six": 1})  # a dimension without a default stays required
    assert dimensions.EVIDENCE_MAX == dimensions.LEVEL_MAX * len(dimensions.DIMENSIONS) == 10
    assert aijri.COMPOSITION_WEIGHTS["evidence"][0] == dimensions.EVIDENCE_MAX
    assert model.Evidence.model_fields.keys() - {"rationale"} == set(dimensions.dimension_names())
