"""Typed settings: defaults in code, overridden by JOBZONE_* environment variables (see .env.example).

Each layer declares what it reads (warehouse.settings, sources.settings, notifications.settings,
flows.settings); this class adds what only the application uses."""

from __future__ import annotations

from pathlib import Path

from flows.settings import PipelineSettings


class Settings(PipelineSettings):
    fixtures: Path = Path("../shared/fixtures")
    releases: Path = Path("releases")  # AI-tool release files and the list of those applied to the drafts
    prefect: bool = True  # run the pipeline as Prefect flows when a Prefect server answers (else plainly, said)
    prefect_start: bool = False  # no server answering: start a temporary one (Prefect's local mode) for the command


def load_settings(**overrides) -> Settings:
    """Settings from the environment, with explicit CLI options (non-None) taking precedence."""
    return Settings(**{key: value for key, value in overrides.items() if value is not None})
