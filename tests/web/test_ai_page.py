"""AI capability on the pages, against the real `jobzone web` process: /ai charts each frontier with model names
and error bars and lists the release events; a role page lists the capability readings its AI tool maturity rests
on; both pass axe-core in Debian chromium, and a screenshot of /ai is saved at desktop and phone widths."""

import pytest
import requests

from tests.helpers import ARTIFACTS, add_drafts, axe_violations, cli
from tests.web.conftest import web_process

pytestmark = pytest.mark.slow


@pytest.fixture
def capability_server(roles_dir, site_env, fixtures):
    add_drafts(roles_dir, "software-developers", "electricians")
    env = {**site_env, "JOBZONE_RELEASES": str(roles_dir.parent / "releases")}
    cli(env, "run", "--as-of", "2026-03-01", "--replay", str(fixtures))
    cli(env, "capability", "check", "--as-of", "2026-05-01", "--replay", str(fixtures))
    with web_process(env) as base:
        yield base


def test_the_ai_page_and_a_role_page_show_the_capability_readings_and_pass_axe_core(
    capability_server, browser, axe_source
):
    """One server for the three checks: its setup (two runs and a check over recorded data) is most of the time."""
    page = requests.get(f"{capability_server}/ai")
    assert page.status_code == 200
    html = page.text
    assert html.count('<svg class="frontier"') == 5  # METR, SWE-bench Verified, OSWorld, GDPval, the index
    assert "Claude Opus 4.6" in html and "12.0 hours" in html and "5.3 hours-65.8 hours" in html  # its 95% interval
    assert 'data-testid="event"' in html and "METR time horizon 4.8 hours (Claude Opus 4.5) -&gt; 12.0 hours" in html
    assert "2026-02-05-claude-opus-4-6.toml" in html  # the release proposal written for analysts
    assert "Epoch AI" in html and "CC BY 4.0" in html

    html = requests.get(f"{capability_server}/roles/software-developers").text
    assert "updated from AI capability data" in html
    assert "follows AI capability: from its tasks&#39; work activities" in html
    assert "METR time horizon: 4.9 hours (Claude Opus 4.5, released 2025-11-24) -&gt; 12.0 hours" in html
    electricians = requests.get(f"{capability_server}/roles/electricians").text
    assert "AI tool maturity" in electricians and "computer-use agents" in electricians

    ARTIFACTS.mkdir(exist_ok=True)
    failures = {}
    for width in (1280, 390):
        browser.set_window_size(width, 900)
        for path in ("/ai", "/roles/software-developers"):
            browser.get(f"{capability_server}{path}")
            if path == "/ai":
                browser.save_screenshot(str(ARTIFACTS / f"ai-{width}.png"))
                overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, (width, overflow)  # nothing wider than a phone's screen
            result = axe_violations(browser, axe_source)
            if result:
                failures[(width, path)] = result
    assert not failures, failures
