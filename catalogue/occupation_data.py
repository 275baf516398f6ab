"""The occupation-level open data a draft's barriers, protective principles and judgement evidence are read from:
O*NET work context and activities (2020, O*NET-SOC 2010 codes, bridged to 2019 codes through the official SOC
2010 -> 2018 crosswalk), Dingel & Neiman's teleworkability, O*NET's education, training and certification ratings,
BLS's projected change and the factors its analysts name, and Anthropic's observed automation / augmentation split
per task."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

# The work-context items read, by short name -> (dataset, value column).
CONTEXT_ITEMS = {
    "proximity": ("work_context:Physical_Proximity", "Context"),
    "hands": ("work_context:Spend_Time_Using_Your_Hands", "Context"),
    "handling": ("work_context:Handling_and_Moving_Objects", "Importance"),
    "caring": ("work_context:Assisting_and_Caring_for_Others", "Importance"),
    "face_to_face": ("work_context:Face-to-Face_Discussions", "Context"),
    "relationships": ("work_context:Establishing_and_Maintaining_Interpersonal_Relationships", "Importance"),
    "coaching": ("work_context:Coaching_and_Developing_Others", "Importance"),
}
CERTIFICATION, APPRENTICESHIP = "2.D.4.a", "3.A.4.a"  # O*NET ETE elements (importance 1-5)
AUTOMATION_PATTERNS = ("directive", "feedback_loop")  # Anthropic's definition
AUGMENTATION_PATTERNS = ("task_iteration", "validation", "learning")


@dataclass
class Keyed:
    """Values keyed by O*NET-SOC 2010 code, with the same values grouped by their 6-digit SOC 2010 code."""

    exact: dict[str, float] = field(default_factory=dict)
    by_soc: dict[str, list[float]] = field(default_factory=dict)

    @classmethod
    def of(cls, values: dict[str, float]) -> "Keyed":
        by_soc: dict[str, list[float]] = {}
        for code in sorted(values):
            by_soc.setdefault(code[:7], []).append(values[code])
        return cls(values, by_soc)


@dataclass
class OccupationData:
    context: dict[str, Keyed] = field(default_factory=dict)  # item -> O*NET-SOC 2010 code -> 0-100
    teleworkable: Keyed = field(default_factory=Keyed)  # O*NET-SOC 2010 code -> 0/1
    soc_2010_of: dict[str, list[str]] = field(default_factory=dict)  # SOC 2018 -> the SOC 2010 codes it came from
    ete: dict[tuple[str, str], float] = field(default_factory=dict)  # (O*NET-SOC, element) -> importance 1-5
    factors: dict[str, list[str]] = field(default_factory=dict)  # NEM code -> BLS's stated factors (Table 1.12)
    collaboration: dict[str, tuple[float, float]] = field(default_factory=dict)  # task text -> (automation, aug.)
    collaboration_by_id: dict[int, tuple[float, float]] = field(default_factory=dict)  # O*NET 20.1 task id -> same


def number(value: object) -> float | None:
    """A published number ("1,579.80" too); None where there is none ('Not available' is missing, not zero)."""
    try:
        return None if value in (None, "") else float(str(value).replace(",", ""))
    except ValueError:
        return None


def index_occupation_data(raw: dict[str, list[dict]]) -> OccupationData:
    d = OccupationData()
    for item, (dataset, column) in CONTEXT_ITEMS.items():
        d.context[item] = Keyed.of({r["Code"]: v for r in raw[dataset] if (v := number(r[column])) is not None})
    d.teleworkable = Keyed.of(
        {r["onetsoccode"]: v for r in raw["teleworkable"] if (v := number(r["teleworkable"])) is not None}
    )
    for row in raw["soc_2010_2018"]:
        d.soc_2010_of.setdefault(row["2018 SOC Code"], []).append(row["2010 SOC Code"])
    for row in raw["onet:Education, Training, and Experience"]:
        if row["Scale ID"] == "IM" and row["Element ID"] in (CERTIFICATION, APPRENTICESHIP):
            if (v := number(row["Data Value"])) is not None:
                d.ete[(row["O*NET-SOC Code"], row["Element ID"])] = v
    for row in raw["bls_factors"]:
        text = str(row["Factors affecting occupational utilization"] or "").strip()
        factors = d.factors.setdefault(row["2024 National Employment Matrix occupation code"], [])
        if text and text not in factors:  # the same factor is stated once per industry
            factors.append(text)
    for row in raw["anthropic_collaboration"]:
        shares = {k: number(row[k]) or 0.0 for k in (*AUTOMATION_PATTERNS, *AUGMENTATION_PATTERNS)}
        automation = sum(shares[k] for k in AUTOMATION_PATTERNS)
        augmentation = sum(shares[k] for k in AUGMENTATION_PATTERNS)
        if automation + augmentation > 0:  # a usable split (the rest was filtered: too few conversations)
            d.collaboration[str(row["task_name"]).strip().lower()] = (automation, augmentation)
    # The index names tasks in O*NET 20.1 wording; a task reworded since is found by the id that wording had.
    for row in raw["anthropic_task_statements"]:
        split = d.collaboration.get(str(row["Task"]).strip().lower())
        if split is not None and str(row["Task ID"]).strip():
            d.collaboration_by_id[int(float(row["Task ID"]))] = split
    return d


def bridged(values: Keyed, code: str, d: OccupationData) -> tuple[float | None, str]:
    """A 2010-keyed value for an O*NET-SOC 2019 code: the same code, else the mean over the O*NET-SOC 2010
    occupations of the SOC 2010 codes the crosswalk maps to its SOC 2018 code; (None, why) when neither exists."""
    if code in values.exact:
        return values.exact[code], "same O*NET-SOC code"
    found = [v for old in sorted(set(d.soc_2010_of.get(code[:7], []))) for v in values.by_soc.get(old, [])]
    if found:
        return statistics.fmean(found), f"mean of {len(found)} via the SOC 2010 -> 2018 crosswalk"
    return None, "no 2010 occupation maps to it"
