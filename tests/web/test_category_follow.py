"""Following a category as such, in a real browser against a real server and a real SMTP server: the
confirmation arrives with no operator step and names the category, a role that joins the category later is
followed after the next run (and alerted on), and one that leaves it is followed no more."""

from selenium.webdriver.common.by import By

from notifications.tokens import make_token
from tests.helpers import SECRET, cli, edit_task_score, link, subscriptions, wait_for_mail
from tests.web.test_journey import CI_CD, submit

CATEGORY = "AI/ML Engineering"


def add_role(roles_dir, role_id: str, title: str, category: str = CATEGORY) -> None:
    """A second role in the reference role's category (its copy under another id and title)."""
    text = (roles_dir / "mlops-engineer.toml").read_text()
    text = text.replace('id = "mlops-engineer"', f'id = "{role_id}"').replace(
        'title = "MLOps Engineer"', f'title = "{title}"'
    )
    (roles_dir / f"{role_id}.toml").write_text(text.replace(f'category = "{CATEGORY}"', f'category = "{category}"'))


def test_a_category_follow_follows_the_roles_that_join_it(browser, server, smtp, site_env, roles_dir):
    browser.set_window_size(1280, 900)
    browser.get(f"{server}/categories/ai-ml-engineering")
    assert not browser.find_elements(By.CSS_SELECTOR, "form.follow input[name=role_id]")  # no fixed list of ids
    browser.find_element(By.ID, "email").send_keys("team@example.org")
    assert submit(browser, "form[action='/subscribe'] button") == "Check your inbox"
    confirmation = wait_for_mail(smtp, 1, timeout=15)  # no `jobzone send`: the web process delivers it
    text = confirmation.get_body(("plain",)).get_content()
    assert f"every role in {CATEGORY} (1 now, and any that join it later)" in text

    browser.get(link(confirmation, "/confirm"))
    confirming = browser.find_element(By.CSS_SELECTOR, "[data-testid=confirming]").text
    assert f"every role in {CATEGORY}, and any that join it later" in confirming  # says what it confirms
    assert submit(browser, "form button") == "Subscription confirmed"
    [subscriber] = subscriptions(site_env)
    assert subscriber["categories"] == [CATEGORY] and subscriber["status"] == "confirmed"

    add_role(roles_dir, "ml-platform-engineer", "ML Platform Engineer")
    cli(site_env, "run", "--skip-ingest")  # the category now holds two roles: both followed, baselines recorded
    manage = f"{server}/manage?token={make_token(SECRET, 'manage', subscriber['id'])}"
    browser.get(manage)
    followed = browser.find_element(By.CSS_SELECTOR, "[data-testid=via-1]").get_attribute("textContent")
    assert "ML Platform Engineer" in followed and "MLOps Engineer" in followed

    edit_task_score(roles_dir, CI_CD, 4, 5, role_id="ml-platform-engineer")
    cli(site_env, "rerun", "--reason", "Claude 5 released")
    digest = wait_for_mail(smtp, 2).get_body(("plain",)).get_content()
    assert "ML Platform Engineer: 42.6 -> 41.0" in digest and f"(in {CATEGORY}, a category you follow)" in digest
    assert "MLOps Engineer:" not in digest  # it did not move
    assert "Scored on market data as of " in digest  # which data, in the mail too

    add_role(roles_dir, "ml-platform-engineer", "ML Platform Engineer", category="Data Engineering")
    cli(site_env, "run", "--skip-ingest")  # it left the category: followed no more
    browser.get(manage)
    followed = browser.find_element(By.CSS_SELECTOR, "[data-testid=via-1]").get_attribute("textContent")
    assert "ML Platform Engineer" not in followed and "MLOps Engineer" in followed

    browser.find_element(By.ID, "keep-category-1").click()  # stop following the category on the manage page
    assert submit(browser, "form[action='/manage'] button") == "Saved"
    [subscriber] = subscriptions(site_env)
    assert not subscriber["categories"] and not subscriber["roles"]


def test_an_unknown_category_gets_the_same_answer_and_queues_nothing(server, smtp, site_env):
    import re

    import requests

    session = requests.Session()
    page = session.get(f"{server}/categories/ai-ml-engineering").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    answer = session.post(f"{server}/subscribe", data={"email": "x@example.org", "category": "Nope", "csrf": csrf})
    assert answer.status_code == 200 and "Check your inbox" in answer.text
    assert subscriptions(site_env) == []
    unknown = cli(site_env, "subscribe", "y@example.org", "--category", "Nope", check=False)
    assert (
        unknown.returncode != 0
        and "unknown categories Nope; valid: AI/ML Engineering" in unknown.stderr + unknown.stdout
    )
