"""`make demo`, chapters 5 to 7, in the demo's one warehouse: the whole catalogue follows the market for a year (what
moved, where, and why), a new frontier model moves it again, and its static site is written."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

if TYPE_CHECKING:
    from rich.console import Console

    from flows.report import RunReport
    from jobzone.settings import Settings
    from scoring.stored import Explanation

BEFORE, AFTER = dt.date(2023, 9, 1), dt.date(2024, 9, 1)
TOP_MOVERS = 8
# Epoch AI's downloads as recorded in January and April 2026: Claude Opus 4.6's results appear in April's.
CAPABILITY_BASE, CAPABILITY_NEW = dt.date(2026, 3, 1), dt.date(2026, 5, 1)
HAND_WRITTEN = "mlops-engineer"  # the demo's backfilled role: the catalogue's dated runs leave its months alone


@dataclass(frozen=True)
class YearStory:
    """The catalogue's year: its two runs and the moves it printed, each as one line."""

    before: RunReport
    after: RunReport
    movers: list[str]
    runs: int = 2


@dataclass(frozen=True)
class CapabilityStory:
    """The capability chapter: the base run, the events the check found (reason, jumps, proposal) and the rerun."""

    base: RunReport
    events: list[str]
    jumps: list[str]
    proposals: list[Path]
    rerun: RunReport | None
    movers: list[str] = field(default_factory=list)

    @property
    def runs(self) -> int:
        return 1 + (self.rerun is not None)


@contextmanager
def stage(console: Console, what: str) -> Iterator[Callable[[str], None]]:
    """One progress line as a stage starts and one as it ends; in a terminal a spinner names the pipeline's step."""
    console.print(f"… {what}", markup=False)
    started = time.perf_counter()
    with console.status(what) as status:
        yield lambda step: status.update(f"{what}: {step}")
    console.print(f"  done in {time.perf_counter() - started:.0f}s", markup=False)


def drafted_ids(settings: Settings) -> list[str]:
    from scoring.roles import role_titles

    return sorted(role_id for role_id in role_titles(settings.roles) if role_id != HAND_WRITTEN)


