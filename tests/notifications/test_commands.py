"""The mail commands through the real CLI: subscribers (masked), outbox, preview, test-mail; a missing secret."""

import email
import json
from email.policy import default

from tests.helpers import SECRET, edit_task_score, jobzone


def env_for(settings) -> dict:
    return {
        "JOBZONE_SECRET": SECRET,
        "JOBZONE_SMTP_URL": settings.smtp_url.get_secret_value(),
        "JOBZONE_SMTP_RATE": "0",
    }


def test_subscribers_outbox_preview_and_test_mail(settings, smtp, roles_dir, tmp_path):
    env = env_for(settings)
    jobzone("run", "--skip-ingest", db=settings.db, roles=roles_dir, env=env)
    jobzone("subscribe", "Someone@Example.org", "mlops-engineer", db=settings.db, roles=roles_dir, env=env)
    table = jobzone("subscribers", db=settings.db, env=env).stdout
    assert "S***@example.org" in table and "Someone@example.org" not in table and "pending" in table
    assert (
        json.loads(jobzone("subscribers", "--json", db=settings.db, env=env).stdout)[0]["email"]
        == "Someone@example.org"
    )
    assert json.loads(jobzone("outbox", "--json", db=settings.db, env=env).stdout)["queued"] == 1
    assert "sent 1" in jobzone("send", db=settings.db, env=env).stdout
    assert json.loads(jobzone("outbox", "--json", db=settings.db, env=env).stdout)["sent"] == 1

    edit_task_score(roles_dir, "CI/CD for ML (model versioning, testing, promotion)", 4, 5)
    jobzone("rerun", "--reason", "new agent", db=settings.db, roles=roles_dir, env=env)
    out = tmp_path / "preview.eml"
    jobzone("preview", "mlops-engineer", "--out", str(out), db=settings.db, env=env)
    message = email.message_from_bytes(out.read_bytes(), policy=default)
    assert message["Subject"] == "jobzone: MLOps Engineer: 42.6 → 41.0, Yellow (Urgent)"
    assert "Reassessed after: new agent" in message.get_body(("plain",)).get_content()
    shown = jobzone("preview", "mlops-engineer", db=settings.db, env=env).stdout  # as a reader sees it
    assert shown.startswith("To: preview@example.invalid\nSubject: jobzone: MLOps Engineer: 42.6 → 41.0, Yellow")
    assert "Reassessed after: new agent" in shown and "=?utf-8?" not in shown and "Content-Type" not in shown
    assert len(smtp.recorder.messages) == 1  # preview sends nothing
    jobzone("rerun", "--reason", "nothing changed", db=settings.db, roles=roles_dir, env=env)
    still = jobzone("preview", "mlops-engineer", db=settings.db, env=env, check=False)
    assert still.returncode == 1 and "did not move between its last two scored runs" in still.stderr

    result = jobzone("test-mail", "ops@example.org", db=settings.db, env=env)
    assert f"via smtp://127.0.0.1:{smtp.controller.port}" in result.stdout
    assert smtp.recorder.messages[-1]["Subject"] == "jobzone: test message"


def test_subscribe_without_a_secret_fails_early_and_clearly(settings, roles_dir):
    result = jobzone(
        "subscribe",
        "a@example.org",
        "mlops-engineer",
        db=settings.db,
        roles=roles_dir,
        env={"JOBZONE_SECRET": ""},
        check=False,
    )
    assert result.returncode == 1 and result.stderr.startswith("error: JOBZONE_SECRET is not set")


def test_unknown_role_is_refused_with_the_valid_ones(settings, roles_dir):
    result = jobzone(
        "subscribe", "a@example.org", "astronaut", db=settings.db, roles=roles_dir, env=env_for(settings), check=False
    )
    assert result.returncode == 1 and "unknown role id(s) astronaut; valid: mlops-engineer" in result.stderr
