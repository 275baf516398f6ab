"""New frontier models: each benchmark's frontier as a check reads it, and the models that moved a frontier beyond
its error since the last check (release events), one event per model across its benchmark rows."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from scoring.capability import BENCHMARKS, FAMILIES, Result, frontier, get_benchmark, shown_value


@dataclass(frozen=True, kw_only=True)
class FrontierMark:
    """A benchmark's frontier as a check read it: the best result among models released and published by then."""

    benchmark: str
    model: str
    title: str
    organisation: str
    released: dt.date
    published: dt.date
    score: float
    level: float
    rise_se: float
    content_hash: str

    @classmethod
    def of(cls, result: Result) -> "FrontierMark":
        return cls(
            benchmark=result.benchmark,
            model=result.model,
            title=result.title,
            organisation=result.organisation,
            released=result.released,
            published=result.published,
            score=result.score,
            level=result.level,
            rise_se=result.rise_error(),
            content_hash=result.content_hash,
        )


def frontier_marks(results: Sequence[Result], as_of: dt.date) -> dict[str, FrontierMark]:
    """Every benchmark's frontier as of a date."""
    marks = {}
    for benchmark in BENCHMARKS:
        best = frontier(results, benchmark.key, as_of)
        if best is not None:
            marks[benchmark.key] = FrontierMark.of(best)
    return marks


@dataclass(frozen=True, kw_only=True)
class Jump:
    """A frontier a new model moved beyond its error: from the previous frontier model's score to its own."""

    benchmark: str
    before_model: str
    before_title: str
    before_score: float
    after_score: float
    rise: float  # reading unit
    se: float

    def words(self) -> str:
        benchmark = get_benchmark(self.benchmark)
        return (
            f"{benchmark.title} {shown_value(self.benchmark, self.before_score)} ({self.before_title}) -> "
            f"{shown_value(self.benchmark, self.after_score)} (+{self.rise:.1f} {benchmark.reading_unit}, "
            f"± {self.se:.1f})"
        )


@dataclass(frozen=True, kw_only=True)
class ReleaseEvent:
    """A new frontier model: a model whose results moved one or more frontiers beyond their error since the last
    check. An event names the run that scores it, and a release proposal is written for analysts."""

    model: str
    title: str
    organisation: str
    released: dt.date
    jumps: tuple[Jump, ...]
    id: int | None = None
    as_of: dt.date | None = None
    proposal: str | None = None

    @property
    def reason(self) -> str:
        return f"AI release: {self.title} ({self.organisation}, released {self.released})"

    @property
    def families(self) -> list[str]:
        return [f for f in FAMILIES if any(get_benchmark(j.benchmark).family == f for j in self.jumps)]


_VERSION_DATE = re.compile(r"-(?:\d{8}|\d{4}-\d{2}-\d{2})$")


def model_identity(model: str) -> str:
    """One model across its benchmark rows: Epoch's keys add an effort or thinking budget after '_' and often an
    API date ('claude-opus-4-5-20251101_16K', 'gpt-5.2-2025-12-11_high' -> 'claude-opus-4-5', 'gpt-5.2')."""
    return _VERSION_DATE.sub("", model.split("_", 1)[0].strip().lower())


def release_events(now: Mapping[str, FrontierMark], before: Mapping[str, FrontierMark], z: float) -> list[ReleaseEvent]:
    """Models that hold a frontier now which a previous check saw held by another model, with a rise beyond z of
    the new result's standard error; one event per model, naming every frontier it moved. A benchmark with no
    previous frontier (new to the data) is a baseline, not news."""
    jumps: dict[str, list[Jump]] = {}
    marks: dict[str, FrontierMark] = {}
    for key, mark in now.items():
        old = before.get(key)
        if old is None or model_identity(old.model) == model_identity(mark.model):
            continue
        rise = mark.level - old.level
        if rise > z * mark.rise_se:
            identity = model_identity(mark.model)
            marks.setdefault(identity, mark)
            jumps.setdefault(identity, []).append(
                Jump(
                    benchmark=key,
                    before_model=old.model,
                    before_title=old.title,
                    before_score=old.score,
                    after_score=mark.score,
                    rise=round(rise, 4),
                    se=round(mark.rise_se, 4),
                )
            )
    return [
        ReleaseEvent(
            model=model,
            title=marks[model].title,
            organisation=marks[model].organisation,
            released=marks[model].released,
            jumps=tuple(sorted(found, key=lambda j: j.benchmark)),
        )
        for model, found in sorted(jumps.items())
    ]


def frontier_history(results: Sequence[Result], benchmark: str) -> list[Result]:
    """The models that set a new best on a benchmark, in order of release: its frontier over time."""
    out: list[Result] = []
    for result in sorted((r for r in results if r.benchmark == benchmark), key=lambda r: (r.released, -r.score)):
        if not out or result.score > out[-1].score:
            out.append(result)
    return out
