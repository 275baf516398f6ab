"""`make demo`, chapter 5: the whole catalogue follows the market for a year; what moved, where, and why."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from flows.report import RunReport
    from jobzone.settings import Settings

BEFORE, AFTER = dt.date(2023, 9, 1), dt.date(2024, 9, 1)
TOP_MOVERS = 8
# Epoch AI's downloads as recorded in January and April 2026: Claude Opus 4.6's results appear in April's.
CAPABILITY_BASE, CAPABILITY_NEW = dt.date(2026, 3, 1), dt.date(2026, 5, 1)


def catalogue_year(repo: Path, workspace: Path, replay: Path | None, console: Console) -> RunReport:
    """Two runs over every role (the flows' stages, plainly), a year apart, and the story of the second."""
    from flows.request import RunRequest
    from jobzone.services import runs
    from jobzone.settings import Settings

    settings = Settings(db=workspace / "catalogue.duckdb", roles=repo / "roles", prefect=False)
    first = runs.run(settings, RunRequest.nightly(as_of=BEFORE, replay=replay))
    second = runs.run(settings, RunRequest.nightly(as_of=AFTER, skip_ingest=True))
    fed = second.market_fed
    console.print(
        f"{second.roles_scored} roles (923 drafted from O*NET, 1 hand-written) scored as of {BEFORE} and {AFTER}; "
        f"the market moved job postings for {fed['job_posting_trends'].fresh_share:.0%} of them and wages for "
        f"{fed['wage_trends'].fresh_share:.0%} (Indeed sector indexes, BLS OEWS wages).",
        markup=False,
    )
    console.print(f"zones {BEFORE}: {_zones(first)}; {AFTER}: {_zones(second)}.", markup=False)
    moves = ", ".join(f"{count} {move}" for move, count in sorted(second.zone_moves.items(), key=lambda m: -m[1]))
    console.print(f"zone moves in the year: {moves or 'none'}.", markup=False)
    counted = second.moves
    console.print(
        f"{counted.get('moved', 0)} roles moved a point or more: {counted.get('beyond_noise', 0)} beyond what "
        f"sampling error explains, {counted.get('within_noise', 0)} within it (market readings alone, inside their "
        f"±band: no alert for those); {counted.get('swings_3plus', 0)} had a dimension jump 3+ levels. Readings "
        "are as published by each date, wages against all occupations, postings against all sectors.",
        markup=False,
    )
    changes = _changes(settings, second.run_id)
    _print_movers([c for c in changes if not _within_noise(c)], console)
    _print_categories(changes, console)
    return second


def _within_noise(change: dict) -> bool:
    from scoring.uncertainty import explained_by_noise

    if change["before_aijri"] is None:
        return False
    return explained_by_noise(change["causes"], change["after_aijri"] - change["before_aijri"], change["market_band"])


def _zones(report: RunReport) -> str:
    return ", ".join(f"{report.zones.get(zone, 0)} {zone}" for zone in ("Red", "Yellow", "Green"))


def _changes(settings: Settings, run_id: int) -> list[dict]:
    from jobzone.services import reads
    from web import data

    changes = reads.diff(settings.db, run_id)["changes"]
    evidence = reads.run_evidence(settings.db, run_id)
    texts = reads.latest_assessments(settings.db)
    bands = reads.market_bands(settings.db, run_id)
    for change in changes:
        change["category"] = data.stored_role(change["role_id"], texts[change["role_id"]]).category
        change["evidence"] = evidence.get(change["role_id"], {})
        change["market_band"] = bands.get(change["role_id"], 0.0)
    return changes


def _print_movers(changes: list[dict], console: Console, limit: int = TOP_MOVERS, heading: bool = True) -> None:
    from scoring.explain import plain_causes

    moved = [c for c in changes if c["before_aijri"] is not None]
    moved.sort(key=lambda c: (-abs(c["after_aijri"] - c["before_aijri"]), c["role_id"]))
    if heading:
        console.print(f"the {limit} largest moves beyond noise, and why:", markup=False)
    for change in moved[:limit]:
        zone = (
            f", {change['before_zone']} → {change['after_zone']}"
            if change["before_zone"] != change["after_zone"]
            else ""
        )
        band = f" (±{change['market_band']:.1f})" if change["market_band"] else ""
        console.print(
            f"  {change['role_id']}: {change['before_aijri']:.1f} → {change['after_aijri']:.1f}{band}{zone}",
            markup=False,
        )
        for line in plain_causes(change["causes"], change["evidence"], None)[:2]:
            console.print(f"      {line}", markup=False)


def _print_categories(changes: list[dict], console: Console) -> None:
    up: Counter[str] = Counter()
    down: Counter[str] = Counter()
    for change in changes:
        if change["before_aijri"] is None:
            continue
        delta = change["after_aijri"] - change["before_aijri"]
        (up if delta > 0 else down)[change["category"]] += abs(delta) >= 1
    worst = ", ".join(f"{cat} ({n})" for cat, n in down.most_common(4) if n)
    best = ", ".join(f"{cat} ({n})" for cat, n in up.most_common(4) if n)
    console.print(f"where: roles down 1+ point most often in {worst or 'none'}; up in {best or 'none'}.", markup=False)


def capability_event(repo: Path, workspace: Path, replay: Path | None, console: Console) -> RunReport | None:
    """The catalogue as of 2026-03-01 (AI capability read from Epoch's January download), then the capability check
    as of 2026-05-01 replaying April's: the new frontier model, its release proposal and the rerun it starts."""
    from flows.request import RunRequest
    from jobzone.services import capability, runs
    from jobzone.settings import Settings

    settings = Settings(
        db=workspace / "catalogue.duckdb", roles=repo / "roles", releases=workspace / "releases", prefect=False
    )
    base = runs.run(settings, RunRequest.nightly(as_of=CAPABILITY_BASE, replay=replay))
    counts = base.capability
    console.print(
        f"as of {CAPABILITY_BASE} (Epoch AI's download of 2026-01-20): AI tool maturity follows the capability "
        f"frontier for {counts.get('followed', 0)} roles; for {counts.get('moved', 0)} it is off the file's value "
        "(the frontier of their work rose beyond its error since their task scores were set).",
        markup=False,
    )
    outcome = capability.check(settings, as_of=CAPABILITY_NEW, replay=replay)
    for event in outcome.check.events:
        console.print(f"capability check as of {CAPABILITY_NEW}: {event.reason}", markup=False)
        for jump in event.jumps:
            console.print(f"    {jump.words()}", markup=False)
        if event.proposal:
            console.print(f"    release proposal for analysts: {_relative(Path(event.proposal), repo)}", markup=False)
    rerun = outcome.rerun
    if rerun is None:
        console.print(f"capability check as of {CAPABILITY_NEW}: no new frontier model.", markup=False)
        return None
    zone = ", ".join(f"{n} {move}" for move, n in rerun.zone_moves.items()) or "no zone change"
    console.print(
        f"the rerun it started (run {rerun.run_id}, named after it) moved {rerun.changes} roles ({zone}):",
        markup=False,
    )
    changes = _changes(settings, rerun.run_id)
    _print_movers(changes, console, limit=3, heading=False)
    return rerun


def _relative(path: Path, repo: Path) -> Path:
    return path.relative_to(repo) if path.is_relative_to(repo) else path
