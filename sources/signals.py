"""Roles' [signals] checked against the source registry, and resolved into what to fetch and what to read."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import replace
from typing import Iterable, Mapping

from pydantic import ValidationError

from scoring.dimensions import get_dimension
from scoring.errors import JobzoneError
from scoring.evidence import Followed
from scoring.model import Role
from scoring.signals import DimensionSignals, SeriesSpec, SignalRef, signal_refs
from scoring.view import RoleView
from sources.crosswalk import sector_of
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


# A role with a SOC code and no [signals] table follows its market from the SOC: the postings index of its
# Indeed sector in the US and GB, and its OEWS national median wage (docs/methodology.md, "Market signals").
SOC_POSTINGS_COUNTRIES = ("US", "GB")


def effective_signals(role: Role) -> tuple[dict[str, DimensionSignals], str]:
    """The role's [signals] (an explicit table always wins), or those its SOC implies; and where they came from.
    A draft has no analyst judgement to anchor to, so its implied dimensions take the market level directly."""
    if role.signals:
        return role.signals, ""
    if not role.soc:
        return {}, ""
    mode = "absolute" if role.is_draft else "anchored"
    implied = {"wage_trends": DimensionSignals.model_validate({"mode": mode, "oews": {"soc": role.soc}})}
    sector = sector_of(role.soc)
    if sector:
        postings = [{"country": country, "sector": sector} for country in SOC_POSTINGS_COUNTRIES]
        implied["job_posting_trends"] = DimensionSignals.model_validate({"mode": mode, "hiringlab": postings})
    return implied, f"SOC {role.soc} -> Indeed sector {sector or 'none'}; OEWS {role.soc}"


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


def _followed(signals: dict[str, DimensionSignals], origin: str) -> dict[str, Followed]:
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
