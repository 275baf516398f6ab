"""The methodology page, generated from the code's own constants: the formula, zones and labels, the evidence
rules and their thresholds, how sure a reading is, the drafting rules, and every dataset with its licence and
vintage. Nothing here is written by hand, so the page cannot drift from what the code does."""

from __future__ import annotations

from catalogue import rules as drafting
from catalogue.datasets import DATASETS
from scoring import aijri, readings, transitions
from scoring import capability as capability_rules
from scoring.countries import COUNTRIES
from scoring.dimensions import DIMENSIONS
from scoring.evidence_rules import DEFAULT_RULES
from scoring.model import BARRIER_MAX, PROTECTIVE_MAX
from sources import epoch
from sources.registry import SOURCES


def formula() -> dict:
    return {
        "ceiling": aijri.TASK_RESISTANCE_CEILING,
        "evidence_step": aijri.EVIDENCE_STEP,
        "barrier_step": aijri.BARRIER_STEP,
        "growth_step": aijri.GROWTH_STEP,
        "raw_offset": aijri.RAW_OFFSET,
        "raw_span": aijri.RAW_SPAN,
        "green_min": aijri.GREEN_MIN,
        "yellow_min": aijri.YELLOW_MIN,
        "high_exposure_score": aijri.HIGH_EXPOSURE_TASK_SCORE,
        "urgent_pct": aijri.URGENT_EXPOSURE_PCT,
        "transforming_pct": aijri.TRANSFORMING_EXPOSURE_PCT,
        "accelerated_growth": aijri.ACCELERATED_GROWTH,
        "barrier_max": BARRIER_MAX,
        "protective_max": PROTECTIVE_MAX,
    }


def dimensions() -> list[dict]:
    out = []
    for d in DIMENSIONS:
        ladder = DEFAULT_RULES.ladder(d.name) if d.automated else None
        out.append(
            {
                "title": d.title,
                "automated": d.automated,
                "capability": d.measure == "capability",
                "levels": [(level, ladder.describe(level)) for level in (-2, -1, 0, 1, 2)] if ladder else [],
                "margin": f"{ladder.margin:g}{ladder.unit}" if ladder else "",
                "basis": DEFAULT_RULES.basis(d.name) if d.bases else "",
                "other_bases": list(d.bases[1:]),
                "min_sample": d.min_sample,
                "full_weight_sample": d.full_weight_sample,
            }
        )
    return out


def uncertainty() -> dict:
    return {
        "z": DEFAULT_RULES.z,
        "median_factor": round(readings.MEDIAN_SE_FACTOR, 3),
        "pay_cv": readings.PAY_CV,
        "wobble_weeks": readings.WOBBLE_WEEKS,
        "lags": [
            (SOURCES[name].title, prefix, days)
            for name, source in SOURCES.items()
            for prefix, days in source.publication_lags
        ],
    }


def capability() -> dict:
    """AI capability as evidence: the benchmarks, their families, steps and errors, the point-in-time rules."""
    files = {f.key: f for f in epoch.FILES}
    return {
        "benchmarks": [
            {
                "title": b.title,
                "family": capability_rules.FAMILY_TITLES[b.family],
                "about": b.about,
                "step": b.step_words,
                "calibration": b.calibration,
                "error": b.error_note,
                "launched": files[b.key].launched,
                "launch_source": files[b.key].launch_source,
            }
            for b in capability_rules.BENCHMARKS
        ],
        "families": {
            capability_rules.FAMILY_TITLES[f]: len(capability_rules.FAMILY_IWAS[f]) for f in capability_rules.FAMILIES
        },
        "lag_days": epoch.RELEASE_LAG_DAYS,
        "labels_as_of": drafting.LABELS_AS_OF,
        "observed_as_of": drafting.OBSERVED_USE_AS_OF,
        "ladder": DEFAULT_RULES.ladder("ai_tool_maturity"),
        "z": DEFAULT_RULES.z_of("ai_tool_maturity"),
    }


