"""What a score means for a worker, in plain sentences made from the numbers the role page shows: the verdict (what
the label asks of them, how much of the work AI does or helps with and what stays human, which way the score moves)
and "who should worry": the work that pulls the role toward Red and the work that holds it in Green, with the score
of a week of only that work. Every sentence carries the figures it states (each is on the page beside it); a sentence
the data cannot support is left out, never filled in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from scoring.aijri import Score
from scoring.model import Role, Task
from scoring.personal import personal_score

# What each label asks of a worker, and within what horizon. jobzone's reading of the labels, not a forecast: the
# published assessment says "adapt within 3-5 years" of its Yellow (Urgent) role; Red asks for action sooner and
# Yellow (Moderate) later, and the Green labels set no deadline.
LABEL_READING = {
    "Red": "most of this work is within reach of AI tools now; plan a change of tasks or a move within the next two "
    "years",
    "Yellow (Urgent)": "this role is being transformed by AI, with much of its time going to work AI can do or speed "
    "up; plan to adapt within 3-5 years",
    "Yellow (Moderate)": "this role is changing more slowly, with less of its time going to work AI can do; watch it "
    "and adapt over the next five years or so",
    "Green (Transforming)": "this role holds, though AI is changing how part of it is done; keeping up with the tools "
    "keeps it safe",
    "Green (Stable)": "this role is protected for now, as AI touches little of its work",
    "Green (Accelerated)": "AI adoption grows the demand for this role, which gains from AI rather than losing to it",
}
# A task's automation score (1-5) in words: the reading opens a task's row, its rationale follows on request.
TASK_SCORE_WORDS = {
    1: "AI barely touches it",
    2: "AI helps at the edges; people do the work",
    3: "AI does a good part of it; people lead",
    4: "AI can do most of it; people check",
    5: "AI can do all of it",
}
# What each part of the score measures and which way protects (the published assessment's words).
PART_MEANINGS = {
    "task_resistance": "how resistant the daily tasks are to AI: 5 is fully human, 1 fully automatable",
    "evidence": "what the job market shows: job postings, wages, company actions, expert consensus; + protects",
    "barriers": "what stands in AI's way: licensing, physical presence, unions, liability, culture",
    "protective": "human-only factors: physical presence, deep interpersonal connection, moral judgment",
    "ai_growth": "does AI adoption create more demand for this role: + grows it, - shrinks it",
}
RED_SIDE, GREEN_SIDE = 4, 2  # automation scores: 4-5 AI does the task, 1-2 it barely touches it
NAMED = 2  # tasks named per side
YEAR = dt.timedelta(days=365)


@dataclass(frozen=True)
class Sentence:
    """One plain sentence and the figures it states, as the page shows them."""

    text: str
    figures: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mix:
    """A week of only one side's tasks (at the role's shares): its score and label."""

    aijri_display: str
    label: str
    zone: str


@dataclass(frozen=True)
class WhoShouldWorry:
    sentences: tuple[Sentence, ...]
    red_mix: Mix | None
    green_mix: Mix | None


@dataclass(frozen=True)
class Move:
    """The role's best transition path, as its page's card shows it."""

    title: str
    score_from: float
    score_to: float
    shared_work_pct: float


@dataclass(frozen=True)
class Outlook:
    """What this means: the role in a few years and a short strategy; the analyst's words when the file has them
    (`written`), with their timeline and where to look next."""

    future: tuple[Sentence, ...]
    strategy: tuple[Sentence, ...]
    written: bool = False
    timeline: str = ""
    look_next: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reading:
    """The verdict, who should worry and what this means, for one role's page."""

    verdict: tuple[Sentence, ...]
    worry: WhoShouldWorry
    outlook: Outlook


@dataclass(frozen=True)
class Sides:
    """A role's tasks on each side, largest share of time first: automation 4-5 (toward Red), 1-2 (toward Green)."""

    red: list[Task]
    green: list[Task]

    @classmethod
    def of(cls, role: Role) -> Sides:
        return cls(
            red=_side(role.tasks, lambda task: task.score >= RED_SIDE),
            green=_side(role.tasks, lambda task: task.score <= GREEN_SIDE),
        )


