"""The README's demo section, rendered from what `make demo` showed (jobzone/demo_summary.py) and checked against
it by the demo's test, so the README's numbers cannot drift from the demo's.

`make demo-docs` (python -m jobzone.demo_docs) runs the demo, rewrites that section and takes the README's and
docs/web.md's screenshots from the `jobzone web` the demo prints, over the demo's warehouse."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Sequence

from jobzone.demo_summary import SUMMARY, DemoSummary, read_summary

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
        f"**the United Kingdom's view**: all {s.uk_roles} roles scored as of 2024-08-15 on UK data (`run --country "
        "GB`): wages from ONS ASHE by UK SOC 2020 group, reached through the ISCO-08 spine, with ONS's CVs as standard "
        f"errors, for {s.uk_wages} roles; postings from Indeed GB sectors for {s.uk_postings}; neither for "
        f"{s.uk_neither}. One reading: {s.uk_reading};",
        f"the static site of the whole catalogue in the US and UK views ({s.site_files:,} files), the one outbox ({s.messages} messages: the "
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
            if not shown[name]["shows"]:
                raise SystemExit(
                    f"{base}{path} shows none of {selector!r}: not a picture of the page (the server's log: web.log in the demo's workspace)"
                )
    finally:
        driver.quit()
    return shown


def serve(command: str, port: int, log: Path, cwd: Path) -> subprocess.Popen:
    """The printed `jobzone web` line, run as printed (from `cwd`, the repository) on `port`, once it answers (its
    output in `log`)."""
    with log.open("w") as out:
        process = subprocess.Popen(
            ["bash", "-c", command.replace("jobzone web)", f"jobzone web --port {port})")],
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopping it stops the server the shell line starts
        )
    import requests

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:  # exited: e.g. the port is taken by another
        try:
            if requests.get(f"http://127.0.0.1:{port}/api/roles", timeout=2).ok:
                return process
        except requests.ConnectionError:
            time.sleep(0.3)
    stop(process)
    raise SystemExit(f"the demo's `jobzone web` did not answer on port {port} (its log: {log})")


def stop(process: subprocess.Popen, seconds: float = 15) -> None:
    """Stop the shell line's process group and wait until the server in it has gone (it shuts down gracefully)."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            process.poll()  # reaps the shell once it has exited (a zombie still counts in its group)
            os.killpg(process.pid, 0)  # ProcessLookupError once every process of the group has exited
            time.sleep(0.2)
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=seconds)


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
    process = serve(web_command("".join(lines)), port, WORKSPACE / "web.log", REPO)
    try:
        shown = take_screenshots(f"http://127.0.0.1:{port}", REPO / "docs")
        (REPO / "docs" / FACTS).write_text(json.dumps(shown, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    finally:
        stop(process)
    print(f"docs/: {', '.join(SCREENSHOTS)} taken from the demo's `jobzone web`; what each shows in docs/{FACTS}")


if __name__ == "__main__":
    main()
