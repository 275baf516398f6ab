"""AI capability readings in plain words, for `jobzone explain`, alerts, feeds and role pages: which frontier rose,
from which model to which, since when, and how much of the role's work it measures."""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from scoring.capability import FAMILY_TITLES, get_benchmark
from scoring.dimensions import title_of
from scoring.evidence_inputs import CapabilityInputs


def _family_name(family: str) -> str:
    return FAMILY_TITLES.get(family, family).split(" (")[0]


def benchmark_line(reading: Mapping[str, Any]) -> str:
    """'METR time horizon: 4.8 hours (Claude Opus 4.5, released 2025-11-24) -> 12.0 hours (Claude Opus 4.6,
    released 2026-02-05): +1.3 doublings ± 0.6 = 1.3 steps'."""
    if not reading.get("ok"):
        return f"{reading.get('title', reading.get('benchmark'))}: no reading ({reading.get('note')})"
    then, now = reading["then"], reading["now"]
    if then["model"] == now["model"]:
        return f"{reading['title']}: {now['value']} ({now['title']}, released {now['released']}): no newer best since"
    benchmark = get_benchmark(reading["benchmark"])
    return (
        f"{reading['title']}: {then['value']} ({then['title']}, released {then['released']}) -> {now['value']} "
        f"({now['title']}, released {now['released']}, published {now['published']}): +{reading['rise']:.1f} "
        f"{benchmark.reading_unit} ± {reading['se']:.1f} = {reading['steps']:.1f} steps"
    )


def capability_lines(inputs: CapabilityInputs) -> Iterable[str]:
    """What the reading rests on, for `explain` and the role page: exposure, then each family and benchmark."""
    yield f"  follows AI capability: {inputs.origin or ''}"
    for family in inputs.families:
        state = f"{family['steps']:.1f} steps" if family.get("ok") else "no reading"
        yield f"  {_family_name(family['family'])}, {family['share']:.0%} of task time: {state}"
        for reading in family.get("benchmarks", []):
            yield f"    {benchmark_line(reading)}"


def _headline_reading(inputs: CapabilityInputs) -> Mapping[str, Any] | None:
    """The benchmark reading that moved most (in steps) on the role's most exposed family with a reading."""
    families = sorted((f for f in inputs.families if f.get("ok")), key=lambda f: -f["share"] * f.get("steps", 0))
    for family in families:
        moved = [r for r in family.get("benchmarks", []) if r.get("ok") and r["then"]["model"] != r["now"]["model"]]
        if moved:
            return max(moved, key=lambda r: r["steps"])
    return None


def capability_sentence(dimension: str, before: int, after: int, inputs: CapabilityInputs) -> str:
    """A capability move as a reader expects it: 'AI tool maturity +0 -> -1: the frontier of METR time horizon rose
    from 4.9 hours to 12.0 hours (Claude Opus 4.6, released 2026-02-05) since this role's task scores were set
    (2025-11-24); 59% of its work is what AI capability benchmarks measure' (the reading that rose most)."""
    head = f"{title_of(dimension)} {before:+d} → {after:+d}"
    reading = _headline_reading(inputs)
    if reading is None:
        return f"{head}: {inputs.level_words or 'AI capability reading'}"
    then, now = reading["then"], reading["now"]
    exposed = sum(f["share"] for f in inputs.families)
    return (
        f"{head}: the frontier of {reading['title']} rose from {then['value']} to {now['value']} ({now['title']}, "
        f"released {now['released']}) since this role's task scores were set ({inputs.anchor}); {exposed:.0%} of its "
        f"work is what AI capability benchmarks measure; rule: {inputs.level_words or ''}"
    )
