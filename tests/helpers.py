"""Helpers shared by the tests (no test module imports another): the CLI in-process and as a process,
role-file edits, secrets and a free port."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import requests

from tests.conftest import REPO

ARTIFACTS = REPO / "test-artifacts"  # screenshots the browser tests save, for people to look at
SECRET = "test-secret-0123456789abcdefghijklmn"  # >= 32 characters, as jobzone requires
CI_CD = "CI/CD for ML (model versioning, testing, promotion)"


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def _env(db, roles, env) -> dict:
    full = {"JOBZONE_DB": str(db), "JOBZONE_PREFECT": "false", **(env or {})}
    if roles is not None:
        full["JOBZONE_ROLES"] = str(roles)
    return full


# 3: a run that scored every role while a source failed ("degraded"); a replayed run over the reference role is one,
# since the recordings hold no IT Jobs Watch or ONS page for it. Tests of that exit code pass check=False.
SUCCESS_CODES = (0, 3)


def jobzone(*args: str, db, roles=None, check: bool = True, env: dict | None = None) -> Result:
    """Run the real CLI entry point in this process (stdout, stderr and exit code captured), plainly."""
    from jobzone.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with (
        mock.patch.dict(os.environ, _env(db, roles, env)),
        mock.patch.object(sys, "argv", ["jobzone", *args]),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    result = Result(code, out.getvalue(), err.getvalue())
    if check and code not in SUCCESS_CODES:
        raise AssertionError(f"jobzone {' '.join(args)} failed ({code}):\n{result.stderr}")
    return result


def jobzone_command(*args: str) -> list[str]:
    """The real CLI as a command line (`python -m jobzone ...`), for tests that start it as its own process."""
    return [sys.executable, "-m", "jobzone", *args]


def jobzone_bare(*args: str, check: bool = False, timeout: float = 120) -> subprocess.CompletedProcess:
    """The CLI as its own process in this environment (exit code unchecked unless `check`)."""
    return subprocess.run(
        jobzone_command(*args), capture_output=True, text=True, cwd=REPO, check=check, timeout=timeout
    )


def quick_run(settings, kind: str = "nightly", reason: str | None = None):
    """One run of the pipeline on stored observations (no fetch), plainly; its RunReport."""
    from flows.pipeline import run_pipeline
    from flows.request import RunRequest

    return run_pipeline(settings, RunRequest(kind=kind, reason=reason, ingest=False))


def jobzone_process(
    *args: str, db, roles=None, check: bool = True, env: dict | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    """The CLI as its own process: for tests where the process boundary is the point (locks, kill -9)."""
    result = subprocess.run(
        jobzone_command(*args),
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, **_env(db, roles, env)},
        timeout=timeout,
    )
    if check and result.returncode not in SUCCESS_CODES:
        raise AssertionError(f"jobzone {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return result


def jobzone_json(*args: str, db, roles=None, env: dict | None = None):
    return json.loads(jobzone(*args, "--json", db=db, roles=roles, env=env).stdout)


def edit_task_score(roles_dir, task_name: str, old: int, new: int, role_id: str = "mlops-engineer") -> None:
    path = roles_dir / f"{role_id}.toml"
    text = path.read_text()
    block_start = text.index(f'name = "{task_name}"')
    block_end = text.index("[[tasks]]", block_start) if "[[tasks]]" in text[block_start:] else len(text)
    block = text[block_start:block_end].replace(f"score = {old}\n", f"score = {new}\n", 1)
    path.write_text(text[:block_start] + block + text[block_end:])


def add_drafts(folder: Path, *role_ids: str) -> None:
    """Copy these drafted roles (roles/onet/<id>.toml) into a roles folder, made if it is not there yet."""
    folder.mkdir(parents=True, exist_ok=True)
    for role_id in role_ids:
        shutil.copy(REPO / "roles" / "onet" / f"{role_id}.toml", folder / f"{role_id}.toml")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """The CLI as its own process with a whole environment (next to a running `jobzone web` or Prefect)."""
    result = subprocess.run(jobzone_command(*args), cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    if check and result.returncode not in SUCCESS_CODES:
        raise AssertionError(f"jobzone {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return result


# ---- web and mail ------------------------------------------------------------------------------------


def wait_for_mail(smtp, count: int, timeout: float = 20):
    deadline = time.monotonic() + timeout
    while len(smtp.recorder.messages) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(smtp.recorder.messages) >= count, f"expected {count} messages, got {len(smtp.recorder.messages)}"
    return smtp.recorder.messages[count - 1]


def link(message, path: str) -> str:
    text = message.get_body(("plain",)).get_content()
    return re.search(rf"(http://127\.0\.0\.1:\d+{path}\?token=\S+)", text).group(1)


def subscribe_confirmed(server, smtp, site_env, address="one@example.org"):
    session = requests.Session()
    page = session.get(f"{server}/roles/mlops-engineer").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    session.post(f"{server}/subscribe", data={"csrf": csrf, "email": address, "role_id": "mlops-engineer"})
    confirm_url = link(wait_for_mail(smtp, len(smtp.recorder.messages) or 1), "/confirm")
    page = session.get(confirm_url).text
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    assert "Subscription confirmed" in session.post(f"{server}/confirm", data={"csrf": csrf, "token": token}).text
    cli(site_env, "run", "--skip-ingest")
    return session


def subscriptions(site_env):
    return json.loads(cli(site_env, "subscribers", "--json").stdout)


# ---- notification records -------------------------------------------------------------------------------------


def sample_move(role_id: str = "r", *, told: float = 40.0, now: float = 30.0, title: str = "R", **subscription):
    """A Move of one Yellow (Urgent) role from `told` to `now` for subscriber 1 (override any Subscription field)."""
    from notifications.ratchet import Move, RoleNow, Subscription

    told_to = Subscription(
        **{
            "subscriber_id": 1,
            "email": "a@example.org",
            "role_id": role_id,
            "told_run_id": 1,
            "told_aijri": told,
            "told_zone": "Yellow",
            "told_label": "Yellow (Urgent)",
            **subscription,
        }
    )
    shown = f"{now:.1f}"
    return Move(
        told_to,
        RoleNow(role_id=role_id, title=title, aijri=now, aijri_display=shown, zone="Yellow", label="Yellow (Urgent)"),
    )


def axe_violations(browser, axe_source: str) -> list:
    """axe-core's WCAG 2 A / AA and best-practice violations of the page the browser shows: [id, impact, nodes]."""
    browser.execute_script(axe_source)
    return browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'best-practice']}})"
        ".then(r => done(r.violations.map(v => [v.id, v.impact, v.nodes.length])));"
    )


def locked_ingest(settings, *args, **options):
    """The ingest stage as a run calls it: under the writer lock, which its read-write connections require."""
    from flows.ingest import ingest

    with settings.warehouse.lock("ingest under test"):
        return ingest(settings, *args, **options)
