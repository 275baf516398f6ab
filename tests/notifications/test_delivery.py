"""Alerts end to end against a real SMTP server (aiosmtpd on 127.0.0.1)."""

import os
import re
import signal
import subprocess
import sys
import time

import pytest

from notifications import listing, service, store
from notifications.render import MailConfig, render_test
from tests.conftest import REPO
from tests.helpers import SECRET, edit_task_score, jobzone_json, quick_run
from warehouse.db import read_connection, write_connection
from warehouse.lock import WriterLock

CI_CD = "CI/CD for ML (model versioning, testing, promotion)"


def known(settings):
    from scoring.roles import load_roles

    return {i.role.id: i.role.title for i in load_roles(settings.roles)}


def add_second_role(roles_dir):
    text = (roles_dir / "mlops-engineer.toml").read_text()
    text = text.replace('id = "mlops-engineer"', 'id = "ml-platform-engineer"').replace(
        'title = "MLOps Engineer"', 'title = "ML Platform Engineer"'
    )
    (roles_dir / "ml-platform-engineer.toml").write_text(text)


def subscribe_and_confirm(settings, smtp, email, roles):
    with WriterLock(settings.db, "test"):
        service.subscribe(settings, email, roles, known(settings))
    service.send_due(settings)  # takes the writer lock for each short write itself
    confirmation = smtp.recorder.messages[-1]
    text = confirmation.get_body(("plain",)).get_content()
    token = re.search(r"/confirm\?token=(\S+)", text).group(1)
    with WriterLock(settings.db, "test"):
        service.confirm(settings, token)
    return confirmation


def test_confirmation_then_a_digest_of_two_moved_roles(settings, smtp, roles_dir):
    add_second_role(roles_dir)
    quick_run(settings)
    confirmation = subscribe_and_confirm(
        settings, smtp, "Reader@Example.ORG", ["mlops-engineer", "ml-platform-engineer"]
    )
    assert confirmation["To"] == "Reader@example.org"
    assert [p.get_content_type() for p in confirmation.walk()] == ["multipart/alternative", "text/plain", "text/html"]
    assert quick_run(settings).notifications_queued == 0  # first run after confirming: the baseline
    for role in ("mlops-engineer", "ml-platform-engineer"):
        path = roles_dir / f"{role}.toml"
        edit_task_score(roles_dir, CI_CD, 4, 5) if role == "mlops-engineer" else path.write_text(
            path.read_text().replace("company_actions = 2\n", "company_actions = 0\n", 1)
        )
    report = quick_run(settings, "rerun", "Claude 5 released")
    assert (report.notifications_queued, report.notifications_sent) == (1, 1)
    newest = jobzone_json("runs", db=settings.db, roles=settings.roles, env={"JOBZONE_SECRET": SECRET})[0]
    assert newest["id"] == report.run_id and newest["alerts"] == {"queued": 0, "sent": 1, "failed": 0}

    digest = smtp.recorder.messages[-1]
    assert digest["Subject"] == "jobzone: 2 roles you follow moved"
    assert re.fullmatch(rf"<jobzone\.alert\.{report.run_id}\.1\.[0-9a-f]{{16}}@jobzone\.local>", digest["Message-ID"])
    assert re.fullmatch(
        r"<https://jobzone\.test/unsubscribe\?token=[\w.\-%]+>, <mailto:unsubscribe@jobzone\.test\?subject=unsubscribe>",
        digest["List-Unsubscribe"],
    )
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = digest.get_body(("plain",)).get_content()
    assert "MLOps Engineer: 42.6 -> 41.0" in text and "ML Platform Engineer: 42.6 -> 39.3" in text
    assert f"Reassessed after: Claude 5 released: task '{CI_CD}' automation 4 → 5" in text
    assert "Reassessed after: Claude 5 released: Company actions +2 → +0" in text
    html = digest.get_body(("html",)).get_content()
    assert 'style="' in html and "<style" not in html  # CSS inlined for mail clients
    assert "https://jobzone.test/roles/ml-platform-engineer" in html

    # The ratchet now holds 41.0 / 39.3: a run without moves alerts nobody and queues nothing.
    with read_connection(settings.db) as con:
        queued_before = con.execute("SELECT count(*) FROM outbox").fetchone()[0]
    scored_again = quick_run(settings)
    assert scored_again.notifications_queued == 0 and len(smtp.recorder.messages) == 2
    with read_connection(settings.db) as con:
        assert con.execute("SELECT count(*) FROM outbox").fetchone()[0] == queued_before


