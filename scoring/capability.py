"""AI capability as evidence: which work each published benchmark measures, how far its frontier moved since the
date a role's task scores reflect, and what that does to the AI tool maturity dimension.

Three capability families, each a kind of work a kind of AI system does, each with the benchmarks that measure it:
- coding: software work coding agents do (METR time horizon, SWE-bench Verified);
- computer_use: operating software, forms and records, what computer-use agents do (OSWorld);
- knowledge_work: research, analysis, writing, plans and answers, expert deliverables (GDPval, and Epoch's
  Capabilities Index as the general measure).
A task belongs to a family through its O*NET work activities (IWAs, via its DWAs); hands-on, care and in-person
work belongs to none, so a role made of it is insensitive to what these benchmarks measure.

A benchmark's frontier is its best result among models released by a date, as published by the run's as-of date.
Its rise between two dates is read in the benchmark's own unit (doublings of the METR horizon, percentage points of
an accuracy, ECI points) and then in *steps*: one step is about a quarter-year of the frontier's progress in 2025
(each benchmark's `step`, with its calibration), so benchmarks on different scales add up. A role's reading is the
exposure-weighted rise: the sum, over families, of its share of task time in the family times the family's rise.
The level that rise gives AI tool maturity is scoring/capability_evidence.py's; new frontier models (release events)
are scoring/frontier_events.py's."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Literal, Mapping, Sequence, TypedDict

Family = Literal["coding", "computer_use", "knowledge_work"]
FAMILIES: tuple[Family, ...] = ("coding", "computer_use", "knowledge_work")
FAMILY_TITLES: dict[str, str] = {
    "coding": "coding agents (software work)",
    "computer_use": "computer-use agents (operating software, forms and records)",
    "knowledge_work": "expert deliverables (research, analysis, writing, answers)",
}

# O*NET IWAs (the level above a DWA) in each family. A DWA id is its IWA id plus ".Dnn". Chosen by what the work
# activity produces: code and systems; entries, records and transactions in software; documents, analyses, plans
# and answers. Left out on purpose: anything physical, care or treatment of people, teaching, supervising, selling
# in person, and the artistic and visual design work no benchmark here measures.
FAMILY_IWAS: dict[str, frozenset[str]] = {
    "coding": frozenset(
        {
            "4.A.3.b.1.I01",  # Program computer systems or production equipment
            "4.A.3.b.1.I02",  # Implement security measures for computer or information systems
            "4.A.3.b.1.I03",  # Set up computer systems, networks, or other information systems
            "4.A.3.b.1.I04",  # Resolve computer problems
            "4.A.2.b.2.I02",  # Design computer or information systems or applications
            "4.A.2.b.2.I06",  # Design databases
            "4.A.1.b.2.I08",  # Test performance of computer or information systems
            "4.A.1.a.2.I10",  # Monitor operation of computer or information technologies
        }
    ),
    "computer_use": frozenset(
        {
            "4.A.3.b.1.I05",  # Operate computer systems or computerized equipment
            "4.A.3.b.1.I06",  # Process digital or online data
            "4.A.3.a.3.I01",  # Operate office equipment
            "4.A.2.a.2.I01",  # Evaluate the quality or accuracy of data
            "4.A.2.a.2.I03",  # Compile records, documentation, or other data
            "4.A.2.a.2.I04",  # Reconcile financial data
            "4.A.2.a.2.I05",  # Verify personal information
            "4.A.3.b.6.I02",  # Record information about legal matters
            "4.A.3.b.6.I04",  # Record information about environmental conditions
            "4.A.3.b.6.I08",  # Maintain operational records
            "4.A.3.b.6.I10",  # Maintain sales or financial records
            "4.A.3.b.6.I11",  # Maintain health or medical records
            "4.A.4.c.1.I01",  # Perform administrative or clerical activities
            "4.A.4.c.1.I02",  # Perform court-related or other legal administrative activities
            "4.A.4.c.1.I03",  # Execute financial transactions
            "4.A.4.c.1.I04",  # Issue documentation
            "4.A.2.b.5.I01",  # Prepare schedules for services or facilities
            "4.A.2.b.5.I02",  # Schedule operational activities
            "4.A.2.b.5.I03",  # Schedule appointments
            "4.A.1.b.3.I02",  # Estimate project development or operational costs
            "4.A.1.b.3.I03",  # Calculate financial data
            "4.A.1.a.2.I03",  # Monitor financial data or activities
            "4.A.4.c.3.I05",  # Purchase goods or services
            "4.A.4.c.3.I07",  # Monitor resources or inventories
        }
    ),
    "knowledge_work": frozenset(
        {
            *(f"4.A.1.a.1.I{n:02d}" for n in (2, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 16, 18, 19, 20, 22)),  # research
            "4.A.2.a.1.I02",  # Evaluate programs, practices, or processes
            "4.A.2.a.1.I07",  # Evaluate the characteristics, usefulness, or performance of products or technologies
            "4.A.2.a.1.I08",  # Evaluate scholarly work
            "4.A.2.a.1.I10",  # Evaluate project feasibility
            "4.A.2.a.3.I01",  # Examine materials or documentation for accuracy or compliance
            "4.A.2.a.3.I02",  # Assess compliance with environmental standards or regulations
            "4.A.2.a.3.I03",  # Examine financial activities, operations, or systems
            *(f"4.A.2.a.4.I{n:02d}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12)),  # analyse data (not lab samples)
            "4.A.2.b.1.I01",  # Determine values or prices of goods or services
            "4.A.2.b.1.I04",  # Determine operational methods or procedures
            "4.A.2.b.1.I07",  # Edit written materials or documents
            "4.A.2.b.1.I08",  # Determine resource needs of projects or operations
            # Develop plans, policies, models and designs (not care plans, recipes, visual or artistic designs)
            *(f"4.A.2.b.2.I{n:02d}" for n in (3, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 20, 21, 22, 23, 24)),
            *(f"4.A.2.b.2.I{n:02d}" for n in (26, 27)),
            "4.A.2.b.4.I01",  # Develop organizational policies, systems, or processes
            "4.A.2.b.4.I02",  # Draft legislation or regulations
            "4.A.2.b.4.I03",  # Develop operational or technical procedures or standards
            # Prepare documents: financial, research, medical, proposals, designs, instructions, contracts, legal,
            # reports, written material
            *(f"4.A.3.b.6.I{n:02d}" for n in (1, 3, 6, 7, 9, 12, 13, 14, 15, 16)),
            "4.A.4.a.1.I01",  # Explain technical details of products or services
            "4.A.4.a.1.I02",  # Explain regulations, policies, or procedures
            "4.A.4.a.1.I03",  # Interpret language, cultural, or religious information for others
            "4.A.4.a.1.I04",  # Explain financial information
            "4.A.4.a.2.I02",  # Assist scientists, scholars, or technical specialists with projects or research
            "4.A.4.a.3.I02",  # Provide information or assistance to the public
            "4.A.4.a.3.I03",  # Provide information to guests, clients, or customers
            "4.A.4.a.8.I03",  # Respond to customer problems or inquiries
            "4.A.4.b.6.I02",  # Advise others on products or services
            "4.A.4.b.6.I04",  # Advise others on the design or use of technologies
            "4.A.4.b.6.I05",  # Advise others on business or operational matters
            "4.A.4.b.6.I08",  # Advise others on legal or regulatory matters
            "4.A.4.b.6.I11",  # Advise others on financial matters
        }
    ),
}
FAMILY_OF_IWA: dict[str, str] = {iwa: family for family, iwas in FAMILY_IWAS.items() for iwa in iwas}

Unit = Literal["minutes", "percent", "points"]
ErrorModel = Literal["interval95", "stderr", "binomial", "assumed"]


@dataclass(frozen=True, kw_only=True)
class Benchmark:
    """A published benchmark as a capability reading: what it measures, its unit, how sure each result is, and how
    big a step of progress is on it."""

    key: str
    title: str
    family: Family
    unit: Unit
    # One step of progress, in the reading unit (doublings for a time horizon, else the unit itself): about a
    # quarter-year of the frontier's rise in 2025, so that readings on different scales add up.
    step: float
    calibration: str
    error: ErrorModel
    tasks: int | None = None  # binomial error on this many tasks, where the file gives no error
    assumed_se: float | None = None  # where the file is silent and no task count applies
    error_note: str = ""
    about: str = ""

    @property
    def logarithmic(self) -> bool:
        """A time horizon is read in doublings: the frontier grows by a factor, not by minutes."""
        return self.unit == "minutes"

    @property
    def reading_unit(self) -> str:
        return "doublings" if self.logarithmic else {"percent": "pp", "points": "points"}[self.unit]

    @property
    def step_words(self) -> str:
        unit = "doubling" if self.logarithmic and self.step == 1 else self.reading_unit
        return f"{self.step:g} {unit}"


BENCHMARKS: tuple[Benchmark, ...] = (
    Benchmark(
        key="metr_time_horizon",
        title="METR time horizon",
        family="coding",
        unit="minutes",
        step=1.0,
        calibration="the frontier doubled 3.6 times from Claude 3.7 Sonnet (2025-02) to Claude Opus 4.6 (2026-02)",
        error="interval95",
        error_note="METR's 95% bootstrap interval (CI_low, CI_high), read on the lower side in doublings",
        about="the length of software tasks (in the time a skilled person takes) an agent completes at 50% success",
    ),
    Benchmark(
        key="swe_bench_verified",
        title="SWE-bench Verified",
        family="coding",
        unit="percent",
        step=5.0,
        calibration="the frontier rose 17.8 points from Claude 3.7 Sonnet (2025-02) to Claude Opus 4.6 (2026-02)",
        error="stderr",
        tasks=500,
        error_note="Epoch's standard error of the mean score (binomial on 500 tasks where a row has none)",
        about="real GitHub issues resolved by a model with an agent scaffold (500 human-verified tasks)",
    ),
    Benchmark(
        key="os_world",
        title="OSWorld",
        family="computer_use",
        unit="percent",
        step=10.0,
        calibration="the frontier rose 30.5 points from Claude 3.7 Sonnet (2025-02) to Claude Opus 4.5 (2025-11)",
        error="binomial",
        tasks=369,
        error_note="binomial on OSWorld's 369 tasks (the file gives no error)",
        about="tasks done by operating real desktop applications through the screen, keyboard and mouse",
    ),
    Benchmark(
        key="gdpval",
        title="GDPval",
        family="knowledge_work",
        unit="percent",
        step=10.0,
        calibration="the frontier's win rate rose 40 points from GPT-4o (2024-11) to GPT-5.2 (2025-12)",
        error="binomial",
        tasks=220,
        error_note="binomial on GDPval's 220 open gold-set tasks (the file gives no error)",
        about="expert-level work products in 44 occupations, judged against the work of professionals (wins)",
    ),
    Benchmark(
        key="eci",
        title="Epoch Capabilities Index",
        family="knowledge_work",
        unit="points",
        step=3.0,
        calibration="the frontier rose 11.7 points from Gemini 2.5 Pro (2025-03) to Gemini 3.1 Pro (2026-02)",
        error="assumed",
        assumed_se=2.0,
        error_note=(
            "assumed 2 points: Epoch's file holds no interval for the index; 2 points keeps a single new model "
            "from reading as a jump unless it leads by 4 points or more"
        ),
        about="Epoch's general capability index, fitted over dozens of benchmarks",
    ),
)
BENCHMARK_BY_KEY: dict[str, Benchmark] = {b.key: b for b in BENCHMARKS}
Z_95 = 1.959964


def get_benchmark(key: str) -> Benchmark:
    try:
        return BENCHMARK_BY_KEY[key]
    except KeyError:
        raise ValueError(f"unknown benchmark {key!r}; known: {', '.join(BENCHMARK_BY_KEY)}") from None


@dataclass(frozen=True, kw_only=True)
class Result:
    """One model's published result on one benchmark, as a run may read it (published by its as-of date)."""

    benchmark: str
    model: str  # the publisher's model key, e.g. claude-opus-4-6_unknown
    title: str  # as people know it, e.g. Claude Opus 4.6
    organisation: str
    released: dt.date
    published: dt.date  # when the result became known (the download that first held it, or the stated lag)
    score: float  # in the benchmark's unit
    stderr: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    content_hash: str = ""  # the archived download it was read from (lineage)

    @property
    def level(self) -> float:
        """The result in the reading unit: doublings (log2 minutes) for a time horizon, else the score."""
        return math.log2(self.score) if get_benchmark(self.benchmark).logarithmic else self.score

    def shown(self) -> str:
        return shown_value(self.benchmark, self.score)

    def rise_error(self) -> float:
        """The result's standard error on the side a rise is judged from (reading unit). An interval's lower half
        (the METR interval is strongly asymmetric), else the file's standard error, a binomial error on the task
        count, or the benchmark's stated assumption."""
        benchmark = get_benchmark(self.benchmark)
        if benchmark.error == "interval95" and self.ci_low is not None and 0 < self.ci_low <= self.score:
            return (math.log2(self.score) - math.log2(self.ci_low)) / Z_95
        if benchmark.error in ("stderr", "binomial") and self.stderr is not None:
            return self.stderr
        if benchmark.tasks:
            share = min(max(self.score / 100, 0.0), 1.0)
            return 100 * math.sqrt(share * (1 - share) / benchmark.tasks)
        return benchmark.assumed_se or 0.0


