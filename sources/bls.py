"""BLS public API v2: CPI-U (CUUR0000SA0) monthly and OEWS national wages by SOC code."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from typing import Annotated, Iterator, Mapping, Sequence

from pydantic import StringConstraints

from scoring.signals import SeriesSpec
from sources.base import FetchRequest, Observation, SignalParams, Source, check_contract
from sources.errors import ParseError
from sources.inflation import deflators
from sources.tabular import month_end, number

NAME = "bls"
URL = "https://api.bls.gov/publicAPI/v2/timeseries/data/"
CPI_SERIES = "CUUR0000SA0"
OEWS_DATATYPES = {
    "13": ("annual_median_wage", "USD/year"),
    "04": ("annual_mean_wage", "USD/year"),
    "01": ("employment", "count"),
}
# OEWS estimates are for May of the reference year.
OEWS_REFERENCE_MONTH = 5


def oews_series(soc: str, datatype: str) -> str:
    """National, all-industries OEWS series id, e.g. 15-1252 median -> OEUN000000000000015125213."""
    return f"OEUN0000000000000{soc.replace('-', '')}{datatype}"


ATTRIBUTION = "Source: U.S. Bureau of Labor Statistics"


class Params(SignalParams):
    soc: Annotated[str, StringConstraints(pattern=r"^\d{2}-\d{4}$")]


def median_wage_spec(
    source: str, soc: str, label: str, attribution: str, rse_metric: str | None = None, benchmark: str | None = None
) -> SeriesSpec:
    """An OEWS national median wage by SOC, May vs May a year earlier, deflated by US CPI-U (BLS API or files)."""
    return SeriesSpec(
        rse_metric=rse_metric,
        benchmark=benchmark,
        source=source,
        series_key=f"OEWS/{soc}",
        metric="annual_median_wage",
        shape="period",
        label=label,
        attribution=attribution,
        deflators=deflators("US"),
        currency="USD",
    )


def series_spec(params: Params, measure: str) -> SeriesSpec:
    return median_wage_spec(NAME, params.soc, f"US median wage, SOC {params.soc} (BLS OEWS)", ATTRIBUTION)


def _payload(series: list[str]) -> dict:
    return {"seriesid": series}


def authorise(request: FetchRequest, key: str) -> FetchRequest:
    """The optional registration key (JOBZONE_BLS_KEY) raises the API's daily limits."""
    return replace(request, json_body={**(request.json_body or {}), "registrationkey": key})


def requests_for(signals: Sequence[Mapping]) -> list[FetchRequest]:
    """One CPI request, and one OEWS request for every SOC the roles follow (median wage and employment)."""
    if not signals:
        return []
    requests = [FetchRequest(NAME, URL, method="POST", json_body=_payload([CPI_SERIES]))]
    socs = sorted({s["soc"] for s in signals if s.get("soc")})
    if socs:
        series = [oews_series(soc, dtype) for soc in socs for dtype in ("13", "01")]
        requests.append(FetchRequest(NAME, URL, method="POST", json_body=_payload(series), params={"socs": socs}))
    return requests


def _metric(series_id: str) -> tuple[str, str, str]:
    """(series key, metric, unit) for a BLS series id."""
    if series_id == CPI_SERIES:
        return CPI_SERIES, "cpi_index", "index (1982-84=100)"
    if series_id.startswith("OEUN") and len(series_id) == 25:
        soc = f"{series_id[17:19]}-{series_id[19:23]}"
        metric, unit = OEWS_DATATYPES.get(series_id[23:], (f"datatype_{series_id[23:]}", "value"))
        return f"OEWS/{soc}", metric, unit
    return series_id, "value", "value"


def _period_end(year: int, period: str) -> dt.date | None:
    """Month end for M01..M12, the OEWS reference month for annual A01; None for M13 (annual average)."""
    if period == "M13":
        return None
    if period == "A01":
        return month_end(year, OEWS_REFERENCE_MONTH)
    if len(period) == 3 and period.startswith("M") and period[1:].isdigit() and 1 <= int(period[1:]) <= 12:
        return month_end(year, int(period[1:]))
    raise ValueError(f"period {period!r} is not M01..M13 or A01")


def _points(document: object, url: str) -> Iterator[tuple[str, int, str, str | None]]:
    """(series id, year, period, value) of every data point; any other shape is a ParseError."""
    if not isinstance(document, dict):
        raise ParseError(url, f"not a BLS API v2 response (a JSON {type(document).__name__})")
    if document.get("status") != "REQUEST_SUCCEEDED":
        messages = document.get("message")
        text = "; ".join(str(m) for m in messages) if isinstance(messages, list) and messages else "no message"
        raise ParseError(url, f"BLS API status {document.get('status')!r}: {text}")
    try:
        for series in document["Results"]["series"]:
            for point in series.get("data", []):
                yield series["seriesID"], int(point["year"]), str(point["period"]), point["value"]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ParseError(url, f"not a BLS API v2 series document ({type(exc).__name__}: {exc})") from None


def parse(body: bytes, request: FetchRequest) -> list[Observation]:
    url = request.url
    try:
        document = json.loads(body)
    except ValueError as exc:
        raise ParseError(url, f"not JSON: {exc}") from None
    observations = []
    for series_id, year, period, value in _points(document, url):
        key, metric, unit = _metric(str(series_id))
        try:
            end = _period_end(year, period)
        except ValueError as exc:
            raise ParseError(url, f"{series_id} {year}: {exc}") from None
        if end is not None:
            observations.append(
                Observation(
                    source=NAME,
                    series_key=key,
                    period_date=end,
                    metric=metric,
                    value=number(value, f"{url} {series_id} {year} {period}"),
                    unit=unit,
                )
            )
    observations.sort(key=lambda o: (o.series_key, o.metric, o.period_date))  # the API sends newest first
    return check_contract(
        observations,
        url,
        min_rows=1,
        plausible={"cpi_index": (1, 10_000), "annual_median_wage": (5_000, 1_000_000)},
        positive=("cpi_index", "annual_median_wage"),
    )


SOURCE = Source(
    name=NAME,
    title="U.S. Bureau of Labor Statistics API v2",
    attribution=ATTRIBUTION,
    licence="public domain (US government)",
    content_types=("application/json",),
    yields="monthly CPI-U index; OEWS national median wage and employment by SOC (May of each year)",
    requests_for=requests_for,
    parse=parse,
    examples=(
        (URL, "bls/RECONSTRUCTED_timeseries_CUUR0000SA0_2024-2026.json"),
        (URL, "bls/RECONSTRUCTED_timeseries_OEUN_15-1252_15-2051_May2023.json"),
    ),
    params=Params,
    series_spec=series_spec,
    measures=("pay",),
    authorise=authorise,
    publication_lags=(("CU", 15),),  # CPI series two weeks after the month; OEWS (OEU...) by vintage
)
