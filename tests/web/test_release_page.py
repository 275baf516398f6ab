"""/releases agrees with the role pages: a catalogue drafted with a release already applied has
no rerun naming it, yet its role pages say "Reassessed after ..."; the releases page says how many roles carry it."""

from jobzone.settings import Settings
from tests.conftest import REPO
from tests.helpers import add_drafts, quick_run
from web import pages

CARRIERS = ("data-scientists", "web-and-digital-interface-designers")


def test_a_release_applied_in_the_drafts_is_shown_as_carried_not_as_unscored(tmp_path, roles_dir):
    add_drafts(roles_dir, *CARRIERS)
    settings = Settings(db=tmp_path / "w.duckdb", roles=roles_dir, prefect=False, releases=REPO / "releases")
    quick_run(settings)
    page = pages.releases_html(settings)
    assert "No scored run names this release yet" not in page
    assert "Applied when the catalogue was drafted" in page and "<strong>2</strong> roles carry its effects" in page
    assert "Computer and Mathematical" in page  # by category
    assert "Reassessed after Claude Opus 4.5" in pages.role_html(settings, "data-scientists")


def test_a_role_page_says_what_each_date_means(tmp_path, roles_dir):
    add_drafts(roles_dir, "data-scientists")
    settings = Settings(db=tmp_path / "w.duckdb", roles=roles_dir, prefect=False, releases=REPO / "releases")
    report = quick_run(settings)
    reviewed = pages.role_html(settings, "mlops-engineer")
    assert f"scored on market data as of {report.as_of} (run {report.run_id})" in reviewed
    assert "<strong>Judgement</strong> made by the assessor on 2026-03-31" in reviewed
    assert f"<strong>Market data</strong> as of {report.as_of} (run {report.run_id})" in reviewed
    drafted = pages.role_html(settings, "data-scientists")
    assert "<strong>Drafted</strong> from open data on " in drafted
    assert "<strong>Claude Opus 4.5</strong>, released 2025-11-24: applied when this draft was made" in drafted
