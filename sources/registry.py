"""The explicit registry of sources: adding one is a line here (no metaclass magic)."""

from __future__ import annotations

from sources import aijobs, ashe, bls, epoch, fred, hiringlab, itjobswatch, oews, ons, uscpi
from sources.base import Source
from sources.errors import SourceError

# Adzuna is not registered: its terms require the user's own opt-in keys (see docs/operations.md, Sources).
SOURCES: dict[str, Source] = {
    s.name: s
    for s in (
        itjobswatch.SOURCE,
        hiringlab.SOURCE,
        fred.SOURCE,
        bls.SOURCE,
        uscpi.SOURCE,
        ons.SOURCE,
        aijobs.SOURCE,
        oews.SOURCE,
        ashe.SOURCE,
        epoch.SOURCE,
    )
}


def get_source(name: str) -> Source:
    try:
        return SOURCES[name]
    except KeyError:
        raise SourceError(name, f"unknown source; registered: {', '.join(SOURCES)}") from None


def publication_lags() -> list[tuple[str, str, int]]:
    """(source, series key prefix, days after the period) of every series published after a lag rather than at
    its vintage (the point-in-time rule the warehouse applies; see Source.publication_lags)."""
    return [(name, prefix, days) for name, source in SOURCES.items() for prefix, days in source.publication_lags]
