"""The public API as a client meets it, against the real `jobzone web` process: the OpenAPI document validated
by a schema validator, every answer checked against it, filters, search, categories and movers, one change
schema, rounded numbers, JSON errors, ETag and Cache-Control, and the docs page in Debian chromium."""

from __future__ import annotations

import jsonschema
import pytest
import requests
from openapi_spec_validator import validate
from selenium.webdriver.common.by import By

from scoring.change_schema import ChangeRecord


@pytest.fixture(scope="module")
def moved(moved_site) -> str:
    """Every test here only reads: one served catalogue (registered nurses moved by a rerun) for the module."""
    return moved_site.base


@pytest.fixture(scope="module")
def spec(moved):
    document = requests.get(f"{moved}/openapi.json").json()
    validate(document)  # OpenAPI 3.1, by openapi-spec-validator
    return document


def conforms(spec: dict, path: str, body) -> None:
    """The body matches the 200 schema the document publishes for this path."""
    schema = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    jsonschema.validate(body, {**schema, "components": spec["components"]})


def one_decimal(value) -> bool:
    return round(value, 1) == value


def test_the_document_and_every_endpoint_it_lists(spec, moved):
    assert set(spec["paths"]) == {
        "/api/roles",
        "/api/roles/{role_id}",
        "/api/roles/{role_id}/history",
        "/api/search",
        "/api/categories",
        "/api/movers",
    }
    answers = {
        "/api/roles": requests.get(f"{moved}/api/roles").json(),
        "/api/roles/{role_id}": requests.get(f"{moved}/api/roles/registered-nurses").json(),
        "/api/roles/{role_id}/history": requests.get(f"{moved}/api/roles/registered-nurses/history").json(),
        "/api/search": requests.get(f"{moved}/api/search", params={"q": "RN"}).json(),
        "/api/categories": requests.get(f"{moved}/api/categories").json(),
        "/api/movers": requests.get(f"{moved}/api/movers").json(),
    }
    for path, body in answers.items():
        conforms(spec, path, body)
    role = answers["/api/roles/{role_id}"]
    assert role["links"]["feed"].endswith("/roles/registered-nurses.atom") and role["draft"] is True
    assert all(one_decimal(h["aijri"]) for h in answers["/api/roles/{role_id}/history"])
    assert all(one_decimal(r["aijri"]) for r in answers["/api/roles"]["roles"])
    assert answers["/api/search"]["hits"][0]["id"] == "registered-nurses"
    assert sum(c["roles"] for c in answers["/api/categories"]) == answers["/api/roles"]["total"]
    (change,) = [c for c in answers["/api/movers"]["changes"] if c["role_id"] == "registered-nurses"]
    assert ChangeRecord.model_validate(change).version == 1 and change["reason"] == "a model that charts and doses"
    assert change["causes"][0].startswith("Reassessed after: a model that charts and doses: task '")
    assert role["changes"][0] == change  # the same change, the same shape, on the role and in movers
    assert one_decimal(change["before"]["aijri"]) and change["before"]["aijri"] > change["after"]["aijri"]


def test_filters(spec, moved):
    everything = requests.get(f"{moved}/api/roles").json()["total"]
    yellow = requests.get(f"{moved}/api/roles", params={"zone": "yellow"}).json()
    assert 0 < yellow["total"] < everything and {r["zone"] for r in yellow["roles"]} == {"Yellow"}
    health = requests.get(f"{moved}/api/roles", params={"category": "healthcare-practitioners-and-technical"}).json()
    assert {r["category"] for r in health["roles"]} == {"Healthcare Practitioners and Technical"}
    reviewed = requests.get(f"{moved}/api/roles", params={"draft": "false"}).json()
    assert [r["id"] for r in reviewed["roles"]] == ["mlops-engineer"]
    assert [r["id"] for r in requests.get(f"{moved}/api/roles", params={"q": "aiops"}).json()["roles"]] == [
        "mlops-engineer"
    ]  # an alias


@pytest.mark.parametrize(
    "path, status, words",
    [
        ("/api/roles?zone=Purple", 400, "zone must be one of Red, Yellow, Green"),
        ("/api/roles?page=0", 400, "page must be a whole number from 1"),
        ("/api/roles?draft=maybe", 400, "draft must be one of true, false"),
        ("/api/search", 400, "q must be the words to search for"),
        ("/api/movers?window=year", 400, "window must be one of run, 7d, 30d"),
        ("/api/roles/nobody", 404, "no role 'nobody'"),
        ("/api/roles/nobody/history", 404, "no role 'nobody'"),
        ("/api/nothing-here", 404, "Not Found: /api/nothing-here"),
    ],
)
def test_every_error_under_api_is_json(spec, moved, path, status, words):
    answer = requests.get(f"{moved}{path}")
    assert answer.status_code == status and answer.headers["content-type"] == "application/json"
    jsonschema.validate(answer.json(), spec["components"]["schemas"]["ApiError"])
    assert words in answer.json()["error"]


def test_a_post_under_api_is_a_json_405_and_pages_keep_their_404(moved):
    refused = requests.post(f"{moved}/api/roles")
    assert refused.status_code == 405 and refused.json()["error"].startswith("Method Not Allowed")
    assert requests.get(f"{moved}/roles/nobody").headers["content-type"].startswith("text/html")


def test_etag_and_cache_control(moved):
    first = requests.get(f"{moved}/api/roles/mlops-engineer")
    assert first.headers["Cache-Control"] == "public, max-age=60" and first.headers["ETag"].startswith('"')
    again = requests.get(f"{moved}/api/roles/mlops-engineer", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.content == b"" and again.headers["ETag"] == first.headers["ETag"]
    other = requests.get(f"{moved}/api/roles/registered-nurses", headers={"If-None-Match": first.headers["ETag"]})
    assert other.status_code == 200 and other.headers["ETag"] != first.headers["ETag"]


def test_role_pages_link_their_feed_and_json(moved):
    page = requests.get(f"{moved}/roles/registered-nurses").text
    assert (
        '<link rel="alternate" type="application/atom+xml"' in page and 'href="/roles/registered-nurses.atom"' in page
    )
    assert '<link rel="alternate" type="application/json" href="/api/roles/registered-nurses">' in page
    assert requests.get(f"{moved}/roles/registered-nurses.atom").status_code == 200


def test_the_docs_page_in_the_browser(spec, moved, browser):
    browser.get(f"{moved}/api/docs")
    headings = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "h3 code")]
    assert headings == [f"GET {path}" for path in spec["paths"]]
    models = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "h3[id^=model-]")]
    assert {"ChangeRecord", "RoleDetail", "RoleSummary", "ApiError"} <= set(models)
    assert "If-None-Match" in browser.find_element(By.TAG_NAME, "main").text
