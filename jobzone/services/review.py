"""`jobzone review ROLE`: an analyst takes a draft over. The file says who reviewed it and when, its market-fed
dimensions keep the levels its stored score read (now the analyst's values, anchored from the stored score's as-of
date), and the rerun after it is predicted before anything is written: the review itself moves no score."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from catalogue.files import write_atomically
from catalogue.review import ReviewEdit, reviewed_text
from flows.prediction import predict_run
from flows.request import RunRequest
from flows.role_loader import load_checked_roles
from jobzone.settings import Settings
from scoring.errors import JobzoneError
from warehouse import queries
from warehouse.errors import WarehouseError


@dataclass(frozen=True)
class Review:
    role_id: str
    path: Path
    reviewer: str
    edit: ReviewEdit
    score_now: tuple[float, str]  # as the pages show it
    score_after: tuple[float, str]  # as the next run will score the reviewed file
    written: bool


def review(settings: Settings, role_id: str, reviewer: str, *, dry_run: bool = False) -> Review:
    """Make the draft `role_id` the analyst's file (see the module's docstring); refused for a reviewed file or a
    role no run has scored yet (there is no stored level to keep)."""
    (loaded,) = load_checked_roles(settings.roles, [role_id])
    if not loaded.role.is_draft:
        by = loaded.role.draft.reviewer if loaded.role.draft else None
        raise JobzoneError(f"{loaded.path}: already an analyst's file{f' (reviewed by {by})' if by else ''}")
    try:
        with settings.warehouse.read() as con:
            stored = queries.explanation(con, role_id)
    except WarehouseError as exc:
        raise JobzoneError(f"{role_id}: no stored score to review against ({exc}); run `jobzone run` first") from None
    levels = {e.dimension: e.value for e in stored.evidence if e.status not in ("analyst", "pinned")}
    try:
        text, edit = reviewed_text(
            loaded.text,
            reviewer=reviewer,
            reviewed_on=dt.datetime.now(dt.timezone.utc).date(),
            assessed_on=stored.as_of,
            levels=levels,
            why=f"as the market read on {stored.as_of}",
        )
    except JobzoneError as exc:
        raise JobzoneError(f"{loaded.path}: cannot review it: {exc}") from None
    relative = loaded.path.relative_to(settings.roles)
    prediction = predict_run(settings, RunRequest.rerun(f"review of {role_id}", roles=[role_id]), {relative: text})
    change = next((c for c in prediction.changes if c.role_id == role_id), None)
    now = (round(stored.score.aijri, 1), stored.score.zone)
    after = (round(change.after_aijri, 1), change.after_zone) if change else now
    if not dry_run:
        write_atomically(loaded.path, text)
    return Review(role_id, loaded.path, reviewer, edit, now, after, written=not dry_run)
