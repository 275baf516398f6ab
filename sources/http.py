"""The polite HTTP client every adapter shares: retries, per-host pacing, robots.txt, size and type limits."""

from __future__ import annotations

import datetime as dt
import threading
import time
import urllib.robotparser
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from sources.base import FetchRequest, RawResponse
from sources.errors import SourceError

RETRIABLE_STATUSES = (429, 500, 502, 503, 504)
CHUNK = 64 * 1024


@dataclass(frozen=True)
class HttpConfig:
    user_agent: str
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    retries: int = 3
    backoff: float = 1.0
    backoff_max: float = 60.0
    retry_after_max: int = 300
    min_interval: float = 1.0  # seconds between requests to one host
    max_bytes: int = 20_000_000
    respect_robots: bool = True


# (etag, last_modified, content_hash) of the last archived response for a URL, and a body loader.
Validators = Callable[[str], dict | None]
BodyLoader = Callable[[str], bytes]


class HostPacer:
    """At most one request per host every min_interval seconds, across threads."""

    def __init__(self, min_interval: float):
        self.min_interval = min_interval
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.min_interval
        if start > now:
            time.sleep(start - now)


def build_session(config: HttpConfig) -> requests.Session:
    retry = Retry(
        total=config.retries,
        # A host that cannot be reached (no route, no name) is tried once more, not `retries` times with backoff:
        # offline, each host would otherwise cost a minute; an overloaded server's 5xx and 429 get every retry.
        connect=min(config.retries, 1),
        read=config.retries,
        status=config.retries,
        other=0,
        allowed_methods=None,
        status_forcelist=RETRIABLE_STATUSES,
        backoff_factor=config.backoff,
        backoff_max=config.backoff_max,
        backoff_jitter=config.backoff / 2,
        respect_retry_after_header=True,
        retry_after_max=config.retry_after_max,
        raise_on_status=False,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = config.user_agent
    return session


class PoliteClient:
    def __init__(
        self,
        config: HttpConfig,
        session: requests.Session | None = None,
        validators: Validators | None = None,
        load_body: BodyLoader | None = None,
        replayed: bool = False,
    ):
        self.config = config
        self.session = session or build_session(config)
        self.validators = validators or (lambda url: None)
        self.load_body = load_body
        self.replayed = replayed
        self.pacer = HostPacer(0.0 if replayed else config.min_interval)
        # Per origin: its rules, None (no robots.txt: allow all), or why it could not be read. A client lives for
        # one run (or one command): a host found unreachable is not asked again, with every retry, per URL.
        self._robots: dict[str, urllib.robotparser.RobotFileParser | SourceError | None] = {}
        self._robots_lock = threading.Lock()

    def close(self) -> None:
        self.session.close()

    def fetch(self, request: FetchRequest, content_types: tuple[str, ...]) -> RawResponse:
        """One response for the request (a 304 reuses the archived body); SourceError on any failure."""
        url = request.url
        self._check_robots(url)
        headers = self._conditional_headers(url)
        self.pacer.wait(urlsplit(url).netloc)
        try:
            response = self.session.request(
                request.method,
                url,
                json=request.json_body,
                headers=headers,
                stream=True,
                timeout=(self.config.connect_timeout, self.config.read_timeout),
            )
        except requests.exceptions.RetryError as exc:
            raise SourceError(url, f"gave up after {self.config.retries} retries: {exc}", retriable=True) from None
        except requests.Timeout:
            raise SourceError(
                url,
                f"timed out (connect {self.config.connect_timeout:g}s, read {self.config.read_timeout:g}s)",
                retriable=True,
            ) from None
        except requests.ConnectionError as exc:
            raise SourceError(url, f"connection failed: {exc}", retriable=True) from None
        with response:
            return self._accept(request, response, content_types)

    def _accept(
        self, request: FetchRequest, response: requests.Response, content_types: tuple[str, ...]
    ) -> RawResponse:
        url = request.url
        fetched_at = dt.datetime.now(dt.timezone.utc)
        if response.status_code == 304:
            return self._reuse_archived(request, response, fetched_at)
        if response.status_code != 200:
            retriable = response.status_code in RETRIABLE_STATUSES
            raise SourceError(
                url,
                f"HTTP {response.status_code} {response.reason or ''}".rstrip()
                + (" after retries" if retriable else " (not retried)"),
                retriable=retriable,
            )
        content_type = response.headers.get("Content-Type", "")
        if content_types and content_type.split(";")[0].strip().lower() not in content_types:
            raise SourceError(
                url, f"content type {content_type or '(none)'!r}, expected one of {', '.join(content_types)}"
            )
        return RawResponse(
            source=request.source,
            url=url,
            fetched_at=fetched_at,
            http_status=200,
            body=self._read_limited(url, response),
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
            content_type=content_type,
            replayed=self.replayed,
            vintage=_vintage(response, fetched_at),
        )

    def _read_limited(self, url: str, response: requests.Response) -> bytes:
        limit = self.config.max_bytes
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise SourceError(url, f"body of {int(declared):,} bytes exceeds the limit of {limit:,}")
        chunks, size = [], 0
        try:
            for chunk in response.iter_content(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise SourceError(url, f"body exceeds the limit of {limit:,} bytes (aborted while streaming)")
                chunks.append(chunk)
        except requests.RequestException as exc:
            raise SourceError(url, f"reading the body failed: {exc}", retriable=True) from None
        return b"".join(chunks)

    def _reuse_archived(
        self, request: FetchRequest, response: requests.Response, fetched_at: dt.datetime
    ) -> RawResponse:
        previous = self.validators(request.url)
        if not previous or self.load_body is None:
            raise SourceError(request.url, "HTTP 304 but no archived body to reuse")
        return RawResponse(
            source=request.source,
            url=request.url,
            fetched_at=fetched_at,
            http_status=200,
            body=self.load_body(previous["content_hash"]),
            etag=previous.get("etag"),
            last_modified=previous.get("last_modified"),
            content_type=previous.get("content_type"),
            not_modified=True,
            replayed=self.replayed,
            vintage=previous.get("vintage") or fetched_at,
        )

    def _conditional_headers(self, url: str) -> dict:
        previous = self.validators(url)
        headers = {}
        if previous and previous.get("etag"):
            headers["If-None-Match"] = previous["etag"]
        if previous and previous.get("last_modified"):
            headers["If-Modified-Since"] = previous["last_modified"]
        return headers

    def _check_robots(self, url: str) -> None:
        if not self.config.respect_robots:
            return
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._robots_lock:
            if origin not in self._robots:
                try:
                    self._robots[origin] = self._load_robots(origin)
                except SourceError as exc:
                    self._robots[origin] = exc
                    raise
        rules = self._robots[origin]
        if isinstance(rules, SourceError):
            raise SourceError(url, f"not fetched: {rules.url} could not be read earlier in this run", retriable=False)
        if rules is not None and not rules.can_fetch(self.config.user_agent, url):
            raise SourceError(url, f"disallowed by {origin}/robots.txt for our User-Agent; not fetched")

    def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        """The host's rules; None (allow all) when it has no robots.txt (4xx)."""
        robots_url = f"{origin}/robots.txt"
        self.pacer.wait(urlsplit(origin).netloc)
        try:
            response = self.session.get(robots_url, timeout=(self.config.connect_timeout, self.config.read_timeout))
        except requests.RequestException as exc:
            raise SourceError(
                robots_url, f"robots.txt unreachable, not fetching from this host: {exc}", retriable=True
            ) from None
        if 400 <= response.status_code < 500:
            return None
        if response.status_code != 200:
            raise SourceError(
                robots_url,
                f"robots.txt answered HTTP {response.status_code}; not fetching from this host",
                retriable=True,
            )
        rules = urllib.robotparser.RobotFileParser(robots_url)
        rules.parse(response.text.splitlines())
        return rules


def _vintage(response: requests.Response, fetched_at: dt.datetime) -> dt.datetime:
    """When this version was published: Last-Modified if the server says, else when we fetched it."""
    stamp = response.headers.get("Last-Modified")
    if stamp:
        from email.utils import parsedate_to_datetime

        try:
            return parsedate_to_datetime(stamp).astimezone(dt.timezone.utc)
        except (TypeError, ValueError):
            pass
    return fetched_at
