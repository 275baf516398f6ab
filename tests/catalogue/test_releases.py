"""AI-tool releases as data: validated whole, applied across the drafted catalogue in order (idempotent,
withdrawable, byte-identical to draft + releases), reviewed files get a proposal, and causes name the release."""

import json
import shutil
from pathlib import Path

import pytest

from catalogue.releases import load_release
from jobzone.settings import Settings
from scoring.errors import JobzoneError
from tests.catalogue.conftest import SCORED_AS_OF
from tests.conftest import REPO
from tests.helpers import jobzone
from web import data, pages

RELEASE = REPO / "releases" / "2025-11-24-claude-opus-4-5.toml"


def test_a_release_file_is_validated_whole(tmp_path):
    release_id, release = load_release(RELEASE)
    assert (release_id, release.name, len(release.effects)) == ("2025-11-24-claude-opus-4-5", "Claude Opus 4.5", 2)
    bad = tmp_path / "2025-01-01-bad.toml"
    bad.write_text(
        'name = "X"\ndate = 2025-01-01\nsource = "not a url"\nwhen = 1\n'
        '[[effects]]\nselect = { exposure = ["E9"], text = "(" }\nchange = 0\nrationale = "r"\n'
    )
    with pytest.raises(JobzoneError) as caught:
        load_release(bad)
    problems = str(caught.value).splitlines()
    for expected in (  # every problem at once, each in the file's terms: effects numbered as the file has them
        'source: should be the web address of the release\'s announcement (https://...) (got "not a url")',
        "when: not a field of a release file (a misspelling?) (got 1)",
        "effect 1, select.exposure (item 1): Input should be 'E0', 'E1' or 'E2' (got \"E9\")",
        "effect 1, select.text: not a regular expression",
        "effect 1, change: must move the score (not 0) (got 0)",
    ):
        assert any(line == f"{bad}: {expected}" or expected in line for line in problems), (expected, problems)
    assert all(line.startswith(f"{bad}: ") for line in problems) and "datetime" not in str(caught.value)
    misnamed = tmp_path / "claude.toml"
    shutil.copy(RELEASE, misnamed)
    with pytest.raises(JobzoneError, match="must start with the release date") as caught:
        load_release(misnamed)
    assert "the file name must be <date>-<slug>.toml" in str(caught.value)  # both problems of the name at once


@pytest.fixture
def catalogue(drafted_catalogue):
    """A catalogue drafted with no release applied, scored, and the release folder beside it."""
    return drafted_catalogue.roles, drafted_catalogue.releases, drafted_catalogue.env, drafted_catalogue.db


def run(*args, catalogue):
    roles, releases, env, db = catalogue
    return json.loads(jobzone("release", *args, "--json", db=db, roles=roles, env=env).stdout)


def stored_scores(catalogue) -> dict[str, tuple[float, str]]:
    roles, releases, env, db = catalogue
    rows = json.loads(jobzone("scores", "--json", "--limit", "5000", db=db, env=env).stdout)
    return {row["role_id"]: (float(row["aijri_display"]), row["zone"]) for row in rows}


def customer_release(catalogue) -> Path:
    """A release written as an analyst would: the IWAs `jobzone activities` finds for the words, their selectors
    pasted into a file, checked by `release validate` and `release explain`."""
    roles, releases, env, db = catalogue
    found = json.loads(jobzone("activities", "customer", "--json", db=db, env=env).stdout)
    iwas = [m for m in found["activities"] if m["kind"] == "iwa" and m["matched"] == m["title"]][:2]
    assert [m["title"] for m in iwas] == [
        "Provide information to guests, clients, or customers.",
        "Respond to customer problems or inquiries.",
    ] and found["tasks_found"] >= 400
    assert all(task["soc"] and task["statement"] for task in found["tasks"])
    path = releases / "2026-06-01-customer-agents.toml"
    ids = ", ".join(f'"{m["id"]}"' for m in iwas)
    path.write_text(
        'name = "Customer agents"\ndate = 2026-06-01\nsource = "https://example.org/customer-agents"\n\n'
        f'[[effects]]\nselect = {{ iwa = [{ids}], exposure = ["E1", "E2"] }}\nchange = 2\n'
        'rationale = "voice and chat agents answer and resolve most customer questions"\n'
    )
    assert "valid" in jobzone("release", "validate", str(path), db=db, env=env).stdout
    explained = json.loads(jobzone("release", "explain", str(path), "--json", db=db, env=env).stdout)
    effect = explained["effects"][0]
    assert effect["tasks"] >= 50 and effect["roles"] >= 30 and len(effect["examples"]) == 5
    assert all(e["moved_to"] == min(5, e["score"] + 2) for e in effect["examples"])
    return path


