"""What fetching needs: politeness, limits, replay and API keys (JOBZONE_HTTP_*, JOBZONE_REPLAY, ...)."""

from __future__ import annotations

import datetime as dt
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from sources.http import BodyLoader, HttpConfig, PoliteClient, Validators
from sources.replay import replay_session


def _version() -> str:
    try:
        return version("jobzone")
    except PackageNotFoundError:
        return "0"


class FetchSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JOBZONE_", extra="ignore")

    replay: Path | None = Field(
        None, description="serve source responses from recorded files in this folder (unset: fetch live)"
    )
    contact: str = Field(
        "https://github.com/jobzone/jobzone", description="the contact named in the User-Agent of every request"
    )
    http_min_interval: float = Field(
        1.0, ge=0, le=3600, allow_inf_nan=False, description="seconds between requests to one host"
    )
    http_retries: int = Field(3, ge=0, le=20, description="retries on connection errors, 429 and 5xx")
    http_connect_timeout: float = Field(5.0, gt=0, le=3600, allow_inf_nan=False, description="seconds to connect")
    http_read_timeout: float = Field(30.0, gt=0, le=3600, allow_inf_nan=False, description="seconds to read a response")
    http_max_bytes: int = Field(20_000_000, ge=1, description="largest response body accepted")
    fetch_workers: int = Field(4, ge=1, le=64, description="URLs of one source fetched at once")
    bls_key: SecretStr | None = Field(None, description="optional BLS API registration key (secret)")

    @property
    def user_agent(self) -> str:
        return f"jobzone/{_version()} (+{self.contact})"

    def http_config(self) -> HttpConfig:
        return HttpConfig(
            user_agent=self.user_agent,
            connect_timeout=self.http_connect_timeout,
            read_timeout=self.http_read_timeout,
            retries=self.http_retries,
            min_interval=self.http_min_interval,
            max_bytes=self.http_max_bytes,
        )

    def api_key(self, source: str) -> str | None:
        """The operator's key for a source (JOBZONE_<SOURCE>_KEY), if it takes one."""
        secret = getattr(self, f"{source}_key", None)
        return secret.get_secret_value() if secret else None

    def http_client(
        self,
        replay: Path | None = None,
        validators: Validators | None = None,
        load_body: BodyLoader | None = None,
        as_of: dt.date | None = None,
    ) -> PoliteClient:
        """The polite client, live or replaying the recordings in `replay` (as recorded by `as_of`): the one place
        that wires the two."""
        config = self.http_config()
        session = replay_session(replay, config.user_agent, as_of) if replay else None
        return PoliteClient(config, session=session, validators=validators, load_body=load_body, replayed=bool(replay))
