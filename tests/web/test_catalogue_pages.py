"""The site at catalogue scale, against the real `jobzone web` process and Debian chromium: search by the names
people use, categories, compare, movers and Atom feeds, with screenshots at phone and desktop widths."""

import re
import xml.etree.ElementTree as ElementTree
from html import unescape

import requests
from bs4 import BeautifulSoup
from selenium.webdriver.common.by import By

from tests.helpers import ARTIFACTS, axe_violations, cli
from web.api_models import RoleDetail, RolesPage

ATOM = "{http://www.w3.org/2005/Atom}"


def test_search_by_the_names_people_use(moved_site):
    server = moved_site.base
    rn = requests.get(f"{server}/search", params={"q": "RN"}).text
    first = rn[rn.index('id="results"') :]
    assert first[first.index('href="/roles/') + 13 :].startswith("registered-nurses")  # first of the results
    cook = requests.get(f"{server}/search", params={"q": "line cook"}).text
    assert "Cooks, Restaurant" in cook and "matched “Line Cook”" in cook
    assert "Bookkeeping, Accounting, and Auditing Clerks" in requests.get(f"{server}/search?q=bookkeeper").text
    assert "No role matches" in requests.get(f"{server}/search?q=zzzz").text


def test_categories_and_a_category_sorted_by_score_and_move(moved_site):
    moved = moved_site.base
    listing = requests.get(f"{moved}/categories").text
    assert "Healthcare Practitioners and Technical" in listing and "Food Preparation and Serving Related" in listing
    page = requests.get(f"{moved}/categories/healthcare-practitioners-and-technical").text
    assert page.index("Licensed Practical") < page.index("Registered Nurses")  # higher score first
    by_move = requests.get(f"{moved}/categories/healthcare-practitioners-and-technical?sort=move").text
    assert by_move.index("Registered Nurses") < by_move.index("Licensed Practical")  # the one that moved
    assert requests.get(f"{moved}/categories/no-such-thing").status_code == 404


def test_compare_two_roles(moved_site):
    server = moved_site.base
    page = requests.get(f"{server}/compare/registered-nurses-vs-cooks-restaurant").text
    assert 'Registered Nurses <span class="muted">vs</span> Cooks, Restaurant' in page
    assert "Tasks AI takes over" in page and "Tasks AI barely touches" in page and page.count("<polyline") == 2
    versus = requests.get(f"{server}/compare/mlops-engineer-vs-cooks-restaurant").text
    assert versus.count("(more resistant)") >= 3  # the reference role's evidence wins dimensions
    assert requests.get(f"{server}/compare/registered-nurses-vs-nobody").status_code == 404
    # all five sub-scores, the split of task time, "wins N of 5", and a "compare with..." box
    assert "Task resistance (6 - weighted automation)" in page and "Task time AI takes over" in page
    assert "on <strong>" in page and "of 5</strong> evidence dimensions" in page
    role_page = requests.get(f"{server}/roles/registered-nurses").text
    assert 'action="/compare"' in role_page and 'name="with"' in role_page
    found = requests.get(f"{server}/compare", params={"role": "registered-nurses", "with": "line cook"})
    assert found.url.endswith("/compare/registered-nurses-vs-cooks-restaurant") and found.status_code == 200
    nothing = requests.get(f"{server}/compare", params={"role": "registered-nurses", "with": "zzzzqqq"})
    assert nothing.status_code == 404 and "No role matches" in nothing.text


def test_movers_and_feeds(moved_site):
    moved = moved_site.base
    page = requests.get(f"{moved}/movers").text
    assert "Registered Nurses" in page and "Reassessed after: a model that charts and doses" in page
    for path in ("/movers.atom", "/roles/registered-nurses.atom"):
        response = requests.get(f"{moved}{path}")
        assert response.headers["Content-Type"].startswith("application/atom+xml")
        feed = ElementTree.fromstring(response.content)
        entries = feed.findall(f"{ATOM}entry")
        assert feed.tag == f"{ATOM}feed" and entries
        assert any("Registered Nurses" in e.find(f"{ATOM}title").text for e in entries)


