"""`make demo`: the whole story, offline, on the real recorded data, in a fresh workspace (./demo-workspace)."""

from __future__ import annotations

import datetime as dt
import email
import os
import re
import shutil
import sys
import time
from email.policy import default as mail_policy
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from flows.report import RunReport
    from jobzone.settings import Settings

REPO = Path(__file__).resolve().parents[1]
WORKSPACE = Path(os.environ.get("JOBZONE_DEMO_WORKSPACE", REPO / "demo-workspace")).resolve()
START, END = dt.date(2022, 1, 1), dt.date(2026, 3, 1)
DEMO_ADDRESS = "demo.reader@example.org"
# A demo-only signing secret for this throwaway workspace; real deployments set JOBZONE_SECRET themselves.
DEMO_SECRET = "demo-only-secret-not-for-production"
RELEASE = "Claude 5 released: agents now deploy and monitor models end to end"
DEMO_ROLE = "mlops-engineer"  # the hand-written role whose four years the demo backfills month by month
BLOCKS = "▁▂▃▄▅▆▇█"


LIVE_PROBE = "https://fred.stlouisfed.org/graph/fredgraph.csv?id=IHLIDXUSTPSOFTDEVE"


def fixtures() -> Path | None:
    """The recorded data to replay; None (live sources) when there is none but the internet is reachable."""
    path = Path(os.environ.get("JOBZONE_FIXTURES", REPO.parent / "shared" / "fixtures"))
    if path.is_dir():
        return path.resolve()
    import requests

    try:
        requests.head(LIVE_PROBE, timeout=5)
        print(f"make demo: no recorded data at {path}; using the live sources instead.")
        return None
    except requests.RequestException:
        sys.exit(
            f"make demo: no recorded data at {path} and the live sources are unreachable. Put the shared "
            "fixtures there (or set JOBZONE_FIXTURES) to run the demo offline on recorded real data."
        )


def fresh_workspace() -> Path:
    """A new ./demo-workspace with its own copy of every role file (the analyst's edit lands in the copy)."""
    shutil.rmtree(WORKSPACE, ignore_errors=True)
    WORKSPACE.mkdir(parents=True)
    shutil.copytree(REPO / "roles", WORKSPACE / "roles", ignore=shutil.ignore_patterns(".*", "__pycache__"))
    os.environ.update(
        PREFECT_HOME=str(WORKSPACE / "prefect"),
        DO_NOT_TRACK="1",
        PREFECT_LOGGING_LEVEL="ERROR",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
    )
    return WORKSPACE


def say(console: Console, title: str) -> None:
    console.rule(f"[bold]{title}")


def spark(values: list[float]) -> str:
    low, high = min(values), max(values)
    return "".join(BLOCKS[int((v - low) / ((high - low) or 1) * (len(BLOCKS) - 1))] for v in values)


def mail_text(path: Path) -> tuple[str, str]:
    message = email.message_from_bytes(path.read_bytes(), policy=mail_policy)
    body = message.get_body(("plain",))
    return message["Subject"], body.get_content() if body is not None else ""


def confirm_demo_subscriber(settings: Settings, console: Console) -> None:
    from jobzone.services import subscriptions

    subscriptions.subscribe(settings, DEMO_ADDRESS, [DEMO_ROLE])
    subscriptions.send(settings)
    confirmation = next(settings.outbox_dir.glob("jobzone.confirm.*.eml"))
    found = re.search(r"/confirm\?token=(\S+)", mail_text(confirmation)[1])
    if found is None:
        sys.exit(f"make demo: no confirmation link in {confirmation}")
    subscriptions.confirm(settings, found.group(1))
    console.print(
        f"{DEMO_ADDRESS} subscribed to {DEMO_ROLE}; confirmed with the link from {_shown(confirmation)}", markup=False
    )


def backfill(settings: Settings, replay: Path | None, console: Console) -> list[RunReport]:
    from rich.progress import Progress

    from flows.request import BackfillRequest
    from jobzone.services import runs

    request = BackfillRequest(start=START, end=END, replay=replay, roles=[DEMO_ROLE])
    with Progress(console=console) as progress:
        bar = progress.add_task(
            f"backfill: {len(request.dates)} monthly as-of runs (Prefect, local mode)", total=len(request.dates)
        )
        return runs.backfill(settings, request, on_run=lambda report: progress.advance(bar))


