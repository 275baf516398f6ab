"""Evidence from signals, on small synthetic series (labelled): thresholds, hysteresis, modes, guards, stale."""

import datetime as dt
import re

import pytest

from scoring.aijri import score_role
from scoring.evidence import Followed, PreviousLevel, map_dimension, market_level
from scoring.evidence import role_evidence as map_role
from scoring.evidence_rules import DEFAULT_RULES, EvidenceRules
from scoring.roles import load_role, parse_role
from sources.signals import followed_series
from tests.conftest import REFERENCE_ROLE

ASSESSED = dt.date(2026, 3, 31)
POSTINGS = DEFAULT_RULES.ladder("job_posting_trends")
WAGES = DEFAULT_RULES.ladder("wage_trends")


OLD_METHOD = EvidenceRules(z=0.0, bases={"wage_trends": "real", "job_posting_trends": "absolute"})


def mapped(role, dimension, store, as_of, **options):
    """One dimension, with the series the role's [signals] resolve to through the source registry."""
    return map_dimension(role, dimension, followed_series(role).get(dimension, Followed(())), store, as_of, **options)


def role_evidence(role, store, as_of, **options):
    return map_role(role, followed_series(role), store, as_of, **options)


@pytest.mark.parametrize(
    "change, level", [(-25, -2), (-24.99, -1), (-8, -1), (-7.99, 0), (7.99, 0), (8, 1), (24.99, 1), (25, 2)]
)
def test_postings_thresholds(change, level):
    assert POSTINGS.level(change) == level


@pytest.mark.parametrize("change, level", [(-5, -2), (-1.5, -1), (-1.49, 0), (1.49, 0), (1.5, 1), (5, 2)])
def test_wage_thresholds(change, level):
    assert WAGES.level(change) == level


@pytest.mark.parametrize(
    "change, previous, level",
    [
        (8.5, 0, 0),
        (9.99, 0, 0),
        (10.0, 0, 1),  # up from 0 needs 8 + 2
        (7.0, 1, 1),
        (6.01, 1, 1),
        (5.99, 1, 0),  # down from +1 needs below 8 - 2
        (30.0, 0, 2),
        (26.0, 1, 1),
        (27.0, 1, 2),  # large moves still pass the margin of the last crossed cut
        (8.5, None, 1),  # no previous level: plain thresholds
    ],
)
def test_postings_hysteresis(change, previous, level):
    """Without a standard error the ladder's own margin holds a level (scoring.evidence.market_level)."""
    assert market_level(POSTINGS, change, 0.0, 1.0, previous)[0] == level


def test_wage_hysteresis_margin_is_half_a_point():
    def held(change: float, previous: int) -> int:
        return market_level(WAGES, change, 0.0, 1.0, previous)[0]

    assert held(1.9, 0) == 0 and held(2.0, 0) == 1
    assert held(1.1, 1) == 1 and held(0.99, 1) == 0


# ---- synthetic series ----------------------------------------------------------------------------------------


def daily(start: dt.date, end: dt.date, value_at) -> list:
    days = (end - start).days + 1
    return [(start + dt.timedelta(d), value_at(start + dt.timedelta(d))) for d in range(days)]


def index_store(level_by_year: dict[int, float], key=("fred", "IHLIDXUSTPSOFTDEVE", "value")) -> dict:
    """A synthetic daily index, flat within each year."""
    return {key: daily(dt.date(2023, 1, 1), dt.date(2026, 12, 31), lambda d: level_by_year[d.year])}


ROLE_TEXT = REFERENCE_ROLE.read_text()


def role_with_signals(signals: str, evidence_postings: int = 1):
    base = ROLE_TEXT[: ROLE_TEXT.index("# Market series")]
    text = base.replace(
        "job_posting_trends = 1\ncompany_actions", f"job_posting_trends = {evidence_postings}\ncompany_actions"
    )
    return parse_role(text + signals, REFERENCE_ROLE).role


FRED_ONLY = '[signals.job_posting_trends]\nfred = { series = "IHLIDXUSTPSOFTDEVE" }\n'


def test_anchored_keeps_the_analyst_value_while_the_market_is_unchanged_since_assessment():
    role = role_with_signals(FRED_ONLY)
    store = index_store({2023: 100, 2024: 100, 2025: 100, 2026: 110})  # +10% at assessment and later
    value = mapped(role, "job_posting_trends", store, dt.date(2026, 9, 30))
    assert (value.value, value.status, value.inputs.level_now, value.inputs.level_anchor) == (1, "fresh", 1, 1)


