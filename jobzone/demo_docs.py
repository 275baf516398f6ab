"""What `make demo` showed, as one record: written to the workspace by the demo, rendered into the README's demo
section, and checked against it by the demo's test, so the README's numbers cannot drift from the demo's.

`make demo-docs` (python -m jobzone.demo_docs) runs the demo, rewrites that section and takes the README's and
docs/web.md's screenshots from the `jobzone web` the demo prints, over the demo's warehouse."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from flows.report import RunReport
    from jobzone.demo_catalogue import CapabilityStory, YearStory

SUMMARY = "demo-summary.json"
FACTS = "screenshots.json"
BEGIN, END = "<!-- demo:begin (make demo-docs writes this list from the demo) -->", "<!-- demo:end -->"
# Each screenshot: the page of the demo's `jobzone web` it shows, its window (width, height), and the CSS selector of
# the texts it records as what the picture shows (docs/screenshots.json; the demo's test finds them on the page).
SCREENSHOTS = {
    "role-page.png": ("/roles/mlops-engineer", (1280, 1400), '[data-testid="score"], [data-testid="label"]'),
    "search.png": ("/search?q=nurse", (1280, 700), 'main a[href^="/roles/"]'),
    "movers.png": ("/movers", (1280, 760), 'main a[href^="/roles/"]'),
}
SHOWN = 3  # texts recorded per picture


@dataclass(frozen=True)
class DemoSummary:
    """The figures the demo printed that the README quotes (its time is kept but never quoted as a fact)."""

    backfill_runs: int
    backfill_alerts: int
    history_first: float
    history_low: float
    history_last: float
    rerun_before: float
    rerun_after: float
    rerun_label: str
    drafted: int
    postings_share: float
    wages_share: float
    zones_before: dict[str, int]
    zones_after: dict[str, int]
    moved: int
    beyond_noise: int
    within_noise: int
    top_mover: str
    capability_followed: int
    capability_moved: int
    capability_event: str
    capability_jump: str
    capability_rerun_roles: int
    capability_rerun_moved: int
    capability_top_mover: str
    alerts: int
    messages: int
    site_files: int
    seconds: float

    @classmethod
    def of(
        cls,
        *,
        backfill: Sequence[RunReport],
        backfill_alerts: int,
        history: Sequence[float],
        rerun: dict,
        year: YearStory,
        event: CapabilityStory,
        alerts: int,
        messages: int,
        site_files: int,
        seconds: float,
    ) -> DemoSummary:
        after = year.after
        return cls(
            backfill_runs=len(backfill),
            backfill_alerts=backfill_alerts,
            history_first=round(history[0], 1),
            history_low=round(min(history), 1),
            history_last=round(history[-1], 1),
            rerun_before=round(rerun["before_aijri"], 1),
            rerun_after=round(rerun["after_aijri"], 1),
            rerun_label=rerun["after_label"],
            drafted=after.roles_scored,
            postings_share=round(after.market_fed["job_posting_trends"].fresh_share, 2),
            wages_share=round(after.market_fed["wage_trends"].fresh_share, 2),
            zones_before=dict(year.before.zones),
            zones_after=dict(after.zones),
            moved=after.moves.get("moved", 0),
            beyond_noise=after.moves.get("beyond_noise", 0),
            within_noise=after.moves.get("within_noise", 0),
            top_mover=year.movers[0] if year.movers else "none",
            capability_followed=event.base.capability.get("followed", 0),
            capability_moved=event.base.capability.get("moved", 0),
            capability_event=event.events[0] if event.events else "none",
            capability_jump=event.jumps[0] if event.jumps else "none",
            capability_rerun_roles=event.rerun.roles_scored if event.rerun else 0,
            capability_rerun_moved=event.rerun.changes if event.rerun else 0,
            capability_top_mover=event.movers[0] if event.movers else "none",
            alerts=alerts,
            messages=messages,
            site_files=site_files,
            seconds=round(seconds, 1),
        )


def write_summary(workspace: Path, summary: DemoSummary) -> Path:
    path = workspace / SUMMARY
    path.write_text(json.dumps(asdict(summary), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def read_summary(workspace: Path) -> DemoSummary:
    path = workspace / SUMMARY
    try:
        return DemoSummary(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        raise SystemExit(f"{path}: no summary of a finished `make demo` ({exc}); run `make demo` first") from None


def zones(counts: dict[str, int]) -> str:
    return " / ".join(f"{counts.get(zone, 0)} {zone}" for zone in ("Red", "Yellow", "Green"))


def readme_section(s: DemoSummary) -> str:
    """The README's numbered list of what the demo shows, with the demo's figures."""
    items = [
        f"a monthly backfill of MLOps Engineer 2022-01 .. 2026-03 ({s.backfill_runs} as-of runs under Prefect's "
        "local mode, with a progress bar), then its score history as a terminal sparkline: the 2022-23 slump in US "
        f"software postings (Indeed Hiring Lab, FRED) takes it from {s.history_first} down to {s.history_low} and "
        f"back to {s.history_last}. Every run reads only what was published by its date, and a backfill is "
        f'history, not news: it alerts nobody ("{s.backfill_alerts} alerts from {s.backfill_runs} past as-of runs");',
        "a demo address follows MLOps Engineer and confirms with the link from its confirmation `.eml`;",
        f"its baseline: the score it saw when confirming ({s.rerun_before}), from which alerts tell what moves;",
        'a rerun after "Claude 5 released": an analyst\'s edit to the role file (AI tool maturity 0 → −1, one '
        f"task's automation 3 → 4) moves the score {s.rerun_before} → {s.rerun_after} ({s.rerun_label}), and the "
        "digest (with the score's band on sampling error) names the reason and the edits;",
        f"**the whole catalogue for a year**, in the same warehouse: the {s.drafted} roles drafted from O*NET scored "
        "on the recordings as of 2023-09-01 and 2024-09-01 (plain calls of the same stages, a progress line each): "
        f"the market moved job postings for {s.postings_share:.0%} of them and wages for {s.wages_share:.0%}; "
        f"zones {zones(s.zones_before)} → {zones(s.zones_after)}; of the {s.moved} moves of a point or more, "
        f"{s.beyond_noise} are beyond what sampling error explains and {s.within_noise} within it (no alert); the "
        f"8 largest moves beyond noise with their causes in plain words (the largest: {s.top_mover}), and the "
        "categories where roles fell or rose most often;",
        "**AI capability**: the drafted roles as of 2026-03-01 reading Epoch AI's January download (AI tool "
        f"maturity follows the frontier for {s.capability_followed} roles, and for {s.capability_moved} the "
        "frontier moved it since their task scores were set), then `jobzone capability check` as of 2026-05-01 "
        f"replaying April's: the new frontier model ({s.capability_event.removeprefix('AI release: ')}: "
        f"{s.capability_jump}), the release "
        f"proposal written for analysts, and the rerun it starts over all {s.capability_rerun_roles} roles, named "
        f"after it: {s.capability_rerun_moved} moved (the largest: {s.capability_top_mover});",
        f"the static site of the whole catalogue ({s.site_files:,} files), the one outbox ({s.messages} messages: the "
        f"confirmation and {s.alerts} alert{'s' if s.alerts != 1 else ''}), a `jobzone.env` with the workspace's settings, and the commands to "
        "look further (`history`, `explain`, `diff`) and to serve it all: the printed `jobzone web` serves every "
        "role with MLOps Engineer's four years, search, and the follow form, whose mail lands in the same outbox.",
    ]
    return "\n".join(f"{n}. {_wrapped(text)}" for n, text in enumerate(items, 1))


def readme_block(readme: str) -> str:
    """The generated section as it stands in the README (between its markers)."""
    try:
        start = readme.index(BEGIN) + len(BEGIN)
        return readme[start : readme.index(END, start)].strip("\n")
    except ValueError:
        raise SystemExit(f"README.md: no demo section between {BEGIN!r} and {END!r}") from None


def with_section(readme: str, section: str) -> str:
    old = readme_block(readme)
    return readme.replace(f"{BEGIN}\n{old}\n{END}", f"{BEGIN}\n{section}\n{END}", 1)


def _wrapped(text: str, width: int = 116) -> str:
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return "\n   ".join(lines)


def web_command(printed: str) -> str:
    """The `jobzone web` line the demo printed (a subshell that reads the workspace's settings)."""
    found = re.search(r"^\s*(\(set -a; .*jobzone web\))", printed, re.MULTILINE)
    if found is None:
        raise SystemExit("make demo printed no `jobzone web` command")
    return found.group(1)


def take_screenshots(base: str, docs: Path) -> dict[str, dict]:
    """The README's and docs/web.md's pictures, from the served demo, in Debian's headless chromium; returns what
    each shows (its page and the first texts its selector finds)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    shown = {}
    try:
        for name, (path, (width, height), selector) in SCREENSHOTS.items():
            driver.set_window_size(width, height)
            driver.get(base + path)
            driver.save_screenshot(str(docs / name))
            texts = [element.text.strip() for element in driver.find_elements(By.CSS_SELECTOR, selector)]
            shown[name] = {"page": path, "shows": [text for text in texts if text][:SHOWN]}
    finally:
        driver.quit()
    return shown


def serve(command: str, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        ["bash", "-c", command.replace("jobzone web)", f"jobzone web --port {port})")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import requests

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/api/roles", timeout=2).ok:
                return process
        except requests.ConnectionError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit(f"the demo's `jobzone web` did not answer on port {port}")


def main(argv: Sequence[str] | None = None) -> None:
    """Run the demo, then rewrite the README's demo section and the screenshots from it."""
    from jobzone.demo import REPO, WORKSPACE

    args = list(sys.argv[1:] if argv is None else argv)
    demo = subprocess.Popen([sys.executable, "-m", "jobzone.demo"], cwd=REPO, stdout=subprocess.PIPE, text=True)
    assert demo.stdout is not None
    lines = []
    for line in demo.stdout:
        sys.stdout.write(line)
        lines.append(line)
    if demo.wait() != 0:
        raise SystemExit("make demo failed (above); README.md and the screenshots are unchanged")
    readme = REPO / "README.md"
    readme.write_text(with_section(readme.read_text(), readme_section(read_summary(WORKSPACE))))
    print(f"README.md: the demo section rewritten from {WORKSPACE / SUMMARY}")
    if "--no-screenshots" in args:
        return
    port = 8765
    process = serve(web_command("".join(lines)), port)
    try:
        shown = take_screenshots(f"http://127.0.0.1:{port}", REPO / "docs")
        (REPO / "docs" / FACTS).write_text(json.dumps(shown, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    finally:
        process.terminate()
        process.wait(timeout=10)
    print(f"docs/: {', '.join(SCREENSHOTS)} taken from the demo's `jobzone web`; what each shows in docs/{FACTS}")


if __name__ == "__main__":
    main()
