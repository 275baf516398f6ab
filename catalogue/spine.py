"""The occupation spine: a drafted role's codes in the international classification (ISCO-08) and the UK's (SOC
2020), many-to-many with weights and each link's quality, derived from three crosswalks: BLS's SOC 2010 -> 2018
(the role's SOC 2018 code back to the 2010 codes it came from), BLS's ISCO-08 <-> 2010 SOC, and a UK SOC 2020 ->
ISCO-08 crosswalk built from the ONS coding index (each UK group's modal ISCO code and the share of the group's
index entries that carry it).

Weights: the role's weight is split evenly over the SOC 2010 codes it came from and each of those evenly over its
ISCO codes; an ISCO code's weight goes to the UK groups whose modal code it is, in proportion to the index entries
behind each link (entries x share). A link's quality is that share: 0.93 means 93% of the UK group's coding-index
entries carry this ISCO code. Each list's weights sum to 1 (the UK list over the ISCO weight that has a UK group;
`uk_soc2020_reach` says how much that is)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from catalogue.occupation_data import number

SOURCE = (
    "BLS SOC 2010 -> 2018 and ISCO-08 <-> 2010 SOC crosswalks; UK SOC 2020 -> ISCO-08 from the ONS SOC 2020 coding "
    "index (P. Goyal, github.com/ParthG60/ai-economic-indicators-uk, MIT; ONS material under the OGL v3.0)"
)
DIGITS = 3  # weights and qualities as written to role files


@dataclass(frozen=True)
class UkGroup:
    code: str
    title: str
    share: float  # of the group's coding-index entries carrying its modal ISCO code
    entries: int  # the group's coding-index entries


@dataclass
class Spine:
    isco_of: dict[str, list[str]] = field(default_factory=dict)  # SOC 2010 -> its ISCO-08 codes
    isco_titles: dict[str, str] = field(default_factory=dict)
    uk_of: dict[str, list[UkGroup]] = field(default_factory=dict)  # ISCO-08 -> UK groups with it as modal code


def isco_code(value: object) -> str:
    """A 4-digit ISCO-08 code (a copy that dropped the armed forces' leading zero gets it back)."""
    return str(value).strip().zfill(4)


def index_spine(raw: dict[str, list[dict]]) -> Spine:
    spine = Spine()
    for row in raw["isco_soc2010"]:
        soc, isco = str(row["2010 SOC Code"]).strip(), isco_code(row["ISCO-08 Code"])
        codes = spine.isco_of.setdefault(soc, [])
        if isco not in codes:
            codes.append(isco)
        spine.isco_titles.setdefault(isco, str(row["ISCO-08 Title EN"]).strip())
    for row in raw["uk_soc2020_isco08"]:
        group = UkGroup(
            str(row["SOC2020"]).strip(),
            str(row["SOC2020_title"]).strip(),
            number(row["isco_share"]) or 0.0,
            int(number(row["n_index_entries"]) or 0),
        )
        spine.uk_of.setdefault(isco_code(row["ISCO08"]), []).append(group)
    return spine


def _isco_weights(soc_2010: list[str], spine: Spine) -> dict[str, float]:
    weights: defaultdict[str, float] = defaultdict(float)
    mapped = [soc for soc in sorted(set(soc_2010)) if spine.isco_of.get(soc)]
    for soc in mapped:
        for isco in spine.isco_of[soc]:
            weights[isco] += 1 / len(mapped) / len(spine.isco_of[soc])
    return dict(weights)


def _uk_weights(isco: dict[str, float], spine: Spine) -> tuple[dict[str, tuple[float, str, UkGroup]], float]:
    """UK group -> (weight, the ISCO code it came through, the group), and the ISCO weight that found a group."""
    found: dict[str, tuple[float, str, UkGroup]] = {}
    reach = 0.0
    for code, weight in isco.items():
        groups = spine.uk_of.get(code, [])
        backing = sum(g.entries * g.share for g in groups)
        if not backing:
            continue
        reach += weight
        for group in groups:
            found[group.code] = (weight * group.entries * group.share / backing, code, group)
    return found, reach


def _ranked(weights: dict[str, float]) -> list[str]:
    return sorted(weights, key=lambda code: (-weights[code], code))


def codes_of(soc_2018: str, soc_2010_of: dict[str, list[str]], spine: Spine) -> dict | None:
    """The role file's [codes] table for an occupation's SOC 2018 code (None: no ISCO code is known for it)."""
    isco = _isco_weights(soc_2010_of.get(soc_2018, []), spine)
    if not isco:
        return None
    uk, reach = _uk_weights(isco, spine)  # each ISCO code's weight is split whole over its groups: they sum to reach
    table: dict = {
        "source": SOURCE,
        "isco08": [
            {"code": code, "title": spine.isco_titles[code], "weight": round(isco[code], DIGITS)}
            for code in _ranked(isco)
        ],
    }
    if uk:
        table["uk_soc2020_reach"] = round(reach, DIGITS)
        shares = {code: weight / reach for code, (weight, _, _) in uk.items()}
        table["uk_soc2020"] = [
            {
                "code": code,
                "title": uk[code][2].title,
                "weight": round(shares[code], DIGITS),
                "via": uk[code][1],
                "quality": round(uk[code][2].share, DIGITS),
            }
            for code in _ranked(shares)
        ]
    return table
