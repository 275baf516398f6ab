"""The one inflation table: price indexes that deflate wages, by the country the wage is paid in.

Each entry names the source, the parameters the fetch plan asks of it, and the stored series it yields;
preferred first (the BLS API's CPI-U wins over the long datasets/cpi-us history where both have a month)."""

from __future__ import annotations

from dataclasses import dataclass

from scoring.signals import SeriesKey


@dataclass(frozen=True)
class PriceIndex:
    source: str
    params: dict
    series_key: str
    metric: str

    @property
    def key(self) -> SeriesKey:
        return (self.source, self.series_key, self.metric)


INFLATION: dict[str, tuple[PriceIndex, ...]] = {
    "US": (
        PriceIndex("bls", {}, "CUUR0000SA0", "cpi_index"),
        PriceIndex("uscpi", {"series": "CUUR0000SA0"}, "CUUR0000SA0", "cpi_index"),
    ),
    "UK": (PriceIndex("ons", {"series": "L522"}, "L522", "cpih_index"),),
}


def deflators(country: str) -> tuple[SeriesKey, ...]:
    return tuple(index.key for index in INFLATION.get(country, ()))
