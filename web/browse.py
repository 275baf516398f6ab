"""What the catalogue pages show beyond the listing (web/listing.py): a comparison of two roles, the movers, the
releases."""

from __future__ import annotations

from collections import Counter
from functools import partial

from scoring.countries import DEFAULT as DEFAULT_COUNTRY
from scoring.dimensions import DIMENSIONS
from scoring.explain import plain_causes
from warehouse import browse
from web import data, listing
from web.settings import WebSettings

WINDOWS = {"run": None, "7d": 7, "30d": 30}


def compare(settings: WebSettings, a: str, b: str) -> dict:
    left, right = data.role_page(settings, a), data.role_page(settings, b)
    dims = []
    for dimension in DIMENSIONS:
        values = [
            next(e["value"] for e in page["evidence"] if e["dimension"] == dimension.name) for page in (left, right)
        ]
        winner = "tie" if values[0] == values[1] else ("a" if values[0] > values[1] else "b")
        dims.append({"name": dimension.title, "a": values[0], "b": values[1], "winner": winner})
    subscores = [_higher_wins(name, key, left["score"], right["score"]) for name, key in SUBSCORES]
    return {
        "a": left,
        "b": right,
        "dimensions": dims,
        "wins": {side: sum(d["winner"] == side for d in dims) for side in ("a", "b")},
        "subscores": subscores,
        "split": {"a": left["score"]["split"], "b": right["score"]["split"]},
        "tasks": {"a": _task_groups(left), "b": _task_groups(right)},
    }


# The five parts of the score, each "more resistant" when higher.
SUBSCORES = (
    ("Task resistance (6 - weighted automation)", "task_resistance"),
    ("Evidence total", "evidence_total"),
    ("Barriers", "barrier_total"),
    ("Protective principles (shown, not counted)", "protective_total"),
    ("AI growth correlation", "ai_growth"),
)


def _higher_wins(name: str, key: str, a: dict, b: dict) -> dict:
    winner = "tie" if a[key] == b[key] else ("a" if a[key] > b[key] else "b")
    return {"name": name, "a": a[key], "b": b[key], "winner": winner}


def compare_target(settings: WebSettings, role_id: str, query: str) -> str | None:
    """The role a "compare with..." query means: the first search hit that is not the role itself."""
    found = listing.current(settings).search(query)
    return next((hit.role.id for hit in found if hit.role.id != role_id), None)


def _task_groups(page: dict) -> dict[str, list[dict]]:
    """Tasks AI takes (score 4-5), tasks it helps with (3), and tasks that stay human (1-2)."""
    tasks = page["role"]["tasks"]
    return {
        "lose": [t for t in tasks if t["score"] >= 4],
        "gain": [t for t in tasks if t["score"] == 3],
        "keep": [t for t in tasks if t["score"] <= 2],
    }


def movers(settings: WebSettings, window: str, country: str = DEFAULT_COUNTRY) -> list[dict]:
    days = WINDOWS.get(window, None)
    rows = data.read(settings, lambda con: browse.movers(con, days, country=country))
    for row in rows:
        row["plain_causes"] = plain_causes(row["causes"], row["evidence"], row["reason"])
    return rows


def releases(settings: WebSettings) -> list[dict]:
    """The releases as the newest run recorded them, each with what its rerun moved, by category (all from the
    warehouse: no release file is read, so one half-way through an edit cannot break the page)."""
    rows = listing.current(settings).by_id
    out = []
    for release in data.releases(settings):
        release_id = release.release_id
        changes = data.read(settings, partial(browse.changes_for_reason, reason=release.reason))
        by_category: dict[str, dict] = {}
        for change in changes:
            listed = rows.get(change["role_id"])
            category = listed.category if listed else "Other"
            entry = by_category.setdefault(category, {"name": category, "roles": 0, "points": 0.0})
            entry["roles"] += 1
            entry["points"] += change["after_aijri"] - change["before_aijri"]
        # The roles whose current assessment carries it: a catalogue drafted with the release already applied has
        # no rerun naming it, yet its role pages say "Reassessed after ..." (the two must agree).
        carriers = [row for row in rows.values() if release_id in row.releases]
        out.append(
            {
                "id": release_id,
                "release": release,
                "applied": release.applied,
                "changes": changes,
                "categories": sorted(by_category.values(), key=lambda c: (-c["roles"], c["name"])),
                "carried_by": len(carriers),
                "carried_by_category": sorted(
                    Counter(row.category for row in carriers).items(), key=lambda item: (-item[1], item[0])
                ),
            }
        )
    return out
