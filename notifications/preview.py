"""Previewing an alert: a role's latest score against its previous one, rendered as a subscriber would get it."""

from __future__ import annotations

from notifications.ratchet import Move, RoleNow, Subscription
from notifications.render import Rendered, render_digest
from notifications.service import mail_config
from scoring.errors import JobzoneError
from scoring.explain import plain_causes
from warehouse import queries
from warehouse.db import read_connection


def preview_message(settings, role_id: str) -> Rendered:
    with read_connection(settings.db) as con:
        history = queries.history(con, role_id)
        if len(history) < 2:
            raise JobzoneError(f"role '{role_id}' has {len(history)} scored run(s); a preview needs two")
        before, after = history[-2], history[-1]
        data = queries.explanation(con, role_id, after["run_id"])
        changes = queries.recent_changes(con, role_id)
    causes = next((c["causes"] for c in changes if c["run_id"] == after["run_id"]), [])
    evidence = {row["dimension"]: row for row in data["evidence"]}
    subscription = Subscription(
        0, "preview@example.invalid", role_id, before["run_id"], before["aijri"], before["zone"], before["label"]
    )
    now = RoleNow(role_id, data["title"], after["aijri"], after["aijri_display"], after["zone"], after["label"], causes)
    return render_digest(
        mail_config(settings),
        after["run_id"],
        0,
        subscription.email,
        after["reason"],
        [Move(subscription, now)],
        {role_id: plain_causes(causes, evidence, after["reason"])},
    )
