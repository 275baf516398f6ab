"""AI-tool releases: validate, apply (or preview) and withdraw a release across the drafted catalogue; reviewed
files get a proposal, never a new draft; a change is scored by a rerun that names it."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

from catalogue import journal
from catalogue.document import draft_catalogue
from catalogue.draft import index
from catalogue.files import is_reviewed, write_drafts
from catalogue.impact import TaskMoves, proposal, task_moves
from catalogue.releases import Release, applied, load_release, write_applied
from catalogue.selection import ActivityMatch, EffectSelection, TaskMatch, explain_release, find_activities, find_tasks
from flows.prediction import predict_run
from flows.request import RunRequest
from jobzone.services import runs
from jobzone.services.catalogue import Raw, applied_releases, read_datasets
from jobzone.services.notes import Note, quiet
from jobzone.settings import Settings
from scoring.errors import JobzoneError
from scoring.roles import role_paths


@dataclass(frozen=True)
class ScoreMove:
    """A role's score and zone before (as the pages show it) and after (as the rerun will score it)."""

    role_id: str
    before: float
    after: float
    zone_before: str
    zone_after: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ReleaseImpact:
    """What a release change does: the drafts it rewrites and their tasks moved, and every score and zone the
    rerun after it moves, predicted before any file is written (the rerun's own scoring, as of its date)."""

    tasks_moved: int
    roles_rewritten: int
    as_of: dt.date | None  # the date the rerun scores as of (None: no scored run yet, nothing to compare with)
    moves: list[ScoreMove]  # largest first

    @property
    def zone_changes(self) -> list[ScoreMove]:
        return [m for m in self.moves if m.zone_before != m.zone_after]

    def as_dict(self, top: int = 10) -> dict:
        return {
            "tasks_moved": self.tasks_moved,
            "roles_moved": self.roles_rewritten,
            "scored_as_of": self.as_of.isoformat() if self.as_of else None,
            "scores_moved": len(self.moves),
            "largest": [m.as_dict() for m in self.moves[:top]],
            "zone_changes": len(self.zone_changes),
            "zone_change_roles": [m.as_dict() for m in self.zone_changes],
        }


NO_IMPACT = ReleaseImpact(0, 0, None, [])


@dataclass(frozen=True, kw_only=True)
class ReleaseOutcome:
    """What applying or withdrawing a release did (or, in a dry run, would do)."""

    release: str
    name: str
    reason: str  # the reason a rerun scoring it names, e.g. "release 2026-03-01-x applied"
    withdraw: bool
    dry_run: bool
    impact: ReleaseImpact = NO_IMPACT
    proposals: list[str] = field(default_factory=list)  # reviewed role ids with a proposal file
    run_id: int | None = None  # the rerun that scored it
    already: bool = False  # nothing to do: the release was already applied (or, withdrawing, was not)
    completed: bool = False  # an interrupted change of this release finished (its files were already written)

    def as_dict(self) -> dict:
        """The JSON shape of `jobzone release apply --json`."""
        out = {
            "release": self.release,
            "name": self.name,
            "withdraw": self.withdraw,
            "dry_run": self.dry_run,
            **self.impact.as_dict(),
            "proposals": self.proposals,
        }
        if self.completed:
            out["completed"] = True
        return out if self.run_id is None else {**out, "run": self.run_id}


def in_releases_folder(settings: Settings, path: Path) -> Path:
    """A release applied or withdrawn must be one of the releases folder's files: drafting re-applies the applied
    ids from there, so a file elsewhere would leave the catalogue unreproducible."""
    if Path(path).resolve().parent != settings.releases.resolve():
        raise JobzoneError(
            f"{path}: release files live in {settings.releases}/ (drafting and withdrawing find them there); "
            f"move it there first"
        )
    return Path(path)


def validate(path: Path) -> tuple[str, Release]:
    """(id, release) of a valid release file; a JobzoneError listing what is wrong otherwise."""
    return load_release(path)


def explain(settings: Settings, path: Path) -> tuple[str, Release, list[EffectSelection]]:
    """What each effect of a release file selects in the catalogue as drafted with the other applied releases."""
    release_id, release = load_release(path)
    others = [r for r in applied_releases(settings.releases) if r[0] != release_id]
    raw = read_datasets(settings)
    return release_id, release, explain_release(index(raw), draft_catalogue(raw, None, others).texts, release)


