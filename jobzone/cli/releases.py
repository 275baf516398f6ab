"""AI-tool releases: validate, apply (or preview) and withdraw a release across the drafted catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from jobzone.cli.app import DB_OPTION, JSON_OPTION, app
from jobzone.cli.output import console, errors, print_json, print_table
from jobzone.settings import load_settings

if TYPE_CHECKING:
    from jobzone.services.releases import ReleaseOutcome, ScoreMove

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
        f"{moved.tasks_moved} task(s) in {moved.roles_rewritten} drafted role(s) change.",
        markup=False,
    )
    if moved.as_of is None:
        console.print("No scored run yet: the rerun will score every role for the first time.", markup=False)
    else:
        console.print(
            f"Scored as the rerun {'will' if outcome.dry_run else 'does'} (as of {moved.as_of}, on the stored "
            f"evidence): {len(moved.moves)} role(s) move, {len(moved.zone_changes)} zone change(s).",
            markup=False,
        )

    def rows(moves: list[ScoreMove]) -> list[tuple[str, str, str]]:
        return [(m.role_id, f"{m.before:.1f} → {m.after:.1f}", f"{m.zone_before} → {m.zone_after}") for m in moves]

    if moved.zone_changes:
        print_table("Zone changes", ["role", "score", "zone"], rows(moved.zone_changes))
    if moved.moves:
        print_table("Largest moves", ["role", "score", "zone"], rows(moved.moves[:10]))
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
        f"{release_id}: {release.name} ({release.date}), {len(release.effects)} effect(s): valid. "
        f"`jobzone release explain {path}` shows what each effect selects.",
        markup=False,
    )


@release_app.command("explain")
def explain_release(
    path: Path = FILE,
    examples: int = typer.Option(5, "--examples", min=0, max=100, help="Example tasks shown per effect."),
    replay: Optional[Path] = REPLAY,
    db: Optional[Path] = DB_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """What each effect of a release file selects in the drafted catalogue: tasks, roles, groups and examples."""
    from jobzone.services import releases

    release_id, release, selections = releases.explain(load_settings(replay=replay, db=db), path)
    if as_json:
        return print_json(
            {
                "release": release_id,
                "effects": [
                    {
                        "effect": s.number,
                        "tasks": len(s.tasks),
                        "roles": s.roles,
                        "moving": s.moving,
                        "categories": dict(s.categories()),
                        "examples": [vars(t) for t in spaced(s.tasks, examples)],
                    }
                    for s in selections
                ],
            }
        )
    console.print(f"{release_id}: {release.name} ({release.date}), {len(release.effects)} effect(s)", markup=False)
    for s in selections:
        change = f"{s.effect.change:+d}" + (f", cap {s.effect.cap}" if s.effect.cap != 5 else "")
        groups = ", ".join(f"{name} {count}" for name, count in s.categories())
        console.print(
            f"\nEffect {s.number} ({change}): selects {len(s.tasks)} task(s) in {s.roles} role(s); {s.moving} move "
            f"(the rest are at the cap); most in {groups or 'no group'}.",
            markup=False,
        )
        print_table(
            None,
            ["role", "task", "score"],
            [(t.title, t.task, f"{t.score} → {t.moved_to}") for t in spaced(s.tasks, examples)],
        )
    console.print(
        "\nScores within each effect's cap; what a task is (hands-on, in person) may bound it lower, and reviewed "
        "files get a proposal instead: `jobzone release apply FILE --dry-run` scores it as the rerun will.",
        markup=False,
    )


def spaced(items: list, count: int) -> list:
    """`count` items spread evenly through the list (examples from across the catalogue, not its first roles)."""
    if count <= 0 or not items:
        return []
    step = max(1, len(items) // count)
    return items[::step][:count]


@app.command()
def activities(
    words: str = typer.Argument(..., help='Words to look for, e.g. "customer" (every word must appear).'),
    tasks: int = typer.Option(10, "--tasks", min=0, help="Task statements to show (0: none)."),
    replay: Optional[Path] = REPLAY,
    db: Optional[Path] = DB_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Find O*NET work activities, IWAs and tasks by words, with the selector a release file writes for each."""
    from jobzone.services import releases

    found, statements = releases.find_activities_and_tasks(load_settings(replay=replay, db=db), words)
    if as_json:
        return print_json(
            {
                "activities": [{**vars(m), "selector": m.selector} for m in found],
                "tasks": [{**vars(t), "iwas": list(t.iwas)} for t in statements[:tasks]],
                "tasks_found": len(statements),
            }
        )
    if not found and not statements:
        return console.print(f"Nothing in O*NET's work activities or task statements holds {words!r}.", markup=False)
    print_table(
        f"Work activities and IWAs holding {words!r} ({len(found)})",
        ["select", "id", "title", "tasks", "occupations", "found in"],
        [
            (m.kind, m.id, m.title, m.tasks, m.occupations, "its title" if m.matched == m.title else m.matched)
            for m in found
        ],
    )
    if found:
        console.print(f"In a release file: {found[0].selector}", markup=False)
    if tasks:
        print_table(
            f"Task statements holding {words!r} ({len(statements)}; {min(tasks, len(statements))} shown)",
            ["occupation", "task", "labels", "IWAs"],
            [
                (t.occupation, t.statement, f"{t.exposure or '-'} {t.automation or '-'}", " ".join(t.iwas))
                for t in statements[:tasks]
            ],
        )
