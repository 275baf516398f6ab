"""`jobzone draft` killed (SIGKILL) while it writes hundreds of files: it used to leave 235 of 923 files and a stray
temporary file, and `validate` said they were valid. Now the draft is journaled like a release change: validate
and run refuse the half-written catalogue, and the same command repeated completes it and removes the stray file.

The child process runs the real `jobzone.services.catalogue.draft` over a small synthetic catalogue (the datasets
and the drafting itself stand in: labelled below), so a kill point is cheap."""

import signal
import subprocess
import sys
import textwrap

import pytest

from catalogue import journal
from scoring.errors import JobzoneError
from tests.conftest import REPO
from tests.helpers import jobzone

ROLES = 50  # synthetic drafted roles

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    sys.path.insert(0, {repo!r})
    from catalogue.document import DraftedCatalogue
    from jobzone.services import catalogue as service
    from jobzone.settings import Settings

    root, kill_at, version = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    settings = Settings(db=root / "w.duckdb", roles=root / "roles", releases=root / "releases")
    service.read_datasets = lambda settings: {{}}  # synthetic: no datasets read
    service.titles_csv = lambda raw: "title,role_id\\n"

    def draft(raw, only, releases, with_coverage=False):  # synthetic: valid drafted roles, marked with a version
        text = open({reference!r}).read().replace('title = "MLOps Engineer"', f'title = "MLOps Engineer {{version}}"')
        text = text.replace(
            "[evidence]", '[draft]\\nstatus = "draft"\\ngenerator = "synthetic"\\ndrafted_on = 2025-08-29\\n\\n[evidence]', 1
        )
        return DraftedCatalogue({{f"r{{i:03d}}": text.replace('id = "mlops-engineer"', f'id = "r{{i:03d}}"')
                                 for i in range({roles})}}, None)

    service.draft_catalogue = draft
    renames = {{"n": 0}}
    real_replace = Path.replace

    def counted_replace(self, target):
        renames["n"] += 1
        if renames["n"] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)  # the temporary file is written, not yet renamed
        return real_replace(self, target)

    Path.replace = counted_replace
    summary = service.draft(settings)
    print(summary.created, summary.updated)
    """
).format(repo=str(REPO), roles=ROLES, reference=str(REPO / "roles" / "mlops-engineer.toml"))


def draft(root, version: str, kill_at: int = 0) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(root), str(kill_at), version], capture_output=True, text=True, timeout=120
    )


def versions(root) -> set[str]:
    return {
        next(line for line in p.read_text().splitlines() if line.startswith("title =")).split()[-1].strip('"')
        for p in (root / "roles" / "onet").glob("r*.toml")
    }


# Renames: 1 is the journal, 2..51 the role files, 52 the titles file, 53 the journal's removal is an unlink.
@pytest.mark.parametrize("kill_at", [2, 30, 52])
def test_a_killed_draft_is_refused_by_validate_and_run_until_the_same_command_completes_it(tmp_path, kill_at):
    first = draft(tmp_path, "v1")
    assert first.returncode == 0, first.stderr
    assert first.stdout.split() == [str(ROLES), "0"] and versions(tmp_path) == {"v1"}
    assert journal.pending(tmp_path / "releases") is None
    killed = draft(tmp_path, "v2", kill_at=kill_at)
    assert killed.returncode == -signal.SIGKILL
    onet = tmp_path / "roles" / "onet"
    assert len(list(onet.glob(".*.tmp"))) == 1  # the file being written when the kill came
    expected = "half-written: `jobzone draft --out .*onet` was interrupted"
    with pytest.raises(JobzoneError, match=expected):
        journal.refuse_half_written(tmp_path / "releases")
    for command in (["validate", str(onet)], ["run", "--skip-ingest"]):
        refused = jobzone(
            *command,
            db=tmp_path / "w.duckdb",
            roles=tmp_path / "roles",
            check=False,
            env={"JOBZONE_RELEASES": str(tmp_path / "releases"), "JOBZONE_PREFECT": "false"},
        )
        assert refused.returncode == 1 and "half-written" in refused.stderr, (command, refused.stderr)
    again = draft(tmp_path, "v2")
    assert again.returncode == 0, again.stderr
    assert versions(tmp_path) == {"v2"} and len(list(onet.glob("r*.toml"))) == ROLES
    assert list(onet.glob(".*.tmp")) == [] and journal.pending(tmp_path / "releases") is None
    ok = jobzone(
        "validate",
        str(onet),
        db=tmp_path / "w.duckdb",
        roles=tmp_path / "roles",
        env={"JOBZONE_RELEASES": str(tmp_path / "releases")},
    )
    assert f"{ROLES} role file(s) valid" in ok.stdout


def test_another_command_does_not_complete_an_interrupted_draft(tmp_path):
    assert draft(tmp_path, "v1", kill_at=10).returncode == -signal.SIGKILL
    other = jobzone(
        "draft",
        "--only",
        "29-1141",
        db=tmp_path / "w.duckdb",
        roles=tmp_path / "roles",
        check=False,
        env={"JOBZONE_RELEASES": str(tmp_path / "releases")},
    )
    assert other.returncode == 1 and "was interrupted" in other.stderr and "run it again to finish" in other.stderr
