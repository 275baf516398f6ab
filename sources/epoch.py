"""Epoch AI's data on AI capability: the Benchmarking Hub's bulk download (one CSV per benchmark, in one zip) and
the notable-models list. Each benchmark result is a series `<benchmark>/<model version>` dated at the model's
release, with its score and the error the file gives; each notable model a series `model/<name>`.

Point in time: a result counts from the first download that carries it. For the results in the earliest download
a warehouse holds (which carries years of history), `not_before` gives the earliest date the result can have been
published: the benchmark's first publication, the row's own evaluation date where the file has one, and otherwise
RELEASE_LAG_DAYS after the model's release (conservative: results usually appear within weeks).

Licence: CC BY 4.0. Epoch's statement (README.md inside the zip): "Epoch AI's data is free to use, distribute, and
reproduce provided the source and authors are credited under the Creative Commons Attribution license.\""""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib
from dataclasses import dataclass
from typing import Mapping, Sequence

from scoring.capability import get_benchmark
from scoring.capability_evidence import SOURCE as CAPABILITY_SOURCE
from scoring.frontier_events import model_identity
from sources.base import FetchRequest, Observation, SeriesInfo, Source, check_contract
from sources.errors import ParseError
from sources.tabular import csv_rows, number

NAME = CAPABILITY_SOURCE
BENCHMARKS_URL = "https://epoch.ai/data/benchmark_data.zip"
MODELS_URL = "https://epoch.ai/data/notable_ai_models.csv"
ATTRIBUTION = (
    "Epoch AI, 'AI Benchmarking Hub', https://epoch.ai/benchmarks, and 'Data on AI Models', "
    "https://epoch.ai/data/ai-models (CC BY 4.0)"
)
RELEASE_LAG_DAYS = 90
MAX_MEMBER_BYTES = 50_000_000  # a member larger than this is not a benchmark table (or is a zip bomb)


@dataclass(frozen=True)
class BenchmarkFile:
    """Where a benchmark lives in Epoch's download and how its rows read."""

    key: str  # scoring.capability benchmark key
    member: str  # file name in the zip, found by its base name wherever it sits
    score: str
    scale: float  # the column times this is the benchmark's unit (fractions -> percent)
    plausible: tuple[float, float]  # in the benchmark's unit
    launched: dt.date  # the benchmark's first published results: nothing about it was known before
    launch_source: str
    min_rows: int
    required: bool = True  # absent from older downloads when False (GDPval appears in April 2026)
    stderr: str | None = None
    interval: tuple[str, str] | None = None  # (low, high) columns
    evaluated: str | None = None  # when Epoch ran or added the row: its result was not known before


FILES: tuple[BenchmarkFile, ...] = (
    BenchmarkFile(
        key="metr_time_horizon",
        member="metr_time_horizons_external.csv",
        score="Time horizon",
        scale=1.0,
        plausible=(0.001, 100_000.0),
        launched=dt.date(2025, 3, 19),
        launch_source="METR, 'Measuring AI Ability to Complete Long Tasks' (arXiv 2503.14499)",
        min_rows=20,
        interval=("CI_low", "CI_high"),
    ),
    BenchmarkFile(
        key="swe_bench_verified",
        member="swe_bench_verified.csv",
        score="mean_score",
        scale=100.0,
        plausible=(0.0, 100.0),
        launched=dt.date(2024, 8, 13),
        launch_source="OpenAI, 'Introducing SWE-bench Verified'",
        min_rows=10,
        stderr="stderr",
        evaluated="Started at",
    ),
    BenchmarkFile(
        key="os_world",
        member="os_world_external.csv",
        score="Score",
        scale=1.0,
        plausible=(0.0, 100.0),
        launched=dt.date(2024, 4, 11),
        launch_source="Xie et al., 'OSWorld' (arXiv 2404.07972)",
        min_rows=5,
        evaluated="Date added",
    ),
    BenchmarkFile(
        key="gdpval",
        member="gdpval_external.csv",
        score="Win Rate (%)",  # holds fractions despite its name (Epoch's README)
        scale=100.0,
        plausible=(0.0, 100.0),
        launched=dt.date(2025, 9, 25),
        launch_source="OpenAI, 'GDPval'",
        min_rows=5,
        required=False,
    ),
    BenchmarkFile(
        key="eci",
        member="epoch_capabilities_index.csv",
        score="ECI Score",
        scale=1.0,
        plausible=(0.0, 400.0),
        # Not confirmed from the recordings when Epoch first published the index: counted from the first recorded
        # download, the conservative side.
        launched=dt.date(2026, 1, 20),
        launch_source="the first recorded download holding it (Epoch's first publication not confirmed here)",
        min_rows=100,
    ),
)
MODEL_COLUMNS = ("Model", "Organization", "Publication date")


