"""`make demo`'s story runs offline on the recorded data and is deterministic: same scores, same alerts; it ends in
one warehouse holding the whole catalogue, which the `jobzone web` it prints serves with one outbox; and the README's
demo section and screenshots are the demo's own."""

import html
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from jobzone import demo_docs
from jobzone.demo import mail_text
from jobzone.demo_summary import read_summary
from tests.catalogue.check_set import CHECK_SET, agreement
from tests.conftest import REPO
from tests.helpers import free_port, jobzone

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Demo:
    workspace: Path
    out: str
    history: list[tuple]
    alerts: list[str]


def side_of(group: str) -> str:
    return next(iter(CHECK_SET[group].values()))[0]


@pytest.fixture(scope="module")
def demo(tmp_path_factory, fixtures) -> Demo:
    workspace = tmp_path_factory.mktemp("demo") / "ws"
    env = {**os.environ, "JOBZONE_DEMO_WORKSPACE": str(workspace), "JOBZONE_FIXTURES": str(fixtures)}
    result = subprocess.run(
        [sys.executable, "-m", "jobzone.demo"], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    history = json.loads(jobzone("history", "mlops-engineer", "--json", db=workspace / "jobzone.duckdb").stdout)
    alerts = sorted(p.name for p in (workspace / "outbox").glob("jobzone.alert.*.eml"))
    return Demo(workspace, result.stdout, [(h["as_of"], h["aijri_display"], h["label"]) for h in history], alerts)


@pytest.fixture(scope="module")
def served(demo):
    """The `jobzone web` line the demo printed, run as printed (on a free port), from the repository's root."""
    port = free_port()
    process = demo_docs.serve(demo_docs.web_command(demo.out), port, demo.workspace / "web.log", REPO)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        demo_docs.stop(process)


def test_demo_tells_the_story_and_is_deterministic(demo, tmp_path, fixtures, roles_dir):
    out, history = demo.out, demo.history
    assert "Score history" in out and "The backfill built history and alerted nobody: 0 alerts from 51" in out
    assert "mlops-engineer: 41.0 (as of 2026-03-01) on confirming" in out
    assert "roles moved a point or more:" in out and "beyond what sampling error explains" in out
    assert "mlops-engineer moved 41.0 → 36.3" in out and "Reassessed after: Claude 5 released" in out
    # A progress line as each long stage starts and one as it ends: no silent minute.
    assert out.count("… scoring") == 4 and out.count("  done in ") == 6
    # the UK's view: every role on UK data, one reading printed beside the US view's score
    assert "924 roles in the GB view: UK wages (ONS ASHE by UK SOC 2020, through the ISCO-08 spine) for " in out
    assert "Registered Nurses in the UK as of 2024-08-15: 42.1 Yellow (Urgent) (job posting trends -26.4" in out
    assert "jobzone explain registered-nurses --country GB" in out
    # The demo role's history: 51 months, the analyst's rerun, and the capability rerun over the whole catalogue
    assert (
        len(history) == 53
        and history[50][0] == "2026-03-01"
        and history[51] == ("2026-03-01", "36.3", "Yellow (Urgent)")
    )
    assert history[-1][0] == "2026-05-01"
    assert len(demo.alerts) == 1  # the rerun's; the backfill's history alerts nobody, the capability moved 9 others
    # AI capability: the April download's new frontier model, its proposal, and the rerun named after it
    assert "capability check as of 2026-05-01: AI release: Claude Opus 4.6 (Anthropic, released 2026-02-05)" in out
    assert "METR time horizon 4.8 hours (Claude Opus 4.5) -> 12.0 hours" in out
    assert (demo.workspace / "releases" / "2026-02-05-claude-opus-4-6.toml").exists()
    assert re.search(r"the rerun it started \(run \d+, named after it\) moved \d+ of all 924 roles", out)
    assert "AI tool maturity +0 → -1" in out
    # One warehouse: the whole catalogue as its pages show it (market and AI capability fed in, as of 2026-05-01), on
    # the check set: measured 48 of 53 on the Green side, 31 of 36 on the Red side, none opposite (the files alone:
    # 44 and 31).
    db = demo.workspace / "jobzone.duckdb"
    scores = json.loads(jobzone("scores", "--json", "--limit", "2000", db=db).stdout)
    assert len(scores) == 924 and not (demo.workspace / "catalogue.duckdb").exists()
    by_group = agreement({row["role_id"]: row["zone"] for row in scores})
    assert sum(opposite for _, opposite, _ in by_group.values()) == 0, by_group
    for side, floor in (("Green", 48), ("Red", 31)):
        groups = [hit for name, (hit, _, _) in by_group.items() if side_of(name) == side]
        assert sum(groups) >= floor, (side, by_group)
    site = demo.workspace / "site"
    assert (site / "roles" / "mlops-engineer.html").exists() and (site / "roles" / "registered-nurses.html").exists()
    # Deterministic: the same backfill run plainly from the CLI on a fresh database gives the demo's points (the
    # first 18 months: every run reads only what was published by its date, so a shorter backfill is a prefix).
    plain_db = tmp_path / "plain.duckdb"
    jobzone(
        "backfill",
        "--from",
        "2022-01-01",
        "--to",
        "2023-06-01",
        "--replay",
        str(fixtures),
        db=plain_db,
        roles=roles_dir,
    )
    plain = json.loads(jobzone("history", "mlops-engineer", "--json", db=plain_db).stdout)
    assert [(h["as_of"], h["aijri_display"], h["label"]) for h in plain] == history[:18]


def test_the_printed_web_serves_the_catalogue_and_follows_through_the_one_outbox(demo, served):
    found = requests.get(f"{served}/search", params={"q": "nurse"}, timeout=30).text
    assert 'href="/roles/registered-nurses"' in found
    page = requests.get(f"{served}/roles/mlops-engineer", timeout=30).text
    assert 'data-testid="score">36.3<' in page  # the demo's role, with its history, in the catalogue's warehouse
    outbox = demo.workspace / "outbox"
    before = set(outbox.glob("jobzone.confirm.*.eml"))
    session = requests.Session()
    nurses = session.get(f"{served}/roles/registered-nurses", timeout=30).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', nurses).group(1)
    answer = session.post(
        f"{served}/subscribe",
        data={"csrf": csrf, "email": "reader@example.org", "role_id": "registered-nurses"},
        timeout=30,
    )
    assert answer.ok
    for _ in range(100):  # the web process's sender writes the confirmation within seconds
        new = set(outbox.glob("jobzone.confirm.*.eml")) - before
        if new:
            break
        time.sleep(0.2)
    assert len(new) == 1, sorted(p.name for p in outbox.iterdir())
    _, text = mail_text(new.pop())
    token = re.search(r"/confirm\?token=(\S+)", text).group(1)
    asked = session.get(f"{served}/confirm", params={"token": token}, timeout=30)  # says what it confirms
    assert asked.ok and "reader@example.org" in html.unescape(asked.text) and "Registered Nurses" in asked.text
    csrf = re.search(r'name="csrf" value="([^"]+)"', asked.text).group(1)
    confirmed = session.post(f"{served}/confirm", data={"csrf": csrf, "token": token}, timeout=30)
    assert confirmed.ok and "Subscription confirmed" in confirmed.text
    followers = json.loads(jobzone("subscribers", "--json", db=demo.workspace / "jobzone.duckdb").stdout)
    assert {(row["email"], row["status"]) for row in followers} >= {
        ("reader@example.org", "confirmed"),
        ("demo.reader@example.org", "confirmed"),
    }


def test_on_the_recorded_data_paths_state_pay_and_evidence_opens_in_plain_words(served):
    """The demo's catalogue as of 2026-05-01: registered nurses' moves carry OEWS May 2024 medians (published
    2025-04-02), none a deep cut; every evidence row opens with a sentence, the rule and the data folded below it."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup(requests.get(f"{served}/roles/registered-nurses", timeout=30).text, "html.parser")
    cards = page.select('[data-testid="path"]')
    pays = [card.select_one('[data-testid="pay"]').get_text(" ", strip=True) for card in cards]
    assert cards and all(pay.startswith("Median pay $93,600 → $") for pay in pays)
    changes = [int(re.search(r"\(([+-]\d+)%", pay).group(1)) for pay in pays]
    assert all(change > -25 for change in changes)  # no move to less than three quarters of the pay
    assert "Licensed Practical" not in " ".join(card.h3.get_text() for card in cards)
    rows = page.select('[data-testid="evidence"] tbody tr')
    sentences = [row.select_one('[data-testid="plain-evidence"]').get_text(strip=True) for row in rows]
    assert len(sentences) == 5 and all(s.endswith(".") and not s.startswith("Follows") for s in sentences)
    assert "The newest data are from May 2024, too old to show a trend now" in " ".join(sentences)
    for row in rows:  # the jargon sits inside the closed disclosure, never before the sentence
        assert row.select_one("details") is None or "open" not in row.select_one("details").attrs


def test_the_readme_section_and_the_screenshots_are_the_demos(demo, served):
    summary = read_summary(demo.workspace)
    assert summary.backfill_runs == 51 and summary.rerun_after == 36.3 and summary.drafted == 923
    readme = (REPO / "README.md").read_text()
    assert demo_docs.readme_block(readme) == demo_docs.readme_section(summary), "run `make demo-docs`"
    shown = json.loads((REPO / "docs" / demo_docs.FACTS).read_text())
    assert set(shown) == set(demo_docs.SCREENSHOTS)
    for name, facts in shown.items():
        assert (REPO / "docs" / name).stat().st_size > 20_000
        assert facts["page"] == demo_docs.SCREENSHOTS[name][0] and len(facts["shows"]) >= 2
        page = html.unescape(requests.get(served + facts["page"], timeout=30).text)
        missing = [text for text in facts["shows"] if text not in page]
        assert not missing, f"docs/{name} shows {missing}, gone from {facts['page']}: run `make demo-docs`"


def test_demo_without_recorded_data_or_network_says_so(tmp_path):
    env = {**os.environ, "JOBZONE_DEMO_WORKSPACE": str(tmp_path / "ws"), "JOBZONE_FIXTURES": str(tmp_path / "none")}
    result = subprocess.run(
        [sys.executable, "-m", "jobzone.demo"], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    # This machine has no internet: the demo must stop with a clear message, not half-run on nothing.
    assert result.returncode == 1
    assert "no recorded data at" in result.stderr and "live sources are unreachable" in result.stderr
