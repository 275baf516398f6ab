"""A role page and the API in another country's view, against the real `jobzone web` and Debian chromium: the UK
page of registered nurses reads UK data (Indeed GB, ONS ASHE through the spine), says what is local and what is
the role's, links the other views, is axe-clean at 390 px, and the US page stays the default."""

import json
import re
from html import unescape

import pytest
import requests
from bs4 import BeautifulSoup

from scoring.countries import COUNTRIES
from sources.registry import SOURCES
from tests.helpers import ARTIFACTS, add_drafts, axe_violations, cli
from tests.smtp_server import SmtpServer
from tests.web.conftest import environment, web_process

ROLES = ("registered-nurses", "software-developers", "cashiers")


@pytest.fixture(scope="module")
def scored(tmp_path_factory, fixtures):
    """The environment of a warehouse holding one US and one GB run of three roles."""
    root = tmp_path_factory.mktemp("country-pages")
    roles = root / "roles"
    add_drafts(roles, *ROLES)
    with SmtpServer() as smtp:
        env = environment(root / "w.duckdb", roles, smtp.url)
        for country in ("US", "GB"):
            cli(env, "run", "--replay", str(fixtures), "--as-of", "2024-08-15", "--country", country)
        yield env


@pytest.fixture(scope="module")
def served(scored):
    with web_process(scored) as base:
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


def test_readings_of_pay_are_in_the_views_currency(served):
    uk = soup(f"{served}/roles/registered-nurses?country=GB").select_one('[data-testid="evidence"]')
    us = soup(f"{served}/roles/registered-nurses").select_one('[data-testid="evidence"]')
    read = [li.get_text(strip=True) for li in [*uk.select("li"), *us.select("li")] if "left out" not in li.get_text()]
    ashe, oews = [line for line in read if "ONS ASHE" in line], [line for line in read if "BLS OEWS" in line]
    assert ashe and all(re.search(r": £[\d,]+ \(\d{4}-\d\d-\d\d\) vs £[\d,]+ \(", line) for line in ashe), ashe
    assert oews and all(re.search(r": \$[\d,]+ \(.*\) vs \$[\d,]+ \(", line) for line in oews), oews
    postings = [line for line in read if "Indeed GB" in line]
    assert postings and not any("£" in line for line in postings)  # an index is not money


def test_the_listing_and_its_api_have_a_view_per_country(served):
    uk = soup(f"{served}/?country=GB")
    assert uk.h1.get_text(strip=True).endswith("in the United Kingdom")
    links = {a.get_text(strip=True): a["href"] for a in uk.select("table a")}
    assert links["Registered Nurses"] == "/roles/registered-nurses?country=GB" and len(links) == len(ROLES)
    nurses = next(tr for tr in uk.select("tbody tr") if "Registered Nurses" in tr.get_text())
    assert nurses.select_one("strong").get_text(strip=True) == "42.1"  # the GB view's score, not the US's
    views = {a.get_text(strip=True): a["href"] for a in soup(f"{served}/").select('[data-testid="countries"] a')}
    assert views == {"United Kingdom": "/?country=GB"}  # only the views with a run
    unscored = requests.get(f"{served}/", params={"country": "DE"}, timeout=30)
    assert unscored.status_code == 404 and "no scores in the view of Germany yet" in unescape(unscored.text)
    listed = requests.get(f"{served}/api/roles", params={"country": "GB"}, timeout=30).json()
    row = next(r for r in listed["roles"] if r["id"] == "registered-nurses")
    assert row["aijri"] == 42.1 and row["links"]["page"].endswith("/roles/registered-nurses?country=GB")
    history = requests.get(row["links"]["history"], timeout=30)
    assert [h["aijri"] for h in history.json()] == [42.1]
    assert requests.get(f"{served}/api/roles", params={"country": "DE"}, timeout=30).status_code == 404


