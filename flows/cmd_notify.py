"""Subscriber and mail commands: subscribe, confirm, unsubscribe, subscribers, outbox, send, preview, test-mail."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from flows.cli_app import DB_OPTION, JSON_OPTION, app, db_path
from flows.output import console, print_json, print_table


def _settings(db):
    from flows.settings import load_settings

    return load_settings(db=db)


def _locked(settings, purpose: str):
    from warehouse.lock import WriterLock

    return WriterLock(settings.db, purpose=purpose)


@app.command()
def subscribe(email: str = typer.Argument(..., help="The subscriber's address."),
              role_ids: List[str] = typer.Argument(..., help="Role ids to follow."),
              db: Optional[Path] = DB_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Subscribe an address (pending) and queue its confirmation mail; nothing is sent before it confirms."""
    from notifications.service import subscribe as do_subscribe
    from scoring.roles import role_titles

    settings = _settings(db)
    with _locked(settings, "subscribe"):
        result = do_subscribe(settings, email, role_ids, role_titles(settings.roles, with_seniority=True))
    if as_json:
        return print_json(result)
    state = "already confirmed" if result["status"] == "confirmed" else "pending until confirmed"
    console.print(f"subscribed {result['email']} to {', '.join(role_ids)} ({state}); "
                  f"confirmation mail {'queued' if result['confirmation_queued'] else 'not needed'}. "
                  "Run `jobzone send` to deliver.", markup=False)


@app.command()
def confirm(token: str = typer.Argument(..., help="The token from the confirmation link."),
            db: Optional[Path] = DB_OPTION) -> None:
    """Confirm a subscription with the token of its confirmation link."""
    from notifications.service import confirm as do_confirm

    settings = _settings(db)
    with _locked(settings, "confirm"):
        do_confirm(settings, token)
    console.print("subscription confirmed")


@app.command()
def unsubscribe(token: str = typer.Argument(..., help="The token of an unsubscribe link (one role or all)."),
                db: Optional[Path] = DB_OPTION) -> None:
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
    print_table("Subscribers", ["id", "address", "status", "hard bounces", "roles"],
                [(r["id"], mask(r["email"]), r["status"], r["hard_bounces"], ", ".join(r["roles"] or [])) for r in rows])


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
    console.print(f"queued {summary['queued']}, sent {summary['sent']}, failed {summary['failed']}; "
                  f"suppressed {len(summary['suppressed'])}", markup=False)
    if summary["recent_errors"]:
        print_table("Recent errors", ["id", "to", "status", "attempts", "error"],
                    [(e["id"], mask(e["to"]), e["status"], e["attempts"], e["error"]) for e in summary["recent_errors"]])


@app.command()
def send(db: Optional[Path] = DB_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Deliver what is due in the outbox with the configured transport (JOBZONE_SMTP_URL or .eml files)."""
    from dataclasses import asdict

    from notifications.service import send_due, transport_for

    settings = _settings(db)
    with _locked(settings, "send"):
        report = send_due(settings)
    if as_json:
        return print_json(asdict(report))
    console.print(f"sent {report.sent}, retry later {report.retried}, failed {report.failed} "
                  f"via {transport_for(settings).describe()}", markup=False)
    for error in report.errors:
        console.print(f"  {error}", markup=False)


@app.command()
def preview(role_id: str = typer.Argument(..., help="Role id."),
            out: Optional[Path] = typer.Option(None, "--out", help="Write the .eml here instead of stdout."),
            db: Optional[Path] = DB_OPTION) -> None:
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
