"""Drafting: pure functions from the datasets' rows to role documents (plain dicts, in role-file order)."""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from catalogue import rules
from catalogue.datasets import DATASETS
from catalogue.occupation_data import OccupationData, index_occupation_data, number
from catalogue.profile import Profiles, index_profiles
from catalogue.spine import Spine, index_spine


@dataclass
class Tables:
    """The datasets indexed for drafting."""

    occupations: dict[str, dict] = field(default_factory=dict)
    tasks: dict[str, list[dict]] = field(default_factory=dict)  # O*NET-SOC code -> task rows
    ratings: dict[int, dict] = field(default_factory=dict)  # task id -> rating row
    labels: dict[int, dict] = field(default_factory=dict)  # task id -> GPTs-are-GPTs row
    aliases: dict[str, list[str]] = field(default_factory=dict)
    job_zones: dict[str, int] = field(default_factory=dict)
    activities: dict[int, list[str]] = field(default_factory=dict)  # task id -> work-activity element ids
    iwas: dict[int, list[str]] = field(default_factory=dict)  # task id -> IWA ids (what releases select on)
    dwas: dict[int, list[str]] = field(default_factory=dict)  # task id -> DWA ids (the work roles share)
    applicability: dict[str, float] = field(default_factory=dict)  # 6-digit SOC -> Microsoft AI applicability
    profiles: Profiles = field(default_factory=Profiles)
    work: OccupationData = field(default_factory=OccupationData)
    spine: Spine = field(default_factory=Spine)  # ISCO-08 and UK SOC 2020 codes (catalogue/spine.py)
    dwa_weights: dict[str, float] = field(default_factory=dict)  # DWA -> mean weight of the rated tasks doing it
    titles: dict[str, str] = field(default_factory=dict)  # work-activity element, IWA and DWA id -> its O*NET title
    iwa_of_dwa: dict[str, str] = field(default_factory=dict)


def parse_task_id(value: str | int | float) -> int:
    return int(float(value))


def index(raw: dict[str, list[dict]]) -> Tables:
    t = Tables()
    t.occupations = {r["O*NET-SOC Code"]: r for r in raw["onet:Occupation Data"]}
    for row in raw["onet:Task Statements"]:
        t.tasks.setdefault(row["O*NET-SOC Code"], []).append(row)
    t.ratings = {parse_task_id(r["Task ID"]): r for r in raw["task_ratings"]}
    t.labels = {parse_task_id(r["Task ID"]): r for r in raw["gpts_are_gpts"] if r["Task ID"] not in (None, "")}
    reported = [
        (r["O*NET-SOC Code"], r["Reported Job Title"])
        for r in raw["onet:Sample of Reported Titles"]
        if r["Shown in My Next Move"] == "Y"
    ]
    alternate = [(r["O*NET-SOC Code"], r["Short Title"] or r["Alternate Title"]) for r in raw["onet:Alternate Titles"]]
    for code, title in reported + alternate:
        if title:
            t.aliases.setdefault(code, []).append(str(title).strip())
    t.job_zones = {r["O*NET-SOC Code"]: int(r["Job Zone"]) for r in raw["onet:Job Zones"]}
    element_of = {r["DWA ID"]: r["Element ID"] for r in raw["onet:DWA Reference"]}
    for row in raw["onet:DWA Reference"]:
        for id_column, title_column in (
            ("Element ID", "Element Name"),
            ("IWA ID", "IWA Title"),
            ("DWA ID", "DWA Title"),
        ):
            t.titles[str(row[id_column])] = str(row[title_column] or "").strip()
    iwa_of = {str(r["DWA ID"]): str(r["IWA ID"]) for r in raw["onet:DWA Reference"]}
    t.iwa_of_dwa = iwa_of
    for row in raw["onet:Tasks to DWAs"]:
        t.activities.setdefault(parse_task_id(row["Task ID"]), []).append(element_of.get(row["DWA ID"], ""))
        t.iwas.setdefault(parse_task_id(row["Task ID"]), []).append(iwa_of.get(row["DWA ID"], ""))
        t.dwas.setdefault(parse_task_id(row["Task ID"]), []).append(str(row["DWA ID"]))
    t.applicability = {r["SOC Code"]: float(r["ai_applicability_score"]) for r in raw["ms_applicability"]}
    t.profiles = index_profiles(raw)
    t.work = index_occupation_data(raw)
    t.spine = index_spine(raw)
    t.dwa_weights = _dwa_weights(t)
    return t


