"""The webhook channel end to end against a real HTTP server on 127.0.0.1 (pytest-httpserver)."""

import json

from werkzeug import Request, Response

from notifications import service
from notifications.channels.webhook import DELIVERY_HEADER, SIGNATURE_HEADER, verify
from scoring.change_schema import ChangeRecord
from tests.helpers import CI_CD, SECRET, edit_task_score, jobzone, quick_run
from warehouse.db import read_connection, write_connection
from warehouse.lock import WriterLock


class Receiver:
    """Records every POST; answers from a script of statuses (default 200), echoing confirmation tokens."""

    def __init__(self, echo: bool = True):
        self.requests: list[tuple[dict, bytes]] = []
        self.statuses: list[int] = []
        self.echo = echo

    def __call__(self, request: Request) -> Response:
        body = request.get_data()
        self.requests.append((dict(request.headers), body))
        status = self.statuses.pop(0) if self.statuses else 200
        document = json.loads(body)
        reply = (
            json.dumps({"token": document["token"]}) if self.echo and document.get("type") == "confirmation" else "ok"
        )
        return Response(reply, status=status)

    def documents(self, kind: str) -> list[tuple[dict, bytes, dict]]:
        return [(h, b, json.loads(b)) for h, b in self.requests if json.loads(b)["type"] == kind]


def subscribe_webhook(settings, url, roles=("mlops-engineer",)):
    with WriterLock(settings.db, "test"):
        return service.subscribe(settings, url, list(roles), {"mlops-engineer": "MLOps Engineer"}, "webhook")


def status_of(settings) -> tuple:
    with read_connection(settings.db) as con:
        return con.execute(
            "SELECT s.status, p.confirmed FROM subscribers s JOIN subscriptions p ON p.subscriber_id = s.id"
        ).fetchone()


def test_a_run_that_moves_a_role_posts_one_signed_document(settings, httpserver, roles_dir):
    receiver = Receiver()
    httpserver.expect_request("/hook", method="POST").respond_with_handler(receiver)
    url = httpserver.url_for("/hook")
    quick_run(settings)
    assert subscribe_webhook(settings, url)["confirmation_queued"]
    assert status_of(settings) == ("pending", False)
    service.send_due(settings)
    ((headers, body, confirmation),) = receiver.documents("confirmation")
    assert (
        verify(SECRET, body, headers[SIGNATURE_HEADER])
        and confirmation["token"] in confirmation["text"] + confirmation["confirm_url"]
    )
    assert status_of(settings) == ("confirmed", True)  # the reply echoed the token

    quick_run(settings)  # the baseline for the new subscriber
    edit_task_score(roles_dir, CI_CD, 4, 5)
    report = quick_run(settings, "rerun", "Claude 5 released")
    assert (report.notifications_queued, report.notifications_sent) == (1, 1)
    ((headers, body, document),) = receiver.documents("changes")
    assert headers["Content-Type"] == "application/json"
    assert verify(SECRET, body, headers[SIGNATURE_HEADER])
    assert not verify(SECRET, body + b" ", headers[SIGNATURE_HEADER])
    assert not verify("another-secret-0123456789abcdefghijkl", body, headers[SIGNATURE_HEADER])
    assert headers[DELIVERY_HEADER].startswith(f"jobzone.alert.{report.run_id}.")
    assert document["run"]["id"] == report.run_id and document["run"]["reason"] == "Claude 5 released"
    (change,) = document["changes"]
    assert ChangeRecord.model_validate(change).version == 1  # the published change schema (docs/api.md)
    assert (change["role_id"], change["before"]["aijri"], change["after"]["aijri"]) == ("mlops-engineer", 42.6, 41.0)
    assert (change["before"]["zone"], change["after"]["zone"], change["after"]["label"]) == (
        "Yellow",
        "Yellow",
        "Yellow (Urgent)",
    )
    assert change["run_id"] == report.run_id and change["reason"] == "Claude 5 released"
    assert change["url"] == "https://jobzone.test/roles/mlops-engineer"
    assert any(f"task '{CI_CD}' automation 4 → 5" in cause for cause in change["causes"])
    assert document["text"].startswith("jobzone: 1 role you follow moved (Claude 5 released)")  # Slack / Mattermost


def test_5xx_is_retried_with_backoff_and_4xx_fails(settings, httpserver):
    receiver = Receiver()
    httpserver.expect_request("/hook", method="POST").respond_with_handler(receiver)
    url = httpserver.url_for("/hook")
    subscribe_webhook(settings, url)
    receiver.statuses = [503, 502]  # the client's own retries absorb two 5xx
    assert service.send_due(settings).sent == 1 and len(receiver.requests) == 3
    ids = {headers[DELIVERY_HEADER] for headers, _ in receiver.requests}
    assert len(ids) == 1  # retries carry the same delivery id

    receiver.requests.clear()
    subscribe_webhook(settings, url.replace("/hook", "/hook?again=1"))
    receiver.statuses = [500, 500, 500]  # still failing: the outbox retries later
    report = service.send_due(settings)
    assert (report.sent, report.retried) == (0, 1)
    with write_connection(settings.db) as con:
        assert con.execute("SELECT status, attempts FROM outbox WHERE to_addr LIKE '%again%'").fetchone() == (
            "queued",
            1,
        )
        con.execute("UPDATE outbox SET next_attempt_at = now() - INTERVAL 1 SECOND")
    assert service.send_due(settings).sent == 1

    subscribe_webhook(settings, url.replace("/hook", "/hook?gone=1"))
    receiver.statuses = [410]
    report = service.send_due(settings)
    assert (report.sent, report.failed) == (0, 1) and "HTTP 410" in report.errors[0]


