"""Evidence provenance in plain words, for `jobzone explain`, alerts and role pages."""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

from scoring.capability_words import capability_lines, capability_sentence
from scoring.changes import AssessmentEdit, Cause, EvidenceMove, FieldPath, NewRole
from scoring.countries import CURRENCY_SIGNS
from scoring.dimensions import get_dimension, title_of
from scoring.evidence_inputs import CapabilityInputs, EvidenceInputs, MarketInputs, Reading, SeriesInput
from scoring.evidence_values import EvidenceValue
from scoring.evidence_words import unassessed_locally
from scoring.model import BARRIER_DIMENSIONS, BARRIER_MAX, PROTECTIVE_DIMENSIONS, PROTECTIVE_MAX
from scoring.roles import parse_toml
from scoring.stored import Explanation

STATUS_WORDS = {
    "analyst": "set by the analyst",
    "fresh": "updated from market data",
    "pinned": "pinned by the analyst",
    "stale": "held: a source failed",
    "insufficient": "held: not enough data",
}


def attribution_of(series: SeriesInput) -> str:
    """The credit line its source asks for (stored with the evidence), or the source's name."""
    return series.attribution or f"Source: {series.source}"


def _number(value: float | int) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"


def _level(value: float | int, currency: str | None) -> str:
    """A series' level as a reader writes it: pay with its currency ("£53,501"), an index or a count as a number."""
    if currency is None:
        return _number(value)
    sign = CURRENCY_SIGNS.get(currency)
    return f"{sign}{_number(value)}" if sign else f"{_number(value)} {currency}"


def describe_reading(series: SeriesInput, reading: Reading) -> str:
    """One series at one date, e.g. 'FRED series X: 72.4 (28 days to 2026-03-27) vs 80.1 a year earlier: -9.6%'."""
    source = attribution_of(series)
    if not reading.get("ok"):
        return f"{series.label}: left out ({reading.get('note')}). {source}"
    value, previous = _level(reading["value"], series.currency), _level(reading["prev_value"], series.currency)
    text = f"{series.label}: {value} ({reading['period']}) vs {previous} ({reading['prev_period']}): {reading['nominal_pct']:+.1f}%"
    if reading.get("basis") == "relative" and "benchmark_pct" in reading:
        text += f" against {reading['benchmark_pct']:+.1f}% for the aggregate = {reading['change']:+.1f} relative"
    elif "inflation_pct" in reading:
        text += f" minus {reading['inflation_pct']:.1f}% inflation = {reading['change']:+.1f} pp real"
    if "se" in reading:
        text += f" (± {reading['se']:.1f} standard error: {reading.get('se_basis', '')})"
    if reading.get("sample") is not None:
        text += f", sample {_number(reading['sample'])}"
    if reading.get("basis_note"):
        text += f"; {reading['basis_note']}"
    return f"{text}. {source}"


def describe_dimension(row: EvidenceValue, drafted: bool = False, country: str = "US") -> list[str]:
    """Headline and detail lines for one evidence dimension (drafted: the value came from the drafting rules,
    not from an analyst; country: the view the run scored, where a market dimension may have no local data)."""
    name = title_of(row.dimension)
    origin = "drafted value" if drafted else "analyst's value"
    words = "set by the drafting rules" if drafted and row.status == "analyst" else STATUS_WORDS.get(row.status)
    unread = unassessed_locally(row, country)
    if unread:
        words = f"not assessed for {country}: no {country} {'wage' if unread == 'pay' else 'postings'} data for it"
    inputs = row.inputs
    if row.status == "fresh" and isinstance(inputs, CapabilityInputs):
        words = "updated from AI capability data"
    lines = [f"{name}: {row.value:+d} ({words or row.status}; {origin} {row.analyst_value:+d})"]
    if row.status == "analyst":
        return lines + ([f"  {row.rule}"] if "not followed by AI capability" in row.rule else [])
    lines.append(f"  why: {row.rule}")
    if isinstance(inputs, CapabilityInputs):
        return lines + list(capability_lines(inputs))
    if not isinstance(inputs, MarketInputs):
        return lines
    if inputs.origin:
        lines.append(f"  follows (from the role's SOC code): {inputs.origin}")
    for series in inputs.series:
        lines.append(f"  now: {describe_reading(series, series.now)}")
        if inputs.mode == "anchored":
            lines.append(f"  at assessment ({inputs.assessed_on}): {describe_reading(series, series.anchor)}")
    return lines