def test_anchored_moves_by_the_difference_and_absolute_uses_the_level():
    role = role_with_signals(FRED_ONLY)
    store = index_store({2023: 100, 2024: 100, 2025: 100, 2026: 100})
    store[("fred", "IHLIDXUSTPSOFTDEVE", "value")] = daily(
        dt.date(2024, 1, 1), dt.date(2027, 6, 30), lambda d: 100 if d < dt.date(2026, 6, 1) else 130
    )
    anchored = mapped(role, "job_posting_trends", store, dt.date(2026, 9, 30))
    assert (anchored.inputs.level_anchor, anchored.inputs.level_now, anchored.value) == (
        0,
        2,
        2,
    )  # 1 + 2 - 0, clamped
    absolute = mapped(
        role_with_signals(FRED_ONLY.replace("\n", '\nmode = "absolute"\n', 1)),
        "job_posting_trends",
        store,
        dt.date(2026, 9, 30),
    )
    assert (absolute.value, absolute.status) == (2, "fresh")
    down = mapped(
        role_with_signals(FRED_ONLY, evidence_postings=-1),
        "job_posting_trends",
        {k: [(d, 100 if d < dt.date(2026, 6, 1) else 85) for d, _ in v] for k, v in store.items()},
        dt.date(2026, 9, 30),
    )
    assert (down.inputs.level_now, down.value) == (-1, -2)  # -1 + (-1) - 0


def test_pinned_ignores_signals():
    role = role_with_signals(FRED_ONLY.replace("\n", "\npinned = true\n", 1))
    value = mapped(
        role, "job_posting_trends", index_store({2023: 1, 2024: 1, 2025: 1, 2026: 500}), dt.date(2026, 9, 30)
    )
    assert (value.value, value.status) == (1, "pinned")


ITJW_PAGE = [(dt.date(2025, 3, 31), "now"), (dt.date(2024, 3, 31), "prev")]


def itjw(counts: dict[dt.date, float], term="mlops") -> dict:
    return {("itjobswatch", f"perm/uk/{term}", "job_count"): sorted(counts.items())}


def test_combining_series_weights_by_sample_and_leaves_out_small_samples():
    role = role_with_signals(
        '[signals.job_posting_trends]\nitjobswatch = [{ term = "mlops" }, { term = "tiny" }]\n'
        'fred = { series = "IHLIDXUSTPSOFTDEVE" }\nmode = "absolute"\n'
    )
    store = index_store({2023: 100, 2024: 100, 2025: 100, 2026: 100})  # fred: 0% change, weight 1
    store.update(itjw({dt.date(2025, 9, 30): 100, dt.date(2026, 9, 30): 150}))  # +50%, sample 100 -> weight 0.5
    store.update(itjw({dt.date(2025, 9, 30): 5, dt.date(2026, 9, 30): 1}, term="tiny"))  # sample 1 < 20: left out
    value = mapped(role, "job_posting_trends", store, dt.date(2026, 9, 30))
    assert value.inputs.change_now == pytest.approx((0 * 1 + 50 * 0.5) / 1.5, abs=1e-3)
    tiny = next(s for s in value.inputs.series if s.series == "perm/uk/tiny")
    assert not tiny.now["ok"] and "sample 1 below the minimum of 20" in tiny.now["note"]
    assert value.value == 1  # +16.7% -> +1


def test_real_wages_subtract_inflation_of_the_matching_period():
    role = role_with_signals('[signals.wage_trends]\naijobs = { title = "MLOps Engineer" }\nmode = "absolute"\n')
    store = {
        ("aijobs", "MLOps Engineer", "median_salary_usd"): [
            (dt.date(2024, 12, 31), 100_000.0),
            (dt.date(2025, 12, 31), 104_000.0),
        ],
        ("aijobs", "MLOps Engineer", "respondents"): [(dt.date(2024, 12, 31), 50.0), (dt.date(2025, 12, 31), 50.0)],
        ("uscpi", "CUUR0000SA0", "cpi_index"): [(dt.date(2024, 12, 31), 300.0), (dt.date(2025, 12, 31), 306.0)],
    }
    value = mapped(role, "wage_trends", store, dt.date(2026, 3, 31), rules=OLD_METHOD)
    reading = value.inputs.series[0].now
    assert (reading["nominal_pct"], reading["inflation_pct"], reading["change"]) == (4.0, 2.0, 2.0)
    assert value.value == 1
    # 50 answers a year: the median's standard error is about 11.7 pp, so +2 pp is no evidence of a move
    noisy = mapped(role, "wage_trends", store, dt.date(2026, 3, 31))
    assert noisy.inputs.series[0].now["se"] == 11.731 and noisy.value == 0
    assert "within 2 standard errors of no change -> 0" in noisy.rule
    store[("aijobs", "MLOps Engineer", "respondents")] = [(dt.date(2024, 12, 31), 50.0), (dt.date(2025, 12, 31), 9.0)]
    thin = mapped(role, "wage_trends", store, dt.date(2026, 3, 31), previous=PreviousLevel(0, 0))
    assert (thin.status, thin.value) == ("insufficient", 0)  # held at the previous value, never zeroed


