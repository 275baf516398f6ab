"""Roles' [signals] checked against the source registry, and resolved into what to fetch and what to read."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import replace
from typing import Iterable, Mapping, Sequence

from pydantic import ValidationError

from scoring.countries import DEFAULT as DEFAULT_COUNTRY
from scoring.countries import known
from scoring.dimensions import get_dimension
from scoring.errors import JobzoneError
from scoring.evidence import Followed
from scoring.model import Role
from scoring.signals import DimensionSignals, SeriesSpec, SignalRef, signal_refs
from scoring.view import RoleView
from sources.crosswalk import sector_of
from sources.hiringlab import has_sector
from sources.inflation import INFLATION
from sources.registry import SOURCES


def ref_problems(ref: SignalRef) -> list[str]:
    """What is wrong with one [signals] entry, as 'signals.<dim>.<source>...: rule' lines (empty when valid)."""
    where = f"signals.{ref.dimension}.{ref.source}"
    if get_dimension(ref.dimension).measure == "capability":
        return [
            f"{where}: {ref.dimension} follows AI capability through the role's tasks (their dwas, or "
            "capability = [...] on a task), not a series; only pinned = true may be set here"
        ]
    source = SOURCES.get(ref.source)
    followable = sorted(name for name, s in SOURCES.items() if s.params is not None)
    if source is None or source.params is None:
        return [f"{where}: not a source a role can follow; followable: {', '.join(followable)}"]
    measure = get_dimension(ref.dimension).measure
    if measure not in source.measures:
        return [f"{where}: {ref.source} gives {' and '.join(source.measures)}, not the {measure} {ref.dimension} reads"]
    try:
        source.params.model_validate(ref.params)
    except ValidationError as exc:
        return [
            f"{where}.{'.'.join(str(p) for p in e['loc']) or '(table)'}: {e['msg']} (got {e.get('input')!r})"
            for e in exc.errors()
        ]
    return []


def signal_problems(role: Role) -> list[str]:
    return [problem for ref in signal_refs(role.signals) for problem in ref_problems(ref)]


def effective_signals(role: Role) -> tuple[dict[str, DimensionSignals], str]:
    """The role's [signals] (an explicit table always wins), or those its SOC implies in the US view; and where
    they came from."""
    if role.signals:
        return role.signals, ""
    return implied_signals(role.soc, (), role.is_draft, DEFAULT_COUNTRY)


def implied_signals(
    soc: str | None, uk_groups: Sequence[tuple[str, float]], drafted: bool, country: str
) -> tuple[dict[str, DimensionSignals], str]:
    """What a role with this SOC code follows in a country's view (docs/methodology.md, "Market signals" and
    "Country views"): the postings index of its Indeed sector in that country, against the country's whole market,
    where the country's file has the sector; its pay where the country publishes it by occupation (the US: OEWS
    national medians by SOC; the UK: ASHE by UK SOC 2020 group, weighted over the role's groups). A dimension with
    no local data follows nothing: the file's value stands and the view says it is not assessed locally. A draft
    has no analyst judgement to anchor to, so its implied dimensions take the market level directly."""
    if not soc:
        return {}, ""
    mode = "absolute" if drafted else "anchored"
    implied: dict[str, dict] = {}
    said = [f"SOC {soc}"]
    if country == "US":
        implied["wage_trends"] = {"mode": mode, "oews": {"soc": soc}}
        said.append(f"OEWS {soc}")
    elif country == "GB" and uk_groups:
        implied["wage_trends"] = {
            "mode": mode,
            "ashe": [{"soc2020": code, "weight": weight} for code, weight in uk_groups if weight > 0],
        }
        said.append("ASHE UK SOC 2020 " + ", ".join(code for code, _ in uk_groups))
    sector = sector_of(soc)
    if sector and has_sector(country, sector):
        implied["job_posting_trends"] = {"mode": mode, "hiringlab": {"country": country, "sector": sector}}
        said.insert(1, f"Indeed {country} sector {sector}")
    elif sector:
        said.insert(1, f"Indeed {country} has no {sector} sector")
    signals = {dimension: DimensionSignals.model_validate(block) for dimension, block in implied.items()}
    return signals, " -> ".join(said[:2]) + ("; " + "; ".join(said[2:]) if said[2:] else "")


def _measure(dimension: str) -> str:
    """What an automated dimension reads (postings or pay); a dimension without one follows no series."""
    measure = get_dimension(dimension).measure
    if measure is None:
        raise JobzoneError(f"evidence dimension {dimension!r} is not automated: it follows no market series")
    return measure


def _spec(ref: SignalRef) -> SeriesSpec:
    return SOURCES[ref.source].followed_series(ref.params, _measure(ref.dimension))[1]


def followed_series(role: Role) -> dict[str, Followed]:
    """dimension -> its followed series and how they move it, for a role whose signals are valid."""
    return _followed(*effective_signals(role))


def _followed(signals: Mapping[str, DimensionSignals], origin: str) -> dict[str, Followed]:
    out = {}
    for dimension, block in signals.items():
        series = [(_spec(ref), ref.weight) for ref in block.entries(dimension)]
        out[dimension] = Followed(series, block.mode, block.pinned, origin)
    return out


class SignalResolver:
    """Each role's effective signals and followed series, built once per distinct signals and shared: the
    catalogue's drafts follow a few hundred SOC markets, synthetic or hand-written roles often the same table."""

    def __init__(self) -> None:
        self._resolved: dict[object, tuple[Mapping[str, DimensionSignals], Mapping[str, Followed]]] = {}
        self._problems: dict[object, list[str]] = {}
        self._last: tuple[Role, object] | None = None  # problems() then __call__() ask for the same role's key

    def problems(self, role: Role) -> list[str]:
        """signal_problems(role), checked once per distinct [signals] table."""
        if not role.signals:
            return []
        key = self.key(role)
        if key not in self._problems:
            self._problems[key] = signal_problems(role)
        return self._problems[key]

    def key(self, role: Role) -> object:
        """What roles with the same effective signals share (their [signals] table, else SOC and draft flag)."""
        if self._last is not None and self._last[0] is role:
            return self._last[1]
        key: object
        if role.signals:
            key = json.dumps({k: v.model_dump() for k, v in role.signals.items()}, sort_keys=True, default=str)
        else:
            key = (role.soc, role.is_draft)
        self._last = (role, key)
        return key

    def __call__(self, role: Role) -> tuple[Mapping[str, DimensionSignals], Mapping[str, Followed]]:
        key = self.key(role)
        if key not in self._resolved:
            signals, origin = effective_signals(role)
            self._resolved[key] = (signals, _followed(signals, origin))
        return self._resolved[key]

    def adopt(self, key: object, view: RoleView) -> RoleView:
        """A view made in another process, sharing this resolver's signals and followed series for its key
        (the evidence stage shares work between roles by identity)."""
        signals, followed = self._resolved.setdefault(key, (view.signals, view.followed))
        if followed is view.followed:
            return view
        return replace(view, signals=signals, followed=followed)