def explain_lines(data: Explanation) -> Iterable[str]:
    score = data.score
    reason = f", reason: {data.reason}" if data.reason else ""
    view = f", {data.country} view" if data.country != "US" else ""
    yield (
        f"{data.title} ({data.role_id}): {score.aijri_display}/100, {score.label} "
        f"— run {data.run_id} ({data.kind}, as of {data.as_of}{view}{reason})"
    )
    if data.country != "US":
        yield (
            f"In the {data.country} view the job postings and wage trends read {data.country} data where it exists "
            "(a dimension without it keeps the file's value: not assessed locally); the tasks, barriers and "
            "protective principles are the role's, from US O*NET data, and so are a draft's company actions and "
            "expert consensus (BLS projections)."
        )
    band = data.confidence_band
    if band:
        maybe = f"; {score.zone}, could be {band.could_be}" if band.could_be else ""
        yield f"80% band {band.low:.1f}-{band.high:.1f} (how sure the score is{maybe}; see /methodology)"
    yield f"Evidence total {score.evidence_total:+d}:"
    drafted = _is_draft(data.assessment_text)
    for row in data.evidence:
        yield from describe_dimension(row, drafted, data.country)


def _is_draft(text: str) -> bool:
    """The scored assessment is a draft nobody has reviewed (its values come from the drafting rules)."""
    if not text:
        return False
    return (parse_toml(text).get("draft") or {}).get("status") == "draft"


# Assessment fields a reader is never told about: bookkeeping of drafting, search words, the context texts,
# and the labels a task's score was drafted from. Rationale edits are words, not values: never a reason.
_UNTOLD_SECTIONS = {"draft", "context", "aliases", "sources", "rationale"}
_UNTOLD_TASK_KEYS = {"onet_task_id", "exposure", "automation", "reassessed", "dwas", "capability"}
_TASK_KEY_WORDS = {"score": "automation", "time_pct": "share of time", "impact": "impact"}


def _told(path: FieldPath) -> bool:
    if path.is_rationale or path.section in _UNTOLD_SECTIONS:
        return False
    return path.task is None or path.key not in _UNTOLD_TASK_KEYS


def _value(value: Any) -> str:
    if isinstance(value, float):
        return _number(value)
    return "(none)" if value is None else str(value).replace("_", " ")


def edit_words(path: FieldPath, before: Any, after: Any) -> str:
    """An assessment edit in a reader's words (the path parsed, never shown)."""
    if path.task is not None:
        if not path.key:
            return f"task '{path.task}' {'added' if before is None else 'removed'}"
        what = _TASK_KEY_WORDS.get(path.key, path.key.replace("_", " "))
        unit = "%" if path.key == "time_pct" else ""
        return f"task '{path.task}' {what} {_value(before)}{unit} → {_value(after)}{unit}"
    if path.section == "evidence" and isinstance(before, int) and isinstance(after, int):
        return f"{title_of(path.key)} {before:+d} → {after:+d}"
    kind = {"barriers": " barrier", "protective": " protective principle"}.get(path.section, "")
    name = (path.key or path.section).replace("_", " ").replace(".", " ")
    return f"{name}{kind} {_value(before)} → {_value(after)}"


# What a change measures, for a reader: (below, above) words per dimension measure and basis.
_AGAINST = {
    ("postings", "absolute"): ("% below a year ago", "% above a year ago"),
    ("postings", "relative"): (
        "% below the country's postings as a whole",
        "% above the country's postings as a whole",
    ),
    ("pay", "real"): (" pp below inflation over the year", " pp above inflation over the year"),
    ("pay", "relative"): (" pp below the pay growth of all occupations", " pp above the pay growth of all occupations"),
}


def _against(dimension: str, basis: str, change: float) -> str:
    measure = get_dimension(dimension).measure or "postings"
    below, above = _AGAINST.get((measure, basis), ("% down", "% up"))
    return f"{abs(change):.1f}{below if change < 0 else above}"


