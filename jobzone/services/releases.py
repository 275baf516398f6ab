"""AI-tool releases: validate, apply (or preview) and withdraw a release across the drafted catalogue; reviewed
files get a proposal, never a new draft; a change is scored by a rerun that names it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from catalogue.document import draft_catalogue
from catalogue.draft import index
from catalogue.files import is_reviewed, write_drafts
from catalogue.impact import impact, proposal
from catalogue.releases import Release, applied, load_release, write_applied
from jobzone.services import runs
from jobzone.services.catalogue import Raw, applied_releases, read_datasets
from jobzone.services.notes import Note, quiet
from jobzone.settings import Settings
from scoring.roles import role_paths


@dataclass(frozen=True, kw_only=True)
class ReleaseOutcome:
    """What applying or withdrawing a release did (or, in a dry run, would do)."""

    release: str
    name: str
    reason: str  # the reason a rerun scoring it names, e.g. "release 2026-03-01-x applied"
    withdraw: bool
    dry_run: bool
    impact: dict  # tasks_moved, roles_moved, largest, zone_changes, zone_change_roles (catalogue.impact)
    proposals: list[str] = field(default_factory=list)  # reviewed role ids with a proposal file
    run_id: int | None = None  # the rerun that scored it
    already: bool = False  # nothing to do: the release was already applied (or, withdrawing, was not)

    def as_dict(self) -> dict:
        """The JSON shape of `jobzone release apply --json`."""
        out = {
            "release": self.release,
            "name": self.name,
            "withdraw": self.withdraw,
            "dry_run": self.dry_run,
            **self.impact,
            "proposals": self.proposals,
        }
        return out if self.run_id is None else {**out, "run": self.run_id}


def validate(path: Path) -> tuple[str, Release]:
    """(id, release) of a valid release file; a JobzoneError listing what is wrong otherwise."""
    return load_release(path)


def apply_release(
    settings: Settings, path: Path, *, dry_run: bool = False, rerun: bool = True, note: Note = quiet
) -> ReleaseOutcome:
    """Re-draft the tasks the release selects, propose edits to reviewed files, and (unless a dry run, or
    `rerun` is False because a served rerun will score it) rerun."""
    return _change(settings, path, withdraw=False, dry_run=dry_run, rerun=rerun, note=note)


def withdraw_release(settings: Settings, path: Path, *, note: Note = quiet) -> ReleaseOutcome:
    """Undo an applied release's effects in a new run; history is kept."""
    return _change(settings, path, withdraw=True, dry_run=False, rerun=True, note=note)


def _change(
    settings: Settings, path: Path, *, withdraw: bool, dry_run: bool, rerun: bool, note: Note
) -> ReleaseOutcome:
    release_id, release = load_release(path)
    outcome = partial(
        ReleaseOutcome,
        release=release_id,
        name=release.name,
        reason=release.reason(withdraw),
        withdraw=withdraw,
        dry_run=dry_run,
    )
    if (release_id in applied(settings.releases)) != withdraw:
        return outcome(impact={}, already=True)
    current = applied_releases(settings.releases)
    wanted = [r for r in current if r[0] != release_id] if withdraw else current + [(release_id, release)]
    raw = read_datasets(settings)
    before, after = draft_catalogue(raw, None, current), draft_catalogue(raw, None, wanted)
    reviewed = _reviewed_texts(settings)
    drafts_only = [k for k in after if k not in reviewed]  # a reviewed file gets a proposal, never a new draft
    moved = impact({k: before[k] for k in drafts_only}, {k: after[k] for k in drafts_only})
    proposals = {} if withdraw else _proposals(reviewed, release, release_id, raw)
    run_id = None
    if not dry_run:
        write_drafts(after, settings.roles / "onet", reviewed)
        _write_proposals(settings, release_id, proposals)
        write_applied(settings.releases, [r[0] for r in wanted])
        if rerun:
            run_id = runs.rerun(settings, reason=release.reason(withdraw), note=note).run_id
    return outcome(impact=moved, proposals=sorted(proposals), run_id=run_id)


def _reviewed_texts(settings: Settings) -> dict[str, str]:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in role_paths(settings.roles)}
    return {k: v for k, v in texts.items() if is_reviewed(v)}


def _proposals(reviewed: dict[str, str], release: Release, release_id: str, raw: Raw) -> dict[str, str]:
    tables = index(raw)
    made = {k: proposal(v, release, release_id, tables) for k, v in reviewed.items()}
    return {k: text for k, text in made.items() if text is not None}


def _write_proposals(settings: Settings, release_id: str, proposals: dict[str, str]) -> None:
    for role_id, text in proposals.items():
        folder = settings.releases / "proposals" / release_id
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{role_id}.toml").write_text(text, encoding="utf-8")
