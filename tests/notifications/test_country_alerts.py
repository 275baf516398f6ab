"""Subscriptions per country, end to end against a real SMTP server: a UK subscriber follows MLOps Engineer in the
UK's view and is alerted by the UK's run, named as such with the data it reads; the US subscriber of the same role
hears nothing from it, and the UK subscriber nothing from the US's run. An existing subscription stays US."""

import datetime as dt
import re

from flows.pipeline import run_pipeline
from flows.request import RunRequest
from notifications import service
from tests.helpers import edit_task_score
from tests.notifications.test_delivery import CI_CD, subscribe_and_confirm
from warehouse.lock import WriterLock

AS_OF = dt.date(2024, 10, 29)  # ASHE 2024 published that day; Indeed GB's file runs to August 2024


def run(settings, country: str, reason: str | None = None, **fields):
    kind = "rerun" if reason else "nightly"
    request = RunRequest(kind=kind, reason=reason, as_of=AS_OF, country=country, alert=True, **fields)
    return run_pipeline(settings, request)


def digests(smtp) -> list:
    return [m for m in smtp.recorder.messages if "alert" in m["Message-ID"]]


def test_a_uk_subscriber_is_alerted_by_the_uk_run_and_only_by_it(settings, smtp, roles_dir, fixtures):
    run(settings, "US", replay=fixtures, ingest=True)
    run(settings, "GB", replay=fixtures, ingest=True)
    subscribe_and_confirm(settings, smtp, "us-reader@example.org", ["mlops-engineer"])  # US: the default
    with WriterLock(settings.db, "test"):
        titles = {"mlops-engineer": "MLOps Engineer (Mid-level)"}
        service.subscribe(settings, "uk-reader@example.org", ["mlops-engineer"], titles, country="GB")
    service.send_due(settings)
    confirmation = smtp.recorder.messages[-1]
    token = re.search(r"/confirm\?token=(\S+)", confirmation.get_body(("plain",)).get_content()).group(1)
    with WriterLock(settings.db, "test"):
        service.confirm(settings, token)

    edit_task_score(roles_dir, CI_CD, 4, 5)
    before = len(digests(smtp))
    uk = run(settings, "GB", "Claude 5 released")
    assert (uk.notifications_queued, uk.notifications_sent) == (1, 1)
    (digest,) = digests(smtp)[before:]
    assert digest["To"] == "uk-reader@example.org"
    assert digest["Subject"].startswith("jobzone: United Kingdom: MLOps Engineer: ")
    text = digest.get_body(("plain",)).get_content()
    assert "In the view of the United Kingdom: job postings from Indeed Hiring Lab sector indexes" in text
    assert "pay from ONS ASHE median annual pay by UK SOC 2020" in text
    assert "/roles/mlops-engineer?country=GB" in text

    us = run(settings, "US", "Claude 5 released")  # the same edit, scored in the US view: only its subscriber
    assert us.notifications_sent == 1
    assert digests(smtp)[-1]["To"] == "us-reader@example.org"
    assert "United Kingdom" not in digests(smtp)[-1]["Subject"]
