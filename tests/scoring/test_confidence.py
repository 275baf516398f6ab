"""How sure a score is: the 80% band narrows with complete, agreeing inputs and widens with gaps."""

import datetime as dt
from pathlib import Path

from scoring.aijri import Inputs, score_role
from scoring.confidence import doubts_of, labels_disagree, score_band
from scoring.evidence_inputs import MarketInputs
from scoring.evidence_values import EvidenceValue, analyst_evidence
from scoring.roles import parse_role
from tests.conftest import REFERENCE_ROLE, REPO

DAY = dt.date(2026, 1, 1)


def role(path: Path):
    return parse_role(path.read_text(), path).role


def band_of(r, evidence=None):
    evidence = evidence or analyst_evidence(r)
    values = {e.dimension: e.value for e in evidence}
    return score_band(Inputs.from_role(r, values), evidence, doubts_of(r))


def test_complete_agreeing_inputs_give_a_narrow_band_and_gaps_a_wide_one():
    reviewed = band_of(role(REFERENCE_ROLE))  # an analyst's values, nothing left open
    assert reviewed.half_width == 0.0 and (reviewed.low, reviewed.high) == (42.6, 42.6)
    draft = role(REPO / "roles" / "onet" / "registered-nurses.toml")
    doubts = doubts_of(draft)
    # company actions stay unassessed; expert consensus and AI growth are read from open data now
    assert "company_actions" in doubts.not_assessed and not {"expert_consensus", "ai_growth"} & doubts.not_assessed
    assert sum(1 for sd in doubts.tasks if sd) == sum(labels_disagree(t.exposure, t.automation) for t in draft.tasks)
    wide = band_of(draft)
    published = score_role(draft).aijri
    assert wide.half_width > 2 and wide.low < published < wide.high


def test_a_market_reading_with_a_wide_error_widens_the_band_and_a_precise_one_does_not():
    r = role(REFERENCE_ROLE)

    def fed(se: float) -> list[EvidenceValue]:
        out = []
        for e in analyst_evidence(r):
            if e.dimension == "job_posting_trends":
                inputs = MarketInputs(mode="absolute", as_of=DAY, assessed_on=DAY, change_now=10.0, se_now=se, z=2.0)
                e = EvidenceValue(
                    dimension=e.dimension, value=1, analyst_value=1, status="fresh", rule="", inputs=inputs
                )
            out.append(e)
        return out

    assert band_of(r, fed(0.1)).half_width == 0.0  # 10% ± 0.2: level +1 whatever the error
    assert band_of(r, fed(8.0)).half_width > 0.5  # 10% ± 16: anything from -1 to +2


def test_the_band_names_the_other_zone_it_reaches():
    from scoring.confidence import other_zone_reached

    assert other_zone_reached(46.0, 40.0, 50.0) == "Green"  # "Yellow, could be Green"
    assert other_zone_reached(27.0, 22.0, 32.0) == "Red"
    assert other_zone_reached(35.0, 30.0, 40.0) is None  # well inside Yellow
    assert other_zone_reached(50.0, 46.0, 54.0) == "Yellow"


def test_each_doubts_closed_form_effect_is_what_rescoring_with_that_input_moved_gives():
    """The band adds each doubtful input's effect; computed in closed form, it must equal the score's change when
    the input is moved one step and the role scored again (checked on every drafted role with doubts)."""
    import math

    from scoring.aijri import score
    from scoring.confidence import Z_80

    checked = 0
    for path in sorted((REPO / "roles" / "onet").glob("*.toml"))[::25]:
        r = role(path)
        evidence = analyst_evidence(r)
        inputs = Inputs.from_role(r, {e.dimension: e.value for e in evidence})
        doubts = doubts_of(r)
        base = score(inputs).unclamped
        variance = 0.0
        for index, sd in enumerate(doubts.tasks):
            pct, task_score, impact = inputs.tasks[index]
            step = 1 if task_score < 5 else -1
            moved = inputs.tasks[:index] + ((pct, task_score + step, impact),) + inputs.tasks[index + 1 :]
            changed = Inputs(moved, inputs.evidence, inputs.barriers, inputs.protective, inputs.ai_growth)
            variance += (sd * (score(changed).unclamped - base)) ** 2
        for name in doubts.not_assessed - {"ai_growth"}:
            step = 1 if inputs.evidence[name] < 2 else -1
            variance += (
                score(inputs.with_evidence({**inputs.evidence, name: inputs.evidence[name] + step})).unclamped - base
            ) ** 2
        if "ai_growth" in doubts.not_assessed:
            grown = Inputs(inputs.tasks, inputs.evidence, inputs.barriers, inputs.protective, inputs.ai_growth + 1)
            variance += (score(grown).unclamped - base) ** 2
        assert score_band(inputs, evidence, doubts).half_width == round(Z_80 * math.sqrt(variance), 1), path.name
        checked += 1
    assert checked >= 30
