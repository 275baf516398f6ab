"""Every rule and threshold a draft is made by, in one place; the README's "Drafting rules" explains each.
Rules read what the data says a task or an occupation is; none names an occupation."""

from __future__ import annotations

import datetime as dt
import math

GENERATOR = "jobzone-draft/1"
# A draft is a reading of the data as published by this date (the newest dataset used: the ratings summary).
DRAFTED_ON = dt.date(2025, 8, 7)

# SOC 2018 major groups (the first two digits), the role's category.
SOC_MAJOR_GROUPS = {
    "11": "Management",
    "13": "Business and Financial Operations",
    "15": "Computer and Mathematical",
    "17": "Architecture and Engineering",
    "19": "Life, Physical, and Social Science",
    "21": "Community and Social Service",
    "23": "Legal",
    "25": "Educational Instruction and Library",
    "27": "Arts, Design, Entertainment, Sports, and Media",
    "29": "Healthcare Practitioners and Technical",
    "31": "Healthcare Support",
    "33": "Protective Service",
    "35": "Food Preparation and Serving Related",
    "37": "Building and Grounds Cleaning and Maintenance",
    "39": "Personal Care and Service",
    "41": "Sales and Related",
    "43": "Office and Administrative Support",
    "45": "Farming, Fishing, and Forestry",
    "47": "Construction and Extraction",
    "49": "Installation, Maintenance, and Repair",
    "51": "Production",
    "53": "Transportation and Material Moving",
    "55": "Military Specific",
}

MAX_ALIASES = 8
# Key skills: O*NET's Skills importance (1-5) of at least 3 ("important" and above), the 8 most important.
KEY_SKILL_MIN = 3.0
MAX_KEY_SKILLS = 8

# ---- task time shares -------------------------------------------------------------------------------------
# weight = sqrt(frequency per workday) x relevance/100 x importance/5. Frequency counts occurrences, not time:
# the square root keeps an hourly task from drowning a daily one by a factor of 8 (it is ~2.8).
FREQUENCY_CAP = 8.0  # "hourly or more" in O*NET's FT scale
# Supplemental tasks are kept while they matter: a weight of at least this share of the median Core weight.
SUPPLEMENTAL_KEEP = 0.5
# Without ratings (O*NET rates no task of ~44 occupations): Core 2, Supplemental 1 (GPTs-are-GPTs' coreweight).
UNRATED_WEIGHT = {"Core": 2.0, "Supplemental": 1.0}
MIN_TASK_PCT = 0.1


def task_weight(freq_mean: float, relevance: float, importance: float) -> float:
    frequency = min(max(freq_mean, 0.0), FREQUENCY_CAP)
    return math.sqrt(frequency) * max(relevance, 0.0) / 100 * max(importance, 0.0) / 5


# ---- task automation scores (1 = AI cannot do it ... 5 = AI can do all of it) -----------------------------------
AUTOMATION_SCORE = {"T0": 1, "T1": 2, "T2": 3, "T3": 4, "T4": 5}  # GPT-4's automation rubric, one step each


def task_score(automation: str | None, exposure: str | None) -> tuple[int | None, str]:
    """The score and the rule, from the GPT-4 automation label bounded by the exposure label: annotators who
    found no LLM exposure (E0) cap it at 2; direct exposure (E1, an LLM alone halves the time) lifts it to 3."""
    if automation not in AUTOMATION_SCORE:
        return None, "no automation label"
    score = AUTOMATION_SCORE[automation]
    rule = f"{automation} -> {score}"
    if exposure == "E0" and score > 2:
        score, rule = 2, f"{rule}, capped at 2 by {exposure}"
    elif exposure == "E1" and score < 3:
        score, rule = 3, f"{rule}, raised to 3 by {exposure}"
    return score, rule


def task_impact(score: int, exposure: str | None) -> str:
    if score >= 4:
        return "displacement"
    if score == 3 or exposure in ("E1", "E2"):
        return "augmentation"
    return "not_involved"


# ---- what the work is, from O*NET's task -> DWA -> IWA -> work activity links --------------------------------
PHYSICAL_ACTIVITIES = ("4.A.3.a.", "4.A.3.b.4", "4.A.3.b.5", "4.A.4.a.5")  # physical activities, handling
# objects, machines, vehicles; repairing mechanical and electronic equipment (not 4.A.3.b.1 working with
# computers); and assisting and caring for others, whose IWAs are hands-on (treat, administer care, assist)
CARE_ACTIVITIES = ("4.A.4.a.4", "4.A.4.a.5", "4.A.4.a.7", "4.A.4.a.8", "4.A.4.b.3", "4.A.4.b.5")  # relationships,
# assisting and caring, resolving conflicts, working with the public, teaching, coaching
JUDGEMENT_ACTIVITIES = ("4.A.2.b.1", "4.A.4.b.4")  # making decisions and solving problems; directing others


def share_level(share: float, cuts: tuple[float, ...]) -> int:
    """How many of the ascending cuts a share (0..1) reaches."""
    return sum(share >= cut for cut in cuts)


# Barriers (0..2) and protective principles (0..3) from the share of task time in each kind of activity.
PHYSICAL_BARRIER_CUTS = (0.2, 0.5)
CULTURAL_BARRIER_CUTS = (0.25, 0.45)  # people expect a person for care and relationships
LIABILITY_BARRIER_CUTS = (0.25, 0.45)  # someone answers for decisions
EMBODIED_CUTS = (0.1, 0.3, 0.55)
INTERPERSONAL_CUTS = (0.1, 0.25, 0.45)
MORAL_JUDGMENT_CUTS = (0.1, 0.25, 0.45)
# Regulatory (entry) barrier from O*NET Job Zone: 4 (a bachelor's and more) -> 1, 5 (graduate, licence) -> 2.
JOB_ZONE_REGULATORY = {1: 0, 2: 0, 3: 0, 4: 1, 5: 2}

# ---- AI tool maturity from Microsoft's AI applicability (share of the work Copilot conversations cover) ------
APPLICABILITY_HIGH = 0.30  # ~ the top 12% of occupations: tools are in real use for much of the work -> -1
APPLICABILITY_LOW = 0.05  # ~ the bottom 10%: tools barely touch the work -> +1


def tool_maturity(applicability: float | None) -> tuple[int, str]:
    if applicability is None:
        return 0, "not assessed: no AI applicability score for this SOC"
    if applicability >= APPLICABILITY_HIGH:
        return (
            -1,
            f"AI applicability {applicability:.3f} >= {APPLICABILITY_HIGH}: AI tools already do much of this work",
        )
    if applicability < APPLICABILITY_LOW:
        return 1, f"AI applicability {applicability:.3f} < {APPLICABILITY_LOW}: AI tools barely reach this work"
    return 0, f"AI applicability {applicability:.3f} between {APPLICABILITY_LOW} and {APPLICABILITY_HIGH}"
