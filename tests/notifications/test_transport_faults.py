"""Hardening of delivery: a relay that refuses jobzone itself fails no address, and a receiver that
answers slowly cannot hold `send` past its deadline."""

import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from notifications import service
from tests.conftest import REPO
from warehouse.db import read_connection
from warehouse.lock import WriterLock

TITLES = {"mlops-engineer": "MLOps Engineer"}


def queue_confirmations(settings, count: int) -> None:
    with WriterLock(settings.db, "test"):
        for n in range(count):
            service.subscribe(settings, f"reader{n}@example.org", ["mlops-engineer"], TITLES)


def outbox_and_subscribers(settings) -> tuple[dict, dict]:
    with read_connection(settings.db) as con:
        outbox = dict(con.execute("SELECT status, count(*) FROM outbox GROUP BY 1").fetchall())
        people = dict(con.execute("SELECT status, count(*) FROM subscribers GROUP BY 1").fetchall())
    return outbox, people


def test_an_authentication_refusal_fails_no_address_and_delivers_once_fixed(settings, smtp):
    queue_confirmations(settings, 3)
    smtp.recorder.mail_from_reply = "530 5.7.0 Authentication required"
    for _ in range(3):  # before the fix, the second send suppressed every subscriber
        report = service.send_due(settings)
        assert (report.sent, report.failed, report.suppressed) == (0, 0, [])
        assert report.left_queued == 3 and "the relay refused jobzone itself (530 5.7.0" in report.errors[-1]
    assert outbox_and_subscribers(settings) == ({"queued": 3}, {"pending": 3})
    smtp.recorder.mail_from_reply = None  # the operator fixed the relay's credentials
    assert service.send_due(settings).sent == 3
    assert len(smtp.recorder.messages) == 3 and outbox_and_subscribers(settings)[0] == {"sent": 3}


def test_a_recipients_own_refusal_is_still_a_hard_bounce(settings, smtp):
    queue_confirmations(settings, 2)
    smtp.recorder.refuse["reader0@example.org"] = ["550 5.1.1 No such user"]
    report = service.send_due(settings)
    assert (report.sent, report.failed) == (1, 1) and "550 5.1.1" in report.errors[0]


def test_relaying_denied_for_every_recipient_is_the_clients_fault(settings, smtp):
    queue_confirmations(settings, 2)
    for n in range(2):
        smtp.recorder.refuse[f"reader{n}@example.org"] = ["554 5.7.1 <x>: Relay access denied"] * 3
    report = service.send_due(settings)
    assert (report.sent, report.failed, report.left_queued) == (0, 0, 2)
    assert outbox_and_subscribers(settings) == ({"queued": 2}, {"pending": 2})


class Trickle(BaseHTTPRequestHandler):
    """Answers 200 with Content-Length 100000, then one byte every 0.5 s (for at most 30 s)."""

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Length", "100000")
        self.end_headers()
        for _ in range(60):
            try:
                self.wfile.write(b"x")
                self.wfile.flush()
            except OSError:
                return  # the client gave up
            time.sleep(0.5)

    def log_message(self, *args):
        pass


@pytest.fixture
def trickling_receiver():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()


def test_a_trickling_webhook_receiver_cannot_hold_send_past_its_deadline(settings, trickling_receiver):
    settings = settings.model_copy(update={"webhook_timeout": 1.0, "channel_breaker_after": 2})
    with WriterLock(settings.db, "test"):
        for n in range(3):
            service.subscribe(settings, f"{trickling_receiver}?n={n}", ["mlops-engineer"], TITLES, "webhook")
    started = time.monotonic()
    report = service.send_due(settings)
    took = time.monotonic() - started
    # two attempts of at most 3 s each, then the breaker leaves the third for a later send (not 30 s or more)
    assert took < 20 and report.sent == 0 and report.left_queued == 1
    assert any("no complete answer within 3s" in error for error in report.errors)
    assert outbox_and_subscribers(settings)[0] == {"queued": 3}  # retried later, none failed


def test_a_full_disk_leaves_no_empty_or_cut_mail_file(tmp_path):
    """Finding 15: ENOSPC (here EFBIG past a file-size limit, in a child process) while writing a .eml."""
    script = (
        f"import resource, signal, sys\nsys.path.insert(0, {str(REPO)!r})\n"
        "from notifications.transport import FileTransport\nfrom notifications.channels.base import Unreachable\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\nresource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))\n"
        f"transport = FileTransport({str(tmp_path / 'outbox')!r})\ntransport.open()\n"
        "try:\n    transport.send('a@example.org', b'x' * 10000, '<m1@jobzone.local>')\n"
        "except Unreachable as exc:\n    print('retry later:', exc)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.stdout.startswith("retry later: cannot write to") and "File too large" in result.stdout
    assert list((tmp_path / "outbox").iterdir()) == []  # neither m1.eml nor a temporary file


def test_an_outbox_folder_that_cannot_be_made_and_a_bad_smtp_port_are_one_line(settings, tmp_path):
    from tests.helpers import jobzone

    queue_confirmations(settings, 1)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    env = {"JOBZONE_SECRET": "x" * 32, "JOBZONE_SMTP_URL": "", "JOBZONE_OUTBOX_DIR": str(blocker / "outbox")}
    result = jobzone("send", db=settings.db, roles=settings.roles, env=env, check=False)
    assert result.returncode == 1 and "cannot create the mail folder" in result.stderr, result.stderr
    env["JOBZONE_SMTP_URL"] = "smtp://user:secret@127.0.0.1:notaport"
    result = jobzone("send", db=settings.db, roles=settings.roles, env=env, check=False)
    assert result.returncode == 1 and "the port must be a number" in result.stderr
    assert "secret" not in result.stderr and "Traceback" not in result.stderr