def reading(
    role: Role,
    score: Score,
    evidence: Mapping[str, int],
    history: Sequence[tuple[dt.date, float]],
    latest_cause: str | None = None,
    move: Move | None = None,
) -> Reading:
    sides = Sides.of(role)
    return Reading(
        verdict=tuple(
            s for s in (label_sentence(score), work_sentence(role, score), trend_sentence(history, latest_cause)) if s
        ),
        worry=who_should_worry(role, score.zone, evidence, sides),
        outlook=outlook(role, score, move, sides),
    )


def label_sentence(score: Score) -> Sentence:
    meaning = LABEL_READING.get(score.label, LABEL_READING.get(score.zone, "")) or f"scored {score.label}"
    return Sentence(f"{score.label} at {score.aijri_display} of 100: {meaning}.", (score.aijri_display,))


def work_sentence(role: Role, score: Score) -> Sentence:
    """How much of the time AI does, helps with, or leaves to people, and the largest task that stays human."""
    split = _whole_pcts(score)
    human = [task for task in role.tasks if task.impact == "not_involved"]
    takes = (
        f"AI can take over tasks that fill {split['displacement']}% of the time"
        if split["displacement"]
        else "AI takes over no task of this role outright (0% of the time)"
    )
    text = f"{takes}, speeds up tasks that fill {split['augmentation']}%, and leaves {split['not_involved']}% to people"
    figures = (f"{split['displacement']}%", f"{split['augmentation']}%", f"{split['not_involved']}%")
    if human:
        kept = max(human, key=lambda task: task.time_pct)
        return Sentence(f"{text}, the largest part being {_task(kept)}.", (*figures, _time(kept)))
    return Sentence(f"{text}: AI is involved in every task of this role.", figures)


def trend_sentence(history: Sequence[tuple[dt.date, float]], latest_cause: str | None) -> Sentence | None:
    """Which way the score moved over the last year of its history (or since it was first scored), and the latest
    move's first cause; none for a role scored once."""
    if len(history) < 2:
        return None
    points = sorted(history)
    (now_date, now), start = points[-1], points[0]
    for point in points:
        if point[0] <= now_date - YEAR:
            start = point
    then_date, then = start
    a, b = f"{then:.1f}", f"{now:.1f}"
    if a == b:
        return Sentence(f"The score has held at {b} since {then_date}.", (b, str(then_date)))
    direction = "Up" if now > then else "Down"
    text = f"{direction} {abs(float(b) - float(a)):.1f} points since {then_date} ({a} → {b})"
    cause = f"; the latest move: {_short(latest_cause)}" if latest_cause else ""
    return Sentence(f"{text}{cause}.", (a, b, str(then_date)))


def _short(cause: str) -> str:
    """A change's cause as a clause: what moved ("AI tool maturity +0 → -1"), or the analyst's edits."""
    if cause.startswith("Reassessed"):
        return f"an analyst's reassessment ({cause.rsplit(': ', 1)[-1].split('; ')[0]})"
    return cause.split(": ")[0]


def who_should_worry(role: Role, zone: str, evidence: Mapping[str, int], sides: Sides) -> WhoShouldWorry:
    """The work that pulls the role toward Red (automation 4-5) and holds it in Green (1-2), each with the score of
    a week of only that work, and the single biggest separator."""
    red, green = sides.red, sides.green
    red_mix, green_mix = _mix(role, evidence, red), _mix(role, evidence, green)
    sentences = [
        _side_sentence(
            red,
            red_mix,
            f"work AI tools already do (automation {RED_SIDE}-5 of 5)",
            "further into Red" if zone == "Red" else "closer to Red than the label suggests",
        )
        if red_mix
        else Sentence(f"No task of this role scores {RED_SIDE} or more: none is work AI does alone today."),
        _side_sentence(
            green,
            green_mix,
            f"work AI barely touches (automation 1-{GREEN_SIDE} of 5)",
            "safer than the label says" if zone == "Green" else "closer to Green",
        )
        if green_mix
        else Sentence(f"No task of this role scores {GREEN_SIDE} or less: AI reaches all of its work."),
    ]
    if red and green:
        sentences.append(
            Sentence(
                f"The single biggest separator: how much of your week is “{_name(red[0])}” (automation "
                f"{red[0].score}) rather than “{_name(green[0])}” (automation {green[0].score}).",
            )
        )
    return WhoShouldWorry(tuple(sentences), red_mix, green_mix)


