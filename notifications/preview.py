"""Previewing an alert: a role's latest score against its previous one, rendered as a subscriber would get it."""

from __future__ import annotations

import email
from email.message import EmailMessage
from email.policy import default

from notifications.ratchet import Move, RoleNow, Subscription
from notifications.render import Rendered, render_digest
from notifications.service import mail_config
from notifications.settings import NotificationSettings
from scoring.changes import Cause
from scoring.errors import JobzoneError
from scoring.explain import plain_causes
from warehouse import queries


def preview_message(settings: NotificationSettings, role_id: str) -> Rendered:
    with settings.warehouse.read() as con:
        history = queries.history(con, role_id)
        if len(history) < 2:
            raise JobzoneError(f"role '{role_id}' has {len(history)} scored run(s); a preview needs two")
        before, after = history[-2], history[-1]
        if (before["aijri_display"], before["zone"], before["label"]) == (
            after["aijri_display"],
            after["zone"],
            after["label"],
        ):
            raise JobzoneError(
                f"role '{role_id}' did not move between its last two scored runs ({before['run_id']} and "
                f"{after['run_id']}: {after['aijri_display']}, {after['label']}): no subscriber would be told anything"
            )
        data = queries.explanation(con, role_id, after["run_id"])
        changes = queries.recent_changes(con, role_id)
    causes: list[Cause] = next((c["causes"] for c in changes if c["run_id"] == after["run_id"]), [])
    evidence = {row.dimension: row for row in data.evidence}
    subscription = Subscription(
        subscriber_id=0,
        email="preview@example.invalid",
        role_id=role_id,
        told_run_id=before["run_id"],
        told_aijri=before["aijri"],
        told_zone=before["zone"],
        told_label=before["label"],
    )
    now = RoleNow(
        role_id=role_id,
        title=data.title,
        aijri=after["aijri"],
        aijri_display=after["aijri_display"],
        zone=after["zone"],
        label=after["label"],
        causes=causes,
    )
    return render_digest(
        mail_config(settings),
        after["run_id"],
        0,
        subscription.email,
        after["reason"],
        [Move(subscription, now)],
        {role_id: plain_causes(causes, evidence, after["reason"])},
    )


def readable(message: Rendered) -> str:
    """The message as its reader sees it: the subject and address decoded, then the plain-text part."""
    parsed = email.message_from_bytes(message.raw, policy=default)
    body = parsed.get_body(preferencelist=("plain",))
    text = body.get_content() if isinstance(body, EmailMessage) else ""
    return f"To: {parsed['To']}\nSubject: {parsed['Subject']}\n\n{text.rstrip()}"
