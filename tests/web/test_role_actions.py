"""Role actions in a real browser (Debian chromium) at phone and desktop widths, axe-core clean: a drafted role's page
with what the role is, its band, its transition paths and the personal-score form; a transition card leads to
the compare page; a personal score that differs from the published one, server-side (a plain form post) and in
the static site (its small script), the two agreeing."""

import functools
import http.server
import re
import threading

import duckdb
import requests
from selenium.webdriver.common.by import By

from tests.helpers import ARTIFACTS, axe_violations, cli
from tests.web.test_catalogue_pages import arrived

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


def _axe_clean(browser, axe_source, where: str) -> None:
    assert axe_violations(browser, axe_source) == [], where


def _fits(browser, where: str) -> None:
    assert browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth") <= 0, where


def test_a_role_page_people_can_act_on_at_both_widths(catalogue_roles, server, site_env, browser, axe_source):
    stored = duckdb.connect(site_env["JOBZONE_DB"], read_only=True)
    (count,) = stored.execute("SELECT count(*) FROM role_transitions WHERE role_id = 'registered-nurses'").fetchone()
    stored.close()
    assert count >= 1  # computed once in the run, stored, served from the warehouse
    for device, size in WIDTHS.items():
        browser.set_window_size(*size)
        browser.get(f"{server}/roles/registered-nurses")
        context = browser.find_element(By.CSS_SELECTOR, "[data-testid=context]").text
        assert "O*NET Job Zone 4 (considerable preparation needed)" in context
        assert "Typical entry education\nBachelor's degree (BLS)" in context and "Social Perceptiveness" in context
        assert browser.find_element(By.CSS_SELECTOR, "[data-testid=band]").text.startswith("80% band ")
        published = browser.find_element(By.CSS_SELECTOR, "[data-testid=score]").text
        card = browser.find_element(By.CSS_SELECTOR, "[data-testid=path]")
        assert "Licensed Practical and Licensed Vocational Nurses" in card.text
        moved = re.search(r"score goes from (\d+\.\d) to (\d+\.\d)", card.text)
        assert moved and moved[1] == published and float(moved[2]) >= float(published) + 5  # clearly higher
        assert "% of your work is shared" in card.text
        card.find_element(By.TAG_NAME, "summary").click()  # the tasks kept, lost and gained, with their shares
        assert "Keep" in card.text and "Leave behind" in card.text and "Take on" in card.text and "%)" in card.text
        assert "Entry:" in card.text  # what the move asks beyond this role's own entry, or that it asks nothing more
        assert "more" in card.text  # the longest lists are cut to their first two tasks
        assert browser.find_elements(By.CSS_SELECTOR, "form.personal input[name=share_1]")
        _fits(browser, f"role page, {device}")
        browser.save_screenshot(str(ARTIFACTS / f"role-actions-{device}.png"))
        _axe_clean(browser, axe_source, f"role page, {device}")

    card.find_element(By.CSS_SELECTOR, "h3 a").click()  # the card leads to the compare page
    arrived(browser, "Tasks AI takes over")
    assert browser.current_url.endswith(
        "/compare/registered-nurses-vs-licensed-practical-and-licensed-vocational-nurses"
    )
    assert "evidence dimensions" in browser.page_source

    # A personal score without JavaScript: the form posts share_<n>; dropping the first task (automation 4) raises it.
    browser.get(f"{server}/roles/registered-nurses")
    first = browser.find_element(By.NAME, "share_1")
    first.clear()
    first.send_keys("0")
    browser.find_element(By.CSS_SELECTOR, "form.personal button").click()
    arrived(browser, "Your score as")
    mine = float(browser.find_element(By.CSS_SELECTOR, "[data-testid=personal-score]").text)
    assert mine != float(published) and browser.find_element(By.CSS_SELECTOR, "[data-testid=personal-band]").text
    for device, size in WIDTHS.items():
        browser.set_window_size(*size)
        _fits(browser, f"personal page, {device}")
        _axe_clean(browser, axe_source, f"personal page, {device}")


def test_the_static_site_computes_the_same_personal_score_in_the_browser(
    catalogue_roles, server, site_env, browser, tmp_path
):
    out = tmp_path / "site"
    cli(site_env, "site", str(out))
    assert (out / "personal.js").exists()
    page = (out / "roles" / "registered-nurses.html").read_text()
    assert 'href="../roles/licensed-practical-and-licensed-vocational-nurses.html"' in page  # a card, statically
    form = requests.get(f"{server}/roles/registered-nurses").text
    shares = {"share_1": "0", "share_2": "30"}
    count = form.count('name="share_')
    posted = {f"share_{n}": shares.get(f"share_{n}", "5") for n in range(1, count + 1)}
    served = requests.post(f"{server}/roles/registered-nurses/personal", data=posted).text
    served_score = served.split('data-testid="personal-score">', 1)[1].split("<", 1)[0]

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    static = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=static.serve_forever, daemon=True).start()
    try:
        browser.set_window_size(390, 844)
        browser.get(f"http://127.0.0.1:{static.server_address[1]}/roles/registered-nurses.html")
        # the eight largest tasks are listed; the reader opens the rest to give their time to every task
        browser.find_element(By.CSS_SELECTOR, "[data-testid=more-tasks] summary").click()
        for name, value in posted.items():
            box = browser.find_element(By.NAME, name)
            box.clear()
            box.send_keys(value)
        browser.find_element(By.CSS_SELECTOR, "#personal-form button").click()
        result = browser.find_element(By.CSS_SELECTOR, "[data-testid=personal-result]").text
        assert result.startswith(f"Your score: {served_score} / 100") and "80% band" in result
        assert served_score != page.split('data-testid="score">', 1)[1].split("<", 1)[0]  # not the published one
        box = browser.find_element(By.NAME, "share_1")
        box.clear()
        box.send_keys("250")
        browser.find_element(By.CSS_SELECTOR, "#personal-form button").click()
        assert (
            "task 1: the share of time must be a number from 0 to 100"
            in browser.find_element(By.CSS_SELECTOR, "[data-testid=personal-result]").text
        )
    finally:
        static.shutdown()
