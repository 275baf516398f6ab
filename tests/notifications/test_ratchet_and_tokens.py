"""The ratchet (pure) and the tokens' security properties."""

import email
import email.policy
import time

import pytest
from itsdangerous import URLSafeTimedSerializer

from notifications.errors import SubscriptionError
from notifications.ratchet import RoleNow, Subscription, decide
from notifications.render import MailConfig, one_line, render_digest
from notifications.tokens import make_token, read_token
from scoring.changes import AssessmentEdit, EvidenceMove
from tests.helpers import sample_move

SECRET = "s3cret-for-tests"


def sub(told=None, zone="Yellow", label="Yellow (Urgent)"):
    return Subscription(
        subscriber_id=1,
        email="a@example.org",
        role_id="r",
        told_run_id=1 if told is not None else None,
        told_aijri=told,
        told_zone=zone if told is not None else None,
        told_label=label if told is not None else None,
    )


def role(aijri, zone="Yellow", label="Yellow (Urgent)", causes=(), status=None):
    return RoleNow(
        role_id="r",
        title="Role",
        aijri=aijri,
        aijri_display=f"{aijri:.1f}",
        zone=zone,
        label=label,
        causes=list(causes),
        evidence_status=status or {},
    )


def test_first_run_records_a_baseline_and_alerts_nothing():
    moves, updates = decide([sub()], {"r": role(40.0)}, 1.0)
    assert moves == [] and updates == [(1, "r", 40.0, "Yellow", "Yellow (Urgent)")]


def test_slow_drift_adds_up_against_the_last_score_told():
    told = sub(told=40.0)
    assert decide([told], {"r": role(40.6)}, 1.0) == ([], [])  # not told, not updated: the ratchet holds
    moves, updates = decide([told], {"r": role(41.0)}, 1.0)  # 0.6 then 0.4 more: 1.0 since last told
    assert len(moves) == 1 and updates[0][2] == 41.0


def test_a_zone_or_label_change_alerts_even_when_small():
    moves, _ = decide([sub(told=47.9)], {"r": role(48.0, "Green", "Green (Transforming)")}, 1.0)
    assert len(moves) == 1


def test_a_change_caused_only_by_held_data_never_alerts():
    stale = role(
        35.0,
        causes=[EvidenceMove(dimension="wage_trends", before=1, after=0)],
        status={"wage_trends": "stale"},
    )
    assert decide([sub(told=40.0)], {"r": stale}, 1.0) == ([], [])
    fresh = role(
        35.0,
        causes=[EvidenceMove(dimension="wage_trends", before=1, after=0)],
        status={"wage_trends": "fresh"},
    )
    assert len(decide([sub(told=40.0)], {"r": fresh}, 1.0)[0]) == 1


def test_a_move_within_the_market_band_is_not_news_and_an_edit_within_it_is():
    """A move the market readings' sampling error explains sends nothing (the ratchet keeps the last
    score told); beyond the band it alerts, with the band; an analyst's edit is news whatever the band."""
    market = [EvidenceMove(dimension="job_posting_trends", before=0, after=-1)]
    noisy = RoleNow(**{**vars(role(38.4, causes=market, status={"job_posting_trends": "fresh"})), "market_band": 1.7})
    assert decide([sub(told=40.0)], {"r": noisy}, 1.0) == ([], [])
    beyond = RoleNow(**{**vars(noisy), "aijri": 36.3, "aijri_display": "36.3"})
    moves, updates = decide([sub(told=40.0)], {"r": beyond}, 1.0)
    assert len(moves) == 1 and updates[0][2] == 36.3
    edit = [AssessmentEdit(field="tasks['x'].score", before=3, after=4)]
    edited = RoleNow(**{**vars(noisy), "causes": edit})
    assert len(decide([sub(told=40.0)], {"r": edited}, 1.0)[0]) == 1
    config = MailConfig("jobzone <a@jobzone.local>", "https://jobzone.test", SECRET)
    raw = render_digest(config, 2, 1, "a@example.org", None, moves, {"r": ["why"]}).raw
    text = email.message_from_bytes(raw, policy=email.policy.default).get_body(("plain",)).get_content()
    assert "Role: 40.0 -> 36.3 (±1.7 on sampling error)" in text


def test_tokens_are_purpose_bound_and_unforgeable():
    confirm = make_token(SECRET, "confirm", 7)
    assert read_token(SECRET, "confirm", confirm) == (7, None)
    with pytest.raises(SubscriptionError, match="not valid"):
        read_token(SECRET, "unsubscribe-all", confirm)  # a confirm token cannot unsubscribe
    with pytest.raises(SubscriptionError, match="not valid"):
        read_token(SECRET, "confirm", confirm[:-2] + "xx")  # altered signature
    forged = URLSafeTimedSerializer("guessed-secret", salt="jobzone/confirm").dumps({"s": 7, "r": None})
    with pytest.raises(SubscriptionError, match="not valid"):
        read_token(SECRET, "confirm", forged)


def test_expired_token_is_refused(monkeypatch):
    token = make_token(SECRET, "confirm", 7)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 8 * 86400)
    with pytest.raises(SubscriptionError, match="expired"):
        read_token(SECRET, "confirm", token)


def test_headers_cannot_be_injected_and_html_is_escaped():
    config = MailConfig("jobzone <alerts@jobzone.test>", "https://jobzone.test", SECRET)
    title = 'Evil\r\nBcc: victim@example.org\r\n<script>alert("x")</script> & co'
    move = sample_move("evil", title=title, subscriber_id=3)
    reason = "<b>bold</b>\nX-Injected: yes"
    rendered = render_digest(config, 5, 3, "a@example.org", reason, [move], {"evil": [reason]})
    import email
    from email.policy import default

    message = email.message_from_bytes(rendered.raw, policy=default)
    assert message["Bcc"] is None and message["X-Injected"] is None
    assert "\n" not in message["Subject"] and one_line(title) in message["Subject"]
    text, html = [part.get_content() for part in message.iter_parts()]
    assert '<script>alert("x")</script>' in text and "<b>bold</b>" in text  # plain in text
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;bold&lt;/b&gt;" in html  # escaped


def test_look_alike_spellings_of_one_address_get_three_confirmations_an_hour(tmp_path, roles_dir):
    """Unicode look-alikes of one domain brought 33 confirmation mails to one mailbox in a minute:
    spellings normalise to one address, whose confirmations are counted in the outbox (so a
    restarted web process does not forget them)."""
    from notifications import service
    from notifications.errors import SubscriptionError
    from notifications.settings import NotificationSettings
    from warehouse.db import read_connection

    settings = NotificationSettings(db=tmp_path / "w.duckdb", roles=roles_dir, secret="x" * 40, outbox_dir=tmp_path)
    titles = {"mlops-engineer": "MLOps Engineer"}
    spellings = ["victim@example.org", "victim@ｅxample.org", "VICTIM@EXAMPLE.ORG", "victim@exampⅼe.org"]
    queued = []
    for spelling in spellings:
        try:
            with settings.warehouse.lock("subscribe"):  # as the web endpoint and the CLI hold it
                queued.append(service.subscribe(settings, spelling, ["mlops-engineer"], titles)["email"])
        except SubscriptionError as exc:
            assert "v***@example.org was sent 3 confirmations in the last hour" in str(exc)
    assert [q.lower() for q in queued] == ["victim@example.org"] * 3
    with read_connection(settings.db) as con:
        assert con.execute("SELECT count(*) FROM outbox WHERE kind = 'confirm'").fetchone()[0] == 3
