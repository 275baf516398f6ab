"""The listing pages (index, categories, search, the API's roles) read what a run stored, once per run: no stored
role text is parsed per request, and the index and categories are paged."""

import re
from pathlib import Path

import pytest
import requests

from flows.pipeline import run_pipeline
from flows.request import RunRequest
from jobzone.settings import Settings
from tests.conftest import REFERENCE_ROLE
from tests.helpers import SECRET, cli
from tests.web.conftest import web_process
from warehouse.listing import listed_roles
from web import listing
from web.site import write_site

LISTING_PATHS = (
    "/",
    "/?status=draft",
    "/categories",
    "/categories/healthcare-practitioners-and-technical",
    "/search?q=nurse",
    "/api/roles",
    "/api/roles?category=healthcare-practitioners-and-technical",
    "/api/search?q=nurse",
    "/api/categories",
)


def test_listing_pages_read_the_stored_columns_not_the_role_texts(catalogue_roles, site_env):
    """Every stored role text made unreadable after the run: the listing pages still answer from the columns the
    run stored (the code before parsed every stored text on every request, and would answer 500 here)."""
    cli(site_env, "run", "--skip-ingest")
    settings = Settings(db=Path(site_env["JOBZONE_DB"]), roles=catalogue_roles, prefect=False, secret=SECRET)
    with settings.warehouse.write("test: unreadable texts") as con:
        con.execute("UPDATE assessments SET text = 'id = \"unterminated'")
    with web_process(site_env) as base:
        for path in LISTING_PATHS:
            answer = requests.get(base + path, timeout=30)
            assert answer.status_code == 200, (path, answer.text[:300])
            assert ("Healthcare Practitioners" if path.endswith("categories") else "Registered Nurses") in answer.text
        index = requests.get(base + "/", timeout=30).text
        assert 'Registered Nurses</a><br><span class="muted">' in index and " · draft" in index
        roles = requests.get(base + "/api/roles", timeout=30).json()["roles"]
        nurse = next(r for r in roles if r["id"] == "registered-nurses")
        assert nurse["draft"] is True and nurse["category"] == "Healthcare Practitioners and Technical"


def test_a_version_stored_before_the_listing_columns_is_read_from_its_text_until_a_run_fills_them(
    catalogue_roles, tmp_path
):
    settings = Settings(db=tmp_path / "w.duckdb", roles=catalogue_roles, prefect=False, secret=SECRET)
    run_pipeline(settings, RunRequest.nightly(skip_ingest=True))
    with settings.warehouse.read() as con:
        stored = listed_roles(con)
    assert {r.id for r in stored} >= {"registered-nurses", "mlops-engineer"}
    assert next(r for r in stored if r.id == "mlops-engineer").aliases  # the reference role names its aliases
    with settings.warehouse.write("test: as migration 0013 left older versions") as con:
        con.execute("UPDATE assessments SET category = NULL, seniority = NULL, aliases = NULL, draft = NULL")
    with settings.warehouse.read() as con:
        assert listed_roles(con) == stored  # the same rows, read from the texts
    run_pipeline(settings, RunRequest.rerun("a run after the upgrade"))
    with settings.warehouse.read() as con:
        unfilled = con.execute("SELECT count(*) FROM assessments WHERE category IS NULL").fetchone()[0]
        assert unfilled == 0
        assert listed_roles(con) == stored


def test_the_listing_is_read_once_per_run(catalogue_roles, tmp_path):
    settings = Settings(db=tmp_path / "w.duckdb", roles=catalogue_roles, prefect=False, secret=SECRET)
    run_pipeline(settings, RunRequest.nightly(skip_ingest=True))
    first = listing.current(settings)
    assert listing.current(settings) is first  # a request after the first reads only which run is newest
    path = catalogue_roles / "registered-nurses.toml"
    path.write_text(path.read_text().replace("score = 2\n", "score = 4\n"))
    run_pipeline(settings, RunRequest.rerun("an edit"))
    second = listing.current(settings)
    assert second is not first and second.version[0] > first.version[0]
    before, after = first.by_id["registered-nurses"], second.by_id["registered-nurses"]
    assert after.aijri < before.aijri and after.last_change is not None
    assert after.last_change.before == before.aijri


ID_LINE = re.compile(r'^id = "mlops-engineer"$', re.M)


@pytest.fixture
def many_roles(roles_dir):
    """205 roles: the reference role under 205 ids (one category, so its page is paged too)."""
    text = REFERENCE_ROLE.read_text()
    (roles_dir / REFERENCE_ROLE.name).unlink()
    for n in range(205):
        (roles_dir / f"clone-{n:03d}.toml").write_text(ID_LINE.sub(f'id = "clone-{n:03d}"', text, count=1))
    return roles_dir


def _rows(html: str) -> list[str]:
    return re.findall(r'<a href="/roles/(clone-\d+)">', html)


def test_the_index_and_a_category_are_paged_live_and_in_the_static_site(many_roles, site_env, tmp_path):
    cli(site_env, "run", "--skip-ingest")
    with web_process(site_env) as base:
        first = requests.get(f"{base}/", timeout=30).text
        assert len(_rows(first)) == 100 and 'rel="next" href="?page=2"' in first and 'rel="prev"' not in first
        assert "Page 1 of 3 · 205 roles" in first
        last = requests.get(f"{base}/?page=3", timeout=30).text
        assert len(_rows(last)) == 5 and 'rel="prev" href="?page=2"' in last and 'rel="next"' not in last
        pages = [set(_rows(requests.get(f"{base}/?page={n}", timeout=30).text)) for n in (1, 2, 3)]
        assert set.union(*pages) == {f"clone-{n:03d}" for n in range(205)} and sum(map(len, pages)) == 205
        kept = requests.get(f"{base}/?zone=Yellow&status=reviewed", timeout=30).text
        assert 'href="?zone=Yellow&amp;status=reviewed&amp;page=2"' in kept  # the filters stay on every page
        assert requests.get(f"{base}/?page=4", timeout=30).status_code == 404
        for bad in ("abc", "0", "-1", "1.5", "9" * 50):
            assert requests.get(f"{base}/?page={bad}", timeout=30).status_code == 400, bad
        category = requests.get(f"{base}/categories/ai-ml-engineering?page=2", timeout=30).text
        assert len(_rows(category)) == 100 and "205 roles" in category and 'rel="prev"' in category
        moved = requests.get(f"{base}/categories/ai-ml-engineering?sort=move", timeout=30).text
        assert 'href="?sort=move&amp;page=2"' in moved
    settings = Settings(db=Path(site_env["JOBZONE_DB"]), roles=many_roles, prefect=False, secret=SECRET)
    out = tmp_path / "site"
    write_site(settings, out)
    assert sorted(p.name for p in out.glob("index*.html")) == ["index-2.html", "index-3.html", "index.html"]
    second = (out / "index-2.html").read_text()
    assert 'rel="prev" href="index.html"' in second and 'rel="next" href="index-3.html"' in second
    assert len(re.findall(r'<a href="roles/clone-\d+\.html">', second)) == 100
    category = out / "categories"
    assert sorted(p.name for p in category.glob("ai-ml-engineering*.html")) == [
        "ai-ml-engineering-2.html",
        "ai-ml-engineering-3.html",
        "ai-ml-engineering.html",
    ]
