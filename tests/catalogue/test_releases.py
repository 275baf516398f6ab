"""AI-tool releases as data: validated whole, applied across the drafted catalogue in order (idempotent,
withdrawable, byte-identical to draft + releases), reviewed files get a proposal, and causes name the release."""

import json
import shutil

import pytest

from catalogue.releases import load_release
from jobzone.settings import Settings
from scoring.errors import JobzoneError
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
    for expected in (
        "source: String should match pattern",
        "when: Extra inputs are not permitted",
        "effects.0.select.exposure.0: Input should be 'E0', 'E1' or 'E2'",
        "effects.0.select.text",
        "effects.0.change: Value error, must move the score",
    ):
        assert any(expected in line for line in problems), (expected, problems)
    misnamed = tmp_path / "claude.toml"
    shutil.copy(RELEASE, misnamed)
    with pytest.raises(JobzoneError, match="must start with the release date"):
        load_release(misnamed)


@pytest.fixture
def catalogue(drafted_catalogue):
    """A catalogue drafted with no release applied, scored, and the release folder beside it."""
    return drafted_catalogue.roles, drafted_catalogue.releases, drafted_catalogue.env, drafted_catalogue.db


def run(*args, catalogue):
    roles, releases, env, db = catalogue
    return json.loads(jobzone("release", *args, "--json", db=db, roles=roles, env=env).stdout)


def test_apply_is_idempotent_withdrawable_and_byte_identical_to_draft_plus_releases(catalogue):
    roles, releases, env, db = catalogue
    before = {p.name: p.read_bytes() for p in (roles / "onet").glob("*.toml")}
    reviewed = roles / "onet" / "data-scientists.toml"
    reviewed.write_text(reviewed.read_text().replace('status = "draft"', 'status = "reviewed"'))
    preview = run("apply", str(releases / RELEASE.name), "--dry-run", catalogue=catalogue)
    assert preview["tasks_moved"] >= 300 and preview["roles_moved"] >= 200 and preview["zone_changes"] >= 1
    assert {p.name: p.read_bytes() for p in (roles / "onet").glob("*.toml") if p != reviewed} == {
        k: v for k, v in before.items() if k != reviewed.name
    }  # a dry run writes nothing

    applied = run("apply", str(releases / RELEASE.name), catalogue=catalogue)
    assert applied["tasks_moved"] == preview["tasks_moved"] and applied["proposals"] == ["data-scientists"]
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
    assert back and all(line.startswith("Release withdrawn: '") and " back from 4 to 3" in line for line in back)
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
