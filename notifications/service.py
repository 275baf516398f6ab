"""Notifications wired to settings and the warehouse: subscribe, confirm, unsubscribe, plan alerts, send."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Mapping, Sequence

import duckdb

from notifications import follows, store
from notifications.addresses import mask
from notifications.channels import CHANNELS, get_channel
from notifications.channels.base import Deferred, Refused, Transport, Unreachable
from notifications.delivery import DeliveryConfig, DeliveryReport, deliver_due
from notifications.errors import DeliveryError, SubscriptionError
from notifications.message import MailConfig, Rendered
from notifications.ratchet import RoleNow, RunInfo, decide
from notifications.render import render_test
from notifications.settings import NotificationSettings
from notifications.tokens import make_token, read_token, token_purpose
from scoring.batch import ScoredRole
from scoring.changes import Change
from scoring.countries import DEFAULT as DEFAULT_COUNTRY
from scoring.explain import plain_causes

# `jobzone send` waits this long for a running pipeline to finish a write before giving up on a mark.
SEND_LOCK_WAIT = 60.0


def mail_config(settings: NotificationSettings) -> MailConfig:
    return MailConfig(
        settings.mail_from, settings.base_url.rstrip("/"), settings.signing_secret(), settings.unsubscribe_mailto
    )


def transport_for(settings: NotificationSettings, channel: str = "email") -> Transport:
    return get_channel(channel).transport(settings)


# Confirmation mails to one address per window, however it is spelled (normalised: an internationalised domain's
# look-alikes are one; any case): counted in the outbox, so a restarted web process or the CLI sends no more.
CONFIRMATIONS_PER_WINDOW, CONFIRMATION_WINDOW = 3, dt.timedelta(hours=1)


def subscribe(
    settings: NotificationSettings,
    address: str,
    role_ids: Sequence[str],
    known_roles: dict[str, str],
    channel: str = "email",
    alert_on: str | None = None,
    *,
    categories: Sequence[str] = (),
    known_categories: Mapping[str, int] | None = None,
    country: str = DEFAULT_COUNTRY,
) -> dict:
    """Store the subscription and, for any role or category that is new or active again, queue a confirmation
    bound to it (double opt-in for every addition). known_roles: id -> title; known_categories: name -> how many
    roles it holds now. Callers hold the writer lock."""
    _check_follows(role_ids, known_roles, categories, known_categories or {})
    via = get_channel(channel)
    normalised = via.normalise(address, settings.check_deliverability)
    via.check_target(normalised, settings)
    config = mail_config(settings)
    with settings.warehouse.connect() as con:
        con.execute("BEGIN")
        subscriber_id, status, nonce = store.upsert_subscriber(con, normalised, role_ids, channel, categories, country)
        if alert_on and status != "confirmed":  # a confirmed subscriber changes it on the manage page
            store.set_alert_on(con, subscriber_id, alert_on)
        queued = False
        if nonce and store.confirmations_since(con, normalised, CONFIRMATION_WINDOW) >= CONFIRMATIONS_PER_WINDOW:
            con.execute("ROLLBACK")
            raise SubscriptionError(
                f"{mask(normalised) if channel == 'email' else channel} was sent {CONFIRMATIONS_PER_WINDOW} "
                "confirmations in the last hour; try again later"
            )
        if nonce:
            token = make_token(config.secret, "confirm", subscriber_id, nonce)
            titles = [known_roles.get(r, r) for r in store.pending_roles(con, subscriber_id)]
            groups = [(c, (known_categories or {}).get(c, 0)) for c in follows.pending(con, subscriber_id)]
            message = via.render_confirm(config, subscriber_id, normalised, titles, token, categories=groups)
            queued = store.queue(
                con, None, subscriber_id, "confirm", message, f"confirm:{subscriber_id}:{nonce}", channel
            )
        con.execute("COMMIT")
    state = "pending" if nonce or status != "confirmed" else "confirmed"
    return {
        "subscriber_id": subscriber_id,
        "email": normalised,
        "channel": channel,
        "status": state,
        "confirmation_queued": queued,
    }


def _check_follows(
    role_ids: Sequence[str], known_roles: Mapping[str, str], categories: Sequence[str], known: Mapping[str, int]
) -> None:
    if not role_ids and not categories:
        raise SubscriptionError("nothing to follow: name a role id or a category")
    unknown = [r for r in role_ids if r not in known_roles]
    if unknown:
        raise SubscriptionError(f"unknown role id(s) {', '.join(unknown)}; valid: {', '.join(sorted(known_roles))}")
    strange = [c for c in categories if c not in known]
    if strange:
        raise SubscriptionError(f"unknown categories {', '.join(strange)}; valid: {'; '.join(sorted(known))}")


def confirm_view(settings: NotificationSettings, token: str, wait: float = 2.0) -> dict:
    """What a confirmation link would confirm (roles and categories awaiting it), for the page that asks; a
    read that changes nothing."""
    subscriber_id, nonce = read_token(settings.signing_secret(), "confirm", token)
    with settings.warehouse.read(wait=wait) as con:
        row = con.execute("SELECT email, confirm_nonce FROM subscribers WHERE id = ?", [subscriber_id]).fetchone()
        if row is None or (row[1] is not None and row[1] != nonce):
            raise SubscriptionError("this confirmation link was replaced by a newer one or no longer matches")
        return {
            "email": row[0],
            "roles": store.pending_roles(con, subscriber_id),
            "categories": follows.pending(con, subscriber_id),
        }


def confirm(settings: NotificationSettings, token: str) -> dict:
    subscriber_id, nonce = read_token(settings.signing_secret(), "confirm", token)
    with settings.warehouse.connect() as con:
        return {"subscriber_id": subscriber_id, "status": store.confirm(con, subscriber_id, nonce)}


def confirm_by_operator(settings: NotificationSettings, channel: str, address: str) -> dict:
    """The operator confirms a subscriber directly, where its channel allows it (a webhook receiver that cannot
    echo a token); never for e-mail, whose double opt-in only the address's owner completes."""
    via = get_channel(channel)
    if not via.operator_confirms:
        raise SubscriptionError(f"{channel} subscriptions are confirmed by their subscriber: {via.confirm_hint}")
    address = via.normalise(address)
    with settings.warehouse.connect() as con:
        row = con.execute(
            "SELECT id, confirm_nonce FROM subscribers WHERE email = ? AND channel = ?", [address, channel]
        ).fetchone()
        if row is None:
            raise SubscriptionError(f"no {channel} subscriber {address}; subscribe it first")
        return {"subscriber_id": row[0], "status": store.confirm(con, row[0], row[1])}


