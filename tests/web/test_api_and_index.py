"""The index's filter and search, and the JSON API, against the real server process."""

import requests


def test_index_filters_by_zone_and_searches_titles_and_aliases(server):
    assert "MLOps Engineer" in requests.get(f"{server}/?zone=Yellow").text
    assert "No role matches." in requests.get(f"{server}/?zone=Green").text
    assert "MLOps Engineer" in requests.get(f"{server}/?q=aiops").text  # an alias
    assert "No role matches." in requests.get(f"{server}/?q=plumber").text


def test_json_api(server):
    listing = requests.get(f"{server}/api/roles").json()
    assert (listing["page"], listing["pages"], listing["total"], listing["next"]) == (1, 1, 1, None)
    assert [(r["id"], r["aijri"], r["zone"]) for r in listing["roles"]] == [("mlops-engineer", 42.6, "Yellow")]
    assert requests.get(f"{server}/api/roles?page=x").status_code == 400
    role = requests.get(f"{server}/api/roles/mlops-engineer").json()
    assert role["label"] == "Yellow (Urgent)" and len(role["tasks"]) == 7
    assert role["task_resistance"] == 3.05 and role["evidence_total"] == 5  # the published assessment's values
    history = requests.get(f"{server}/api/roles/mlops-engineer/history").json()
    assert [h["aijri"] for h in history] == [42.6]
    assert requests.get(f"{server}/api/roles/nobody").status_code == 404
    assert requests.get(f"{server}/roles/nobody").status_code == 404


def test_a_personal_score_without_javascript_and_nothing_stored(server, site_env):
    import requests

    page = requests.get(f"{server}/roles/mlops-engineer").text
    assert 'action="/roles/mlops-engineer/personal"' in page and 'name="share_7"' in page
    assert 'data-testid="context"' in page and "What this role is not" in page and "Assessor commentary" in page
    shares = {f"share_{n}": value for n, value in enumerate(["25", "20", "15", "15", "10", "10", "5"], 1)}
    mine = requests.post(f"{server}/roles/mlops-engineer/personal", data=shares)
    assert mine.status_code == 200 and 'data-testid="personal-score"' in mine.text
    assert "the role in general: 42.6" in mine.text and "Nothing you entered was stored" in mine.text
    dropped = requests.post(f"{server}/roles/mlops-engineer/personal", data={**shares, "share_2": "0"})
    assert dropped.status_code == 200
    bad = requests.post(f"{server}/roles/mlops-engineer/personal", data={**shares, "share_3": "lots"})
    assert bad.status_code == 400 and "a share of time must be a number from 0 to 100" in bad.text
    assert requests.post(f"{server}/roles/nope/personal", data=shares).status_code == 404
    method = requests.get(f"{server}/methodology").text
    assert "The AIJRI formula" in method and "(raw − 0.54) / 7.93" in method and "CC BY 4.0" in method


def test_the_next_page_link_comes_from_the_base_url_not_the_host_header(tmp_path, site_env):
    """/api/roles built its `next` link from the Host header, which the client writes."""
    import shutil

    from tests.conftest import REPO
    from tests.helpers import cli
    from tests.web.conftest import web_process

    roles = tmp_path / "many"
    roles.mkdir()
    for path in sorted((REPO / "roles" / "onet").glob("[ab]*.toml"))[:101]:  # more than one page of 100
        shutil.copy(path, roles)
    env = {**site_env, "JOBZONE_ROLES": str(roles)}
    cli(env, "run", "--skip-ingest")
    with web_process(env) as base:
        listing = requests.get(f"{base}/api/roles", headers={"Host": "evil.example"}).json()
    assert listing["pages"] == 2 and listing["next"] == f"{env['JOBZONE_BASE_URL']}/api/roles?page=2"