def test_a_release_written_with_the_finders_dry_runs_exactly_as_its_rerun_scores(catalogue):
    """On the whole catalogue scored on the recorded market data: the dry run's every predicted move and zone
    change is what the apply's rerun stores and the pages show, and no other role moves."""
    roles, releases, env, db = catalogue
    release = customer_release(catalogue)
    before = {p.name: p.read_bytes() for p in roles.rglob("*.toml")}
    shown = stored_scores(catalogue)
    preview = run("apply", str(release), "--dry-run", catalogue=catalogue)
    assert {p.name: p.read_bytes() for p in roles.rglob("*.toml")} == before  # a dry run writes nothing
    assert not (releases / "proposals").exists() and stored_scores(catalogue) == shown
    assert preview["scored_as_of"] == SCORED_AS_OF  # the rerun's date: the newest stored scores'
    assert preview["tasks_moved"] >= 50 and preview["zone_changes"] >= 1 and preview["scores_moved"] >= 30

    applied = run("apply", str(release), catalogue=catalogue)
    after = stored_scores(catalogue)
    moved = {role: now for role, now in after.items() if now != shown[role]}
    assert len(moved) == preview["scores_moved"] == applied["scores_moved"]  # no other role moves
    assert all(after[m["role_id"]] == (m["after"], m["zone_after"]) for m in preview["largest"])
    assert {m["role_id"]: (m["after"], m["zone_after"]) for m in preview["zone_change_roles"]} == {
        role: now for role, now in moved.items() if now[1] != shown[role][1]
    }  # every zone change predicted, none missed
    for key in ("tasks_moved", "roles_moved", "largest", "zone_change_roles"):
        assert applied[key] == preview[key], key
    settings = Settings(db=db, roles=roles, prefect=False, releases=releases)
    for change in preview["zone_change_roles"]:  # the role pages show the predicted score and zone
        score = data.role_page(settings, change["role_id"])["score"]
        assert (score["aijri_display"], score["zone"]) == (f"{change['after']:.1f}", change["zone_after"])
        assert f">{change['after']:.1f}<" in pages.role_html(settings, change["role_id"])


