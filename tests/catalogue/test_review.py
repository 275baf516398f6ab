"""`jobzone review ROLE`: a draft becomes the analyst's file without its score moving, and says what changed."""

import datetime as dt

import pytest

from scoring.roles import parse_role
from tests.conftest import REPO
from tests.helpers import add_drafts, jobzone, jobzone_json

AS_OF = "2026-05-01"


@pytest.fixture
def scored(tmp_path, roles_dir, fixtures):
    add_drafts(roles_dir, "telemarketers", "registered-nurses")
    db = tmp_path / "w.duckdb"
    jobzone("run", "--replay", str(fixtures), "--as-of", AS_OF, db=db, roles=roles_dir)
    return db, roles_dir


def test_a_reviewed_draft_keeps_its_score_and_says_what_changed(scored):
    db, roles = scored
    path = roles / "telemarketers.toml"
    drafted = path.read_text()
    preview = jobzone_json("review", "telemarketers", "--reviewer", "A. Analyst", "--dry-run", db=db, roles=roles)
    assert path.read_text() == drafted and preview["written"] is False
    assert preview["assessed_on"] == ["2025-08-29", AS_OF]  # anchored from the stored score's date
    assert preview["values"]["ai_tool_maturity"] == [-1, -2]  # the level the stored score read, now the analyst's
    assert preview["score_after"] == preview["score_now"]  # the review itself moves no score

    said = jobzone("review", "telemarketers", "--reviewer", "A. Analyst", db=db, roles=roles).stdout
    assert "is now an analyst's file (reviewed by A. Analyst)" in said and f"assessed_on 2025-08-29 → {AS_OF}" in said
    assert "`jobzone draft` leaves the file alone from now on" in said
    role = parse_role(path.read_text(), path).role
    assert not role.is_draft and role.draft.reviewer == "A. Analyst"
    assert role.draft.reviewed_on == dt.datetime.now(dt.timezone.utc).date() and str(role.assessed_on) == AS_OF
    assert path.read_text().count("\n") == drafted.count("\n") + 2  # reviewer, reviewed_on; the rest as it was

    rerun = jobzone_json("rerun", "--reason", "reviewed", db=db, roles=roles)
    assert rerun["as_of"] == AS_OF
    (now,) = [r for r in jobzone_json("scores", db=db, roles=roles) if r["role_id"] == "telemarketers"]
    assert [float(now["aijri_display"]), now["zone"]] == preview["score_now"]  # the next run agrees

    again = jobzone("review", "telemarketers", "--reviewer", "B", db=db, roles=roles, check=False)
    assert again.returncode == 1 and "already an analyst's file (reviewed by A. Analyst)" in again.stderr
    unknown = jobzone("review", "nobody", "--reviewer", "B", db=db, roles=roles, check=False)
    assert unknown.returncode == 1 and "nobody" in unknown.stderr and "Traceback" not in unknown.stderr


def test_the_review_edits_only_its_lines_and_names_what_it_cannot_find():
    import datetime as dt
    import difflib

    from catalogue.review import reviewed_text
    from scoring.errors import JobzoneError

    drafted = (REPO / "roles" / "onet" / "telemarketers.toml").read_text()
    without = drafted.replace('job_posting_trends = "not assessed', 'jpt_note = "not assessed', 1)  # no rationale
    kwargs = dict(reviewer="A", reviewed_on=dt.date(2026, 12, 7), assessed_on=dt.date(2026, 5, 1), why="then")
    text, edit = reviewed_text(without, levels={"job_posting_trends": -1}, **kwargs)
    assert edit.values == {"job_posting_trends": (0, -1)} and "\njob_posting_trends = -1\n" in text
    diff = list(difflib.ndiff(without.splitlines(), text.splitlines()))
    assert [line[2:] for line in diff if line.startswith("- ")] == [
        "assessed_on = 2025-08-29",
        "job_posting_trends = 0",
        'status = "draft"',
    ]
    assert [line[2:] for line in diff if line.startswith("+ ")] == [
        "assessed_on = 2026-05-01",
        "job_posting_trends = -1",
        'status = "reviewed"',
        'reviewer = "A"',
        "reviewed_on = 2026-12-07",
    ]
    with pytest.raises(JobzoneError, match='not a draft: its \\[draft\\] table does not say status = "draft"'):
        reviewed_text(text, levels={}, **kwargs)  # reviewed already
    with pytest.raises(JobzoneError, match="no nonsense_dimension in \\[evidence\\]"):
        reviewed_text(drafted, levels={"nonsense_dimension": 1}, **kwargs)
