"""ONS time series (UK): CPIH index L522 (2015=100) and its annual rate L55O, from the series' JSON endpoint."""

from __future__ import annotations

import datetime as dt
import json
from typing import Mapping, Sequence

from sources.base import FetchRequest, Observation, Source, check_contract
from sources.errors import ParseError
from sources.tabular import month_end, number

NAME = "ons"
SERIES = {"L522": ("cpih_index", "index (2015=100)"), "L55O": ("cpih_annual_rate", "%")}
MONTHS = {
    m: i for i, m in enumerate(("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1)
}


def series_url(cdid: str, dataset: str = "mm23") -> str:
    return f"https://www.ons.gov.uk/economy/inflationandpriceindices/timeseries/{cdid.lower()}/{dataset}/data"


def requests_for(signals: Sequence[Mapping]) -> list[FetchRequest]:
    return [FetchRequest(NAME, series_url("L522"))] if signals else []


def _month(label: str, url: str) -> dt.date:
    try:
        year, month = label.split()
        return month_end(int(year), MONTHS[month.upper()[:3]])
    except (ValueError, KeyError):
        raise ParseError(url, f"month {label!r} is not like '2025 JAN'") from None


def parse(body: bytes, request: FetchRequest) -> list[Observation]:
    url = request.url
    try:
        document = json.loads(body)
        cdid = str(document["description"]["cdid"]).upper()
        months = document["months"]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ParseError(url, f"not an ONS time series document (need description.cdid and months): {exc}") from None
    if cdid not in SERIES:
        raise ParseError(url, f"series {cdid} is not one jobzone reads (expected one of {', '.join(SERIES)})")
    metric, unit = SERIES[cdid]
    if not isinstance(months, list) or not all(isinstance(m, dict) and isinstance(m.get("date"), str) for m in months):
        raise ParseError(url, "months must be a list of {date, value} objects")
    observations = [
        Observation(
            source=NAME,
            series_key=cdid,
            period_date=_month(m["date"], url),
            metric=metric,
            value=number(m.get("value"), f"{url} {m['date']}"),
            unit=unit,
        )
        for m in months
    ]
    observations.sort(key=lambda o: o.period_date)
    return check_contract(
        observations, url, min_rows=12, plausible={"cpih_index": (1, 10_000)}, positive=("cpih_index",)
    )


SOURCE = Source(
    name=NAME,
    title="Office for National Statistics time series",
    licence="Open Government Licence v3.0",
    attribution="Source: Office for National Statistics licensed under the Open Government Licence v3.0",
    content_types=("application/json",),
    yields="UK CPIH index (L522) monthly, dated at month end",
    requests_for=requests_for,
    parse=parse,
    # No recording of this source exists: its example is a labelled synthetic file in the tests.
    examples=((series_url("L522"), "synthetic:ons_cpih_l522_synthetic.json"),),
    publication_lags=(("", 20),),  # a month's CPIH is released about three weeks after the month ends
)