def shown_value(benchmark: str, score: float) -> str:
    """A result as a reader knows it: '12.0 hours', '78.7%', '157.9 points'."""
    unit = get_benchmark(benchmark).unit
    if unit == "minutes":
        return f"{score / 60:.1f} hours" if score >= 90 else f"{score:.0f} minutes"
    if unit == "percent":
        return f"{score:.1f}%"
    return f"{score:.1f} points"


def frontier(results: Sequence[Result], benchmark: str, released_by: dt.date) -> Result | None:
    """The best result among models released by a date (the earliest such model on a tie)."""
    best: Result | None = None
    for result in results:
        if result.benchmark != benchmark or result.released > released_by:
            continue
        if best is None or (result.score, -result.released.toordinal()) > (best.score, -best.released.toordinal()):
            best = result
    return best


class FrontierPoint(TypedDict):
    """A frontier result as the evidence row keeps it (the download it came from is the inputs' `download`)."""

    model: str
    title: str
    released: dt.date
    published: dt.date
    value: str  # as shown to readers


class BenchmarkReading(TypedDict, total=False):
    """One benchmark's rise between the role's anchor and the run's date (stored with the evidence row)."""

    benchmark: str
    title: str
    ok: bool
    note: str
    then: FrontierPoint
    now: FrontierPoint
    rise: float  # reading unit (doublings, pp, points)
    se: float
    unit: str
    steps: float
    se_steps: float


