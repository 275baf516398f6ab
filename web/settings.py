"""What the web app and the static site read, on top of notifications (JOBZONE_BASE_URL, JOBZONE_SECRET, ...)."""

from __future__ import annotations

from pathlib import Path

from notifications.settings import NotificationSettings


class WebSettings(NotificationSettings):
    releases: Path = Path("releases")  # AI-tool release files and the list of those applied to the drafts
