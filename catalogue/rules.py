"""Every rule a draft is made by, in one place. The thresholds come from the reviewed rules file
(catalogue/drafting_rules.toml, which says what each reads and why, and which docs/drafting-rules.md is rendered
from); here each is named for the code. Rules read what the data says a task or an occupation is; none names an
occupation."""

from __future__ import annotations

import datetime as dt
import math

from catalogue.drafting_rules import drafting_rules

_THRESHOLDS = drafting_rules()

# 2: barriers, principles and judgement evidence from occupation data; 3: the date the task scores reflect and
# whether the work is done in person, which AI capability tracking reads.
GENERATOR = "jobzone-draft/3"
# A draft is a reading of the data as published by this date (the newest datasets used: BLS Employment
# Projections 2024-34, released 2025-08-28, and Microsoft's applicability scores, 2025-08-29).
DRAFTED_ON = dt.date(2025, 8, 29)
# The date a draft's task scores reflect AI as it was, so capability is measured from there and no rise is counted
# twice: the GPTs-are-GPTs labels were made public with the paper on 2023-03-17 (arXiv 2303.10130, GPT-4's month);
# an occupation with tasks observed in Claude conversations was checked against the Anthropic Economic Index
# release of 2025-03-27; a release that moved its tasks, at the release's date. The latest of these.
LABELS_AS_OF = dt.date(2023, 3, 17)
OBSERVED_USE_AS_OF = dt.date(2025, 3, 27)

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

MAX_ALIASES = _THRESHOLDS.integer("max_aliases")
KEY_SKILL_MIN = _THRESHOLDS.number("key_skill_min")
MAX_KEY_SKILLS = _THRESHOLDS.integer("max_key_skills")

# ---- task time shares -------------------------------------------------------------------------------------
# weight = sqrt(frequency per workday) x relevance/100 x importance/5. Frequency counts occurrences, not time:
# the square root keeps an hourly task from drowning a daily one by a factor of 8 (it is ~2.8).
FREQUENCY_CAP = _THRESHOLDS.number("frequency_cap")
SUPPLEMENTAL_KEEP = _THRESHOLDS.number("supplemental_keep")
UNRATED_WEIGHT = _THRESHOLDS.table("unrated_weight")  # O*NET rates no task of ~44 occupations
MIN_TASK_PCT = _THRESHOLDS.number("min_task_pct")


def task_weight(freq_mean: float, relevance: float, importance: float) -> float:
    frequency = min(max(freq_mean, 0.0), FREQUENCY_CAP)
    return math.sqrt(frequency) * max(relevance, 0.0) / 100 * max(importance, 0.0) / 5


# ---- task automation scores (1 = AI cannot do it ... 5 = AI can do all of it) -----------------------------------
AUTOMATION_SCORE = {label: int(score) for label, score in _THRESHOLDS.table("automation_score").items()}
DISPLACEMENT_OBSERVED = _THRESHOLDS.number("displacement_observed")


def task_score(
    automation: str | None, exposure: str | None, model_exposure: str | None = None
) -> tuple[int | None, str]:
    """The score and the rule, from the GPT-4 automation label bounded by the annotators' exposure label, with
    GPT-4's own exposure label (model_exposure) as the third vote where the two disagree. Annotators who found no
    LLM exposure (E0) cap it at 2; where GPT-4 put it two or more steps higher (T3-T4), its exposure label decides:
    exposed (E1-E2) -> the automation label stands (two labels of three), E0 -> 3 (between them, a doubt the
    score's band carries). Direct exposure (E1, an LLM alone halves the time) lifts it to 3, unless GPT-4 found
    no exposure (E0) and little automation (two of three against it)."""
    if automation not in AUTOMATION_SCORE:
        return None, "no automation label"
    score = AUTOMATION_SCORE[automation]
    rule = f"{automation} -> {score}"
    if exposure == "E0" and score >= 4 and model_exposure in ("E1", "E2"):
        rule = f"{rule}, kept: GPT-4's exposure {model_exposure} outvotes annotators' E0"
    elif exposure == "E0" and score >= 4:
        score, rule = 3, f"{rule}, 3: between it and {exposure}, the labels disagree"
    elif exposure == "E0" and score > 2:
        score, rule = 2, f"{rule}, capped at 2 by {exposure}"
    elif exposure == "E1" and score < 3 and model_exposure == "E0":
        rule = f"{rule}, kept: GPT-4's exposure E0 outvotes annotators' E1"
    elif exposure == "E1" and score < 3:
        score, rule = 3, f"{rule}, raised to 3 by {exposure}"
    return score, rule


