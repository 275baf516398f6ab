"""The drafting rules as reviewed data (catalogue/drafting_rules.toml): one record per threshold (its name, value,
what it reads and why) and one per row of the rules table, whose text names thresholds instead of restating them.
Loaded and validated once; catalogue/rules.py names each value for the code, and docs/drafting-rules.md is rendered
from the same records (`make docs`), so the numbers the code uses and the numbers the docs show are one."""

from __future__ import annotations

import math
import string
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from scoring.errors import JobzoneError

Number = Union[int, float]
Value = Union[Number, list[Number], list[list[Number]], dict[str, Number]]
NAME = r"^[a-z][a-z0-9_]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Threshold(_Strict):
    name: Annotated[str, Field(pattern=NAME)]
    value: Value
    reads: Annotated[str, Field(min_length=1)]
    why: str = ""

    @field_validator("value")
    @classmethod
    def _finite_and_ascending_cuts(cls, value: Value, info: Any) -> Value:
        if not all(math.isfinite(number) for number in _numbers(value)):
            raise ValueError("every number must be finite")
        if str(info.data.get("name", "")).endswith("_cuts"):
            if not isinstance(value, list) or not all(isinstance(cut, (int, float)) for cut in value):
                raise ValueError("cuts are a list of numbers")
            if list(value) != sorted(value):
                raise ValueError("cuts must be ascending")
        return value


class RuleRow(_Strict):
    field: Annotated[str, Field(min_length=1)]
    rule: Annotated[str, Field(min_length=1)]
    why: str = ""


class DraftingRules(_Strict):
    threshold: list[Threshold]
    rule: list[RuleRow]

    @model_validator(mode="after")
    def _named_once_and_every_name_known(self) -> DraftingRules:
        names = [t.name for t in self.threshold]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"threshold names must be unique: {', '.join(repeated)} repeated")
        for row in self.rule:
            unknown = sorted(set(placeholders(row.rule)) - set(names))
            if unknown:
                raise ValueError(f"rule {row.field!r} names unknown thresholds: {', '.join(unknown)}")
        return self

    def value(self, name: str) -> Value:
        for threshold in self.threshold:
            if threshold.name == name:
                return threshold.value
        raise JobzoneError(f"{RULES_FILE.name}: no threshold named {name!r}")

    def number(self, name: str) -> float:
        value = self.value(name)
        if not isinstance(value, (int, float)):
            raise JobzoneError(f"{RULES_FILE.name}: threshold {name!r} must be a number, got {value!r}")
        return float(value)

    def integer(self, name: str) -> int:
        value = self.value(name)
        if not isinstance(value, int):
            raise JobzoneError(f"{RULES_FILE.name}: threshold {name!r} must be a whole number, got {value!r}")
        return value

    def cuts(self, name: str) -> tuple[float, ...]:
        value = self.value(name)
        if not isinstance(value, list) or not all(isinstance(cut, (int, float)) for cut in value):
            raise JobzoneError(f"{RULES_FILE.name}: threshold {name!r} must be a list of numbers, got {value!r}")
        return tuple(float(cut) for cut in value)  # type: ignore[arg-type]  # numbers, checked on the line before

    def ladder(self, name: str) -> tuple[tuple[float, int], ...]:
        """(threshold, level) pairs, highest threshold first."""
        value = self.value(name)
        if not isinstance(value, list) or not all(isinstance(p, list) and len(p) == 2 for p in value):
            raise JobzoneError(f"{RULES_FILE.name}: threshold {name!r} must be [threshold, level] pairs")
        pairs = tuple((float(p[0]), int(p[1])) for p in value)  # type: ignore[index]  # pairs, checked above
        if [p[0] for p in pairs] != sorted((p[0] for p in pairs), reverse=True):
            raise JobzoneError(f"{RULES_FILE.name}: threshold {name!r} must list its thresholds highest first")
        return pairs

    def table(self, name: str) -> dict[str, float]:
        value = self.value(name)
        if not isinstance(value, dict):
            raise JobzoneError(f"{RULES_FILE.name}: threshold {name!r} must be a table, got {value!r}")
        return {key: float(number) for key, number in value.items()}

    def rendered_rule(self, row: RuleRow) -> str:
        return row.rule.format(**{t.name: Shown(t.value) for t in self.threshold})


def _numbers(value: Value) -> list[float]:
    if isinstance(value, (int, float)):
        return [float(value)]
    if isinstance(value, dict):
        return [float(v) for v in value.values()]
    return [float(n) for item in value for n in (item if isinstance(item, list) else [item])]


def placeholders(text: str) -> list[str]:
    """The threshold names a rule's text refers to ({name}, {name:pct}, {name[key]})."""
    return [field.split("[")[0] for _, field, _, _ in string.Formatter().parse(text) if field]


class Shown:
    """A threshold as a rule's text shows it: numbers without trailing zeros; `pct` a share as a percentage (a list
    of cuts as 20/50%); `levels` a ladder as '≥ +15% → +2, ...'; `[key]` one entry."""

    def __init__(self, value: Any):
        self.value = value

    def __getitem__(self, key: Any) -> Shown:
        if isinstance(self.value, dict):
            return Shown(self.value[str(key)])
        return Shown(self.value[int(key)])

    def __format__(self, spec: str) -> str:
        value = self.value
        if spec == "levels":
            return ", ".join(f"≥ {_signed(t)}% → {_signed(level)}" for t, level in value)
        if spec == "pct":
            if isinstance(value, list):
                return "/".join(f"{cut * 100:g}" for cut in value) + "%"
            return f"{value * 100:g}%"
        if spec:
            raise ValueError(f"unknown format {spec!r} (known: pct, levels)")
        if isinstance(value, dict):
            return ", ".join(f"{key} {number:g}" for key, number in value.items())
        if isinstance(value, list) and value and isinstance(value[0], list):
            return format(self, "levels")
        if isinstance(value, list):
            return ", ".join(f"{number:g}" for number in value)
        return f"{value:g}" if isinstance(value, (int, float)) else str(value)


def _signed(number: float) -> str:
    return f"{number:+g}".replace("-", "−") if number else "0"


RULES_FILE = Path(str(resources.files("catalogue") / "drafting_rules.toml"))


@lru_cache(maxsize=None)
def drafting_rules(path: Path = RULES_FILE) -> DraftingRules:
    """The rules file, validated: a broken one is an error naming the file and the record, never a half-set."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise JobzoneError(f"{path}: cannot read the drafting rules: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise JobzoneError(f"{path}: not valid TOML: {exc}") from None
    try:
        return DraftingRules.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'file'}: {e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors()
        )
        raise JobzoneError(f"{path}: invalid drafting rules: {problems}") from None
