"""Transition cards for a role page: the stored paths with their tasks named from the role texts the run scored."""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

from scoring.model import Role
from scoring.transitions import entry_asks


def _tasks(role: Role, positions: Sequence[int]) -> list[dict]:
    tasks = role.tasks
    return [{"name": tasks[n].name, "time_pct": tasks[n].time_pct} for n in positions if 0 <= n < len(tasks)]


def _pay_change(row: dict) -> float | None:
    """The move's change in median pay, percent (None: either pay is not published, or only a floor under it)."""
    if not row["pay_from"] or not row["pay_to"] or row["pay_from_floor"] or row["pay_to_floor"]:
        return None
    return (row["pay_to"] / row["pay_from"] - 1) * 100


def cards(role_id: str, rows: list[dict], texts: Mapping[str, str], stored_role: Callable) -> list[dict]:
    """One card per stored path, best first: shared work, the score and pay change, what entry asks and the tasks
    kept, left behind and taken on (of the O*NET occupation whose work the role borrowed, when it did)."""
    out = []
    for row in rows:
        via = row["via_id"]
        own = stored_role(via, texts[row["via_hash"]]) if via else stored_role(role_id, texts[row["role_hash"]])
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
                "pay_from": row["pay_from"],
                "pay_to": row["pay_to"],
                "pay_change_pct": _pay_change(row),
                "pay_from_floor": bool(row["pay_from_floor"]),
                "pay_to_floor": bool(row["pay_to_floor"]),
                "via": {"id": via, "title": row["via_title"]} if via else None,
            }
        )
    return out
