"""AI tool maturity from AI capability: the file's value moved by how far the frontier of the work the role is
exposed to has risen since the date its task scores reflect (scoring/capability.py), through the same level
machinery as the market dimensions (z standard errors, hysteresis, the band)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any, Callable, Sequence, cast

from scoring.capability import (
    BenchmarkReading,
    Exposure,
    FamilyReading,
    FrontierPoint,
    Result,
    benchmark_reading,
    benchmarks_of,
    exposed_rise,
    family_reading,
    get_benchmark,
)
from scoring.evidence import PreviousLevel, held, market_level
from scoring.evidence_inputs import CapabilityInputs
from scoring.evidence_rules import DEFAULT_RULES, EvidenceRules
from scoring.evidence_values import Assessed, EvidenceValue, pinned_evidence

DIMENSION = "ai_tool_maturity"
SOURCE = "epoch"  # where the results come from: a failed fetch holds the dimension (stale, never zero)


class FrontierReader:
    """The capability results a run may read (published by its as-of date) and each family's rise since an anchor,
    computed once per (family, anchor): a catalogue's roles share a handful of anchor dates."""

    def __init__(self, results: Sequence[Result], as_of: dt.date):
        self.results, self.as_of = list(results), as_of
        self.download = results[0].content_hash if results else None
        self._benchmarks: dict[tuple[str, dt.date], BenchmarkReading] = {}
        self._mapped: dict[tuple, EvidenceValue] = {}

    def benchmark(self, key: str, anchor: dt.date) -> BenchmarkReading:
        cache_key = (key, anchor)
        if cache_key not in self._benchmarks:
            self._benchmarks[cache_key] = benchmark_reading(self.results, get_benchmark(key), anchor, self.as_of)
        return self._benchmarks[cache_key]

    def family(self, family: str, share: float, anchor: dt.date) -> FamilyReading:
        return family_reading(family, share, [self.benchmark(b.key, anchor) for b in benchmarks_of(family)])

    def mapped(self, key: tuple, compute: Callable[[], EvidenceValue]) -> EvidenceValue:
        """A role's value for the inputs it shares with others (exposure, anchor, file value, previous level):
        computed once a run."""
        if key not in self._mapped:
            self._mapped[key] = compute()
        return self._mapped[key]


def _rise_words(rise: float, se: float, level: int, z: float, held_from: int | None, margin: float) -> str:
    shown = f"rise {rise:.1f}" + (f" ± {se:.1f}" if se else "") + " steps on the role's exposed work"
    if abs(rise) <= z * se:
        return f"{shown}: within {z:g} standard errors of no rise -> 0"
    if held_from is not None:
        return (
            f"{shown} would be {held_from:+d}, held at {level:+d} by hysteresis: a level is left only "
            f"{margin:.2f} steps past its threshold"
        )
    return f"{shown} -> {level:+d}"


def map_capability(
    role: Assessed,
    exposure: Exposure | None,
    reader: FrontierReader,
    *,
    previous: PreviousLevel | None = None,
    stale: bool = False,
    pinned: bool = False,
    rules: EvidenceRules = DEFAULT_RULES,
) -> EvidenceValue:
    """AI tool maturity for one run. Not followed without an exposure (no task names its work); pinned keeps the
    file's value; a failed fetch or no reading holds the last value (never zero); otherwise the file's value plus the
    level of the exposed rise (0 within z standard errors; -1 from 1.5 steps; -2 from 4: ladder in the rules)."""
    analyst = role.evidence_values()[DIMENSION]
    if exposure is None:
        return EvidenceValue(
            dimension=DIMENSION,
            value=analyst,
            analyst_value=analyst,
            status="analyst",
            rule=(
                "analyst judgement from the role file; not followed by AI capability: no task names its work "
                "activities (dwas) or its capability families (capability = [...])"
            ),
        )
    if pinned:
        return pinned_evidence(DIMENSION, analyst)
    key = (exposure, analyst, previous, stale, rules.z_of(DIMENSION))
    return reader.mapped(key, lambda: _mapped(analyst, exposure, reader, previous, stale, rules))


def _inputs(exposure: Exposure, reader: FrontierReader, families: list[FamilyReading]) -> CapabilityInputs:
    return CapabilityInputs(
        mode="anchored",
        anchor=exposure.anchor,
        as_of=reader.as_of,
        origin=exposure.origin,
        families=tuple(families),
        level_anchor=0,
        download=reader.download,
    )


