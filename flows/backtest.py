"""`jobzone backtest`: the same backfill under the old method and the new one, side by side, per year.

Each method backfills the roles into its own throwaway warehouse (the operator's is never touched); the old
method has no noise gate (z = 0), real wages, absolute postings, and alerts that ignore
sampling error. Per calendar year of the as-of dates: the share of roles whose score moved a point or more, zone
moves, moves within noise (market readings alone, within the market band at z = 2), roles with a 3+-level swing
of a dimension, and the alerts one subscriber following one role would get in a year (the ratchet replayed over
the runs, with the method's own band)."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from flows.pipeline import run_pipeline
from flows.report import RunReport
from flows.request import RunRequest
from flows.schedule import as_of_dates
from flows.settings import PipelineSettings
from scoring.countries import DEFAULT as DEFAULT_COUNTRY
from scoring.uncertainty import explained_by_noise
from warehouse import queries
from warehouse.store import Warehouse

OLD_METHOD = 'z = 0\n\n[wage_trends]\nbasis = "real"\n\n[job_posting_trends]\nbasis = "absolute"\n'


@dataclass(frozen=True, kw_only=True)
class YearRow:
    method: str
    year: int
    runs: int
    roles: int
    moved_share: float  # roles whose score moved a point or more at least once in the year
    zone_moves: int
    within_noise: int  # moves of a point or more the market readings' sampling error explains
    swings_3plus: int
    alerts_per_role_year: float

    def as_dict(self) -> dict:
        return dict(vars(self))


def backtest(
    settings: PipelineSettings,
    start: dt.date,
    end: dt.date,
    every: str = "month",
    replay: Path | None = None,
    roles: list[str] | None = None,
    on_run: Callable[[str, RunReport], None] | None = None,
    country: str = DEFAULT_COUNTRY,
) -> list[YearRow]:
    """Both methods over the same as-of dates, in one country's view; rows per method and year."""
    dates = as_of_dates(start, end, every)
    rows: list[YearRow] = []
    with tempfile.TemporaryDirectory(prefix="jobzone-backtest-") as folder:
        old_rules = Path(folder) / "old-method.toml"
        old_rules.write_text(OLD_METHOD, encoding="utf-8")
        for method, rules in (("old", old_rules), ("new", settings.evidence_rules)):
            db = Path(folder) / f"{method}.duckdb"
            trial = settings.model_copy(update={"db": db, "evidence_rules": rules, "replay": None})
            reports = []
            for request in RunRequest.backfill(dates, every=every, roles=roles, replay=replay or settings.replay):
                reports.append(run_pipeline(trial, request.model_copy(update={"country": country})))
                if on_run:
                    on_run(method, reports[-1])
            rows += _years(method, reports, db, settings.alert_min_points, country)
    return rows


def _years(
    method: str, reports: Sequence[RunReport], db: Path, min_points: float, country: str = DEFAULT_COUNTRY
) -> list[YearRow]:
    scores = _scores(db, country)
    alerts = _alerts(scores, min_points)
    out = []
    for year in sorted({r.as_of.year for r in reports}):
        runs = [r for r in reports if r.as_of.year == year]
        roles = max(r.roles_scored for r in runs)
        moved = _moved_roles(scores, year)
        out.append(
            YearRow(
                method=method,
                year=year,
                runs=len(runs),
                roles=roles,
                moved_share=round(len(moved) / roles, 3) if roles else 0.0,
                zone_moves=sum(r.moves.get("zone_moves", 0) for r in runs),
                within_noise=sum(r.moves.get("within_noise", 0) for r in runs),
                swings_3plus=sum(r.moves.get("swings_3plus", 0) for r in runs),
                alerts_per_role_year=round(alerts.get(year, 0) / roles, 2) if roles else 0.0,
            )
        )
    return out


Point = tuple  # (as of, aijri, zone, label, market band, the run's causes): queries.score_paths


def _scores(db: Path, country: str = DEFAULT_COUNTRY) -> dict[str, list[Point]]:
    with Warehouse(db).read() as con:
        return queries.score_paths(con, country)