def find_activities_and_tasks(settings: Settings, words: str) -> tuple[list[ActivityMatch], list[TaskMatch]]:
    """The work activities, IWAs and task statements that hold every one of the words."""
    if not words.split():
        raise JobzoneError('say what to look for: a word or a few (e.g. jobzone activities "customer")')
    tables = index(read_datasets(settings))
    return find_activities(tables, words), find_tasks(tables, words)


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
    release_id, release = load_release(in_releases_folder(settings, path))
    reason = release.reason(withdraw)
    outcome = partial(
        ReleaseOutcome, release=release_id, name=release.name, reason=reason, withdraw=withdraw, dry_run=dry_run
    )
    interrupted = journal.pending(settings.releases)
    if interrupted is not None and interrupted.reason != reason:
        raise JobzoneError(f"another release change was interrupted: run `{interrupted.command}` again first")
    if (release_id in applied(settings.releases)) != withdraw:
        if interrupted is None:
            return outcome(already=True)
        if interrupted.stage == "rerun":  # the files are complete: only the scoring is left
            run_id = runs.run(settings, RunRequest.rerun(reason), note).run_id if rerun and not dry_run else None
            return outcome(run_id=run_id, completed=True)
    others = [r for r in applied_releases(settings.releases) if r[0] != release_id]
    before_set, wanted = (
        (others + [(release_id, release)], others) if withdraw else (others, others + [(release_id, release)])
    )
    raw = read_datasets(settings)
    drafted_before, drafted_after = draft_catalogue(raw, None, before_set), draft_catalogue(raw, None, wanted)
    before, after = drafted_before.texts, drafted_after.texts
    reviewed = _reviewed_texts(settings, before, after)
    drafts_only = [k for k in after if k not in reviewed]  # a reviewed file gets a proposal, never a new draft
    files = task_moves(drafted_before, drafted_after, drafts_only)
    moved = predicted_impact(settings, reason, files, {Path("onet") / f"{k}.toml": after[k] for k in files.roles})
    proposals = {} if withdraw else proposals_for(reviewed, release, release_id, raw)
    run_id = None
    if not dry_run:
        command = f"jobzone release {'withdraw' if withdraw else 'apply'} {path}"
        try:
            journal.begin(settings.releases, applied=[r[0] for r in wanted], reason=reason, command=command)
            write_drafts(after, settings.roles / "onet", reviewed)
            _write_proposals(settings, release_id, proposals)
            write_applied(settings.releases, [r[0] for r in wanted])
        except OSError as exc:
            raise JobzoneError(
                f"{exc.filename or settings.roles}: cannot write ({exc.strerror}): the change is not complete; run "
                f"`{command}` again once it can be written"
            ) from None
        journal.files_done(settings.releases)  # a run scoring the catalogue from now on names the release
        if rerun:
            run_id = runs.run(settings, RunRequest.rerun(reason), note).run_id
    return outcome(impact=moved, proposals=sorted(proposals), run_id=run_id)


def predicted_impact(settings: Settings, reason: str, files: TaskMoves, texts: dict[Path, str]) -> ReleaseImpact:
    """Every score and zone the rerun after these drafts are written will move, scored as that rerun will."""
    prediction = predict_run(settings, RunRequest.rerun(reason), texts)
    moves = [
        ScoreMove(c.role_id, round(c.before_aijri, 1), round(c.after_aijri, 1), c.before_zone, c.after_zone)
        for c in prediction.changes
        if c.before_aijri is not None and c.before_zone is not None
    ]
    moves = [m for m in moves if m.before != m.after or m.zone_before != m.zone_after]
    moves.sort(key=lambda m: (-abs(m.after - m.before), m.role_id))
    compared = prediction.as_of if prediction.compared else None
    return ReleaseImpact(files.tasks_moved, len(files.roles), compared, moves)


def _reviewed_texts(settings: Settings, *drafts: dict[str, str]) -> dict[str, str]:
    """The analysts' files under the roles folder; a file that is one of these drafts' texts is a draft, unparsed."""
    texts = {p.stem: p.read_text(encoding="utf-8") for p in role_paths(settings.roles)}
    return {k: v for k, v in texts.items() if all(v != d.get(k) for d in drafts) and is_reviewed(v)}


def proposals_for(reviewed: dict[str, str], release: Release, release_id: str, raw: Raw) -> dict[str, str]:
    tables = index(raw)
    made = {k: proposal(v, release, release_id, tables) for k, v in reviewed.items()}
    return {k: text for k, text in made.items() if text is not None}


def _write_proposals(settings: Settings, release_id: str, proposals: dict[str, str]) -> None:
    for role_id, text in proposals.items():
        folder = settings.releases / "proposals" / release_id
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{role_id}.toml").write_text(text, encoding="utf-8")
