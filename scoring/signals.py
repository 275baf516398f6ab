"""The [signals] table of a role file: which market series feed each automated evidence dimension.

    [signals.job_posting_trends]
    itjobswatch = { term = "mlops", location = "uk" }
    fred = { series = "IHLIDXUSTPSOFTDEVE", weight = 2 }
    mode = "anchored"          # anchored (default) | absolute
    pinned = false             # true: ignore signals, keep the analyst value

Here the table is generic: source name -> parameter table(s). What parameters a source takes, and what series
they name, belongs to the source's adapter (sources/); `jobzone validate` checks them against the registry."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal, Mapping

from pydantic import BaseModel, ConfigDict, StrictBool, model_validator

from scoring import dimensions

SeriesKey = tuple[str, str, str]  # (source, series key, metric)


@dataclass(frozen=True, kw_only=True)
class SeriesSpec:
    """How the evidence mapping reads one followed series from the stored observations."""

    source: str
    series_key: str
    metric: str
    shape: Literal["period", "window"]  # period: value vs same period a year earlier; window: 28-day means
    sample_metric: str | None = None  # a count the source reports for the same period (sample guard)
    country: str = "US"
    label: str = ""
    attribution: str = ""
    deflators: tuple[SeriesKey, ...] = ()  # price indexes for real-terms dimensions, preferred first
    # Sampling error: a metric holding the level's relative standard error in percent (OEWS MEAN_PRSE); without
    # one, a count's error is Poisson (sample_metric) and a daily index's its own week-to-week wobble.
    rse_metric: str | None = None
    rse_of_median: bool = False  # the metric is the median's own error (ONS's CVs), not the mean's (OEWS)
    # The aggregate of the same source and country (all occupations, all postings): the "relative" basis.
    benchmark: str | None = None
    currency: str | None = None  # ISO 4217 code of a level that is money (pay), None for counts and indexes


@dataclass(frozen=True)
class SignalRef:
    """One entry of a [signals.<dimension>] table: a source, its parameters, and our weight."""

    dimension: str
    source: str
    params: dict
    weight: float = 1.0


def _weight(entry: dict, where: str) -> float:
    weight = entry.get("weight", 1.0)
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not math.isfinite(weight) or weight <= 0:
        raise ValueError(f"{where}.weight must be a positive number (got {weight!r})")
    return float(weight)


class DimensionSignals(BaseModel):
    """mode, pinned, and one key per source (a table, or an array of tables)."""

    model_config = ConfigDict(extra="allow", frozen=True)
    mode: Literal["anchored", "absolute"] = "anchored"
    pinned: StrictBool = False

    @model_validator(mode="after")
    def _entries_are_tables(self) -> "DimensionSignals":
        for source, value in (self.model_extra or {}).items():
            entries = [value] if isinstance(value, dict) else value
            if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
                raise ValueError(f"{source} must be a table of parameters or an array of tables (got {value!r})")
            for entry in entries:
                _weight(entry, source)
        return self

    def entries(self, dimension: str) -> list[SignalRef]:
        out = []
        for source, value in (self.model_extra or {}).items():
            for entry in [value] if isinstance(value, dict) else value:
                params = {k: v for k, v in entry.items() if k != "weight"}
                out.append(SignalRef(dimension, source, params, _weight(entry, source)))
        return out


def check_dimension_names(signals: dict[str, Any]) -> dict[str, Any]:
    automated = dimensions.automated_names()
    unknown = [name for name in signals if name not in automated]
    if unknown:
        raise ValueError(f"{', '.join(unknown)} cannot follow signals; automated dimensions: {', '.join(automated)}")
    return signals


def signal_refs(signals: Mapping[str, DimensionSignals] | None) -> list[SignalRef]:
    """Every series a role follows, over all its automated dimensions."""
    return [ref for dimension, block in (signals or {}).items() for ref in block.entries(dimension)]