def manage_view(settings: NotificationSettings, token: str, wait: float = 2.0) -> dict:
    """What the manage link's subscriber follows; the token is the only key (no account). A read: it never
    takes the file from a writer, and waits at most `wait` seconds for one."""
    subscriber_id, _ = read_token(settings.signing_secret(), "manage", token)
    with settings.warehouse.read(wait=wait) as con:
        return {"subscriber_id": subscriber_id, **store.subscriptions_of(con, subscriber_id)}


def manage_apply(
    settings: NotificationSettings,
    token: str,
    keep: Sequence[str],
    alert_on: str,
    keep_categories: Sequence[str] = (),
) -> dict:
    """Stop following every role not in `keep` and every category not in `keep_categories`, and set how to be
    alerted. Adding goes through subscribe (and its confirmation), never through this page."""
    subscriber_id, _ = read_token(settings.signing_secret(), "manage", token)
    with settings.warehouse.connect() as con:
        con.execute("BEGIN")
        current = store.subscriptions_of(con, subscriber_id)
        for entry in current["roles"]:
            if entry["role_id"] not in keep:
                store.unsubscribe(con, subscriber_id, entry["role_id"])
        dropped = [c["category"] for c in current["categories"] if c["category"] not in keep_categories]
        if dropped:
            follows.stop(con, subscriber_id, dropped)
        store.set_alert_on(con, subscriber_id, alert_on)
        con.execute("COMMIT")
        return {"subscriber_id": subscriber_id, **store.subscriptions_of(con, subscriber_id)}


def unsubscribe_view(settings: NotificationSettings, token: str, wait: float = 2.0) -> dict:
    """What an unsubscribe link would stop (the address, and one role or everything), for the page that asks; a
    read that changes nothing."""
    secret = settings.signing_secret()
    purpose = token_purpose(secret, token, ("unsubscribe-role", "unsubscribe-all"))
    subscriber_id, role_id = read_token(secret, purpose, token)
    with settings.warehouse.read(wait=wait) as con:
        row = con.execute("SELECT email FROM subscribers WHERE id = ?", [subscriber_id]).fetchone()
    if row is None:
        raise SubscriptionError("this link no longer matches a subscription")
    return {"email": row[0], "role_id": role_id if purpose == "unsubscribe-role" else None}


def unsubscribe(settings: NotificationSettings, token: str) -> dict:
    secret = settings.signing_secret()
    purpose = token_purpose(secret, token, ("unsubscribe-role", "unsubscribe-all"))
    subscriber_id, role_id = read_token(secret, purpose, token)
    with settings.warehouse.connect() as con:
        was_active = store.unsubscribe(con, subscriber_id, role_id if purpose == "unsubscribe-role" else None)
    return {"subscriber_id": subscriber_id, "role_id": role_id, "scope": purpose, "was_active": was_active}