def task_impact(score: int, exposure: str | None, observed: float | None = None) -> str:
    """Observed use decides where there is some (automation share of the task's Claude conversations >= 0.5 with a
    score of 3+ -> displacement, else augmentation); the labels decide otherwise."""
    if observed is not None:
        return "displacement" if observed >= DISPLACEMENT_OBSERVED and score >= 3 else "augmentation"
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
PHYSICAL_BARRIER_CUTS = _THRESHOLDS.cuts("physical_barrier_cuts")
CULTURAL_BARRIER_CUTS = _THRESHOLDS.cuts("cultural_barrier_cuts")
LIABILITY_BARRIER_CUTS = _THRESHOLDS.cuts("liability_barrier_cuts")
EMBODIED_CUTS = _THRESHOLDS.cuts("embodied_cuts")
INTERPERSONAL_CUTS = _THRESHOLDS.cuts("interpersonal_cuts")
MORAL_JUDGMENT_CUTS = _THRESHOLDS.cuts("moral_judgment_cuts")
# Regulatory (entry) barrier from O*NET Job Zone alone: 5 (extensive preparation, often a graduate degree) -> 1; a
# bachelor's (Job Zone 4) is not a licence (the reference MLOps Engineer reads "No licensing required" -> 0), and 2
# needs a licensing sign (the statements, a professional degree, residency, certification or apprenticeship below).
JOB_ZONE_REGULATORY = {int(zone): int(level) for zone, level in _THRESHOLDS.table("job_zone_regulatory").items()}

# ---- AI tool maturity from Microsoft's AI applicability (share of the work Copilot conversations cover) ------
APPLICABILITY_HIGH = _THRESHOLDS.number("applicability_high")  # -> -1
APPLICABILITY_LOW = _THRESHOLDS.number("applicability_low")  # -> +1


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


# ---- what the work is, from occupation-level open data (catalogue/judgements.py) ---------------------------
# Regulatory / licensing (0..2): the highest level any of these reaches; each is a published proxy for a licence.
LICENSING_STATEMENT = r"licens\w* or registration required|requires? [^.]*licen[cs]e"  # O*NET's description says so
PROFESSIONAL_EDUCATION = "Doctoral or professional degree"  # BLS entry education of the licensed professions
SUPERVISED_TRAINING = {name: int(level) for name, level in _THRESHOLDS.table("supervised_training").items()}
CERTIFICATION_CUTS = _THRESHOLDS.cuts("certification_cuts")
APPRENTICESHIP_CUTS = _THRESHOLDS.cuts("apprenticeship_cuts")
# Physical presence (0..2), from work context (0-100) and Dingel & Neiman: 1 when the work cannot be done from home
# or is handling objects or close to people; 2 when it cannot be done from home and is hands-on or close.
HANDLING_PHYSICAL = _THRESHOLDS.number("handling_physical")
PROXIMITY_PHYSICAL = _THRESHOLDS.number("proximity_physical")
HANDLING_HANDS_ON = _THRESHOLDS.number("handling_hands_on")  # for level 2 (with not teleworkable)
PROXIMITY_CLOSE = _THRESHOLDS.number("proximity_close")
HANDS_ON = _THRESHOLDS.number("hands_on")
# "Spend Time Using Your Hands" alone is not physical: keyboards are controls too.
# Cultural (0..2): people expect a person for care, teaching and relationship work.
CARING_CULTURAL = _THRESHOLDS.cuts("caring_cultural")  # 1 and 2
COACHING_CULTURAL = _THRESHOLDS.number("coaching_cultural")
RELATIONSHIPS_CULTURAL = _THRESHOLDS.number("relationships_cultural")  # with face-to-face: 1
FACE_TO_FACE_CULTURAL = _THRESHOLDS.number("face_to_face_cultural")
# Liability (0..2): someone answers personally for the decision. A professional (licensed) role deciding at
# JUDGMENT_HIGH -> 2; a professional role, a high-judgement one, or judgement about people in one's care -> 1.
JUDGMENT_HIGH = _THRESHOLDS.number("judgment_high")
JUDGMENT_CARE = _THRESHOLDS.number("judgment_care")  # with Assisting and Caring >= CARE_ANSWERED_FOR
# Care work whose decisions fall on a person: with JUDGMENT_CARE a liability of 1, and a sign of moral judgment
# (the same value as CARING_CULTURAL's level 2 today, set on its own).
CARE_ANSWERED_FOR = _THRESHOLDS.number("care_answered_for")
# Decision work at which someone answers for decisions: liability 1 and a moral-judgment sign.
DECISION_SHARE_ANSWERED_FOR = _THRESHOLDS.number("decision_share_answered_for")
# Protective principles (0..3): how many of three published signs each reaches.
EMBODIED_SIGNS = (
    f"not teleworkable, handling >= {HANDLING_PHYSICAL:.0f}, physical proximity >= {PROXIMITY_PHYSICAL:.0f}"
)
INTERPERSONAL_CARING = _THRESHOLDS.number("interpersonal_caring")
INTERPERSONAL_RELATIONSHIPS = _THRESHOLDS.number("interpersonal_relationships")
INTERPERSONAL_COACHING = _THRESHOLDS.number("interpersonal_coaching")
MORAL_JUDGMENT = _THRESHOLDS.number("moral_judgment")  # Judgment and Decision Making for the first sign

