"""A role page and the API in another country's view, against the real `jobzone web` and Debian chromium: the UK
page of registered nurses reads UK data (Indeed GB, ONS ASHE through the spine), says what is local and what is
the role's, links the other views, is axe-clean at 390 px, and the US page stays the default."""

import shutil
from html import unescape

import pytest
import requests
from bs4 import BeautifulSoup

from tests.conftest import REPO
from tests.helpers import ARTIFACTS, axe_violations, cli
from tests.smtp_server import SmtpServer
from tests.web.conftest import environment, web_process

ROLES = ("registered-nurses", "software-developers", "cashiers")


@pytest.fixture(scope="module")
def served(tmp_path_factory, fixtures):
    root = tmp_path_factory.mktemp("country-pages")
    roles = root / "roles"
    roles.mkdir()
    for role_id in ROLES:
        shutil.copy(REPO / "roles" / "onet" / f"{role_id}.toml", roles)
    with SmtpServer() as smtp:
        env = environment(root / "w.duckdb", roles, smtp.url)
        for country in ("US", "GB"):
            cli(env, "run", "--replay", str(fixtures), "--as-of", "2024-08-15", "--country", country)
        with web_process(env) as base:
            yield base


def soup(url: str) -> BeautifulSoup:
    answer = requests.get(url, timeout=30)
    assert answer.status_code == 200, answer.text[:300]
    return BeautifulSoup(answer.text, "html.parser")


def test_the_uk_page_reads_uk_data_and_says_what_is_local(served):
    uk = soup(f"{served}/roles/registered-nurses?country=GB")
    us = soup(f"{served}/roles/registered-nurses")
    assert uk.h1.get_text(strip=True).endswith("(United Kingdom)") and "(" not in us.h1.get_text(strip=True)
    assert uk.select_one('[data-testid="score"]').get_text(strip=True) == "42.1"
    assert us.select_one('[data-testid="score"]').get_text(strip=True) != "42.1"
    note = uk.select_one('[data-testid="country-note"]').get_text(" ", strip=True)
    assert "pay from ONS ASHE median annual pay by UK SOC 2020" in note and "from US O*NET data" in note
    rows = uk.select('[data-testid="evidence"] tbody tr')
    text = " ".join(row.get_text(" ", strip=True) for row in rows)
    assert "Indeed GB nursing postings" in text and "UK median annual pay, SOC 2020 2237 (ONS ASHE)" in text
    assert "Indeed US" not in text and "OEWS" not in text
    plain = [row.select_one('[data-testid="plain-evidence"]').get_text(strip=True) for row in rows]
    assert any(p.startswith("Job postings for this work did 26.4% worse than all job postings") for p in plain)
    assert uk.select_one('[data-testid="paths-us"]') is not None  # paths are the US view's
    # the follow form follows this view: its runs alert the subscriber (tests/notifications/test_country_alerts.py)
    assert uk.select_one('form.follow input[name="country"]')["value"] == "GB"
    assert us.select_one('form.follow input[name="country"]') is None
    views = {a.get_text(strip=True): a["href"] for a in us.select('[data-testid="countries"] a')}
    assert views["United Kingdom"] == "/roles/registered-nurses?country=GB" and "United States" not in views


def test_the_api_answers_in_a_country_view_and_refuses_an_unknown_one(served):
    gb = requests.get(f"{served}/api/roles/registered-nurses", params={"country": "GB"}, timeout=30).json()
    us = requests.get(f"{served}/api/roles/registered-nurses", timeout=30).json()
    assert (gb["country"], gb["aijri"], us["country"]) == ("GB", 42.1, "US")
    wages = next(e for e in gb["evidence"] if e["dimension"] == "wage_trends")
    assert any("ONS ASHE" in line for line in wages["readings"]) and wages["plain"]
    refused = requests.get(f"{served}/api/roles/registered-nurses", params={"country": "XX"}, timeout=30)
    assert refused.status_code == 400 and "country must be one of US, GB, AU, CA, DE, FR" in refused.json()["error"]
    page = requests.get(f"{served}/roles/registered-nurses", params={"country": "XX"}, timeout=30)
    assert page.status_code == 404 and "choose one of US, GB, AU, CA, DE, FR" in page.text
    unscored = requests.get(f"{served}/roles/registered-nurses", params={"country": "DE"}, timeout=30)
    assert unscored.status_code == 404 and "no score for 'registered-nurses' in Germany yet" in unescape(unscored.text)


def test_the_uk_page_at_390_px_is_axe_clean(served, browser, axe_source):
    browser.set_window_size(390, 844)
    browser.get(f"{served}/roles/registered-nurses?country=GB")
    assert axe_violations(browser, axe_source) == []
    wide = browser.execute_script("return document.documentElement.scrollWidth")
    assert wide <= 390
    total = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(390, min(total, 16000))
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "role-registered-nurses-GB-390.png"))
