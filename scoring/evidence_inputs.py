"""What an evidence row rests on, as typed records with one versioned JSON codec: the market series a dimension
read (MarketInputs) or the AI capability families it read (CapabilityInputs). The run computes them, the warehouse
stores them as JSON (`inputs_json`) and reads them back (`inputs_of`); explanations, alerts, pages and the API read
the records' fields, never a JSON key by name, so renaming a field is a type error, not a silent miss."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal, Mapping, TypedDict

from scoring.capability import FamilyReading

# The stored form's version: "v" in the JSON. Rows stored before the codec had none and are version 1's shape.
CODEC_VERSION = 1


class Reading(TypedDict, total=False):
    """One series at one date: its year-on-year change, or why it was left out (ok False, note). A TypedDict,
    not a dataclass: the computation builds and combines it key by key; stored inside a SeriesInput."""

    ok: bool
    note: str
    newest: dt.date  # left out as too old: the newest period published (plain words on pages)
    period: dt.date
    value: float
    prev_period: dt.date
    prev_value: float
    weight: float
    nominal_pct: float
    sample: float
    change: float
    inflation_pct: float
    skipped: list[str]
    basis: str  # real | relative | absolute: what `change` measures
    basis_note: str
    benchmark_pct: float  # the aggregate's change over the same periods (relative basis)
    se: float  # standard error of `change` (sampling error, or the series' own wobble), same unit
    se_basis: str


class InputsCodecError(ValueError):
    """Stored evidence inputs this code cannot read (another version, or a field it does not know)."""


@dataclass(frozen=True, kw_only=True)
class Levels:
    """How a dimension's reading became a level: what every kind of inputs records once it has read something
    (all None when it was held before reading: a failed source, no usable series)."""

    mode: str  # anchored | absolute
    as_of: dt.date
    origin: str | None = None  # what the role follows and why (its SOC code, its exposed work)
    change_now: float | None = None  # the combined change read now (percent, or minus the capability rise)
    se_now: float | None = None  # its standard error
    z: float | None = None  # standard errors a change must pass to count
    level_now: int | None = None  # the market level now, after hysteresis (None: never read)
    level_words: str | None = None  # why that level, in words
    change_before: float | None = None  # the change the previous run read ("less than the fall before")
    level_anchor: int | None = None  # the level at the anchor date (anchored mode)


@dataclass(frozen=True, kw_only=True)
class SeriesInput:
    """One market series a dimension follows, read now and at the assessment date."""

    source: str
    series: str
    metric: str
    label: str
    attribution: str
    now: Reading
    anchor: Reading
    currency: str | None = None  # the money a pay level is in (ISO 4217); None for counts and indexes


@dataclass(frozen=True, kw_only=True)
class MarketInputs(Levels):
    kind: Literal["market"] = "market"
    assessed_on: dt.date
    series: tuple[SeriesInput, ...] = ()
    basis: str | None = None  # real | relative | absolute: what change_now measures
    used: tuple[str, ...] = ()  # the labels of the series that had a reading
    change_anchor: float | None = None
    se_anchor: float | None = None


@dataclass(frozen=True, kw_only=True)
class CapabilityInputs(Levels):
    kind: Literal["capability"] = "capability"
    anchor: dt.date  # the date the role's task scores reflect AI as it was
    families: tuple[FamilyReading, ...] = ()
    download: str | None = None  # the archived download every reading came from (lineage)
    rise: float | None = None  # the exposed work's frontier rise since the anchor, in steps


EvidenceInputs = MarketInputs | CapabilityInputs


def inputs_json(inputs: EvidenceInputs | None) -> dict[str, Any] | None:
    """The stored form: the record's fields (None ones left out), its kind and the codec version. Shallow: the
    readings are the run's own dicts, encoded as they are (a 10,000-role run encodes thousands of these)."""
    if inputs is None:
        return None
    out: dict[str, Any] = {"v": CODEC_VERSION}
    for name in _FIELDS[type(inputs)]:
        value = getattr(inputs, name)
        if value is None or (name == "used" and not value):
            continue
        if name == "series":
            value = [{field: getattr(series, field) for field in _SERIES_FIELDS} for series in value]
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out


_FIELDS = {record: tuple(f.name for f in dataclasses.fields(record)) for record in (MarketInputs, CapabilityInputs)}
_SERIES_FIELDS = tuple(f.name for f in dataclasses.fields(SeriesInput))


def inputs_of(data: Mapping[str, Any] | None) -> EvidenceInputs | None:
    """The record a stored form holds (None for none: an analyst's or a pinned value read nothing)."""
    if not data:
        return None
    fields = dict(data)
    version = fields.pop("v", 1)
    if version != CODEC_VERSION:
        raise InputsCodecError(f"evidence inputs of codec version {version!r}; this jobzone reads {CODEC_VERSION}")
    kind = fields.setdefault("kind", "market")
    record: type[MarketInputs] | type[CapabilityInputs]
    if kind == "market":
        record = MarketInputs
        try:
            fields["series"] = tuple(SeriesInput(**series) for series in fields.get("series", ()))
        except TypeError as exc:
            raise InputsCodecError(f"market evidence inputs with a series of other fields: {exc}") from None
        fields["used"] = tuple(fields.get("used", ()))
    elif kind == "capability":
        record = CapabilityInputs
        fields["families"] = tuple(fields.get("families", ()))
    else:
        raise InputsCodecError(f"evidence inputs of kind {kind!r}; this jobzone reads 'market' and 'capability'")
    known = {field.name for field in dataclasses.fields(record)}
    unknown = sorted(set(fields) - known)
    if unknown:
        raise InputsCodecError(f"{kind} evidence inputs with unknown field(s) {', '.join(unknown)}")
    for name in ("as_of", "assessed_on", "anchor"):
        if isinstance(fields.get(name), str):
            fields[name] = dt.date.fromisoformat(fields[name])
    return record(**fields)