def rating_weight(r: dict | None) -> float | None:
    values = [number(r[k]) for k in ("freq_mean", "relevance", "importance")] if r else [None]
    return rules.task_weight(*values) if None not in values else None


def _dwa_weights(t: Tables) -> dict[str, float]:
    """For each DWA, the mean weight of the rated tasks (in any occupation) linked to it."""
    found: defaultdict[str, list[float]] = defaultdict(list)
    for task_id, dwas in t.dwas.items():
        weight = rating_weight(t.ratings.get(task_id))
        if weight is not None:
            for dwa in dwas:
                found[dwa].append(weight)
    return {dwa: statistics.fmean(weights) for dwa, weights in found.items()}


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def aliases_for(title: str, candidates: list[str]) -> list[str]:
    seen, out = {title.lower()}, []
    for alias in candidates:
        if alias.lower() not in seen:
            seen.add(alias.lower())
            out.append(alias)
        if len(out) == rules.MAX_ALIASES:
            break
    return out


def _borrowed(row: dict, t: Tables) -> float | None:
    """An unrated task's weight from the rated tasks elsewhere that do the same DWAs (their mean weight)."""
    found = [t.dwa_weights[d] for d in t.dwas.get(parse_task_id(row["Task ID"]), []) if d in t.dwa_weights]
    return statistics.fmean(found) if found else None


def _weights(rows: list[dict], t: Tables) -> list[tuple[dict, float, str]]:
    """(task row, weight, how the weight was found) for the tasks a draft keeps."""
    rated = [(row, rating_weight(t.ratings.get(parse_task_id(row["Task ID"])))) for row in rows]
    core = [w for row, w in rated if w is not None and row["Task Type"] == "Core"]
    median_core = statistics.median(core) if core else None
    out = []
    for row, weight in rated:
        kind = row["Task Type"] or "Core"
        if weight is None and median_core:
            how, weight = "no rating: the occupation's median Core weight", median_core
        elif weight is None:
            borrowed = _borrowed(row, t)
            if borrowed is not None:
                factor = (
                    rules.UNRATED_WEIGHT[kind] / rules.UNRATED_WEIGHT["Core"] if kind in rules.UNRATED_WEIGHT else 0.5
                )
                how = "no rating in the occupation: the mean weight of rated tasks elsewhere with the same DWAs"
                weight = borrowed * factor
            else:
                how, weight = f"no rating: {kind} default", rules.UNRATED_WEIGHT.get(kind, 1.0)
        else:
            how = "sqrt(frequency) x relevance x importance"
        if kind != "Core" and median_core and weight < rules.SUPPLEMENTAL_KEEP * median_core:
            continue
        out.append((row, max(weight, 1e-6), how))
    return out


def percentages_of(weights: list[float]) -> list[float]:
    """Shares to one decimal, each at least MIN_TASK_PCT, summing to exactly 100 (the largest absorbs rounding)."""
    total = sum(weights)
    pct = [max(rules.MIN_TASK_PCT, round(w / total * 100, 1)) for w in weights]
    largest = max(range(len(pct)), key=lambda i: (pct[i], -i))
    pct[largest] = round(100 - sum(p for i, p in enumerate(pct) if i != largest), 1)
    return pct


def drafted_tasks(code: str, t: Tables, in_person: bool) -> list[dict]:
    """The draft's tasks; in_person: the occupation's work is done in person (judgements.Facts.in_person)."""
    kept = _weights(t.tasks[code], t)
    pct = percentages_of([w for _, w, _ in kept])
    tasks, names = [], set()
    for (row, _, how), share in zip(kept, pct):
        task_id = parse_task_id(row["Task ID"])
        label = t.labels.get(task_id, {})
        exposure = label.get("human_exposure_agg") or label.get("gpt4_exposure") or None
        automation = label.get("gpt4_automation") or None
        score, rule = rules.task_score(automation, exposure, label.get("gpt4_exposure") or None)
        name = str(row["Task"]).strip()
        task = {"exposure": exposure, "automation": automation, "observed": observed_automation(name, task_id, t)}
        links = list(zip(t.activities.get(task_id, []), t.iwas.get(task_id, [])))
        score, rule, bound = bounded_score(score, rule, task, links, in_person)
        if name in names:
            name = f"{name} (task {task_id})"
        names.add(name)
        tasks.append(
            {
                "name": name,
                "time_pct": share,
                "score": score,
                "rule": rule,
                "how": how,
                "onet_task_id": task_id,
                "kind": row["Task Type"] or "Core",
                "bound": bound,
                **task,
            }
        )
    _fill_unlabelled(tasks)
    return tasks


