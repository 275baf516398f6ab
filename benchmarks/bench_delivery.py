"""Benchmark: render and deliver N digests to a local aiosmtpd (in its own process), against a bare smtplib loop
sending the same pre-rendered messages over one connection."""

from __future__ import annotations

import argparse
import multiprocessing
import smtplib
import socket
import tempfile
import time
from pathlib import Path

from common import report

SECRET = "benchmark-secret-0123456789abcdefghij"


class Sink:
    async def handle_DATA(self, server, session, envelope):
        return "250 OK"


def serve(port: int, ready) -> None:
    from aiosmtpd.controller import Controller

    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    while True:
        time.sleep(3600)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=10_000)
    args = parser.parse_args()
    from jobzone.settings import Settings
    from notifications import service, store
    from notifications.ratchet import Move, RoleNow, Subscription
    from notifications.render import MailConfig, render_digest
    from warehouse.db import write_connection

    port, ready = free_port(), multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(port, ready), daemon=True)
    server.start()
    ready.wait(30)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            db=Path(tmp) / "b.duckdb",
            secret=SECRET,
            smtp_url=f"smtp://127.0.0.1:{port}",
            smtp_rate=0,
            smtp_per_connection=args.messages + 1,
        )
        config = MailConfig(settings.mail_from, settings.base_url, SECRET)
        start = time.perf_counter()
        rendered = []
        for i in range(args.messages):
            sub = Subscription(i + 1, f"reader{i}@example.org", "mlops-engineer", 1, 42.6, "Yellow", "Yellow (Urgent)")
            now = RoleNow("mlops-engineer", "MLOps Engineer", 48.3, "48.3", "Green", "Green (Transforming)")
            rendered.append(
                render_digest(
                    config,
                    2,
                    i + 1,
                    sub.email,
                    "Claude 5 released",
                    [Move(sub, now)],
                    {"mlops-engineer": ["Reassessed after: Claude 5 released: task 'X' automation 3 → 2"]},
                )
            )
        rows.append((f"render {args.messages} digests", time.perf_counter() - start))
        start = time.perf_counter()
        with write_connection(settings.db) as con:
            store.queue_many(con, 2, "alert", [(i + 1, m, f"alert:2:{i + 1}") for i, m in enumerate(rendered)])
        rows.append(("queue in the outbox", time.perf_counter() - start))
        start = time.perf_counter()
        delivered = service.send_due(settings)
        outbox_seconds = time.perf_counter() - start
        rows.append((f"jobzone send ({delivered.sent} sent)", outbox_seconds))
        start = time.perf_counter()
        bare = smtplib.SMTP("127.0.0.1", port)
        for message in rendered:
            bare.sendmail(settings.mail_from, [message.to_addr], message.raw)
        bare.quit()
        bare_seconds = time.perf_counter() - start
        rows.append(("bare smtplib loop, one connection", bare_seconds))
    server.terminate()
    ratio = bare_seconds / outbox_seconds  # same message count: the ratio of messages per second
    report(
        "delivery",
        rows,
        {
            "messages": args.messages,
            "jobzone_msgs_per_s": round(args.messages / outbox_seconds, 1),
            "bare_msgs_per_s": round(args.messages / bare_seconds, 1),
            "ratio_to_bare": round(ratio, 3),
        },
        "delivery",
    )


if __name__ == "__main__":
    main()
