"""What every source adapter is made of: requests it needs, a pure parser, and a contract."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Mapping, Sequence

from pydantic import BaseModel, ConfigDict

from scoring.signals import SeriesSpec
from sources.errors import ParseError, SourceError


@dataclass(frozen=True, kw_only=True)
class Observation:
    """One value of one series at one period end. value None = the source says unavailable (never 0)."""

    source: str
    series_key: str
    period_date: dt.date
    metric: str
    value: float | None
    unit: str


@dataclass(frozen=True, kw_only=True)
class SeriesInfo:
    """What a series is, where its values alone do not say: a model's name, organisation and release date for a
    benchmark result, and the earliest date its result can have been published (point in time)."""

    source: str
    series_key: str
    title: str
    publisher: str
    released: dt.date
    not_before: dt.date


@dataclass(frozen=True)
class RawResponse:
    source: str
    url: str
    fetched_at: object  # datetime (UTC)
    http_status: int
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    not_modified: bool = False
    replayed: bool = False
    vintage: object = None  # when this version was published; defaults to fetched_at

    @cached_property
    def content_hash(self) -> str:
        """Computed once per response: every observation row names it, and bodies run to megabytes."""
        return hashlib.sha256(self.body).hexdigest()


@dataclass(frozen=True)
class FetchRequest:
    source: str
    url: str
    method: str = "GET"
    json_body: Mapping | None = None
    params: Mapping = field(default_factory=dict)  # the role signal parameters this request serves


class SignalParams(BaseModel):
    """What a role may write after the source's name in a [signals.<dimension>] table (validated strictly)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


@dataclass(frozen=True)
class Source:
    """A data source, whole: name, attribution, licence, what it fetches for the roles' [signals], its parser,
    and how a role's parameters name a series (for each measure an automated dimension reads)."""

    name: str
    title: str
    attribution: str
    licence: str
    content_types: tuple[str, ...]
    yields: str
    requests_for: Callable[[Sequence[Mapping]], list[FetchRequest]]
    parse: Callable[[bytes, FetchRequest], list[Observation]]
    examples: tuple[tuple[str, str], ...]  # (url, path in the fixtures folder, or "synthetic:<file in tests>")
    parser_version: int = 1
    # Followable sources: the parameter model and (params, measure) -> SeriesSpec; None for helper sources (CPI).
    params: type[SignalParams] | None = None
    # Any: each source's function takes its own SignalParams subclass (a Callable's argument is contravariant).
    series_spec: Callable[[Any, str], SeriesSpec] | None = None
    measures: tuple[str, ...] = ()  # which dimension measures ("postings", "pay") it can feed
    # True when each release revises the whole history (Indeed's index): a series is read from one vintage only.
    revises_history: bool = False
    # Point in time: a run reads an observation only once its publisher had published it. By default that is its
    # vintage (the file's release or capture date); a series whose key starts with a prefix here is published that
    # many days after its period (a daily index a week later, CPI two weeks after the month), whatever vintage
    # recorded it (one recording of a revised history holds periods published long before it was fetched).
    publication_lags: tuple[tuple[str, int], ...] = ()
    # Adds the operator's API key (from settings) to a request; the key is never archived or logged.
    authorise: Callable[[FetchRequest, str], FetchRequest] | None = None
    # For a saved body whose kind its parser reads from the URL (perm or contract page, sector file, series):
    # the URL it came from, told from the body itself; None when the body does not say.
    url_for_body: Callable[[bytes], str | None] | None = None
    # What each series of a body is (names, dates), for sources whose series are things, not numbers alone.
    describe: Callable[[bytes, FetchRequest], list[SeriesInfo]] | None = None
    # True when a new download may legitimately lack series the previous one had (a publisher re-running a
    # benchmark on other model versions); otherwise a missing series means a cut file.
    drops_series: bool = False

    def followed_series(self, params: Mapping, measure: str) -> tuple[SignalParams, SeriesSpec]:
        """A role's parameters for this source, validated, and the series they name for a measure; only a
        followable source names series (the [signals] check refuses the others first)."""
        if self.params is None or self.series_spec is None:
            raise SourceError(self.name, "this source is not one a role can follow")
        valid = self.params.model_validate(params)
        return valid, self.series_spec(valid, measure)


def check_complete(
    observations: Sequence[Observation], previous: Mapping[str, dt.date], url: str, drops_series: bool = False
) -> None:
    """A new download of a file must hold every series the previous one had (unless its source drops series by
    design), and must not end earlier: a file cut in transfer (at a line boundary, where the CSV still parses)
    loses series or its last dates."""
    if not previous:
        return
    last: dict[str, dt.date] = {}
    for obs in observations:
        if obs.series_key not in last or obs.period_date > last[obs.series_key]:
            last[obs.series_key] = obs.period_date
    missing = [] if drops_series else sorted(set(previous) - set(last))
    if missing:
        raise ParseError(
            url,
            f"{len(missing)} of the {len(previous)} series the previous download had are missing "
            f"(e.g. {missing[0]!r}): a cut file? The stored observations are kept",
        )
    newest, before = max(last.values()), max(previous.values())
    if newest < before:
        raise ParseError(url, f"the data ends {newest}, before the previous download's {before}: a cut file?")


# A response where more than this share of values is "unavailable" did not hold what its source promises.
MAX_UNAVAILABLE_SHARE = 0.5


def check_contract(
    observations: list[Observation],
    url: str,
    *,
    min_rows: int,
    required_metrics: Sequence[str] = (),
    plausible: Mapping[str, tuple[float, float]] | None = None,
    positive: Sequence[str] = (),
    today: dt.date | None = None,
) -> list[Observation]:
    """Validate parsed rows; raise ParseError naming the URL and the first broken rule. Every value is finite;
    `positive` metrics (indexes, prices) are > 0; a response that is mostly unavailable is refused."""
    today = today or dt.date.today()
    if len(observations) < min_rows:
        raise ParseError(url, f"expected at least {min_rows} observations, parsed {len(observations)}")
    unavailable = sum(o.value is None for o in observations)
    if unavailable > MAX_UNAVAILABLE_SHARE * len(observations):
        raise ParseError(
            url, f"{unavailable} of {len(observations)} values are unavailable: the layout or the file changed"
        )
    metrics = {o.metric for o in observations}
    missing = [m for m in required_metrics if m not in metrics]
    if missing:
        raise ParseError(url, f"required rows missing: {', '.join(missing)}")
    seen = set()
    for obs in observations:
        key = (obs.series_key, obs.period_date, obs.metric)
        if key in seen:
            raise ParseError(url, f"duplicate observation {obs.series_key} {obs.metric} {obs.period_date}")
        seen.add(key)
        if obs.period_date > today:
            raise ParseError(url, f"{obs.metric} dated {obs.period_date}, in the future")
        if obs.value is None:
            continue
        if not math.isfinite(obs.value):
            raise ParseError(url, f"{obs.metric} {obs.period_date} is {obs.value!r}, not a finite number")
        if obs.metric in positive and obs.value <= 0:
            raise ParseError(url, f"{obs.metric} {obs.period_date} is {obs.value:g}; an index or price is > 0")
        if obs.unit in ("postings", "count") and (obs.value < 0 or obs.value != int(obs.value)):
            raise ParseError(url, f"{obs.metric} must be a non-negative whole count, got {obs.value}")
        low, high = (plausible or {}).get(obs.metric, (None, None))
        if low is not None and high is not None and not low <= obs.value <= high:
            raise ParseError(url, f"{obs.metric} {obs.value:g} {obs.unit} outside plausible range {low:g}..{high:g}")
    return observations