def observed_automation(name: str, task_id: int, t: Tables) -> float | None:
    """The automation share of the task's Claude conversations (Anthropic Economic Index), when observed: by the
    task's wording, else by the id of its O*NET 20.1 wording."""
    split = t.work.collaboration.get(name.lower()) or t.work.collaboration_by_id.get(task_id)
    return None if split is None else round(split[0] / (split[0] + split[1]), 4)


def bounded_score(
    score: int | None, rule: str, task: dict, links: list[tuple[str, str]], in_person: bool
) -> tuple[int | None, str, int]:
    """The label score raised by how people use AI for the task where that is observed, then bounded by what the
    task is (hands-on work, work done in person): what a task is outweighs what a conversation about it shows.
    Also returns the bound itself, which a release's effect cannot pass either."""
    hands_on = bool(links) and all(
        (element.startswith(rules.HANDS_ON_ACTIVITIES) and iwa not in rules.INFORMATION_EQUIPMENT_IWAS)
        or iwa in rules.HANDS_ON_CARE_IWAS
        for element, iwa in links
    )
    bound, why = 5, ""
    if hands_on and task["exposure"] == "E0":
        bound, why = rules.PHYSICAL_UNEXPOSED, "every DWA is hands-on, and no LLM exposure (E0)"
    elif hands_on:
        bound, why = rules.PHYSICAL_TASK_CAP, "every DWA is hands-on work or care"
    if in_person and rules.IN_PERSON_TASK_CAP < bound:
        bound, why = rules.IN_PERSON_TASK_CAP, "the occupation's work is done in person, close to people"
    if score is None:
        return score, rule, bound
    observed = task["observed"]
    if observed is not None and observed >= rules.DOMINANT:
        floor = rules.OBSERVED_AUTOMATION_FLOOR if task["automation"] not in ("T0", "T1") else rules.OBSERVED_LOW_FLOOR
        if score < floor:
            score, rule = (
                floor,
                f"{rule}, raised to {floor}: observed {observed:.0%} automation in Claude conversations",
            )
    if score > bound:
        verb = "capped at " if bound > 1 else ""
        score, rule = bound, f"{rule}, {verb}{bound}: {why}"
    return score, rule, bound


def _fill_unlabelled(tasks: list[dict]) -> None:
    labelled = [(t["time_pct"], t["score"]) for t in tasks if t["score"] is not None]
    fallback = round(sum(p * s for p, s in labelled) / sum(p for p, _ in labelled)) if labelled else 3
    for task in tasks:
        if task["score"] is None:
            task["score"], task["rule"] = fallback, f"no label: the occupation's time-weighted mean {fallback}"


def activity_shares(tasks: list[dict], activities: dict[int, list[str]]) -> dict[str, float]:
    """Share of task time (0..1) in physical, care and judgement work activities, via each task's DWA links."""
    shares: defaultdict[str, float] = defaultdict(float)
    for task in tasks:
        elements = activities.get(task["onet_task_id"], [])
        for kind, prefixes in (
            ("physical", rules.PHYSICAL_ACTIVITIES),
            ("care", rules.CARE_ACTIVITIES),
            ("judgement", rules.JUDGEMENT_ACTIVITIES),
        ):
            if elements:
                hits = sum(e.startswith(prefixes) for e in elements)
                shares[kind] += task["time_pct"] / 100 * hits / len(elements)
    return {kind: round(shares[kind], 4) for kind in ("physical", "care", "judgement")}


def dataset_vintages() -> dict[str, str]:
    return {name.replace("onet:", "onet_").replace(" ", "_").lower(): d.vintage for name, d in DATASETS.items()}
