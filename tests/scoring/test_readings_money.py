"""A reading of pay shows its currency (pounds in the UK's view, dollars in the US's); an index or a count stays a
number, and a series stored before series carried a currency reads as it did. Synthetic readings, labelled."""

import datetime as dt

from scoring.evidence_inputs import MarketInputs, SeriesInput, inputs_json, inputs_of
from scoring.explain import describe_reading

NOW = {
    "ok": True,
    "value": 53501.0,
    "period": "2024-04-30",
    "prev_value": 48229.0,
    "prev_period": "2023-04-30",
    "nominal_pct": 10.9,
    "change": 4.4,
    "benchmark_pct": 6.5,
    "basis": "relative",
}


def _series(currency: str | None) -> SeriesInput:
    return SeriesInput(
        source="s",
        series="k",
        metric="m",
        label="synthetic pay",
        attribution="",
        now=NOW,
        anchor=NOW,
        currency=currency,
    )


def test_pay_is_written_in_its_currency_and_an_index_as_a_number():
    assert "synthetic pay: £53,501 (2024-04-30) vs £48,229 (2023-04-30): +10.9%" in describe_reading(
        _series("GBP"), NOW
    )
    assert ": $53,501 (" in describe_reading(_series("USD"), NOW)
    assert ": €53,501 (" in describe_reading(_series("EUR"), NOW)
    assert ": 53,501 CHF (" in describe_reading(_series("CHF"), NOW)  # no sign known: the code, never a wrong sign
    assert ": 53,501 (2024-04-30) vs 48,229 (" in describe_reading(_series(None), NOW)


def test_a_series_stored_without_a_currency_reads_as_before():
    market = MarketInputs(
        mode="anchored", as_of=dt.date(2026, 3, 31), assessed_on=dt.date(2025, 11, 1), series=(_series("GBP"),)
    )
    stored = inputs_json(market)
    assert stored is not None
    for series in stored["series"]:
        series.pop("currency")
    read = inputs_of(stored)
    assert read is not None and read.series[0].currency is None  # type: ignore[union-attr]
