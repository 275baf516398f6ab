"""Raw bodies are stored once per content hash; observations keep NULL and are not duplicated."""

import datetime as dt

from sources.base import RawResponse
from warehouse.archive import archive_responses, body, last_response, store_observations
from warehouse.db import write_connection

T0 = dt.datetime(2026, 3, 1, 3, 0, tzinfo=dt.timezone.utc)


def response(body_bytes: bytes, when=T0, etag=None) -> RawResponse:
    return RawResponse(
        source="itjobswatch",
        url="https://example.test/a",
        fetched_at=when,
        http_status=200,
        body=body_bytes,
        etag=etag,
        content_type="text/html",
    )


def test_same_body_fetched_many_times_is_stored_once(tmp_path):
    db = tmp_path / "w.duckdb"
    with write_connection(db) as con:
        for night in range(5):
            archive_responses(con, None, [response(b"<html>same</html>", T0 + dt.timedelta(days=night))])
        archive_responses(
            con, None, [response(b"<html>changed</html>", etag='"v2"'), response(b"<html>changed</html>", etag='"v2"')]
        )
        assert con.execute("SELECT count(*) FROM raw_bodies").fetchone()[0] == 2
        assert con.execute("SELECT count(*) FROM fetches").fetchone()[0] == 7
        latest = last_response(con, "https://example.test/a")
        assert latest["etag"] == '"v2"'
        assert body(con, latest["content_hash"]) == b"<html>changed</html>"


def test_observations_keep_null_and_skip_duplicates(tmp_path):
    rows = [
        {
            "source": "bls",
            "series_key": "CUUR0000SA0",
            "period_date": dt.date(2025, 10, 1),
            "metric": "index",
            "value": None,
            "unit": "index",
            "vintage": T0,
            "content_hash": "h1",
            "parser_version": 1,
        },
        {
            "source": "bls",
            "series_key": "CUUR0000SA0",
            "period_date": dt.date(2025, 9, 1),
            "metric": "index",
            "value": 324.8,
            "unit": "index",
            "vintage": T0,
            "content_hash": "h1",
            "parser_version": 1,
        },
    ]
    with write_connection(tmp_path / "w.duckdb") as con:
        assert store_observations(con, rows) == 2
        assert store_observations(con, rows) == 0
        assert store_observations(con, [{**rows[0], "parser_version": 2}]) == 1
        values = con.execute(
            "SELECT period_date, value FROM observations WHERE parser_version = 1 ORDER BY 1"
        ).fetchall()
    assert values == [(dt.date(2025, 9, 1), 324.8), (dt.date(2025, 10, 1), None)]


def test_source_failures_count_up_and_one_success_resets(tmp_path):
    from warehouse.health import record_source_result, source_health

    with write_connection(tmp_path / "w.duckdb") as con:
        states = []
        for _ in range(3):
            assert record_source_result(con, "fred", False, "HTTP 503", T0, broken_after=3) >= 1
            states.append(source_health(con)["fred"]["last_status"])
        assert states == ["stale", "stale", "broken"]  # the words a run report uses, not "failed"
        assert source_health(con)["fred"]["consecutive_failures"] == 3
        assert record_source_result(con, "fred", True, None, T0, broken_after=3) == 0
        health = source_health(con)["fred"]
    assert (health["consecutive_failures"], health["last_status"], health["last_error"]) == (0, "ok", None)
    assert health["last_success"] is not None
