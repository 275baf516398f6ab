"""Re-deriving observations from archived bodies with the current parser (nothing is fetched or overwritten)."""

from __future__ import annotations

from sources.base import FetchRequest, RawResponse, Source
from sources.errors import ParseError
from sources.ingest import observation_rows, parse_response
from warehouse.archive import body, store_observations
from warehouse.store import Warehouse


def reparse_source(warehouse: Warehouse, source: Source) -> dict:
    """Parse every distinct archived body of the source (newest fetch of each) and add what is new (the caller
    holds the writer lock)."""
    with warehouse.connect() as con:
        fetched = con.execute(
            "SELECT url, content_hash, fetched_at, vintage FROM fetches WHERE source = ? "
            "QUALIFY row_number() OVER (PARTITION BY content_hash ORDER BY id DESC) = 1 ORDER BY id",
            [source.name],
        ).fetchall()
        rows, problems = [], []
        for url, content_hash, fetched_at, vintage in fetched:
            response = RawResponse(source.name, url, fetched_at, 200, body(con, content_hash), vintage=vintage)
            try:
                observations = parse_response(source, FetchRequest(source.name, url), response)
            except ParseError as exc:
                problems.append(str(exc))
                continue
            rows += observation_rows(observations, response, source.parser_version)
        new = store_observations(con, rows)
    return {"source": source.name, "bodies": len(fetched), "observations": len(rows), "new": new, "errors": problems}
