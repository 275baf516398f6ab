"""Subscriber and mail commands: subscribe, confirm, unsubscribe, subscribers, outbox, send, preview, test-mail."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from jobzone.cli.app import DB_OPTION, JSON_OPTION, app, db_path
from jobzone.cli.output import console, print_json, print_table
from jobzone.settings import Settings, load_settings
from notifications.channels import CHANNELS, get_channel

CHANNEL_TARGETS = ", ".join(f"{channel.target} for {name}" for name, channel in CHANNELS.items())


def _settings(db: Optional[Path]) -> Settings:
    return load_settings(db=db)


CHANNEL_HELP = f"How to reach the subscriber: {', '.join(CHANNELS)} (the first TARGET is its {CHANNEL_TARGETS})."


def _channel_and_target(channel: Optional[str], webhook: Optional[str], targets: list[str]) -> tuple[str, list[str]]:
    """(channel, [address, role ids...]): `--channel NAME TARGET ROLE...`, or the shorthands `EMAIL ROLE...` and
    `--webhook URL ROLE...`."""
    if webhook and channel not in (None, "webhook"):
        raise typer.BadParameter("--webhook is short for --channel webhook; give one of them")
    if webhook:
        return "webhook", [webhook, *targets]
    name = channel or "email"
    if name not in CHANNELS:
        raise typer.BadParameter(f"unknown channel {name!r}; known: {', '.join(CHANNELS)}")
    return name, targets


@app.command()
def subscribe(
    targets: List[str] = typer.Argument(
        ...,
        metavar="TARGET ROLE_ID...",
        help="The subscriber's address (an e-mail address, or with --channel webhook a URL), then role ids to follow.",
    ),
    channel: Optional[str] = typer.Option(None, "--channel", help=CHANNEL_HELP),
    webhook: Optional[str] = typer.Option(
        None, "--webhook", help="Shorthand for --channel webhook URL: follow with signed JSON POSTs to this URL."
    ),
    category: List[str] = typer.Option(
        [], "--category", help="Follow a category as such (repeatable): its roles now and any that join it later."
    ),
    db: Optional[Path] = DB_OPTION,
    as_json: bool = JSON_OPTION,
    country: str = typer.Option(
        "US", "--country", help="Follow the roles in this country's view (US, GB, AU, CA, DE, FR): its runs alert."
    ),
) -> None:
    """Subscribe (pending) and queue its confirmation; nothing else is sent before it is confirmed."""
    from jobzone.services import subscriptions

    name, (address, *role_ids) = _channel_and_target(channel, webhook, targets)
    if not role_ids and not category:
        raise typer.BadParameter("name at least one role id (or --category NAME) to follow")
    result = subscriptions.subscribe(
        _settings(db), address, role_ids, channel=name, categories=category, country=country
    )
    if as_json:
        return print_json(result)
    state = "already confirmed" if result["status"] == "confirmed" else "pending until confirmed"
    followed = [f"category {c}" for c in category] + role_ids
    console.print(
        f"subscribed {result['email']} to {', '.join(followed)} ({state}); confirmation "
        f"{'queued' if result['confirmation_queued'] else 'not needed'} ({get_channel(name).confirm_hint}). "
        "Run `jobzone send` to deliver.",
        markup=False,
    )


@app.command()
def confirm(
    token: Optional[str] = typer.Argument(None, help="The token from the confirmation link."),
    channel: Optional[str] = typer.Option(
        None, "--channel", help="With TARGET: confirm that subscriber as the operator, where its channel allows it."
    ),
    target: Optional[str] = typer.Option(None, "--target", help="The address to confirm with --channel."),
    webhook: Optional[str] = typer.Option(
        None, "--webhook", help="Shorthand for --channel webhook --target URL (no token needed)."
    ),
    db: Optional[Path] = DB_OPTION,
) -> None:
    """Confirm a subscription with its confirmation token, or (operator) a subscriber by channel and address."""
    from jobzone.services import subscriptions

    operator = (channel, target) if channel else ("webhook", webhook) if webhook else None
    if bool(token) == bool(operator) or (operator and not operator[1]):
        raise typer.BadParameter("give either a TOKEN, or --channel NAME --target ADDRESS (or --webhook URL)")
    settings = _settings(db)
    if operator:
        subscriptions.confirm_by_operator(settings, operator[0], str(operator[1]))
    else:
        subscriptions.confirm(settings, str(token))
    console.print("subscription confirmed")


@app.command()
def unsubscribe(
    token: str = typer.Argument(..., help="The token of an unsubscribe link (one role or all)."),
    db: Optional[Path] = DB_OPTION,
) -> None:
    """Unsubscribe with the token of an unsubscribe link; idempotent."""
    from jobzone.services import subscriptions

    result = subscriptions.unsubscribe(_settings(db), token)
    scope = f"role {result['role_id']}" if result["scope"] == "unsubscribe-role" else "all roles"
    console.print(f"unsubscribed from {scope}", markup=False)


@app.command()
def subscribers(db: Optional[Path] = DB_OPTION, as_json: bool = JSON_OPTION) -> None:
    """List subscribers with status and roles (addresses masked in the table; full in --json)."""
    from jobzone.services import reads
    from notifications.addresses import mask

    rows = reads.subscribers(db_path(db))
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
    categories = [f"category {c}" for c in row.get("categories") or []]
    return ", ".join(categories + (row["roles"] or [])) + pending


@app.command()
def outbox(db: Optional[Path] = DB_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Queued / sent / failed counts, suppressed addresses and recent errors."""
    from jobzone.services import reads
    from notifications.addresses import mask

    summary = reads.outbox(db_path(db))
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

    from jobzone.services import subscriptions
    from notifications.service import transport_for

    settings = _settings(db)
    report = subscriptions.send(settings)
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
    """Render the alert a subscriber would get for a role's latest move (its last two scores), without sending:
    its subject and text as a reader sees them (--out: the whole .eml, as it would be sent)."""
    from notifications.preview import preview_message, readable

    message = preview_message(_settings(db), role_id)
    if out:
        out.write_bytes(message.raw)
        console.print(f"wrote {out}", markup=False)
    else:
        console.print(readable(message), markup=False, highlight=False)


@app.command("test-mail")
def test_mail(address: str = typer.Argument(..., help="Where to send the test message.")) -> None:
    """Send one test message with the configured transport."""
    from notifications.service import send_test_mail

    console.print(f"test message sent via {send_test_mail(_settings(None), address)}", markup=False)
