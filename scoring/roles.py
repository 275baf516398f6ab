"""Reading and validating role assessment files (roles/<id>.toml)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

import rtoml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from scoring.errors import RoleFileError
from scoring.model import Role

TIME_PCT_TOLERANCE = 0.01


@dataclass(frozen=True)
class LoadedRole:
    """A validated role with the exact text it came from, so every score can name its input."""

    role: Role
    path: Path
    text: str

    @property
    def content_hash(self) -> str:
        return text_hash(self.text)


def text_hash(text: str) -> str:
    """The hash that names a role file's version everywhere (warehouse, view cache, diff)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _field_path(loc: tuple) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts[-1] = f"{parts[-1]}[{item}]" if parts else f"[{item}]"
        else:
            parts.append(str(item))
    return ".".join(parts) or "(file)"


def _describe(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        return "is not a known field (typo?)"
    got = error.get("input")
    return f"{error['msg'].rstrip('.')} (got {got!r})"


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _semantic_problems(data: dict, path: Path) -> list[str]:
    """Rules across fields, checked on the raw table so they are reported even when other fields are wrong."""
    problems = []
    role_id = data.get("id")
    if isinstance(role_id, str) and role_id != path.stem:
        problems.append(f"{path}: id: '{role_id}' must equal the file name '{path.stem}'")
    tasks = data.get("tasks")
    if isinstance(tasks, list) and tasks and all(isinstance(t, dict) for t in tasks):
        shares = [t.get("time_pct") for t in tasks]
        if all(_number(share) for share in shares):
            total = sum(shares)
            if abs(total - 100) > TIME_PCT_TOLERANCE:
                problems.append(f"{path}: tasks.time_pct: shares must sum to 100 (got {total:g})")
        seen: set[str] = set()
        for index, task in enumerate(tasks):
            name = task.get("name")
            if isinstance(name, str) and name in seen:
                problems.append(f"{path}: tasks[{index}].name: duplicate task name '{name}'")
            seen.add(name)
    return problems


def parse_toml(text: str) -> dict:
    """A role file's TOML. rtoml (compiled) parses the long rationale strings ~20x faster than tomllib,
    which was most of a nightly's time; it returns the same tables for every file in roles/ (tested)."""
    return rtoml.loads(text)


def _toml(text: str, path: Path) -> tuple[dict | None, list[str]]:
    try:
        return parse_toml(text), []
    except rtoml.TomlParsingError as exc:
        if "recursion depth" in str(exc):
            return None, [f"{path}: not valid TOML: tables or arrays nested too deeply ({exc})"]
        return None, [f"{path}: not valid TOML: {exc}"]


Check = Callable[[Role], list[str]]


def check_role(text: str, path: Path, extra_check: Check | None = None) -> tuple[LoadedRole | None, list[str]]:
    """Validate one role file's text: the role (None if its structure is broken) and every problem in it.
    `extra_check` adds rules a higher layer knows (e.g. [signals] against the source registry)."""
    data, problems = _toml(text, path)
    if data is None:
        return None, problems
    problems = _semantic_problems(data, path)
    try:
        role = Role.model_validate(data)
    except ValidationError as exc:
        return None, [f"{path}: {_field_path(err['loc'])}: {_describe(err)}" for err in exc.errors()] + problems
    if extra_check is not None:
        problems += [f"{path}: {problem}" for problem in extra_check(role)]
    return LoadedRole(role=role, path=path, text=text), problems


def parse_role(text: str, path: Path) -> LoadedRole:
    """Validate one role file's text; raise RoleFileError listing every problem in it."""
    loaded, problems = check_role(text, path)
    if problems or loaded is None:
        raise RoleFileError(problems)
    return loaded


MAX_ROLE_FILE_BYTES = 1_000_000  # the longest shipped file is ~30 KB; 50 MB would only be a mistake or an attack


def read_role_text(path: Path) -> str:
    """A role file's text (UTF-8, a byte-order mark dropped), or a RoleFileError naming the file."""
    try:
        size = path.stat().st_size
        if size > MAX_ROLE_FILE_BYTES:
            raise RoleFileError([f"{path}: {size:,} bytes; a role file is at most {MAX_ROLE_FILE_BYTES:,} bytes"])
        raw = path.read_bytes()
    except OSError as exc:
        raise RoleFileError([f"{path}: cannot read role file: {exc.strerror}"]) from None
    try:
        return raw.decode("utf-8-sig")  # a byte-order mark from a Windows editor is not part of the TOML
    except UnicodeDecodeError as exc:
        raise RoleFileError(
            [f"{path}: not UTF-8 text (byte {exc.start}: {raw[exc.start : exc.start + 1]!r}); save the file as UTF-8"]
        ) from None


def load_role(path: Path | str) -> LoadedRole:
    path = Path(path)
    return parse_role(read_role_text(path), path)


def role_paths(target: Path | str) -> list[Path]:
    """The role files a path names: the file itself, or every *.toml in a directory."""
    target = Path(target)
    if target.is_dir():
        # Hand-written roles and the drafted catalogue (roles/onet/), in path order; sorting Path objects
        # themselves cost ~0.2 s at 10,000 files.
        return sorted(_toml_files(target), key=lambda path: path.parts)
    if not target.exists():
        raise RoleFileError([f"{target}: no such role file or directory"])
    return [target]


# Role files sit at most this many folders below the roles folder (roles/onet/ is one); hidden folders (.git) and
# symbolic links to folders are not entered, so JOBZONE_ROLES=/ cannot walk a whole filesystem.
MAX_ROLE_DEPTH = 3


def _toml_files(folder: Path) -> list[Path]:
    found: list[Path] = []
    top = len(folder.parts)
    for root, folders, files in os.walk(folder):
        here = Path(root)
        depth = len(here.parts) - top
        folders[:] = [f for f in folders if not f.startswith(".")] if depth < MAX_ROLE_DEPTH else []
        found += [here / name for name in files if name.endswith(".toml")]
    return found


Checked = tuple  # (role id or None, what the caller keeps or None, problems) for one role file


def check_file(
    path: Path, extra_check: Check | None = None, keep: Callable | None = None, text: str | None = None
) -> Checked:
    """One role file read (unless its text is given) and validated, then turned into what the caller keeps."""
    try:
        loaded, found = check_role(read_role_text(path) if text is None else text, path, extra_check)
    except RoleFileError as exc:
        return None, None, exc.problems
    if loaded is None:
        return None, None, found
    return loaded.role.id, keep(loaded) if keep else loaded, found


def unique_role_paths(targets: Sequence[Path | str] | Path | str) -> list[Path]:
    """Every role file the targets name, in order; the same file named twice (a directory and a file in it)
    once, so it is not reported as its own duplicate."""
    if isinstance(targets, (str, Path)):
        targets = [targets]
    unique: dict[Path, Path] = {}
    for target in targets:
        for path in role_paths(target):
            unique.setdefault(path.resolve() if len(targets) > 1 else path, path)
    return list(unique.values())


def collect(paths: Sequence[Path], checked: Sequence[Checked], only: Sequence[str] | None = None) -> list:
    """What was kept of each checked file (only the `only` ids, in that order, when given); a RoleFileError
    listing every problem of every file, duplicate ids included, when there is any."""
    kept = [(role_id, path, item) for path, (role_id, item, _) in zip(paths, checked) if role_id is not None]
    problems = [problem for _, _, found in checked for problem in found]
    problems.extend(_duplicate_id_problems(kept))
    if problems:
        raise RoleFileError(problems)
    if only:
        return _select(kept, only)
    return [item for _, _, item in kept]


def load_roles(
    targets: Sequence[Path | str] | Path | str, only: Sequence[str] | None = None, extra_check: Check | None = None
) -> list[LoadedRole]:
    """Load and validate every role file the targets name; collect all problems before failing. (A run loads
    its roles as slim views through flows.role_loader.RoleLoader, with a cache and worker processes.)"""
    paths = unique_role_paths(targets)
    return collect(paths, [check_file(path, extra_check) for path in paths], only)


def role_titles(target: Path | str, with_seniority: bool = False) -> dict[str, str]:
    """role id -> title (optionally "Title (Seniority)") of every role file under target."""
    return {
        item.role.id: f"{item.role.title} ({item.role.seniority})" if with_seniority else item.role.title
        for item in load_roles(target)
    }


def _duplicate_id_problems(kept: list[tuple[str, Path, Any]]) -> list[str]:
    first_seen: dict[str, Path] = {}
    problems = []
    for role_id, path, _ in kept:
        if role_id in first_seen:
            problems.append(f"{path}: id: duplicate id '{role_id}' (also in {first_seen[role_id]})")
        else:
            first_seen[role_id] = path
    return problems


def _select(kept: list[tuple[str, Path, Any]], only: Sequence[str]) -> list:
    by_id = {role_id: item for role_id, _, item in kept}
    unknown = [role_id for role_id in only if role_id not in by_id]
    if unknown:
        raise RoleFileError([f"--roles: unknown role id(s) {', '.join(unknown)}; known: {', '.join(sorted(by_id))}"])
    return [by_id[role_id] for role_id in only]
