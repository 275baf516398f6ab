"""The subscriber journey in a real browser against a real server process and a real SMTP server."""

import re
import time

import requests
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.helpers import ARTIFACTS, cli, edit_task_score, link, subscribe_confirmed, subscriptions, wait_for_mail

CI_CD = "CI/CD for ML (model versioning, testing, promotion)"


def submit(browser, button_selector: str) -> str:
    """Click a form's button, wait for the next page, return its heading."""
    old = browser.find_element(By.TAG_NAME, "h1")
    browser.find_element(By.CSS_SELECTOR, button_selector).click()

    def navigated(_driver) -> bool:
        try:
            old.is_enabled()
            return False
        except WebDriverException:  # stale, or already gone from a newer document: the next page is there
            return True

    WebDriverWait(browser, 15).until(navigated)
    return browser.find_element(By.TAG_NAME, "h1").text


def press(browser, url: str) -> str:
    browser.get(url)
    assert "Press the button" in browser.page_source
    return submit(browser, "form button")


def test_subscribe_confirm_alert_unsubscribe(browser, server, smtp, site_env, roles_dir):
    browser.get(f"{server}/roles/mlops-engineer")
    assert browser.find_element(By.CSS_SELECTOR, "[data-testid=score]").text == "42.6"
    browser.find_element(By.ID, "email").send_keys("reader@example.org")
    assert submit(browser, "form[action='/subscribe'] button") == "Check your inbox"
    # no `jobzone send`: the web process delivers the confirmation by itself, within seconds
    confirmation = wait_for_mail(smtp, 1, timeout=15)
    assert confirmation["To"] == "reader@example.org"
    assert press(browser, link(confirmation, "/confirm")) == "Subscription confirmed"

    cli(site_env, "run", "--skip-ingest")  # baseline for the new subscriber
    edit_task_score(roles_dir, CI_CD, 4, 5)
    cli(site_env, "rerun", "--reason", "Claude 5 released")
    digest = wait_for_mail(smtp, 2)
    assert "MLOps Engineer: 42.6 -> 41.0" in digest.get_body(("plain",)).get_content()

    assert press(browser, link(digest, "/unsubscribe")) == "Unsubscribed"
    edit_task_score(roles_dir, CI_CD, 5, 4)
    cli(site_env, "rerun", "--reason", "rolled back")
    time.sleep(1)
    assert len(smtp.recorder.messages) == 2  # no further mail


def test_one_click_unsubscribe_and_a_get_that_changes_nothing(server, smtp, site_env, roles_dir):
    subscribe_confirmed(server, smtp, site_env)
    edit_task_score(roles_dir, CI_CD, 4, 5)
    cli(site_env, "rerun", "--reason", "tool release")
    digest = wait_for_mail(smtp, 2)
    one_click = re.search(r"<(http[^>]+)>", digest["List-Unsubscribe"]).group(1)
    assert requests.get(one_click).status_code == 200  # a link scanner's GET ...
    assert subscriptions(site_env)[0]["roles"] == ["mlops-engineer"]  # ... changes nothing
    response = requests.post(one_click, data={"List-Unsubscribe": "One-Click"})  # RFC 8058, no cookie, no CSRF
    assert response.status_code == 200
    assert subscriptions(site_env)[0]["roles"] in (None, [])
    again = requests.post(one_click, data={"List-Unsubscribe": "One-Click"})  # idempotent
    assert again.status_code == 200 and subscriptions(site_env)[0]["status"] == "unsubscribed"


def test_csrf_and_forged_tokens_are_refused(server, smtp, site_env):
    session = requests.Session()
    page = session.get(f"{server}/roles/mlops-engineer").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    form = {"email": "x@example.org", "role_id": "mlops-engineer"}
    assert session.post(f"{server}/subscribe", data=form).status_code == 403  # missing
    assert session.post(f"{server}/subscribe", data={**form, "csrf": csrf[:-3] + "abc"}).status_code == 403  # wrong
    assert requests.post(f"{server}/subscribe", data={**form, "csrf": csrf}).status_code == 403  # no cookie
    ok = session.post(f"{server}/subscribe", data={**form, "csrf": csrf})
    assert ok.status_code == 200 and "Check your inbox" in ok.text
    unknown = session.post(f"{server}/subscribe", data={**form, "email": "not-an-address", "csrf": csrf})
    assert unknown.status_code == 200 and "Check your inbox" in unknown.text  # same answer: no enumeration
    forged = session.post(f"{server}/confirm", data={"csrf": csrf, "token": "eyJzIjoxfQ.forged.signature"})
    assert forged.status_code == 400 and "did not work" in forged.text
    for _ in range(5):
        session.post(f"{server}/subscribe", data={**form, "csrf": csrf})
    assert session.post(f"{server}/subscribe", data={**form, "csrf": csrf}).status_code == 429  # rate limited


def test_script_in_a_role_title_is_escaped(browser, server, roles_dir, site_env):
    text = (roles_dir / "mlops-engineer.toml").read_text()
    (roles_dir / "evil.toml").write_text(
        text.replace('id = "mlops-engineer"', 'id = "evil"').replace(
            'title = "MLOps Engineer"', 'title = "<script>window.pwned = 1</script>Evil"'
        )
    )
    cli(site_env, "run", "--skip-ingest")  # pages show what is stored
    html = requests.get(f"{server}/roles/evil").text
    assert "<script>window.pwned" not in html and "&lt;script&gt;window.pwned = 1&lt;/script&gt;Evil" in html
    browser.get(f"{server}/roles/evil")
    assert browser.execute_script("return window.pwned === undefined")


