"""UK wages from ONS ASHE (sources/ashe.py) on the recordings, followed by a role and read point in time: each
year's Table 14 is unseen before ONS's release date (2024's on 29 October 2024), its CV becomes the reading's
standard error, and the "All employees" row is the relative basis."""

import pytest

from tests.helpers import jobzone_json

WAGES = """[signals.wage_trends]
itjobswatch = { term = "mlops", location = "uk" }
aijobs = { title = "MLOps Engineer" }
bls = { soc = "15-1252" }"""


@pytest.fixture
def uk_role(roles_dir):
    path = roles_dir / "mlops-engineer.toml"
    text = path.read_text()
    assert WAGES in text
    path.write_text(text.replace(WAGES, '[signals.wage_trends]\nashe = { soc2020 = "2134" }'))
    return roles_dir


def wage_reading(db) -> dict:
    explained = jobzone_json("explain", "mlops-engineer", db=db)
    wage = next(row for row in explained["evidence"] if row["dimension"] == "wage_trends")
    (series,) = wage["inputs"]["series"]
    assert series["series"] == "ASHE/2134" and series["source"] == "ashe"
    return series["now"]


def test_an_ashe_year_is_unseen_before_its_release_date(uk_role, tmp_path, fixtures):
    db = tmp_path / "w.duckdb"
    jobzone_json("run", "--replay", str(fixtures), "--as-of", "2024-10-28", db=db, roles=uk_role)
    before = wage_reading(db)
    assert (before["period"], before["prev_period"]) == ("2023-04-30", "2022-04-30")  # 2024's not out yet
    assert (before["value"], before["prev_value"]) == (48_229.0, 44_559.0)  # ONS's medians, 2023 and 2022
    jobzone_json("run", "--skip-ingest", "--as-of", "2024-10-29", db=db, roles=uk_role)
    after = wage_reading(db)
    assert (after["period"], after["prev_period"]) == ("2024-04-30", "2023-04-30")  # released 29 October 2024
    assert (after["value"], after["prev_value"]) == (53_501.0, 48_229.0)
    # against all employees' median: 31,602 / 29,669 - 1 = +6.5%
    assert after["basis"] == "relative" and round(after["benchmark_pct"], 1) == 6.5
    # ONS's CVs of the two medians, 6.6% then 3.3%, as the change's standard error: 100 x 1.109 x hypot(.066, .033)
    assert after["se_basis"] == "sampling error: the median's coefficient of variation 6.6% then 3.3%"
    assert round(after["se"], 1) == 8.2
