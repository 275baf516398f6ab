"""`jobzone site` replaces the live site whole: a kill at any point of the write
or a full disk leaves the previous site as it was, pages that are no longer built disappear, and a folder that
cannot be written is one readable error."""

import json
import signal
import subprocess
import sys

import pytest

from jobzone.settings import Settings
from tests.conftest import REPO
from tests.helpers import jobzone, quick_run
from web.site import MARKER, SiteError, write_site

CHILD = """
import os, resource, signal, sys
from pathlib import Path
sys.path.insert(0, {repo!r})
from jobzone.settings import Settings
from web.site import write_site

db, roles, out, kill_at, limit = sys.argv[1:6]
settings = Settings(db=Path(db), roles=Path(roles), prefect=False)
count = [0]
real_write, real_rename = Path.write_text, os.rename

def write(self, *args, **kwargs):
    count[0] += 1
    if kill_at == f"page-{{count[0]}}":
        os.kill(os.getpid(), signal.SIGKILL)
    return real_write(self, *args, **kwargs)

def rename(source, target):
    if kill_at == "between-renames" and str(target).endswith("site"):
        os.kill(os.getpid(), signal.SIGKILL)
    return real_rename(source, target)

Path.write_text, os.rename = write, rename
if int(limit):
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG, like a full disk
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(limit), int(limit)))
try:
    write_site(settings, Path(out))
except Exception as exc:
    print(type(exc).__name__, exc)
"""


@pytest.fixture
def scored(tmp_path, roles_dir):
    settings = Settings(db=tmp_path / "w.duckdb", roles=roles_dir, prefect=False, secret="x" * 32)
    quick_run(settings)
    return settings


def snapshot(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def child(settings, out, kill_at="never", limit=0):
    script = CHILD.format(repo=str(REPO))
    args = [str(settings.db), str(settings.roles), str(out), kill_at, str(limit)]
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("kill_at", ["page-1", "page-6", "page-12", "between-renames"])
def test_a_kill_anywhere_in_the_write_leaves_the_previous_site_whole(scored, tmp_path, kill_at):
    out = tmp_path / "site"
    write_site(scored, out)
    (out / "roles" / "gone.html").write_text("a role that no longer exists")  # an earlier build's page
    marker = json.loads((out / MARKER).read_text())
    (out / MARKER).write_text(json.dumps({"files": [*marker["files"], "roles/gone.html"]}))
    before = snapshot(out)
    assert child(scored, out, kill_at).returncode == -signal.SIGKILL
    if kill_at == "between-renames":
        assert not out.exists()  # the one moment without a site: the next write (or read) puts it back
        write_site(scored, out)
        assert "roles/gone.html" not in snapshot(out) and (out / "index.html").is_file()
    else:
        assert snapshot(out) == before  # byte for byte, the site a reader was being served
        write_site(scored, out)
        assert snapshot(out).keys() == before.keys() - {"roles/gone.html"}  # stale pages go with the old site
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_a_full_disk_is_one_readable_error_and_the_site_is_unchanged(scored, tmp_path):
    out = tmp_path / "site"
    write_site(scored, out)
    before = snapshot(out)
    result = child(scored, out, limit=4096)  # the role page is larger: the write fails as on a full disk
    assert result.returncode == 0 and result.stdout.startswith("SiteError ")
    assert "cannot write the site (File too large); the previous site is unchanged" in result.stdout
    assert snapshot(out) == before


def test_a_site_folder_that_cannot_be_written_is_a_mistake_not_a_bug(scored, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(SiteError, match="cannot write the site"):
        write_site(scored, blocker / "site")
    result = jobzone("site", str(blocker / "site"), db=scored.db, roles=scored.roles, check=False)
    assert result.returncode == 1 and result.stderr.startswith("error: ") and "Traceback" not in result.stderr


def test_the_site_replaces_only_a_folder_it_wrote_and_deletes_nothing_else(tmp_path, roles_dir):
    """`jobzone site .` in a working folder once deleted the warehouse, .git and an operator's notes: a site now replaces only a folder holding exactly what an earlier `jobzone site` wrote."""
    settings = Settings(db=tmp_path / "work" / "w.duckdb", roles=roles_dir, prefect=False)
    quick_run(settings)
    notes = tmp_path / "work" / "notes.txt"
    notes.write_text("mine")
    before = sorted(p.name for p in (tmp_path / "work").iterdir())
    refused = jobzone("site", str(tmp_path / "work"), db=settings.db, check=False)
    assert refused.returncode == 1 and "holds the warehouse" in refused.stderr and "Traceback" not in refused.stderr
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == before and notes.read_text() == "mine"

    other = tmp_path / "other"
    other.mkdir()
    (other / "todo.md").write_text("keep")
    with pytest.raises(SiteError, match="holds files jobzone did not write"):
        write_site(settings, other)
    (other / "todo.md").unlink()
    (other / ".git").mkdir()
    with pytest.raises(SiteError, match="is a git repository"):
        write_site(settings, other)

    site = tmp_path / "site"
    write_site(settings, site)
    write_site(settings, site)  # its own site: replaced
    (site / "about.html").write_text("<p>by hand</p>")
    with pytest.raises(SiteError, match="about.html was not written by jobzone"):
        write_site(settings, site)
    assert (site / "about.html").read_text() == "<p>by hand</p>" and (site / "index.html").exists()
