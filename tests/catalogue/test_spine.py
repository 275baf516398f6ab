"""The occupation spine (catalogue/spine.py): a role's ISCO-08 and UK SOC 2020 codes with weights and quality, on
small synthetic crosswalks (labelled: not the published ones), then on the recordings and the committed drafts."""

import tomllib

import pytest

from catalogue.datasets import DATASETS, read
from catalogue.spine import codes_of, index_spine
from scoring.errors import RoleFileError
from scoring.roles import parse_role
from tests.conftest import REFERENCE_ROLE, REPO

SYNTHETIC = {
    "isco_soc2010": [
        {"2010 SOC Code": "11-1011 ", "ISCO-08 Code": "1112", "ISCO-08 Title EN": "Senior officials", "part": "*"},
        {"2010 SOC Code": "11-1011", "ISCO-08 Code": "1120 ", "ISCO-08 Title EN": "Managing directors", "part": "*"},
        {"2010 SOC Code": "29-1141", "ISCO-08 Code": "2221", "ISCO-08 Title EN": "Nursing professionals", "part": ""},
        {"2010 SOC Code": "55-1011", "ISCO-08 Code": "0110", "ISCO-08 Title EN": "Commissioned officers", "part": ""},
    ],
    "uk_soc2020_isco08": [
        {
            "SOC2020": "1111",
            "SOC2020_title": "Chief executives",
            "ISCO08": "1112",
            "isco_share": "0.5",
            "n_index_entries": "40",
        },
        {
            "SOC2020": "2235",
            "SOC2020_title": "Adult nurses",
            "ISCO08": "2221",
            "isco_share": "1.0",
            "n_index_entries": "30",
        },
        {
            "SOC2020": "2237",
            "SOC2020_title": "Other nurses",
            "ISCO08": "2221",
            "isco_share": "0.5",
            "n_index_entries": "20",
        },
        {
            "SOC2020": "1171",
            "SOC2020_title": "Officers in armed forces",
            "ISCO08": "110",
            "isco_share": "1.0",
            "n_index_entries": "5",
        },
    ],
}


def test_weights_split_over_the_crosswalks_and_the_uk_side_by_the_index_entries_behind_each_link():
    spine = index_spine(SYNTHETIC)
    nurses = codes_of("29-1141", {"29-1141": ["29-1141"]}, spine)
    assert nurses["isco08"] == [{"code": "2221", "title": "Nursing professionals", "weight": 1.0}]
    # 30 x 1.0 entries behind adult nurses, 20 x 0.5 behind the other group: 0.75 and 0.25
    assert [(u["code"], u["weight"], u["via"], u["quality"]) for u in nurses["uk_soc2020"]] == [
        ("2235", 0.75, "2221", 1.0),
        ("2237", 0.25, "2221", 0.5),
    ]
    chiefs = codes_of("11-1011", {"11-1011": ["11-1011"]}, spine)  # trailing spaces stripped
    assert [(i["code"], i["weight"]) for i in chiefs["isco08"]] == [("1112", 0.5), ("1120", 0.5)]
    assert chiefs["uk_soc2020_reach"] == 0.5 and [u["weight"] for u in chiefs["uk_soc2020"]] == [1.0]
    officers = codes_of("55-1011", {"55-1011": ["55-1011"]}, spine)
    assert officers["uk_soc2020"][0]["via"] == "0110"  # the armed forces' dropped leading zero is back
    assert codes_of("99-9999", {}, spine) is None  # nothing known: no table rather than an empty one


def test_a_role_files_codes_are_checked_weights_summing_to_one_and_four_digit_codes():
    text = REFERENCE_ROLE.read_text()
    loaded = parse_role(text, REFERENCE_ROLE).role
    assert [link.code for link in loaded.codes.uk_soc2020] == ["2134"]
    broken = text.replace('weight = 1.0, via = "2512"', 'weight = 0.6, via = "2512"')
    with pytest.raises(RoleFileError, match=r"codes\.uk_soc2020.*weights sum to 0\.600, expected 1"):
        parse_role(broken, REFERENCE_ROLE)
    with pytest.raises(RoleFileError, match=r"codes\.isco08\[0\]\.code: String should match"):
        parse_role(text.replace('code = "2512"', 'code = "251"'), REFERENCE_ROLE)


def test_on_the_recordings_every_draft_has_isco_codes_and_most_a_uk_group(fixtures):
    raw = {name: read(DATASETS[name], (fixtures / DATASETS[name].recording).read_bytes()) for name in SYNTHETIC}
    assert len(raw["isco_soc2010"]) == 1125 and len(raw["uk_soc2020_isco08"]) == 412
    drafts = [tomllib.loads(p.read_text()) for p in sorted((REPO / "roles" / "onet").glob("*.toml"))]
    codes = {d["id"]: d.get("codes") for d in drafts}
    assert all(codes.values())  # every SOC 2018 code of the catalogue reaches ISCO-08
    with_uk = [c for c in codes.values() if c.get("uk_soc2020")]
    assert len(with_uk) >= 0.8 * len(codes)
    nurses = codes["registered-nurses"]
    assert [i["code"] for i in nurses["isco08"]] == ["2221"]
    assert {u["code"] for u in nurses["uk_soc2020"]} >= {"2235", "2236", "2237"}  # adult, children's, mental health
    assert [u["code"] for u in codes["software-developers"]["uk_soc2020"]] == ["2134"]
    assert [u["code"] for u in codes["cashiers"]["uk_soc2020"]] == ["7112"]