def _point(result: Result) -> FrontierPoint:
    return {
        "model": result.model,
        "title": result.title,
        "released": result.released,
        "published": result.published,
        "value": result.shown(),
    }


def benchmark_reading(
    results: Sequence[Result], benchmark: Benchmark, anchor: dt.date, as_of: dt.date
) -> BenchmarkReading:
    """How far the benchmark's frontier rose from models released by the anchor to models released by as_of, among
    results published by as_of (a run never knows more). An anchor after as_of reads no rise: what is known at
    as_of about models released by then is all there is. The rise's error is the new frontier result's own (on its
    lower side): the old frontier is the reference point, and both were measured on the same tasks."""
    head: BenchmarkReading = {"benchmark": benchmark.key, "title": benchmark.title, "unit": benchmark.reading_unit}
    now = frontier(results, benchmark.key, as_of)
    if now is None:
        return {**head, "ok": False, "note": f"no {benchmark.title} result published by {as_of}"}
    then = frontier(results, benchmark.key, min(anchor, as_of))
    if then is None:
        return {**head, "ok": False, "note": f"no {benchmark.title} result for a model released by {anchor}"}
    rise = now.level - then.level
    se = 0.0 if now.model == then.model else now.rise_error()
    return {
        **head,
        "ok": True,
        "then": _point(then),
        "now": _point(now),
        "rise": round(rise, 4),
        "se": round(se, 4),
        "steps": round(rise / benchmark.step, 4),
        "se_steps": round(se / benchmark.step, 4),
    }


