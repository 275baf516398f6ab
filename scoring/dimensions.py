"""The evidence-dimension registry: every fact about a dimension, in one place.

A dimension is either the analyst's judgement alone, or automated: market series (named in a role's
[signals] table) move it through a threshold ladder with hysteresis. Adding an automated dimension is one
entry here: validation, mapping, explanations and pages all read this table."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from scoring.errors import JobzoneError

Measure = Literal["postings", "pay", "capability"]


@dataclass(frozen=True)
class Ladder:
    """Maps a change to -2..+2: <= cuts[0] -> -2, <= cuts[1] -> -1, < cuts[2] -> 0, < cuts[3] -> +1, else +2.

    Hysteresis: a dimension leaves its previous level only when the change passes the crossed threshold by
    `margin`, so a signal hovering at a threshold does not flap."""

    cuts: tuple[float, float, float, float]
    margin: float
    unit: str

    def level(self, change: float) -> int:
        if not math.isfinite(change):
            raise ValueError(f"a non-finite change ({change!r}) has no level")
        a, b, c, d = self.cuts
        if change <= a:
            return -2
        if change <= b:
            return -1
        if change < c:
            return 0
        if change < d:
            return 1
        return 2

    def describe(self, level: int) -> str:
        a, b, c, d = self.cuts
        return {
            -2: f"<= {a:g}{self.unit}",
            -1: f"{a:g}..{b:g}{self.unit}",
            0: f"{b:g}..{c:g}{self.unit}",
            1: f"{c:g}..{d:g}{self.unit}",
            2: f">= {d:g}{self.unit}",
        }[level]


@dataclass(frozen=True)
class Dimension:
    name: str
    title: str
    automated: bool = False
    # What an automated dimension reads from a source: posting counts / indexes, or pay (deflated when real_terms).
    measure: Measure | None = None
    ladder: Ladder | None = None
    real_terms: bool = False
    # Sample guards: a period with fewer observations behind it (postings, salaries) is skipped ...
    min_sample: int = 0
    # ... and a series counts fully from this many, proportionally below.
    full_weight_sample: int = 1
    # A dimension added after role files were written: its value where a file has none ("not assessed"). The
    # first five have none: every role file states them.
    default: int | None = None
    # What the change is measured against: the bases a rules file may choose from, the default first.
    bases: tuple[str, ...] = ()
    # What it measures and which direction protects, in words a reader understands (role pages).
    meaning: str = ""


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension(
        "job_posting_trends",
        "Job posting trends",
        automated=True,
        measure="postings",
        ladder=Ladder((-25.0, -8.0, 8.0, 25.0), margin=2.0, unit="%"),
        min_sample=20,
        full_weight_sample=200,
        bases=("relative", "absolute"),  # relative: against all postings of the same country (docs/methodology.md)
        meaning="how job postings for this work move against all postings: rising protects, falling warns",
    ),
    Dimension(
        "company_actions",
        "Company actions",
        meaning="what employers do: hiring for this work protects, cutting it or handing it to AI warns",
    ),
    Dimension(
        "wage_trends",
        "Wage trends",
        automated=True,
        measure="pay",
        real_terms=True,
        ladder=Ladder((-5.0, -1.5, 1.5, 5.0), margin=0.5, unit=" pp"),
        min_sample=10,
        full_weight_sample=50,
        bases=("relative", "real"),  # relative: against the all-occupation wage growth (docs/methodology.md)
        meaning="how pay for this work moves against pay for all work: rising protects, falling warns",
    ),
    Dimension(
        "ai_tool_maturity",
        "AI tool maturity",
        automated=True,
        # The rise of the AI capability frontier on the role's exposed work since its task scores were set, in steps
        # (scoring/capability.py), negated so the ladder reads as for the market: a rise of 1.5 steps (about four
        # months of 2025's progress on all of the work, or a year's on a third of it) -> -1, of 4 steps -> -2. The
        # frontier only rises, so the upper cuts are never reached.
        measure="capability",
        ladder=Ladder((-4.0, -1.5, 1.5, 4.0), margin=0.25, unit=" steps"),
        meaning="how well AI tools do this work: unproven tools protect, mature tools in use warn",
    ),
    Dimension(
        "expert_consensus",
        "Expert consensus",
        meaning="what researchers and industry expect: people keeping the work protects, its automation warns",
    ),
)


LEVEL_MAX = 2  # every dimension scores -LEVEL_MAX..+LEVEL_MAX
EVIDENCE_MAX = LEVEL_MAX * len(DIMENSIONS)  # the evidence total's bound, whatever the number of dimensions


def dimension_names() -> tuple[str, ...]:
    return tuple(d.name for d in DIMENSIONS)


def evidence_defaults() -> dict[str, int]:
    """The value of each dimension that has one, for role files written before it existed."""
    return {d.name: d.default for d in DIMENSIONS if d.default is not None}


def automated_names() -> tuple[str, ...]:
    return tuple(d.name for d in DIMENSIONS if d.automated)


def get_dimension(name: str) -> Dimension:
    for dimension in DIMENSIONS:
        if dimension.name == name:
            return dimension
    raise JobzoneError(f"unknown evidence dimension {name!r}; known: {', '.join(dimension_names())}")


def title_of(name: str) -> str:
    return next((d.title for d in DIMENSIONS if d.name == name), name)


def meaning_of(name: str) -> str:
    return next((d.meaning for d in DIMENSIONS if d.name == name), "")
