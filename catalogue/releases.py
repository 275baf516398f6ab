"""AI-tool releases as data: a release file names a dated public release and its capability effects; applying
releases re-drafts the tasks they select, in order, naming the release as the cause.

    name = "Claude Opus 4.5"                 # releases/<date>-<slug>.toml
    date = 2025-11-24
    source = "https://..."
    [[effects]]
    select = { activity = ["4.A.3.b.1"], exposure = ["E2"], automation = ["T2"] }
    change = 1                               # added to the task's automation score, within 1..5 (cap)
    rationale = "..."
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, Sequence

import re2
import tomli_w
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from catalogue.files import write_atomically
from catalogue.rules import task_impact
from scoring.errors import JobzoneError
from scoring.model import OneLine

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
APPLIED_FILE = "applied.toml"
RELEASE_ID = re2.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9][a-z0-9-]*$")
MAX_RELEASE_BYTES = 1_000_000
SHOWN_CHARS = 80  # of a refused value, in an error message


def _re2_options() -> Any:
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False  # a refused pattern is reported once, as a validation error, not on stderr
    return options


@lru_cache(maxsize=256)
def task_pattern(text: str) -> Any:
    """A selector's `text`, compiled by RE2: matching takes time linear in the task statement, so no pattern
    (e.g. ^(\\w+\\s?)*$) can run away; backreferences and lookarounds are refused when the file is validated."""
    return re2.compile(text, _re2_options())


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Selector(_Strict):
    """Tasks by what the data says they are; every given criterion must hold (lists: any of their values)."""

    iwa: list[Text] = []  # O*NET IWA ids, e.g. 4.A.3.b.1.I02
    activity: list[Text] = []  # O*NET work-activity element ids or prefixes, e.g. 4.A.3.b.1
    exposure: list[Literal["E0", "E1", "E2"]] = []
    automation: list[Literal["T0", "T1", "T2", "T3", "T4"]] = []
    soc: list[Text] = []  # occupation groups by SOC prefix, e.g. "15-" or "43-9"
    text: Text | None = None  # a regular expression on the task statement: a last resort

    @field_validator("text")
    @classmethod
    def _regex(cls, text: str | None) -> str | None:
        if text is not None:
            try:
                task_pattern(text)
            except re2.error as exc:
                why = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
                raise ValueError(
                    f"not a regular expression jobzone can match safely (RE2 syntax: linear time, no "
                    f"backreferences or lookarounds): {why}"
                ) from None
        return text

    @model_validator(mode="after")
    def _says_something(self) -> "Selector":
        if not (self.iwa or self.activity or self.exposure or self.automation or self.soc or self.text):
            raise ValueError(
                "selects every task: name at least one of iwa, activity, exposure, automation, soc or text"
            )
        return self


class Effect(_Strict):
    select: Selector
    change: Annotated[StrictInt, Field(ge=-4, le=4)]
    cap: Annotated[StrictInt, Field(ge=1, le=5)] = 5
    rationale: Text

    @field_validator("change")
    @classmethod
    def _moves(cls, change: int) -> int:
        if change == 0:
            raise ValueError("must move the score (not 0)")
        return change


class Release(_Strict):
    name: OneLine
    date: dt.date
    source: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
    summary: str = ""
    effects: Annotated[list[Effect], Field(min_length=1)]

    def reason(self, withdraw: bool = False) -> str:
        """How the release names the rerun it causes (and so every cause of it)."""
        return f"{'Withdrawn: ' if withdraw else ''}{self.name} ({self.date})"


def load_release(path: Path) -> tuple[str, Release]:
    """(release id, release); every problem of the file at once, in the file's own terms, as a JobzoneError."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_RELEASE_BYTES:
            raise JobzoneError(f"{path}: {path.stat().st_size:,} bytes; a release file is at most 1 MB")
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))  # a BOM, as role files accept one
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise JobzoneError(f"{path}: cannot read release file: {exc}") from None
    except RecursionError:
        raise JobzoneError(f"{path}: not a release file: its tables or arrays are nested too deeply") from None
    problems = [f"{path}: {problem}" for problem in name_problems(path.stem, data.get("date"))]
    try:
        release = Release.model_validate(data)
    except ValidationError as exc:
        problems += [f"{path}: {field_problem(error)}" for error in exc.errors()]
    if problems:
        raise JobzoneError("\n".join(problems))
    return path.stem, release


def name_problems(stem: str, date: object) -> list[str]:
    """What is wrong with a release file's name: it starts with the release date, then a lower-case slug."""
    problems = []
    if isinstance(date, dt.date) and not stem.startswith(f"{date.isoformat()}-"):
        problems.append(f"the file name must start with the release date ({date.isoformat()}-<slug>.toml)")
    if not RELEASE_ID.search(stem):
        problems.append("the file name must be <date>-<slug>.toml, the slug of lower-case letters, digits and hyphens")
    return problems


