"""An evidence row's first sentence, in words a reader understands: what the data say and what that does to the
score ("Job postings for this work did 7.7% better than all job postings in the year to September 2024. That
moves the analyst's +1 to +2."). The rule and the data stay behind a disclosure on the page. Pure."""

from __future__ import annotations

import datetime as dt
from typing import Any

from scoring.capability import FAMILY_TITLES
from scoring.countries import DEFAULT as DEFAULT_COUNTRY
from scoring.countries import country as country_named
from scoring.dimensions import get_dimension
from scoring.evidence_inputs import CapabilityInputs, MarketInputs
from scoring.evidence_values import EvidenceValue

SUBJECT = {"postings": "Job postings for this work", "pay": "Pay for this work"}


def month(day: Any) -> str:
    """'September 2024' from a date or an ISO date string (stored readings keep dates as strings)."""
    when = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)[:10])
    return when.strftime("%B %Y")


def _market_change(row: EvidenceValue, inputs: MarketInputs) -> str:
    change = inputs.change_now or 0.0
    size, measure = abs(change), get_dimension(row.dimension).measure or "postings"
    subject = SUBJECT.get(measure, "This work's market")
    if inputs.basis == "relative" and measure == "pay":
        said = f"grew {size:.1f} points {'faster' if change >= 0 else 'slower'} than pay for all work"
    elif inputs.basis == "relative":
        said = f"did {size:.1f}% {'better' if change >= 0 else 'worse'} than all job postings"
    elif inputs.basis == "real":
        said = f"{'rose' if change >= 0 else 'fell'} {size:.1f}% after inflation"
    else:
        said = f"{'rose' if change >= 0 else 'fell'} {size:.1f}%"
    periods = [s.now["period"] for s in inputs.series if s.now.get("ok") and s.now.get("period")]
    when = f" in the year to {month(max(periods, key=str))}" if periods else " over the year"
    wobble = inputs.se_now is not None and inputs.z is not None and size < inputs.z * inputs.se_now
    if wobble:
        return f"{subject} {said}{when}, within the data's usual wobble (± {inputs.se_now:.1f}), so not a clear move."
    return f"{subject} {said}{when}."


def _consequence(row: EvidenceValue, inputs: MarketInputs | CapabilityInputs, drafted: bool) -> str:
    if inputs.mode == "anchored":
        whose = "drafted" if drafted else "analyst's"
        if row.value == row.analyst_value:
            return f"The {whose} {row.analyst_value:+d} stands."
        return f"That moves the {whose} {row.analyst_value:+d} to {row.value:+d}."
    return f"That counts {row.value:+d}."


def _held(row: EvidenceValue, inputs: MarketInputs | CapabilityInputs | None) -> str:
    last = "last value" if row.value != row.analyst_value else "value"
    if row.status == "stale":
        return f"A data source failed on this run, so the {last}, {row.value:+d}, stands."
    newest = [s.now["newest"] for s in inputs.series if s.now.get("newest")] if isinstance(inputs, MarketInputs) else []
    if newest:
        return (
            f"The newest data are from {month(max(newest, key=str))}, too old to show a trend now, so the "
            f"{last}, {row.value:+d}, stands."
        )
    return f"There is not enough data to show a trend, so the {last}, {row.value:+d}, stands."


def _capability(row: EvidenceValue, inputs: CapabilityInputs, drafted: bool) -> str:
    then = _consequence(row, inputs, drafted)
    if not inputs.families:
        return f"AI capability gains are not counted for this work: it is done in person, close to people. {then}"
    names = ", ".join(FAMILY_TITLES.get(f["family"], f["family"]).split(" (")[0] for f in inputs.families)
    rise, since = inputs.rise or 0.0, month(inputs.anchor)
    subject = f"AI's best benchmark results on this role's exposed work ({names})"
    if rise < 0.05:
        return f"{subject} have not risen since {since}. {then}"
    wobble = inputs.se_now is not None and inputs.z is not None and rise < inputs.z * inputs.se_now
    return f"{subject} rose {rise:.1f} steps since {since}{', not yet a clear rise' if wobble else ''}. {then}"


def unassessed_locally(row: EvidenceValue, country: str) -> str | None:
    """In another country's view, a market dimension that read no local data: what it would have read (pay or
    postings); None otherwise."""
    measure = get_dimension(row.dimension).measure
    return measure if country != DEFAULT_COUNTRY and row.status == "analyst" and measure in SUBJECT else None


def plain_sentence(row: EvidenceValue, drafted: bool, rationale: str = "", country: str = DEFAULT_COUNTRY) -> str:
    """The row's first sentence: what moved it, or who set it, and the value it gives (in a country's view, a
    market dimension without local data says it is not assessed there)."""
    inputs = row.inputs
    unread = unassessed_locally(row, country)
    if unread:
        what = "pay" if unread == "pay" else "job postings"
        return (
            f"Not assessed in {country_named(country).in_words}: no local {what} data for this work, so the "
            f"file's {row.value:+d} stands."
        )
    if row.status == "pinned":
        return f"Pinned by the analyst at {row.value:+d}: market data do not move it."
    if row.status == "analyst" or inputs is None:
        if drafted and rationale.startswith("not assessed"):
            return f"Not assessed yet: no published data supports a value for this role, so it counts {row.value:+d}."
        if drafted:
            return f"Drafted from open data at {row.value:+d} (see the data and the rule)."
        return f"The analyst's judgement: {row.value:+d} (see their reasons)."
    if row.status in ("stale", "insufficient"):
        return _held(row, inputs)
    if isinstance(inputs, CapabilityInputs):
        return _capability(row, inputs, drafted)
    return f"{_market_change(row, inputs)} {_consequence(row, inputs, drafted)}"
