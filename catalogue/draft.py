"""Drafting: pure functions from the datasets' rows to role documents (plain dicts, in role-file order)."""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from catalogue import rules
from catalogue.datasets import DATASETS
from catalogue.profile import Profiles, index_profiles


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


def _task_id(value) -> int:
    return int(float(value))


def _number(value) -> float | None:
    try:
        return None if value in (None, "") else float(value)
    except (TypeError, ValueError):
        return None


def index(raw: dict[str, list[dict]]) -> Tables:
    t = Tables()
    t.occupations = {r["O*NET-SOC Code"]: r for r in raw["onet:Occupation Data"]}
    for row in raw["onet:Task Statements"]:
        t.tasks.setdefault(row["O*NET-SOC Code"], []).append(row)
    t.ratings = {_task_id(r["Task ID"]): r for r in raw["task_ratings"]}
    t.labels = {_task_id(r["Task ID"]): r for r in raw["gpts_are_gpts"] if r["Task ID"] not in (None, "")}
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
    iwa_of = {r["DWA ID"]: r["IWA ID"] for r in raw["onet:DWA Reference"]}
    for row in raw["onet:Tasks to DWAs"]:
        t.activities.setdefault(_task_id(row["Task ID"]), []).append(element_of.get(row["DWA ID"], ""))
        t.iwas.setdefault(_task_id(row["Task ID"]), []).append(iwa_of.get(row["DWA ID"], ""))
        t.dwas.setdefault(_task_id(row["Task ID"]), []).append(str(row["DWA ID"]))
    t.applicability = {r["SOC Code"]: float(r["ai_applicability_score"]) for r in raw["ms_applicability"]}
    t.profiles = index_profiles(raw)
    return t


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def _aliases(title: str, candidates: list[str]) -> list[str]:
    seen, out = {title.lower()}, []
    for alias in candidates:
        if alias.lower() not in seen:
            seen.add(alias.lower())
            out.append(alias)
        if len(out) == rules.MAX_ALIASES:
            break
    return out


def _weights(rows: list[dict], ratings: dict[int, dict]) -> list[tuple[dict, float, str]]:
    """(task row, weight, how the weight was found) for the tasks a draft keeps."""
    rated = []
    for row in rows:
        r = ratings.get(_task_id(row["Task ID"]))
        values = [_number(r[k]) for k in ("freq_mean", "relevance", "importance")] if r else [None]
        rated.append((row, rules.task_weight(*values) if None not in values else None))
    core = [w for row, w in rated if w is not None and row["Task Type"] == "Core"]
    median_core = statistics.median(core) if core else None
    out = []
    for row, weight in rated:
        kind = row["Task Type"] or "Core"
        if weight is None:
            how = "no rating: " + ("the occupation's median Core weight" if median_core else f"{kind} default")
            weight = median_core if median_core else rules.UNRATED_WEIGHT.get(kind, 1.0)
        else:
            how = "sqrt(frequency) x relevance x importance"
        if kind != "Core" and median_core and weight < rules.SUPPLEMENTAL_KEEP * median_core:
            continue
        out.append((row, max(weight, 1e-6), how))
    return out


def _percentages(weights: list[float]) -> list[float]:
    """Shares to one decimal, each at least MIN_TASK_PCT, summing to exactly 100 (the largest absorbs rounding)."""
    total = sum(weights)
    pct = [max(rules.MIN_TASK_PCT, round(w / total * 100, 1)) for w in weights]
    largest = max(range(len(pct)), key=lambda i: (pct[i], -i))
    pct[largest] = round(100 - sum(p for i, p in enumerate(pct) if i != largest), 1)
    return pct


def _tasks(code: str, t: Tables) -> list[dict]:
    kept = _weights(t.tasks[code], t.ratings)
    pct = _percentages([w for _, w, _ in kept])
    tasks, names = [], set()
    for (row, _, how), share in zip(kept, pct):
        task_id = _task_id(row["Task ID"])
        label = t.labels.get(task_id, {})
        exposure = label.get("human_exposure_agg") or label.get("gpt4_exposure") or None
        automation = label.get("gpt4_automation") or None
        score, rule = rules.task_score(automation, exposure)
        name = str(row["Task"]).strip()
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
                "exposure": exposure,
                "automation": automation,
                "kind": row["Task Type"] or "Core",
            }
        )
    _fill_unlabelled(tasks)
    return tasks


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