def test_the_static_site_publishes_each_country_view_with_working_links(scored, tmp_path):
    out = tmp_path / "site"
    cli(scored, "site", str(out))
    assert (out / "index.gb.html").exists() and (out / "roles" / "registered-nurses.gb.html").exists()
    assert json.loads((out / "api" / "roles" / "registered-nurses.gb.json").read_text())["aijri"] == 42.1
    feed = (out / "roles" / "registered-nurses.gb.atom").read_text()
    assert "<title>jobzone: Registered Nurses (United Kingdom)</title>" in feed
    assert (out / "movers.gb.atom").exists() and (out / "categories" / "index.gb.html").exists()
    broken = []
    views = [
        out / "index.gb.html",
        out / "movers.gb.html",
        *out.glob("roles/*.gb.html"),
        *out.glob("categories/*.gb.html"),
    ]
    for page in [*views, out / "roles" / "registered-nurses.html"]:
        for a in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("a[href]"):
            href = a["href"].split("#")[0]
            if href and "://" not in href and not (page.parent / href).exists():
                broken.append((page.name, href))
    assert broken == []
    gb_nurses = BeautifulSoup((out / "roles" / "registered-nurses.gb.html").read_text(), "html.parser")
    views = {a.get_text(strip=True): a["href"] for a in gb_nurses.select('[data-testid="countries"] a')}
    assert views == {"United States": "../roles/registered-nurses.html"}
    refused = cli(scored, "site", str(tmp_path / "other"), "--countries", "DE", check=False)
    assert refused.returncode == 1 and "Germany has no run yet" in refused.stderr and "Traceback" not in refused.stderr
    only_us = tmp_path / "us"
    cli(scored, "site", str(only_us), "--countries", "US")
    assert (only_us / "index.html").exists() and not list(only_us.rglob("*.gb.*"))


def test_the_method_names_each_countrys_sources_with_their_licences(served):
    section = soup(f"{served}/methodology").select_one("#countries").find_parent("section")
    rows = {tr.td.get_text(strip=True): tr.get_text(" ", strip=True) for tr in section.select("tbody tr")}
    assert set(rows) == {f"{c.name} ({c.code})" for c in COUNTRIES.values()}
    assert "Open Government Licence v3.0" in rows["United Kingdom (GB)"] and "ONS ASHE" in rows["United Kingdom (GB)"]
    assert "not assessed: no occupation-level pay data" in rows["Germany (DE)"] and "CC BY 4.0" in rows["Germany (DE)"]
    assert all(name in SOURCES for c in COUNTRIES.values() for name in c.sources)


def test_categories_what_moved_and_the_feeds_have_a_view_per_country(served):
    uk = soup(f"{served}/categories?country=GB")
    assert uk.h1.get_text(strip=True) == "Categories in the United Kingdom"
    nav = {a.get_text(strip=True): a["href"] for a in uk.select("header nav a")}
    assert nav["Categories"] == "/categories?country=GB" and nav["What moved"] == "/movers?country=GB"
    first = uk.select_one("table a")["href"]
    assert first.startswith("/categories/") and first.endswith("?country=GB")
    category = soup(f"{served}{first}")
    assert all(a["href"].endswith("?country=GB") for a in category.select("table a"))
    assert category.select_one("form.follow") is None  # a category is followed in the US view, and says so
    assert category.select_one('[data-testid="category-follow-us"] a')["href"].startswith("/categories/")
    listed = requests.get(f"{served}/api/categories", params={"country": "GB"}, timeout=30).json()
    assert sum(c["roles"] for c in listed) == len(ROLES)
    assert requests.get(f"{served}/api/categories", params={"country": "DE"}, timeout=30).status_code == 404
    assert requests.get(f"{served}/categories", params={"country": "DE"}, timeout=30).status_code == 404
    moved = soup(f"{served}/movers?country=GB")
    assert moved.h1.get_text(strip=True) == "What moved, and why in the United Kingdom"
    assert moved.select_one('a[href^="/movers.atom"]')["href"] == "/movers.atom?country=GB"
    feed = requests.get(f"{served}/roles/registered-nurses.atom", params={"country": "GB"}, timeout=30)
    assert feed.status_code == 200 and "<title>jobzone: Registered Nurses (United Kingdom)</title>" in feed.text
    assert requests.get(f"{served}/movers.atom", params={"country": "GB"}, timeout=30).status_code == 200
    assert requests.get(f"{served}/movers.atom", params={"country": "XX"}, timeout=30).status_code == 404
    page = soup(f"{served}/roles/registered-nurses?country=GB")
    assert page.select_one('[data-testid="role-feed"]')["href"] == "/roles/registered-nurses.atom?country=GB"
