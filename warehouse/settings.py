"""Where jobzone's state lives: the role files and the DuckDB file (JOBZONE_ROLES, JOBZONE_DB).

Each layer declares the settings it reads as a typed class; the application's Settings (jobzone/settings.py)
combines them, so a layer never reaches above itself for configuration."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from warehouse.store import Warehouse

ENV = SettingsConfigDict(env_prefix="JOBZONE_", extra="ignore")


class StoreSettings(BaseSettings):
    model_config = ENV

    roles: Path = Field(Path("roles"), description="the role files directory")
    db: Path = Field(Path("jobzone.duckdb"), description="the DuckDB warehouse file")
    releases: Path = Field(
        Path("releases"),
        description="AI-tool release files and `applied.toml`, the releases applied to the drafts in order",
    )

    @property
    def warehouse(self) -> Warehouse:
        """The DuckDB file at `db`, opened only through its connection policy."""
        return Warehouse(self.db)
