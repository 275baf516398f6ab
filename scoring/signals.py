"""The [signals] table of a role file: which market series feed each automated evidence dimension.

    [signals.job_posting_trends]
    itjobswatch = { term = "mlops", location = "uk" }
    fred = { series = "IHLIDXUSTPSOFTDEVE" }
    mode = "anchored"          # anchored (default) | absolute
    pinned = false             # true: ignore signals, keep the analyst value
"""
from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StringConstraints

from scoring.model import Strict, Text


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, dict) else value


class SeriesRef(Strict):
    weight: Annotated[float, Field(gt=0)] = 1.0

    def params(self) -> dict:
        """What the source adapter needs to fetch this series (weight is ours, not the source's)."""
        return self.model_dump(exclude={"weight"}, exclude_none=True)


class ITJobsWatchRef(SeriesRef):
    term: Text
    location: Text = "uk"
    kind: Literal["perm", "contract"] = "perm"


class HiringLabRef(SeriesRef):
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] = "US"
    sector: str | None = None


class FredRef(SeriesRef):
    series: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9_]+$")]


class AIJobsRef(SeriesRef):
    title: Text


class BLSRef(SeriesRef):
    soc: Annotated[str, StringConstraints(pattern=r"^\d{2}-\d{4}$")]


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
