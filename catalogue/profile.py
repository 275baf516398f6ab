"""What open data says about an occupation beyond its tasks: its Job Zone, BLS's typical entry education and
training and projected change (through BLS's O*NET-SOC -> National Employment Matrix crosswalk), and the skills
O*NET rates most important for it."""

from __future__ import annotations

from dataclasses import dataclass, field

from catalogue import rules
from catalogue.occupation_data import number


@dataclass
class Profiles:
    """The occupation-level datasets indexed for drafting."""

    nem: dict[str, str] = field(default_factory=dict)  # O*NET-SOC code -> BLS National Employment Matrix code
    projections: dict[str, dict] = field(default_factory=dict)  # NEM code -> BLS projections row
    skills: dict[str, list[tuple[float, str]]] = field(default_factory=dict)  # O*NET-SOC -> (importance, skill)


def index_profiles(raw: dict[str, list[dict]]) -> Profiles:
    p = Profiles()
    p.nem = {r["O*NET-SOC Code"]: r["NEM Code"] for r in raw["nem_crosswalk"]}
    p.projections = {r["Occupation Code"]: r for r in raw["bls_projections"]}
    for row in raw["onet:Skills"]:
        importance = number(row["Data Value"])
        if row["Scale ID"] == "IM" and importance is not None:
            p.skills.setdefault(row["O*NET-SOC Code"], []).append((importance, str(row["Element Name"]).strip()))
    return p


def projection(code: str, p: Profiles) -> dict | None:
    """BLS's projections row for an O*NET-SOC code: through the NEM crosswalk, else the code's own 6-digit SOC."""
    return p.projections.get(p.nem.get(code, "")) or p.projections.get(code[:7])


def key_skills(code: str, p: Profiles) -> list[str]:
    """The skills rated at least KEY_SKILL_MIN in importance, most important first (ties by name), at most
    MAX_KEY_SKILLS; none when O*NET has not rated the occupation's skills."""
    rated = sorted(p.skills.get(code, []), key=lambda pair: (-pair[0], pair[1]))
    return [name for importance, name in rated if importance >= rules.KEY_SKILL_MIN][: rules.MAX_KEY_SKILLS]


def _training(value: str) -> str:
    return "" if value in ("", "None", "N/A") else value


def context(code: str, job_zone: int | None, p: Profiles) -> dict:
    """The draft's [context]: entry to the occupation as O*NET and BLS publish it (empty values left out)."""
    row = projection(code, p) or {}
    education = str(row.get("Typical Entry-Level Education") or "")
    values = {
        "job_zone": job_zone,
        "entry_education": education,
        "entry_training": _training(str(row.get("Typical on-the-job Training") or "")),
        "key_skills": key_skills(code, p),
    }
    return {name: value for name, value in values.items() if value not in (None, "", [])}
