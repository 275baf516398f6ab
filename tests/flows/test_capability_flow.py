"""A new frontier model, end to end on the recordings: a run as of 2026-03-01 reads Epoch's January download; the
capability check as of 2026-05-01 replays the April download, records Claude Opus 4.6 as a release event, writes
a release proposal that `jobzone release validate` accepts, and starts the rerun (plainly: no Prefect server
serves one), which is named after the event and mails a follower of a moved role the development in plain words.
Hands-on work (electricians) does not move; a hand-written role whose tasks are not tagged is not followed."""

import email
import json
import re
import shutil
from email.policy import default

import pytest

from catalogue.releases import load_release
from flows.request import RunRequest
from jobzone.services import capability, runs, subscriptions
from jobzone.settings import Settings
from tests.conftest import REPO
from tests.helpers import SECRET, add_drafts, jobzone

ROLES = ("actuaries", "software-developers", "customer-service-representatives", "electricians")
MARCH, MAY = "2026-03-01", "2026-05-01"

pytestmark = pytest.mark.slow


@pytest.fixture
def settings(tmp_path, fixtures) -> Settings:
    roles = tmp_path / "roles"
    add_drafts(roles / "onet", *ROLES)
    shutil.copy(REPO / "roles" / "mlops-engineer.toml", roles)
    return Settings(
        db=tmp_path / "w.duckdb",
        roles=roles,
        releases=tmp_path / "releases",
        outbox_dir=tmp_path / "outbox",
        secret=SECRET,
        prefect=False,
        replay=fixtures,
        base_url="https://jobzone.test",
    )


def maturity(settings, role_id):
    from jobzone.services import reads

    rows = reads.explanation(settings.db, role_id).evidence
    return next(row for row in rows if row.dimension == "ai_tool_maturity")


def test_a_new_frontier_model_is_recorded_proposed_rescored_and_mailed(settings):
    import datetime as dt

    march = runs.run(settings, RunRequest.nightly(as_of=dt.date.fromisoformat(MARCH)))
    assert march.sources["epoch"] == "ok" and march.capability["events"] == []  # the first check is a baseline
    assert maturity(settings, "actuaries").value == 0
    subscriptions.subscribe(settings, "follower@example.org", ["actuaries"])
    subscriptions.send(settings)
    confirmation = next(settings.outbox_dir.glob("jobzone.confirm.*.eml"))
    body = email.message_from_bytes(confirmation.read_bytes(), policy=default).get_body(("plain",)).get_content()
    subscriptions.confirm(settings, re.search(r"/confirm\?token=(\S+)", body).group(1))

    outcome = capability.check(settings, as_of=dt.date.fromisoformat(MAY), alert=True)

    [event] = outcome.check.events
    assert event.reason == "AI release: Claude Opus 4.6 (Anthropic, released 2026-02-05)"
    metr = next(j for j in event.jumps if j.benchmark == "metr_time_horizon")
    assert metr.before_title == "Claude Opus 4.5" and round(metr.after_score) == 719
    assert metr.rise > 2 * metr.se  # beyond its error
    proposal = settings.releases / "2026-02-05-claude-opus-4-6.toml"
    assert event.proposal == str(proposal) and load_release(proposal)[1].name == "Claude Opus 4.6"
    assert "Claude Opus 4.6" in jobzone("release", "validate", str(proposal), db=settings.db).stdout

    rerun = outcome.rerun
    assert rerun is not None and rerun.reason == event.reason and rerun.kind == "rerun"
    moved = maturity(settings, "actuaries")
    assert moved.value == -1 and str(moved.inputs.anchor) == "2025-03-27"
    electricians = maturity(settings, "electricians")
    assert electricians.value == electricians.analyst_value

    [alert] = [p for p in settings.outbox_dir.glob("jobzone.alert.*.eml")]
    text = email.message_from_bytes(alert.read_bytes(), policy=default).get_body(("plain",)).get_content()
    assert (
        "AI tool maturity +0 → -1: the frontier of" in text
        and "since this role's task scores were set (2025-03-27)" in text
    )
    assert "AI release: Claude Opus 4.6" in text

    again = capability.check(settings, as_of=dt.date.fromisoformat(MAY))
    assert again.check.events == () and again.rerun is None  # one event per model, once


def test_explain_names_the_readings_and_the_insensitive_roles(settings):
    import datetime as dt

    runs.run(settings, RunRequest.nightly(as_of=dt.date.fromisoformat(MAY)))
    software = "\n".join(jobzone("explain", "software-developers", db=settings.db).stdout.splitlines())
    assert "follows AI capability: from its tasks' work activities: coding agents" in software
    assert (
        "METR time horizon: 4.9 hours (Claude Opus 4.5, released 2025-11-24) -> 12.0 hours (Claude Opus 4.6" in software
    )
    # Stored once a run: the role's row names the benchmarks it read; the readings are shared by every role with
    # the same anchor, and explain joined them back above.
    from warehouse.db import read_connection

    with read_connection(settings.db) as con:
        stored = con.execute(
            "SELECT inputs FROM evidence WHERE dimension = 'ai_tool_maturity' AND role_id = 'software-developers'"
        ).fetchone()[0]
        shared = con.execute("SELECT count(*), count(DISTINCT anchor) FROM capability_readings").fetchone()
    assert json.loads(stored)["families"][0]["benchmarks"] == ["metr_time_horizon", "swe_bench_verified"]
    assert shared == (10, 3)  # per anchor, the benchmarks of its roles' families: not one copy per role
    reference = jobzone("explain", "mlops-engineer", db=settings.db).stdout  # its analyst tagged its tasks
    assert "coding agents 90%" in reference and "task scores as of 2026-03-31 (the analyst's assessment)" in reference
    assert "AI tool maturity: +0" in reference  # Claude Opus 4.6 was out when the analyst assessed it: no rise
    electricians = jobzone("explain", "electricians", db=settings.db).stdout
    assert "AI tool maturity: +0 (updated from AI capability data" in electricians
    untagged = settings.roles / "mlops-engineer.toml"
    untagged.write_text(
        "\n".join(line for line in untagged.read_text().splitlines() if not line.startswith("capability")) + "\n"
    )
    jobzone("rerun", "--reason", "tags removed", "--roles", "mlops-engineer", db=settings.db, roles=settings.roles)
    assert "not followed by AI capability" in jobzone("explain", "mlops-engineer", db=settings.db).stdout
    frontier = {
        m["benchmark"]: m
        for m in json.loads(jobzone("capability", "frontier", "--as-of", MAY, "--json", db=settings.db).stdout)
    }
    assert (
        frontier["metr_time_horizon"]["title"] == "Claude Opus 4.6"
        and round(frontier["metr_time_horizon"]["score"]) == 719
    )