def drafting_rules() -> dict:
    return {
        "generator": drafting.GENERATOR,
        "automation": sorted(drafting.AUTOMATION_SCORE.items()),
        "barrier_cuts": {
            "physical presence": drafting.PHYSICAL_BARRIER_CUTS,
            "cultural": drafting.CULTURAL_BARRIER_CUTS,
            "liability": drafting.LIABILITY_BARRIER_CUTS,
        },
        "protective_cuts": {
            "embodied physicality": drafting.EMBODIED_CUTS,
            "interpersonal connection": drafting.INTERPERSONAL_CUTS,
            "moral judgment": drafting.MORAL_JUDGMENT_CUTS,
        },
        "unrated_weight": drafting.UNRATED_WEIGHT,
        "regulatory": {
            "certification cuts": drafting.CERTIFICATION_CUTS,
            "apprenticeship cuts": drafting.APPRENTICESHIP_CUTS,
            "supervised training": drafting.SUPERVISED_TRAINING,
            "professional education": drafting.PROFESSIONAL_EDUCATION,
        },
        "physical": {
            "handling": drafting.HANDLING_PHYSICAL,
            "proximity": drafting.PROXIMITY_PHYSICAL,
            "hands-on handling": drafting.HANDLING_HANDS_ON,
            "close proximity": drafting.PROXIMITY_CLOSE,
        },
        "cultural": {"caring": drafting.CARING_CULTURAL, "coaching": drafting.COACHING_CULTURAL},
        "judgment_high": drafting.JUDGMENT_HIGH,
        "projection_levels": drafting.PROJECTION_LEVELS,
        "observed": {"dominant": drafting.DOMINANT, "minimum share": drafting.OBSERVED_MIN},
        "task_caps": {
            "hands-on": drafting.PHYSICAL_TASK_CAP,
            "hands-on, no LLM exposure": drafting.PHYSICAL_UNEXPOSED,
            "in person": drafting.IN_PERSON_TASK_CAP,
            "observed automation floor": drafting.OBSERVED_AUTOMATION_FLOOR,
        },
    }


def datasets() -> list[dict]:
    sources = [
        {"name": s.title, "licence": s.licence, "credit": s.attribution, "vintage": "as fetched"}
        for s in SOURCES.values()
    ]
    catalogue = [
        {"name": d.name, "licence": d.licence, "credit": d.url, "vintage": d.vintage} for d in DATASETS.values()
    ]
    return sources + catalogue


def countries() -> list[dict]:
    """Each country view: what its market evidence reads, with each source's licence and the credit it asks."""
    return [
        {
            "name": c.name,
            "code": c.code,
            "postings": c.postings,
            "wages": c.wages,
            "sources": [
                {"name": SOURCES[name].title, "licence": SOURCES[name].licence, "credit": SOURCES[name].attribution}
                for name in c.sources
            ],
        }
        for c in COUNTRIES.values()
    ]


def paths() -> dict:
    return {
        "min_gain": transitions.MIN_GAIN,
        "target_min": transitions.TARGET_MIN,
        "min_shared_pct": transitions.MIN_SHARED_WORK * 100,
        "job_zone_step": transitions.MAX_JOB_ZONE_STEP,
        "education_step": transitions.MAX_EDUCATION_STEP,
        "skills_weight": transitions.SKILLS_WEIGHT,
        "max_paths": transitions.MAX_PATHS,
        "min_pay_pct": transitions.MIN_PAY_RATIO * 100,
        "barrier_weight": transitions.ENTRY_BARRIER_WEIGHT,
    }


def context() -> dict:
    return {
        "paths": paths(),
        "formula": formula(),
        "dimensions": dimensions(),
        "uncertainty": uncertainty(),
        "drafting": drafting_rules(),
        "capability": capability(),
        "datasets": datasets(),
        "countries": countries(),
    }
