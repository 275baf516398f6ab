"""Versioned migrations on a real DuckDB file: from empty, re-open, newer and older files."""

import duckdb
import pytest

from warehouse.db import code_schema_version, migrations, read_connection, write_connection
from warehouse.errors import WarehouseError


def test_from_empty_then_reopen_is_a_no_op(tmp_path):
    db = tmp_path / "w.duckdb"
    with write_connection(db) as con:
        versions = con.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()
        tables = {t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert [v for (v,) in versions] == [v for v, _, _ in migrations()] and len(versions) >= 2
    assert {
        "runs",
        "assessments",
        "evidence",
        "role_scores",
        "changes",
        "raw_bodies",
        "fetches",
        "observations",
        "latest_scores",
        "role_history",
        "run_changes",
    } <= tables
    with write_connection(db) as con:
        assert con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(versions)
    with read_connection(db) as con:
        assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == 0


def test_newer_database_is_refused_clearly(tmp_path):
    db = tmp_path / "w.duckdb"
    with write_connection(db) as con:
        con.execute("INSERT INTO schema_version (version, name) VALUES (999, 'from_the_future')")
    for opener in (write_connection, read_connection):
        with pytest.raises(WarehouseError, match=r"schema version 999, newer than this jobzone understands"):
            with opener(db):
                pass


def test_older_database_is_migrated_by_a_writer_keeping_its_rows(tmp_path):
    db = tmp_path / "w.duckdb"
    version, name, sql = migrations()[0]
    con = duckdb.connect(str(db))
    con.execute(
        "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
        "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
    )
    con.execute(sql)
    con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [version, name])
    con.execute(
        "INSERT INTO runs (kind, as_of, started_at, status, code_version, pid) "
        "VALUES ('nightly', DATE '2026-01-01', now(), 'succeeded', 'old', 1)"
    )
    con.close()
    with pytest.raises(WarehouseError, match="run any write command"):
        with read_connection(db):
            pass
    with write_connection(db) as con:
        assert con.execute("SELECT max(version) FROM schema_version").fetchone()[0] == code_schema_version()
        assert con.execute("SELECT code_version FROM runs").fetchall() == [("old",)]


def test_reader_on_missing_file_says_what_to_do(tmp_path):
    with pytest.raises(WarehouseError, match=r"no database at .*missing.duckdb: run `jobzone run` first"):
        with read_connection(tmp_path / "missing.duckdb"):
            pass


def test_stored_bands_and_levels_move_from_json_into_columns(tmp_path):
    """Migration 12: what queries filter and join on (an evidence row's market level and change, a score's market
    and confidence bands) was read out of JSON; rows stored before it are filled from their JSON once."""
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    con.execute(
        "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
        "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
    )
    for version, name, sql in migrations():
        if version < 12:
            con.execute(sql)
            con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [version, name])
    details = '{"market_band": 1.7, "band": {"low": 40.1, "high": 45.3, "half_width": 2.6, "could_be": "Red"}}'
    con.execute(
        "INSERT INTO role_scores VALUES (1, 'r', 'R', 'h', 42.6, '42.6', 'Yellow', 'Yellow', 3.0, 3.0, 5, 1, 2, 1, "
        f"3.9, 70, '{details}')"
    )
    con.execute(
        "INSERT INTO evidence (run_id, role_id, dimension, value, analyst_value, status, rule, inputs) VALUES "
        "(1, 'r', 'job_posting_trends', 1, 0, 'fresh', 'x', '{\"level_now\": 1, \"change_now\": -12.5}'), "
        "(1, 'r', 'company_actions', 2, 2, 'analyst', '', '{}')"
    )
    con.close()
    with write_connection(db) as con:
        assert con.execute(
            "SELECT market_band, confidence_low, confidence_high, confidence_half_width, could_be FROM role_scores"
        ).fetchall() == [(1.7, 40.1, 45.3, 2.6, "Red")]
        levels = con.execute("SELECT dimension, level_now, change_now FROM evidence ORDER BY 1").fetchall()
        assert levels == [("company_actions", None, None), ("job_posting_trends", 1, -12.5)]
        assert con.execute("SELECT confidence_low FROM latest_scores").fetchall() == []  # the view has the columns


def test_no_query_reads_a_value_back_out_of_json():
    """The columns replaced json_extract in every query module (the migration's one-time fill is the only use)."""
    from tests.conftest import REPO

    modules = [p for p in (REPO / "warehouse").glob("*.py")] + [p for p in (REPO / "web").glob("*.py")]
    assert not [p.name for p in modules if "json_extract" in p.read_text()]
