"""Writing a release's selectors without opening O*NET's spreadsheets: the work activities and IWAs (and the tasks)
that words name (`jobzone activities`), and what each effect of a release file selects in the drafted catalogue
(`jobzone release explain`)."""

from __future__ import annotations

import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Literal

from catalogue import rules
from catalogue.draft import Tables, parse_task_id
from catalogue.releases import Effect, Release, moved_score, selects

ActivityKind = Literal["activity", "iwa"]  # the selector key that takes the id


@dataclass(frozen=True)
class ActivityMatch:
    kind: ActivityKind
    id: str
    title: str
    tasks: int  # O*NET tasks linked to it (through their DWAs)
    occupations: int
    matched: str  # the title the words were found in (its own, or one of its DWAs')
    dwas_matched: int  # how many of its DWAs' titles hold the words

    @property
    def selector(self) -> str:
        return f'select = {{ {self.kind} = ["{self.id}"] }}'


@dataclass(frozen=True)
class TaskMatch:
    task_id: int
    occupation: str
    soc: str
    statement: str
    exposure: str | None  # GPTs-are-GPTs labels, as drafting reads them
    automation: str | None
    iwas: tuple[str, ...]


def element_of(iwa: str) -> str:
    """The work-activity element an IWA id sits under: 4.A.4.a.8.I03 -> 4.A.4.a.8."""
    return iwa.rsplit(".", 1)[0]


def _has_words(text: str, words: list[str]) -> bool:
    lowered = text.lower()
    return all(word in lowered for word in words)


def find_activities(t: Tables, query: str) -> list[ActivityMatch]:
    """Work activities and IWAs whose title (or one of whose DWAs' titles) holds every word; most tasks first."""
    words = query.lower().split()
    tasks: defaultdict[str, set[int]] = defaultdict(set)
    codes: defaultdict[str, set[str]] = defaultdict(set)
    occupation_of = {parse_task_id(row["Task ID"]): code for code, rows in t.tasks.items() for row in rows}
    for task_id, iwas in t.iwas.items():
        for iwa in {i for i in iwas if i}:
            for key in (iwa, element_of(iwa)):
                tasks[key].add(task_id)
                if task_id in occupation_of:
                    codes[key].add(occupation_of[task_id])
    dwas_of: defaultdict[str, list[str]] = defaultdict(list)  # IWA or element -> its DWAs' titles
    for dwa, iwa in t.iwa_of_dwa.items():
        for key in (iwa, element_of(iwa)):
            dwas_of[key].append(t.titles.get(dwa, ""))
    found = []
    for key in sorted(tasks):
        kind: ActivityKind = "iwa" if ".I" in key else "activity"
        title = t.titles.get(key, "")
        own = _has_words(title, words)
        via = sorted(d for d in dwas_of.get(key, []) if _has_words(d, words))
        if own or via:
            matched = title if own else via[0]
            found.append(ActivityMatch(kind, key, title, len(tasks[key]), len(codes[key]), matched, len(via)))
    # Named by its own title first, then by the most DWAs that name the words: a broad activity that one DWA
    # mentions the words in is a weak lead, however many tasks it holds.
    return sorted(found, key=lambda m: (m.matched != m.title, -m.dwas_matched, -m.tasks, m.id))


def find_tasks(t: Tables, query: str) -> list[TaskMatch]:
    """Task statements that hold every word, with what a selector can read of them."""
    words = query.lower().split()
    found = []
    for code in sorted(t.tasks):
        for row in t.tasks[code]:
            if not _has_words(str(row["Task"]), words):
                continue
            task_id = parse_task_id(row["Task ID"])
            label = t.labels.get(task_id, {})
            found.append(
                TaskMatch(
                    task_id,
                    str(t.occupations[code]["Title"]).strip(),
                    code[:7],
                    str(row["Task"]).strip(),
                    label.get("human_exposure_agg") or label.get("gpt4_exposure") or None,
                    label.get("gpt4_automation") or None,
                    tuple(sorted({i for i in t.iwas.get(task_id, []) if i})),
                )
            )
    return found


@dataclass(frozen=True)
class SelectedTask:
    role_id: str
    title: str
    soc: str
    task: str
    score: int
    moved_to: int  # the score the effect gives it within its cap (what the task is may bound it lower)


@dataclass(frozen=True)
class EffectSelection:
    number: int  # 1-based, as the file lists its effects
    effect: Effect
    tasks: list[SelectedTask]

    @property
    def roles(self) -> int:
        return len({task.role_id for task in self.tasks})

    @property
    def moving(self) -> int:
        return sum(task.moved_to != task.score for task in self.tasks)

    def categories(self, top: int = 3) -> list[tuple[str, int]]:
        """The occupation groups with the most selected tasks."""
        groups = Counter(rules.SOC_MAJOR_GROUPS.get(task.soc[:2], "Other") for task in self.tasks)
        return groups.most_common(top)


def explain_release(t: Tables, drafts: dict[str, str], release: Release) -> list[EffectSelection]:
    """What each effect of `release` selects in these drafted role texts (the catalogue as drafted without it)."""
    selected: list[list[SelectedTask]] = [[] for _ in release.effects]
    for role_id, text in sorted(drafts.items()):
        document = tomllib.loads(text)
        soc = str(document.get("soc") or "")
        for task in document.get("tasks", []):
            iwas = t.iwas.get(task.get("onet_task_id"), [])
            for number, effect in enumerate(release.effects):
                if selects(effect.select, task, soc, iwas):
                    moved_to = moved_score(effect, task["score"])
                    selected[number].append(
                        SelectedTask(role_id, str(document["title"]), soc, task["name"], task["score"], moved_to)
                    )
    return [EffectSelection(n + 1, effect, tasks) for n, (effect, tasks) in enumerate(zip(release.effects, selected))]