CHART_TEXT = """
const texts = [...document.querySelectorAll('svg.waterfall text, svg.history text')];
const problems = texts.filter(t => t.getBoundingClientRect().height < 10)
  .map(t => 'too small: ' + t.textContent + ' ' + t.getBoundingClientRect().height.toFixed(1) + 'px');
const labels = [...document.querySelectorAll('svg.waterfall text.axis')].map(t => t.getBoundingClientRect());
for (let i = 1; i < labels.length; i++) {
  if (labels[i].left < labels[i - 1].right) problems.push('waterfall labels ' + (i - 1) + ' and ' + i + ' overlap');
}
return texts.length ? problems : ['no chart text found'];
"""


def chart_text_problems(browser) -> list[str]:
    """Chart labels rendered under 10 px high, or waterfall labels overlapping each other."""
    return browser.execute_script(CHART_TEXT)


def test_role_page_screenshots_and_waterfall_sums_to_the_score(browser, server):
    ARTIFACTS.mkdir(exist_ok=True)
    for name, (width, height) in {"desktop": (1280, 900), "phone": (390, 844)}.items():
        browser.set_window_size(width, height)
        browser.get(f"{server}/roles/mlops-engineer")
        browser.save_screenshot(str(ARTIFACTS / f"role-mlops-engineer-{name}-top.png"))
        total_height = browser.execute_script("return document.body.scrollHeight")
        browser.set_window_size(width, min(total_height + 120, 6000))
        path = ARTIFACTS / f"role-mlops-engineer-{name}.png"
        assert browser.save_screenshot(str(path)) and path.stat().st_size > 20_000
        overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name}: page is {overflow}px wider than the screen"
        assert chart_text_problems(browser) == [], name  # readable on a 390-px phone too
    shown = float(browser.find_element(By.CSS_SELECTOR, "[data-testid=score]").text)
    parts = browser.execute_script(
        "return [...document.querySelectorAll('svg.waterfall .bar')].map(b => [b.dataset.part, +b.dataset.value])"
    )
    values = dict(parts)
    assert round(values["base"] + values["evidence"] + values["barriers"] + values["growth"], 1) == shown
    assert round(values["total"], 1) == shown
    assert browser.find_element(By.CSS_SELECTOR, "[data-testid=label]").text == "Yellow (Urgent)"


def test_alert_screenshot(browser, tmp_path):
    """The HTML part of a digest as a mail client would show it (for the README and for review)."""
    import email
    from email.policy import default

    from notifications.render import MailConfig, render_digest
    from tests.helpers import sample_move

    config = MailConfig("jobzone <alerts@jobzone.local>", "http://127.0.0.1:8000", "screenshot-secret")
    move = sample_move(
        "mlops-engineer", told=41.0, now=36.3, title="MLOps Engineer", email="reader@example.org", told_run_id=50
    )
    causes = [
        "Reassessed after: Claude 5 released: AI tool maturity +0 → -1; "
        "task 'Model deployment & serving infrastructure' automation 3 → 4"
    ]
    raw = render_digest(
        config, 52, 1, "reader@example.org", "Claude 5 released", [move], {"mlops-engineer": causes}
    ).raw
    html = email.message_from_bytes(raw, policy=default).get_body(("html",)).get_content()
    page = tmp_path / "alert.html"
    page.write_text(html)
    browser.set_window_size(720, 620)
    browser.get(page.as_uri())
    assert "41.0 → 36.3" in browser.find_element(By.TAG_NAME, "body").text
    ARTIFACTS.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS / "alert.png"))


def test_the_confirm_unsubscribe_and_manage_pages_say_whose_what_and_where_it_stands(server, smtp, site_env):
    from notifications.tokens import make_token

    session = requests.Session()
    page = session.get(f"{server}/roles/mlops-engineer").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    session.post(f"{server}/subscribe", data={"csrf": csrf, "email": "two@example.org", "role_id": "mlops-engineer"})
    confirming = session.get(link(wait_for_mail(smtp, 1), "/confirm")).text
    assert "Updates for two@example.org" in confirming and "now <strong>42.6</strong> (Yellow (Urgent))" in confirming
    assert "These scores now are your starting point" in confirming  # the baseline, stated before confirming
    token = re.search(r'name="token" value="([^"]+)"', confirming).group(1)
    csrf = re.search(r'name="csrf" value="([^"]+)"', confirming).group(1)
    assert "Subscription confirmed" in session.post(f"{server}/confirm", data={"csrf": csrf, "token": token}).text

    (subscriber,) = subscriptions(site_env)
    secret = site_env["JOBZONE_SECRET"]
    manage = session.get(f"{server}/manage", params={"token": make_token(secret, "manage", subscriber["id"])}).text
    assert "now <strong>42.6</strong> (Yellow (Urgent)); last told 42.6 (Yellow)" in manage  # scores, and baseline
    role_link = make_token(secret, "unsubscribe-role", subscriber["id"], "mlops-engineer")
    asked = session.get(f"{server}/unsubscribe", params={"token": role_link}).text
    assert "Stop sending two@example.org updates about MLOps Engineer" in asked  # whose, and what it stops
    everything = session.get(
        f"{server}/unsubscribe", params={"token": make_token(secret, "unsubscribe-all", subscriber["id"])}
    )
    assert "Stop sending two@example.org every update from jobzone?" in everything.text
    assert subscriptions(site_env)[0]["status"] == "confirmed"  # the pages only asked
    forged = session.get(f"{server}/unsubscribe", params={"token": "x.y.z"})
    assert forged.status_code == 400 and "That link did not work" in forged.text
