"""Typed settings: defaults in code, overridden by JOBZONE_* environment variables (see .env.example).

Each layer declares what it reads (warehouse.settings, sources.settings, notifications.settings,
flows.settings, web.settings); this class adds what only the application uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flows.settings import PipelineSettings
from web.settings import WebSettings


class Settings(PipelineSettings, WebSettings):
    fixtures: Path = Path("../shared/fixtures")
    prefect: bool = True  # run the pipeline as Prefect flows when a Prefect server answers (else plainly, said)
    prefect_start: bool = False  # no server answering: start a temporary one (Prefect's local mode) for the command


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment, with explicit CLI options (non-None) taking precedence."""
    return Settings(**{key: value for key, value in overrides.items() if value is not None})
