"""What the web app and the static site read, on top of notifications (JOBZONE_BASE_URL, JOBZONE_SECRET, ...)."""

from __future__ import annotations

from notifications.settings import NotificationSettings


class WebSettings(NotificationSettings):
    """The release files a page names come from StoreSettings.releases."""