def test_queueing_the_same_run_twice_is_a_no_op(settings, smtp):
    config = MailConfig(settings.mail_from, settings.base_url, SECRET)
    message = render_test(config, "a@example.org", "x", "salt")
    with write_connection(settings.db) as con:
        assert store.queue(con, 9, 1, "alert", message, "alert:9:1") is True
        assert store.queue(con, 9, 1, "alert", message, "alert:9:1") is False
        assert con.execute("SELECT count(*) FROM outbox").fetchone()[0] == 1


def queue_tests(settings, addresses):
    config = MailConfig(settings.mail_from, settings.base_url, SECRET)
    with write_connection(settings.db) as con:
        for index, address in enumerate(addresses, start=1):
            sid = store.upsert_subscriber(con, address, [])[0]
            store.queue(con, None, sid, "test", render_test(config, address, "t", str(index)), f"t:{index}")


def make_due(settings):
    with write_connection(settings.db) as con:
        con.execute("UPDATE outbox SET next_attempt_at = now() - INTERVAL 1 SECOND")


def test_451_is_retried_later_then_delivered(settings, smtp):
    queue_tests(settings, ["later@example.org"])
    smtp.recorder.refuse["later@example.org"] = ["451 4.3.0 Try again later"]
    first = service.send_due(settings)
    assert (first.sent, first.retried) == (0, 1) and "451" in first.errors[0]
    assert service.send_due(settings).sent == 0  # not due yet: backoff
    make_due(settings)
    assert service.send_due(settings).sent == 1
    with read_connection(settings.db) as con:
        assert con.execute("SELECT status, attempts FROM outbox").fetchall() == [("sent", 2)]
    assert len(smtp.recorder.messages) == 1


def test_550_fails_and_two_hard_bounces_suppress_the_address(settings, smtp):
    queue_tests(settings, ["gone@example.org", "gone@example.org", "gone@example.org"])
    smtp.recorder.refuse["gone@example.org"] = ["550 5.1.1 No such user", "550 5.1.1 No such user"]
    report = service.send_due(settings)
    assert (report.sent, report.failed, report.suppressed) == (0, 2, ["gone@example.org"])
    with read_connection(settings.db) as con:
        assert con.execute("SELECT status FROM subscribers").fetchall() == [("suppressed",)]
        summary = listing.outbox_summary(con)
    assert summary["failed"] == 3 and summary["queued"] == 0  # the third is never attempted
    assert len(smtp.recorder.messages) == 0


def test_a_dropped_connection_mid_batch_reconnects_and_loses_nothing(settings, smtp):
    addresses = [f"r{i}@example.org" for i in range(6)]
    queue_tests(settings, addresses)
    smtp.recorder.drop_on_data = {3}
    report = service.send_due(settings)
    assert (report.sent, report.reconnects) == (6, 1)
    assert sorted(m["To"] for m in smtp.recorder.messages) == sorted(addresses)


SEND = "from jobzone.cli.main import main; main()"


@pytest.mark.parametrize("mark_every", [1, 25])
def test_killed_during_delivery_then_restarted_delivers_every_message(settings, smtp, tmp_path, mark_every):
    count = 60
    queue_tests(settings, [f"k{i}@example.org" for i in range(count)])
    env = {
        **os.environ,
        "JOBZONE_DB": str(settings.db),
        "JOBZONE_SECRET": SECRET,
        "JOBZONE_SMTP_URL": smtp.url,
        "JOBZONE_SMTP_RATE": "20",
        "JOBZONE_PREFECT": "false",
        "JOBZONE_SMTP_MARK_EVERY": str(mark_every),
    }
    sender = subprocess.Popen([sys.executable, "-c", SEND, "send"], cwd=REPO, env=env)
    deadline = time.monotonic() + 30
    while len(smtp.recorder.messages) < 12 and time.monotonic() < deadline:
        time.sleep(0.02)
    sender.send_signal(signal.SIGKILL)
    sender.wait()
    delivered_before = len(smtp.recorder.messages)
    assert 12 <= delivered_before < count
    subprocess.run([sys.executable, "-c", SEND, "send"], cwd=REPO, env={**env, "JOBZONE_SMTP_RATE": "0"}, check=True)
    ids = smtp.recorder.message_ids()
    with read_connection(settings.db) as con:
        expected = {m for (m,) in con.execute("SELECT message_id FROM outbox").fetchall()}
        assert con.execute("SELECT count(*) FROM outbox WHERE status = 'sent'").fetchone()[0] == count
    assert set(ids) == expected  # never zero
    # At most the unmarked window (mark_every messages) is sent twice, each with its original Message-ID.
    assert len(ids) - len(set(ids)) <= mark_every


