"""What the run pipeline and the Prefect flows read, on top of fetching and notifications."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator

from notifications.settings import NotificationSettings
from scoring.countries import COUNTRIES, known
from sources.settings import FetchSettings


class PipelineSettings(NotificationSettings, FetchSettings):
    source_broken_after: int = Field(3, ge=1, description="failed runs in a row before a source is reported broken")
    load_workers: int = Field(
        0,
        ge=0,
        description="processes that check role files when 20,000 or more are new or changed; 0: one per core, 1: in the run's own process",
    )
    evidence_rules: Path | None = Field(
        None, description="TOML file overriding evidence thresholds, margins and sample guards (unset: the defaults)"
    )
    run_lock_wait: float = Field(
        600,
        ge=0,
        le=86400,
        allow_inf_nan=False,
        description="a run that finds another process writing the warehouse waits this long for it (seconds), then fails; the refused attempt is shown by `jobzone runs`",
    )
    nightly_cron: str = Field("0 3 * * *", description="schedule of the served nightly deployment (UTC)")
    nightly_countries: str = Field(
        "US",
        description="the countries whose views `jobzone serve` scores nightly, comma-separated (US, GB, AU, CA, DE, "
        "FR): the US's nightly, then one deployment per other country on the same schedule",
    )

    @field_validator("nightly_countries")
    @classmethod
    def _known_countries(cls, value: str) -> str:
        found = {part.strip().upper(): known(part) for part in value.split(",") if part.strip()}
        unknown = [code for code, named in found.items() if named is None]
        if unknown:  # a ValueError: the settings loader names the variable
            raise ValueError(f"{', '.join(unknown)}: not a country jobzone scores; choose from {', '.join(COUNTRIES)}")
        codes = [named.code for named in found.values() if named is not None]
        return ",".join(dict.fromkeys(["US", *codes]))  # the US's nightly always runs: the pages' view

    @property
    def other_countries(self) -> list[str]:
        """The countries besides the US whose views are scored nightly."""
        return [code for code in self.nightly_countries.split(",") if code != "US"]

    prefect_port: int = Field(
        4200, ge=1, le=65535, description="port of the local Prefect server `jobzone serve` starts"
    )
    serve_send_every: float = Field(
        60,
        ge=0,
        allow_inf_nan=False,
        description="`jobzone serve` delivers what is due in the outbox this often (seconds), in its own process "
        "(retries, confirmations queued from the CLI); 0: not at all",
    )
    capability_every: float = Field(
        21600,
        ge=0,
        allow_inf_nan=False,
        description="`jobzone serve` checks Epoch AI's benchmarks this often (seconds): a new frontier model starts the rerun at once; 0 serves no `capability` deployment",
    )
