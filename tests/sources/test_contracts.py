"""Generated for every registered source: each has recorded examples that replay and parse within contract."""

import json

import pytest

from sources.base import FetchRequest
from sources.http import HttpConfig, PoliteClient
from sources.registry import SOURCES
from sources.replay import replay_session
from tests.conftest import REPO
from tests.helpers import jobzone_bare

SYNTHETIC = REPO / "tests" / "sources" / "data"


def example_path(fixtures, path: str):
    return SYNTHETIC / path.split(":", 1)[1] if path.startswith("synthetic:") else fixtures / path


EXAMPLES = [(name, url, path) for name, source in SOURCES.items() for url, path in source.examples]


def test_every_registered_source_has_an_example():
    assert set(SOURCES) == {name for name, _, _ in EXAMPLES}


@pytest.mark.parametrize("name, url, path", EXAMPLES, ids=[f"{n}:{p.split('/')[-1]}" for n, _, p in EXAMPLES])
def test_contract_on_recorded_example(fixtures, name, url, path):
    source = SOURCES[name]
    observations = source.parse(example_path(fixtures, path).read_bytes(), FetchRequest(name, url))
    assert observations  # each parser enforces its own minimum row count (check_contract)
    assert all(o.source == name and o.unit for o in observations)
    assert all(o.value is None or isinstance(o.value, float) for o in observations)
    assert len({(o.series_key, o.period_date, o.metric) for o in observations}) == len(observations)


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_replay_serves_the_source_through_the_client(fixtures, tmp_path, name):
    source = SOURCES[name]
    url, path = source.examples[0]
    replay_root = fixtures
    if path.startswith("synthetic:"):  # no recording exists: replay the labelled synthetic file via a manifest
        replay_root = tmp_path
        (tmp_path / "manifest.json").write_text(
            json.dumps(
                {
                    "recordings": [
                        {
                            "url": url,
                            "file": str(example_path(fixtures, path)),
                            "content_type": source.content_types[0],
                            "vintage": "2026-01-21",
                        }
                    ]
                }
            )
        )
    config = HttpConfig(user_agent="jobzone-test")
    client = PoliteClient(config, session=replay_session(replay_root, config.user_agent), replayed=True)
    body = {"seriesid": ["CUUR0000SA0"]} if source.name == "bls" else None
    request = FetchRequest(name, url, method="POST" if body else "GET", json_body=body)
    response = client.fetch(request, source.content_types)
    assert response.replayed and response.body == example_path(fixtures, path).read_bytes()
    assert response.vintage.year >= 2020  # the recording's own date, from the manifest
    assert source.parse(response.body, request)


def test_replay_without_a_recording_is_an_error_not_empty(fixtures):
    from sources.errors import SourceError

    config = HttpConfig(user_agent="jobzone-test")
    client = PoliteClient(config, session=replay_session(fixtures, config.user_agent), replayed=True)
    with pytest.raises(SourceError, match=r"mlops.do: no recording for this GET in sources/replay_manifest.json"):
        client.fetch(FetchRequest("itjobswatch", "https://www.itjobswatch.co.uk/jobs/uk/mlops.do"), ("text/html",))


def test_parse_command_prints_observations_or_the_error(fixtures):
    ok = jobzone_bare(
        "parse", "itjobswatch", str(fixtures / "itjobswatch/itjobswatch_perm_page_stub.html"), "--json", check=True
    )
    rows = json.loads(ok.stdout)
    assert {"source", "series", "date", "metric", "value", "unit"} <= set(rows[0])
    assert {(r["metric"], r["date"]): r["value"] for r in rows}[("job_count", "2020-03-02")] == 34634
    bad = jobzone_bare("parse", "bls", str(fixtures / "cpi/cpiai.csv"))
    assert bad.returncode == 1 and bad.stderr.startswith(
        "error: https://api.bls.gov/publicAPI/v2/timeseries/data/: not JSON"
    )


def test_parse_tells_the_kind_of_file_from_its_body_or_asks_for_the_url(fixtures):
    """no guessing from a default URL."""
    import json as json_module

    contract = jobzone_bare(
        "parse",
        "itjobswatch",
        str(fixtures / "itjobswatch/itjobswatch_contract_test_page_stub.html"),
        "--json",
        check=True,
    )
    assert {r["series"] for r in json_module.loads(contract.stdout)} == {"contract/uk/qa engineer"}
    sectors = jobzone_bare(
        "parse", "hiringlab", str(fixtures / "hiringlab/job_postings_by_sector_US.csv"), "--json", check=True
    )
    series = {r["series"] for r in json_module.loads(sectors.stdout)}
    assert len(series) == 5 and "US/all sectors, equal weight/total postings" in series  # 4 sectors, their mean
    asked = jobzone_bare("parse", "oews", str(fixtures / "catalogue/bls_oews_national/national_M2024_dl.xlsx"))
    assert asked.returncode == 2 and "give the URL it came from with --url" in asked.stderr