def test_screenshots_of_the_new_pages_at_both_widths(moved_site, browser):
    moved = moved_site.base
    ARTIFACTS.mkdir(exist_ok=True)
    pages = {
        "search": "/search?q=nurse",
        "category": "/categories/healthcare-practitioners-and-technical",
        "compare": "/compare/registered-nurses-vs-cooks-restaurant",
        "movers": "/movers",
    }
    for name, path in pages.items():
        for device, (width, height) in {"desktop": (1280, 900), "phone": (390, 844)}.items():
            browser.set_window_size(width, height)
            browser.get(f"{moved}{path}")
            assert browser.find_element(By.TAG_NAME, "h1").text
            total = browser.execute_script("return document.body.scrollHeight")
            browser.set_window_size(width, min(total + 120, 6000))
            shot = ARTIFACTS / f"{name}-{device}.png"
            assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
            overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{name} on a {device}: {overflow}px wider than the screen"


def test_follow_a_category_only_for_red_then_manage_it_from_the_signed_link(
    catalogue_roles, server, site_env, smtp, browser
):
    from tests.helpers import link, subscriptions, wait_for_mail

    browser.get(f"{server}/categories/healthcare-practitioners-and-technical")
    browser.find_element(By.ID, "email").send_keys("ward@example.org")
    browser.find_element(By.NAME, "only_red").click()
    browser.find_element(By.CSS_SELECTOR, "form.follow button").click()
    arrived(browser, "Check your inbox")
    confirmation = wait_for_mail(smtp, 1)  # delivered by the web process itself
    text = confirmation.get_body(("plain",)).get_content()
    # one confirmation, naming the category itself, not a fixed list of its roles
    assert "every role in Healthcare Practitioners and Technical (2 now, and any that join it later)" in text
    browser.get(link(confirmation, "/confirm"))
    browser.find_element(By.CSS_SELECTOR, "form button").click()
    arrived(browser, "Subscription confirmed")
    (row,) = subscriptions(site_env)
    assert row["categories"] == ["Healthcare Practitioners and Technical"] and row["alert_on"] == "red"
    cli(site_env, "run", "--skip-ingest")  # the category's roles are followed from this run on (their baseline)
    (row,) = subscriptions(site_env)
    assert row["roles"] == ["licensed-practical-and-licensed-vocational-nurses", "registered-nurses"]

    path = catalogue_roles / "registered-nurses.toml"
    path.write_text(path.read_text().replace("score = 1\n", "score = 2\n"))  # a small move: not Red, no mail
    cli(site_env, "rerun", "--reason", "small")
    assert len(smtp.recorder.messages) == 1
    path.write_text(re.sub(r"^score = [1-4]$", "score = 5", path.read_text(), flags=re.M))  # into Red: one digest
    cli(site_env, "rerun", "--reason", "a model that charts and doses")
    digest = wait_for_mail(smtp, 2)
    body = digest.get_body(("plain",)).get_content()
    assert "Registered Nurses" in body and "-> Red" in body.replace("→", "->")

    manage = link(digest, "/manage")
    for device, (width, height) in {"desktop": (1280, 900), "phone": (390, 844)}.items():
        browser.set_window_size(width, height)
        browser.get(manage)
        assert browser.save_screenshot(str(ARTIFACTS / f"manage-{device}.png"))
        assert browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth") <= 0
    page = browser.page_source
    assert "What you follow" in page and "awaiting" not in page and "2 roles followed through it" in page
    browser.find_element(By.ID, "keep-category-1").click()  # untick the category: its roles go with it
    browser.find_element(By.ID, "on-moves").click()
    browser.find_element(By.CSS_SELECTOR, "form[action='/manage'] button").click()
    arrived(browser, "Saved")
    (row,) = subscriptions(site_env)
    assert not row["categories"] and not row["roles"] and row["alert_on"] == "moves"
    assert requests.get(manage.replace("token=", "token=x")).status_code == 400  # a forged link changes nothing


