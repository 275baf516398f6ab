"""AI-tool releases: validate, apply (or preview) and withdraw a release across the drafted catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from jobzone.cli.app import DB_OPTION, JSON_OPTION, app
from jobzone.cli.output import console, errors, print_json, print_table
from jobzone.settings import load_settings

if TYPE_CHECKING:
    from jobzone.services.releases import ReleaseOutcome

release_app = typer.Typer(no_args_is_help=True, help="AI-tool releases as data: describe once, move every task.")
app.add_typer(release_app, name="release")
FILE = typer.Argument(..., help="A release file, releases/<date>-<slug>.toml.")
REPLAY = typer.Option(None, "--replay", help="Read the datasets' recordings in DIR instead of fetching them.")


def _note(text: str) -> None:
    errors.print(text, markup=False)


def print_outcome(outcome: ReleaseOutcome, as_json: bool) -> None:
    if outcome.already:
        state = "not applied" if outcome.withdraw else "already applied"
        return console.print(f"{outcome.release} is {state}: nothing changes.", markup=False)
    if as_json:
        return print_json(outcome.as_dict())
    if outcome.completed:  # an interrupted change whose files were written: only its rerun was left
        scored = f"; rerun {outcome.run_id} scored it" if outcome.run_id is not None else ""
        return console.print(f"{outcome.release}: finished the interrupted change{scored}.", markup=False)
    verb = "Withdrawing" if outcome.withdraw else "Applying"
    moved = outcome.impact
    console.print(
        f"{verb} {outcome.name} ({outcome.release}){' (dry run)' if outcome.dry_run else ''}: "
        f"{moved['tasks_moved']} task(s) in {moved['roles_moved']} role(s) move; "
        f"{moved['zone_changes']} zone change(s).",
        markup=False,
    )
    print_table(
        "Largest moves",
        ["role", "score", "zone"],
        [
            (m["role_id"], f"{m['before']:.1f} → {m['after']:.1f}", f"{m['zone_before']} → {m['zone_after']}")
            for m in moved["largest"]
        ],
    )
    where = f"releases/proposals/{outcome.release}/"
    for role_id in outcome.proposals:
        done = f"a proposal would be written to {where} (dry run)" if outcome.dry_run else f"a proposal is in {where}"
        console.print(f"  reviewed {role_id}: {done}", markup=False)
    if outcome.run_id is not None:
        console.print(f"rerun {outcome.run_id} scored it; see `jobzone diff --run {outcome.run_id}`.", markup=False)


@release_app.command("apply")
def apply_release(
    path: Path = FILE,
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the impact only."),
    replay: Optional[Path] = REPLAY,
    db: Optional[Path] = DB_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Apply a release: re-draft the tasks it selects, propose edits to reviewed files, and rerun."""
    from jobzone.services import releases

    settings = load_settings(replay=replay, db=db)
    print_outcome(releases.apply_release(settings, path, dry_run=dry_run, note=_note), as_json)


@release_app.command("withdraw")
def withdraw_release(
    path: Path = FILE, replay: Optional[Path] = REPLAY, db: Optional[Path] = DB_OPTION, as_json: bool = JSON_OPTION
) -> None:
    """Withdraw an applied release: its effects are undone in a new run; history is kept."""
    from jobzone.services import releases

    print_outcome(releases.withdraw_release(load_settings(replay=replay, db=db), path, note=_note), as_json)


@release_app.command("validate")
def validate_release(path: Path = FILE) -> None:
    """Check a release file; list every problem."""
    from jobzone.services import releases

    release_id, release = releases.validate(path)
    console.print(
        f"{release_id}: {release.name} ({release.date}), {len(release.effects)} effect(s): valid", markup=False
    )
