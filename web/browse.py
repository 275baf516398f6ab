"""What the catalogue pages show: search results, categories, a comparison of two roles, the movers."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache, partial
from pathlib import Path

from scoring.dimensions import DIMENSIONS
from scoring.explain import plain_causes
from warehouse import browse
from web import data
from web.search import SearchIndex, load_names
from web.settings import WebSettings

WINDOWS = {"run": None, "7d": 7, "30d": 30}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@lru_cache(maxsize=4)
def _index(roles: tuple[tuple[str, str, tuple[str, ...]], ...], roles_dir: str) -> SearchIndex:
    """Built once per set of stored roles: their titles and aliases, and the O*NET names under the roles folder."""
    titles = {role_id: title for role_id, title, _ in roles}
    names = [(role_id, alias) for role_id, _, aliases in roles for alias in aliases]
    return SearchIndex(titles, names + load_names(Path(roles_dir)))


def search(settings: WebSettings, query: str) -> list[dict]:
    """Ranked roles for the names people type, each with the name that matched."""
    rows = {row["id"]: row for row in data.roles_index(settings)}
    index = _index(tuple((r["id"], r["title"], tuple(r["aliases"])) for r in rows.values()), str(settings.roles))
    return [{**rows[hit.role_id], "matched": hit.name} for hit in index.search(query)]


def categories(settings: WebSettings) -> list[dict]:
    counts: dict[str, dict] = {}
    for row in data.roles_index(settings):
        entry = counts.setdefault(
            row["category"],
            {
                "name": row["category"],
                "slug": slug(row["category"]),
                "roles": 0,
                "zones": {"Red": 0, "Yellow": 0, "Green": 0},
            },
        )
        entry["roles"] += 1
        entry["zones"][row["zone"]] += 1
    return sorted(counts.values(), key=lambda c: c["name"])


def category(settings: WebSettings, category_slug: str, sort: str = "score") -> tuple[str, list[dict]]:
    rows = [row for row in data.roles_index(settings) if slug(row["category"]) == category_slug]
    if not rows:
        raise data.NotFound(f"no category '{category_slug}'")

    def move(row: dict) -> float:
        change = row["last_change"]
        return abs(change["after"] - change["before"]) if change and change["before"] is not None else 0.0

    rows.sort(key=(lambda r: -move(r)) if sort == "move" else (lambda r: -r["aijri"]))
    return rows[0]["category"], rows


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
    return next((hit["id"] for hit in search(settings, query) if hit["id"] != role_id), None)


def _task_groups(page: dict) -> dict[str, list[dict]]:
    """Tasks AI takes (score 4-5), tasks it helps with (3), and tasks that stay human (1-2)."""
    tasks = page["role"]["tasks"]
    return {
        "lose": [t for t in tasks if t["score"] >= 4],
        "gain": [t for t in tasks if t["score"] == 3],
        "keep": [t for t in tasks if t["score"] <= 2],
    }


def movers(settings: WebSettings, window: str) -> list[dict]:
    days = WINDOWS.get(window, None)
    rows = data.read(settings, lambda con: browse.movers(con, days))
    for row in rows:
        row["plain_causes"] = plain_causes(row["causes"], row["evidence"], row["reason"])
    return rows


def releases(settings: WebSettings) -> list[dict]:
    """The releases as the newest run recorded them, each with what its rerun moved, by category (all from the
    warehouse: no release file is read, so one half-way through an edit cannot break the page)."""
    rows = {r["id"]: r for r in data.roles_index(settings)}
    out = []
    for release in data.releases(settings):
        release_id = release.release_id
        changes = data.read(settings, partial(browse.changes_for_reason, reason=release.reason))
        by_category: dict[str, dict] = {}
        for change in changes:
            category = rows.get(change["role_id"], {}).get("category", "Other")
            entry = by_category.setdefault(category, {"name": category, "roles": 0, "points": 0.0})
            entry["roles"] += 1
            entry["points"] += change["after_aijri"] - change["before_aijri"]
        # The roles whose current assessment carries it: a catalogue drafted with the release already applied has
        # no rerun naming it, yet its role pages say "Reassessed after ..." (the two must agree).
        carriers = [row for row in rows.values() if release_id in row.get("releases", [])]
        out.append(
            {
                "id": release_id,
                "release": release,
                "applied": release.applied,
                "changes": changes,
                "categories": sorted(by_category.values(), key=lambda c: (-c["roles"], c["name"])),
                "carried_by": len(carriers),
                "carried_by_category": sorted(
                    Counter(row["category"] for row in carriers).items(), key=lambda item: (-item[1], item[0])
                ),
            }
        )
    return out