def catalogue_year(settings: Settings, drafts: list[str], replay: Path | None, console: Console) -> YearStory:
    """Two runs over every drafted role (`drafts`; plain calls of the flows' stages), a year apart, and the story of
    the second."""
    from flows.request import RunRequest
    from jobzone.services import runs

    with stage(console, f"scoring the {len(drafts)} drafted roles as of {BEFORE} (reading the recordings)") as step:
        first = runs.run(settings, RunRequest.nightly(as_of=BEFORE, roles=drafts, replay=replay), on_stage=step)
    with stage(console, f"scoring them again as of {AFTER}") as step:
        second = runs.run(settings, RunRequest.nightly(as_of=AFTER, roles=drafts, skip_ingest=True), on_stage=step)
    fed = second.market_fed
    console.print(
        f"{second.roles_scored} roles drafted from O*NET scored as of {BEFORE} and {AFTER}; the market moved job "
        f"postings for {fed['job_posting_trends'].fresh_share:.0%} of them and wages for "
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
    console.print(f"the {TOP_MOVERS} largest moves beyond noise, and why:", markup=False)
    movers = _print_movers([c for c in changes if not _within_noise(c)], console)
    _print_categories(changes, console)
    return YearStory(before=first, after=second, movers=movers)


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


def _print_movers(changes: list[dict], console: Console, limit: int = TOP_MOVERS) -> list[str]:
    """The largest moves, each with its first two causes in plain words; returns each move's line."""
    from scoring.explain import plain_causes

    moved = [c for c in changes if c["before_aijri"] is not None]
    moved.sort(key=lambda c: (-abs(c["after_aijri"] - c["before_aijri"]), c["role_id"]))
    lines = []
    for change in moved[:limit]:
        zone = (
            f", {change['before_zone']} → {change['after_zone']}"
            if change["before_zone"] != change["after_zone"]
            else ""
        )
        band = f" (±{change['market_band']:.1f})" if change["market_band"] else ""
        lines.append(f"{change['role_id']} {change['before_aijri']:.1f} → {change['after_aijri']:.1f}{band}{zone}")
        console.print(f"  {lines[-1]}", markup=False)
        for line in plain_causes(change["causes"], change["evidence"], None)[:2]:
            console.print(f"      {line}", markup=False)
    return lines


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


def capability_event(settings: Settings, drafts: list[str], replay: Path | None, console: Console) -> CapabilityStory:
    """The drafted roles as of 2026-03-01 (AI capability read from Epoch's January download), then the capability
    check as of 2026-05-01 replaying April's: the new frontier model, its release proposal and the rerun it starts
    over the whole catalogue, which alerts the demo's subscriber when the role followed moves."""
    from flows.request import RunRequest
    from jobzone.services import capability, runs

    with stage(console, f"scoring the drafted roles as of {CAPABILITY_BASE} (Epoch AI's January download)") as step:
        base = runs.run(
            settings,
            RunRequest.nightly(as_of=CAPABILITY_BASE, roles=drafts, replay=replay),
            on_stage=step,
        )
    counts = base.capability
    console.print(
        f"as of {CAPABILITY_BASE} (Epoch AI's download of 2026-01-20): AI tool maturity follows the capability "
        f"frontier for {counts.get('followed', 0)} roles; for {counts.get('moved', 0)} it is off the file's value "
        "(the frontier of their work rose beyond its error since their task scores were set).",
        markup=False,
    )
    with stage(console, f"capability check as of {CAPABILITY_NEW} (April's download), then its rerun") as step:
        outcome = capability.check(settings, as_of=CAPABILITY_NEW, replay=replay, alert=True, on_stage=step)
    events, jumps, proposals = [], [], []
    for event in outcome.check.events:
        events.append(event.reason)
        console.print(f"capability check as of {CAPABILITY_NEW}: {event.reason}", markup=False)
        for jump in event.jumps:
            jumps.append(jump.words())
            console.print(f"    {jumps[-1]}", markup=False)
        if event.proposal:
            proposals.append(Path(event.proposal))
            console.print(f"    release proposal for analysts: {_relative(proposals[-1])}", markup=False)
    rerun = outcome.rerun
    if rerun is None:
        console.print(f"capability check as of {CAPABILITY_NEW}: no new frontier model.", markup=False)
        return CapabilityStory(base=base, events=events, jumps=jumps, proposals=proposals, rerun=None)
    zone = ", ".join(f"{n} {move}" for move, n in rerun.zone_moves.items()) or "no zone change"
    console.print(
        f"the rerun it started (run {rerun.run_id}, named after it) moved {rerun.changes} of all "
        f"{rerun.roles_scored} roles ({zone}):",
        markup=False,
    )
    movers = _print_movers(_changes(settings, rerun.run_id), console, limit=3)
    return CapabilityStory(base=base, events=events, jumps=jumps, proposals=proposals, rerun=rerun, movers=movers)


# The UK's view, as of a date the recordings cover in the UK: Indeed GB's sector file runs to 2024-08-09, and ONS's
# ASHE 2023 tables (published 2023-11-01) are the newest by then.
UK_AS_OF = dt.date(2024, 8, 15)
UK_EXAMPLE = "registered-nurses"


@dataclass(frozen=True)
class UkStory:
    """The UK chapter: the run of every role in the GB view, and the one role's reading it printed."""

    report: RunReport
    reading: str
    runs: int = 1


def uk_view(settings: Settings, replay: Path | None, console: Console) -> UkStory:
    """Every role scored in the United Kingdom's view (UK data where it exists), and one role's UK reading beside
    its US score."""
    from flows.request import RunRequest
    from jobzone.services import reads, runs

    with stage(console, f"scoring every role in the UK's view as of {UK_AS_OF} (ONS ASHE, Indeed GB)") as step:
        report = runs.run(settings, RunRequest.nightly(as_of=UK_AS_OF, replay=replay, country="GB"), on_stage=step)
    c = report.coverage
    console.print(
        f"{report.roles_scored} roles in the GB view: UK wages (ONS ASHE by UK SOC 2020, through the ISCO-08 spine) "
        f"for {c['local_wages']}, UK postings (Indeed GB sectors) for {c['local_postings']}, neither for "
        f"{c['neither']}; zones {_zones(report)}.",
        markup=False,
    )
    uk = reads.explanation(settings.db, UK_EXAMPLE, country="GB")
    us = reads.explanation(settings.db, UK_EXAMPLE)
    reading = (
        f"{uk.title} in the UK as of {uk.as_of}: {uk.score.aijri_display} {uk.score.label} "
        f"({_uk_readings(uk)}); in the US view as of {us.as_of}: {us.score.aijri_display} {us.score.label}"
    )
    console.print(reading, markup=False)
    console.print(
        f"    (set -a; . demo-workspace/jobzone.env; set +a; .venv/bin/jobzone explain {UK_EXAMPLE} --country GB)",
        markup=False,
    )
    return UkStory(report, reading)


def _uk_readings(found: Explanation) -> str:
    from scoring.dimensions import title_of
    from scoring.evidence_inputs import MarketInputs

    said = []
    for row in found.evidence:
        inputs = row.inputs
        if isinstance(inputs, MarketInputs) and inputs.change_now is not None:
            error = f" ± {inputs.se_now:.1f}" if inputs.se_now is not None else ""
            said.append(f"{title_of(row.dimension).lower()} {inputs.change_now:+.1f}{error} -> {row.value:+d}")
    return "; ".join(said) or "no UK reading"


def static_site(settings: Settings, out: Path, console: Console) -> int:
    """The static site of the whole catalogue, as `jobzone site` writes it; returns how many files."""
    from web.site import write_site

    with stage(console, f"writing the static site of every role, in the US and UK views, to {_relative(out)}"):
        return len(write_site(settings, out))


def _relative(path: Path) -> Path:
    cwd = Path.cwd()
    return path.relative_to(cwd) if path.is_relative_to(cwd) else path
