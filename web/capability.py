"""The /ai page's data: each benchmark's frontier over time (the models that set a new best, with their error bars)
and the release events, read from the warehouse as known today."""

from __future__ import annotations

import datetime as dt

import duckdb

from scoring.capability import BENCHMARKS, FAMILY_TITLES, Z_95, Result, shown_value
from scoring.frontier_events import frontier_history
from sources.epoch import ATTRIBUTION
from warehouse.capability import ReleaseEvent, capability_results, events
from web import charts, data
from web.settings import WebSettings


def _bounds(result: Result) -> tuple[float, float]:
    """The error bar in the benchmark's unit: METR's 95% interval, else two standard errors either side."""
    if result.ci_low is not None and result.ci_high is not None:
        return result.ci_low, result.ci_high
    se = result.rise_error()
    return max(0.0, result.score - Z_95 * se), result.score + Z_95 * se


def _point(result: Result) -> dict:
    low, high = _bounds(result)
    return {
        "released": result.released,
        "published": result.published,
        "value": result.score,
        "low": low,
        "high": high,
        "label": result.title,
        "organisation": result.organisation,
        "shown": shown_value(result.benchmark, result.score),
        "range": f"{shown_value(result.benchmark, low)}-{shown_value(result.benchmark, high)}",
    }


def capability_page(settings: WebSettings) -> dict:
    today = dt.datetime.now(dt.timezone.utc).date()

    def load(con: duckdb.DuckDBPyConnection) -> tuple[list[Result], list[ReleaseEvent]]:
        return capability_results(con, today), events(con)

    results, found = data.read(settings, load)
    frontiers = []
    for benchmark in BENCHMARKS:
        points = [_point(r) for r in frontier_history(results, benchmark.key)]
        frontiers.append(
            {
                "benchmark": benchmark,
                "family": FAMILY_TITLES[benchmark.family],
                "points": points,
                "chart": charts.frontier_chart(points, benchmark.title, benchmark.logarithmic),
            }
        )
    return {"frontiers": frontiers, "events": found, "attribution": ATTRIBUTION, "as_of": today}
