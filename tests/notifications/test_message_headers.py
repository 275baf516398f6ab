"""Every kind of message carries the headers RFC 5322 requires and the list headers of RFC 2369 / 2919 / 8058
parsed back as a receiver would."""

import datetime as dt
import email
import re
from email.policy import default
from email.utils import parsedate_to_datetime

from notifications.render import MailConfig, render_confirm, render_digest, render_test
from tests.helpers import sample_move

CONFIG = MailConfig("jobzone <alerts@jobzone.test>", "https://jobzone.test", "s" * 32, "unsubscribe@jobzone.test")
MOVE = sample_move()


def parsed(rendered):
    return email.message_from_bytes(rendered.raw, policy=default)


def test_every_kind_of_message_has_the_required_headers():
    made = dt.datetime.now(dt.timezone.utc)
    kinds = {
        "confirm": render_confirm(CONFIG, 1, "a@example.org", ["R"], "token"),
        "digest": render_digest(CONFIG, 5, 1, "a@example.org", "a reason", [MOVE], {"r": ["why"]}),
        "test": render_test(CONFIG, "a@example.org", ".eml files", "salt"),
    }
    for kind, rendered in kinds.items():
        message = parsed(rendered)
        for name in ("From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Auto-Submitted"):
            assert len(message.get_all(name) or []) == 1, (kind, name)  # present, exactly once
        when = parsedate_to_datetime(message["Date"])
        assert when.tzinfo is not None and abs((when - made).total_seconds()) < 60, kind
        assert re.fullmatch(r"<jobzone\.[a-z]+\.\d+\.\d+\.[0-9a-f]{16}@jobzone\.test>", message["Message-ID"]), kind
        assert message["Auto-Submitted"] == "auto-generated" and message["To"] == "a@example.org"
        assert message.get_body(("plain",)) is not None and message.get_body(("html",)) is not None
    digest = parsed(kinds["digest"])
    assert digest["List-Id"] == "jobzone alerts <alerts.jobzone.test>"
    links = re.findall(r"<([^>]+)>", digest["List-Unsubscribe"])
    assert links[0].startswith("https://jobzone.test/unsubscribe?token=") and links[1].startswith("mailto:")
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_web_processs_sender_never_creates_a_warehouse(tmp_path):
    from web.delivery import ConfirmationSender
    from web.settings import WebSettings

    settings = WebSettings(db=tmp_path / "none.duckdb", secret="s" * 32)
    ConfirmationSender(settings).send_once()
    assert not settings.db.exists()
