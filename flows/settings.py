"""Typed settings: defaults in code, overridden by JOBZONE_* environment variables (see .env.example)."""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


def _version() -> str:
    try:
        return version("jobzone")
    except PackageNotFoundError:
        return "0"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JOBZONE_", extra="ignore")

    roles: Path = Path("roles")
    db: Path = Path("jobzone.duckdb")
    fixtures: Path = Path("../shared/fixtures")
    replay: Path | None = None
    contact: str = "https://github.com/jobzone/jobzone"
    http_min_interval: float = 1.0
    http_retries: int = 3
    http_connect_timeout: float = 5.0
    http_read_timeout: float = 30.0
    http_max_bytes: int = 20_000_000
    fetch_workers: int = 4
    broken_after: int = 3
    prefect: bool = True  # run the pipeline as Prefect flows (local mode unless PREFECT_API_URL is set)
    nightly_cron: str = "0 3 * * *"  # UTC
    prefect_port: int = 4200  # where `jobzone serve` starts its local Prefect server

    @property
    def user_agent(self) -> str:
        return f"jobzone/{_version()} (+{self.contact})"


def load_settings(**overrides) -> Settings:
    """Settings from the environment, with explicit CLI options (non-None) taking precedence."""
    return Settings(**{key: value for key, value in overrides.items() if value is not None})
