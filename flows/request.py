"""What a run is asked to do, as one typed value: the CLI and the services build it, the Prefect flows take it as
their single parameter (the UI renders it as the flow's form, `prefect deployment run -p request=...` passes it as
JSON) and the pipeline reads it. A backfill is asked for by range and step, and expands into one run per date."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal, Sequence, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from flows.schedule import as_of_dates
from scoring.countries import DEFAULT as DEFAULT_COUNTRY
from scoring.countries import country
from scoring.errors import JobzoneError
from sources.replay import load_manifest

Kind = Literal["nightly", "rerun", "backfill"]
# A country jobzone scores, stored as its one code ("UK" and lower case accepted); an unknown one is refused by name.
CountryCode = Annotated[str, BeforeValidator(lambda value: country(str(value)).code)]
Step = Literal["day", "week", "month", "year"]


class RunRequest(BaseModel):
    """One run: its kind, why, as of when, which roles, and what it may fetch and alert."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Kind = Field("nightly", description="Set by the flow that runs it: nightly, rerun or backfill.")
    reason: str | None = Field(None, description="Why the run was started; stored and shown in diffs and alerts.")
    as_of: dt.date | None = Field(
        None,
        description="Score as of this date (default: today, UTC; a rerun that fetches nothing: the date of the "
        "newest stored scores).",
    )
    roles: list[str] | None = Field(None, description="Role ids to score (default: every role).")
    ingest: bool | None = Field(
        None,
        description="Fetch the sources first (default: a nightly does; a rerun scores the stored observations).",
    )
    replay: Path | None = Field(None, description="Serve the sources' responses from recorded files in this folder.")
    deliver: bool = Field(True, description="Deliver the alerts this run queues once it is written.")
    alert: bool | None = Field(
        None, description="Alert subscribers (default: only when the as-of date is current, not for history)."
    )
    country: CountryCode = Field(
        DEFAULT_COUNTRY,
        description="The country whose view the run scores: its market evidence is that country's (US, GB, AU, CA, "
        "DE, FR).",
    )

    @model_validator(mode="after")
    def _a_rerun_says_why(self) -> RunRequest:
        if self.kind == "rerun" and not (self.reason or "").strip():
            raise ValueError("a rerun needs a reason (e.g. 'Claude 5 released'): it is stored and shown in alerts")
        return self

    @property
    def fetches(self) -> bool:
        return self.ingest if self.ingest is not None else self.kind != "rerun"

    def of_kind(self, kind: Kind) -> RunRequest:
        """The same request run by the flow of `kind` (validated again: a rerun must say why)."""
        return checked(RunRequest, {**self.model_dump(), "kind": kind})

    @classmethod
    def nightly(
        cls,
        *,
        as_of: dt.date | None = None,
        roles: list[str] | None = None,
        replay: str | Path | None = None,
        skip_ingest: bool = False,
        reason: str | None = None,
        alert: bool | None = None,
        country: str = DEFAULT_COUNTRY,
    ) -> RunRequest:
        return checked(
            cls,
            dict(
                kind="nightly",
                reason=reason,
                as_of=as_of,
                roles=roles,
                ingest=not skip_ingest,
                replay=Path(replay) if replay else None,
                alert=alert,
                country=country,
            ),
        )

    @classmethod
    def rerun(
        cls,
        reason: str,
        *,
        roles: list[str] | None = None,
        ingest: bool = False,
        replay: str | Path | None = None,
        as_of: dt.date | None = None,
        alert: bool | None = None,
        country: str = DEFAULT_COUNTRY,
    ) -> RunRequest:
        return checked(
            cls,
            dict(
                kind="rerun",
                reason=reason,
                as_of=as_of,
                roles=roles,
                ingest=ingest,
                replay=Path(replay) if replay else None,
                alert=alert,
                country=country,
            ),
        )

    @classmethod
    def backfill(
        cls,
        dates: Sequence[dt.date],
        *,
        every: str,
        roles: list[str] | None = None,
        replay: str | Path | None = None,
        alert: bool = False,
        skip: Sequence[dt.date] = (),
    ) -> list[RunRequest]:
        """One run per as-of date, oldest first; the first fetches (or replays) the sources, and a replayed backfill
        fetches again where a URL recorded at several dates has a recording newer than the previous run's date (so
        the runs see Epoch's downloads appear as they did)."""
        reason = backfill_reason(dates, every) if dates else None
        fresh = newly_recorded(Path(replay), dates) if replay else set()
        left = [day for day in dates if day not in set(skip)]  # `skip`: the dates an interrupted backfill ran
        return [
            cls(
                kind="backfill",
                reason=reason,
                as_of=as_of,
                roles=roles,
                ingest=index == 0 or as_of in fresh,
                replay=Path(replay) if replay else None,
                alert=alert,  # history, not news: nobody is alerted unless asked
            )
            for index, as_of in enumerate(left)
        ]


class BackfillRequest(BaseModel):
    """A backfill: one run per as-of date from `start` to `end` at the step `every`, oldest first."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: dt.date = Field(description="The first as-of date.")
    end: dt.date = Field(description="The last as-of date (inclusive).")
    every: Step = Field("month", description="The step between as-of dates.")
    roles: list[str] | None = Field(None, description="Role ids to score (default: every role).")
    replay: Path | None = Field(None, description="Serve the sources' responses from recorded files in this folder.")
    alert: bool = Field(False, description="Alert subscribers of each run's moves (default: history only).")
    country: CountryCode = Field(DEFAULT_COUNTRY, description="The country whose view each run scores.")

    @model_validator(mode="after")
    def _a_range(self) -> BackfillRequest:
        if self.end < self.start:
            raise ValueError(f"--to {self.end} is before --from {self.start}")
        return self

    @cached_property
    def dates(self) -> list[dt.date]:
        return as_of_dates(self.start, self.end, self.every)

    @property
    def reason(self) -> str:
        return backfill_reason(self.dates, self.every)

    def runs(self, skip: Sequence[dt.date] = ()) -> list[RunRequest]:
        """The runs left to do once the dates in `skip` (an interrupted backfill's) are done."""
        runs = RunRequest.backfill(
            self.dates, every=self.every, roles=self.roles, replay=self.replay, alert=self.alert, skip=skip
        )
        return [run.model_copy(update={"country": self.country}) for run in runs]


Model = TypeVar("Model", bound=BaseModel)


def checked(model: type[Model], fields: dict[str, Any]) -> Model:
    """The request, or a JobzoneError naming the field and what was expected (no pydantic traceback for a user)."""
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])  # empty: a rule about the whole request
        message = error["msg"].removeprefix("Value error, ")
        raise JobzoneError(f"{where}: {message}" if where else message) from None


def backfill_reason(dates: Sequence[dt.date], every: str) -> str:
    """A backfill's runs' reason: its range and step, which is also how a resumed backfill finds its earlier runs."""
    return f"backfill {dates[0]}..{dates[-1]} every {every}"


def newly_recorded(replay: Path, dates: Sequence[dt.date]) -> set[dt.date]:
    """The as-of dates (after the first) by which a URL recorded at several dates has a newer recording than by the
    date before."""
    by_url: dict[tuple, list[dt.date]] = {}
    for entry in load_manifest(replay)[0]:
        key = (entry["url"], entry.get("method", "GET"), tuple(entry.get("seriesid", ())))
        by_url.setdefault(key, []).append(dt.date.fromisoformat(entry["vintage"]))
    vintages = sorted({v for found in by_url.values() if len(found) > 1 for v in found})
    return {day for before, day in zip(dates, dates[1:]) if any(before < v <= day for v in vintages)}
