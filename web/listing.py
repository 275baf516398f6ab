"""The catalogue as every listing reads it (the index, categories, search, subscriptions, the API's roles): read
from the warehouse once per run and kept in memory, so a request filters and pages it instead of reading, let alone
parsing, every stored role. A request checks only which run is newest (one short query)."""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable, Mapping, Sequence, TypeVar
from urllib.parse import urlencode

import duckdb

from scoring.countries import COUNTRIES
from scoring.countries import DEFAULT as DEFAULT_COUNTRY
from scoring.model import follow_name
from warehouse import queries
from warehouse.errors import WarehouseError
from warehouse.listing import ListedRole, listed_roles, listing_version, scored_countries
from web import charts
from web.data import NotFound, read
from web.search import SearchIndex, load_names
from web.settings import WebSettings

ZONES = ("Red", "Yellow", "Green")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass(frozen=True)
class CategoryCount:
    name: str
    slug: str
    roles: int
    zones: dict[str, int]  # Red, Yellow, Green: how many of its roles are in each


@dataclass(frozen=True)
class Found:
    """A search hit: the role and the name of it that matched."""

    role: ListedRole
    matched: str


@dataclass
class Listing:
    """Every scored role of one run of a country's view, by id, with the counts and the search index made from them
    once."""

    version: tuple[int, dt.datetime]
    roles: tuple[ListedRole, ...]
    roles_dir: Path  # where `jobzone draft` left O*NET's other titles (titles.csv), for search
    _index_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @cached_property
    def by_id(self) -> dict[str, ListedRole]:
        return {role.id: role for role in self.roles}

    @cached_property
    def follow_names(self) -> dict[str, str]:
        """role id -> the name a subscriber is shown for every scored role (what they may follow): the same words
        as the CLI's (scoring.model.follow_name)."""
        return {role.id: follow_name(role.title, role.seniority) for role in self.roles}

    @cached_property
    def categories(self) -> list[CategoryCount]:
        counts: dict[str, Counter[str]] = {}
        for role in self.roles:
            counts.setdefault(role.category, Counter())[role.zone] += 1
        return [
            CategoryCount(name, slug(name), sum(zones.values()), {zone: zones[zone] for zone in ZONES})
            for name, zones in sorted(counts.items())
        ]

    def select(
        self, zone: str | None = None, query: str | None = None, status: str | None = None, category: str | None = None
    ) -> Sequence[ListedRole]:
        """The roles matching every filter given, by id. query: words in the title or an alias; status: "draft"
        or "reviewed"; category: its name or slug, any case."""
        rows: Sequence[ListedRole] = self.roles
        if not (zone or query or status or category):
            return rows  # the whole listing, as it is (a tuple: callers page it, never change it)
        if status in ("draft", "reviewed"):
            rows = [r for r in rows if r.draft == (status == "draft")]
        if zone:
            rows = [r for r in rows if r.zone.lower() == zone.lower()]
        if category:
            wanted = category.strip().lower()
            rows = [r for r in rows if r.category.lower() == wanted or slug(r.category) == wanted]
        if query:
            needle = query.lower()
            rows = [r for r in rows if needle in r.title.lower() or any(needle in a.lower() for a in r.aliases)]
        return rows

    def in_category(self, category_slug: str, sort: str = "score") -> tuple[str, list[ListedRole]]:
        """The category's name and roles, highest score first (sort="move": the biggest last move first)."""
        rows = self._by_category.get(category_slug)
        if not rows:
            raise NotFound(f"no category '{category_slug}'")
        return rows[0].category, sorted(rows, key=_move) if sort == "move" else rows

    @cached_property
    def _by_category(self) -> dict[str, list[ListedRole]]:
        """category slug -> its roles, highest score first (made once: a static site pages every category)."""
        out: dict[str, list[ListedRole]] = {}
        for role in sorted(self.roles, key=_score):
            out.setdefault(slug(role.category), []).append(role)
        return out

    def search(self, query: str, limit: int = 25) -> list[Found]:
        return [Found(self.by_id[hit.role_id], hit.name) for hit in self.search_index.search(query, limit)]

    @property
    def search_index(self) -> SearchIndex:
        with self._index_lock:  # built once even when four requests ask at the same moment
            return self._search_index

    @cached_property
    def _search_index(self) -> SearchIndex:
        titles = {role.id: role.title for role in self.roles}
        aliases = [(role.id, alias) for role in self.roles for alias in role.aliases]
        return SearchIndex(titles, aliases + load_names(self.roles_dir))


