"""AI-tool releases: validate, apply (or preview) and withdraw a release across the drafted catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from jobzone.cli.app import DB_OPTION, JSON_OPTION, app
from jobzone.cli.output import console, print_json, print_table

release_app = typer.Typer(no_args_is_help=True, help="AI-tool releases as data: describe once, move every task.")
app.add_typer(release_app, name="release")
FILE = typer.Argument(..., help="A release file, releases/<date>-<slug>.toml.")
REPLAY = typer.Option(None, "--replay", help="Read the datasets' recordings in DIR instead of fetching them.")


def apply_files(settings, path: Path) -> str:
    """Apply a release to the files only (the served rerun scores it); return the reason that names it."""
    from catalogue.releases import load_release

    _change(settings, path, False, False, False, rerun=False)
    return load_release(path)[1].reason()


def _change(settings, path: Path, withdraw: bool, dry_run: bool, as_json: bool, rerun: bool = True) -> None:
    from catalogue.document import draft_catalogue
    from catalogue.draft import index
    from catalogue.files import is_reviewed, write_drafts
    from catalogue.impact import impact, proposal
    from catalogue.releases import applied, load_release, write_applied
    from jobzone.cli.catalogue import applied_releases, read_datasets
    from scoring.roles import role_paths

    release_id, release = load_release(path)
    ids = applied(settings.releases)
    if (release_id in ids) != withdraw:
        state = "not applied" if withdraw else "already applied"
        return console.print(f"{release_id} is {state}: nothing changes.", markup=False)
    current = applied_releases(settings.releases)
    wanted = [r for r in current if r[0] != release_id] if withdraw else current + [(release_id, release)]
    raw = read_datasets(settings)
    before, after = draft_catalogue(raw, None, current), draft_catalogue(raw, None, wanted)
    reviewed = {p.stem: p.read_text(encoding="utf-8") for p in role_paths(settings.roles)}
    reviewed = {k: v for k, v in reviewed.items() if is_reviewed(v)}
    drafts_only = [k for k in after if k not in reviewed]  # a reviewed file gets a proposal, never a new draft
    result = {
        "release": release_id,
        "name": release.name,
        "withdraw": withdraw,
        "dry_run": dry_run,
        **impact({k: before[k] for k in drafts_only}, {k: after[k] for k in drafts_only}),
    }
    proposals = (
        {}
        if withdraw
        else {k: p for k, v in reviewed.items() if (p := proposal(v, release, release_id, index(raw))) is not None}
    )
    result["proposals"] = sorted(proposals)
    if not dry_run:
        write_drafts(after, settings.roles / "onet", reviewed)
        for role_id, text in proposals.items():
            folder = settings.releases / "proposals" / release_id
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{role_id}.toml").write_text(text, encoding="utf-8")
        write_applied(settings.releases, [r[0] for r in wanted])
        if rerun:
            from jobzone.cli.runs import _run

            reason = release.reason(withdraw)
            result["run"] = _run("rerun", settings=settings, reason=reason, roles=None, ingest=False, replay=None)[
                "run_id"
            ]
    _print(result, as_json)


def _print(result: dict, as_json: bool) -> None:
    if as_json:
        return print_json(result)
    verb = "Withdrawing" if result["withdraw"] else "Applying"
    console.print(
        f"{verb} {result['name']} ({result['release']}){' (dry run)' if result['dry_run'] else ''}: "
        f"{result['tasks_moved']} task(s) in {result['roles_moved']} role(s) move; "
        f"{result['zone_changes']} zone change(s).",
        markup=False,
    )
    print_table(
        "Largest moves",
        ["role", "score", "zone"],
        [
            (m["role_id"], f"{m['before']:.1f} → {m['after']:.1f}", f"{m['zone_before']} → {m['zone_after']}")
            for m in result["largest"]
        ],
    )
    for role_id in result["proposals"]:
        console.print(f"  reviewed {role_id}: a proposal is in releases/proposals/{result['release']}/", markup=False)
    if "run" in result:
        console.print(f"rerun {result['run']} scored it; see `jobzone diff --run {result['run']}`.", markup=False)


@release_app.command("apply")
def apply_release(
    path: Path = FILE,
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the impact only."),
    replay: Optional[Path] = REPLAY,
    db: Optional[Path] = DB_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Apply a release: re-draft the tasks it selects, propose edits to reviewed files, and rerun."""
    from jobzone.settings import load_settings

    _change(load_settings(replay=replay, db=db), path, False, dry_run, as_json)


@release_app.command("withdraw")
def withdraw_release(
    path: Path = FILE, replay: Optional[Path] = REPLAY, db: Optional[Path] = DB_OPTION, as_json: bool = JSON_OPTION
) -> None:
    """Withdraw an applied release: its effects are undone in a new run; history is kept."""
    from jobzone.settings import load_settings

    _change(load_settings(replay=replay, db=db), path, True, False, as_json)


@release_app.command("validate")
def validate_release(path: Path = FILE) -> None:
    """Check a release file; list every problem."""
    from catalogue.releases import load_release

    release_id, release = load_release(path)
    console.print(
        f"{release_id}: {release.name} ({release.date}), {len(release.effects)} effect(s): valid", markup=False
    )