@dataclass(frozen=True)
class AlertPlan:
    """A run's alerts, decided: the category follows that change, the scores each subscriber is now told (the
    ratchet) and one rendered digest per subscriber. Written inside the run's transaction (write_alert_plan)."""

    run_id: int
    membership: follows.Membership = follows.Membership([], [])
    ratchet: Sequence[tuple] = ()
    digests: Sequence[tuple[int, Rendered, str, str]] = ()  # (subscriber id, message, dedupe key, channel)

    @property
    def queued(self) -> int:
        return len(self.digests)


def write_alert_plan(con: duckdb.DuckDBPyConnection, plan: AlertPlan) -> None:
    follows.apply(con, plan.membership)
    store.apply_ratchet(con, plan.run_id, plan.ratchet)
    store.queue_many(con, plan.run_id, "alert", plan.digests)


def plan_alerts(
    settings: NotificationSettings,
    run: RunInfo,
    scored: Sequence[ScoredRole],
    changes: Sequence[Change],
    bands: Mapping[str, float] | None = None,
) -> AlertPlan:
    """Decide this run's alerts (run: id, as_of, reason): the plan the run's transaction writes, with one digest
    per subscriber rendered by the subscriber's channel."""
    changes_by_role = {c.role_id: c for c in changes}
    with settings.warehouse.connect() as con:
        subscriptions = store.active_subscriptions(con, [row.role_id for row in scored], run.country)
        # Categories are followed in the US view (the listings' view): another country's run leaves them be.
        categories = {row.role_id: row.view.category for row in scored} if run.country == DEFAULT_COUNTRY else {}
        membership = follows.membership(con, categories)
    leaving = set(membership.leaving)
    subscriptions = [s for s in subscriptions if (s.subscriber_id, s.role_id) not in leaving] + membership.joining
    if not subscriptions and not leaving:
        return AlertPlan(run.id)
    config = mail_config(settings)
    roles = {
        row.role_id: RoleNow(
            role_id=row.role_id,
            title=row.title,
            aijri=row.score.aijri,
            aijri_display=row.score.aijri_display,
            zone=row.score.zone,
            label=row.score.label,
            causes=changes_by_role[row.role_id].causes if row.role_id in changes_by_role else [],
            evidence_status={e.dimension: e.status for e in row.evidence},
            draft_note=row.draft_note,
            market_band=(bands or {}).get(row.role_id, 0.0),
            confidence_band=(row.confidence_band.low, row.confidence_band.high) if row.confidence_band else None,
        )
        for row in scored
    }
    evidence = {row.role_id: {e.dimension: e for e in row.evidence} for row in scored}
    moves, updates = decide(subscriptions, roles, settings.alert_min_points)
    by_subscriber = defaultdict(list)
    for move in moves:
        by_subscriber[move.subscription.subscriber_id].append(move)
    items = []
    for sid, group in by_subscriber.items():
        subscription = group[0].subscription
        causes = {m.now.role_id: plain_causes(m.now.causes, evidence[m.now.role_id], run.reason) for m in group}
        message = get_channel(subscription.channel).render_digest(config, run, sid, subscription.email, group, causes)
        items.append((sid, message, f"alert:{run.id}:{sid}", subscription.channel))

    return AlertPlan(run.id, membership, updates, items)


def delivery_config(settings: NotificationSettings) -> DeliveryConfig:
    return DeliveryConfig(
        settings.smtp_rate,
        settings.smtp_per_connection,
        suppress_after=settings.suppress_after,
        mark_every=settings.smtp_mark_every,
        deadline=settings.send_deadline,
        channel_breaker_after=settings.channel_breaker_after,
    )


def send_due(
    settings: NotificationSettings, *, kinds: tuple[str, ...] | None = None, lock_held: bool = False
) -> DeliveryReport:
    """Deliver what is due on every channel. Each write is a short transaction: under the caller's writer
    lock (a run), or taking the lock briefly for each one (`jobzone send`)."""
    hold = nullcontext if lock_held else (lambda: settings.warehouse.lock("send", wait=SEND_LOCK_WAIT))
    transports = {name: (lambda channel=channel: channel.transport(settings)) for name, channel in CHANNELS.items()}

    def on_echo(channel: str, raw: bytes, reply: str) -> None:
        token = get_channel(channel).echoed_token(raw, reply)
        if token:
            with hold():
                confirm(settings, token)

    return deliver_due(settings.warehouse, transports, delivery_config(settings), kinds, hold, on_echo)


def send_test_mail(settings: NotificationSettings, address: str) -> str:
    config = mail_config(settings)
    transport = transport_for(settings)
    message = render_test(
        config, get_channel("email").normalise(address), transport.describe(), dt.datetime.now().isoformat()
    )
    try:
        transport.open()
        transport.send(message.to_addr, message.raw, message.message_id)
    except (Deferred, Refused, Unreachable) as exc:
        raise DeliveryError(
            f"test message to {message.to_addr} not delivered via {transport.describe()}: {exc}"
        ) from None
    finally:
        transport.close()
    return transport.describe()
