"""Typed settings: defaults in code, overridden by JOBZONE_* environment variables (see .env.example).

Each layer declares what it reads (warehouse.settings, sources.settings, notifications.settings,
flows.settings, web.settings); this class adds what only the application uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError
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
    fixtures: Path = Path("../shared/fixtures")
    prefect: bool = True  # run the pipeline as Prefect flows when a Prefect server answers (else plainly, said)
    prefect_start: bool = False  # no server answering: start a temporary one (Prefect's local mode) for the command


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
