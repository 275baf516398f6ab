"""What the run pipeline and the Prefect flows read, on top of fetching and notifications."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from notifications.settings import NotificationSettings
from sources.settings import FetchSettings


class PipelineSettings(NotificationSettings, FetchSettings):
    broken_after: int = Field(3, ge=1)  # failed runs in a row before a source is reported broken
    load_workers: int = Field(0, ge=0)  # processes checking changed role files from 20,000 on; 0: one per core
    evidence_rules: Path | None = None  # TOML overriding thresholds, margins and sample guards (README, Evidence)
    nightly_cron: str = "0 3 * * *"  # UTC
    prefect_port: int = Field(4200, ge=1, le=65535)  # where `jobzone serve` starts its local Prefect server
    # `jobzone serve` delivers what is due this often (s); 0: never
    serve_send_every: float = Field(60, ge=0, allow_inf_nan=False)
    # `jobzone serve` checks Epoch AI's benchmarks this often (s; Epoch updates its download daily): a new
    # frontier model starts the rerun at once instead of at the next nightly; 0: never
    capability_every: float = Field(21600, ge=0, allow_inf_nan=False)