def _mapped(
    analyst: int,
    exposure: Exposure,
    reader: FrontierReader,
    previous: PreviousLevel | None,
    stale: bool,
    rules: EvidenceRules,
) -> EvidenceValue:
    families = [reader.family(family, share, exposure.anchor) for family, share in exposure.shares]
    inputs = _inputs(exposure, reader, families)
    if stale and reader.results:
        return held(DIMENSION, analyst, previous, "stale", f"{SOURCE} failed this run", inputs)
    z, ladder = rules.z_of(DIMENSION), rules.ladder(DIMENSION)
    if not exposure.shares:
        inputs = replace(
            inputs, rise=0.0, change_now=0.0, se_now=0.0, z=z, level_now=0, level_words="no exposed work -> 0"
        )
        rule = f"insensitive: {exposure.origin.split('; ')[0]}; the file's {analyst:+d} stands"
        return EvidenceValue(
            dimension=DIMENSION, value=analyst, analyst_value=analyst, status="fresh", rule=rule, inputs=inputs
        )
    reading = exposed_rise(families)
    if reading is None:
        why = "; ".join(f.get("note", "") for f in families) or "no capability data"
        return held(DIMENSION, analyst, previous, "insufficient", f"no capability reading ({why})", inputs)
    rise, se = reading
    before = previous.level_now if previous else None
    level, _ = market_level(ladder, -rise, se, z, before)
    unheld, _ = market_level(ladder, -rise, se, z, None)
    words = _rise_words(rise, se, level, z, unheld if unheld != level else None, max(ladder.margin, z * se))
    value = max(-2, min(2, analyst + level))
    inputs = replace(
        inputs,
        rise=round(rise, 3),
        change_now=round(-rise, 3),
        se_now=round(se, 3),
        z=z,
        level_now=level,
        level_words=words,
        change_before=previous.change_now if previous is not None else None,
    )
    rule = f"file's {analyst:+d} + capability level {level:+d} since {exposure.anchor} = {value:+d}. {words}"
    return EvidenceValue(
        dimension=DIMENSION, value=value, analyst_value=analyst, status="fresh", rule=rule, inputs=inputs
    )


ReadingKey = tuple[str, str]  # (anchor date, ISO; benchmark key)
_POINT = ("model", "title", "released", "published", "value")
_NUMBERS = ("rise", "se", "steps", "se_steps")


def stored_form(inputs: dict[str, Any]) -> tuple[dict[str, Any], dict[ReadingKey, BenchmarkReading]]:
    """AI tool maturity inputs in their stored JSON form (scoring.evidence_inputs.inputs_json) with each family
    naming its benchmarks, and the readings (shared by every role with the same anchor) apart, stored once a run
    keyed by (anchor, benchmark)."""
    anchor = str(inputs["anchor"])
    readings: dict[ReadingKey, BenchmarkReading] = {}
    families = []
    for family in inputs.get("families", []):
        keys = []
        for reading in family.get("benchmarks", []):
            readings[(anchor, reading["benchmark"])] = reading
            keys.append(reading["benchmark"])
        families.append({**family, "benchmarks": keys})
    return {**inputs, "families": families}, readings


def reading_row(key: ReadingKey, reading: BenchmarkReading) -> dict[str, Any]:
    """A reading as a capability_readings row (without its run id)."""
    row: dict[str, Any] = {
        "anchor": key[0],
        "benchmark": key[1],
        "ok": bool(reading.get("ok")),
        "note": reading.get("note"),
    }
    for side in ("then", "now"):
        point: Any = reading.get(side) or {}
        row.update({f"{side}_{name}": point.get(name) for name in _POINT})
    row.update({name: reading.get(name) for name in _NUMBERS})
    return row


def reading_of(row: dict[str, Any]) -> BenchmarkReading:
    benchmark = get_benchmark(row["benchmark"])
    reading: BenchmarkReading = {
        "benchmark": benchmark.key,
        "title": benchmark.title,
        "unit": benchmark.reading_unit,
        "ok": row["ok"],
    }
    if not row["ok"]:
        return {**reading, "note": row["note"] or ""}
    then, now = ({name: row[f"{side}_{name}"] for name in _POINT} for side in ("then", "now"))
    reading["then"], reading["now"] = cast(FrontierPoint, then), cast(FrontierPoint, now)
    reading["rise"], reading["se"] = row["rise"], row["se"]
    reading["steps"], reading["se_steps"] = row["steps"], row["se_steps"]
    return reading


def expanded(inputs: dict[str, Any], readings: dict[ReadingKey, BenchmarkReading]) -> dict[str, Any]:
    """Stored AI tool maturity inputs (JSON form) with their readings joined back (the form inputs_json wrote)."""
    anchor = str(inputs.get("anchor"))
    families = [
        {
            **family,
            "benchmarks": [
                readings[(anchor, key)] for key in family.get("benchmarks", []) if (anchor, key) in readings
            ],
        }
        for family in inputs.get("families", [])
    ]
    return {**inputs, "families": families}
