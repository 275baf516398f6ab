"""Role pages read for many roles at once (the static site, a chunk of roles per query) hold what the one-role
reads give, role by role."""

from flows.pipeline import run_pipeline
from flows.request import RunRequest
from jobzone.settings import Settings
from tests.helpers import SECRET, add_drafts
from warehouse import queries
from warehouse.paths import stored_paths
from warehouse.role_pages import stored_pages

DRAFTS = ("registered-nurses", "cooks-restaurant", "licensed-practical-and-licensed-vocational-nurses")


def test_pages_read_in_bulk_equal_the_one_role_reads(roles_dir, tmp_path):
    add_drafts(roles_dir, *DRAFTS)
    settings = Settings(db=tmp_path / "w.duckdb", roles=roles_dir, prefect=False, secret=SECRET)
    run_pipeline(settings, RunRequest.nightly(skip_ingest=True))
    path = roles_dir / "registered-nurses.toml"
    path.write_text(path.read_text().replace("score = 2\n", "score = 4\n"))
    run_pipeline(settings, RunRequest.rerun("an edit"))
    asked = ["registered-nurses", "no-such-role", "mlops-engineer", *DRAFTS[1:]]
    with settings.warehouse.read() as con:
        bulk = list(stored_pages(con, asked, stored_paths(con)))
        assert [role_id for role_id, _ in bulk] == asked and bulk[1][1] is None
        moved = dict(bulk)["registered-nurses"]
        assert moved is not None and moved.changes and len(moved.history) == 2
        for role_id, page in bulk:
            if page is None:
                continue
            run_id = page.explanation.run_id
            assert page.explanation == queries.explanation(con, role_id, run_id)
            assert page.history == queries.history(con, role_id)
            assert page.changes == queries.recent_changes(con, role_id)
            assert page.evidence_then == queries.evidence_by_run(con, role_id, [c["run_id"] for c in page.changes])
            assert page.paths == stored_paths(con, role_id).get(role_id, [])
            alone = next(stored_pages(con, [role_id]))[1]
            assert alone is not None and (alone.explanation, alone.vintages) == (page.explanation, page.vintages)
