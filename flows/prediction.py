"""What a run would do, without doing it: a release's dry run scores the files it would write exactly as the rerun
after them will (the run's own loading, stored evidence, scoring and diff), and writes nothing."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from flows.pipeline import diff_roles, map_evidence, requested_as_of
from flows.request import RunRequest
from flows.role_loader import RoleLoader
from flows.settings import PipelineSettings
from scoring.batch import score_batch
from scoring.changes import Change
from scoring.errors import JobzoneError
from scoring.evidence_rules import load_rules
from scoring.roles import unique_role_paths
from warehouse import queries


@dataclass(frozen=True)
class Prediction:
    as_of: dt.date
    changes: list[Change]  # as the run's diff will list them (against the scores it will compare with)
    compared: bool  # False: no scored run yet, so every role would be new


def predict_run(settings: PipelineSettings, request: RunRequest, replaced: Mapping[Path, str]) -> Prediction:
    """What `request` (a run that fetches nothing) would score and change if the role files in `replaced` (path
    relative to the roles folder -> text; new paths are new files) held those texts. The files are scored from a
    copy of the roles folder; neither the folder nor the warehouse is written."""
    if request.fetches:
        raise JobzoneError("only a run that fetches nothing can be predicted: fetching would change the evidence")
    requested = requested_as_of(request)
    with tempfile.TemporaryDirectory(prefix="jobzone-predict-") as folder:
        copy = Path(folder) / "roles"
        for path in unique_role_paths(settings.roles):
            target = copy / path.relative_to(settings.roles)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        for relative, text in replaced.items():
            target = copy / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        try:
            roles = RoleLoader().load(copy, request.roles)
        except JobzoneError as exc:  # name the files the analyst has, not the copy
            raise JobzoneError(str(exc).replace(str(copy), str(settings.roles))) from None
        rules = load_rules(settings.evidence_rules)
        # The lock as a run holds it: the stages read what a run would read, and nothing writes meanwhile.
        with settings.warehouse.lock("predicting what a rerun would score"):
            with settings.warehouse.connect() as con:  # (the first connection migrates a new file)
                as_of = requested or queries.stored_moment(con)
                compared = queries.latest_good_run(con) is not None
            scored = score_batch(roles, map_evidence(settings, roles, as_of, frozenset(), rules), rules)
            changes = diff_roles(settings, scored, as_of)  # reads the changed files' texts: while the copy exists
    return Prediction(as_of, changes, compared)