def _moved_roles(scores: dict[str, list[Point]], year: int) -> set[str]:
    moved = set()
    for role, points in scores.items():
        for before, now in zip(points, points[1:]):
            if now[0].year == year and abs(now[1] - before[1]) >= 1:
                moved.add(role)
    return moved


def _alerts(scores: dict[str, list[Point]], min_points: float) -> dict[int, int]:
    """Per year, the alerts the ratchet sends one subscriber per followed role, replayed over the runs."""
    per_year: dict[int, int] = defaultdict(int)
    for points in scores.values():
        told = points[0]
        for now in points[1:]:
            day, aijri, zone, label, band, causes = now
            crossed = zone != told[2] or label != told[3]
            drifted = abs(aijri - told[1]) >= min_points
            if (crossed or drifted) and not explained_by_noise(causes, aijri - told[1], band):
                per_year[day.year] += 1
                told = now
    return per_year


CAPABILITY_OFF = "capability = false\n"


@dataclass(frozen=True, kw_only=True)
class CapabilityRow:
    """One as-of date of the capability backtest: the same runs with AI capability read and not read."""

    as_of: dt.date
    roles: int
    followed: int  # roles whose AI tool maturity was read from the capability frontier
    moved: int  # of them, off their file's value
    zone_moves: int  # roles in another zone than without capability
    zones_on: dict[str, str]
    zones_off: dict[str, str]

    def as_dict(self) -> dict:
        return {**{k: v for k, v in vars(self).items() if not k.startswith("zones")}, "as_of": self.as_of.isoformat()}


def capability_backtest(
    settings: PipelineSettings,
    dates: Sequence[dt.date],
    replay: Path | None = None,
    roles: list[str] | None = None,
    on_run: Callable[[str, RunReport], None] | None = None,
) -> list[CapabilityRow]:
    """The roles backfilled over the dates twice, in throwaway warehouses: with AI capability read (the rules as
    configured) and without (AI tool maturity at each file's value); per date, what capability changed."""
    runs: dict[str, list[tuple[RunReport, dict[str, str], tuple[int, int]]]] = {}
    with tempfile.TemporaryDirectory(prefix="jobzone-capability-") as folder:
        off_rules = Path(folder) / "capability-off.toml"
        off_rules.write_text(CAPABILITY_OFF, encoding="utf-8")
        for method, rules in (("on", settings.evidence_rules), ("off", off_rules)):
            db = Path(folder) / f"{method}.duckdb"
            trial = settings.model_copy(update={"db": db, "evidence_rules": rules, "replay": None})
            runs[method] = []
            for request in RunRequest.backfill(dates, every="quarter", roles=roles, replay=replay or settings.replay):
                report = run_pipeline(trial, request)
                runs[method].append((report, _zones(db, report.run_id), _capability_counts(db, report.run_id)))
                if on_run:
                    on_run(method, report)
    return [
        CapabilityRow(
            as_of=on[0].as_of,
            roles=on[0].roles_scored,
            followed=on[2][0],
            moved=on[2][1],
            zone_moves=sum(zone != off[1].get(role) for role, zone in on[1].items()),
            zones_on=on[1],
            zones_off=off[1],
        )
        for on, off in zip(runs["on"], runs["off"])
    ]


def _zones(db: Path, run_id: int) -> dict[str, str]:
    with Warehouse(db).read() as con:
        return dict(con.execute("SELECT role_id, zone FROM role_scores WHERE run_id = ?", [run_id]).fetchall())


def _capability_counts(db: Path, run_id: int) -> tuple[int, int]:
    with Warehouse(db).read() as con:
        row = con.execute(
            "SELECT count(*) FILTER (WHERE status = 'fresh'), count(*) FILTER (WHERE value <> analyst_value) "
            "FROM evidence WHERE run_id = ? AND dimension = 'ai_tool_maturity'",
            [run_id],
        ).fetchone()
    return (row[0], row[1]) if row else (0, 0)
