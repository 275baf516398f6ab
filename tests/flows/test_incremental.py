"""What a nightly skips when nothing changed, and that it never skips a change (performance issue): cached
views of role files, bodies already parsed, previous texts fetched only for edited files."""

import sys

import pytest

from flows import ingest as ingest_module
from flows.pipeline import run_pipeline
from flows.request import RunRequest
from flows.role_loader import load_role_views
from flows.view_cache import ViewCache, validation_fingerprint, view_cache_file
from jobzone.settings import Settings
from scoring.errors import RoleFileError
from tests.helpers import edit_task_score, jobzone_json
from warehouse.store import Warehouse


def nightly(settings, **options):
    return run_pipeline(settings, RunRequest.nightly(**options))


def test_an_edited_role_file_is_validated_again_never_served_from_the_cache(tmp_path, roles_dir):
    settings = Settings(db=tmp_path / "w.duckdb", roles=roles_dir, prefect=False)
    first = nightly(settings, skip_ingest=True)
    assert view_cache_file(settings).is_file() and first.changes == 1
    edit_task_score(roles_dir, "Model deployment & serving infrastructure", 3, 4)
    second = nightly(settings, skip_ingest=True)
    assert second.changes == 1
    causes = jobzone_json("diff", "--run", str(second.run_id), db=settings.db)["changes"][0]["causes"]
    assert causes == ["Reassessed: task 'Model deployment & serving infrastructure' automation 3 → 4"]
    path = roles_dir / "mlops-engineer.toml"
    path.write_text(path.read_text().replace("time_pct = 20", "time_pct = 25", 1))  # now invalid: sums to 105
    with pytest.raises(RoleFileError, match="shares must sum to 100"):
        nightly(settings, skip_ingest=True)


def test_views_made_by_other_code_are_not_reused(tmp_path, roles_dir):
    cache = tmp_path / "views"
    views = load_role_views(roles_dir, cache=cache)
    assert ViewCache(cache, validation_fingerprint()).reuse(views[0].path, views[0].text()) is not None
    assert ViewCache(cache, "other code").reuse(views[0].path, views[0].text()) is None
    cache.write_bytes(b"not a pickle")
    assert load_role_views(roles_dir, cache=cache)[0].content_hash == views[0].content_hash  # rebuilt, no error


def test_a_load_of_chosen_roles_caches_every_file_it_checked(tmp_path, roles_dir):
    other = roles_dir / "other.toml"
    other.write_text(
        (roles_dir / "mlops-engineer.toml").read_text().replace('id = "mlops-engineer"', 'id = "other"', 1)
    )
    cache = tmp_path / "views"
    [chosen] = load_role_views(roles_dir, only=["other"], cache=cache)
    assert chosen.id == "other"
    # A one-role backfill reads every file each month: the next load of either role reuses the check of both.
    kept = ViewCache(cache, validation_fingerprint())
    assert kept.reuse(other, other.read_text()) is not None
    assert kept.reuse(roles_dir / "mlops-engineer.toml", (roles_dir / "mlops-engineer.toml").read_text()) is not None


def test_a_role_file_changed_during_the_run_is_refused_not_stored(tmp_path, roles_dir):
    [view] = load_role_views(roles_dir)
    path = roles_dir / "mlops-engineer.toml"
    path.write_text(path.read_text() + "\n# edited meanwhile\n")
    with pytest.raises(RoleFileError, match="changed while the run was going"):
        view.text()


def test_bodies_parsed_before_are_not_parsed_again(tmp_path, roles_dir, fixtures, monkeypatch):
    settings = Settings(db=tmp_path / "w.duckdb", roles=roles_dir, prefect=False)
    first = nightly(settings, replay=fixtures)

    def refuse(*_):
        raise AssertionError("an unchanged body was parsed again")

    opened = []
    real_connect = Warehouse.connect

    def counted(warehouse):
        if sys._getframe(1).f_globals["__name__"] == ingest_module.__name__:  # the ingest stage's connections
            opened.append(warehouse)
        return real_connect(warehouse)

    monkeypatch.setattr(ingest_module, "parse_response", refuse)
    monkeypatch.setattr(Warehouse, "connect", counted)
    second = nightly(settings, replay=fixtures)
    assert second.sources == first.sources
    assert first.observations_new > 0 and second.observations_new == 0
    # Every source archived and its health recorded in one connection (one more reads the validators).
    assert len(second.sources) == 8 and len(opened) == 2  # seven market sources and Epoch AI's capability data
