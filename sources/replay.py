"""Replay: a requests transport that answers from recorded files, so replayed fetches take the live code path."""

from __future__ import annotations

import datetime as dt
import io
import json
from email.utils import format_datetime
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers

from sources.errors import SourceError

MANIFEST_NAME = "manifest.json"


def load_manifest(root: Path) -> tuple[list[dict], str]:
    """The recordings of a replay folder: its own manifest.json, else the built-in one for the shared fixtures."""
    own = root / MANIFEST_NAME
    if own.is_file():
        return json.loads(own.read_text())["recordings"], str(own)
    builtin = resources.files("sources").joinpath("replay_manifest.json")
    return json.loads(builtin.read_text())["recordings"], "sources/replay_manifest.json"


def _requested_series(request: requests.PreparedRequest) -> set[str]:
    try:
        body = request.body if isinstance(request.body, (str, bytes)) else b"{}"
        return set(json.loads(body or b"{}").get("seriesid", []))
    except (ValueError, AttributeError):
        return set()


class ReplayAdapter(BaseAdapter):
    """Answers each request with its recording; where a URL was recorded at several dates (Epoch's download), the
    newest recorded on or before `as_of` (else the earliest), so a run as of a past date fetches what was there."""

    def __init__(self, root: Path, as_of: dt.date | None = None):
        super().__init__()
        self.root = Path(root)
        if not self.root.is_dir():
            raise SourceError(str(root), "replay folder does not exist")
        self.recordings, self.manifest_name = load_manifest(self.root)
        self.as_of = as_of

    def _match(self, request: requests.PreparedRequest) -> dict | None:
        found = []
        for entry in self.recordings:
            if entry["url"] != request.url or entry.get("method", "GET") != request.method:
                continue
            wanted = _requested_series(request)
            if wanted and not wanted <= set(entry.get("seriesid", [])):
                continue
            found.append(entry)
        return recording_for(found, self.as_of)

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: Any = True,
        cert: Any = None,
        proxies: dict[str, str] | None = None,
    ) -> requests.Response:
        url = request.url or ""
        entry = self._match(request)
        if entry is None:
            if urlsplit(url).path == "/robots.txt":
                return _response(request, 404, b"", {"Content-Type": "text/plain"})
            raise SourceError(
                url,
                f"no recording for this {request.method} in {self.manifest_name} (replaying from {self.root})",
            )
        path = self.root / entry["file"]
        try:
            body = path.read_bytes()
        except OSError as exc:
            raise SourceError(url, f"recording {path} unreadable: {exc.strerror}") from None
        vintage = dt.datetime.combine(dt.date.fromisoformat(entry["vintage"]), dt.time(), dt.timezone.utc)
        headers = {
            "Content-Type": entry["content_type"],
            "Content-Length": str(len(body)),
            "Last-Modified": format_datetime(vintage, usegmt=True),
        }
        return _response(request, 200, body, headers)

    def close(self) -> None:
        pass


def recording_for(entries: list[dict], as_of: dt.date | None) -> dict | None:
    """Of one URL's recordings, the newest recorded on or before as_of, else the earliest (no as-of: the newest)."""
    if not entries:
        return None
    dated = sorted(entries, key=lambda e: e["vintage"])
    by_then = [e for e in dated if as_of is None or dt.date.fromisoformat(e["vintage"]) <= as_of]
    return by_then[-1] if by_then else dated[0]


def _response(request: requests.PreparedRequest, status: int, body: bytes, headers: dict) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response.reason = "OK" if status == 200 else "Not Found"
    response.headers = CaseInsensitiveDict(headers)
    response.raw = io.BytesIO(body)
    response.url = request.url or ""
    response.request = request
    response.encoding = get_encoding_from_headers(response.headers)
    return response


def replay_session(root: Path, user_agent: str, as_of: dt.date | None = None) -> requests.Session:
    session = requests.Session()
    adapter = ReplayAdapter(root, as_of)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = user_agent
    return session
