"""A draft's barriers, protective principles and judgement evidence from what occupation-level open data shows the
work is. Each value comes with a rationale naming its inputs (dataset, value, how it was joined) and thresholds
(catalogue/rules.py). Where an occupation has no work-context data, the task -> DWA activity shares decide, as
before. Pure; no rule names an occupation."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from catalogue import rules
from catalogue.occupation_data import APPRENTICESHIP, CERTIFICATION, OccupationData, bridged, number
from catalogue.profile import Profiles, projection


@dataclass
class Facts:
    """One occupation's inputs, each with where it came from."""

    context: dict[str, tuple[float | None, str]] = field(default_factory=dict)
    teleworkable: tuple[float | None, str] = (None, "")
    certification: float | None = None
    apprenticeship: float | None = None
    judgment: float | None = None
    education: str = ""
    training: str = ""
    change: float | None = None
    factors: tuple[str, ...] = ()  # BLS's stated factors for the occupation's share (Table 1.12)
    licensing: str = ""
    job_zone: int | None = None

    def item(self, name: str) -> float | None:
        return self.context.get(name, (None, ""))[0]

    @property
    def has_context(self) -> bool:
        return self.item("caring") is not None and self.teleworkable[0] is not None

    @property
    def remote(self) -> bool:
        return (self.teleworkable[0] or 0) > 0.5

    @property
    def in_person(self) -> bool:
        """Work done in person, close to people: not teleworkable (Dingel & Neiman), Physical Proximity high."""
        known = self.teleworkable[0] is not None
        return known and not self.remote and (self.item("proximity") or 0) >= rules.PROXIMITY_CLOSE

    @property
    def professional(self) -> bool:
        """A licensed profession, as far as open data shows: a licensing statement, a professional entry degree, a
        residency, or certification rated important."""
        return bool(
            self.licensing
            or self.education == rules.PROFESSIONAL_EDUCATION
            or self.training == "Internship/residency"
            or (self.certification or 0) >= rules.CERTIFICATION_CUTS[1]
        )


def facts_of(code: str, description: str, job_zone: int | None, p: Profiles, d: OccupationData) -> Facts:
    row = projection(code, p) or {}
    skills = {name: importance for importance, name in p.skills.get(code, [])}
    statement = re.search(rf"[^.]*({rules.LICENSING_STATEMENT})[^.]*\.?", description, re.IGNORECASE)
    return Facts(
        context={item: bridged(values, code, d) for item, values in d.context.items()},
        teleworkable=bridged(d.teleworkable, code, d),
        certification=d.ete.get((code, CERTIFICATION)),
        apprenticeship=d.ete.get((code, APPRENTICESHIP)),
        judgment=skills.get("Judgment and Decision Making"),
        education=str(row.get("Typical Entry-Level Education") or ""),
        training=str(row.get("Typical on-the-job Training") or ""),
        change=number(row.get("Employment Percent Change, 2024-2034")),
        factors=tuple(d.factors.get(str(row.get("Occupation Code") or code[:7]), [])),
        licensing=statement.group(0).strip() if statement else "",
        job_zone=job_zone,
    )


def _highest(found: list[tuple[int, str]], nothing: str) -> tuple[int, str]:
    """The highest level among the signs found, with every sign that reached a level named."""
    reached = [(level, why) for level, why in found if level > 0]
    if not reached:
        return 0, nothing
    level = max(level for level, _ in reached)
    return level, "; ".join(f"{why} -> {lvl}" for lvl, why in reached) + f": {level} (the highest)"


def regulatory(f: Facts) -> tuple[int, str]:
    found = [(rules.JOB_ZONE_REGULATORY.get(f.job_zone, 0) if f.job_zone else 0, f"O*NET Job Zone {f.job_zone}")]
    if f.licensing:
        found.append((2, f'O*NET description: "{f.licensing}"'))
    if f.education == rules.PROFESSIONAL_EDUCATION:
        found.append((2, f"BLS typical entry education: {f.education}"))
    if f.training in rules.SUPERVISED_TRAINING:
        found.append((rules.SUPERVISED_TRAINING[f.training], f"BLS typical training: {f.training}"))
    if f.certification is not None:
        cert = rules.share_level(f.certification, rules.CERTIFICATION_CUTS)
        found.append(
            (
                cert,
                f"O*NET certification importance {f.certification:.2f} (cuts {rules.CERTIFICATION_CUTS})",
            )
        )
    if f.apprenticeship is not None:
        app = rules.share_level(f.apprenticeship, rules.APPRENTICESHIP_CUTS)
        found.append(
            (
                app,
                f"O*NET apprenticeship importance {f.apprenticeship:.2f} (cuts {rules.APPRENTICESHIP_CUTS})",
            )
        )
    return _highest(
        found,
        f"no licensing sign: Job Zone {f.job_zone}, entry {f.education or 'unknown'}, certification and apprenticeship below their cuts",
    )


def _value_text(f: Facts, item: str, label: str) -> str:
    value, how = f.context[item]
    if value is None:
        return f"{label} unknown ({how})"
    return f"{label} {value:.0f}" + ("" if how == "same O*NET-SOC code" else f" ({how})")


