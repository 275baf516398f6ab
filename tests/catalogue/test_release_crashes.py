"""A release change killed (SIGKILL) at any point of its bulk write never leaves a catalogue that validates or
scores as if nothing happened, and a repeat of the same command completes it.

Most tests run the real `jobzone.services.releases` code in a child process over a small synthetic catalogue
(labelled below) so that every kill point is cheap; one test does it on the real drafted catalogue."""

import json
import shutil
import signal
import subprocess
import sys
import textwrap

import pytest

from catalogue import journal
from catalogue.releases import applied
from scoring.errors import JobzoneError
from tests.conftest import REPO
from tests.helpers import jobzone

RELEASE = REPO / "releases" / "2025-11-24-claude-opus-4-5.toml"
ROLES = 200  # synthetic drafted roles
NEW = f"applied = ['{RELEASE.stem}']"

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    sys.path.insert(0, {repo!r})
    from catalogue.document import DraftedCatalogue
    from jobzone.services import releases as service
    from jobzone.settings import Settings

    root, kill_at, verb = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    settings = Settings(db=root / "w.duckdb", roles=root / "roles", releases=root / "releases")

    def draft(raw, only, releases):  # synthetic: a catalogue whose text names the releases applied to it
        ids = [r[0] for r in releases]
        return DraftedCatalogue({{f"r{{i:03d}}": f'id = "r{{i:03d}}"\\napplied = {{ids!r}}\\n[draft]\\nstatus = "draft"\\n'
                 for i in range({roles})}}, None)

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    service.read_datasets = lambda settings: {{}}
    service.draft_catalogue = draft
    service.task_moves = lambda before, after, ids: service.TaskMoves(0, sorted(after.texts))
    service.predicted_impact = lambda settings, reason, files, texts: service.NO_IMPACT
    service.proposals_for = lambda *args: {{}}
    class Report:
        run_id = 7

    def rerun(settings, request, note):  # stands in for the scoring run, which the pipeline tests cover
        assert request.kind == "rerun"
        (root / "rerun").write_text(request.reason)
        return Report()

    service.runs.run = rerun
    renames = {{"n": 0}}
    real_replace = Path.replace

    def counted_replace(self, target):
        renames["n"] += 1
        if kill_at.startswith("file-") and renames["n"] == int(kill_at[5:]):
            die()
        return real_replace(self, target)

    Path.replace = counted_replace
    if kill_at == "applied-list":
        service.write_applied = die
    if kill_at == "rerun":
        service.runs.run = die
    change = service.apply_release if verb == "apply" else service.withdraw_release
    outcome = change(settings, settings.releases / {release!r})
    print(outcome.run_id, outcome.already, outcome.completed)
    """
).format(repo=str(REPO), roles=ROLES, release=RELEASE.name)


def catalogue(tmp_path, applied_ids=()):
    (tmp_path / "roles" / "onet").mkdir(parents=True)
    (tmp_path / "releases").mkdir()
    shutil.copy(RELEASE, tmp_path / "releases" / RELEASE.name)
    for i in range(ROLES):  # the catalogue before the change
        path = tmp_path / "roles" / "onet" / f"r{i:03d}.toml"
        path.write_text(f'id = "r{i:03d}"\napplied = {list(applied_ids)!r}\n[draft]\nstatus = "draft"\n')
    if applied_ids:
        from catalogue.releases import write_applied

        write_applied(tmp_path / "releases", list(applied_ids))
    return tmp_path


def change(root, verb="apply", kill_at="never") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(root), kill_at, verb], capture_output=True, text=True, timeout=120
    )


def states(root) -> set[str]:
    """The distinct `applied = [...]` lines of the synthetic role files: one when the catalogue is whole."""
    return {p.read_text().splitlines()[1] for p in (root / "roles" / "onet").glob("r*.toml")}


def test_a_kill_before_the_journal_is_written_changes_nothing(tmp_path):
    root = catalogue(tmp_path)
    assert change(root, kill_at="file-1").returncode == -signal.SIGKILL  # rename 1 is the journal's own
    assert journal.pending(root / "releases") is None and states(root) == {"applied = []"}
    assert change(root).returncode == 0 and states(root) == {NEW}


# Renames: 1 is the journal, 2..201 the role files; then the applied list (killed on entry here).
@pytest.mark.parametrize("kill_at", ["file-2", "file-121", "file-201", "applied-list"])
def test_a_kill_while_the_files_are_written_is_refused_until_a_repeat_completes_it(tmp_path, kill_at):
    root = catalogue(tmp_path)
    killed = change(root, kill_at=kill_at)
    assert killed.returncode == -signal.SIGKILL
    with pytest.raises(JobzoneError, match="half-written: `jobzone release apply .*` was interrupted"):
        journal.refuse_half_written(root / "releases")  # what validate, run and draft check first
    half = {"file-2": {"applied = []"}, "applied-list": {NEW}}.get(kill_at, {"applied = []", NEW})
    assert states(root) == half  # none, some or all of the files rewritten, and the applied list not (yet)
    again = change(root)
    assert again.returncode == 0, again.stderr
    assert states(root) == {NEW} and len(list((root / "roles" / "onet").glob("r*.toml"))) == ROLES
    assert applied(root / "releases") == [RELEASE.stem]
    assert (root / "rerun").read_text() == "Claude Opus 4.5 (2025-11-24)"
    assert journal.pending(root / "releases").stage == "rerun"  # the scoring run (faked here) closes it


def test_a_kill_before_the_rerun_leaves_the_scoring_to_a_repeat(tmp_path):
    root = catalogue(tmp_path)
    assert change(root, kill_at="rerun").returncode == -signal.SIGKILL
    pending = journal.pending(root / "releases")
    assert pending.stage == "rerun" and applied(root / "releases") == [RELEASE.stem]
    journal.refuse_half_written(root / "releases")  # the files are complete: validate and run accept them
    again = change(root)
    assert again.returncode == 0 and again.stdout.split() == ["7", "False", "True"]  # completed: the rerun ran
    assert (root / "rerun").read_text() == "Claude Opus 4.5 (2025-11-24)"


def test_a_withdraw_killed_mid_files_is_completed_by_a_repeat(tmp_path):
    root = catalogue(tmp_path, [RELEASE.stem])
    assert change(root, "withdraw", kill_at="file-91").returncode == -signal.SIGKILL
    with pytest.raises(JobzoneError, match="`jobzone release withdraw .*` was interrupted"):
        journal.refuse_half_written(root / "releases")
    assert change(root, "withdraw").returncode == 0
    assert states(root) == {"applied = []"} and applied(root / "releases") == []
    assert (root / "rerun").read_text() == "Withdrawn: Claude Opus 4.5 (2025-11-24)"


def test_a_kill_while_writing_the_applied_list_keeps_the_old_list_whole(tmp_path):
    root = catalogue(tmp_path, ["2025-01-01-earlier"])
    script = (
        f"import os, signal, sys\nsys.path.insert(0, {str(REPO)!r})\nfrom pathlib import Path\n"
        "from catalogue import releases\nreal = Path.write_text\n"
        "def torn(self, text, **kw):\n    real(self, text[:20], **kw)\n    os.kill(os.getpid(), signal.SIGKILL)\n"
        "Path.write_text = torn\n"
        f"releases.write_applied(Path({str(root / 'releases')!r}), ['2025-01-01-earlier', 'x'])\n"
    )
    killed = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert killed.returncode == -signal.SIGKILL
    assert applied(root / "releases") == ["2025-01-01-earlier"]  # the torn write went to a temporary file


def test_on_the_real_catalogue_a_kill_mid_apply_blocks_validate_and_run_until_repeated(drafted_catalogue):
    roles, releases, env, db = (
        drafted_catalogue.roles,
        drafted_catalogue.releases,
        drafted_catalogue.env,
        drafted_catalogue.db,
    )
    script = (
        f"import os, signal, sys\nsys.path.insert(0, {str(REPO)!r})\nfrom pathlib import Path\nreal = Path.replace\n"
        "count = [0]\ndef counted(self, target):\n    count[0] += 1\n"
        "    if count[0] == 100:\n        os.kill(os.getpid(), signal.SIGKILL)\n    return real(self, target)\n"
        "Path.replace = counted\nfrom jobzone.cli.main import main\n"
        f"sys.argv = ['jobzone', 'release', 'apply', {str(releases / RELEASE.name)!r}]\nmain()\n"
    )
    child_env = {**__import__("os").environ, "JOBZONE_DB": str(db), "JOBZONE_ROLES": str(roles)}
    child_env.update(env, JOBZONE_PREFECT="false")
    killed = subprocess.run([sys.executable, "-c", script], env=child_env, capture_output=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL
    for command in (("validate", str(roles)), ("run", "--skip-ingest")):
        refused = jobzone(*command, db=db, roles=roles, env=env, check=False)
        assert refused.returncode == 1 and "half-written" in refused.stderr, refused.stderr
    done = json.loads(
        jobzone("release", "apply", str(releases / RELEASE.name), "--json", db=db, roles=roles, env=env).stdout
    )
    assert done["tasks_moved"] >= 300 and "run" in done
    committed = {p.name: p.read_bytes() for p in (REPO / "roles" / "onet").glob("*.toml")}
    assert {p.name: p.read_bytes() for p in (roles / "onet").glob("*.toml")} == committed  # = draft + release
    diff = json.loads(jobzone("diff", "--run", str(done["run"]), "--json", db=db, env=env).stdout)
    assert diff["reason"] == "Claude Opus 4.5 (2025-11-24)" and len(diff["changes"]) >= 200


def test_the_next_whole_run_scores_an_unscored_release_and_names_it(tmp_path, roles_dir):
    """Finding 3: a release whose rerun was lost (a locked warehouse, a kill) is scored by the next run."""
    from flows.pipeline import run_pipeline
    from flows.request import RunRequest
    from jobzone.settings import Settings
    from warehouse.db import read_connection

    releases = tmp_path / "releases"
    releases.mkdir()
    settings = Settings(db=tmp_path / "w.duckdb", roles=roles_dir, releases=releases, prefect=False)
    reason = "Claude Opus 4.5 (2025-11-24)"
    journal.begin(releases, applied=[RELEASE.stem], reason=reason, command="jobzone release apply x")
    with pytest.raises(JobzoneError, match="half-written"):
        run_pipeline(settings, RunRequest.nightly(skip_ingest=True))
    journal.files_done(releases)
    subset = run_pipeline(settings, RunRequest.nightly(skip_ingest=True, roles=["mlops-engineer"]))
    assert subset.reason is None and journal.pending(releases) is not None  # a subset does not score a catalogue
    whole = run_pipeline(settings, RunRequest.nightly(skip_ingest=True, reason="nightly"))
    assert whole.reason == f"nightly; {reason}" and journal.pending(releases) is None
    with read_connection(settings.db) as con:
        assert [r[0] for r in con.execute("SELECT status FROM runs ORDER BY id").fetchall()] == ["succeeded"] * 2
