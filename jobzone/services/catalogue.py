"""The catalogue and its datasets: read the open occupation data (live or replayed, every body archived), draft
a role file per O*NET occupation, rebuild the SOC -> Indeed sector table."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Sequence

from catalogue import crosswalk as sector_table
from catalogue import journal
from catalogue.datasets import DATASETS, SECTOR_EXAMPLES, Dataset, read, read_all
from catalogue.document import draft_catalogue
from catalogue.files import write_atomically, write_drafts
from catalogue.releases import Release, applied, load_release
from catalogue.titles import FILE_NAME as TITLES_FILE
from catalogue.titles import titles_csv
from jobzone.settings import Settings
from scoring.errors import JobzoneError
from scoring.roles import role_paths
from sources.base import FetchRequest, RawResponse
from sources.errors import ParseError, SourceError
from sources.http import PoliteClient
from warehouse.archive import archive_responses

DATASET_TYPES = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-excel",  # BLS's older .xls workbooks (the ISCO crosswalk)
    "text/plain",
    "text/csv",
    "application/octet-stream",
)
Raw = dict[str, list[dict]]  # dataset name -> its rows


def applied_releases(folder: Path) -> list[tuple[str, Release]]:
    """(id, release) of every release applied to the drafts, in order."""
    return [load_release(folder / f"{release_id}.toml") for release_id in applied(folder)]


class DatasetFetcher:
    """Fetches each dataset through the polite client (live, or replaying the recordings); keeps every response
    so the caller can archive it."""

    def __init__(self, settings: Settings):
        self.client: PoliteClient = settings.http_client(settings.replay)
        self.responses: list[RawResponse] = []

    def __call__(self, dataset: Dataset) -> bytes:
        response = self.client.fetch(FetchRequest("catalogue", dataset.url), DATASET_TYPES)
        self.responses.append(response)
        return response.body

    def close(self) -> None:
        self.client.close()


def read_datasets(settings: Settings) -> Raw:
    """Every drafting dataset, read through the polite client; every body archived in the warehouse."""
    fetch = DatasetFetcher(settings)
    try:
        raw = read_all(fetch)
    except SourceError as exc:
        if settings.replay is not None or isinstance(exc, ParseError):
            raise
        raise JobzoneError(
            f"{exc}\nOffline? Read the recorded datasets instead: --replay DIR (or JOBZONE_REPLAY=DIR), DIR holding "
            "catalogue/ as the fixtures folder does"
        ) from None
    finally:
        fetch.close()
    with settings.warehouse.write("archiving the drafting datasets' responses", wait=10.0) as con:
        archive_responses(con, None, fetch.responses)
    return raw


@dataclass(frozen=True, kw_only=True)
class DraftSummary:
    out: Path
    drafted: int
    created: int
    updated: int
    unchanged: int
    kept_reviewed: dict[str, list[str]] = field(default_factory=dict)  # role id -> fields the draft would change
    coverage: dict[str, dict[str, int]] = field(default_factory=dict)  # rule -> how its data was found: occupations

    def as_dict(self) -> dict:
        return {**vars(self), "out": str(self.out)}


def draft(settings: Settings, *, out: Path | None = None, only: Sequence[str] | None = None) -> DraftSummary:
    """A role file per O*NET occupation from open data (or the `only` codes); reviewed files are never
    overwritten. The whole catalogue also writes the names people use, for the site's search."""
    target = out or settings.roles / "onet"
    command = draft_command(target, only)
    interrupted = journal.pending(settings.releases)
    if interrupted is None or interrupted.command != command:
        journal.refuse_half_written(settings.releases)  # re-drafting now would mix two applied lists
    raw = read_datasets(settings)
    drafted = draft_catalogue(
        raw, list(only) if only else None, applied_releases(settings.releases), with_coverage=True
    )
    texts = drafted.texts
    elsewhere = (
        {p.stem: p.read_text(encoding="utf-8") for p in role_paths(settings.roles) if p.parent != target}
        if settings.roles.is_dir()
        else {}
    )
    # Journaled like a release change: a draft killed while it writes hundreds of files is refused by validate and
    # run until the same command is repeated, which completes it and removes the temporary file the kill left.
    try:
        settings.releases.mkdir(parents=True, exist_ok=True)  # where the journal lives
        journal.begin(settings.releases, applied=applied(settings.releases), reason="draft", command=command)
        if interrupted is not None:  # the temporary file the kill left
            for stray in target.glob(".*.tmp"):
                stray.unlink()
        report = write_drafts(texts, target, elsewhere)
        if not only:
            write_atomically(target / TITLES_FILE, titles_csv(raw))
    except OSError as exc:
        raise JobzoneError(
            f"{exc.filename or target}: cannot write a drafted file ({exc.strerror}); the draft is not complete: "
            f"run `{command}` again once it can be written"
        ) from None
    journal.finish(settings.releases)
    return DraftSummary(
        out=target,
        drafted=len(texts),
        created=len(report.created),
        updated=len(report.updated),
        unchanged=len(report.unchanged),
        kept_reviewed=report.kept_reviewed,
        coverage=drafted.coverage or {},
    )


def draft_command(target: Path, only: Sequence[str] | None) -> str:
    """How the operator repeats this draft (the journal's key: only the same command completes it)."""
    return f"jobzone draft --out {target}" + (f" --only {','.join(only)}" if only else "")


CROSSWALK_DATASETS = ("onet:Occupation Data", "onet:Alternate Titles", "onet:Sample of Reported Titles")


def default_crosswalk_file() -> Path:
    return Path(str(resources.files("sources").joinpath("data", "soc_indeed_sectors.csv")))


def crosswalk(settings: Settings, out: Path | None = None) -> tuple[Path, dict]:
    """Rebuild the SOC -> Indeed sector table from the reviewed rules and check it against Indeed's example
    titles; (the file written, its summary)."""
    fetch = DatasetFetcher(settings)
    needed = [DATASETS[name] for name in CROSSWALK_DATASETS] + [SECTOR_EXAMPLES]
    try:
        raw = {dataset.name: read(dataset, fetch(dataset)) for dataset in needed}
    finally:
        fetch.close()
    rows = sector_table.build(raw, raw[SECTOR_EXAMPLES.name])
    target = out or default_crosswalk_file()
    write_atomically(target, sector_table.to_csv(rows))
    return target, sector_table.summary(rows)
