"""Role files checked in worker processes (a large catalogue's first run) give exactly what the serial check gives."""

import shutil
import subprocess
import sys

import pytest

from flows import role_loader
from scoring.errors import RoleFileError
from tests.conftest import REPO


@pytest.fixture
def catalogue(tmp_path):
    roles = tmp_path / "roles"
    shutil.copytree(REPO / "roles", roles)
    return roles


def test_views_made_in_worker_processes_equal_the_serial_ones(catalogue, monkeypatch):
    serial = role_loader.load_role_views(catalogue, workers=1)
    monkeypatch.setattr(role_loader, "PARALLEL_MIN", 0)
    parallel = role_loader.load_role_views(catalogue, workers=2)
    assert len(parallel) == len(serial) > 900
    assert [v.id for v in parallel] == [v.id for v in serial]
    for mine, theirs in zip(parallel, serial):
        assert (mine.content_hash, mine.inputs, mine.followed, mine.signals, mine.draft_note) == (
            theirs.content_hash,
            theirs.inputs,
            theirs.followed,
            theirs.signals,
            theirs.draft_note,
        )
    # Roles that share one followed table in a serial load share one again (the evidence stage shares by identity).
    assert sharing(parallel) == sharing(serial)
    assert any(len(group) > 1 for group in sharing(serial))


def sharing(views) -> set[frozenset[str]]:
    groups: dict[int, set] = {}
    for view in views:
        groups.setdefault(id(view.followed), set()).add(view.id)
    return {frozenset(group) for group in groups.values()}


def test_problems_from_worker_processes_are_listed_in_file_order(catalogue, monkeypatch):
    files = sorted(catalogue.rglob("*.toml"), key=lambda path: path.parts)
    for broken in (files[3], files[500]):
        broken.write_text(broken.read_text().replace("time_pct", "time_share", 1))
    with pytest.raises(RoleFileError) as serial:
        role_loader.load_role_views(catalogue, workers=1)
    monkeypatch.setattr(role_loader, "PARALLEL_MIN", 0)
    with pytest.raises(RoleFileError) as parallel:
        role_loader.load_role_views(catalogue, workers=2)
    assert parallel.value.problems == serial.value.problems
    assert str(files[3]) in parallel.value.problems[0] and any(str(files[500]) in p for p in parallel.value.problems)


def test_a_script_without_an_entry_point_guard_gets_advice_not_a_traceback(tmp_path, catalogue):
    script = tmp_path / "unguarded.py"
    script.write_text(
        f"import sys\nsys.path.insert(0, {str(REPO)!r})\nfrom pathlib import Path\nfrom flows import role_loader\n"
        "from scoring.errors import JobzoneError\nrole_loader.PARALLEL_MIN = 0\n"
        f"try:\n    role_loader.load_role_views(Path({str(catalogue)!r}), workers=2)\n"
        "except JobzoneError as exc:\n    print('refused:', exc)\n"
    )
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert "refused: checking 924 role files in 2 worker processes failed" in out.stdout
    assert "if __name__ == '__main__'" in out.stdout and "JOBZONE_LOAD_WORKERS=1" in out.stdout
