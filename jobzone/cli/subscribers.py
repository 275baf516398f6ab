"""Subscriber and mail commands: subscribe, confirm, unsubscribe, subscribers, outbox, send, preview, test-mail."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from jobzone.cli.app import DB_OPTION, JSON_OPTION, app, db_path
from jobzone.cli.output import console, print_json, print_table


def _settings(db):
    from jobzone.settings import load_settings

    return load_settings(db=db)


def _locked(settings, purpose: str):
    from warehouse.lock import WriterLock

    return WriterLock(settings.db, purpose=purpose)


@app.command()
def subscribe(
    targets: List[str] = typer.Argument(
        ...,
        metavar="[EMAIL] ROLE_ID...",
        help="The subscriber's address, then role ids to follow (with --webhook: role ids only).",
    ),
    webhook: Optional[str] = typer.Option(
        None, "--webhook", help="Follow with signed JSON POSTs to this URL instead of e-mail."
    ),
    db: Optional[Path] = DB_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Subscribe (pending) and queue its confirmation; nothing else is sent before it is confirmed."""
    from notifications.service import subscribe as do_subscribe
    from scoring.roles import role_titles

    address, role_ids = (webhook, targets) if webhook else (targets[0], targets[1:])
    if not role_ids:
        raise typer.BadParameter("name at least one role id to follow")
    settings = _settings(db)
    with _locked(settings, "subscribe"):
        result = do_subscribe(
            settings,
            address,
            role_ids,
            role_titles(settings.roles, with_seniority=True),
            "webhook" if webhook else "email",
        )
    if as_json:
        return print_json(result)
    state = "already confirmed" if result["status"] == "confirmed" else "pending until confirmed"
    how = (
        "a confirmation POST whose reply echoes its token confirms it; or `jobzone confirm --webhook URL`"
        if webhook
        else "its confirmation link confirms it"
    )
    console.print(
        f"subscribed {result['email']} to {', '.join(role_ids)} ({state}); confirmation "
        f"{'queued' if result['confirmation_queued'] else 'not needed'} ({how}). "
        "Run `jobzone send` to deliver.",
        markup=False,
    )


@app.command()
def confirm(
    token: Optional[str] = typer.Argument(None, help="The token from the confirmation link."),
    webhook: Optional[str] = typer.Option(
        None, "--webhook", help="Confirm this webhook URL's pending subscriptions as the operator (no token needed)."
    ),
    db: Optional[Path] = DB_OPTION,
) -> None:
    """Confirm a subscription with its confirmation token, or (operator) a webhook by its URL."""
    from notifications.service import confirm as do_confirm
    from notifications.service import confirm_webhook

    if bool(token) == bool(webhook):
        raise typer.BadParameter("give either a TOKEN or --webhook URL")
    settings = _settings(db)
    with _locked(settings, "confirm"):
        do_confirm(settings, token) if token else confirm_webhook(settings, webhook)
    console.print("subscription confirmed")


@app.command()
def unsubscribe(
    token: str = typer.Argument(..., help="The token of an unsubscribe link (one role or all)."),
    db: Optional[Path] = DB_OPTION,
) -> None:
    """Unsubscribe with the token of an unsubscribe link; idempotent."""
    from notifications.service import unsubscribe as do_unsubscribe

    settings = _settings(db)
    with _locked(settings, "unsubscribe"):
        result = do_unsubscribe(settings, token)
    scope = f"role {result['role_id']}" if result["scope"] == "unsubscribe-role" else "all roles"
    console.print(f"unsubscribed from {scope}", markup=False)


@app.command()
def subscribers(db: Optional[Path] = DB_OPTION, as_json: bool = JSON_OPTION) -> None:
    """List subscribers with status and roles (addresses masked in the table; full in --json)."""
    from notifications.addresses import mask
    from notifications.store import list_subscribers
    from warehouse.db import read_connection

    with read_connection(db_path(db)) as con:
        rows = list_subscribers(con)
    if as_json:
        return print_json(rows)
    print_table(
        "Subscribers",
        ["id", "address", "status", "bounces", "roles"],
        [
            (
                r["id"],
                mask(r["email"]) + (f" ({r['channel']})" if r["channel"] != "email" else ""),
                r["status"],
                r["hard_bounces"],
                _roles_cell(r),
            )
            for r in rows
        ],
    )


def _roles_cell(row: dict) -> str:
    pending = f" (awaiting confirmation: {', '.join(row['pending_roles'])})" if row["pending_roles"] else ""
    return ", ".join(row["roles"] or []) + pending


@app.command()
def outbox(db: Optional[Path] = DB_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Queued / sent / failed counts, suppressed addresses and recent errors."""
    from notifications.addresses import mask
    from notifications.store import outbox_summary
    from warehouse.db import read_connection

    with read_connection(db_path(db)) as con:
        summary = outbox_summary(con)
    if as_json:
        return print_json(summary)
    console.print(
        f"queued {summary['queued']}, sent {summary['sent']}, failed {summary['failed']}; "
        f"suppressed {len(summary['suppressed'])}",
        markup=False,
    )
    if summary["recent_errors"]:
        print_table(
            "Recent errors",
            ["id", "to", "status", "attempts", "error"],
            [(e["id"], mask(e["to"]), e["status"], e["attempts"], e["error"]) for e in summary["recent_errors"]],
        )


@app.command()
def send(db: Optional[Path] = DB_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Deliver what is due in the outbox with the configured transport (JOBZONE_SMTP_URL or .eml files)."""
    from dataclasses import asdict

    from notifications.service import send_due, transport_for

    settings = _settings(db)
    report = send_due(settings)  # takes the writer lock only for each short write
    if as_json:
        return print_json(asdict(report))
    console.print(
        f"sent {report.sent}, retry later {report.retried}, failed {report.failed}, "
        f"left queued {report.left_queued} (mail via {transport_for(settings).describe()})",
        markup=False,
    )
    for error in report.errors:
        console.print(f"  {error}", markup=False)


@app.command()
def preview(
    role_id: str = typer.Argument(..., help="Role id."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write the .eml here instead of stdout."),
    db: Optional[Path] = DB_OPTION,
) -> None:
    """Render the alert a subscriber would get for a role's latest move (its last two scores), without sending."""
    from notifications.preview import preview_message

    message = preview_message(_settings(db), role_id)
    if out:
        out.write_bytes(message.raw)
        console.print(f"wrote {out}", markup=False)
    else:
        print(message.raw.decode("utf-8", errors="replace"))


@app.command("test-mail")
def test_mail(address: str = typer.Argument(..., help="Where to send the test message.")) -> None:
    """Send one test message with the configured transport."""
    from notifications.service import send_test_mail

    console.print(f"test message sent via {send_test_mail(_settings(None), address)}", markup=False)