def market_sentence(dimension: str, before: int, after: int, inputs: MarketInputs) -> str:
    """A market move as a reader expects it: the series by name, the direction ("still 18.9% below a year ago,
    less than the 28.2% fall at the previous run"), the uncertainty and the rule that moved the level."""
    head = f"{title_of(dimension)} {before:+d} → {after:+d}"
    change, previous = inputs.change_now, inputs.change_before
    if change is None:
        return head
    names = " and ".join(inputs.used) or "the series it follows"
    basis = inputs.basis or ("real" if get_dimension(dimension).real_terms else "absolute")
    text = _against(dimension, basis, change)
    if previous is not None and (previous < 0) == (change < 0) and previous != 0:
        size = "less" if abs(change) < abs(previous) else "more"
        word = "fall" if change < 0 else "rise"
        text = f"still {text}, {size} than the {abs(previous):.1f} {word} at the previous run"
    elif previous is not None:
        text += f", after {previous:+.1f} at the previous run"
    error = f" (± {inputs.se_now:.1f})" if inputs.se_now else ""
    rule = f"; rule: {inputs.level_words}" if inputs.level_words else ""
    return f"{head}: {names}: {text}{error}{rule}"


def _evidence_sentence(dimension: str, before: int, after: int, inputs: EvidenceInputs | None) -> str:
    if isinstance(inputs, CapabilityInputs):
        return capability_sentence(dimension, before, after, inputs)
    if isinstance(inputs, MarketInputs):
        return market_sentence(dimension, before, after, inputs)
    return f"{title_of(dimension)} {before:+d} → {after:+d}"


def _move_sentence(move: EvidenceMove, then: EvidenceValue | None) -> str:
    if move.before is None:  # a dimension the previous run did not have
        return f"{title_of(move.dimension)} {move.after:+d} (first reading)"
    return _evidence_sentence(move.dimension, move.before, move.after, then.inputs if then is not None else None)


def _release_notes(edits: Sequence[AssessmentEdit]) -> dict[str, tuple[Any, Any]]:
    """task -> (release note before, after), for each task whose release note (tasks[...].reassessed) changed."""
    return {
        edit.path.task: (edit.before or None, edit.after or None)
        for edit in edits
        if edit.path.task is not None and edit.path.key == "reassessed"
    }


def plain_causes(causes: Sequence[Cause], evidence: Mapping[str, EvidenceValue], reason: str | None) -> list[str]:
    """A change's causes as sentences for subscribers: edits named with the run's reason, market moves with
    their series, values, dates and sources. Field paths, rationale and drafting bookkeeping never reach a reader."""
    lines, edits, withdrawn = [], [], []
    notes = _release_notes([cause for cause in causes if isinstance(cause, AssessmentEdit)])
    for cause in causes:
        if isinstance(cause, AssessmentEdit):
            path = cause.path
            if not _told(path) or (path.task in notes and path.key == "impact"):
                continue  # an impact that follows a release's score is named with the score
            before, after = cause.before, cause.after
            note_before, note_after = notes.get(path.task or "", (None, None))
            if path.key == "score" and note_before and not note_after:
                withdrawn.append(f"Release withdrawn: '{path.task}' back from {before} to {after}")
                continue
            words = edit_words(path, before, after)
            if path.key == "score" and note_after:
                words += f" (effect: {str(note_after).split(': ', 1)[-1]})"
            edits.append(words)
        elif isinstance(cause, EvidenceMove):
            lines.append(_move_sentence(cause, evidence.get(cause.dimension)))
        elif isinstance(cause, NewRole):
            lines.append("first score for this role")
    if edits:
        lines.insert(0, (f"Reassessed after: {reason}: " if reason else "Reassessed: ") + "; ".join(edits))
    return withdrawn + lines


def assessment_lines(text: str) -> Iterable[str]:
    """The rest of what a score rests on, from the assessment it was computed from: each task with its share of
    time, automation score and impact, then the barriers and protective principles with their rationales."""
    document = parse_toml(text)
    tasks = sorted(document.get("tasks", []), key=lambda t: -t.get("time_pct", 0))
    yield "Tasks (share of time, automation 1-5, impact):"
    for task in tasks:
        yield f"  {task['time_pct']:>5g}%  {task['score']}  {task['impact']:<13} {task['name']}"
    for table, names, maximum, title in (
        ("barriers", BARRIER_DIMENSIONS, BARRIER_MAX, "Barriers"),
        ("protective", PROTECTIVE_DIMENSIONS, PROTECTIVE_MAX, "Protective principles (not in the formula)"),
    ):
        values = document.get(table, {})
        why = values.get("rationale", {})
        yield f"{title}: {sum(values.get(n, 0) for n in names)} / {maximum}"
        for name in names:
            yield f"  {name.replace('_', ' ')} {values.get(name, 0)}" + (f": {why[name]}" if why.get(name) else "")
