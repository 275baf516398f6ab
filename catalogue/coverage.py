"""How many drafted occupations each rule reads real data for, and how many fall back (and to what): the numbers
`jobzone draft` reports and docs/drafting.md quotes."""

from __future__ import annotations

from collections import Counter

from catalogue import rules
from catalogue.draft import Tables, observed_automation, parse_task_id, rating_weight
from catalogue.judgement_evidence import naming
from catalogue.occupation_data import APPRENTICESHIP, CERTIFICATION, CONTEXT_ITEMS, bridged
from catalogue.profile import projection


def _joined(how: str) -> str:
    return "same code" if how.startswith("same") else ("crosswalk" if how.startswith("mean") else "none")


def _ratings(code: str, t: Tables) -> str:
    rated = [rating_weight(t.ratings.get(parse_task_id(r["Task ID"]))) is not None for r in t.tasks[code]]
    if all(rated):
        return "every task rated"
    if any(rated):
        return "some unrated: median Core weight"
    return "none rated: DWA-borrowed weights"


def _projection(code: str, t: Tables) -> str:
    p = t.profiles
    if p.nem.get(code) in p.projections:
        return "via NEM crosswalk"
    return "via 6-digit SOC" if code[:7] in p.projections else "none: not assessed"


def _factors(stated: tuple[str, ...]) -> str:
    if naming(stated, rules.AI_FACTOR):
        return "name AI"
    if naming(stated, rules.TECHNOLOGY_FACTOR):
        return "name another technology"
    return "other factors only" if stated else "none stated"


def coverage(t: Tables, codes: list[str]) -> dict[str, dict[str, int]]:
    """rule -> {how its data was found: occupations}."""
    counts: dict[str, Counter] = {name: Counter() for name in ("work context", "teleworkability")}
    for code in codes:
        found = [_joined(bridged(t.work.context[item], code, t.work)[1]) for item in CONTEXT_ITEMS]
        joined = "all items: " + found[0] if len(set(found)) == 1 else "some items missing"
        counts["work context"][joined.replace(": none", ": none, barriers from DWA activity shares")] += 1
        counts["teleworkability"][_joined(bridged(t.work.teleworkable, code, t.work)[1])] += 1
        counts.setdefault("certification (ETE)", Counter())[
            "rated" if (code, CERTIFICATION) in t.work.ete else "not rated"
        ] += 1
        counts.setdefault("apprenticeship (ETE)", Counter())[
            "rated" if (code, APPRENTICESHIP) in t.work.ete else "not rated"
        ] += 1
        counts.setdefault("skills (judgment, key skills)", Counter())[
            "rated" if code in t.profiles.skills else "not rated"
        ] += 1
        counts.setdefault("BLS projections", Counter())[_projection(code, t)] += 1
        row = projection(code, t.profiles) or {}
        stated = t.work.factors.get(str(row.get("Occupation Code") or ""), [])
        counts.setdefault("BLS stated factors", Counter())[_factors(tuple(stated))] += 1
        observed = sum(
            observed_automation(str(r["Task"]).strip(), parse_task_id(r["Task ID"]), t) is not None
            for r in t.tasks[code]
        )
        counts.setdefault("observed Claude use", Counter())[
            "some task observed" if observed else "no task observed"
        ] += 1
        counts.setdefault("task ratings", Counter())[_ratings(code, t)] += 1
        counts.setdefault("Microsoft applicability", Counter())[
            "scored" if code[:7] in t.applicability else "none: 0"
        ] += 1
    return {rule: dict(sorted(found.items())) for rule, found in counts.items()}
