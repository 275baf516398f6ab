"""The cache of validated role views next to the warehouse file: a nightly over unchanged files neither parses
nor validates them. It lives in flows/ because it writes a file; scoring/ stays pure."""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import lru_cache
from pathlib import Path

import scoring as scoring_package
import sources as sources_package
from flows.settings import PipelineSettings
from scoring.roles import text_hash
from scoring.view import RoleView


class ViewCache:
    """Views of role files validated before, by (path, content hash), valid only for the code that made them
    (`fingerprint`): a nightly over unchanged files skips parsing and validating them. Only a cache: a file of
    other code, or one that cannot be read, is ignored and rebuilt. It lives next to the warehouse file."""

    def __init__(self, file: Path, fingerprint: str):
        self.file, self.fingerprint = Path(file), fingerprint
        self._old: dict[tuple[str, str], RoleView] = self._load()
        self._new: dict[tuple[str, str], RoleView] = {}

    def _load(self) -> dict:
        try:
            with open(self.file, "rb") as handle:
                data = pickle.load(handle)
        except Exception:  # noqa: BLE001 - any unreadable cache is only a miss
            return {}
        if not isinstance(data, dict) or data.get("fingerprint") != self.fingerprint:
            return {}
        return data.get("views", {})

    def reuse(self, path: Path, text: str) -> tuple[str, RoleView] | None:
        key = (str(path), text_hash(text))
        view = self._old.get(key)
        if view is None:
            return None
        self._new[key] = view
        return view.id, view

    def keep(self, view: RoleView) -> RoleView:
        self._new[(view.path, view.content_hash)] = view
        return view

    def save(self) -> None:
        """Write the views of this load (atomically) unless they are the cached ones; a folder that cannot be
        written only loses the cache."""
        if self._new.keys() == self._old.keys():
            return
        temporary = self.file.with_name(f".{self.file.name}.{os.getpid()}")
        try:
            with open(temporary, "wb") as handle:
                pickle.dump({"fingerprint": self.fingerprint, "views": self._new}, handle, pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.file)
        except OSError:
            temporary.unlink(missing_ok=True)


def view_cache_file(settings: PipelineSettings) -> Path:
    return settings.db.with_name(settings.db.name + ".views")


@lru_cache(maxsize=1)
def validation_fingerprint() -> str:
    """A digest of the code and data that validate role files and resolve their signals (scoring/, sources/):
    a cached view made by other code is never reused."""
    digest = hashlib.sha256()
    for package in (scoring_package, sources_package):
        root = Path(package.__file__ or "").parent
        for file in sorted(root.rglob("*")):
            if file.suffix in (".py", ".csv", ".json"):
                digest.update(str(file.relative_to(root)).encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()