def field_problem(error: Any) -> str:
    """One validation error as an analyst reads the file: `effect 2, select.exposure (item 1): ... (got "E9")`."""
    location = list(error["loc"])
    where = []
    if location[:1] == ["effects"] and len(location) > 1 and isinstance(location[1], int):
        where.append(f"effect {location[1] + 1}")
        location = location[2:]
    names: list[str] = []
    for part in location:
        if isinstance(part, int) and names:
            names[-1] += f" (item {part + 1})"
        else:
            names.append(str(part))
    if names:
        where.append(".".join(names))
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        message = "not a field of a release file (a misspelling?)"
    elif error["type"] == "string_pattern_mismatch" and error["loc"] == ("source",):
        message = "should be the web address of the release's announcement (https://...)"
    elif error["type"] == "string_pattern_mismatch" and error["loc"] == ("name",):
        message = "must be one line of visible text (no control, line-break, bidirectional or zero-width characters)"
    value = error.get("input")
    shown = "" if isinstance(value, (dict, list)) or error["type"] == "missing" else f" (got {toml_value(value)})"
    return f"{', '.join(where) or 'the file'}: {message}{shown}"


def toml_value(value: object) -> str:
    """A value written as the file would write it (2025-01-01, "text", true), not as Python shows it."""
    if isinstance(value, str) and len(value) > SHOWN_CHARS:
        return f"{len(value):,} characters"
    try:
        return tomli_w.dumps({"v": value}).split("=", 1)[1].strip()
    except (TypeError, ValueError):
        return repr(value)[:SHOWN_CHARS]


def applied(folder: Path) -> list[str]:
    """The release ids applied to the drafts, in order (releases/applied.toml, reviewed like code)."""
    path = Path(folder) / APPLIED_FILE
    if not path.exists():
        return []
    try:
        return list(tomllib.loads(path.read_text(encoding="utf-8")).get("applied", []))
    except tomllib.TOMLDecodeError as exc:
        raise JobzoneError(f"{path}: not valid TOML: {exc}") from None


def write_applied(folder: Path, ids: list[str]) -> None:
    """The applied list, replaced whole (a temporary file renamed over it), written by a TOML library."""
    header = "# Releases applied to the drafted roles, in order (jobzone release apply / withdraw).\n"
    body = tomli_w.dumps({"applied": list(ids)}, multiline_strings=False, indent=4)
    write_atomically(Path(folder) / APPLIED_FILE, header + body)


def selects(selector: Selector, task: dict, soc: str, iwas: list[str]) -> bool:
    """Whether a drafted task (its labels, IWAs, text and occupation) is one the selector names."""
    checks = (
        not selector.iwa or any(i in selector.iwa for i in iwas),
        not selector.activity or any(i.startswith(tuple(selector.activity)) for i in iwas),
        not selector.exposure or task.get("exposure") in selector.exposure,
        not selector.automation or task.get("automation") in selector.automation,
        not selector.soc or soc.startswith(tuple(selector.soc)),
        selector.text is None or task_pattern(selector.text).search(task["name"]) is not None,
    )
    return all(checks)


def moved_score(effect: Effect, score: int, bound: int = 5) -> int:
    """The score an effect gives a task's score: raised within its cap and what the task is allows (`bound`),
    lowered to 1 at least."""
    ceiling = min(effect.cap, bound) if effect.change > 0 else 5
    return max(1, min(ceiling, score + effect.change))


@dataclass(frozen=True)
class Applied:
    """What applying releases to one occupation's tasks gave: the tasks after (copies), the ids of the releases
    that moved one, and how many tasks each (release id, effect number) selected."""

    tasks: list[dict]
    moved: list[str]
    hits: Counter[tuple[str, int]]


def apply(
    tasks: Sequence[dict],
    soc: str,
    iwas_of: dict[int, list[str]],
    releases: Sequence[tuple[str, Release]],
    bounds: Sequence[int] | None = None,
) -> Applied:
    """Apply the releases in order to one occupation's drafted tasks. `bounds`: per task, the highest score what
    the task is allows (a draft's hands-on or in-person caps). The hits let a caller refuse an effect that selects
    no task anywhere."""
    after = [dict(task) for task in tasks]
    moved: list[str] = []
    hits: Counter[tuple[str, int]] = Counter()
    for release_id, release in releases:
        for number, effect in enumerate(release.effects):
            for index, task in enumerate(after):
                if not selects(effect.select, task, soc, iwas_of.get(task["onet_task_id"], [])):
                    continue
                hits[(release_id, number)] += 1
                before = task["score"]
                score = moved_score(effect, before, bounds[index] if bounds else 5)
                if score == before:
                    continue
                task["score"], task["impact"] = score, task_impact(score, task.get("exposure"))
                task["rationale"] += f" Reassessed after {release.name}: automation {before} -> {score}."
                task["reassessed"] = f"{release.name}: {effect.rationale}"
                if release_id not in moved:
                    moved.append(release_id)
    return Applied(after, moved, hits)


def release_paths(folder: Path) -> list[Path]:
    """The release files in the folder, newest first (the applied list is not one)."""
    folder = Path(folder)
    paths = sorted(folder.glob("*.toml"), reverse=True) if folder.is_dir() else []
    return [p for p in paths if p.name != APPLIED_FILE]


def readable_release_files(folder: Path) -> tuple[list[tuple[str, Release]], dict[str, str]]:
    """(every release file that reads and validates, newest first; release id -> what is wrong with each file that
    does not). For what a run records about releases: a half-written file is named, never fatal."""
    found, problems = [], {}
    for path in release_paths(folder):
        try:
            found.append(load_release(path))
        except JobzoneError as exc:
            problems[path.stem] = str(exc).splitlines()[0]
    return found, problems


def release_files(folder: Path) -> list[tuple[str, Release]]:
    """Every release file in the folder (newest first)."""
    return [load_release(p) for p in release_paths(folder)]