def requests_for(signals: Sequence[Mapping]) -> list[FetchRequest]:
    """Both downloads, whatever the roles: capability is read for every role whose work it measures."""
    return [FetchRequest(NAME, BENCHMARKS_URL), FetchRequest(NAME, MODELS_URL)]


def _members(body: bytes, url: str) -> dict[str, zipfile.ZipInfo]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise ParseError(url, f"not a zip archive: {exc}") from None
    members: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        if not info.is_dir():
            members.setdefault(info.filename.rsplit("/", 1)[-1], info)
    return members


def _read(body: bytes, url: str, info: zipfile.ZipInfo) -> bytes:
    if info.file_size > MAX_MEMBER_BYTES:
        raise ParseError(url, f"{info.filename} unpacks to {info.file_size:,} bytes, over {MAX_MEMBER_BYTES:,}")
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return archive.read(info)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, ValueError) as exc:
        raise ParseError(url, f"{info.filename} cannot be unpacked: {exc}") from None


def _date(text: str | None, where: str) -> dt.date | None:
    """A YYYY-MM-DD date (a timestamp's date part), or None where the row has none."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ParseError(where, f"{text!r} is not a date") from None


@dataclass(frozen=True)
class _Row:
    model: str
    released: dt.date
    score: float
    stderr: float | None
    interval: tuple[float, float] | None
    evaluated: dt.date | None
    title: str
    organisation: str


def _row(spec: BenchmarkFile, row: dict, where: str) -> _Row | None:
    """A usable result row; None for rows no model can be named for (agent leaderboards, unscored registry rows)."""
    model = (row.get("Model version") or "").strip()
    released = _date(row.get("Release date"), f"{where} {model} Release date")
    score = number(row.get(spec.score), f"{where} {model} {spec.score}")
    if not model or released is None or score is None:
        return None
    stderr = number(row.get(spec.stderr), f"{where} {model} {spec.stderr}") if spec.stderr else None
    interval = None
    if spec.interval:
        low, high = (number(row.get(c), f"{where} {model} {c}") for c in spec.interval)
        if low is None or high is None or not low <= score <= high:
            raise ParseError(where, f"{model}: interval {low!r}..{high!r} does not hold the horizon {score:g}")
        interval = (low, high)
    if stderr is not None and stderr < 0:
        raise ParseError(where, f"{model}: standard error {stderr:g} is negative")
    title = (row.get("Display name") or row.get("Name") or row.get("Model name") or model).strip()
    return _Row(
        model=model,
        released=released,
        score=score * spec.scale,
        stderr=None if stderr is None else stderr * spec.scale,
        interval=interval,
        evaluated=_date(row.get(spec.evaluated), f"{where} {model} {spec.evaluated}") if spec.evaluated else None,
        title=title,
        organisation=(row.get("Organization") or "").strip(),
    )


def _benchmark_rows(body: bytes, request: FetchRequest) -> list[tuple[BenchmarkFile, _Row]]:
    """Every usable row of every benchmark the download holds; per model its best row (Epoch lists a model once
    per scaffold, agent or step budget, and its leaderboards show the best)."""
    url = request.url
    members = _members(body, url)
    out: list[tuple[BenchmarkFile, _Row]] = []
    for spec in FILES:
        info = members.get(spec.member)
        if info is None:
            if spec.required:
                listed = ", ".join(sorted(members)[:8])
                raise ParseError(url, f"the download lacks {spec.member} (renamed? members: {listed}, ...)")
            continue
        where = f"{url}#{spec.member}"
        best: dict[str, _Row] = {}
        for raw in csv_rows(_read(body, url, info), where, ("Model version", "Release date", spec.score)):
            row = _row(spec, raw, where)
            if row is not None and (row.model not in best or row.score > best[row.model].score):
                best[row.model] = row
        if len(best) < spec.min_rows:
            raise ParseError(where, f"expected at least {spec.min_rows} scored models, found {len(best)}")
        out += [(spec, row) for row in best.values()]
    return out


def _result_observations(spec: BenchmarkFile, row: _Row) -> list[Observation]:
    key = f"{spec.key}/{row.model}"
    unit = get_benchmark(spec.key).unit
    values = [("score", row.score)]
    if row.stderr is not None:
        values.append(("stderr", row.stderr))
    if row.interval is not None:
        values += [("ci_low", row.interval[0]), ("ci_high", row.interval[1])]
    return [
        Observation(source=NAME, series_key=key, period_date=row.released, metric=m, value=v, unit=unit)
        for m, v in values
    ]


def _models(body: bytes, request: FetchRequest) -> list[tuple[str, str, dt.date]]:
    """(name, organisation, publication date) of every dated model in the notable-models list."""
    url = request.url
    out, seen = [], set()
    for row in csv_rows(body, url, MODEL_COLUMNS):
        name = " ".join((row["Model"] or "").split())
        published = _date(row["Publication date"], f"{url} {name} Publication date")
        if name and published is not None and name not in seen:
            seen.add(name)
            out.append((name, " ".join((row["Organization"] or "").split()), published))
    return out


def parse(body: bytes, request: FetchRequest) -> list[Observation]:
    if request.url == MODELS_URL:
        models = _models(body, request)
        observations = [
            Observation(
                source=NAME, series_key=f"model/{name}", period_date=day, metric="listed", value=1.0, unit="flag"
            )
            for name, _, day in models
        ]
        return check_contract(observations, request.url, min_rows=100)
    observations = [o for spec, row in _benchmark_rows(body, request) for o in _result_observations(spec, row)]
    _check_ranges(observations, request.url)
    return check_contract(observations, request.url, min_rows=50, required_metrics=("score",))


def _check_ranges(observations: Sequence[Observation], url: str) -> None:
    """Each benchmark's scores within its own plausible range (minutes, percent, index points)."""
    specs = {spec.key: spec for spec in FILES}
    for obs in observations:
        if obs.metric == "score" and obs.value is not None:
            low, high = specs[obs.series_key.split("/", 1)[0]].plausible
            if not low <= obs.value <= high:
                raise ParseError(url, f"{obs.series_key}: {obs.value:g} {obs.unit} outside {low:g}..{high:g}")