def show_history(settings: Settings) -> list[float]:
    from jobzone.cli.output import print_table
    from jobzone.services import reads

    points = reads.all_histories(settings.db)[DEMO_ROLE]
    scores = [a for _, a in points]
    print_table(
        "Score history (one point per month)",
        ["role", "as of", "history", "range", "last"],
        [
            (
                DEMO_ROLE,
                f"{points[0][0]:%Y-%m} .. {points[-1][0]:%Y-%m}",
                spark(scores),
                f"{min(scores):.1f} .. {max(scores):.1f}",
                f"{scores[-1]:.1f}",
            )
        ],
    )
    return scores


def show_alerts(settings: Settings, console: Console, since: set[Path]) -> list[Path]:
    alerts = sorted(
        set(settings.outbox_dir.glob("jobzone.alert.*.eml")) - since, key=lambda p: int(p.name.split(".")[2])
    )
    for path in alerts:
        subject, text = mail_text(path)
        causes = [line.strip("- ").strip() for line in text.splitlines() if line.startswith("  - ")]
        console.print(f"[bold]{subject}[/bold]")
        for cause in causes:
            console.print(f"    {cause}", markup=False)
    return alerts


def act_out_rerun(settings: Settings, console: Console) -> RunReport:
    from flows.request import RunRequest
    from jobzone.services import runs

    path = settings.roles / f"{DEMO_ROLE}.toml"
    text = path.read_text()
    text = text.replace("ai_tool_maturity = 0\n", "ai_tool_maturity = -1\n", 1)
    block = text.index('name = "Model deployment & serving infrastructure"')
    text = text[:block] + text[block:].replace("score = 3\n", "score = 4\n", 1)
    path.write_text(text)
    console.print(
        f"An analyst edits {_shown(path)} after the release: "
        "ai_tool_maturity 0 → -1, task 'Model deployment & serving infrastructure' automation 3 → 4."
    )
    # The recordings end at END, which is in the past: this rerun is asked to alert (a real one runs as of today).
    return runs.run(settings, RunRequest.rerun(RELEASE, as_of=END, roles=[DEMO_ROLE], alert=True))


def write_env_file(settings: Settings) -> Path:
    """The demo's settings as a JOBZONE_* file, so every printed command (and `jobzone web`) reads this workspace:
    its warehouse, role files, releases and the one outbox."""
    path = settings.db.parent / "jobzone.env"
    paths = {
        "JOBZONE_DB": settings.db,
        "JOBZONE_ROLES": settings.roles,
        "JOBZONE_RELEASES": settings.releases,
        "JOBZONE_OUTBOX_DIR": settings.outbox_dir,
    }
    lines = [f"{name}={_shown(value)}" for name, value in paths.items()] + [f"JOBZONE_SECRET={DEMO_SECRET}"]
    path.write_text(
        "# make demo's workspace (a throwaway signing secret: never use it for real subscribers)\n"
        + "\n".join(lines)
        + "\n"
    )
    return path


