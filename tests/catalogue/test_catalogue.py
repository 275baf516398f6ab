"""The drafted catalogue on the real recordings: the committed roles/onet/ is exactly what `draft` makes, every
draft validates and scores, analysts' files are never overwritten, and the extremes of the exposure
literature land where they should."""

import collections
import json

import pytest

from catalogue.datasets import DATASETS, read
from catalogue.document import draft_catalogue
from flows.role_loader import load_checked_roles
from scoring.aijri import score_role
from tests.catalogue.check_set import agreement, expected
from tests.conftest import REPO
from tests.helpers import jobzone

ONET_DIR = REPO / "roles" / "onet"


@pytest.fixture(scope="session")
def drafted(fixtures) -> dict[str, str]:
    from jobzone.services.catalogue import applied_releases

    raw = {name: read(d, (fixtures / d.recording).read_bytes()) for name, d in DATASETS.items()}
    return draft_catalogue(raw, None, applied_releases(REPO / "releases")).texts  # draft + the applied releases


def test_the_committed_catalogue_is_exactly_what_draft_makes(drafted):
    committed = {p.stem: p.read_text(encoding="utf-8") for p in ONET_DIR.glob("*.toml")}
    assert len(drafted) == 923
    assert sorted(committed) == sorted(drafted)
    differing = [role_id for role_id in drafted if committed[role_id] != drafted[role_id]]
    assert differing == [], f"{len(differing)} committed drafts differ from a re-draft, e.g. {differing[:3]}"


def test_every_role_validates_and_the_reference_keeps_its_published_score():
    loaded = load_checked_roles(REPO / "roles")
    assert len(loaded) == 924
    assert sum(item.role.is_draft for item in loaded) == 923
    reference = next(item.role for item in loaded if item.role.id == "mlops-engineer")
    result = score_role(reference)
    assert (result.aijri_display, result.zone, result.label) == ("42.6", "Yellow", "Yellow (Urgent)")


def test_draft_twice_gives_identical_trees_and_a_reviewed_file_is_left_untouched(tmp_path, fixtures):
    out = tmp_path / "one"

    def draft() -> dict:
        args = ("--only", "41-9041,43-9021,47-2181,29-1141", "--out", str(out), "--replay", str(fixtures), "--json")
        return json.loads(jobzone("draft", *args, db=tmp_path / "w.db", roles=tmp_path / "none").stdout)

    draft()
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert len(first) == 8  # 29-1141 has 5 O*NET codes

    reviewed = out / "registered-nurses.toml"
    text = reviewed.read_text().replace('status = "draft"', 'status = "reviewed"').replace("score = 3", "score = 2", 1)
    reviewed.write_text(text)
    result = draft()
    assert reviewed.read_text() == text  # the analyst's file, byte for byte
    assert (result["unchanged"], result["created"], result["updated"]) == (7, 0, 0)  # the same inputs, the same bytes
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.name != reviewed.name} == {
        name: data for name, data in first.items() if name != reviewed.name
    }
    assert list(result["kept_reviewed"]) == ["registered-nurses"]
    assert any(field.endswith("].score") for field in result["kept_reviewed"]["registered-nurses"])


NAMED_BY_THE_ISSUE = {
    "telemarketers": "Red",
    "data-entry-keyers": "Red",
    "proofreaders-and-copy-markers": "Red",
    "roofers": "Green",
    "firefighters": "Green",
    "athletes-and-sports-competitors": "Green",
}


@pytest.fixture(scope="session")
def zones(drafted) -> dict[str, str]:
    loaded = {item.role.id: item.role for item in load_checked_roles(ONET_DIR)}
    return {role_id: score_role(role).zone for role_id, role in loaded.items()}


def test_the_check_set_lands_on_its_side_and_never_in_the_opposite_zone(zones):
    """89 occupations published rankings place at the extremes (tests/catalogue/check_set.py, each with its
    sources). Measured on this catalogue: Green side 44 of 53, Red side 31 of 36, none opposite (before the occupation-data rules:
    33 of 53 and 25 of 36); the floors below are those numbers, so a rule that loses ground fails here."""
    assert len(expected()) >= 80 and {r: zones[r] for r in NAMED_BY_THE_ISSUE} == NAMED_BY_THE_ISSUE
    by_group = agreement(zones)
    assert sum(opposite for _, opposite, _ in by_group.values()) == 0, by_group  # never the opposite zone
    for side, floor in (("Green", 44), ("Red", 31)):
        hits = sum(zones[r] == side for r, zone in expected().items() if zone == side)
        assert hits >= floor, (side, hits, by_group)
    for group in ("licensed trades", "other hands-on work"):
        assert by_group[group][0] == by_group[group][2], group  # every one of them


def test_the_catalogue_uses_every_zone(zones):
    counts = collections.Counter(zones.values())
    assert all(counts[zone] >= 30 for zone in ("Red", "Yellow", "Green")), counts


def test_what_the_issue_found_unbelievable_now_reads_the_work_as_it_is():
    roles = {item.role.id: item.role for item in load_checked_roles(ONET_DIR)}
    nurses = roles["registered-nurses"]
    assert nurses.barriers.physical == 2 and sum(nurses.barrier_values().values()) >= 7
    assert "Licensing or registration required" in nurses.barriers.rationale.regulatory
    vitals = next(t for t in nurses.tasks if t.name.startswith("Record patients' medical information"))
    assert vitals.score <= 3 and vitals.impact != "displacement"
    assert max(t.score for t in nurses.tasks) <= 3  # work done in person: no task above 3, an applied release neither
    electricians = roles["electricians"]
    assert electricians.barriers.regulatory >= 1 and "Apprenticeship" in electricians.barriers.rationale.regulatory
    assert roles["lawyers"].barriers.liability >= 1 and roles["radiologists"].barriers.liability >= 1
    education = [r for r in roles.values() if r.category == "Educational Instruction and Library"]
    assert any(score_role(r).zone != "Yellow" for r in education)
    assert len({t.time_pct for t in roles["software-developers"].tasks}) > 3  # unrated: no longer equal shares
    drafts = [r for r in roles.values() if r.is_draft]
    assessed = [r for r in drafts if not r.evidence.rationale.expert_consensus.startswith("not assessed")]
    assert len(assessed) == len(drafts) == 923  # BLS projects every drafted occupation
    assert all(r.ai_growth_rationale and not r.ai_growth_rationale.startswith("not assessed") for r in drafts)
    assert all(r.barriers.rationale.union.startswith("not assessed") and r.barriers.union == 0 for r in drafts)
