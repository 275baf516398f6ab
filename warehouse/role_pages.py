"""What a role page is made of, read for one role or for many at once (the static site reads every role's in
chunks: a handful of queries per chunk of roles, not a handful per role)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator, Mapping, Sequence

import duckdb

from scoring.countries import DEFAULT as DEFAULT_COUNTRY
from scoring.evidence_inputs import MarketInputs
from scoring.evidence_values import EvidenceValue
from scoring.stored import Explanation
from sources.registry import SOURCES, publication_lags
from warehouse import queries
from warehouse.paths import stored_paths, texts_of
from warehouse.point_in_time import source_vintages

# Roles read together: their texts, evidence inputs and histories are held at once, a few MB per chunk.
CHUNK = 500
RECENT_CHANGES = 10  # the changes a page lists, newest first


@dataclass(frozen=True)
class StoredPage:
    """What one role's page is made of, as read from the warehouse."""

    explanation: Explanation
    history: list[dict]
    changes: list[dict]
    evidence_then: dict[int, dict[str, EvidenceValue]]  # run id -> dimension -> the role's evidence in that run
    vintages: list[dict]
    paths: list[dict]
    texts: Mapping[str, str]  # the role texts its paths name, by content hash


def stored_pages(
    con: duckdb.DuckDBPyConnection,
    role_ids: Sequence[str],
    every_path: Mapping[str, list[dict]] | None = None,
    country: str = DEFAULT_COUNTRY,
) -> Iterator[tuple[str, StoredPage | None]]:
    """(role id, its page's data in the country's view, or None for a role with no score there), in the order
    asked; every_path: every role's transition paths read once (warehouse.paths.stored_paths; else read here,
    once). Transition paths are the US view's (scores and pay of the US): another country's page has none."""
    vintages: dict[tuple, list[dict]] = {}  # roles following the same series on the same date share them
    if country != DEFAULT_COUNTRY:
        every_path = {}
    elif every_path is None:
        every_path = stored_paths(con, role_ids[0] if len(role_ids) == 1 else None) if role_ids else {}
    for start in range(0, len(role_ids), CHUNK):
        chunk = list(role_ids[start : start + CHUNK])
        explained = queries.latest_explanations(con, chunk, country)
        scored = list(explained)
        changes = queries.recent_changes_of(con, scored, RECENT_CHANGES, country)
        then = queries.evidence_then(con, [(role_id, c["run_id"]) for role_id, rows in changes.items() for c in rows])
        histories = queries.histories(con, scored, country)
        # Only the texts this chunk's paths name: every role's would be most of the warehouse at 100,000 roles.
        texts = texts_of(con, _path_hashes(row for role_id in scored for row in every_path.get(role_id, [])))
        for role_id in chunk:
            explanation = explained.get(role_id)
            if explanation is None:
                yield role_id, None
                continue
            yield (
                role_id,
                StoredPage(
                    explanation=explanation,
                    history=histories.get(role_id, []),
                    changes=changes.get(role_id, []),
                    evidence_then=then.get(role_id, {}),
                    vintages=_vintages(con, explanation, vintages),
                    paths=every_path.get(role_id, []),
                    texts=texts,
                ),
            )


def _path_hashes(rows: Iterable[dict]) -> set[str]:
    """The stored texts a role's paths name: its own version, each target's, and the one whose work it borrowed."""
    return {h for row in rows for h in (row["role_hash"], row["target_hash"], row["via_hash"]) if h}


def _vintages(con: duckdb.DuckDBPyConnection, explanation: Explanation, memo: dict[tuple, list[dict]]) -> list[dict]:
    """Which version of each source's data the score rests on, with the source's title."""
    followed = tuple(
        sorted(
            {
                (series.source, series.series)
                for row in explanation.evidence
                if isinstance(row.inputs, MarketInputs)
                for series in row.inputs.series
            }
        )
    )
    key = (followed, explanation.as_of)
    if key not in memo:
        memo[key] = [
            {**v, "title": SOURCES[v["source"]].title if v["source"] in SOURCES else v["source"]}
            for v in source_vintages(con, followed, explanation.as_of, publication_lags())
        ]
    return memo[key]
