"""`jobzone site OUTDIR`: the read-only pages and JSON as static files for any static host."""

from __future__ import annotations

import json
import os
import shutil
from functools import partial
from pathlib import Path
from typing import Callable, Mapping, Sequence

from scoring.countries import COUNTRIES, known
from scoring.countries import DEFAULT as DEFAULT_COUNTRY
from scoring.errors import JobzoneError
from warehouse.listing import ListedRole
from web import api_models, data, listing, pages, search
from web.settings import WebSettings


class SiteError(JobzoneError):
    """The static site could not be written; the previous one is left as it was."""


def write_site(settings: WebSettings, out: Path, countries: Sequence[str] | None = None) -> list[Path]:
    """Every read-only page (index, roles, categories, movers), the Atom feeds and the JSON API, paginated, in the
    US view and the other country views asked for (default: every one with a run). The site is built whole in a
    folder beside OUTDIR and then swapped in, so a full disk or a kill leaves the previous site as it was (never a
    page cut mid-SVG), and the pages of roles that no longer exist go with the old one."""
    out = Path(out).absolute()
    views = published_views(settings, countries)
    building, previous = out.with_name(f".{out.name}.building"), out.with_name(f".{out.name}.previous")
    _finish_an_interrupted_swap(out, previous)
    check_replaceable(settings, out)
    shutil.rmtree(building, ignore_errors=True)
    try:
        written = _build(settings, building, views)
        _write(building / MARKER, _json({"files": sorted(p.relative_to(building).as_posix() for p in written)}))
        if out.exists():
            os.rename(out, previous)
        os.rename(building, out)
    except OSError as exc:
        shutil.rmtree(building, ignore_errors=True)
        _finish_an_interrupted_swap(out, previous)
        raise SiteError(
            f"{out}: cannot write the site ({exc.strerror or exc}); the previous site is unchanged"
        ) from None
    shutil.rmtree(previous, ignore_errors=True)
    return [out / path.relative_to(building) for path in written]


def published_views(settings: WebSettings, asked: Sequence[str] | None) -> list[str]:
    """The country views a site publishes: the US's and those asked for (None: every view with a run), each of
    which must have a run; SiteError naming a country jobzone does not score or one not run yet."""
    held = listing.countries(settings)
    if asked is None:
        return held
    wanted = {DEFAULT_COUNTRY}
    for code in asked:
        found = known(code)
        if found is None:
            raise SiteError(f"--countries {code!r}: not a country jobzone scores; choose from {', '.join(COUNTRIES)}")
        if found.code not in held:
            raise SiteError(
                f"--countries {found.code}: {found.in_words} has no run yet; "
                f"`jobzone run --country {found.code}` scores its view first"
            )
        wanted.add(found.code)
    return [code for code in held if code in wanted]


# The list of files a `jobzone site` wrote, left in the folder: the one kind of folder the next write replaces.
MARKER = ".jobzone-site"


def check_replaceable(settings: WebSettings, out: Path) -> None:
    """A site replaces only a folder jobzone wrote itself, with nothing added since: never one holding the
    warehouse, the role or release files or a repository, nor anyone's other files (SiteError naming what is there)."""
    if not out.exists():
        return
    if not out.is_dir():
        raise SiteError(f"{out}: exists and is not a folder; the site is written into a folder of its own")
    for what, path in (
        ("the warehouse", settings.db),
        ("the roles folder", settings.roles),
        ("the releases", settings.releases),
    ):
        held = Path(path).absolute()
        if held == out or held.is_relative_to(out):
            raise SiteError(
                f"{out}: holds {what} ({held}); the site is written into a folder of its own, never over data"
            )
    if (out / ".git").exists():
        raise SiteError(f"{out}: is a git repository; the site is written into a folder of its own")
    entries = sorted(p.name for p in out.iterdir())
    if not entries:
        return
    try:
        listed = set(json.loads((out / MARKER).read_text(encoding="utf-8"))["files"])
    except (OSError, ValueError, KeyError, TypeError):
        raise SiteError(
            f"{out}: holds files jobzone did not write (e.g. {entries[0]}); write the site into a new or empty folder, "
            f"or one an earlier `jobzone site` wrote (a site written before sites carried {MARKER}: delete it once)"
        ) from None
    added = sorted(
        path.relative_to(out).as_posix()
        for path in out.rglob("*")
        if path.is_file() and path.name != MARKER and path.relative_to(out).as_posix() not in listed
    )
    if added:
        raise SiteError(
            f"{out}: {added[0]} was not written by jobzone ({len(added)} such file(s)); replacing the site would delete "
            "it: move it out, or write the site elsewhere"
        )


def _finish_an_interrupted_swap(out: Path, previous: Path) -> None:
    """A swap killed between its two renames left only the previous site: put it back."""
    if previous.exists() and not out.exists():
        os.rename(previous, out)
    shutil.rmtree(previous, ignore_errors=True)