class CountryViews:
    """Views of the roles in one country: each view's signals and followed series replaced by what the country's
    data imply, plus the series of the role's own [signals] table that are of that country (an analyst's IT Jobs
    Watch terms in the UK's view); the US view of a role with its own table keeps it whole. Built once per distinct
    inputs."""

    def __init__(self, country: str) -> None:
        self.country = country
        self._resolved: dict[tuple, tuple[Mapping[str, DimensionSignals], str, Mapping[str, Followed]]] = {}

    def __call__(self, views: Sequence[RoleView]) -> list[RoleView]:
        if self.country == DEFAULT_COUNTRY:
            return list(views)
        return [self._localised(view) for view in views]

    def _localised(self, view: RoleView) -> RoleView:
        key = (view.soc, view.uk_groups, view.drafted)
        if key not in self._resolved:
            signals, said = implied_signals(view.soc, view.uk_groups, view.drafted, self.country)
            self._resolved[key] = (signals, said, _followed(signals, said))
        implied, origin, followed = self._resolved[key]
        merged = implied if view.drafted else with_local_series(implied, view.signals, self.country)
        if merged is implied:
            return replace(view, signals=implied, followed=followed)
        return replace(view, signals=merged, followed=_followed(merged, f"{origin}; the role's own local series"))


def with_local_series(
    implied: Mapping[str, DimensionSignals], own: Mapping[str, DimensionSignals], country: str
) -> Mapping[str, DimensionSignals]:
    """The country's implied signals, with the entries of the role's own [signals] table whose series are of that
    country added to their dimension (an analyst's IT Jobs Watch terms in the UK's view), and a dimension the
    analyst pinned left pinned; `implied` itself when the table adds nothing."""
    added: dict[str, DimensionSignals] = {}
    for dimension, block in own.items():
        if block.pinned:
            added[dimension] = block
            continue
        local = [ref for ref in block.entries(dimension) if _of_country(_spec(ref), country)]
        if not local:
            continue
        tables: dict[str, list[dict]] = {}
        for ref in [*(implied[dimension].entries(dimension) if dimension in implied else []), *local]:
            entry = {**ref.params, "weight": ref.weight}
            if entry not in tables.setdefault(ref.source, []):
                tables[ref.source].append(entry)
        added[dimension] = DimensionSignals.model_validate({"mode": block.mode, **tables})
    return {**implied, **added} if added else implied


def _of_country(spec: SeriesSpec, country: str) -> bool:
    found = known(spec.country)  # sources write the UK as "UK" (its price index), Indeed as "GB"
    return found is not None and found.code == country


def fetch_params(signal_tables: Iterable[Mapping[str, DimensionSignals]]) -> dict[str, list[dict]]:
    """Source name -> the distinct parameter sets some roles' effective signals ask of it (price indexes
    included for real-terms dimensions)."""
    wanted: dict[str, list[dict]] = defaultdict(list)
    seen: set[tuple] = set()

    def want(source: str, params: dict) -> None:
        if params not in wanted[source]:
            wanted[source].append(params)

    tables = {id(table): table for table in signal_tables}  # tables shared between roles are read once
    for ref in (ref for table in tables.values() for ref in signal_refs(table)):
        key = (ref.source, ref.dimension, json.dumps(ref.params, sort_keys=True, default=str))
        if key in seen:
            continue
        seen.add(key)
        params, spec = SOURCES[ref.source].followed_series(ref.params, _measure(ref.dimension))
        want(ref.source, params.model_dump(exclude_none=True))
        deflators = spec.deflators
        for index in (i for indexes in INFLATION.values() for i in indexes if i.key in deflators):
            want(index.source, index.params)
    return dict(wanted)