def _side_sentence(tasks: list[Task], mix: Mix, work: str, standing: str) -> Sentence:
    return Sentence(
        f"If most of your week goes to {_named(tasks)}, {work}, you are {standing}: a week of only that work scores "
        f"{mix.aijri_display} ({mix.label}).",
        (*(_time(task) for task in tasks[:NAMED]), mix.aijri_display),
    )


def outlook(role: Role, score: Score, move: Move | None, sides: Sides) -> Outlook:
    """The analyst's outlook when the file has one; else the role in a few years from its split of time, and a
    strategy of the steps its data supports: the work to grow, the skills to deepen, the path to consider."""
    context = role.context
    if context.outlook or context.strategy:
        return Outlook(
            future=(Sentence(context.outlook),) if context.outlook else (),
            strategy=tuple(Sentence(step) for step in context.strategy),
            written=True,
            timeline=context.timeline,
            look_next=tuple(context.look_next),
        )
    return Outlook(future=(future_sentence(score),), strategy=tuple(strategy(role, move, sides.green)))


def future_sentence(score: Score) -> Sentence:
    split = _whole_pcts(score)
    clauses = [
        ("displacement", "the tasks {ai} can take over ({pct}% of the time today) to shrink or go"),
        ("augmentation", "the tasks {ai} speeds up ({pct}%) to be done faster, by fewer people"),
        ("not_involved", "the work {ai} leaves to people ({pct}%) to become more of the job"),
    ]
    said = [(key, words) for key, words in clauses if split[key]]
    parts = [words.format(ai="AI" if n == 0 else "it", pct=split[key]) for n, (key, words) in enumerate(said)]
    text = "; ".join(parts[:-1]) + (", and " if len(parts) > 1 else "") + parts[-1]
    return Sentence(f"In a few years, expect {text}.", tuple(f"{split[key]}%" for key, _ in said))


def strategy(role: Role, move: Move | None, kept: list[Task]) -> list[Sentence]:
    """The steps the role's data supports: grow the work AI barely touches (`kept`), deepen the key skills, consider
    the best path."""
    steps = []
    if kept:
        steps.append(
            Sentence(f"Grow the work AI barely touches: {_named(kept)}.", tuple(_time(task) for task in kept[:NAMED]))
        )
    skills = role.context.key_skills[:3]
    if skills:
        steps.append(Sentence(f"Deepen the skills O*NET rates most important here: {', '.join(skills)}."))
    if move is not None:
        shared, to, since = f"{int(round(move.shared_work_pct))}%", f"{move.score_to:.1f}", f"{move.score_from:.1f}"
        steps.append(
            Sentence(
                f"Consider {move.title}: it scores {to} against this role's {since} and shares {shared} of its work "
                "(where to move, below).",
                (to, since, shared),
            )
        )
    return steps


def _side(tasks: Sequence[Task], chosen: Callable[[Task], bool]) -> list[Task]:
    return sorted((task for task in tasks if chosen(task)), key=lambda task: (-task.time_pct, task.name))


def _mix(role: Role, evidence: Mapping[str, int], side: list[Task]) -> Mix | None:
    if not side:
        return None
    kept = {id(task) for task in side}
    mine = personal_score(role, evidence, [task.time_pct if id(task) in kept else 0.0 for task in role.tasks])
    return Mix(mine.aijri_display, mine.label, mine.zone)


def _named(tasks: list[Task]) -> str:
    named = [_task(task) for task in tasks[:NAMED]]
    more = len(tasks) - len(named)
    return " and ".join(named) + (f" (and {more} more such task{'s' if more > 1 else ''})" if more else "")


def _task(task: Task) -> str:
    return f"“{_name(task)}” ({_time(task)})"


def _name(task: Task) -> str:
    return task.name.rstrip(".")


def _time(task: Task) -> str:
    return f"{round(task.time_pct, 1)}%"  # as the page's task table shows it


def _whole_pcts(score: Score) -> dict[str, int]:
    """The split of time (displacement, augmentation, not involved) in whole percent, as the page shows it."""
    return {key: int(round(value)) for key, value in score.split.items()}
