"""Benchmark: render and deliver N digests to a local aiosmtpd (in its own process), against a bare smtplib loop
sending the same pre-rendered messages over one connection."""

from __future__ import annotations

import argparse
import multiprocessing
import smtplib
import tempfile
import time
from pathlib import Path

from common import free_port, report, spread, timed_row

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    port, ready = free_port(), multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(port, ready), daemon=True)
    server.start()
    ready.wait(30)
    from notifications.render import MailConfig

    samples: dict[str, list[float]] = {}
    for _ in range(args.repeats):
        for name, seconds in one_round(args.messages, port, MailConfig).items():
            samples.setdefault(name, []).append(seconds)
    server.terminate()
    stats = {name: spread(values) for name, values in samples.items()}
    ratios = [bare / ours for bare, ours in zip(samples["bare smtplib loop, one connection"], samples["jobzone send"])]
    report(
        f"delivery of {args.messages} digests (median of {args.repeats})",
        [timed_row(name, s, places=3) for name, s in stats.items()],
        {
            "messages": args.messages,
            "repeats": args.repeats,
            "jobzone_msgs_per_s_median": round(args.messages / stats["jobzone send"]["median"], 1),
            "bare_msgs_per_s_median": round(args.messages / stats["bare smtplib loop, one connection"]["median"], 1),
            "ratio_to_bare": {key: round(value, 3) for key, value in spread(ratios).items()},
        },
        "delivery",
    )


def one_round(messages: int, port: int, MailConfig) -> dict[str, float]:
    """Render, queue and send `messages` digests through jobzone, then the same messages with bare smtplib."""
    from jobzone.settings import Settings
    from notifications import service, store
    from notifications.ratchet import Move, RoleNow, Subscription
    from notifications.render import render_digest
    from warehouse.db import write_connection

    seconds = {}
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            db=Path(tmp) / "b.duckdb",
            secret=SECRET,
            smtp_url=f"smtp://127.0.0.1:{port}",
            smtp_rate=0,
            smtp_per_connection=messages + 1,
        )
        config = MailConfig(settings.mail_from, settings.base_url, SECRET)
        start = time.perf_counter()
        rendered = []
        for i in range(messages):
            sub = Subscription(
                subscriber_id=i + 1,
                email=f"reader{i}@example.org",
                role_id="mlops-engineer",
                told_run_id=1,
                told_aijri=42.6,
                told_zone="Yellow",
                told_label="Yellow (Urgent)",
            )
            now = RoleNow(
                role_id="mlops-engineer",
                title="MLOps Engineer",
                aijri=48.3,
                aijri_display="48.3",
                zone="Green",
                label="Green (Transforming)",
            )
            moves = [Move(sub, now)]
            why = {"mlops-engineer": ["Reassessed after: Claude 5 released: task 'X' automation 3 → 2"]}
            rendered.append(render_digest(config, 2, i + 1, sub.email, "Claude 5 released", moves, why))
        seconds["render"] = time.perf_counter() - start
        start = time.perf_counter()
        with write_connection(settings.db) as con:
            store.queue_many(con, 2, "alert", [(i + 1, m, f"alert:2:{i + 1}", "email") for i, m in enumerate(rendered)])
        seconds["queue in the outbox"] = time.perf_counter() - start
        start = time.perf_counter()
        delivered = service.send_due(settings)
        seconds["jobzone send"] = time.perf_counter() - start
        assert delivered.sent == messages, delivered
        start = time.perf_counter()
        bare = smtplib.SMTP("127.0.0.1", port)
        for message in rendered:
            bare.sendmail(settings.mail_from, [message.to_addr], message.raw)
        bare.quit()
        seconds["bare smtplib loop, one connection"] = time.perf_counter() - start
    return seconds


if __name__ == "__main__":
    main()
