"""Notifications wired to settings and the warehouse: subscribe, confirm, unsubscribe, plan alerts, send."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Callable, Sequence

from notifications import store
from notifications.addresses import normalise
from notifications.delivery import DeliveryConfig, DeliveryReport, deliver_due
from notifications.errors import SubscriptionError
from notifications.ratchet import RoleNow, decide
from notifications.render import MailConfig, render_confirm, render_digest, render_test
from notifications.tokens import read_token, token_purpose
from notifications.transport import make_transport
from scoring.errors import JobzoneError
from scoring.explain import plain_causes
from warehouse.db import write_connection


def mail_config(settings) -> MailConfig:
    if settings.secret is None or not settings.secret.get_secret_value():
        raise JobzoneError("JOBZONE_SECRET is not set: it signs confirm and unsubscribe links "
                           "(set a long random value, e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`)")
    return MailConfig(settings.mail_from, settings.base_url.rstrip("/"), settings.secret.get_secret_value(),
                      settings.unsubscribe_mailto)


def transport_for(settings):
    url = settings.smtp_url.get_secret_value() if settings.smtp_url else None
    password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
    return make_transport(url, password, settings.outbox_dir)


def subscribe(settings, email: str, role_ids: Sequence[str], known_roles: dict[str, str]) -> dict:
    """Store a pending subscription and queue the confirmation mail. known_roles: id -> title."""
    unknown = [r for r in role_ids if r not in known_roles]
    if unknown or not role_ids:
        raise SubscriptionError(f"unknown role id(s) {', '.join(unknown) or '(none given)'}; "
                                f"valid: {', '.join(sorted(known_roles))}")
    address = normalise(email, settings.check_deliverability)
    config = mail_config(settings)
    with write_connection(settings.db) as con:
        con.execute("BEGIN")
        subscriber_id, status = store.upsert_subscriber(con, address, role_ids)
        queued = False
        if status != "confirmed":
            today = dt.date.today().isoformat()
            message = render_confirm(config, subscriber_id, address, [known_roles[r] for r in role_ids], today)
            queued = store.queue(con, None, subscriber_id, "confirm", message, f"confirm:{subscriber_id}:{today}")
        con.execute("COMMIT")
    return {"subscriber_id": subscriber_id, "email": address, "status": status, "confirmation_queued": queued}


def confirm(settings, token: str) -> dict:
    subscriber_id, _ = read_token(mail_config(settings).secret, "confirm", token)
    with write_connection(settings.db) as con:
        return {"subscriber_id": subscriber_id, "status": store.confirm(con, subscriber_id)}


def unsubscribe(settings, token: str) -> dict:
    secret = mail_config(settings).secret
    purpose = token_purpose(secret, token, ("unsubscribe-role", "unsubscribe-all"))
    subscriber_id, role_id = read_token(secret, purpose, token)
    with write_connection(settings.db) as con:
        was_active = store.unsubscribe(con, subscriber_id, role_id if purpose == "unsubscribe-role" else None)
    return {"subscriber_id": subscriber_id, "role_id": role_id, "scope": purpose, "was_active": was_active}


def plan_alerts(settings, run_id: int, reason: str | None, scored, changes) -> tuple[Callable, int]:
    """Decide this run's alerts; return a writer for the run's transaction (ratchet + outbox) and the count."""
    changes_by_role = {c.role_id: c for c in changes}
    with write_connection(settings.db) as con:
        subscriptions = store.active_subscriptions(con, [row.role_id for row in scored])
    if not subscriptions:
        return (lambda con: None), 0
    config = mail_config(settings)
    roles = {row.role_id: RoleNow(row.role_id, row.title, row.score["aijri"], row.score["aijri_display"],
                                  row.score["zone"], row.score["label"],
                                  changes_by_role[row.role_id].causes if row.role_id in changes_by_role else [],
                                  {e.dimension: e.status for e in row.evidence}) for row in scored}
    evidence = {row.role_id: {e.dimension: {"inputs": e.inputs} for e in row.evidence} for row in scored}
    moves, updates = decide(subscriptions, roles, settings.alert_min_points)
    by_subscriber = defaultdict(list)
    for move in moves:
        by_subscriber[move.subscription.subscriber_id].append(move)
    messages = [render_digest(config, run_id, sid, group[0].subscription.email, reason, group,
                              {m.now.role_id: plain_causes(m.now.causes, evidence[m.now.role_id], reason) for m in group})
                for sid, group in by_subscriber.items()]

    def write(con) -> None:
        store.apply_ratchet(con, run_id, updates)
        store.queue_many(con, run_id, "alert", [(sid, message, f"alert:{run_id}:{sid}")
                                                for sid, message in zip(by_subscriber, messages)])

    return write, len(messages)


def send_due(settings, kinds: tuple[str, ...] | None = None) -> DeliveryReport:
    config = DeliveryConfig(settings.mail_from, settings.smtp_rate, settings.smtp_per_connection,
                            suppress_after=settings.suppress_after, mark_every=settings.smtp_mark_every)
    return deliver_due(settings.db, transport_for(settings), config, kinds)


def send_test_mail(settings, address: str) -> str:
    config = mail_config(settings)
    transport = transport_for(settings)
    message = render_test(config, normalise(address), transport.describe(), dt.datetime.now().isoformat())
    transport.open()
    try:
        transport.send(settings.mail_from, message.to_addr, message.raw, message.message_id)
    finally:
        transport.close()
    return transport.describe()
