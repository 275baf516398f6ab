"""Benchmark: applying an AI-tool release across the catalogue (924 roles) end to end: re-draft, rerun and the
digests of 200 confirmed subscribers who follow 5 drafted roles each (mail written as .eml files)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, report, timed_rows

FIXTURES = Path(os.environ.get("JOBZONE_FIXTURES", REPO.parent / "shared" / "fixtures"))
RELEASE = REPO / "releases" / "2025-11-24-claude-opus-4-5.toml"
SECRET = "benchmark-secret-0123456789abcdefghij"


def jobzone(env: dict, *args: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "jobzone", *args], cwd=REPO, env=env, capture_output=True, text=True, check=True
    ).stdout


def subscribe_many(db: Path, roles: list[str], count: int) -> None:
    from warehouse.db import write_connection

    with write_connection(db) as con:
        for index in range(count):
            follows = sorted({roles[(index * 5 + k) % len(roles)] for k in range(5)})
            sid = con.execute(
                "INSERT INTO subscribers (email, status, created_at) VALUES (?, 'confirmed', now()) RETURNING id",
                [f"reader{index}@example.org"],
            ).fetchone()[0]
            for role_id in follows:
                con.execute(
                    "INSERT INTO subscriptions (subscriber_id, role_id, created_at) VALUES (?, ?, now())",
                    [sid, role_id],
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", help="SOC codes to draft, comma-separated (default: the whole catalogue)")
    parser.add_argument("--subscribers", type=int, default=200)
    args = parser.parse_args()
    runs = [one_repeat(args.only, args.subscribers) for _ in range(args.repeats)]
    applied = runs[0]["applied"]
    report(
        f"AI-tool release over the catalogue (median of {args.repeats})",
        timed_rows(runs, {"release apply --dry-run": "dry", "release apply: re-draft, rerun, digests": "apply"}),
        {
            "tasks_moved": applied["tasks_moved"],
            "roles_moved": applied["roles_moved"],
            "zone_changes": applied["zone_changes"],
            "subscribers": args.subscribers,
            "digests": runs[0]["digests"],
        },
        "release",
    )


def one_repeat(only: str | None, subscribers: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        releases = tmp / "releases"
        releases.mkdir()
        shutil.copy(RELEASE, releases / RELEASE.name)
        env = {
            **os.environ,
            "JOBZONE_DB": str(tmp / "w.duckdb"),
            "JOBZONE_ROLES": str(tmp / "roles"),
            "JOBZONE_RELEASES": str(releases),
            "JOBZONE_REPLAY": str(FIXTURES),
            "JOBZONE_PREFECT": "false",
            "JOBZONE_SECRET": SECRET,
            "JOBZONE_OUTBOX_DIR": str(tmp / "outbox"),
            "JOBZONE_SMTP_RATE": "0",
        }
        jobzone(env, "draft", "--out", str(tmp / "roles" / "onet"), *(["--only", only] if only else []))
        jobzone(env, "run", "--skip-ingest")
        roles = sorted(p.stem for p in (tmp / "roles" / "onet").glob("*.toml"))
        subscribe_many(tmp / "w.duckdb", roles, subscribers)
        jobzone(env, "run", "--skip-ingest")  # the subscribers' baseline
        start = time.perf_counter()
        dry_run = json.loads(jobzone(env, "release", "apply", str(releases / RELEASE.name), "--dry-run", "--json"))
        dry_seconds = time.perf_counter() - start
        start = time.perf_counter()
        applied = json.loads(jobzone(env, "release", "apply", str(releases / RELEASE.name), "--json"))
        apply_seconds = time.perf_counter() - start
        digests = len(list((tmp / "outbox").glob("jobzone.alert.*.eml")))
    assert dry_run["tasks_moved"] == applied["tasks_moved"], "the dry run and the apply disagree"
    return {"dry": dry_seconds, "apply": apply_seconds, "applied": applied, "digests": digests}


if __name__ == "__main__":
    main()
