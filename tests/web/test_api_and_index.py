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
    assert [(r["id"], r["aijri_display"], r["zone"]) for r in listing["roles"]] == [
        ("mlops-engineer", "42.6", "Yellow")
    ]
    assert requests.get(f"{server}/api/roles?page=x").status_code == 400
    role = requests.get(f"{server}/api/roles/mlops-engineer").json()
    assert role["score"]["label"] == "Yellow (Urgent)" and len(role["role"]["tasks"]) == 7
    assert abs(sum(role["score"]["waterfall"].values()) - role["score"]["aijri"]) < 1e-9
    history = requests.get(f"{server}/api/roles/mlops-engineer/history").json()
    assert [h["aijri_display"] for h in history] == ["42.6"]
    assert requests.get(f"{server}/api/roles/nobody").status_code == 404
    assert requests.get(f"{server}/roles/nobody").status_code == 404
