"""The polite client against a real HTTP server on 127.0.0.1 (pytest-httpserver)."""

import time

import pytest
from werkzeug import Response

from sources.base import FetchRequest
from sources.errors import SourceError
from sources.http import HttpConfig, PoliteClient

HTML = ("text/html",)


def config(**overrides) -> HttpConfig:
    base = dict(
        user_agent="jobzone-test/1 (+test@example.org)",
        connect_timeout=2,
        read_timeout=2,
        retries=2,
        backoff=0.05,
        backoff_max=0.2,
        min_interval=0.0,
    )
    return HttpConfig(**{**base, **overrides})


def stamped(log: list, response: Response):
    """A handler that records when each request arrived, then answers."""

    def handler(request):
        log.append((time.monotonic(), request.path, dict(request.headers)))
        return response

    return handler


@pytest.fixture
def no_robots(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    return httpserver


def sequence(log: list, *responses: Response):
    """A handler answering each request with the next response in turn, recording arrival times."""
    queue = list(responses)

    def handler(request):
        log.append((time.monotonic(), request.path, dict(request.headers)))
        return queue.pop(0)

    return handler


def fetch(client, httpserver, path="/page", content_types=HTML):
    return client.fetch(FetchRequest("test", httpserver.url_for(path)), content_types)


def test_503_then_200_honours_retry_after(no_robots):
    log = []
    no_robots.expect_request("/page").respond_with_handler(
        sequence(
            log,
            Response("busy", status=503, headers={"Retry-After": "1"}),
            Response("<p>ok</p>", content_type="text/html"),
        )
    )
    response = fetch(PoliteClient(config()), no_robots)
    assert response.body == b"<p>ok</p>" and len(log) == 2
    assert log[1][0] - log[0][0] >= 0.95  # waited the server's Retry-After, not our 0.05 s backoff


def test_404_is_fatal_and_not_retried(no_robots):
    log = []
    no_robots.expect_request("/gone").respond_with_handler(stamped(log, Response("no", status=404)))
    with pytest.raises(SourceError) as caught:
        fetch(PoliteClient(config()), no_robots, "/gone")
    assert len(log) == 1 and not caught.value.retriable
    assert str(caught.value) == f"{no_robots.url_for('/gone')}: HTTP 404 NOT FOUND (not retried)"


def test_persistent_5xx_gives_up_after_the_retries(no_robots):
    log = []
    no_robots.expect_request("/down").respond_with_handler(stamped(log, Response("x", status=502)))
    with pytest.raises(SourceError, match="502") as caught:
        fetch(PoliteClient(config(retries=2)), no_robots, "/down")
    assert len(log) == 3 and caught.value.retriable


def test_read_timeout_names_the_url(no_robots):
    def slow(request):
        time.sleep(1.5)
        return Response("<p>late</p>", content_type="text/html")

    no_robots.expect_request("/slow").respond_with_handler(slow)
    with pytest.raises(SourceError, match=r"/slow: .*(timed out|Read timed out)"):
        fetch(PoliteClient(config(read_timeout=0.5, retries=0)), no_robots, "/slow")


def test_body_over_the_limit_is_aborted(no_robots):
    no_robots.expect_request("/big").respond_with_data("x" * 5000, content_type="text/html")
    with pytest.raises(SourceError, match="exceeds the limit of 1,000"):
        fetch(PoliteClient(config(max_bytes=1000)), no_robots, "/big")

    def streamed(request):  # no Content-Length: the limit must hold while streaming
        return Response((b"y" * 500 for _ in range(10)), content_type="text/html", direct_passthrough=True)

    no_robots.expect_request("/stream").respond_with_handler(streamed)
    with pytest.raises(SourceError, match="aborted while streaming"):
        fetch(PoliteClient(config(max_bytes=1000)), no_robots, "/stream")


def test_unexpected_content_type_is_refused(no_robots):
    no_robots.expect_request("/page").respond_with_data("{}", content_type="application/json")
    with pytest.raises(SourceError, match=r"content type 'application/json', expected one of text/html"):
        fetch(PoliteClient(config()), no_robots)


def test_robots_disallow_is_reported_not_fetched(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /private/\n")
    log = []
    httpserver.expect_request("/private/page").respond_with_handler(stamped(log, Response("secret")))
    with pytest.raises(SourceError, match="disallowed by .*robots.txt"):
        fetch(PoliteClient(config()), httpserver, "/private/page")
    assert log == []


def test_304_reuses_the_archived_body(no_robots):
    log = []
    no_robots.expect_request("/page").respond_with_handler(
        sequence(
            log,
            Response(
                "<p>v1</p>",
                content_type="text/html",
                headers={"ETag": '"v1"', "Last-Modified": "Mon, 02 Mar 2020 00:00:00 GMT"},
            ),
            Response(status=304),
        )
    )
    first = fetch(PoliteClient(config()), no_robots)
    archived = {
        first.url: {
            "etag": first.etag,
            "last_modified": first.last_modified,
            "content_hash": first.content_hash,
            "content_type": first.content_type,
            "vintage": first.vintage,
        }
    }
    client = PoliteClient(config(), validators=archived.get, load_body={first.content_hash: first.body}.__getitem__)
    second = fetch(client, no_robots)
    assert log[1][2]["If-None-Match"] == '"v1"' and log[1][2]["If-Modified-Since"] == "Mon, 02 Mar 2020 00:00:00 GMT"
    assert second.not_modified and second.body == b"<p>v1</p>" and second.content_hash == first.content_hash
    assert second.vintage.year == 2020


def test_per_host_interval_is_respected(no_robots):
    log = []
    for path in ("/a", "/b", "/c", "/d"):
        no_robots.expect_request(path).respond_with_handler(stamped(log, Response("<p/>", content_type="text/html")))
    client = PoliteClient(config(min_interval=0.3))
    for path in ("/a", "/b", "/c", "/d"):
        fetch(client, no_robots, path)
    gaps = [later[0] - earlier[0] for earlier, later in zip(log, log[1:])]
    assert len(gaps) == 3 and min(gaps) >= 0.29, gaps
    assert all(entry[2]["User-Agent"] == "jobzone-test/1 (+test@example.org)" for entry in log)


def test_non_loopback_connections_are_blocked_in_tests():
    import socket

    with pytest.raises(OSError, match="blocked in tests"):
        socket.create_connection(("203.0.113.1", 80), timeout=1)


def test_a_host_whose_robots_txt_cannot_be_read_is_asked_once_per_client(httpserver):
    """Offline or down, a host cost every URL a full round of retries on its robots.txt (15 errors and over a
    minute for an offline nightly); now the first URL says why and the rest say it was not asked again."""
    log = []
    httpserver.expect_request("/robots.txt").respond_with_handler(stamped(log, Response("x", status=503)))
    client = PoliteClient(config(retries=2))
    with pytest.raises(SourceError, match=r"robots\.txt answered HTTP 503") as first:
        fetch(client, httpserver, "/a")
    asked = len(log)
    assert asked == 3 and first.value.retriable  # the first URL: the retries, then why
    for path in ("/b", "/c"):
        with pytest.raises(SourceError) as later:
            fetch(client, httpserver, path)
        assert str(later.value) == (
            f"{httpserver.url_for(path)}: not fetched: {httpserver.url_for('/robots.txt')} could not be read earlier "
            "in this run"
        )
    assert len(log) == asked  # not asked again
    fresh = PoliteClient(config(retries=0))  # the next run's client asks again
    with pytest.raises(SourceError, match="503"):
        fetch(fresh, httpserver, "/a")
    assert len(log) == asked + 1
