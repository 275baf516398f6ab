"""What the run pipeline and the Prefect flows read, on top of fetching and notifications."""

from __future__ import annotations

from pathlib import Path

from notifications.settings import NotificationSettings
from sources.settings import FetchSettings


class PipelineSettings(NotificationSettings, FetchSettings):
    broken_after: int = 3  # failed runs in a row before a source is reported broken
    evidence_rules: Path | None = None  # TOML overriding thresholds, margins and sample guards (README, Evidence)
    nightly_cron: str = "0 3 * * *"  # UTC
    prefect_port: int = 4200  # where `jobzone serve` starts its local Prefect server