@dataclass(frozen=True)
class Exposure:
    """A role's share of task time (0..1) in each capability family, the date its task scores reflect, and where
    both came from (for explanations)."""

    shares: tuple[tuple[str, float], ...]
    anchor: dt.date
    origin: str

    @property
    def total(self) -> float:
        return sum(share for _, share in self.shares)

    def share(self, family: str) -> float:
        return dict(self.shares).get(family, 0.0)


class FamilyReading(TypedDict, total=False):
    family: str
    share: float  # of task time
    ok: bool
    note: str
    steps: float
    se_steps: float
    benchmarks: list[BenchmarkReading]


def family_reading(family: str, share: float, readings: Sequence[BenchmarkReading]) -> FamilyReading:
    """A family's rise in steps: the mean of its benchmarks that have a reading (their errors as independent)."""
    used = [r for r in readings if r.get("ok")]
    out: FamilyReading = {"family": family, "share": round(share, 4), "benchmarks": list(readings)}
    if not used:
        notes = "; ".join(r.get("note", "") for r in readings) or "no benchmark measures it"
        return {**out, "ok": False, "note": notes}
    steps = sum(r["steps"] for r in used) / len(used)
    se = math.sqrt(sum(r["se_steps"] ** 2 for r in used)) / len(used)
    return {**out, "ok": True, "steps": round(steps, 4), "se_steps": round(se, 4)}


