"""Transition paths in the warehouse: a run of the whole catalogue stores them, a quiet rerun of the
same texts and scores reuses the newest set (not computing it again, storing no rows) and names the run that holds
it, a change stores a new set, and a run of some roles keeps the last set."""

import duckdb

from flows.pipeline import run_pipeline
from flows.request import RunRequest
from jobzone.settings import Settings
from scoring.transitions import transitions
from tests.helpers import add_drafts
from warehouse.db import read_connection
from warehouse.paths import paths_run, stored_paths

ROLES = ("registered-nurses", "licensed-practical-and-licensed-vocational-nurses", "cooks-restaurant")


def counts(db) -> tuple[int, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT count(*) FROM role_transitions").fetchone()[0]
        runs = con.execute("SELECT run_id, paths, stored_in FROM transition_runs ORDER BY run_id").fetchall()
        return rows, runs
    finally:
        con.close()


def inputs(db) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [i for (i,) in con.execute("SELECT inputs FROM transition_runs ORDER BY run_id").fetchall()]
    finally:
        con.close()


def test_paths_are_stored_once_per_change_and_served_from_the_run_that_holds_them(roles_dir, tmp_path, monkeypatch):
    add_drafts(roles_dir, *ROLES)
    settings = Settings(db=tmp_path / "w.duckdb", roles=roles_dir, prefect=False, secret="x" * 32)
    run_pipeline(settings, RunRequest.nightly(skip_ingest=True))
    rows, runs = counts(settings.db)
    assert rows >= 1 and runs == [(1, rows, 1)]

    computed = []
    monkeypatch.setattr("flows.pipeline.transitions", lambda *a: computed.append(a) or transitions(*a))
    run_pipeline(settings, RunRequest.nightly(skip_ingest=True))  # nothing changed: the same paths, not recomputed
    assert counts(settings.db) == (rows, [(1, rows, 1), (2, rows, 1)])
    assert computed == [] and inputs(settings.db)[0] == inputs(settings.db)[1] is not None
    with read_connection(settings.db) as con:
        assert paths_run(con)[0] == 1
        nurses = stored_paths(con, "registered-nurses")["registered-nurses"]
    assert nurses[0]["target_id"] == "licensed-practical-and-licensed-vocational-nurses"

    path = roles_dir / "licensed-practical-and-licensed-vocational-nurses.toml"
    path.write_text(path.read_text().replace("score = 2\n", "score = 1\n"))  # the target's score moves
    run_pipeline(settings, RunRequest.nightly(skip_ingest=True))
    later_rows, runs = counts(settings.db)
    assert runs[-1][0] == runs[-1][2] == 3 and later_rows == 2 * rows  # a new set, stored whole
    assert len(computed) == 1 and inputs(settings.db)[2] != inputs(settings.db)[1]

    run_pipeline(settings, RunRequest.rerun("one role", roles=["cooks-restaurant"]))  # some roles: no new set
    assert counts(settings.db)[1] == runs


def test_a_hand_written_role_without_work_links_gets_paths_through_its_onet_occupation(roles_dir, tmp_path):
    """A labelled synthetic variant of the reference role (its tasks name no O*NET activities) that names the
    registered nurses' O*NET code: its paths are measured on that occupation's work, never to the occupation itself,
    and its cards name that occupation's tasks."""
    from web.data import role_page
    from web.settings import WebSettings

    add_drafts(roles_dir, *ROLES)
    text = (roles_dir / "mlops-engineer.toml").read_text()
    text = text.replace('id = "mlops-engineer"', 'id = "ward-informatics-nurse"').replace(
        'onet_soc = "15-1252.00"', 'onet_soc = "29-1141.00"'
    )
    (roles_dir / "ward-informatics-nurse.toml").write_text(text)
    settings = Settings(db=tmp_path / "w.duckdb", roles=roles_dir, prefect=False, secret="x" * 32)
    run_pipeline(settings, RunRequest.nightly(skip_ingest=True))
    with read_connection(settings.db) as con:
        every = stored_paths(con)
    paths = every["ward-informatics-nurse"]
    assert {p["via_id"] for p in paths} == {"registered-nurses"}
    assert "licensed-practical-and-licensed-vocational-nurses" in {p["target_id"] for p in paths}
    assert "registered-nurses" not in {p["target_id"] for p in paths}  # not to the occupation it borrows from
    assert "ward-informatics-nurse" not in {p["target_id"] for rows in every.values() for p in rows}
    assert "mlops-engineer" not in every  # its O*NET occupation (Software Developers) is not in this folder
    (card,) = [
        c
        for c in role_page(WebSettings(db=settings.db), "ward-informatics-nurse")["paths"]
        if c["target_id"].startswith("licensed")
    ]
    nurse_tasks = {t["name"] for t in role_page(WebSettings(db=settings.db), "registered-nurses")["role"]["tasks"]}
    assert card["via"] == {"id": "registered-nurses", "title": "Registered Nurses"}
    assert {t["name"] for t in card["keep"] + card["lose"]} <= nurse_tasks
