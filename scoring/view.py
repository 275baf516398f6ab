"""The slim view of a role a run keeps once its file is validated: the formula's numbers, the market series it
follows and the file's identity. The prose (rationales, context) stays in the file, so a run over 100,000 roles
does not hold 100,000 parsed documents; the text is read again, and its hash checked, only where it is needed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping, Sequence

from scoring.aijri import Inputs, Score, score
from scoring.capability import Exposure, TaskWork, exposure_of
from scoring.confidence import Doubts, doubts_of
from scoring.errors import RoleFileError
from scoring.evidence import Followed
from scoring.model import Role
from scoring.roles import LoadedRole, read_role_text, text_hash
from scoring.signals import DimensionSignals
from scoring.transitions import Pay, Work, work_of


@dataclass(frozen=True, slots=True)
class Listed:
    """What the listing pages, search and subscriptions show of a role beside its title, category and score:
    stored with the role's text when a run first scores it, so no page parses every stored role."""

    seniority: str
    aliases: tuple[str, ...]
    draft: bool
    releases: tuple[str, ...]  # the releases applied to a draft's tasks, in order

    @classmethod
    def of(cls, role: Role) -> "Listed":
        return cls(
            seniority=role.seniority,
            aliases=tuple(role.aliases),
            draft=role.is_draft,
            releases=tuple(role.draft.releases) if role.draft else (),
        )


@dataclass(frozen=True, slots=True)
class RoleView:
    id: str
    title: str
    category: str
    path: str  # a string: 100,000 of them unpickle from the view cache far faster than Path objects
    content_hash: str
    assessed_on: dt.date
    inputs: Inputs  # evidence as the analyst wrote it
    override: Mapping | None
    draft_note: str | None
    signals: Mapping[str, DimensionSignals]  # the effective [signals]: the file's, or those its SOC implies
    followed: Mapping[str, Followed]
    doubts: Doubts  # what the file leaves open (drafts' labels and unassessed values), for the score's band
    listed: Listed  # what listing pages show of it, stored with its text
    work: Work | None = None  # the work its tasks are made of, for transition paths
    # Its SOC code (the file's, else its O*NET code's): pay for transition paths; the O*NET occupation whose work
    # a role without work of its own borrows for them.
    soc: str | None = None
    onet_soc: str | None = None
    # What country views read through: its UK SOC 2020 groups with their weights (the [codes] spine), and whether
    # it is a draft (its implied dimensions take the market level directly).
    uk_groups: tuple[tuple[str, float], ...] = ()
    drafted: bool = False
    capability: Exposure | None = None  # its exposure to AI capability families, from its tasks

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
            category=role.category,
            path=str(loaded.path),
            content_hash=loaded.content_hash,
            assessed_on=role.assessed_on,
            inputs=Inputs.from_role(role),
            override=role.override.model_dump() if role.override else None,
            draft_note=draft_note,
            signals=signals,
            followed=followed,
            doubts=doubts_of(role),
            listed=Listed.of(role),
            work=work_of(role),
            soc=role.soc or (role.onet_soc[:7] if role.onet_soc else None),
            onet_soc=role.onet_soc,
            uk_groups=tuple((link.code, link.weight) for link in role.codes.uk_soc2020) if role.codes else (),
            drafted=role.is_draft,
            capability=capability_exposure(role),
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


def capability_anchor(role: Role) -> tuple[dt.date, str]:
    """The date a role's task scores reflect AI as it was, and why: a draft's drafting data (labels, observed use,
    applied releases), else the analyst's assessment."""
    draft = role.draft
    if role.is_draft and draft is not None and draft.task_scores_as_of is not None:
        anchor = draft.task_scores_as_of
        applied = [r for r in draft.releases if r.startswith(anchor.isoformat())]
        return (
            anchor,
            f"release {applied[-1]} applied" if applied else "the drafting data: exposure labels, observed use",
        )
    return role.assessed_on, "the analyst's assessment"


def capability_exposure(role: Role) -> Exposure | None:
    anchor, why = capability_anchor(role)
    tasks = [TaskWork(t.time_pct, t.score, t.exposure, t.dwas, t.capability) for t in role.tasks]
    in_person = bool(role.draft and role.draft.in_person)
    return exposure_of(tasks, in_person=in_person, anchor=anchor, anchor_why=why)


def role_work(views: Sequence[RoleView], pay: Mapping[str, Pay]) -> tuple[dict[str, Work], dict[str, str]]:
    """Each role's work with its pay (by SOC code), and the roles that borrow their work: a role whose tasks name
    no work activities takes its O*NET occupation's (the role with that O*NET code and work of its own, the first
    by id), so a hand-written role gets transition paths too."""
    occupations: dict[str, RoleView] = {}
    for view in sorted(views, key=lambda v: v.id):
        if view.work is not None and view.onet_soc:
            occupations.setdefault(view.onet_soc, view)
    work, via = {}, {}
    for view in views:
        own = view.work
        occupation = occupations.get(view.onet_soc or "") if own is None else None
        if occupation is not None:
            own, via[view.id] = occupation.work, occupation.id
        if own is not None:
            work[view.id] = replace(own, pay=pay.get(view.soc or ""))
    return work, via