def test_sending_only_some_kinds_leaves_the_others_queued(settings, smtp):
    queue_tests(settings, ["a@example.org"])
    config = MailConfig(settings.mail_from, settings.base_url, SECRET)
    with write_connection(settings.db) as con:
        store.queue(con, None, 1, "confirm", render_test(config, "a@example.org", "t", "c"), "confirm:1")
    assert service.send_due(settings, kinds=("confirm",)).sent == 1
    with read_connection(settings.db) as con:
        assert con.execute("SELECT kind, status FROM outbox ORDER BY id").fetchall() == [
            ("test", "queued"),
            ("confirm", "sent"),
        ]


def test_a_stalling_server_neither_locks_the_warehouse_nor_holds_send_for_long(settings, smtp):
    import threading

    queue_tests(settings, ["s1@example.org", "s2@example.org", "s3@example.org"])
    smtp.recorder.stall_seconds = 30
    stalling = settings.model_copy(update={"smtp_timeout": 1.0, "channel_breaker_after": 2})
    result = {}
    sender = threading.Thread(target=lambda: result.update(report=service.send_due(stalling)))
    started = time.monotonic()
    sender.start()
    time.sleep(0.5)
    with read_connection(settings.db, wait=1) as con:  # readers get in while send waits on SMTP
        assert listing.outbox_summary(con)["queued"] == 3
    sender.join(timeout=30)
    elapsed = time.monotonic() - started
    report = result["report"]
    assert elapsed < 10 and (report.sent, report.retried, report.left_queued) == (0, 2, 1)
    assert any("circuit breaker open after 2 unanswered attempts" in e for e in report.errors)
    with read_connection(settings.db) as con:
        assert (
            con.execute("SELECT count(*) FROM outbox WHERE status = 'queued' AND claimed_by IS NULL").fetchone()[0] == 3
        )


def test_a_run_delivers_its_alerts_after_letting_go_of_the_writer_lock(settings, smtp, roles_dir, monkeypatch):
    """A run held the writer lock while it delivered its own alerts (up to JOBZONE_SEND_DEADLINE): the one-click
    unsubscribe of the mail just sent answered 503. Each send now finds the lock
    free (taken only for each short write)."""
    import re

    from flows.request import RunRequest
    from jobzone.services import runs, subscriptions
    from notifications import transport
    from tests.helpers import edit_task_score
    from warehouse.errors import WarehouseBusy
    from warehouse.lock import WriterLock

    runs.run(settings, RunRequest.nightly(skip_ingest=True))
    subscriptions.subscribe(settings, "reader@example.org", ["mlops-engineer"])
    subscriptions.send(settings)
    body = smtp.recorder.messages[0].get_body(("plain",)).get_content()
    subscriptions.confirm(settings, re.search(r"/confirm\?token=(\S+)", body).group(1))
    free = []
    real_send = transport.SmtpTransport.send

    def probing(self, to_addr, raw, message_id):
        try:
            with WriterLock(settings.db, "probe: an unsubscribe arriving now"):
                free.append(True)
        except WarehouseBusy:
            free.append(False)
        return real_send(self, to_addr, raw, message_id)

    monkeypatch.setattr(transport.SmtpTransport, "send", probing)
    edit_task_score(roles_dir, "CI/CD for ML (model versioning, testing, promotion)", 4, 5)
    report = runs.run(settings, RunRequest.rerun("new agent"))
    assert report.notifications_sent == 1 and free == [True]
