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
    shutil.rmtree(WORKSPACE, ignore_errors=True)
    (WORKSPACE / "roles").mkdir(parents=True)
    for path in (REPO / "roles").glob("*.toml"):
        shutil.copy(path, WORKSPACE / "roles" / path.name)
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
    from scoring.roles import role_titles

    role_ids = sorted(role_titles(settings.roles))
    subscriptions.subscribe(settings, DEMO_ADDRESS, role_ids)
    subscriptions.send(settings)
    confirmation = next(settings.outbox_dir.glob("jobzone.confirm.*.eml"))
    found = re.search(r"/confirm\?token=(\S+)", mail_text(confirmation)[1])
    if found is None:
        sys.exit(f"make demo: no confirmation link in {confirmation}")
    subscriptions.confirm(settings, found.group(1))
    console.print(
        f"{DEMO_ADDRESS} subscribed to {', '.join(role_ids)}; confirmed with the link from {_shown(confirmation)}",
        markup=False,
    )


def backfill(settings: Settings, replay: Path | None, console: Console) -> list[RunReport]:
    from rich.progress import Progress

    from flows.request import BackfillRequest
    from jobzone.services import runs

    request = BackfillRequest(start=START, end=END, replay=replay)
    with Progress(console=console) as progress:
        bar = progress.add_task(
            f"backfill: {len(request.dates)} monthly as-of runs (Prefect, local mode)", total=len(request.dates)
        )
        return runs.backfill(settings, request, on_run=lambda report: progress.advance(bar))


def show_history(settings: Settings, console: Console) -> None:
    from jobzone.cli.output import print_table
    from jobzone.services import reads

    histories = reads.all_histories(settings.db)
    rows = []
    for role_id, points in histories.items():
        scores = [a for _, a in points]
        rows.append(
            (
                role_id,
                f"{points[0][0]:%Y-%m} .. {points[-1][0]:%Y-%m}",
                spark(scores),
                f"{min(scores):.1f} .. {max(scores):.1f}",
                f"{scores[-1]:.1f}",
            )
        )
    print_table("Score history (one point per month)", ["role", "as of", "history", "range", "last"], rows)


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

    path = settings.roles / "mlops-engineer.toml"
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
    return runs.run(settings, RunRequest.rerun(RELEASE, as_of=END, alert=True))


def main() -> None:
    from rich.console import Console

    console = Console(soft_wrap=True)
    started = time.perf_counter()
    replay = fixtures()
    workspace = fresh_workspace()
    from jobzone.settings import Settings

    settings = Settings(
        db=workspace / "jobzone.duckdb",
        roles=workspace / "roles",
        outbox_dir=workspace / "outbox",
        secret=DEMO_SECRET,
        prefect=True,
        prefect_start=True,  # Prefect's local mode: the demo's flows run for real without a server to start
    )
    say(
        console,
        f"1. Backfill {START} .. {END} on " + (f"the real recorded data ({replay})" if replay else "live sources"),
    )
    reports = backfill(settings, replay, console)
    show_history(settings, console)
    backfill_alerts = show_alerts(settings, console, set())
    held = next((r.alerts_held for r in reports if r.alerts_held), None)
    console.print(
        f"The backfill built history and alerted nobody: {len(backfill_alerts)} alerts from {len(reports)} past "
        f"as-of runs ({held}).",
        markup=False,
    )
    say(console, "2. A subscriber follows every role (double opt-in, mail written as .eml files)")
    confirm_demo_subscriber(settings, console)
    say(console, "3. What the subscriber was told: nothing yet; the baseline is the score seen when confirming")
    from jobzone.services import reads

    latest = {role_id: points[-1] for role_id, points in reads.all_histories(settings.db).items()}
    for role_id, (as_of, aijri) in sorted(latest.items()):
        console.print(f"{role_id}: {aijri:.1f} (as of {as_of}) on confirming; alerts tell what moves from there.")
    say(console, f"4. On demand: a rerun after '{RELEASE}'")
    report = act_out_rerun(settings, console)

    change = reads.diff(settings.db, report.run_id)["changes"][0]
    console.print(
        f"mlops-engineer moved {change['before_aijri']:.1f} → {change['after_aijri']:.1f} "
        f"({change['before_label']} → {change['after_label']}); the digest explains why:"
    )
    show_alerts(settings, console, set(backfill_alerts))
    say(console, "5. The whole catalogue follows the market for a year: what moved, where, and why")
    from jobzone.demo_catalogue import catalogue_year

    catalogue = catalogue_year(REPO, workspace, replay, console)
    say(console, "6. AI capability moves scores too: a new frontier model is an event")
    from jobzone.demo_catalogue import capability_event

    capability_event(REPO, workspace, replay, console)
    say(console, "7. The static site, and where to look")
    from web.site import write_site

    written = write_site(settings, workspace / "site")
    db = _shown(settings.db)
    console.print(
        f"- {len(list(settings.outbox_dir.glob('*.eml')))} messages in {_shown(settings.outbox_dir)}/ "
        f"({len(backfill_alerts)} alerts during the backfill, 1 after the rerun, 1 confirmation)",
        markup=False,
    )
    console.print(f"- the site: {_shown(workspace / 'site' / 'index.html')} ({len(written)} files)", markup=False)
    console.print(f"- JOBZONE_DB={db} .venv/bin/jobzone history mlops-engineer", markup=False)
    console.print(f"- JOBZONE_DB={db} .venv/bin/jobzone explain mlops-engineer", markup=False)
    catalogue_db = _shown(workspace / "catalogue.duckdb")
    console.print(
        f"- JOBZONE_DB={catalogue_db} .venv/bin/jobzone diff --run {catalogue.run_id}   # every move", markup=False
    )
    console.print(f"- JOBZONE_DB={catalogue_db} .venv/bin/jobzone explain registered-nurses", markup=False)
    console.print(
        f"- JOBZONE_DB={db} JOBZONE_SECRET={DEMO_SECRET} JOBZONE_ROLES={_shown(settings.roles)} "
        ".venv/bin/jobzone web   # then open http://127.0.0.1:8000",
        markup=False,
    )
    console.print(
        f"demo finished in {time.perf_counter() - started:.0f}s: {len(reports) + 5} runs, "
        f"{len(backfill_alerts) + 1} alerts.",
        markup=False,
    )


def _shown(path: Path) -> Path:
    return path.relative_to(REPO) if path.is_relative_to(REPO) else path


if __name__ == "__main__":
    main()