def test_stale_source_holds_the_last_value_and_says_so():
    role = role_with_signals(FRED_ONLY)
    store = index_store({2023: 100, 2024: 100, 2025: 100, 2026: 50})
    held = mapped(
        role,
        "job_posting_trends",
        store,
        dt.date(2026, 9, 30),
        previous=PreviousLevel(1, 1),
        stale_sources=frozenset({"fred"}),
    )
    assert (held.value, held.status) == (1, "stale") and "fred failed this run" in held.rule
    unrecorded = mapped(
        role_with_signals(FRED_ONLY + 'itjobswatch = { term = "mlops" }\n'),
        "job_posting_trends",
        store,
        dt.date(2026, 9, 30),
        stale_sources=frozenset({"itjobswatch"}),
    )
    assert unrecorded.status == "fresh"  # a failed source with no stored data is left out, not a reason to hold


def test_reference_role_keeps_its_published_score_until_the_market_moves():
    role = load_role(REFERENCE_ROLE).role
    flat = index_store({2023: 100, 2024: 100, 2025: 100, 2026: 100})
    for as_of in (ASSESSED, dt.date(2026, 6, 30)):
        evidence = {e.dimension: e.value for e in role_evidence(role, flat, as_of)}
        assert score_role(role, evidence).aijri_display == "42.6"
    moved = index_store({2023: 100, 2024: 100, 2025: 100, 2026: 100})
    moved[("fred", "IHLIDXUSTPSOFTDEVE", "value")] = daily(
        dt.date(2024, 1, 1), dt.date(2027, 6, 30), lambda d: 100 if d < dt.date(2026, 6, 1) else 70
    )
    evidence = {e.dimension: e.value for e in role_evidence(role, moved, dt.date(2026, 9, 30))}
    assert evidence["job_posting_trends"] == -1  # analyst +1, market -2 now vs 0 at assessment
    assert score_role(role, evidence).aijri_display == "39.3"  # evidence 3: 3.05 x 1.12 x 1.02 x 1.05 = 3.6585


def test_a_later_observation_never_leaks_into_an_earlier_run():
    role = role_with_signals(FRED_ONLY)
    base = index_store({2023: 100, 2024: 100, 2025: 100, 2026: 100})
    key = ("fred", "IHLIDXUSTPSOFTDEVE", "value")
    as_of = dt.date(2026, 6, 30)
    before = mapped(role, "job_posting_trends", base, as_of)
    later = dict(base)
    later[key] = [(d, v if d <= as_of else 999.0) for d, v in base[key]]  # the future changes wildly
    after = mapped(role, "job_posting_trends", later, as_of)
    assert (after.value, after.inputs.change_now) == (before.value, before.inputs.change_now)


def test_rules_from_a_file_override_the_defaults(tmp_path):
    from scoring.evidence_rules import load_rules

    path = tmp_path / "rules.toml"
    path.write_text("window_days = 14\n[job_posting_trends]\ncuts = [-30, -10, 10, 30]\nmargin = 3\nmin_sample = 50\n")
    rules = load_rules(path)
    postings = rules.ladder("job_posting_trends")
    assert (rules.window_days, rules.min_sample("job_posting_trends"), postings.cuts, postings.margin) == (
        14,
        50,
        (-30.0, -10.0, 10.0, 30.0),
        3.0,
    )
    assert postings.level(9.9) == 0 and rules.ladder("wage_trends") == WAGES
    assert rules.min_sample("wage_trends") == 10


@pytest.mark.parametrize(
    "text, message",
    [
        ("window_dayz = 5\n", "window_dayz: Extra inputs are not permitted"),
        ("[wage_trends]\ncuts = [5, 1, -1, -5]\n", "four finite, ascending numbers"),
        ("[job_posting_trends]\ncuts = [nan, 1, 2, 3]\n", "four finite, ascending numbers"),
        ("[job_posting_trends]\nmargin = inf\n", "finite number"),
        ("window_days = 0\n", "window_days: Input should be greater than or equal to 1"),
        ('[job_posting_trends]\nmin_sample = "abc"\n', "min_sample: Input should be a valid integer"),
        ("min_window_points = 2.5\n", "min_window_points: Input should be a valid integer"),
        ("[company_actions]\ncuts = [1, 2, 3, 4]\n", "not an automated dimension"),
        ("[job_posting_trends]\ncuts = [1, 2, 3]\n", "cuts: List should have at least 4 items"),
    ],
)
def test_an_invalid_rules_file_is_refused_whole_when_loaded(tmp_path, text, message):
    from scoring.errors import JobzoneError
    from scoring.evidence_rules import load_rules

    path = tmp_path / "rules.toml"
    path.write_text(text)
    with pytest.raises(JobzoneError, match=re.escape(message)):
        load_rules(path)