def _build(settings: WebSettings, out: Path, views: list[str]) -> list[Path]:
    for folder in ("roles", "categories", "api/roles"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    static: dict = {"interactive": False, "suffix": ".html"}
    catalogue = listing.current(settings)
    rows = catalogue.roles
    scored = {code: set(listing.current(settings, code).by_id) for code in views}
    written: list[Path] = []
    for code in views:
        written += _country_view(settings, out, code, views, scored)
    written.append(_write(out / "search.html", pages.render("static_search.html.j2", root="", **static)))
    written.append(_write(out / "search-index.json", json.dumps(_search_index(settings, rows), ensure_ascii=False)))
    written.append(_write(out / "search.js", (pages.STATIC / "search.js").read_text(encoding="utf-8")))
    written.append(_write(out / "style.css", pages.render("_style.css.j2")))
    written.append(_write(out / "personal.js", pages.personal_script()))
    written.append(_write(out / "releases.html", pages.releases_html(settings, root="", **static)))
    written.append(_write(out / "ai.html", pages.ai_html(settings, root="", **static)))
    written.append(_write(out / "methodology.html", pages.methodology_html(root="", **static)))
    return written


def _country_view(
    settings: WebSettings, out: Path, code: str, views: list[str], scored: Mapping[str, set[str]]
) -> list[Path]:
    """One country's view: its listing (index.html for the US, index.gb.html, ...), categories, what moved, each
    role's page, feed and JSON (roles/ID.html, roles/ID.gb.html, ...) and the roles' JSON listing; a role page
    links only the views that score it."""
    static: dict = {"interactive": False, "suffix": ".html"}
    in_view: dict = {"country": code, **static}
    catalogue = listing.current(settings, code)
    rows = catalogue.roles
    tag = pages.static_tag(code)
    render_index = partial(pages.index_html, settings, root="", views=views, **in_view)
    written = _paged(out, f"index{tag}", len(rows), render_index)
    base = settings.base_url.rstrip("/")
    summaries = [api_models.summary_of(row, base, code) for row in rows]  # the live API's models (docs/api.md)
    for number in range(1, listing.page_count(len(rows)) + 1):
        page = listing.paginated(summaries, number, "api/roles")
        page["next"] = f"page-{number + 1}{tag}.json" if page["next"] else None
        model = api_models.RolesPage(**page)
        written.append(_write(out / "api" / "roles" / f"page-{number}{tag}.json", model.model_dump_json()))
    listed = _json([s.model_dump(mode="json", by_alias=True) for s in summaries])
    written.append(_write(out / "api" / f"roles{tag}.json", listed))
    marked = pages.known_releases(settings)
    for role_id, page in data.role_pages(settings, [row.id for row in rows], code, views):
        page["country"]["all"] = [c for c in page["country"]["all"] if role_id in scored[c["code"]]]
        html = pages.render_role(page, marked, root="../", **static)
        written.append(_write(out / "roles" / f"{role_id}{tag}.html", html))
        detail = api_models.detail_of(page, base)
        written.append(_write(out / "api" / "roles" / f"{role_id}{tag}.json", detail.model_dump_json()))
        history = [h.model_dump(mode="json") for h in detail.history]
        written.append(_write(out / "api" / "roles" / f"{role_id}{tag}.history.json", _json(history)))
        written.append(_write(out / "roles" / f"{role_id}{tag}.atom", pages.role_atom(settings, role_id, page)))
    written.append(
        _write(out / "categories" / f"index{tag}.html", pages.categories_html(settings, root="../", **in_view))
    )
    for entry in catalogue.categories:
        category = partial(pages.category_html, settings, entry.slug, "score", root="../", **in_view)
        written += _paged(out / "categories", f"{entry.slug}{tag}", entry.roles, category)
    written.append(_write(out / f"movers{tag}.html", pages.movers_html(settings, "30d", root="", **in_view)))
    written.append(_write(out / f"movers{tag}.atom", pages.movers_atom(settings, code)))
    return written


def _paged(folder: Path, name: str, count: int, render: Callable[..., str]) -> list[Path]:
    """A listing of `count` roles as name.html, name-2.html, ... beside each other; render(page=n, link=link)
    writes page n (link: a page number -> its file name)."""

    def link(number: int) -> str:
        return f"{name}.html" if number == 1 else f"{name}-{number}.html"

    return [_write(folder / link(n), render(page=n, link=link)) for n in range(1, listing.page_count(count) + 1)]


def _search_index(settings: WebSettings, rows: Sequence[ListedRole]) -> dict:
    """The static search's index: every name the web search knows (title first, aliases, O*NET's other titles,
    the reviewed synonyms), already in the search's one word form (singular, US spelling), and the rules search.js
    needs to put a query in the same form and correct its typos, so both searches find the same roles."""
    extra: dict[str, list[str]] = {}
    for role_id, name in search.load_names(settings.roles):
        extra.setdefault(role_id, []).append(name)
    reviewed: dict[str, list[str]] = {}
    for role_id, name in search.synonyms():
        reviewed.setdefault(role_id, []).append(" ".join(search.words(name)))
    roles = []
    for r in rows:
        # Repeats stay: a name O*NET lists as both alternate and reported counts twice, as in the web search.
        names = [" ".join(search.words(n)) for n in [r.title, *r.aliases, *extra.get(r.id, [])]]
        role = {"id": r.id, "title": r.title, "names": names, "score": r.aijri_display, "label": r.label}
        if r.id in reviewed:
            role["reviewed"] = reviewed[r.id]
        roles.append(role)
    return {
        "spellings": search.SPELLINGS,
        "keep": list(search.KEEP_S),
        "min_corrected": search.MIN_CORRECTED,
        "min_half": search.MIN_HALF,
        "roles": roles,
    }


def _json(value: object) -> str:
    return json.dumps(value, default=str, indent=1, ensure_ascii=False)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
