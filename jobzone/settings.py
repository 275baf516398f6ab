"""Typed settings: defaults in code, overridden by JOBZONE_* environment variables (see .env.example).

Each layer declares what it reads (warehouse.settings, sources.settings, notifications.settings,
flows.settings, web.settings); this class adds what only the application uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError
from pydantic_core import ErrorDetails

from flows.settings import PipelineSettings
from scoring.errors import JobzoneError
from web.settings import WebSettings


class ConfigError(JobzoneError):
    """JOBZONE_* values that are not what their setting takes: every problem, one line each."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class Settings(PipelineSettings, WebSettings):
    fixtures: Path = Field(Path("../shared/fixtures"), description="recorded real data for tests and the offline demo")
    prefect: bool = Field(
        True,
        description="run the pipeline as Prefect flows when a Prefect server answers (false: the same stages as plain calls)",
    )
    prefect_start: bool = Field(
        False,
        description="with no server answering, start a temporary one for the command (Prefect's local mode) instead of running plainly",
    )


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment, with explicit CLI options (non-None) taking precedence; a malformed value is a
    ConfigError naming its variable, the value and what is expected, one line each."""
    try:
        return Settings(**{key: value for key, value in overrides.items() if value is not None})
    except ValidationError as exc:
        raise ConfigError([_problem(error) for error in exc.errors()]) from None


def _problem(error: ErrorDetails) -> str:
    name = f"JOBZONE_{str(error['loc'][0]).upper()}" if error["loc"] else "settings"
    given = error.get("input")
    shown = "(empty)" if given == "" else repr(given)
    return f"{name}={shown}: {error['msg'].rstrip('.')}"