def physical(f: Facts) -> tuple[int, str]:
    handling, proximity, hands = f.item("handling") or 0, f.item("proximity") or 0, f.item("hands") or 0
    tele = f"Dingel & Neiman teleworkable {f.teleworkable[0]:.2g}"
    inputs = f"{tele}; {_value_text(f, 'handling', 'handling objects')}, {_value_text(f, 'proximity', 'physical proximity')}, {_value_text(f, 'hands', 'hands-on')}"
    if not f.remote and (
        handling >= rules.HANDLING_HANDS_ON or proximity >= rules.PROXIMITY_CLOSE or hands >= rules.HANDS_ON
    ):
        return (
            2,
            f"{inputs}: not teleworkable; handling >= {rules.HANDLING_HANDS_ON:.0f}, proximity >= {rules.PROXIMITY_CLOSE:.0f} or hands >= {rules.HANDS_ON:.0f} -> 2",
        )
    if not f.remote or handling >= rules.HANDLING_PHYSICAL or proximity >= rules.PROXIMITY_PHYSICAL:
        return (
            1,
            f"{inputs}: not teleworkable, handling >= {rules.HANDLING_PHYSICAL:.0f} or proximity >= {rules.PROXIMITY_PHYSICAL:.0f} -> 1",
        )
    return 0, f"{inputs}: teleworkable, little handling, not close to people -> 0"


def cultural(f: Facts) -> tuple[int, str]:
    caring, coaching = f.item("caring") or 0, f.item("coaching") or 0
    relationships, face = f.item("relationships") or 0, f.item("face_to_face") or 0
    inputs = (
        f"{_value_text(f, 'caring', 'caring for others')}, {_value_text(f, 'coaching', 'coaching')}, "
        f"{_value_text(f, 'relationships', 'relationships')}, {_value_text(f, 'face_to_face', 'face-to-face')} (O*NET)"
    )
    if caring >= rules.CARING_CULTURAL[1]:
        return 2, f"{inputs}: caring >= {rules.CARING_CULTURAL[1]:.0f} -> 2"
    if (
        caring >= rules.CARING_CULTURAL[0]
        or coaching >= rules.COACHING_CULTURAL
        or (relationships >= rules.RELATIONSHIPS_CULTURAL and face >= rules.FACE_TO_FACE_CULTURAL)
    ):
        return 1, (
            f"{inputs}: caring >= {rules.CARING_CULTURAL[0]:.0f}, coaching >= {rules.COACHING_CULTURAL:.0f} or "
            f"relationships >= {rules.RELATIONSHIPS_CULTURAL:.0f} with face-to-face >= {rules.FACE_TO_FACE_CULTURAL:.0f} -> 1"
        )
    return 0, f"{inputs}: below every cut -> 0"


def liability(f: Facts, judgement_share: float) -> tuple[int, str]:
    jdm = f.judgment
    jdm_text = f"O*NET judgment and decision making {jdm:.2f}" if jdm is not None else "no O*NET skills rating"
    who = "a licensed profession by the data" if f.professional else "not a licensed profession by the data"
    inputs = f"{jdm_text}; {who}; {judgement_share:.0%} of task time in decision work"
    if f.professional and (jdm or 0) >= rules.JUDGMENT_HIGH:
        return 2, f"{inputs}: a profession deciding at >= {rules.JUDGMENT_HIGH} -> 2"
    caring = f.item("caring") or 0
    if (
        f.professional
        or (jdm or 0) >= rules.JUDGMENT_HIGH
        or ((jdm or 0) >= rules.JUDGMENT_CARE and caring >= rules.CARE_ANSWERED_FOR)
        or judgement_share >= rules.DECISION_SHARE_ANSWERED_FOR
    ):
        return (
            1,
            f"{inputs}: profession, judgment >= {rules.JUDGMENT_HIGH}, >= {rules.JUDGMENT_CARE} with care, or decisions >= {rules.DECISION_SHARE_ANSWERED_FOR:.0%} -> 1",
        )
    return 0, f"{inputs}: below every cut -> 0"


def protective(f: Facts, judgement_share: float) -> dict[str, tuple[int, str]]:
    embodied = [
        not f.remote,
        (f.item("handling") or 0) >= rules.HANDLING_PHYSICAL,
        (f.item("proximity") or 0) >= rules.PROXIMITY_PHYSICAL,
    ]
    people = [
        (f.item("caring") or 0) >= rules.INTERPERSONAL_CARING,
        (f.item("relationships") or 0) >= rules.INTERPERSONAL_RELATIONSHIPS,
        (f.item("coaching") or 0) >= rules.INTERPERSONAL_COACHING,
    ]
    moral = [
        (f.judgment or 0) >= rules.MORAL_JUDGMENT,
        f.professional,
        judgement_share >= rules.DECISION_SHARE_ANSWERED_FOR or (f.item("caring") or 0) >= rules.CARE_ANSWERED_FOR,
    ]
    return {
        "embodied_physicality": (
            sum(embodied),
            f"{sum(embodied)} of 3 signs ({rules.EMBODIED_SIGNS}; O*NET, Dingel & Neiman)",
        ),
        "interpersonal_connection": (
            sum(people),
            f"{sum(people)} of 3 signs (caring >= {rules.INTERPERSONAL_CARING:.0f}, relationships >= {rules.INTERPERSONAL_RELATIONSHIPS:.0f}, coaching >= {rules.INTERPERSONAL_COACHING:.0f}; O*NET)",
        ),
        "moral_judgment": (
            sum(moral),
            f"{sum(moral)} of 3 signs (judgment and decision making >= {rules.MORAL_JUDGMENT}, a licensed profession, decisions or care for people; O*NET, BLS)",
        ),
    }