# ---- the judgement evidence from BLS Employment Projections 2024-34 -----------------------------------------
# expert_consensus: BLS's projected employment change 2024-34 (all occupations: +3.1%), then one level in the
# direction BLS's analysts state for the occupation's share where they name a technology doing the work (AI,
# software, automated systems, online self-service, robots). BLS's projection is the one open, reviewed,
# per-occupation expert view; it is a model output, not a survey.
TECHNOLOGY_FACTOR = (
    r"automat|software|artificial intelligence|\(AI\)|\bAI\b|self-service|online|digital|technolog|robot"
)
AI_FACTOR = r"artificial intelligence|\(AI\)|\bAI\b"
PROJECTION_LEVELS = _THRESHOLDS.ladder("projection_levels")  # change >= threshold -> level; below all: -2
# ai_growth: BLS factors naming AI (its direction), else observed Claude usage over at least OBSERVED_MIN of the
# task time: mostly automation (>= DOMINANT) with projected decline -> -1; mostly augmentation with growth of at
# least AUGMENTED_GROWTH -> +1.
OBSERVED_MIN = _THRESHOLDS.number("observed_min")
DOMINANT = _THRESHOLDS.number("dominant")
AUGMENTED_GROWTH = _THRESHOLDS.number("augmented_growth")

# ---- task scores bounded by what the task is --------------------------------------------------------------
# A task is hands-on when every DWA it is linked to is physical work (physical activities, handling objects,
# machines, vehicles, repairs) or hands-on care (the "Assisting and Caring for Others" IWAs that treat, feed, fit,
# rescue or assist in procedures; not referring, paperwork, greeting or talking therapies).
HANDS_ON_ACTIVITIES = ("4.A.3.a.", "4.A.3.b.4", "4.A.3.b.5")
HANDS_ON_CARE_IWAS = tuple(f"4.A.4.a.5.I{n:02d}" for n in (3, 4, 5, 6, 7, 9, 11, 12))
# ... except operating office and communications equipment ("Controlling Machines" IWAs I01, I10): the machine
# carries information (a switchboard, a calculator, a copier), and software takes over its operation.
INFORMATION_EQUIPMENT_IWAS = ("4.A.3.a.3.I01", "4.A.3.a.3.I10")
PHYSICAL_TASK_CAP = _THRESHOLDS.integer("physical_task_cap")  # a hands-on task
PHYSICAL_UNEXPOSED = _THRESHOLDS.integer("physical_unexposed")  # ... that annotators found unexposed (E0)
# Work done in person, close to people (not teleworkable, physical proximity >= PROXIMITY_CLOSE): no task is 4-5,
# since even its records are made by the person present, with AI drafting at most (3).
IN_PERSON_TASK_CAP = _THRESHOLDS.integer("in_person_task_cap")
# Observed mostly as automation (>= DOMINANT of the task's Claude conversations): AI already does it alone there:
# at least 4 where GPT-4 judged it doable (T2+), at least 3 where it did not (T0-T1: the conversations may be about
# the task's paperwork rather than the task).
OBSERVED_AUTOMATION_FLOOR = _THRESHOLDS.integer("observed_automation_floor")
OBSERVED_LOW_FLOOR = _THRESHOLDS.integer("observed_low_floor")
