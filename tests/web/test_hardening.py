"""The web server as an attacker and an unlucky user would meet it (hardening items 3, 7-11, 15), against the
real `jobzone web` process."""

import re
import subprocess
import sys
import time

import requests

from tests.conftest import REPO
from tests.helpers import CI_CD, cli, edit_task_score, subscribe_confirmed, subscriptions, wait_for_mail

HOLD_FILE = """
import sys, time
from warehouse.db import write_connection
with write_connection(sys.argv[1]) as con:
    print("open", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def form_token(session, server) -> str:
    page = session.get(f"{server}/roles/mlops-engineer").text
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def test_security_headers_on_pages_api_and_errors(server):
    for path in ("/", "/roles/mlops-engineer", "/api/roles", "/roles/nobody"):
        headers = requests.get(f"{server}{path}").headers
        policy = headers["Content-Security-Policy"]
        assert (
            "frame-ancestors 'none'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
        )
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "no-referrer"
        assert "Strict-Transport-Security" not in headers  # base URL is http here


def test_head_never_changes_state(server, smtp, site_env):
    subscribe_confirmed(server, smtp, site_env)
    edit_task_score(site_env_roles(site_env), CI_CD, 4, 5)
    cli(site_env, "rerun", "--reason", "tool release")
    digest = smtp.recorder.messages[-1]
    one_click = re.search(r"<(http[^>]+)>", digest["List-Unsubscribe"]).group(1)
    response = requests.head(one_click, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert subscriptions(site_env)[0]["roles"] == ["mlops-engineer"]  # still subscribed


def site_env_roles(site_env):
    from pathlib import Path

    return Path(site_env["JOBZONE_ROLES"])


def test_resubscribing_after_unsubscribe_needs_a_fresh_confirmation(server, smtp, site_env):
    subscribe_confirmed(server, smtp, site_env, "victim@example.org")
    # The victim unsubscribes with the one-click link of a digest ...
    edit_task_score(site_env_roles(site_env), CI_CD, 4, 5)
    cli(site_env, "rerun", "--reason", "tool release")
    one_click = re.search(r"<(http[^>]+)>", smtp.recorder.messages[-1]["List-Unsubscribe"]).group(1)
    requests.post(one_click, data={"List-Unsubscribe": "One-Click"})
    # ... and an attacker re-subscribes the address: nothing is active until the victim confirms again.
    sent = len(smtp.recorder.messages)
    attacker = requests.Session()
    attacker.post(
        f"{server}/subscribe",
        data={"csrf": form_token(attacker, server), "email": "victim@example.org", "role_id": "mlops-engineer"},
    )
    (row,) = subscriptions(site_env)
    assert row["status"] == "pending" and not row["roles"] and row["pending_roles"] == ["mlops-engineer"]
    edit_task_score(site_env_roles(site_env), CI_CD, 5, 4)
    cli(site_env, "rerun", "--reason", "rolled back")
    cli(site_env, "send")
    wait_for_mail(smtp, sent + 1)
    subjects = [m["Subject"] for m in smtp.recorder.messages[sent:]]
    assert subjects == ["jobzone: confirm your updates"]  # no alert, only a confirmation


def test_subscribe_only_queues_even_with_a_backlog_and_a_silent_mail_server(site_env):
    from tests.web.conftest import web_process

    silent = {**site_env, "JOBZONE_SMTP_URL": "smtp://127.0.0.1:9"}  # nothing answers there
    cli(silent, "run", "--skip-ingest")
    cli(silent, "subscribe", "backlog@example.org", "mlops-engineer")
    with web_process(silent) as server:
        session = requests.Session()
        started = time.monotonic()
        response = session.post(
            f"{server}/subscribe",
            data={"csrf": form_token(session, server), "email": "new@example.org", "role_id": "mlops-engineer"},
        )
        took = time.monotonic() - started
        time.sleep(2)  # the background sender tries the silent server meanwhile
        assert requests.get(f"{server}/api/roles").status_code == 200  # and the site keeps answering
    assert response.status_code == 200 and took < 5  # the request only queued: delivery is the sender's
    outbox = cli(site_env, "outbox", "--json").stdout
    assert '"queued": 2' in outbox and '"sent": 0' in outbox  # kept for the next try, none lost


def test_international_addresses_get_the_same_neutral_answer(server, site_env):
    answers = set()
    for address in ("a@münchen.de", "a@xn--mnchen-3ya.de", "jörg@example.org", "not-an-address"):
        session = requests.Session()
        response = session.post(
            f"{server}/subscribe",
            data={"csrf": form_token(session, server), "email": address, "role_id": "mlops-engineer"},
        )
        answers.add((response.status_code, "Check your inbox" in response.text))
    assert answers == {(200, True)}
    emails = [row["email"] for row in subscriptions(site_env)]
    assert emails == ["a@xn--mnchen-3ya.de"]  # one subscriber, ASCII domain


def test_an_invalid_role_file_does_not_take_the_site_down(server, site_env):
    roles = site_env_roles(site_env)
    (roles / "broken.toml").write_text("id = 'broken'\n")
    (roles / "mlops-engineer.toml").write_text(
        (roles / "mlops-engineer.toml").read_text().replace('title = "MLOps Engineer"', "title = ")[:500]
    )
    assert requests.get(f"{server}/").status_code == 200
    page = requests.get(f"{server}/roles/mlops-engineer")
    assert page.status_code == 200 and "42.6" in page.text  # what is stored
    assert requests.get(f"{server}/api/roles").json()["roles"][0]["aijri"] == 42.6


def test_a_locked_warehouse_is_a_503_never_another_number(server, site_env):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_FILE, site_env["JOBZONE_DB"], "8"], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        api = requests.get(f"{server}/api/roles", timeout=15)
        page = requests.get(f"{server}/roles/mlops-engineer", timeout=15)
    finally:
        holder.kill()
        holder.wait()
    assert api.status_code == 503 and api.headers["Retry-After"] == "30" and "42.6" not in api.text
    assert page.status_code == 503 and "Scores unavailable" in page.text and "42.6" not in page.text
    assert requests.get(f"{server}/api/roles").status_code == 200  # and back once it is free


def test_a_manage_page_waiting_for_a_writer_holds_up_no_other_page(server, site_env):
    """GET /manage reads (never takes the file), and its wait runs off the event loop."""
    from concurrent.futures import ThreadPoolExecutor

    from notifications.tokens import make_token

    cli(site_env, "subscribe", "reader@example.org", "mlops-engineer")
    manage = f"{server}/manage?token={make_token(site_env['JOBZONE_SECRET'], 'manage', 1)}"
    assert requests.get(manage).status_code == 200
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_FILE, site_env["JOBZONE_DB"], "12"], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with ThreadPoolExecutor(4) as pool:
            waiting = [pool.submit(requests.get, manage, timeout=30) for _ in range(3)]
            time.sleep(0.2)  # the manage requests are waiting for the file now
            started = time.monotonic()
            other = requests.get(f"{server}/api/roles", timeout=30)
            other_took = time.monotonic() - started
            answers = [future.result() for future in waiting]
    finally:
        holder.kill()
        holder.wait()
    # each request waits its own 2 s for the file, side by side: before, they queued behind each other (~12 s)
    assert other.status_code == 503 and other_took < 6
    assert {answer.status_code for answer in answers} == {503}
    assert all("try again" in answer.text for answer in answers)
    assert requests.get(manage).status_code == 200


def test_a_follow_form_of_too_many_roles_is_refused_not_cut(server, site_env):
    """925 ids used to be cut to 500 without a word."""
    session = requests.Session()
    ids = ["mlops-engineer"] + [f"role-{n}" for n in range(600)]
    response = session.post(
        f"{server}/subscribe", data={"csrf": form_token(session, server), "email": "many@example.org", "role_id": ids}
    )
    assert response.status_code == 400 and "at most 500 roles (601 were sent)" in response.text
    assert subscriptions(site_env) == []  # nothing stored
