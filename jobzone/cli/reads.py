"""Read commands over the warehouse: runs, scores, history, diff."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from jobzone.cli.app import DB_OPTION, JSON_OPTION, app, db_path
from jobzone.cli.output import console, print_json, print_table


def _fmt_score(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


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
    print_table(
        "Runs (newest first)",
        ["run", "kind", "as of", "status", "roles", "changes", "reason / error"],
        [
            (
                r["id"],
                r["kind"],
                r["as_of"],
                r["status"],
                (r["stats"] or {}).get("roles_scored", ""),
                (r["stats"] or {}).get("changes", ""),
                r["error"] or r["reason"] or "",
            )
            for r in rows
        ],
    )


@app.command()
def scores(
    run: Optional[int] = typer.Option(None, "--run", help="Run id (default: each role's latest good score)."),
    db: Optional[Path] = DB_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Every role's score, zone and label."""
    from jobzone.services import reads

    rows = reads.scores(db_path(db), run)
    if as_json:
        return print_json(rows)
    print_table(
        "Scores",
        ["role", "title", "score", "zone", "label", "run"],
        [(r["role_id"], r["title"], r["aijri_display"], r["zone"], r["label"], r["run_id"]) for r in rows],
    )


@app.command()
def history(
    role_id: str = typer.Argument(..., help="Role id, e.g. mlops-engineer."),
    db: Optional[Path] = DB_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """A role's score, zone and label across runs, oldest first."""
    from jobzone.services import reads

    rows = reads.history(db_path(db), role_id)
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
    db: Optional[Path] = DB_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """What changed in a run versus each role's previous good run, with causes."""
    from jobzone.services import reads
    from scoring.changes import describe_cause

    result = reads.diff(db_path(db), run)
    if as_json:
        return print_json(result)
    reason = f" — reason: {result['reason']}" if result["reason"] else ""
    console.print(f"Run {result['id']} ({result['kind']}, as of {result['as_of']}){reason}", markup=False)
    if not result["changes"]:
        return console.print("No role changed.")
    print_table(
        None,
        ["role", "score", "zone / label", "causes"],
        [
            (
                c["role_id"],
                f"{_fmt_score(c['before_aijri'])} → {_fmt_score(c['after_aijri'])}",
                f"{c['before_label'] or '-'} → {c['after_label']}",
                "\n".join(describe_cause(cause) for cause in c["causes"]),
            )
            for c in result["changes"]
        ],
    )
