"""Transition cards for a role page: the stored paths with their tasks named from the role texts the run scored."""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

from scoring.model import Role
from scoring.transitions import entry_asks


def _tasks(role: Role, positions: Sequence[int]) -> list[dict]:
    tasks = role.tasks
    return [{"name": tasks[n].name, "time_pct": tasks[n].time_pct} for n in positions if 0 <= n < len(tasks)]


def cards(role_id: str, rows: list[dict], texts: Mapping[str, str], stored_role: Callable) -> list[dict]:
    """One card per stored path, best first: shared work, the score change and the tasks kept, lost and gained."""
    out = []
    for row in rows:
        own = stored_role(role_id, texts[row["role_hash"]])
        target = stored_role(row["target_id"], texts[row["target_hash"]])
        out.append(
            {
                "target_id": row["target_id"],
                "title": row["target_title"],
                "zone": row["target_zone"],
                "label": row["target_label"],
                "shared_work_pct": row["shared_work"] * 100,
                "shared_skills_pct": row["shared_skills"] * 100,
                "score_from": row["score_from"],
                "score_to": row["score_to"],
                "as_of": row["as_of"],
                "keep": _tasks(own, row["keep_tasks"]),
                "lose": _tasks(own, row["lose_tasks"]),
                "gain": _tasks(target, row["gain_tasks"]),
                "asks": entry_asks(own, target),  # what the move asks beyond this role's own entry (BLS, O*NET)
            }
        )
    return out
