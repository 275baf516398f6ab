"""Read commands over the warehouse: runs, scores, history, diff."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from jobzone.cli.app import COUNTRY_OPTION, DB_OPTION, JSON_OPTION, app, db_path
from jobzone.cli.output import console, print_json, print_table


def _fmt_score(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _yes(flag: bool) -> str:
    return "draft" if flag else ""


@app.command()
def runs(
    limit: int = typer.Option(20, min=1, max=100_000, help="How many recent runs to list."),
    db: Optional[Path] = DB_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """List recent runs with kind, reason, as-of date, status and counts."""
    from jobzone.services import reads

    rows = reads.runs(db_path(db), limit)
    if as_json:
        return print_json(rows)
    # The failed-sources and alerts columns appear when a listed run has some: an 80-column terminal stays readable.
    failures = any(r["failed_sources"] for r in rows)
    alerts = any(sum(r["alerts"].values()) for r in rows)
    columns = ["run", "kind", "as of", "status", "roles", "changes"]
    columns += (["failed sources"] if failures else []) + (["alerts queued / sent"] if alerts else [])
    print_table(
        "Runs (newest first)",
        columns + ["reason / error"],
        [
            (
                r["id"] or "-",  # an attempt refused meanwhile has no run id yet
                r["kind"] if r.get("country", "US") == "US" else f"{r['kind']} ({r['country']})",
                r["as_of"],
                r["status"],
                (r["stats"] or {}).get("roles_scored", ""),
                (r["stats"] or {}).get("changes", ""),
                *([", ".join(r["failed_sources"]) or "-"] if failures else []),
                *([_alerts_cell(r["alerts"])] if alerts else []),
                r["error"] or r["reason"] or "",
            )
            for r in rows
        ],
        fold=("reason / error",),
    )


def _alerts_cell(alerts: dict) -> str:
    total = sum(alerts.values())
    if not total:
        return "-"
    failed = f", {alerts['failed']} failed" if alerts["failed"] else ""
    return f"{alerts['queued']} / {alerts['sent']}{failed}"


class Zone(str, Enum):
    red = "Red"
    yellow = "Yellow"
    green = "Green"


class Sort(str, Enum):
    lowest_first = "aijri"
    highest_first = "-aijri"
    by_title = "title"
    by_role = "role"


@app.command()
def scores(
    run: Optional[int] = typer.Option(None, "--run", help="Run id (default: each role's latest good score)."),
    zone: Optional[Zone] = typer.Option(
        None, "--zone", case_sensitive=False, help="Only roles in this zone (any case)."
    ),
    category: Optional[str] = typer.Option(
        None,
        "--category",
        help="Only roles of this category: its name in any case, or words of it (sales: Sales and Related).",
    ),
    draft: Optional[bool] = typer.Option(
        None, "--draft/--reviewed", help="Only drafted roles, or only reviewed and hand-written ones."
    ),
    sort: Sort = typer.Option(Sort.highest_first, "--sort", help="aijri (lowest first), -aijri, title or role."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="At most this many rows."),
    db: Optional[Path] = DB_OPTION,
    as_json: bool = JSON_OPTION,
    country: str = COUNTRY_OPTION,
) -> None:
    """Every role's score, zone and label; filtered by zone, category or draft status, sorted, limited."""
    from jobzone.services import reads

    filters = reads.ScoreFilter(
        zone=zone.value if zone else None, category=category, draft=draft, sort=sort.value, limit=limit
    )
    rows = reads.scores(db_path(db), run, filters, country)
    if as_json:
        return print_json(rows)
    print_table(
        "Scores" if country == "US" and run is None else f"Scores ({reads.known_country(country)} view)",
        ["role", "title", "score", "80% band", "zone", "label", "category", "draft", "run"],
        [
            (
                r["role_id"],
                r["title"],
                r["aijri_display"],
                _band(r),
                r["zone"] + (f", could be {r['could_be']}" if r.get("could_be") else ""),
                r["label"],
                r["category"],
                _yes(r["draft"]),
                r["run_id"],
            )
            for r in rows
        ],
    )


def _band(row: dict) -> str:
    if row.get("confidence_low") is None:
        return "-"
    return f"{row['confidence_low']:.1f}-{row['confidence_high']:.1f}"


@app.command()
def history(
    role_id: str = typer.Argument(..., help="Role id, e.g. mlops-engineer."),
    db: Optional[Path] = DB_OPTION,
    as_json: bool = JSON_OPTION,
    country: str = COUNTRY_OPTION,
) -> None:
    """A role's score, zone and label across runs of one country's view, oldest first."""
    from jobzone.services import reads

    rows = reads.history(db_path(db), role_id, country)
    if as_json:
        return print_json(rows)
    print_table(
        f"History of {role_id}",
        ["run", "kind", "as of", "score", "zone", "label", "assessment", "reason"],
        [
            (
                r["run_id"],
                r["kind"],
                r["as_of"],
                r["aijri_display"],
                r["zone"],
                r["label"],
                r["assessment_hash"][:10],
                r["reason"] or "",
            )
            for r in rows
        ],
    )


@app.command()
def diff(
    run: Optional[int] = typer.Option(None, "--run", help="Run id (default: the latest good run)."),
    show_all: bool = typer.Option(
        False, "--all", help="Also list roles whose shown score, zone and label did not move (an input changed)."
    ),
    db: Optional[Path] = DB_OPTION,
    as_json: bool = JSON_OPTION,
    country: str = COUNTRY_OPTION,
) -> None:
    """What changed in a run versus each role's previous good run: a summary first, then each move with causes."""
    from jobzone.services import reads
    from scoring.changes import diff_lines

    if as_json:  # each change in the published change schema (docs/api.md), as the API and webhooks send it
        return print_json(reads.published_diff(db_path(db), run, country))
    result = reads.diff(db_path(db), run, country)
    summary = reads.summarise_diff(result["changes"])
    reason = f" — reason: {result['reason']}" if result["reason"] else ""
    view = f", {result['country']} view" if result["country"] != "US" else ""
    console.print(f"Run {result['id']} ({result['kind']}, as of {result['as_of']}{view}){reason}", markup=False)
    if not result["changes"]:
        return console.print("No role changed.")
    _print_summary(summary, show_all)
    shown = result["changes"] if show_all else [c for c in result["changes"] if reads.moved(c)]
    print_table(
        None,
        ["role", "score", "zone / label", "causes"],
        [
            (
                c["role_id"],
                f"{_fmt_score(c['before_aijri'])} → {_fmt_score(c['after_aijri'])}",
                f"{c['before_label'] or '-'} → {c['after_label']}",
                "\n".join(diff_lines(c["causes"])),
            )
            for c in shown
        ],
        fold=("causes",),
    )


def _print_summary(summary: dict, show_all: bool) -> None:
    zones = ", ".join(f"{move} {n}" for move, n in summary["zone_moves"].items()) or "none"
    causes = ", ".join(f"{cause} {n}" for cause, n in summary["causes"].items())
    hidden = "" if show_all or not summary["unmoved"] else f" ({summary['unmoved']} unmoved not listed: --all)"
    console.print(
        f"{summary['changed']} role(s) changed, {summary['moved']} moved as shown{hidden}; "
        f"{summary['moved_a_point_or_more']} by a point or more (largest {summary['largest_move']:.1f}).",
        markup=False,
    )
    console.print(f"Zone changes: {zones}.", markup=False)
    console.print(f"Causes: {causes}.", markup=False)
