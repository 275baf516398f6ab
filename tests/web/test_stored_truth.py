"""Pages and the API read what runs stored, never files on disk: a release file half-way through an edit beside the
real one breaks no page or API answer, and a role is named the same way in confirmation mail from the CLI and the
web (the real `jobzone web` process, a real SMTP server)."""

from __future__ import annotations

import shutil

import requests

from tests.conftest import REPO
from tests.helpers import add_drafts, cli, wait_for_mail
from tests.web.conftest import web_process

PATHS = (
    "/",
    "/roles/data-scientists",
    "/roles/mlops-engineer",
    "/roles/data-scientists.atom",
    "/releases",
    "/movers",
    "/movers.atom",
    "/categories",
    "/search?q=data",
    "/ai",
    "/methodology",
    "/api/roles",
    "/api/roles/data-scientists",
    "/api/roles/data-scientists/history",
    "/api/search?q=data",
    "/api/categories",
    "/api/movers",
    "/openapi.json",
    "/api/docs",
)


def test_a_half_written_release_file_breaks_no_page_and_the_next_run_names_it(tmp_path, site_env, roles_dir):
    releases = tmp_path / "releases"
    shutil.copytree(REPO / "releases", releases, ignore=shutil.ignore_patterns("proposals"))
    add_drafts(roles_dir, "data-scientists")
    env = {**site_env, "JOBZONE_RELEASES": str(releases)}
    cli(env, "run", "--skip-ingest")
    (real,) = [p for p in releases.glob("20*.toml")]
    (releases / "2026-12-01-half-written.toml").write_text(real.read_text()[: len(real.read_text()) // 2])
    real.write_text(real.read_text()[:200])  # the real one mid-edit too
    with web_process(env) as base:
        answers = {path: requests.get(f"{base}{path}") for path in PATHS}
        assert {path: a.status_code for path, a in answers.items() if a.status_code != 200} == {}
        assert "Claude Opus 4.5" in answers["/releases"].text  # as the run stored it
        assert "<strong>Claude Opus 4.5</strong>, released 2025-11-24" in answers["/roles/data-scientists"].text

        rerun = cli(env, "rerun", "--reason", "an analyst's edit")  # a run with both files unreadable
        assert "release file not read (pages keep what was stored for it)" in rerun.stdout
        assert "2026-12-01-half-written.toml" in rerun.stdout and real.name in rerun.stdout
        assert requests.get(f"{base}/releases").status_code == 200
        assert "Claude Opus 4.5" in requests.get(f"{base}/releases").text  # its stored record was kept


def test_a_role_is_named_the_same_way_in_cli_and_web_confirmation_mail(server, smtp, site_env):
    session = requests.Session()
    page = session.get(f"{server}/roles/mlops-engineer").text
    csrf = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    form = {"csrf": csrf, "email": "web@example.org", "role_id": "mlops-engineer"}
    assert session.post(f"{server}/subscribe", data=form).status_code == 200
    from_web = wait_for_mail(smtp, 1, timeout=15).get_body(("plain",)).get_content()
    cli(site_env, "subscribe", "cli@example.org", "mlops-engineer")
    cli(site_env, "send")
    from_cli = wait_for_mail(smtp, 2).get_body(("plain",)).get_content()
    name = "MLOps Engineer (Mid-level)"
    assert name in from_web and name in from_cli
