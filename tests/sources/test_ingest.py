"""The ingest stage on a real DuckDB file with replayed recordings: archive first, stale not zero, broken after N."""

import json

from jobzone.settings import Settings
from scoring.roles import load_roles
from sources.registry import SOURCES
from sources.signals import effective_signals
from tests.helpers import jobzone, locked_ingest
from warehouse.db import read_connection


def roles_of(directory):
    """The roles' effective signals: what ingest reads of them."""
    return [effective_signals(item.role)[0] for item in load_roles(directory)]


def test_replayed_ingest_archives_parses_and_marks_the_unrecorded_source_stale(tmp_path, roles_dir, fixtures):
    settings = Settings(db=tmp_path / "w.duckdb", roles=roles_dir, source_broken_after=2)
    first = {r.source: r for r in locked_ingest(settings, roles_of(roles_dir), fixtures, None)}
    assert {name: r.status for name, r in first.items()} == {
        "itjobswatch": "stale",
        "hiringlab": "ok",
        "fred": "ok",
        "uscpi": "ok",
        "aijobs": "ok",
        "bls": "ok",
        "ons": "stale",
    }  # neither the MLOps IT Jobs Watch page nor ONS CPIH has a recording
    assert "itjobswatch.co.uk/jobs/uk/mlops.do: no recording" in first["itjobswatch"].errors[0]
    assert first["fred"].new_observations == 2247
    second = {r.source: r for r in locked_ingest(settings, roles_of(roles_dir), fixtures, None)}
    assert second["itjobswatch"].status == "broken" and second["itjobswatch"].consecutive_failures == 2
    assert second["fred"].new_observations == 0  # same bodies, same parser: nothing new
    with read_connection(settings.db) as con:
        assert con.execute("SELECT count(*) FROM observations WHERE source = 'itjobswatch'").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM raw_bodies").fetchone()[0] == 6
        assert con.execute("SELECT count(*) FROM fetches").fetchone()[0] == 12
        assert con.execute("SELECT count(*) FROM observations WHERE value = 0").fetchone()[0] == 0


def test_a_broken_page_keeps_its_body_and_yields_no_observations(tmp_path, roles_dir, fixtures):
    replay = tmp_path / "replay"
    (replay / "fred").mkdir(parents=True)
    (replay / "fred" / "IHLIDXUSTPSOFTDEVE.csv").write_text("<html>maintenance</html>")  # synthetic broken body
    (replay / "manifest.json").write_text(
        json.dumps(
            {
                "recordings": [
                    {
                        "url": "https://fred.stlouisfed.org/graph/fredgraph.csv?id=IHLIDXUSTPSOFTDEVE",
                        "file": "fred/IHLIDXUSTPSOFTDEVE.csv",
                        "content_type": "text/csv",
                        "vintage": "2026-04-09",
                    }
                ]
            }
        )
    )
    settings = Settings(db=tmp_path / "w.duckdb", roles=roles_dir)
    reports = {r.source: r for r in locked_ingest(settings, roles_of(roles_dir), replay, None)}
    assert reports["fred"].status == "stale" and "does not end with a newline" in reports["fred"].errors[0]
    with read_connection(settings.db) as con:
        assert con.execute("SELECT body FROM raw_bodies").fetchall() == [(b"<html>maintenance</html>",)]
        assert con.execute("SELECT count(*) FROM observations").fetchone()[0] == 0


def test_reparse_rederives_from_archived_bodies_without_fetching(tmp_path, roles_dir, fixtures, monkeypatch):
    import dataclasses

    from warehouse.reparse import reparse_source
    from warehouse.store import Warehouse

    db = tmp_path / "w.duckdb"
    locked_ingest(Settings(db=db, roles=roles_dir), roles_of(roles_dir), fixtures, None)
    unchanged = json.loads(jobzone("reparse", "fred", "--json", db=db).stdout)
    assert unchanged == {"source": "fred", "bodies": 1, "observations": 2247, "new": 0, "errors": []}
    fixed_parser = dataclasses.replace(SOURCES["fred"], parser_version=2)  # as after a parser fix
    with Warehouse(db).lock("test"):
        result = reparse_source(Warehouse(db), fixed_parser)
    assert (result["bodies"], result["new"]) == (1, 2247)
    with read_connection(db) as con:
        versions = con.execute(
            "SELECT parser_version, count(*) FROM observations WHERE source = 'fred' GROUP BY 1 ORDER BY 1"
        ).fetchall()
    assert versions == [(1, 2247), (2, 2247)]  # the old parser's rows are kept, not overwritten


def test_sources_command_shows_last_status(tmp_path, roles_dir, fixtures):
    db = tmp_path / "w.duckdb"
    locked_ingest(Settings(db=db, roles=roles_dir), roles_of(roles_dir), fixtures, None)
    rows = {r["name"]: r for r in json.loads(jobzone("sources", "--json", db=db).stdout)}
    assert set(rows) == set(SOURCES)
    assert rows["fred"]["last_status"] == "ok" and rows["itjobswatch"]["consecutive_failures"] == 1
    assert rows["hiringlab"]["attribution"] == "Source: Indeed Hiring Lab"


def test_fetch_command_tests_one_source_without_storing(tmp_path, roles_dir, fixtures):
    db = tmp_path / "w.duckdb"
    out = jobzone("fetch", "fred", "--replay", str(fixtures), "--json", db=db, roles=roles_dir)
    assert len(json.loads(out.stdout)) == 2247 and not db.exists()
    failed = jobzone("fetch", "itjobswatch", "--replay", str(fixtures), db=db, roles=roles_dir, check=False)
    assert failed.returncode == 1 and "no recording" in failed.stderr


def test_a_download_that_ends_earlier_than_the_last_one_is_refused_and_the_stored_data_kept(
    tmp_path, roles_dir, fixtures
):
    """a file cut at a line boundary still parses; compared with the previous download of
    the same URL it is short, so the source is stale and nothing stored changes."""
    url = "https://fred.stlouisfed.org/graph/fredgraph.csv?id=IHLIDXUSTPSOFTDEVE"
    whole = (fixtures / "fred" / "IHLIDXUSTPSOFTDEVE.csv").read_text()
    lines = whole.splitlines(keepends=True)
    roots = []
    for name, body in (("whole", whole), ("cut", "".join(lines[: len(lines) - 200]))):
        root = tmp_path / name
        (root / "fred").mkdir(parents=True)
        (root / "fred" / "IHLIDXUSTPSOFTDEVE.csv").write_text(body)
        recording = {"url": url, "file": "fred/IHLIDXUSTPSOFTDEVE.csv", "content_type": "text/csv"}
        (root / "manifest.json").write_text(json.dumps({"recordings": [{**recording, "vintage": "2026-04-09"}]}))
        roots.append(root)
    settings = Settings(db=tmp_path / "w.duckdb", roles=roles_dir)
    first = {r.source: r for r in locked_ingest(settings, roles_of(roles_dir), roots[0], None)}
    assert first["fred"].status == "ok" and first["fred"].new_observations == 2247
    second = {r.source: r for r in locked_ingest(settings, roles_of(roles_dir), roots[1], None)}
    assert second["fred"].status == "stale" and "before the previous download's" in second["fred"].errors[0]
    with read_connection(settings.db) as con:
        assert con.execute("SELECT count(*) FROM observations WHERE source = 'fred'").fetchone()[0] == 2247
        assert con.execute("SELECT count(*) FROM raw_bodies").fetchone()[0] == 2  # both bodies archived