# The receivers here listen on 127.0.0.1: the operator's explicit setting allows it.
PRIVATE = {"JOBZONE_SECRET": SECRET, "JOBZONE_WEBHOOK_PRIVATE_TARGETS": "true"}


def test_the_operator_confirms_a_receiver_that_cannot_echo(settings, httpserver):
    receiver = Receiver(echo=False)  # e.g. a Slack incoming webhook
    httpserver.expect_request("/slack", method="POST").respond_with_handler(receiver)
    url = httpserver.url_for("/slack")
    result = jobzone(
        "subscribe",
        "--webhook",
        url,
        "mlops-engineer",
        db=settings.db,
        roles=settings.roles,
        env=PRIVATE,
    )
    assert "pending until confirmed" in result.stdout
    service.send_due(settings)
    assert status_of(settings) == ("pending", False)
    jobzone("confirm", "--webhook", url, db=settings.db, roles=settings.roles, env=PRIVATE)
    assert status_of(settings) == ("confirmed", True)


def test_the_channel_option_comes_from_the_registry_and_the_shorthands_are_the_same(settings, httpserver):
    receiver = Receiver(echo=False)
    httpserver.expect_request("/hook", method="POST").respond_with_handler(receiver)
    url = httpserver.url_for("/hook")
    run = {"db": settings.db, "roles": settings.roles, "env": PRIVATE, "check": False}
    unknown = jobzone("subscribe", "--channel", "pigeon", url, "mlops-engineer", **run)
    assert unknown.returncode == 2 and "unknown channel 'pigeon'; known: email, webhook" in unknown.stderr
    added = jobzone("subscribe", "--channel", "webhook", url, "mlops-engineer", **run)
    assert added.returncode == 0 and "pending until confirmed" in added.stdout
    refused = jobzone("confirm", "--channel", "email", "--target", "a@example.org", **run)
    assert refused.returncode == 1 and "email subscriptions are confirmed by their subscriber" in refused.stderr
    assert status_of(settings) == ("pending", False)
    jobzone("confirm", "--channel", "webhook", "--target", url, **run)
    assert status_of(settings) == ("confirmed", True)


def test_a_loopback_or_private_target_needs_the_operators_flag_and_its_secrets_are_not_printed(settings):
    """A target on 127.0.0.1 was accepted silently, and passwords and secret path tokens in a webhook URL were
    printed."""
    run = {"db": settings.db, "roles": settings.roles, "env": {"JOBZONE_SECRET": SECRET}, "check": False}
    for url in ("http://127.0.0.1:9/hook", "http://localhost/x", "https://10.1.2.3/x", "http://[::1]/x"):
        refused = jobzone("subscribe", "--webhook", url, "mlops-engineer", **run)
        assert refused.returncode == 1 and "JOBZONE_WEBHOOK_PRIVATE_TARGETS=true" in refused.stderr, url
    secret = "http://user:hunter2@192.168.1.9/services/T000/B000/XXXXSECRET?token=abc"
    refused = jobzone("subscribe", "--webhook", secret, "mlops-engineer", **run)
    assert "http://192.168.1.9/services/***" in refused.stderr
    assert not any(part in refused.stderr for part in ("hunter2", "XXXXSECRET", "token=abc", "user:"))


def test_an_endpoint_that_echoes_whatever_it_is_sent_does_not_confirm_itself(settings, httpserver):
    """An echoing endpoint confirmed its own subscription without the operator: only a reply that is the
    token, or {"token": ...}, confirms."""
    from werkzeug import Response

    httpserver.expect_request("/echo", method="POST").respond_with_handler(lambda request: Response(request.data))
    subscribe_webhook(settings, httpserver.url_for("/echo"))
    service.send_due(settings)
    assert status_of(settings) == ("pending", False)


def test_send_outbox_and_subscribers_print_no_secret_of_a_webhook_url(settings, httpserver):
    httpserver.expect_request("/services/T0/B0/SECRETPATH", method="POST").respond_with_data("gone", status=410)
    url = httpserver.url_for("/services/T0/B0/SECRETPATH").replace("http://", "http://user:hunter2@") + "?key=SECRETQ"
    subscribe_webhook(settings, url)
    run = {"db": settings.db, "roles": settings.roles, "env": PRIVATE}
    printed = "".join(
        jobzone(*command, **run).stdout + jobzone(*command, **run).stderr
        for command in (("send",), ("outbox",), ("subscribers",))
    )
    assert "HTTP 410" in printed and "/services/***" in printed
    leaked = [line for line in printed.splitlines() if any(p in line for p in ("hunter2", "SECRETPATH", "SECRETQ"))]
    assert leaked == []
