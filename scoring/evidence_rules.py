"""Tunable numbers of the signal mapping: the registry's defaults, optionally overridden by a TOML file
(JOBZONE_EVIDENCE_RULES) that is validated whole when it is loaded."""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Mapping

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, ValidationError, field_validator

from scoring import dimensions
from scoring.dimensions import Ladder
from scoring.errors import JobzoneError

Number = StrictInt | StrictFloat


@dataclass(frozen=True)
class EvidenceRules:
    # Daily indexes: mean over a window ending at the date vs the same window a year earlier.
    window_days: int = 28
    min_window_points: int = 20
    # Per-dimension overrides of the registry (scoring/dimensions.py).
    ladders: Mapping[str, Ladder] = field(default_factory=dict)
    min_samples: Mapping[str, int] = field(default_factory=dict)
    full_weight_samples: Mapping[str, int] = field(default_factory=dict)
    # A level moves only on evidence: a change within z standard errors of none is level 0, and leaving a level
    # takes a change past the crossed threshold by z standard errors (or the ladder's margin, if larger).
    z: float = 2.0
    z_scores: Mapping[str, float] = field(default_factory=dict)
    bases: Mapping[str, str] = field(default_factory=dict)
    # False: AI tool maturity stays at each file's value (the capability frontier is not read): the method without
    # capability tracking, for a backtest to compare against.
    capability: bool = True

    def z_of(self, dimension: str) -> float:
        return self.z_scores.get(dimension, self.z)

    def basis(self, dimension: str) -> str:
        if dimension in self.bases:
            return self.bases[dimension]
        choices = dimensions.get_dimension(dimension).bases
        return choices[0] if choices else "absolute"

    def ladder(self, dimension: str) -> Ladder:
        if dimension in self.ladders:
            return self.ladders[dimension]
        ladder = dimensions.get_dimension(dimension).ladder
        if ladder is None:
            raise JobzoneError(f"evidence dimension {dimension!r} is not automated: it has no thresholds")
        return ladder

    def min_sample(self, dimension: str) -> int:
        return self.min_samples.get(dimension, dimensions.get_dimension(dimension).min_sample)

    def full_weight_sample(self, dimension: str) -> int:
        return self.full_weight_samples.get(dimension, dimensions.get_dimension(dimension).full_weight_sample)


DEFAULT_RULES = EvidenceRules()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class _DimensionRules(_Strict):
    cuts: Annotated[list[Number], Field(min_length=4, max_length=4)] | None = None
    margin: Annotated[Number, Field(ge=0)] | None = None
    min_sample: Annotated[StrictInt, Field(ge=0)] | None = None
    full_weight_sample: Annotated[StrictInt, Field(ge=1)] | None = None
    z: Annotated[Number, Field(ge=0, le=10)] | None = None
    basis: str | None = None

    @field_validator("cuts")
    @classmethod
    def _ascending_and_finite(cls, cuts: list[float] | None) -> list[float] | None:
        if cuts is not None and (not all(math.isfinite(c) for c in cuts) or list(cuts) != sorted(cuts)):
            raise ValueError("must be four finite, ascending numbers")
        return cuts

    @field_validator("margin")
    @classmethod
    def _finite(cls, margin: float | None) -> float | None:
        if margin is not None and not math.isfinite(margin):
            raise ValueError("must be a finite number")
        return margin


class _RulesFile(_Strict):
    window_days: Annotated[StrictInt, Field(ge=1, le=366)] | None = None
    min_window_points: Annotated[StrictInt, Field(ge=1)] | None = None
    z: Annotated[Number, Field(ge=0, le=10)] | None = None
    capability: bool | None = None
    dimensions: dict[str, _DimensionRules] = {}


def _problems(path: Path, exc: ValidationError) -> str:
    lines = [
        f"{'.'.join(str(p) for p in e['loc'] if p != 'dimensions')}: {e['msg']} (got {e.get('input')!r})"
        for e in exc.errors()
    ]
    return f"{path}: invalid evidence rules: " + "; ".join(lines)


def _parse(path: Path, data: dict) -> _RulesFile:
    automated = dimensions.automated_names()
    tables = {k: data.pop(k) for k in list(data) if isinstance(data[k], dict)}
    unknown = sorted(set(tables) - set(automated))
    if unknown:
        raise JobzoneError(
            f"{path}: [{', '.join(unknown)}] is not an automated dimension; known: {', '.join(automated)}"
        )
    try:
        return _RulesFile.model_validate({**data, "dimensions": tables})
    except ValidationError as exc:
        raise JobzoneError(_problems(path, exc)) from None


def load_rules(path: Path | str | None) -> EvidenceRules:
    """Rules from a TOML file holding only what differs from the defaults (docs/methodology.md), or the defaults."""
    if path is None:
        return DEFAULT_RULES
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise JobzoneError(f"{path}: cannot read evidence rules: {exc}") from None
    parsed = _parse(Path(path), data)
    ladders, mins, fulls, zs, bases = {}, {}, {}, {}, {}
    for name, table in parsed.dimensions.items():
        if table.basis is not None:
            choices = dimensions.get_dimension(name).bases
            if table.basis not in choices:
                raise JobzoneError(f"{path}: {name}.basis: {table.basis!r} is not one of {', '.join(choices)}")
            bases[name] = table.basis
        if table.z is not None:
            zs[name] = float(table.z)
        default = DEFAULT_RULES.ladder(name)
        a, b, c, d = (float(cut) for cut in (table.cuts or default.cuts))
        ladders[name] = Ladder(
            (a, b, c, d),
            float(default.margin if table.margin is None else table.margin),
            default.unit,
        )
        if table.min_sample is not None:
            mins[name] = table.min_sample
        if table.full_weight_sample is not None:
            fulls[name] = table.full_weight_sample
    return EvidenceRules(
        window_days=parsed.window_days or DEFAULT_RULES.window_days,
        min_window_points=parsed.min_window_points or DEFAULT_RULES.min_window_points,
        ladders=ladders,
        min_samples=mins,
        full_weight_samples=fulls,
        z=DEFAULT_RULES.z if parsed.z is None else float(parsed.z),
        z_scores=zs,
        bases=bases,
        capability=DEFAULT_RULES.capability if parsed.capability is None else parsed.capability,
    )
