"""Typed settings: defaults in code, overridden by JOBZONE_* environment variables (see .env.example)."""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from pydantic import SecretStr
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
    evidence_rules: Path | None = None  # TOML overriding thresholds, margins and sample guards (README, Evidence)
    prefect: bool = True  # run the pipeline as Prefect flows (local mode unless PREFECT_API_URL is set)
    nightly_cron: str = "0 3 * * *"  # UTC
    prefect_port: int = 4200  # where `jobzone serve` starts its local Prefect server
    # Notifications. The secret signs confirm/unsubscribe links: no default, required once anyone subscribes.
    secret: SecretStr | None = None
    base_url: str = "http://127.0.0.1:8000"
    mail_from: str = "jobzone <alerts@jobzone.local>"
    smtp_url: SecretStr | None = None  # smtp://, smtp+starttls://, smtps://; unset: .eml files in outbox_dir
    smtp_password: SecretStr | None = None
    unsubscribe_mailto: str | None = None
    outbox_dir: Path = Path("outbox")
    alert_min_points: float = 1.0
    smtp_rate: float = 10.0  # messages per second
    smtp_per_connection: int = 100
    smtp_mark_every: int = 25  # accepted messages committed as sent in groups of at most this many (or 0.1 s)
    suppress_after: int = 2  # hard bounces before an address is suppressed
    check_deliverability: bool = False  # also check the address's domain accepts mail (a DNS lookup)

    @property
    def user_agent(self) -> str:
        return f"jobzone/{_version()} (+{self.contact})"


def load_settings(**overrides) -> Settings:
    """Settings from the environment, with explicit CLI options (non-None) taking precedence."""
    return Settings(**{key: value for key, value in overrides.items() if value is not None})