def test_apply_is_idempotent_withdrawable_and_byte_identical_to_draft_plus_releases(catalogue):
    roles, releases, env, db = catalogue
    before = {p.name: p.read_bytes() for p in (roles / "onet").glob("*.toml")}
    reviewed = roles / "onet" / "data-scientists.toml"
    reviewed.write_text(reviewed.read_text().replace('status = "draft"', 'status = "reviewed"'))

    applied = run("apply", str(releases / RELEASE.name), catalogue=catalogue)
    assert applied["tasks_moved"] >= 300 and applied["proposals"] == ["data-scientists"]
    committed = {p.name: p.read_bytes() for p in (REPO / "roles" / "onet").glob("*.toml")}
    now = {p.name: p.read_bytes() for p in (roles / "onet").glob("*.toml")}
    assert {k: v for k, v in now.items() if k != reviewed.name} == {
        k: v for k, v in committed.items() if k != reviewed.name
    }  # = draft + releases
    assert 'status = "reviewed"' in reviewed.read_text() and "Claude Opus 4.5" not in reviewed.read_text()
    proposal = (releases / "proposals" / "2025-11-24-claude-opus-4-5" / "data-scientists.toml").read_text()
    assert "Reassessed after Claude Opus 4.5" in proposal

    settings = Settings(db=db, roles=roles, prefect=False, releases=releases)
    page = pages.releases_html(settings)
    assert "Claude Opus 4.5" in page and "Computer and Mathematical" in page  # what it moved, by category
    assert 'class="marker"' in pages.role_html(settings, "web-and-digital-interface-designers")  # on the chart
    changes = data.role_page(settings, "web-and-digital-interface-designers")["changes"]
    causes = " ".join(changes[0]["causes"])
    assert changes[0]["reason"] == "Claude Opus 4.5 (2025-11-24)"
    assert "Reassessed after: Claude Opus 4.5 (2025-11-24): task '" in causes and "automation 3 → 4 (effect: " in causes

    result = jobzone("release", "apply", str(releases / RELEASE.name), db=db, roles=roles, env=env)
    assert "already applied: nothing changes" in result.stdout  # idempotent
    withdrawn = run("withdraw", str(releases / RELEASE.name), catalogue=catalogue)
    assert withdrawn["roles_moved"] == applied["roles_moved"]  # every draft it moved
    assert {p.name: p.read_bytes() for p in (roles / "onet").glob("*.toml") if p != reviewed} == {
        k: v for k, v in before.items() if k != reviewed.name
    }
    runs = json.loads(jobzone("runs", "--json", db=db).stdout)
    assert [r["reason"] for r in runs[:2]] == [
        "Withdrawn: Claude Opus 4.5 (2025-11-24)",
        "Claude Opus 4.5 (2025-11-24)",
    ]
    # A reader is told the release was withdrawn and what each task went back to: no field path, no rationale.
    back = data.role_page(settings, "web-and-digital-interface-designers")["changes"][0]["causes"]
    withdrawn_tasks = [line for line in back if line.startswith("Release withdrawn: '")]
    assert withdrawn_tasks and all(" back from 4 to 3" in line for line in withdrawn_tasks)
    # the rest: the evidence its changed tasks read (AI tool maturity weighs the work AI capability reaches)
    assert all(line.startswith("AI tool maturity") for line in back if line not in withdrawn_tasks), back
    assert not any(marker in " ".join(back) for marker in ("tasks[", ".reassessed", "rationale", "draft."))


def test_an_effect_that_selects_nothing_is_refused(fixtures, tmp_path):
    from catalogue.datasets import DATASETS, read
    from catalogue.document import draft_catalogue

    idle = tmp_path / "2025-11-24-idle.toml"
    idle.write_text(
        RELEASE.read_text().replace('automation = ["T2"] }', 'automation = ["T2"], text = "zzzz nothing" }', 1)
    )
    raw = {name: read(d, (fixtures / d.recording).read_bytes()) for name, d in DATASETS.items()}
    with pytest.raises(JobzoneError, match="release selectors that match no task: 2025-11-24-idle effect 1"):
        draft_catalogue(raw, None, [load_release(idle)])


def test_announce_release_applies_it_here_and_the_event_names_it(catalogue):
    import http.server
    import threading

    roles, releases, env, db = catalogue
    received = []

    class Prefect(http.server.BaseHTTPRequestHandler):  # a stand-in API that records the event it accepts
        def do_GET(self):
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"true")

        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Prefect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        api = {**env, "PREFECT_API_URL": f"http://127.0.0.1:{server.server_address[1]}/api"}
        result = jobzone("announce", "--release", str(releases / RELEASE.name), db=db, roles=roles, env=api)
    finally:
        server.shutdown()
    assert "announced 'Claude Opus 4.5 (2025-11-24)'" in result.stdout
    assert received[0][0]["payload"]["reason"] == "Claude Opus 4.5 (2025-11-24)"
    assert "Claude Opus 4.5" in (roles / "onet" / "data-scientists.toml").read_text()  # applied here, scored there


def test_offline_a_command_that_reads_the_datasets_says_to_replay_them(tmp_path):
    # (`release explain`, `release apply` and `draft` read them through the same function: one command suffices)
    failed = jobzone("activities", "customer", db=tmp_path / "w.duckdb", roles=tmp_path, check=False)
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert "robots.txt unreachable" in failed.stderr  # the fetch error itself, then what to do
    assert "Offline? Read the recorded datasets instead: --replay DIR (or JOBZONE_REPLAY=DIR)" in failed.stderr
