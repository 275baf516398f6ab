"""What applying (or withdrawing) a release does to the catalogue: tasks and roles moved, the largest moves, zone
changes; and, for reviewed files, the proposal an analyst can accept."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from catalogue.draft import Tables
from catalogue.releases import Release, apply
from scoring.aijri import Score, score_role
from scoring.roles import parse_role


def _score(role_id: str, text: str) -> Score:
    return score_role(parse_role(text, Path(f"{role_id}.toml")).role)


def impact(before: dict[str, str], after: dict[str, str], top: int = 10) -> dict:
    """Compare two drafted catalogues (role id -> TOML text)."""
    moves: list[dict[str, Any]] = []
    tasks_moved = 0
    for role_id, text in after.items():
        if before.get(role_id) == text:
            continue
        old_tasks = tomllib.loads(before[role_id])["tasks"]
        new_tasks = tomllib.loads(text)["tasks"]
        tasks_moved += sum(a["score"] != b["score"] for a, b in zip(old_tasks, new_tasks))
        old, new = _score(role_id, before[role_id]), _score(role_id, text)
        moves.append(
            {
                "role_id": role_id,
                "before": float(old.aijri_display),
                "after": float(new.aijri_display),
                "zone_before": old.zone,
                "zone_after": new.zone,
            }
        )
    moves.sort(key=lambda m: (-abs(m["after"] - m["before"]), m["role_id"]))
    zone_changes = [m for m in moves if m["zone_before"] != m["zone_after"]]
    return {
        "tasks_moved": tasks_moved,
        "roles_moved": len(moves),
        "largest": moves[:top],
        "zone_changes": len(zone_changes),
        "zone_change_roles": zone_changes,
    }


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