def describe(body: bytes, request: FetchRequest) -> list[SeriesInfo]:
    """Names and point-in-time floors: a result is not known before its benchmark was published, before Epoch ran
    or added its row, or (for the earliest download a warehouse holds) before RELEASE_LAG_DAYS after release."""
    if request.url == MODELS_URL:
        return [
            SeriesInfo(source=NAME, series_key=f"model/{name}", title=name, publisher=org, released=day, not_before=day)
            for name, org, day in _models(body, request)
        ]
    lag = dt.timedelta(days=RELEASE_LAG_DAYS)
    rows = _benchmark_rows(body, request)
    names = _display_names(rows)
    return [
        SeriesInfo(
            source=NAME,
            series_key=f"{spec.key}/{row.model}",
            title=names.get(model_identity(row.model), row.title),
            publisher=row.organisation,
            released=row.released,
            not_before=max(d for d in (spec.launched, row.released + lag, row.evaluated) if d is not None),
        )
        for spec, row in rows
    ]


def _display_names(rows: Sequence[tuple[BenchmarkFile, _Row]]) -> dict[str, str]:
    """A model's name as people know it, from the index's display names without their effort note ('Claude Opus
    4.6 (120k thinking)' -> 'Claude Opus 4.6'), for every benchmark's rows of that model."""
    names: dict[str, str] = {}
    for spec, row in rows:
        if spec.key == "eci" and row.title != row.model:
            names.setdefault(model_identity(row.model), row.title.split(" (", 1)[0].strip())
    return names


def url_for_body(body: bytes) -> str | None:
    """A zip is the benchmark download; a CSV with the model columns is the notable-models list."""
    if body[:4] == b"PK\x03\x04":
        return BENCHMARKS_URL
    header = body.split(b"\n", 1)[0].decode("utf-8-sig", "replace")
    return MODELS_URL if all(column in header for column in MODEL_COLUMNS) else None


SOURCE = Source(
    name=NAME,
    title="Epoch AI (Benchmarking Hub, Data on AI Models)",
    attribution=ATTRIBUTION,
    licence="CC BY 4.0",
    content_types=("application/zip", "application/x-zip-compressed", "text/csv", "text/plain"),
    yields=(
        "benchmark results per model (METR time horizon with its 95% interval, SWE-bench Verified with its standard "
        "error, OSWorld, GDPval, the Epoch Capabilities Index) and the notable-models list"
    ),
    requests_for=requests_for,
    parse=parse,
    describe=describe,
    url_for_body=url_for_body,
    examples=(
        (BENCHMARKS_URL, "ai_capability/epoch_benchmarks/2026-05-02/benchmark_data.zip"),
        (BENCHMARKS_URL, "ai_capability/epoch_benchmarks/2026-04-11/benchmark_data.zip"),  # Epoch's own archive
        (MODELS_URL, "ai_capability/epoch_models/2026-07-19/notable_ai_models.csv"),
        (MODELS_URL, "ai_capability/epoch_models/notable-ai-models.csv"),
    ),
    drops_series=True,
)
