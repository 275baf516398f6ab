"""Typed settings: defaults in code, overridden by JOBZONE_* environment variables (see .env.example)."""
from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JOBZONE_", extra="ignore")

    roles: Path = Path("roles")
    db: Path = Path("jobzone.duckdb")
    fixtures: Path = Path("../shared/fixtures")


def load_settings(**overrides) -> Settings:
    """Settings from the environment, with explicit CLI options (non-None) taking precedence."""
    return Settings(**{key: value for key, value in overrides.items() if value is not None})
