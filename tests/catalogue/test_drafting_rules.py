"""The drafting rules file: one validated record per threshold, the code reading every one of them by name, and the
rules table rendered from the same values (so a changed threshold changes the docs, and a bad file is refused)."""

import re

import pytest

from catalogue import rules
from catalogue.drafting_rules import RULES_FILE, Shown, drafting_rules
from jobzone.reference import drafting_rules_reference
from scoring.errors import JobzoneError
from tests.conftest import REPO


def test_every_threshold_in_the_file_is_read_by_the_code_and_none_is_left_in_it():
    named = set(re.findall(r'_THRESHOLDS\.\w+\("([a-z0-9_]+)"\)', (REPO / "catalogue" / "rules.py").read_text()))
    assert named == {t.name for t in drafting_rules().threshold}
    # the values the code drafts by are the file's
    assert rules.APPLICABILITY_HIGH == drafting_rules().number("applicability_high") == 0.3
    assert rules.PROJECTION_LEVELS == ((15.0, 2), (5.0, 1), (-2.0, 0), (-10.0, -1))
    assert rules.JOB_ZONE_REGULATORY == {1: 0, 2: 0, 3: 0, 4: 0, 5: 1}
    assert rules.AUGMENTED_GROWTH == 5.0  # once PROJECTION_LEVELS[1][0], reused by position


def test_a_threshold_is_shown_as_the_rules_text_asks():
    assert f"{Shown(0.25):pct}" == "25%" and f"{Shown([0.1, 0.3, 0.55]):pct}" == "10/30/55%"
    assert f"{Shown([[15.0, 2], [-2.0, 0], [-10.0, -1]]):levels}" == "≥ +15% → +2, ≥ −2% → 0, ≥ −10% → −1"
    assert "{t[Core]} / {u[5]} / {c[1]}".format(t=Shown({"Core": 2.0}), u=Shown({"5": 1}), c=Shown([2.5, 3.5])) == (
        "2 / 1 / 3.5"
    )


def test_the_rules_table_follows_the_file(tmp_path):
    changed = tmp_path / "rules.toml"
    changed.write_text(RULES_FILE.read_text().replace("value = 0.3\n", "value = 0.35\n", 1))
    row = next(r for r in drafting_rules(changed).rule if r.field == "`ai_tool_maturity`")
    assert drafting_rules(changed).rendered_rule(row).startswith("Microsoft AI applicability ≥ 0.35 (about")
    page = drafting_rules_reference()
    assert "| `ai_tool_maturity` | Microsoft AI applicability ≥ 0.3 (about the top 12%) → −1; < 0.05" in page
    assert "≥ +15% → +2, ≥ +5% → +1, ≥ −2% → 0, ≥ −10% → −1, else −2" in page
    assert "{" not in page.split("## Thresholds")[0]  # every placeholder rendered


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (('name = "max_key_skills"', 'name = "max_aliases"'), "threshold names must be unique: max_aliases repeated"),
        (("value = [0.2, 0.5]", "value = [0.5, 0.2]"), r"threshold\.\d+\.value: cuts must be ascending"),
        (("value = 0.05\n", "value = nan\n"), r"threshold\.\d+\.value: every number must be finite"),
        (("{applicability_low}", "{applicability_lo}"), "names unknown thresholds: applicability_lo"),
        (('reads = "O*NET Job Zone"', 'readz = "O*NET Job Zone"'), r"threshold\.\d+\.readz: Extra inputs"),
        (("[[rule]]\nfield", "[[rule]\nfield"), "not valid TOML"),
    ],
)
def test_a_broken_rules_file_is_refused_naming_the_file_and_the_record(tmp_path, edit, expected):
    broken = tmp_path / "drafting_rules.toml"
    text = RULES_FILE.read_text()
    assert edit[0] in text
    broken.write_text(text.replace(edit[0], edit[1], 1))
    with pytest.raises(JobzoneError, match=rf"^{re.escape(str(broken))}: .*{expected}"):
        drafting_rules(broken)