def main() -> None:
    from rich.console import Console

    from jobzone import demo_catalogue as catalogue
    from jobzone.demo_summary import DemoSummary, write_summary
    from jobzone.services import reads
    from jobzone.settings import Settings

    console = Console(soft_wrap=True)
    started = time.perf_counter()
    replay = fixtures()
    workspace = fresh_workspace()
    settings = Settings(
        db=workspace / "jobzone.duckdb",
        roles=workspace / "roles",
        releases=workspace / "releases",
        outbox_dir=workspace / "outbox",
        secret=DEMO_SECRET,
        prefect=True,
        prefect_start=True,  # Prefect's local mode: the demo's flows run for real without a server to start
    )
    say(
        console,
        f"1. Backfill {DEMO_ROLE} {START} .. {END} on "
        + (f"the real recorded data ({replay})" if replay else "live sources"),
    )
    reports = backfill(settings, replay, console)
    history = show_history(settings)
    backfill_alerts = show_alerts(settings, console, set())
    held = next((r.alerts_held for r in reports if r.alerts_held), None)
    console.print(
        f"The backfill built history and alerted nobody: {len(backfill_alerts)} alerts from {len(reports)} past "
        f"as-of runs ({held}).",
        markup=False,
    )
    say(console, f"2. A subscriber follows {DEMO_ROLE} (double opt-in, mail written as .eml files)")
    confirm_demo_subscriber(settings, console)
    say(console, "3. What the subscriber was told: nothing yet; the baseline is the score seen when confirming")
    as_of, baseline = reads.all_histories(settings.db)[DEMO_ROLE][-1]
    console.print(f"{DEMO_ROLE}: {baseline:.1f} (as of {as_of}) on confirming; alerts tell what moves from there.")
    say(console, f"4. On demand: a rerun after '{RELEASE}'")
    report = act_out_rerun(settings, console)
    change = reads.diff(settings.db, report.run_id)["changes"][0]
    console.print(
        f"{DEMO_ROLE} moved {change['before_aijri']:.1f} → {change['after_aijri']:.1f} "
        f"({change['before_label']} → {change['after_label']}); the digest explains why:"
    )
    rerun_alerts = show_alerts(settings, console, set(backfill_alerts))
    plain = settings.model_copy(update={"prefect": False})  # the catalogue's runs: the same stages as plain calls
    say(console, "5. The whole catalogue follows the market for a year: what moved, where, and why")
    drafts = catalogue.drafted_ids(plain)  # read once: both chapters score the drafts without the demo role
    year = catalogue.catalogue_year(plain, drafts, replay, console)
    say(console, "6. AI capability moves scores too: a new frontier model is an event")
    event = catalogue.capability_event(plain, drafts, replay, console)
    capability_alerts = show_alerts(settings, console, set(backfill_alerts) | set(rerun_alerts))
    say(console, "7. The United Kingdom's view: the same roles on UK data")
    uk = catalogue.uk_view(plain, replay, console)
    say(console, "8. The static site of the catalogue, and where to look")
    site = catalogue.static_site(plain, workspace / "site", console)
    env = write_env_file(settings)
    messages = len(list(settings.outbox_dir.glob("*.eml")))
    alerts = len(rerun_alerts) + len(capability_alerts)
    console.print(
        f"- one outbox, {_shown(settings.outbox_dir)}/: {messages} messages (1 confirmation, {len(backfill_alerts)} "
        f"alerts during the backfill, {len(rerun_alerts)} after the rerun, {len(capability_alerts)} after the "
        "capability rerun); `jobzone web` writes its confirmations there too",
        markup=False,
    )
    console.print(f"- the site: {_shown(workspace / 'site' / 'index.html')} ({site} files)", markup=False)
    console.print(f"- the settings of this workspace: {_shown(env)}; in a shell, any command reads them:", markup=False)
    shell = f"(set -a; . {_shown(env)}; set +a;"
    for command, why in (
        (f"history {DEMO_ROLE}", "four years, month by month"),
        (f"explain {DEMO_ROLE}", "why its score is what it is"),
        ("explain registered-nurses", "a drafted role"),
        (f"diff --run {year.after.run_id}", "every move of the catalogue's year"),
    ):
        console.print(f"    {shell} .venv/bin/jobzone {command})   # {why}", markup=False)
    console.print(
        f"- the pages of all {year.after.roles_scored + 1} roles, with {DEMO_ROLE}'s four years, search and the follow "
        "form (mail to the outbox above):",
        markup=False,
    )
    console.print(f"    {shell} .venv/bin/jobzone web)   # then open http://127.0.0.1:8000", markup=False)
    seconds = time.perf_counter() - started
    runs_made = len(reports) + 1 + year.runs + event.runs + uk.runs
    write_summary(
        workspace,
        DemoSummary.of(
            backfill=reports,
            backfill_alerts=len(backfill_alerts),
            history=history,
            rerun=change,
            year=year,
            event=event,
            uk=uk,
            alerts=alerts,
            messages=messages,
            site_files=site,
            seconds=seconds,
        ),
    )
    console.print(
        f"demo finished in {seconds:.0f}s: {runs_made} runs, {alerts} alert{'s' if alerts != 1 else ''}.", markup=False
    )


def _shown(path: Path) -> Path:
    return path.relative_to(REPO) if path.is_relative_to(REPO) else path


if __name__ == "__main__":
    main()
