"""What the web app and the static site read, on top of notifications (JOBZONE_BASE_URL, JOBZONE_SECRET, ...)."""

from __future__ import annotations

from pydantic import Field

from notifications.settings import NotificationSettings


class WebSettings(NotificationSettings):
    """The release files a page names come from StoreSettings.releases."""

    web_send_every: float = Field(
        60.0,
        ge=0,
        allow_inf_nan=False,
        description="`jobzone web` delivers queued confirmations this often (seconds), and at once after one of its forms queued one; 0 leaves them to `jobzone send`",
    )