def exposed_rise(families: Sequence[FamilyReading]) -> tuple[float, float] | None:
    """The role's reading: sum of share x rise over the families with a reading, and its standard error; None when
    no exposed family has one."""
    used = [f for f in families if f.get("ok") and f["share"] > 0]
    if not used:
        return None
    rise = sum(f["share"] * f["steps"] for f in used)
    se = math.sqrt(sum((f["share"] * f["se_steps"]) ** 2 for f in used))
    return rise, se


def benchmarks_of(family: str) -> list[Benchmark]:
    return [b for b in BENCHMARKS if b.family == family]


def task_families(dwas: Sequence[str]) -> dict[str, float]:
    """A task's time split evenly over its DWAs, each counted in its IWA's family (or in none)."""
    if not dwas:
        return {}
    out: dict[str, float] = {}
    for dwa in dwas:
        family = FAMILY_OF_IWA.get(dwa.rsplit(".D", 1)[0])
        if family:
            out[family] = out.get(family, 0.0) + 1 / len(dwas)
    return out


def shares_from(parts: Mapping[str, float]) -> tuple[tuple[str, float], ...]:
    return tuple((family, round(parts[family], 4)) for family in FAMILIES if parts.get(family, 0) > 0)


@dataclass(frozen=True)
class TaskWork:
    """What the exposure derivation reads of one task."""

    time_pct: float
    score: int
    exposure: str | None  # GPTs-are-GPTs exposure label (drafts)
    dwas: Sequence[str]
    families: Sequence[str] | None  # the analyst's `capability = [...]`, which overrides the derivation


def exposed(task: TaskWork) -> bool:
    """An LLM could touch the task: annotators found exposure (E1, E2), or its score says AI does much of it."""
    return task.exposure in ("E1", "E2") or task.score >= 3


def exposure_of(tasks: Sequence[TaskWork], *, in_person: bool, anchor: dt.date, anchor_why: str) -> Exposure | None:
    """A role's exposure to each family, from its tasks: a task the analyst tagged (`capability = [...]`) counts as
    tagged; otherwise an exposed task counts through its DWAs' IWAs, and an exposed task without DWA links takes the
    mix of the role's linked exposed tasks. Work done in person (drafts: not teleworkable, close to people) is
    insensitive. None when no task names its work activities or families: there is nothing to derive from."""
    if not any(t.families is not None or t.dwas for t in tasks):
        return None
    tagged: dict[str, float] = {}
    linked_parts: dict[str, float] = {}
    linked, unlinked = 0.0, 0.0
    for task in tasks:
        share = task.time_pct / 100
        if task.families is not None:
            for family in task.families:
                tagged[family] = tagged.get(family, 0.0) + share / len(task.families)
            continue
        if in_person or not exposed(task):
            continue
        if not task.dwas:
            unlinked += share
            continue
        linked += share
        for family, part in task_families(task.dwas).items():
            linked_parts[family] = linked_parts.get(family, 0.0) + share * part
    scale = 1 + unlinked / linked if linked else 1.0
    derived: dict[str, float] = {f: tagged.get(f, 0.0) + linked_parts.get(f, 0.0) * scale for f in FAMILIES}
    shares = shares_from(derived)
    if in_person and not any(t.families is not None for t in tasks):
        origin = "the work is done in person, close to people (O*NET, Dingel & Neiman): insensitive"
    elif not shares:
        origin = "no task's work activities are in a capability family (hands-on, care or unexposed work)"
    else:
        origin = "from its tasks' work activities: " + ", ".join(
            f"{FAMILY_TITLES[f].split(' (')[0]} {share:.0%}" for f, share in shares
        )
    return Exposure(shares=shares, anchor=anchor, origin=f"{origin}; task scores as of {anchor} ({anchor_why})")
