"""SOC -> Indeed Hiring Lab sector. Indeed publishes no crosswalk, so jobzone keeps one as data:
`data/indeed_sector_rules.csv` (reviewed rules by SOC prefix, the longest prefix wins, each with its reason) and
`data/soc_indeed_sectors.csv` (every 6-digit SOC with its sector or "none", generated from the rules by
`jobzone crosswalk` and checked against Indeed's example job titles; docs/methodology.md, "Market signals")."""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources

NONE = "none"


def _rows(name: str) -> list[dict]:
    text = resources.files("sources").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@lru_cache(maxsize=1)
def rules() -> tuple[tuple[str, str, str], ...]:
    """(prefix, sector, why), longest prefix first."""
    return tuple(
        sorted(
            ((r["prefix"], r["sector"], r["why"]) for r in _rows("indeed_sector_rules.csv")),
            key=lambda rule: -len(rule[0]),
        )
    )


def rule_for(soc: str) -> tuple[str, str]:
    """(sector or "none", why) by the longest matching prefix."""
    for prefix, sector, why in rules():
        if soc.startswith(prefix):
            return sector, f"SOC {prefix}*: {why}"
    return NONE, "no rule covers this SOC group"


@lru_cache(maxsize=1)
def table() -> dict[str, tuple[str, str]]:
    """SOC -> (sector or "none", why), as committed."""
    return {r["soc"]: (r["sector"], r["why"]) for r in _rows("soc_indeed_sectors.csv")}


def sector_of(soc: str) -> str | None:
    """The Indeed sector whose postings index a role with this SOC follows, or None."""
    sector = table().get(soc, rule_for(soc))[0]
    return None if sector == NONE else sector
