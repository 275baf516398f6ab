"""The SOC -> Indeed sector crosswalk: pairs nobody would dispute, explicit 'none' with a reason, coverage, and
the committed table is exactly what `jobzone crosswalk` builds from the recordings."""

import pytest

from sources.crosswalk import rule_for, sector_of, table
from tests.conftest import REPO
from tests.helpers import jobzone


@pytest.mark.parametrize(
    "soc, sector",
    [
        ("15-1252", "Software Development"),
        ("29-1141", "Nursing"),
        ("35-2014", "Food Preparation & Service"),
        ("53-3032", "Driving"),
        ("13-2011", "Accounting"),
        ("29-1215", "Physicians & Surgeons"),
        ("43-4051", "Customer Service"),
        ("25-2021", "Education & Instruction"),
        ("47-2111", "Construction"),
        ("29-2052", "Pharmacy"),
        ("33-3051", "Security & Public Safety"),
        ("31-9091", "Dental"),
        ("41-2031", "Retail"),
        ("23-1011", "Legal"),
        ("39-5012", "Beauty & Wellness"),
        ("29-1123", "Therapy"),
    ],
)
def test_undisputed_pairs(soc, sector):
    assert sector_of(soc) == sector


def test_none_is_explicit_and_says_why():
    for soc in ("45-2092", "53-2011", "55-1011"):
        assert sector_of(soc) is None
        sector, why = rule_for(soc)
        assert sector == "none" and "no" in why.lower()


def test_every_onet_soc_has_an_entry_and_most_have_a_sector():
    rows = table()
    assert len(rows) == 867 and sum(sector != "none" for sector, _ in rows.values()) >= 800


def test_the_committed_table_is_what_crosswalk_builds(tmp_path, fixtures):
    out = tmp_path / "table.csv"
    result = jobzone("crosswalk", "--replay", str(fixtures), "--out", str(out), "--json", db=tmp_path / "w.db")
    assert out.read_text() == (REPO / "sources" / "data" / "soc_indeed_sectors.csv").read_text()
    assert '"agree": 234' in result.stdout and '"with_title_evidence": 298' in result.stdout
