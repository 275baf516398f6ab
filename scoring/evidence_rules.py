"""Evidence thresholds, margins and sample guards: every tunable number of the signal mapping, in one place."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Ladder:
    """Maps a change to -2..+2: <= cuts[0] -> -2, <= cuts[1] -> -1, < cuts[2] -> 0, < cuts[3] -> +1, else +2.

    Hysteresis: a dimension leaves its previous level only when the change passes the crossed threshold by
    `margin`, so a signal hovering at a threshold does not flap."""

    cuts: tuple[float, float, float, float]
    margin: float
    unit: str

    def level(self, change: float) -> int:
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

    def level_with_hysteresis(self, change: float, previous: int | None) -> int:
        raw = self.level(change)
        if previous is None or raw == previous:
            return raw
        if raw > previous:
            return max(previous, self.level(change - self.margin))
        return min(previous, self.level(change + self.margin))

    def describe(self, level: int) -> str:
        a, b, c, d = self.cuts
        return {-2: f"<= {a:g}{self.unit}", -1: f"{a:g}..{b:g}{self.unit}", 0: f"{b:g}..{c:g}{self.unit}",
                1: f"{c:g}..{d:g}{self.unit}", 2: f">= {d:g}{self.unit}"}[level]


@dataclass(frozen=True)
class EvidenceRules:
    # Year-on-year change in postings, percent.
    postings: Ladder = Ladder((-25.0, -8.0, 8.0, 25.0), margin=2.0, unit="%")
    # Real wage growth (nominal year-on-year minus inflation over the same period), percentage points.
    wages: Ladder = Ladder((-5.0, -1.5, 1.5, 5.0), margin=0.5, unit=" pp")
    # Daily indexes: mean over a window ending at the date vs the same window a year earlier.
    window_days: int = 28
    min_window_points: int = 20
    # Sample guards: a series with fewer postings / salaries in either period is left out.
    min_postings: int = 20
    min_salaries: int = 10
    # Sample-size weighting: a series counts fully from this many postings / salaries, proportionally below.
    full_weight_postings: int = 200
    full_weight_salaries: int = 50

    def ladder(self, dimension: str) -> Ladder:
        return self.postings if dimension == "job_posting_trends" else self.wages


DEFAULT_RULES = EvidenceRules()


def load_rules(path) -> EvidenceRules:
    """Rules from a TOML file (any subset of the defaults; see README, Evidence), or the defaults when None."""
    if path is None:
        return DEFAULT_RULES
    import dataclasses
    import tomllib
    from pathlib import Path

    from scoring.errors import JobzoneError

    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise JobzoneError(f"{path}: cannot read evidence rules: {exc}") from None
    ladders = {}
    for name in ("postings", "wages"):
        table = data.pop(name, {})
        default = getattr(DEFAULT_RULES, name)
        unknown = set(table) - {"cuts", "margin"}
        cuts = tuple(float(c) for c in table.get("cuts", default.cuts))
        if unknown or len(cuts) != 4 or list(cuts) != sorted(cuts):
            raise JobzoneError(f"{path}: [{name}] takes cuts = four ascending numbers and margin = a number")
        ladders[name] = Ladder(cuts, float(table.get("margin", default.margin)), default.unit)
    fields = {f.name for f in dataclasses.fields(EvidenceRules)} - {"postings", "wages"}
    unknown = set(data) - fields
    if unknown:
        raise JobzoneError(f"{path}: unknown setting(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(fields))}")
    return dataclasses.replace(DEFAULT_RULES, **ladders, **{k: int(v) for k, v in data.items()})
