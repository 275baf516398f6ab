"""Benchmark: search quality over the query set (tests/web/data/search_queries.csv: a title a person types, the
occupations they mean, and its group: everyday titles, modern tech, compounds, support, gig and UK words): hit@1
and hit@3 over the whole catalogue's titles, O*NET names and reviewed synonyms, per group and overall, and the time
per query. Prints a table and JSON. --limit N uses the first N queries."""

from __future__ import annotations

import argparse
import csv
import time
from collections import defaultdict
from dataclasses import dataclass
from fnmatch import fnmatch

from common import REPO, report

QUERIES = REPO / "tests" / "web" / "data" / "search_queries.csv"


@dataclass(frozen=True)
class Query:
    text: str
    means: frozenset[str]  # role ids or patterns (*-teachers-postsecondary)
    group: str


def load_queries(limit: int | None = None) -> list[Query]:
    with QUERIES.open(encoding="utf-8", newline="") as file:
        rows = [Query(row["query"], frozenset(row["means"].split("|")), row["group"]) for row in csv.DictReader(file)]
    return rows[:limit] if limit else rows


def catalogue_index():
    from scoring.roles import load_roles
    from web.search import SearchIndex, load_names

    roles = REPO / "roles"
    titles = {item.role.id: item.role.title for item in load_roles(roles)}
    return SearchIndex(titles, load_names(roles))


def meant(role_id: str, means: frozenset[str]) -> bool:
    """A result is what the person meant: one of the listed ids (a pattern such as *-teachers-postsecondary)."""
    return any(fnmatch(role_id, pattern) for pattern in means)


def evaluate(index, queries: list[Query]) -> dict:
    """hit@1 and hit@3 overall and per group, and each query whose first result is not one the person meant."""
    first: dict[str, list[bool]] = defaultdict(list)
    top3: dict[str, list[bool]] = defaultdict(list)
    misses = []
    started = time.perf_counter()
    for query in queries:
        found = [hit.role_id for hit in index.search(query.text, limit=3)]
        hit1 = bool(found) and meant(found[0], query.means)
        hit3 = any(meant(role_id, query.means) for role_id in found)
        for group in ("all", query.group):
            first[group].append(hit1)
            top3[group].append(hit3)
        if not hit1:
            misses.append({"query": query.text, "group": query.group, "found": found[:3], "in_top_3": hit3})
    seconds = (time.perf_counter() - started) / max(1, len(queries))
    groups = {
        group: {"queries": len(hits), "hit@1": sum(hits) / len(hits), "hit@3": sum(top3[group]) / len(hits)}
        for group, hits in first.items()
    }
    return {**groups.pop("all"), "groups": groups, "misses": misses, "seconds_per_query": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None, help="Use only the first N queries.")
    args = parser.parse_args()
    started = time.perf_counter()
    index = catalogue_index()
    built = time.perf_counter() - started
    result = evaluate(index, load_queries(args.limit))
    rows = [("build the index", built), ("one query (mean)", result["seconds_per_query"])]
    print(f"hit@1 {result['hit@1']:.1%}  hit@3 {result['hit@3']:.1%}  over {result['queries']} queries")
    print(f"{'group':<12} {'queries':>7} {'hit@1':>7} {'hit@3':>7}")
    for group, got in result["groups"].items():
        print(f"{group:<12} {got['queries']:>7} {got['hit@1']:>7.1%} {got['hit@3']:>7.1%}")
    for miss in result["misses"]:
        print(
            f"  not first{'' if miss['in_top_3'] else ' (nor in the top 3)'} [{miss['group']}]: {miss['query']!r} -> "
            f"{miss['found']}"
        )
    report(
        "search over the query set",
        rows,
        {k: v for k, v in result.items() if k != "seconds_per_query"},
        "bench_search",
    )


if __name__ == "__main__":
    main()
