"""What the listing pages, search and subscriptions read: one typed row per scored role from stored columns (no
role text is parsed, except a version stored before those columns existed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from scoring.countries import COUNTRIES
from scoring.countries import DEFAULT as DEFAULT_COUNTRY
from scoring.roles import parse_role
from scoring.view import Listed


@dataclass(frozen=True, slots=True)
class LastChange:
    """A role's newest stored move (before is None when that run first scored it)."""

    as_of: dt.date
    before: float | None
    after: float
    reason: str | None


@dataclass(frozen=True, slots=True)
class ListedRole:
    """A scored role as the listing pages show it: its latest good score and what it is."""

    id: str
    title: str
    seniority: str
    category: str
    aliases: tuple[str, ...]
    draft: bool
    releases: tuple[str, ...]  # the releases applied to a draft's tasks, in order
    aijri: float
    aijri_display: str
    zone: str
    label: str
    last_change: LastChange | None


def listing_version(con: duckdb.DuckDBPyConnection, country: str = DEFAULT_COUNTRY) -> tuple[int, dt.datetime] | None:
    """What the country view's listing is of: its newest succeeded run (None before the first). A new run of that
    view changes it."""
    row = con.execute(
        "SELECT id, finished_at FROM runs WHERE status = 'succeeded' AND country = ? ORDER BY id DESC LIMIT 1",
        [country],
    ).fetchone()
    return (row[0], row[1]) if row else None


def scored_countries(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The country views with a succeeded run, the US first and the rest in the order jobzone lists them."""
    held = {row[0] for row in con.execute("SELECT DISTINCT country FROM runs WHERE status = 'succeeded'").fetchall()}
    return [code for code in COUNTRIES if code in held]


def listed_roles(con: duckdb.DuckDBPyConnection, country: str = DEFAULT_COUNTRY) -> list[ListedRole]:
    """Every role's latest good score in the country's view with what it is, by role id."""
    changes = {
        role_id: LastChange(as_of, before, after, reason)
        for role_id, as_of, before, after, reason in con.execute(
            "SELECT role_id, as_of, before_aijri, after_aijri, reason FROM run_changes WHERE country = ? "
            "QUALIFY row_number() OVER (PARTITION BY role_id ORDER BY as_of DESC, run_id DESC) = 1",
            [country],
        ).fetchall()
    }
    rows = con.execute(
        "SELECT s.role_id, s.title, s.aijri, s.aijri_display, s.zone, s.label, a.category, a.seniority, a.aliases, "
        "a.draft, a.releases, CASE WHEN a.category IS NULL THEN a.text END "
        "FROM latest_country_scores s JOIN assessments a ON a.content_hash = s.assessment_hash "
        "WHERE s.country = ? ORDER BY s.role_id",
        [country],
    ).fetchall()
    listed = []
    for role_id, title, aijri, display, zone, label, category, seniority, aliases, draft, releases, text in rows:
        if text is not None:  # stored before migration 0013: read once from its text
            role = parse_role(text, Path(f"{role_id}.toml")).role
            category, parts = role.category, Listed.of(role)
            seniority, aliases, draft, releases = parts.seniority, parts.aliases, parts.draft, parts.releases
        listed.append(
            ListedRole(
                id=role_id,
                title=title,
                seniority=seniority,
                category=category,
                aliases=tuple(aliases),
                draft=bool(draft),
                releases=tuple(releases),
                aijri=aijri,
                aijri_display=display,
                zone=zone,
                label=label,
                last_change=changes.get(role_id),
            )
        )
    return listed
