"""Benchmark: search quality over the everyday query set (tests/web/data/search_queries.csv: a title a person
types, and the occupations they mean): hit@1 and hit@3 over the whole catalogue's titles and O*NET names, and the
time per query. Prints a table and JSON. --limit N uses the first N queries."""

from __future__ import annotations

import argparse
import csv
import time
from fnmatch import fnmatch

from common import REPO, report

QUERIES = REPO / "tests" / "web" / "data" / "search_queries.csv"


def load_queries(limit: int | None = None) -> list[tuple[str, set[str]]]:
    with QUERIES.open(encoding="utf-8", newline="") as file:
        rows = [(row["query"], set(row["means"].split("|"))) for row in csv.DictReader(file)]
    return rows[:limit] if limit else rows


def catalogue_index():
    from scoring.roles import load_roles
    from web.search import SearchIndex, load_names

    roles = REPO / "roles"
    titles = {item.role.id: item.role.title for item in load_roles(roles)}
    return SearchIndex(titles, load_names(roles))


def meant(role_id: str, means: set[str]) -> bool:
    """A result is what the person meant: one of the listed ids (a pattern such as *-teachers-postsecondary)."""
    return any(fnmatch(role_id, pattern) for pattern in means)


def evaluate(index, queries) -> dict:
    hits1 = hits3 = 0
    misses = []
    started = time.perf_counter()
    for query, means in queries:
        found = [hit.role_id for hit in index.search(query, limit=3)]
        first = bool(found) and meant(found[0], means)
        top3 = any(meant(role_id, means) for role_id in found)
        hits1, hits3 = hits1 + first, hits3 + top3
        if not first:
            misses.append({"query": query, "found": found[:3], "in_top_3": top3})
    seconds = (time.perf_counter() - started) / max(1, len(queries))
    return {
        "queries": len(queries),
        "hit@1": hits1 / len(queries),
        "hit@3": hits3 / len(queries),
        "misses": misses,
        "seconds_per_query": seconds,
    }


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
    for miss in result["misses"]:
        print(f"  not first{'' if miss['in_top_3'] else ' (nor in the top 3)'}: {miss['query']!r} -> {miss['found']}")
    report(
        "search over the everyday query set",
        rows,
        {k: v for k, v in result.items() if k != "seconds_per_query"},
        "bench_search",
    )


if __name__ == "__main__":
    main()