def arrived(browser, text: str) -> None:
    """Wait for the page a form posted to (the click returns before the next page has loaded)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 15).until(lambda b: text in b.page_source)


def test_every_page_passes_axe_core(moved_site, browser, axe_source):
    moved = moved_site.base
    browser.set_window_size(1280, 900)
    paths = [
        "/",
        "/roles/registered-nurses",
        "/roles/mlops-engineer",
        "/search?q=nurse",
        "/categories",
        "/categories/healthcare-practitioners-and-technical",
        "/compare/registered-nurses-vs-cooks-restaurant",
        "/movers",
        "/confirm?token=x",
        "/roles/nobody",
        "/methodology",
        "/api/docs",
        "personal: /roles/mlops-engineer",  # the personal score the role page's form posts
    ]
    failures = {}
    for path in paths:
        if path.startswith("personal: "):
            browser.get(f"{moved}{path.split(' ', 1)[1]}")
            browser.find_element(By.CSS_SELECTOR, "form.personal button").click()
            arrived(browser, "Your score as")
            assert browser.find_element(By.CSS_SELECTOR, "[data-testid=personal-score]").text == "42.6"
        else:
            browser.get(f"{moved}{path}")
        result = axe_violations(browser, axe_source)
        if result:
            failures[path] = result
    assert not failures, failures


FORGIVING_QUERIES = (
    "registered nurse",
    "Nurses",
    "line cooks",
    "lorry driver",  # a reviewed synonym
    "truckdriver",  # a compound the names write in two words
    "registered nurs",  # a title spelled out but for its last word's ending
    "truck drivr",
    "bookeeping clerk",
)


def test_the_static_site_searches_with_its_one_script_and_works_without_it(moved_site, browser, tmp_path):
    server, site_env = moved_site.base, moved_site.env
    import functools
    import http.server
    import threading

    out = tmp_path / "site"
    cli(site_env, "site", str(out))
    assert {"search.html", "search.js", "search-index.json", "movers.atom"} <= {p.name for p in out.iterdir()}
    assert (out / "categories" / "healthcare-practitioners-and-technical.html").exists()
    assert max(p.stat().st_size for p in (out / "roles").glob("*.html")) < 100_000
    # the static JSON is the live API's published models (docs/api.md), not the pages' internal data
    nurses = RoleDetail.model_validate_json((out / "api" / "roles" / "registered-nurses.json").read_text())
    assert nurses.changes and nurses.changes[0].version == 1 and nurses.aijri == round(nurses.aijri, 1)
    assert RolesPage.model_validate_json((out / "api" / "roles" / "page-1.json").read_text()).total > 5
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    static = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=static.serve_forever, daemon=True).start()
    try:
        browser.get(f"http://127.0.0.1:{static.server_address[1]}/search.html")
        from selenium.webdriver.support.ui import WebDriverWait

        box = browser.find_element(By.ID, "q")
        for query in FORGIVING_QUERIES:  # the static search forgives as the web one does, and ranks the same
            box.clear()
            box.send_keys(query)
            WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#results a"))
            found = [
                a.get_attribute("href").rsplit("/", 1)[-1][: -len(".html")]
                for a in browser.find_elements(By.CSS_SELECTOR, "#results a")
            ]
            served = re.findall(
                r'href="/roles/([a-z0-9-]+)"', requests.get(f"{server}/search", params={"q": query}).text
            )
            assert found[:3] == list(dict.fromkeys(served))[:3], query
        assert found[0] == "bookkeeping-accounting-and-auditing-clerks"
        # a search can be shared: search.html?q= searches on opening, and the home page's box leads there
        browser.get(f"http://127.0.0.1:{static.server_address[1]}/search.html?q=lorry%20driver")
        WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#results a"))
        first = browser.find_element(By.CSS_SELECTOR, "#results a").get_attribute("href")
        assert first.endswith("/roles/heavy-and-tractor-trailer-truck-drivers.html")
        assert browser.find_element(By.ID, "q").get_attribute("value") == "lorry driver"
        home = (out / "index.html").read_text()
        assert '<form class="inline" method="get" action="search.html" role="search"' in home
    finally:
        static.shutdown()


READ_ROLES = ("registered-nurses", "mlops-engineer", "cooks-fast-food", "heavy-and-tractor-trailer-truck-drivers")


def page_text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section(html: str, testid: str) -> str:
    return re.search(rf'<(section|div|p) [^>]*data-testid="{testid}".*?</\1>', html, re.DOTALL).group(0)


def test_role_pages_say_what_the_score_means_in_sentences_traced_to_the_page(moved_site):
    base = moved_site.base
    for role_id in READ_ROLES:
        detail = RoleDetail.model_validate(requests.get(f"{base}/api/roles/{role_id}").json())
        html = requests.get(f"{base}/roles/{role_id}").text
        assert len(detail.verdict) >= 2 and len(detail.who_should_worry) >= 2, role_id
        made = ("verdict", "worry", "outlook")
        said = " ".join(page_text(section(html, testid)) for testid in made)
        rest = html
        for testid in made:
            rest = rest.replace(section(html, testid), "")
        rest = page_text(rest)
        assert detail.verdict[0].text.startswith(f"{detail.label} at {detail.aijri:.1f} of 100")
        for sentence in [*detail.verdict, *detail.who_should_worry, *detail.outlook]:
            assert sentence.text in said, (role_id, sentence.text)
            mix = "a week of only that work scores" in sentence.text
            for figure in sentence.figures[:-1] if mix else sentence.figures:
                # every figure a sentence states is on the page beside it: the score, the split, a task's time, the
                # history's dates and scores
                assert figure in rest, (role_id, figure, sentence.text)
        tasks = detail.tasks
        for sentence, side in zip(detail.who_should_worry, (lambda t: t.score >= 4, lambda t: t.score <= 2)):
            if "a week of only that work scores" not in sentence.text:
                continue
            # ... and a week of only that work is the personal score of those tasks at the role's shares
            shares = {f"share_{n}": t.time_pct if side(t) else 0 for n, t in enumerate(tasks, 1)}
            mine = requests.post(f"{base}/roles/{role_id}/personal", data=shares).text
            shown = re.search(r'data-testid="personal-score">([\d.]+)<', mine).group(1)
            assert sentence.figures[-1] == shown and f"scores {shown} (" in sentence.text, (role_id, sentence.text)


def test_a_hand_written_roles_summary_and_commentary_say_the_score_they_were_written_for(moved_site):
    html = requests.get(f"{moved_site.base}/roles/mlops-engineer").text
    summary = page_text(section(html, "analyst-summary"))
    assert "(written on 2026-03-31 for 42.6, Yellow (Urgent))" in summary
    assert "Written on" in page_text(html) and "for a score of 42.6 (Yellow (Urgent), evidence +5)" in page_text(html)
    outlook = page_text(section(html, "outlook"))
    assert "The assessor's, written on 2026-03-31 for 42.6, Yellow (Urgent)." in outlook
    assert "The role in 2028:" in outlook and "Survival strategy" in outlook and "Timeline 3-5 years" in outlook
    drafted = requests.get(f"{moved_site.base}/roles/registered-nurses").text
    assert "In a few years, expect" in page_text(section(drafted, "outlook"))
    # plain words first: each task's score in words before its rationale, each dimension's meaning beside its name
    text = page_text(drafted)
    assert "4 of 5: AI can do most of it; people check Why" in text
    assert "Job posting trends how job postings for this work move against all postings: rising protects" in text
    assert re.search(r"Task resistance [\d.]+ of 5 how resistant the daily tasks are to AI: 5 is fully human", text)
    assert 'data-testid="analyst-summary"' not in drafted  # a draft's summary is O*NET's definition, shown once


def test_on_a_phone_the_verdict_where_to_move_and_the_follow_form_come_first(moved_site, browser, axe_source):
    ARTIFACTS.mkdir(exist_ok=True)
    failures = {}
    for role_id in READ_ROLES:
        for width, height in ((390, 844), (1280, 900)):
            browser.set_window_size(width, height)
            browser.get(f"{moved_site.base}/roles/{role_id}")
            verdict = browser.find_element(By.CSS_SELECTOR, "[data-testid=verdict] p")
            assert verdict.location["y"] < height - 200, (role_id, width, verdict.location)
            order = browser.execute_script(
                "return [...document.querySelectorAll('main h2')].map(h => h.id).filter(id => id)"
            )
            assert order.index("worry") < order.index("means") < order.index("paths") < order.index("updates")
            assert order.index("updates") < order.index("what"), order
            assert order.index("updates") < order.index("tasks") < order.index("ev"), order
            overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, (role_id, width, overflow)
            total = browser.execute_script("return document.documentElement.scrollHeight")
            browser.set_window_size(width, min(total + 140, 16000))
            assert browser.save_screenshot(str(ARTIFACTS / f"role-{role_id}-{width}.png"))
            if width == 390:
                found = axe_violations(browser, axe_source)
                if found:
                    failures[role_id] = found
    assert not failures, failures


def test_a_role_page_names_its_codes_in_the_international_and_uk_classifications(moved_site):
    page = BeautifulSoup(requests.get(f"{moved_site.base}/roles/registered-nurses", timeout=30).text, "html.parser")
    codes = [li.get_text(" ", strip=True) for li in page.select('[data-testid="codes"] li')]
    assert codes[0] == "ISCO-08 2221 Nursing professionals"
    adult = next(line for line in codes if line.startswith("UK SOC 2020 2235"))
    assert "via ISCO-08 2221" in adult and "of the UK group's coding-index entries carry that code" in adult
    mine = BeautifulSoup(requests.get(f"{moved_site.base}/roles/mlops-engineer", timeout=30).text, "html.parser")
    assert "UK SOC 2020 2134 Programmers and software development professionals, via ISCO-08 2512" in mine.get_text(
        " ", strip=True
    )
