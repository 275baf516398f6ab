"""Archiving raw responses (deduplicated by content hash) and the observations parsed from them."""

from __future__ import annotations

import datetime as dt
from typing import Sequence

import duckdb

from sources.base import RawResponse
from warehouse.bulk import insert_rows
from warehouse.db import scalar


def archive_responses(
    con: duckdb.DuckDBPyConnection, run_id: int | None, responses: Sequence[RawResponse]
) -> list[str]:
    """Store each response's metadata, and each body once; return the content hashes in order."""
    hashes = [r.content_hash for r in responses]
    if not responses:
        return hashes
    con.execute("BEGIN")
    try:
        known = {
            h
            for (h,) in con.execute(
                "SELECT content_hash FROM raw_bodies WHERE content_hash IN (SELECT unnest(?::VARCHAR[]))", [hashes]
            ).fetchall()
        }
        fresh = {}
        for response, digest in zip(responses, hashes):
            if digest not in known and digest not in fresh:
                fresh[digest] = response
        insert_rows(
            con,
            "raw_bodies",
            [
                {"content_hash": h, "body": r.body, "size": len(r.body), "first_seen": r.fetched_at}
                for h, r in fresh.items()
            ],
        )
        insert_rows(
            con,
            "fetches",
            [
                {
                    "run_id": run_id,
                    "source": r.source,
                    "url": r.url,
                    "fetched_at": r.fetched_at,
                    "http_status": r.http_status,
                    "etag": r.etag,
                    "last_modified": r.last_modified,
                    "content_type": r.content_type,
                    "content_hash": h,
                    "not_modified": r.not_modified,
                    "replayed": r.replayed,
                    "vintage": r.vintage or r.fetched_at,
                }
                for r, h in zip(responses, hashes)
            ],
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return hashes


def last_response(con: duckdb.DuckDBPyConnection, url: str) -> dict | None:
    """The newest archived response for a URL: validators for a conditional request, and its body hash."""
    row = con.execute(
        "SELECT etag, last_modified, content_hash, content_type, vintage FROM fetches "
        "WHERE url = ? AND (http_status = 200 OR not_modified) ORDER BY id DESC LIMIT 1",
        [url],
    ).fetchone()
    if row is None:
        return None
    return dict(zip(("etag", "last_modified", "content_hash", "content_type", "vintage"), row))


def previous_shape(con: duckdb.DuckDBPyConnection, url: str, content_hash: str) -> dict[str, dt.date]:
    """series key -> last period of the newest other body of this URL that was parsed: what a new download of
    the same file must still hold (a cut file loses series or ends earlier)."""
    rows = con.execute(
        "SELECT series_key, max(period_date) FROM observations WHERE content_hash = ("
        "  SELECT f.content_hash FROM fetches f WHERE f.url = ? AND f.content_hash <> ? AND f.http_status = 200"
        "  AND EXISTS (SELECT 1 FROM observations o WHERE o.content_hash = f.content_hash)"
        "  ORDER BY f.id DESC LIMIT 1) GROUP BY 1",
        [url, content_hash],
    ).fetchall()
    return dict(rows)


def body(con: duckdb.DuckDBPyConnection, content_hash: str) -> bytes:
    row = con.execute("SELECT body FROM raw_bodies WHERE content_hash = ?", [content_hash]).fetchone()
    if row is None:
        raise KeyError(content_hash)
    return bytes(row[0])


def parsed_bodies(
    con: duckdb.DuckDBPyConnection, source: str, hashes: Sequence[str], parser_version: int
) -> dict[str, int]:
    """Bodies this parser version already turned into observations (hash -> how many): parsing them again
    would only yield the same rows, so a nightly over unchanged recordings skips them."""
    if not hashes:
        return {}
    return dict(
        con.execute(
            "SELECT content_hash, count(*) FROM observations WHERE source = ? AND parser_version = ? "
            "AND content_hash IN (SELECT unnest(?::VARCHAR[])) GROUP BY content_hash",
            [source, parser_version, list(hashes)],
        ).fetchall()
    )


def store_observations(con: duckdb.DuckDBPyConnection, rows: Sequence[dict], infos: Sequence[dict] = ()) -> int:
    """Insert observations not stored yet (same body + parser version = same rows), and what their series are, in
    one transaction; return how many observations were new."""
    if not rows:
        return 0
    con.execute("BEGIN")
    try:
        con.execute("CREATE TEMP TABLE IF NOT EXISTS incoming AS SELECT * FROM observations LIMIT 0")
        con.execute("DELETE FROM incoming")
        insert_rows(con, "incoming", rows)
        added = scalar(
            con,
            "INSERT INTO observations SELECT DISTINCT ON (source, series_key, period_date, metric, "
            "content_hash, parser_version) * FROM incoming ON CONFLICT DO NOTHING",
        )
        if infos:
            con.execute("CREATE TEMP TABLE IF NOT EXISTS incoming_info AS SELECT * FROM series_info LIMIT 0")
            con.execute("DELETE FROM incoming_info")
            insert_rows(con, "incoming_info", infos)
            con.execute(
                "INSERT INTO series_info SELECT DISTINCT ON (source, series_key, content_hash) * FROM incoming_info "
                "ON CONFLICT DO NOTHING"
            )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return added
