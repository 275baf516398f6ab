"""The slim view of a role a run keeps once its file is validated: the formula's numbers, the market series it
follows and the file's identity. The prose (rationales, context) stays in the file, so a run over 100,000 roles
does not hold 100,000 parsed documents; the text is read again, and its hash checked, only where it is needed."""

from __future__ import annotations

import datetime as dt
import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from scoring.aijri import Inputs, Score, score
from scoring.errors import RoleFileError
from scoring.evidence import Followed
from scoring.roles import LoadedRole, read_role_text, text_hash
from scoring.signals import DimensionSignals


@dataclass(frozen=True, slots=True)
class RoleView:
    id: str
    title: str
    path: str  # a string: 100,000 of them unpickle from the view cache far faster than Path objects
    content_hash: str
    assessed_on: dt.date
    inputs: Inputs  # evidence as the analyst wrote it
    override: Mapping | None
    draft_note: str | None
    signals: Mapping[str, DimensionSignals]  # the effective [signals]: the file's, or those its SOC implies
    followed: Mapping[str, Followed]

    @classmethod
    def of(
        cls,
        loaded: LoadedRole,
        signals: Mapping[str, DimensionSignals],
        followed: Mapping[str, Followed],
        draft_note: str | None,
    ) -> "RoleView":
        role = loaded.role
        return cls(
            id=role.id,
            title=role.title,
            path=str(loaded.path),
            content_hash=loaded.content_hash,
            assessed_on=role.assessed_on,
            inputs=Inputs.from_role(role),
            override=role.override.model_dump() if role.override else None,
            draft_note=draft_note,
            signals=signals,
            followed=followed,
        )

    def evidence_values(self) -> dict[str, int]:
        return dict(self.inputs.evidence)

    def score(self, evidence: Mapping[str, int]) -> Score:
        return score(self.inputs.with_evidence(evidence))

    def text(self) -> str:
        """The file's text as it was validated; refused if the file changed since (the run would lie)."""
        text = read_role_text(Path(self.path))
        if text_hash(text) != self.content_hash:
            raise RoleFileError([f"{self.path}: changed while the run was going; run again to score the new text"])
        return text


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
