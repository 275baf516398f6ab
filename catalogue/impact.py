"""What applying (or withdrawing) a release does to the catalogue's files: the drafts rewritten and their tasks
moved; and, for reviewed files, the proposal an analyst can accept."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from typing import Iterable

import tomli_w

from catalogue.document import DraftedCatalogue
from catalogue.draft import Tables
from catalogue.releases import Release, apply


@dataclass(frozen=True)
class TaskMoves:
    """What a release change rewrites in the drafted catalogue: the drafts whose text changes, and how many of
    their tasks change automation score. What that does to scores is the rerun's to say (flows/prediction.py)."""

    tasks_moved: int
    roles: list[str]  # role ids of the rewritten drafts


def task_moves(before: DraftedCatalogue, after: DraftedCatalogue, role_ids: Iterable[str]) -> TaskMoves:
    """Compare two drafts of the catalogue on these roles."""
    tasks_moved, roles = 0, []
    for role_id in role_ids:
        if before.texts.get(role_id) == after.texts[role_id]:
            continue
        roles.append(role_id)
        old, new = before.task_scores.get(role_id, ()), after.task_scores[role_id]
        tasks_moved += sum(a != b for a, b in zip(old, new))
    return TaskMoves(tasks_moved, roles)


def proposal(text: str, release: Release, release_id: str, tables: Tables) -> str | None:
    """A reviewed file with the release's effects applied to its tasks (None when it selects none of them)."""
    data = tomllib.loads(text)
    soc = str(data.get("soc") or "")
    drafted = [i for i, t in enumerate(data.get("tasks", [])) if isinstance(t.get("onet_task_id"), int)]
    if not drafted:
        return None
    applied = apply([data["tasks"][i] for i in drafted], soc, tables.iwas, [(release_id, release)])
    if not applied.moved:
        return None
    for i, task in zip(drafted, applied.tasks):
        data["tasks"][i] = task
    return tomli_w.dumps(data)
