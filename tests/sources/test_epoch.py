"""Epoch AI's downloads: every recorded vintage parses to the benchmarks jobzone reads, and a download that breaks
the contract is refused with the member, model and rule named. Broken downloads are built here from the recorded
ones (labelled synthetic data: one column or row changed)."""

import datetime as dt
import io
import random
import zipfile

import pytest

from sources import epoch
from sources.base import FetchRequest
from sources.errors import ParseError

BENCHMARKS = FetchRequest("epoch", epoch.BENCHMARKS_URL)
MODELS = FetchRequest("epoch", epoch.MODELS_URL)
VINTAGES = ("2026-01-20", "2026-03-12", "2026-04-11", "2026-05-02")


def download(fixtures, vintage="2026-04-11") -> bytes:
    return (fixtures / "ai_capability" / "epoch_benchmarks" / vintage / "benchmark_data.zip").read_bytes()


def rezip(body: bytes, change) -> bytes:
    """The download with each member passed through change(name, data) -> data (None drops the member)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(body)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = change(info.filename, source.read(info))
            if data is not None:
                target.writestr(info.filename, data)
    return out.getvalue()


def scores(observations) -> dict[str, int]:
    counts: dict[str, int] = {}
    for o in observations:
        if o.metric == "score":
            benchmark = o.series_key.split("/", 1)[0]
            counts[benchmark] = counts.get(benchmark, 0) + 1
    return counts


@pytest.mark.parametrize("vintage", VINTAGES)
def test_every_recorded_download_parses_to_the_benchmarks_read(fixtures, vintage):
    observations = epoch.parse(download(fixtures, vintage), BENCHMARKS)
    counts = scores(observations)
    assert counts["metr_time_horizon"] >= 32 and counts["swe_bench_verified"] >= 20 and counts["eci"] >= 270
    assert ("gdpval" in counts) == (vintage >= "2026-04-11")  # GDPval appears in April's download
    metr = {o.metric for o in observations if o.series_key.startswith("metr_time_horizon/")}
    assert metr == {"score", "ci_low", "ci_high"}
    assert any(o.metric == "stderr" for o in observations if o.series_key.startswith("swe_bench_verified/"))


def test_the_april_download_holds_claude_opus_4_6s_horizon_with_its_interval(fixtures):
    values = {
        o.metric: o.value
        for o in epoch.parse(download(fixtures), BENCHMARKS)
        if o.series_key == "metr_time_horizon/claude-opus-4-6_unknown"
    }
    assert values == {
        "score": pytest.approx(718.8, abs=0.1),
        "ci_low": pytest.approx(319.3, abs=0.1),
        "ci_high": pytest.approx(3949.8, abs=0.1),
    }


def test_fractions_are_read_as_percent_and_a_models_best_row_counts(fixtures):
    observations = epoch.parse(download(fixtures), BENCHMARKS)
    gdpval = {o.series_key: o.value for o in observations if o.series_key.startswith("gdpval/") and o.metric == "score"}
    assert gdpval["gdpval/gpt-5.2-2025-12-11_none"] == pytest.approx(49.7)
    osworld = [
        o.value for o in observations if o.series_key == "os_world/claude-sonnet-4-5-20250929" and o.metric == "score"
    ]
    assert osworld == [62.9]  # three step budgets (15, 50, 100): the best


def test_describe_names_models_and_floors_their_publication(fixtures):
    info = {i.series_key: i for i in epoch.describe(download(fixtures), BENCHMARKS)}
    opus = info["metr_time_horizon/claude-opus-4-6_unknown"]
    assert (opus.title, opus.publisher, opus.released) == ("Claude Opus 4.6", "Anthropic", dt.date(2026, 2, 5))
    assert opus.not_before == dt.date(2026, 2, 5) + dt.timedelta(days=epoch.RELEASE_LAG_DAYS)
    assert info["metr_time_horizon/gpt-4-0314"].not_before == dt.date(2025, 3, 19)  # METR's first publication
    swe = info["swe_bench_verified/claude-opus-4-6"]
    assert swe.not_before >= dt.date(2026, 2, 18)  # Epoch started its run on 2026-02-18


def test_a_download_without_a_required_benchmark_is_refused_by_name(fixtures):
    body = rezip(
        download(fixtures), lambda name, data: None if name.endswith("metr_time_horizons_external.csv") else data
    )
    with pytest.raises(ParseError, match="lacks metr_time_horizons_external.csv"):
        epoch.parse(body, BENCHMARKS)
    without_gdpval = rezip(download(fixtures), lambda name, data: None if name.startswith("gdpval") else data)
    assert "gdpval" not in scores(epoch.parse(without_gdpval, BENCHMARKS))  # optional: older downloads lack it


def test_an_interval_that_does_not_hold_its_horizon_is_refused_naming_the_model(fixtures):
    def swap(name, data):
        if name == "metr_time_horizons_external.csv":
            return data.replace(b"718.80683", b"9999.5")
        return data

    with pytest.raises(ParseError, match="claude-opus-4-6_unknown: interval"):
        epoch.parse(rezip(download(fixtures), swap), BENCHMARKS)


def test_an_implausible_score_is_refused(fixtures):
    def inflate(name, data):
        return data.replace(b",66.3,", b",266.3,") if name == "os_world_external.csv" else data

    with pytest.raises(ParseError, match="outside 0..100"):
        epoch.parse(rezip(download(fixtures), inflate), BENCHMARKS)


def test_not_a_zip_and_an_oversized_member_are_refused(fixtures, monkeypatch):
    with pytest.raises(ParseError, match="not a zip archive"):
        epoch.parse(b"<html>maintenance</html>", BENCHMARKS)
    monkeypatch.setattr(epoch, "MAX_MEMBER_BYTES", 1000)
    with pytest.raises(ParseError, match="unpacks to"):
        epoch.parse(download(fixtures), BENCHMARKS)


def test_mutated_downloads_never_crash_the_parser(fixtures):
    """Random byte changes: either a clean parse or a ParseError, never another exception."""
    body = bytearray(download(fixtures))
    rng = random.Random(33)
    for _ in range(40):
        mutated = bytearray(body)
        for _ in range(rng.randint(1, 8)):
            mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        try:
            epoch.parse(bytes(mutated), BENCHMARKS)
        except ParseError:
            pass


@pytest.mark.parametrize("path", ["notable-ai-models.csv", "2026-07-19/notable_ai_models.csv"])
def test_the_notable_models_lists_parse_and_say_what_each_model_is(fixtures, path):
    body = (fixtures / "ai_capability" / "epoch_models" / path).read_bytes()
    observations = epoch.parse(body, MODELS)
    assert len(observations) > 900 and {o.metric for o in observations} == {"listed"}
    info = {i.series_key: i for i in epoch.describe(body, MODELS)}
    assert info["model/Claude Opus 4.5"].publisher == "Anthropic"
    assert epoch.url_for_body(body) == epoch.MODELS_URL
    assert epoch.url_for_body(download(fixtures)) == epoch.BENCHMARKS_URL


# The frontier rises each benchmark's step is calibrated on (scoring/capability.py), recomputed from the recording.
CALIBRATION = {
    "metr_time_horizon": ("claude-3-7-sonnet-20250219", "claude-opus-4-6_unknown", "3.6"),
    "swe_bench_verified": ("claude-3-7-sonnet-20250219", "claude-opus-4-6", "17.8"),
    "os_world": ("claude-3-7-sonnet-20250219", "claude-opus-4-5-20251101", "30.5"),
    "gdpval": ("gpt-4o-2024-11-20", "gpt-5.2-2025-12-11_none", "40"),
    "eci": ("gemini-2.5-pro-exp-03-25", "gemini-3.1-pro-preview-customtools", "11.7"),
}


@pytest.mark.parametrize("key", sorted(CALIBRATION))
def test_each_steps_calibration_is_what_the_recording_says(fixtures, key):
    import math

    from scoring.capability import get_benchmark

    values = {
        o.series_key: o.value for o in epoch.parse(download(fixtures, "2026-05-02"), BENCHMARKS) if o.metric == "score"
    }
    old, new, stated = CALIBRATION[key]
    before, after = values[f"{key}/{old}"], values[f"{key}/{new}"]
    rise = math.log2(after / before) if key == "metr_time_horizon" else after - before
    assert f"{rise:.{len(stated.split('.')[1]) if '.' in stated else 0}f}" == stated
    benchmark = get_benchmark(key)
    assert stated in benchmark.calibration
    assert 2.5 <= rise / benchmark.step <= 4.5  # a step is about a quarter of that year's rise
