"""In a country's view a role reads what the country's data imply, plus the series of its own [signals] table that
are that country's (sources/signals.with_local_series). Synthetic tables, labelled: no recorded data."""

from scoring.signals import DimensionSignals
from sources.signals import implied_signals, with_local_series

OWN = {
    "job_posting_trends": DimensionSignals.model_validate(
        {
            "itjobswatch": {"term": "mlops", "location": "uk"},
            "fred": {"series": "IHLIDXUSTPSOFTDEVE"},
            "hiringlab": [
                {"country": "US", "sector": "Software Development"},
                {"country": "GB", "sector": "Software Development"},
            ],
        }
    ),
    "wage_trends": DimensionSignals.model_validate({"pinned": True}),
}


def _sources(block: DimensionSignals) -> list[tuple[str, dict]]:
    return sorted((ref.source, ref.params) for ref in block.entries("d"))


def test_the_countrys_own_series_join_what_its_data_imply_once_and_a_pinned_dimension_stays_pinned():
    implied, _ = implied_signals("15-1252", (("2134", 1.0),), False, "GB")
    merged = with_local_series(implied, OWN, "GB")
    postings = _sources(merged["job_posting_trends"])
    assert postings == [
        ("hiringlab", {"country": "GB", "sector": "Software Development"}),  # implied and the analyst's: read once
        ("itjobswatch", {"location": "uk", "term": "mlops"}),
    ]
    assert merged["job_posting_trends"].mode == "anchored"
    assert merged["wage_trends"].pinned  # the analyst pinned it: no country's data moves it


def test_a_table_with_nothing_of_the_country_leaves_the_implied_signals_as_they_are():
    implied, _ = implied_signals("15-1252", (), False, "DE")
    unpinned = {"job_posting_trends": OWN["job_posting_trends"]}
    assert with_local_series(implied, unpinned, "DE") is implied  # Indeed US, FRED, IT Jobs Watch: none German
