"""Fuzzing every registered parser with mutations of its real recordings (hypothesis, derandomised):
whatever the body, a parser returns observations whose values are finite (or unavailable) or raises a
ParseError naming the URL; nothing else escapes, so nothing non-finite is ever stored."""

import math
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sources.base import FetchRequest
from sources.errors import ParseError
from sources.registry import SOURCES
from tests.conftest import REPO

EXAMPLES_PER_RECORDING = 1000  # every adapter has two recordings or gets 2,000 cases from its one
NASTY = [
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e999",
    "-1",
    "0",
    "-0",
    "abc",
    "",
    "1,2,3",
    "34.6k",
    "£",
    "null",
    "[]",
    "{}",
    '"',
    "\u00a0",
    "9" * 40,
    "2024-02-30",
    "M00",
    "31 Feb 2020",
    "<td>",
    "\x00",
    "é",
]
NUMBER = re.compile(rb"-?\d[\d.,]*")


def trimmed(body: bytes, name: str) -> bytes:
    """Keep inputs small so thousands of cases run in seconds: a CSV's first 150 lines; an IT Jobs Watch
    page's first summary table; JSON whole."""
    if name == "itjobswatch":
        start = body.find(b'<table class="summary"')
        end = body.find(b"</table>", start)
        return b"<html><body>" + body[start : end + 8] + b"</body></html>" if start >= 0 else body
    if body.lstrip()[:1] in (b"{", b"["):
        return body
    return b"\n".join(body.splitlines()[:150]) + b"\n"


def recording(fixtures, path: str) -> bytes:
    file = REPO / "tests/sources/data" / path.split(":", 1)[1] if path.startswith("synthetic:") else fixtures / path
    return file.read_bytes()


@st.composite
def mutated(draw, body: bytes) -> bytes:
    """One to three mutations: replace a number, truncate, delete or duplicate a line, or flip a byte."""
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["number", "number", "truncate", "line", "byte"]))
        if kind == "number":
            spans = [m.span() for m in NUMBER.finditer(body)] or [(0, 0)]
            start, end = spans[draw(st.integers(0, len(spans) - 1))]
            body = body[:start] + draw(st.sampled_from(NASTY)).encode() + body[end:]
        elif kind == "truncate":
            body = body[: draw(st.integers(0, len(body)))]
        elif kind == "line":
            lines = body.split(b"\n")
            index = draw(st.integers(0, len(lines) - 1))
            lines[index : index + 1] = [] if draw(st.booleans()) else [lines[index]] * 2
            body = b"\n".join(lines)
        elif body:
            index = draw(st.integers(0, len(body) - 1))
            body = body[:index] + bytes([draw(st.integers(0, 255))]) + body[index + 1 :]
    return body


CASES = [(name, url, path) for name, source in SOURCES.items() for url, path in source.examples]


@pytest.mark.parametrize("name, url, path", CASES, ids=[f"{n}:{p.split('/')[-1]}" for n, _, p in CASES])
def test_mutated_recordings_give_finite_values_or_a_parse_error(fixtures, name, url, path):
    source = SOURCES[name]
    base = trimmed(recording(fixtures, path), name)
    request = FetchRequest(name, url, json_body={"seriesid": ["CUUR0000SA0"]} if name == "bls" else None)
    per_recording = EXAMPLES_PER_RECORDING * (2 if len(source.examples) == 1 else 1)
    outcomes = {"parsed": 0, "refused": 0}

    @settings(
        max_examples=per_recording,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(mutated(base))
    def check(body):
        try:
            observations = source.parse(body, request)  # the parser itself, not the wrapper that would mask a crash
        except ParseError as exc:
            assert exc.url.startswith(url)  # the URL, sometimes with the cell or row after it
            outcomes["refused"] += 1
            return
        assert all(o.value is None or math.isfinite(o.value) for o in observations)
        outcomes["parsed"] += 1

    check()
    assert outcomes["parsed"] + outcomes["refused"] >= per_recording * 0.9
    assert outcomes["refused"] > 0  # the mutations do reach the contract checks
