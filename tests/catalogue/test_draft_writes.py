"""Drafting writes what it says it writes: every file of `draft --out NEWDIR`, and
titles.csv replaced whole, so a kill never leaves the site's search an empty or cut list of names."""

import signal
import subprocess
import sys

from tests.conftest import REPO
from tests.helpers import jobzone

CHILD = """
import os, signal, sys
from pathlib import Path
sys.path.insert(0, {repo!r})
from catalogue.document import DraftedCatalogue
from jobzone.services import catalogue
from jobzone.settings import Settings

out = Path(sys.argv[1])
settings = Settings(db=out.parent / "w.duckdb", roles=out.parent / "roles", releases=out.parent / "releases")
catalogue.read_datasets = lambda settings: {{}}
catalogue.draft_catalogue = lambda raw, only, releases, with_coverage=False: DraftedCatalogue({{}}, {{}})
catalogue.titles_csv = lambda raw: "role_id,name,kind\\n" + "new-role,A new name,title\\n" * 5000
real = Path.write_text

def torn(self, text, **kwargs):  # half of the file reaches the disk, then the process is killed
    real(self, text[: len(text) // 2], **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)

Path.write_text = torn
catalogue.draft(settings, out=out)
"""


def test_a_kill_while_titles_csv_is_written_leaves_the_previous_list_whole(tmp_path):
    out = tmp_path / "onet"
    out.mkdir()
    before = "role_id,name,kind\nnurses,Registered Nurses,title\n"
    (out / "titles.csv").write_text(before)
    killed = subprocess.run(
        [sys.executable, "-c", CHILD.format(repo=str(REPO)), str(out)], capture_output=True, timeout=60
    )
    assert killed.returncode == -signal.SIGKILL
    assert (out / "titles.csv").read_text() == before
    from web.search import load_names

    assert load_names(out)[0] == ("nurses", "Registered Nurses")  # the search reads it as before (then synonyms)


def test_draft_into_a_new_folder_writes_every_file_even_when_the_roles_folder_has_them(tmp_path, fixtures):
    out = tmp_path / "new"
    result = jobzone(
        "draft",
        "--out",
        str(out),
        "--only",
        "15-1252,29-1141",
        "--replay",
        str(fixtures),
        db=tmp_path / "w.duckdb",
        roles=REPO / "roles",
        env={"JOBZONE_RELEASES": str(REPO / "releases")},
    )
    assert "6 occupation(s) drafted" in result.stdout and "6 created, 0 updated, 0 unchanged" in result.stdout
    written = {p.name: p.read_bytes() for p in out.glob("*.toml")}  # before: only titles.csv was written
    assert len(written) == 6 and {"registered-nurses.toml", "software-developers.toml"} <= written.keys()
    assert written == {name: (REPO / "roles" / "onet" / name).read_bytes() for name in written}