def _score(role: ListedRole) -> tuple[float, str]:
    return -role.aijri, role.id


def _move(role: ListedRole) -> tuple[float, str]:
    change = role.last_change
    moved = abs(change.after - change.before) if change and change.before is not None else 0.0
    return -moved, role.id


# The newest listing per warehouse file and country view; a few files at once (tests, a second app), never an
# unbounded set.
_LISTINGS: dict[str, Listing] = {}
_KEPT = 2 * len(COUNTRIES)
_BUILD = threading.Lock()


def current(settings: WebSettings, country: str = DEFAULT_COUNTRY) -> Listing:
    """The listing of the country view's newest succeeded run (the US's by default), read from the warehouse when
    that run is new to this process; NotFound for another country before its first run."""
    key = f"{Path(settings.db).absolute()}|{Path(settings.roles).absolute()}|{country}"
    version = read(settings, lambda con: listing_version(con, country))
    if version is None and country != DEFAULT_COUNTRY:
        raise NotFound(f"no scores in the view of {COUNTRIES[country].in_words} yet")
    with _BUILD:  # requests arriving during a build wait for it rather than read every role again
        kept = _LISTINGS.get(key)
        if kept is not None and kept.version == version:
            return kept
        version, roles = read(settings, lambda con: _versioned_rows(con, country))
        listing = _LISTINGS[key] = Listing(version, tuple(roles), Path(settings.roles))
        while len(_LISTINGS) > _KEPT:
            _LISTINGS.pop(next(iter(_LISTINGS)))
        return listing


def _versioned_rows(con: duckdb.DuckDBPyConnection, country: str) -> tuple[tuple[int, dt.datetime], list[ListedRole]]:
    version = listing_version(con, country)
    if version is None:
        raise WarehouseError("no scores yet: the first `jobzone run` has not finished")
    return version, listed_roles(con, country)


def countries(settings: WebSettings) -> list[str]:
    """The country views a reader can open: those with a succeeded run (the US first)."""
    return read(settings, scored_countries)


def sparklines(settings: WebSettings, roles: Sequence[ListedRole], country: str = DEFAULT_COUNTRY) -> dict[str, str]:
    """role id -> the SVG sparkline of its scores in the country's view, for one page of roles (one query)."""
    ids = [role.id for role in roles]
    histories = read(settings, lambda con: queries.histories(con, ids, country))
    return {role_id: charts.sparkline([h["aijri"] for h in histories.get(role_id, [])]) for role_id in ids}


def role_titles(settings: WebSettings) -> dict[str, str]:
    """The newest listing's follow names (Listing.follow_names)."""
    return current(settings).follow_names


def category_sizes(settings: WebSettings) -> dict[str, int]:
    """category -> how many scored roles it holds now (what a subscriber may follow as a category)."""
    return {entry.name: entry.roles for entry in current(settings).categories}


PAGE_SIZE = 100
T = TypeVar("T")


def page_count(total: int, size: int = PAGE_SIZE) -> int:
    """Pages of `size` that `total` rows fill; an empty listing is one (empty) page."""
    return max(1, -(-total // size))


def paginated(
    rows: Sequence[T], page: int, url: str, kept: Mapping[str, str] | None = None, size: int = PAGE_SIZE
) -> dict:
    """One page of rows for the JSON API, with the count and the next page's URL (None on the last page), which
    keeps the query's filters (kept)."""
    pages = page_count(len(rows), size)
    chunk = rows[(page - 1) * size : page * size]
    return {
        "page": page,
        "pages": pages,
        "per_page": size,
        "total": len(rows),
        "roles": chunk,
        "next": f"{url}?{urlencode({**(kept or {}), 'page': page + 1})}" if page < pages else None,
    }


@dataclass(frozen=True)
class Pager:
    """One page of a listing: its rows, where it sits, and the links to its neighbours."""

    rows: Sequence[ListedRole]
    number: int
    pages: int
    total: int
    link: Callable[[int], str]  # page number -> its URL

    @property
    def previous(self) -> str | None:
        return self.link(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.link(self.number + 1) if self.number < self.pages else None


def page_of(rows: Sequence[ListedRole], number: int, link: Callable[[int], str], size: int = PAGE_SIZE) -> Pager:
    """Page `number` (from 1) of rows; a number past the last page is NotFound."""
    pages = page_count(len(rows), size)
    if number < 1 or number > pages:
        raise NotFound(f"page {number}: there are {pages} page(s)")
    return Pager(rows[(number - 1) * size : number * size], number, pages, len(rows), link)
