"""Roles' [signals] checked against the source registry, and resolved into what to fetch and what to read."""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from pydantic import ValidationError

from scoring.dimensions import get_dimension
from scoring.evidence import Followed
from scoring.model import Role
from scoring.signals import SignalRef, signal_refs
from sources.inflation import INFLATION
from sources.registry import SOURCES


def ref_problems(ref: SignalRef) -> list[str]:
    """What is wrong with one [signals] entry, as 'signals.<dim>.<source>...: rule' lines (empty when valid)."""
    where = f"signals.{ref.dimension}.{ref.source}"
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


def followed_series(role: Role) -> dict[str, Followed]:
    """dimension -> [(series spec, weight)] for a role whose signals are valid."""
    out: dict[str, list] = defaultdict(list)
    for ref in signal_refs(role.signals):
        source = SOURCES[ref.source]
        spec = source.series_spec(source.params.model_validate(ref.params), get_dimension(ref.dimension).measure)
        out[ref.dimension].append((spec, ref.weight))
    return dict(out)


def fetch_params(roles: Iterable[Role]) -> dict[str, list[dict]]:
    """Source name -> the distinct parameter sets the roles' signals ask of it (price indexes included
    for real-terms dimensions)."""
    wanted: dict[str, list[dict]] = defaultdict(list)

    def want(source: str, params: dict) -> None:
        if params not in wanted[source]:
            wanted[source].append(params)

    for role in roles:
        for ref in signal_refs(role.signals):
            source = SOURCES[ref.source]
            spec = source.series_spec(source.params.model_validate(ref.params), get_dimension(ref.dimension).measure)
            want(ref.source, source.params.model_validate(ref.params).model_dump(exclude_none=True))
            for index in (i for indexes in INFLATION.values() for i in indexes if i.key in spec.deflators):
                want(index.source, index.params)
    return dict(wanted)
