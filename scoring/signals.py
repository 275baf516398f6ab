"""The [signals] table of a role file: which market series feed each automated evidence dimension.

    [signals.job_posting_trends]
    itjobswatch = { term = "mlops", location = "uk" }
    fred = { series = "IHLIDXUSTPSOFTDEVE" }
    mode = "anchored"          # anchored (default) | absolute
    pinned = false             # true: ignore signals, keep the analyst value
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StringConstraints

from scoring.model import Strict, Text


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, dict) else value


# Price indexes that deflate wages, by the country the wage is paid in: (source, series key, metric), preferred first.
INFLATION_SERIES = {
    "US": (("bls", "CUUR0000SA0", "cpi_index"), ("uscpi", "CUUR0000SA0", "cpi_index")),
    "UK": (("ons", "L522", "cpih_index"),),
}


@dataclass(frozen=True)
class SeriesSpec:
    """How the evidence mapping reads one followed series from the stored observations."""

    source: str
    series_key: str
    metric: str
    shape: Literal["period", "window"]  # period: value vs same period a year earlier; window: 28-day means
    sample_metric: str | None = None  # a count the source reports for the same period (sample guard)
    country: str = "US"
    label: str = ""


class SeriesRef(Strict):
    weight: Annotated[float, Field(gt=0)] = 1.0

    def params(self) -> dict:
        """What the source adapter needs to fetch this series (weight is ours, not the source's)."""
        return self.model_dump(exclude={"weight"}, exclude_none=True)


class ITJobsWatchRef(SeriesRef):
    term: Text
    location: Text = "uk"
    kind: Literal["perm", "contract"] = "perm"

    def spec(self, dimension: str) -> SeriesSpec:
        key = f"{self.kind}/{self.location.lower()}/{self.term.lower()}"
        if dimension == "job_posting_trends":
            return SeriesSpec("itjobswatch", key, "job_count", "period", "job_count", "UK",
                              f"UK {self.kind} job postings citing '{self.term}' (IT Jobs Watch, {self.location})")
        pay = "salary" if self.kind == "perm" else "daily_rate"
        return SeriesSpec("itjobswatch", key, f"{pay}_median", "period", f"{pay}_quoted", "UK",
                          f"UK median {pay.replace('_', ' ')} for '{self.term}' (IT Jobs Watch, {self.location})")


class HiringLabRef(SeriesRef):
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] = "US"
    sector: str | None = None

    def spec(self, dimension: str) -> SeriesSpec:
        return SeriesSpec("hiringlab", f"{self.country}/{self.sector or 'all'}/total postings", "postings_index",
                          "window", None, self.country,
                          f"{self.country} {self.sector or 'all'} job postings index (Indeed Hiring Lab)")


class FredRef(SeriesRef):
    series: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9_]+$")]

    def spec(self, dimension: str) -> SeriesSpec:
        return SeriesSpec("fred", self.series, "value", "window", None, "US", f"FRED series {self.series}")


class AIJobsRef(SeriesRef):
    title: Text

    def spec(self, dimension: str) -> SeriesSpec:
        return SeriesSpec("aijobs", self.title, "median_salary_usd", "period", "respondents", "US",
                          f"median salary of '{self.title}' respondents (ai-jobs.net survey)")


class BLSRef(SeriesRef):
    soc: Annotated[str, StringConstraints(pattern=r"^\d{2}-\d{4}$")]

    def spec(self, dimension: str) -> SeriesSpec:
        return SeriesSpec("bls", f"OEWS/{self.soc}", "annual_median_wage", "period", None, "US",
                          f"US median wage, SOC {self.soc} (BLS OEWS)")


def Refs(kind):  # noqa: N802 - a type factory
    return Annotated[list[kind], BeforeValidator(_as_list)]


class DimensionSignals(Strict):
    mode: Literal["anchored", "absolute"] = "anchored"
    pinned: bool = False


class PostingSignals(DimensionSignals):
    itjobswatch: Refs(ITJobsWatchRef) = []
    hiringlab: Refs(HiringLabRef) = []
    fred: Refs(FredRef) = []


class WageSignals(DimensionSignals):
    itjobswatch: Refs(ITJobsWatchRef) = []
    aijobs: Refs(AIJobsRef) = []
    bls: Refs(BLSRef) = []


class Signals(Strict):
    job_posting_trends: PostingSignals | None = None
    wage_trends: WageSignals | None = None

    def series(self) -> list[tuple[str, str, SeriesRef]]:
        """(dimension, source name, reference) for every series the role follows."""
        out = []
        for dimension in ("job_posting_trends", "wage_trends"):
            block = getattr(self, dimension)
            if block is None:
                continue
            for source in type(block).model_fields:
                if source in DimensionSignals.model_fields:
                    continue
                out += [(dimension, source, ref) for ref in getattr(block, source)]
        return out
