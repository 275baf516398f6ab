"""Pages and alerts say what a draft is (catalogue issue, item 5)."""

import datetime as dt
import re
import shutil

from flows.pipeline import run_pipeline
from flows.request import RunRequest
from notifications import service
from tests.conftest import REPO
from tests.helpers import add_drafts, jobzone
from warehouse.lock import WriterLock
from web import listing, pages

NURSES = REPO / "roles" / "onet" / "registered-nurses.toml"
NOTE = "draft, generated from open data on 2025-08-29, not yet reviewed by an analyst"


def test_a_drafts_page_and_its_alert_say_it_is_a_draft(settings, smtp, roles_dir):
    shutil.copy(NURSES, roles_dir / NURSES.name)
    run_pipeline(settings, RunRequest.nightly(skip_ingest=True))
    with WriterLock(settings.db, "test"):
        service.subscribe(settings, "r@example.org", ["registered-nurses"], listing.role_titles(settings))
    service.send_due(settings)
    token = re.search(r"/confirm\?token=(\S+)", smtp.recorder.messages[-1].get_body(("plain",)).get_content()).group(1)
    with WriterLock(settings.db, "test"):
        service.confirm(settings, token)
    run_pipeline(settings, RunRequest.nightly(skip_ingest=True))
    path = roles_dir / NURSES.name
    path.write_text(path.read_text().replace("score = 3", "score = 5"))
    report = run_pipeline(settings, RunRequest.rerun("a release"))
    assert report.notifications_sent == 1
    text = smtp.recorder.messages[-1].get_body(("plain",)).get_content()
    assert f"({NOTE})" in text

    html = pages.role_html(settings, "registered-nurses")
    assert 'data-testid="draft-note"' in html and "not yet reviewed by an analyst" in html
    assert "automation T3 · exposure E2 · O*NET task 1841" in html
    assert 'data-testid="draft-note"' not in pages.role_html(settings, "mlops-engineer")
    index = pages.index_html(settings, status="draft")
    assert "Registered Nurses" in index and "MLOps Engineer" not in index
    assert "Registered Nurses" not in pages.index_html(settings, status="reviewed")
    assert jobzone("validate", str(roles_dir), db=settings.db).returncode == 0


def test_a_sector_move_alerts_each_follower_once_in_one_digest(settings, smtp, roles_dir, fixtures, tmp_path):
    from flows.backtest import OLD_METHOD

    rules = tmp_path / "absolute-postings.toml"  # the nursing postings' own fall (all sectors fell with them)
    rules.write_text(OLD_METHOD, encoding="utf-8")
    settings = settings.model_copy(update={"evidence_rules": rules})
    nursing = ["registered-nurses", "nurse-practitioners", "licensed-practical-and-licensed-vocational-nurses"]
    add_drafts(roles_dir, *nursing)
    run_pipeline(settings, RunRequest.nightly(as_of=dt.date(2023, 3, 31), replay=fixtures))
    with WriterLock(settings.db, "test"):
        service.subscribe(settings, "n@example.org", nursing, listing.role_titles(settings))
    service.send_due(settings)
    token = re.search(r"/confirm\?token=(\S+)", smtp.recorder.messages[-1].get_body(("plain",)).get_content()).group(1)
    with WriterLock(settings.db, "test"):
        service.confirm(settings, token)
    # past as-of dates build history and alert nobody unless asked: asked here
    run_pipeline(settings, RunRequest.nightly(as_of=dt.date(2023, 3, 31), skip_ingest=True, alert=True))  # baseline
    before = len(smtp.recorder.messages)
    report = run_pipeline(settings, RunRequest.nightly(as_of=dt.date(2024, 9, 1), skip_ingest=True, alert=True))
    digests = smtp.recorder.messages[before:]
    assert report.notifications_queued == 1 and len(digests) == 1  # one digest, however many roles moved
    text = digests[0].get_body(("plain",)).get_content()
    moved = [role_id for role_id in nursing if f"/roles/{role_id}" in text]
    assert len(moved) >= 2 and "Indeed US nursing postings (Indeed Hiring Lab index)" in text
