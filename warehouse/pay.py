"""Median annual pay by SOC code as published by a date (BLS OEWS national estimates): what transition paths
weigh a move by. The newest May estimate published by then; where BLS top-codes the median, the highest percentile
it publishes below it, as a floor; none where neither is published."""

from __future__ import annotations

import datetime as dt
from typing import Iterable

import duckdb

from scoring.signals import SeriesSpec
from scoring.transitions import Pay
from sources import oews
from sources.bls import Params
from sources.registry import publication_lags
from warehouse.point_in_time import observation_store

# Below the median, highest first: a top-coded median is at least these.
FLOOR_METRICS = ("annual_wage_p25", "annual_wage_p10")
TOP_CODED = "annual_median_wage_topcoded"


def median_pay(con: duckdb.DuckDBPyConnection, socs: Iterable[str], as_of: dt.date) -> dict[str, Pay]:
    """SOC code -> the newest OEWS year's median annual pay (USD) published by as_of, or a floor under it."""
    specs = {soc: oews.series_spec(Params(soc=soc), "pay") for soc in sorted(set(socs))}
    if not specs:
        return {}
    series = {(spec.source, spec.series_key) for spec in specs.values()}
    store = observation_store(con, [oews.NAME], as_of, series=series, lags=publication_lags())
    out = {}
    for soc, spec in specs.items():
        pay = _newest_pay(store, spec, as_of)
        if pay is not None:
            out[soc] = pay
    return out


def _newest_pay(store: dict, spec: SeriesSpec, as_of: dt.date) -> Pay | None:
    def newest(metric: str) -> tuple[dt.date, float | None] | None:
        points = [p for p in store.get((spec.source, spec.series_key, metric), []) if p[0] <= as_of]
        return points[-1] if points else None

    median = newest(spec.metric)
    if median is None:
        return None
    period, amount = median
    if amount is not None:
        return Pay(amount)
    flagged = newest(TOP_CODED)
    if flagged is None or flagged[0] != period:  # unpublished for another reason: no floor to speak of
        return None
    for metric in FLOOR_METRICS:  # the newest year only: an older number is not today's pay
        found = newest(metric)
        if found is not None and found[0] == period and found[1] is not None:
            return Pay(found[1], floor=True)
    return None
