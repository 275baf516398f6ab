"""Commands that read role files only: score, validate."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from rich.markup import escape

from jobzone.cli.app import DB_OPTION, JSON_OPTION, app
from jobzone.cli.output import console, print_json, print_table
from jobzone.settings import load_settings


@app.command()
def score(
    paths: List[Path] = typer.Argument(..., help="Role files or directories of role files."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Score role files with the AIJRI formula (touches no database)."""
    from jobzone.services import roles

    reports = roles.score_files(paths)
    if as_json:
        print_json(reports[0] if len(reports) == 1 else reports)
    elif len(reports) == 1:
        _print_score_summary(reports[0])
    else:
        print_table(
            "AIJRI scores",
            ["role", "title", "score", "zone", "label"],
            [(r["id"], r["title"], r["aijri_display"], r["zone"], r["label"]) for r in reports],
        )


def _print_score_summary(report: dict) -> None:
    from scoring.dimensions import EVIDENCE_MAX, LEVEL_MAX
    from scoring.model import BARRIER_MAX, PROTECTIVE_MAX

    m, s, c, w = report["modifiers"], report["split"], report["composition"], report["waterfall"]
    console.print(
        f"[bold]{escape(report['title'])}[/bold] ({report['id']}): "
        f"[bold]{report['aijri_display']}[/bold]/100  {report['zone']}  {report['label']}"
    )
    print_table(
        None,
        ["input", "value"],
        [
            (
                "task resistance",
                f"{report['task_resistance']:.2f} / 5  (weighted task score {report['weighted_task_score']:.2f})",
            ),
            ("evidence", f"{report['evidence_total']:+d} / {EVIDENCE_MAX}  -> modifier {m['evidence']:.2f}"),
            ("barriers", f"{report['barrier_total']} / {BARRIER_MAX}  -> modifier {m['barriers']:.2f}"),
            ("AI growth", f"{report['ai_growth']:+d} / {LEVEL_MAX}  -> modifier {m['growth']:.2f}"),
            ("protective (not in formula)", f"{report['protective_total']} / {PROTECTIVE_MAX}"),
            ("raw", f"{report['raw']:.4f}"),
            ("task time scoring 3+", f"{report['high_exposure_pct']:g}%"),
            (
                "split",
                f"{s['displacement']:g}% displaced / {s['augmentation']:g}% augmented / {s['not_involved']:g}% not involved",
            ),
            ("composition", " / ".join(f"{k} {v:.1f}" for k, v in c.items())),
            ("waterfall", " + ".join(f"{k} {v:.1f}" for k, v in w.items())),
        ],
    )
    if report["override"]:
        o = report["override"]
        console.print(f"Assessor override: {o['zone']} / {o['label']}: {o['reason']}", markup=False)


@app.command()
def validate(
    directory: Optional[Path] = typer.Argument(None, help="Role files directory (default: JOBZONE_ROLES or roles/)."),
) -> None:
    """Check every role file; list every problem and exit 1 if any. A text that states a score or evidence total
    the file's values no longer give is a warning (the page shows the text with the score it was written for)."""
    from jobzone.services import roles

    settings = load_settings()
    target = directory or settings.roles
    checked = roles.validate(target, settings.releases)
    for line in checked.warnings:
        console.print(f"[yellow]warning:[/yellow] {escape(line)}")
    if checked.warnings:
        console.print(
            "  update the text to the values, or leave it: pages show it with the score it was written for",
            markup=False,
        )
    console.print(f"{checked.count} role file(s) valid in {target}", markup=False)


@app.command()
def review(
    role_id: str = typer.Argument(..., help="The drafted role to take over, e.g. registered-nurses."),
    reviewer: str = typer.Option(..., "--reviewer", help="Who reviewed it (written into the file)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Say what would change; write nothing."),
    db: Optional[Path] = DB_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Make a draft an analyst's file: reviewed, by whom and when, anchored where its stored score stands."""
    from jobzone.services.review import review as review_role

    done = review_role(load_settings(db=db), role_id, reviewer, dry_run=dry_run)
    if as_json:
        return print_json(
            {
                "role_id": done.role_id,
                "path": str(done.path),
                "reviewer": done.reviewer,
                "assessed_on": list(done.edit.assessed_on),
                "values": {name: list(pair) for name, pair in done.edit.values.items()},
                "score_now": list(done.score_now),
                "score_after": list(done.score_after),
                "written": done.written,
            }
        )
    verb = "would become" if not done.written else "is now"
    console.print(f"{done.path} {verb} an analyst's file (reviewed by {done.reviewer}).", markup=False)
    before, after = done.edit.assessed_on
    console.print(
        f"  assessed_on {before} → {after}: the date its market dimensions are anchored from (the stored score's).",
        markup=False,
    )
    for name, (was, level) in done.edit.values.items():
        console.print(
            f"  {name}: {was:+d} → {level:+d}, the level the stored score read; from now on this value plus the "
            "market's change since assessed_on (anchored), instead of the market level itself (absolute).",
            markup=False,
        )
    console.print(
        f"  `jobzone draft` leaves the file alone from now on; a release gives it a proposal instead of a new draft.\n"
        f"  Score: {done.score_now[0]:.1f} {done.score_now[1]} now → {done.score_after[0]:.1f} {done.score_after[1]} "
        "at the next run (scored as that run will).",
        markup=False,
    )
