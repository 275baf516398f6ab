"""Rendering pages from templates; shared by the live app and the static site."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from scoring import aijri
from scoring.aijri import COMPOSITION_WEIGHTS, GREEN_MIN, YELLOW_MIN
from scoring.countries import COUNTRIES
from scoring.countries import DEFAULT as DEFAULT_COUNTRY
from scoring.dimensions import EVIDENCE_MAX, LEVEL_MAX
from scoring.model import BARRIER_MAX, PROTECTIVE_MAX
from scoring.transitions import MIN_GAIN
from scoring.verdict import PART_MEANINGS, TASK_SCORE_WORDS
from warehouse.listing import ListedRole
from warehouse.releases import ReleaseRecord
from web import browse, charts, data, listing
from web.settings import WebSettings

# O*NET's names for its Job Zones (the preparation an occupation needs).
JOB_ZONE_WORDS = {
    1: "little or no preparation needed",
    2: "some preparation needed",
    3: "medium preparation needed",
    4: "considerable preparation needed",
    5: "extensive preparation needed",
}


STATIC = Path(__file__).parent / "static"
_env = Environment(
    loader=PackageLoader("web", "templates"), autoescape=select_autoescape(["j2", "html"]), undefined=StrictUndefined
)
_env.globals.update(root="/", suffix="", interactive=True, csrf="")
# The bounds shown next to totals come from the registries, so a sixth dimension changes them everywhere.
_env.globals.update(
    evidence_max=EVIDENCE_MAX, barrier_max=BARRIER_MAX, protective_max=PROTECTIVE_MAX, level_max=LEVEL_MAX
)
_env.globals.update(min_gain=MIN_GAIN, job_zones=JOB_ZONE_WORDS)
_env.globals.update(
    zone_min={"Yellow": int(YELLOW_MIN), "Green": int(GREEN_MIN)},
    composition_weights={name: weight for name, (_, weight) in COMPOSITION_WEIGHTS.items()},
    composition_names={
        "task_resistance": "Task resistance",
        "evidence": "Evidence",
        "barriers": "Barriers",
        "protective": "Protective principles",
        "ai_growth": "AI growth",
    },
)


def static_tag(country: str) -> str:
    """What a static file of a country's view carries before its suffix: "" for the US, ".gb" for the UK."""
    return "" if country == DEFAULT_COUNTRY else f".{country.lower()}"


def view_href(live: str, static: str, country: str, root: str = "/", suffix: str = "") -> str:
    """A page in a country's view: live, its path with ?country=GB (`live`: "categories"); in the static site, its
    file with the view's tag (`static`: "categories/index" -> categories/index.gb.html)."""
    if suffix:
        return f"{root}{static}{static_tag(country)}{suffix}"
    return f"{root}{live}" + ("" if country == DEFAULT_COUNTRY else f"?country={country}")


def role_href(role_id: str, country: str, root: str = "/", suffix: str = "") -> str:
    return view_href(f"roles/{role_id}", f"roles/{role_id}", country, root, suffix)


def index_href(country: str, root: str = "/", suffix: str = "") -> str:
    return view_href("", "index", country, root, suffix)


_env.globals.update(
    role_href=role_href, index_href=index_href, view_href=view_href, country_view=COUNTRIES[DEFAULT_COUNTRY]
)


TASKS_SHOWN = 8  # a role page lists its largest tasks; the rest fold (their inputs still count in the personal score)


def indexed_by_time(tasks: list[dict]) -> list[tuple[int, dict]]:
    """(position in the file, counted from 1: the personal score's share_<n>, task), the largest share of time first."""
    return sorted(enumerate(tasks, 1), key=lambda pair: (-pair[1]["time_pct"], pair[0]))


_env.filters["indexed_by_time"] = indexed_by_time
_env.globals.update(task_score_words=TASK_SCORE_WORDS, part_meanings=PART_MEANINGS)
_env.globals.update(tasks_shown=TASKS_SHOWN)


def render(template: str, **context: Any) -> str:
    return _env.get_template(template).render(**context)


def index_html(
    settings: WebSettings,
    zone: str | None = None,
    q: str | None = None,
    status: str | None = None,
    page: int = 1,
    link: Callable[[int], str] | None = None,
    country: str = DEFAULT_COUNTRY,
    views: list[str] | None = None,
    **context: Any,
) -> str:
    """One page of the roles matching the filters in a country's view (link: page number -> its URL; default the
    same query; views: the country views to link, default every one with a run)."""
    selected = listing.current(settings, country).select(zone, q, status)
    link = link or query_link(zone=zone, q=q, status=status, country=_asked(country))
    return render(
        "index.html.j2",
        **_listed(settings, selected, page, link, country),
        zone=zone,
        q=q,
        status=status,
        views=data.country_names(listing.countries(settings) if views is None else views),
        **context,
    )


def _listed(
    settings: WebSettings, rows: Sequence[ListedRole], number: int, link: Callable[[int], str], country: str
) -> dict:
    """What a page listing roles in a country's view shows: page `number` of the rows, their sparklines, the view."""
    pager = listing.page_of(rows, number, link)
    return {
        "pager": pager,
        "sparks": listing.sparklines(settings, pager.rows, country),
        "country_view": COUNTRIES[country],
    }


def _asked(country: str) -> str | None:
    """The ?country= a link to a country's view carries (none for the US, the default)."""
    return None if country == DEFAULT_COUNTRY else country


def query_link(**params: str | None) -> Callable[[int], str]:
    """page number -> this query's URL on that page (the filters kept)."""
    kept = {name: value for name, value in params.items() if value}
    return lambda number: "?" + urlencode({**kept, **({"page": number} if number > 1 else {})})


def role_html(settings: WebSettings, role_id: str, country: str = "US", **context: Any) -> str:
    return render_role(data.role_page(settings, role_id, country), known_releases(settings), **context)


def known_releases(settings: WebSettings) -> dict[str, ReleaseRecord]:
    """The releases by id, as the newest run recorded them (no release file is read here)."""
    return {record.release_id: record for record in data.releases(settings)}


def _applied(page: dict, releases: Mapping[str, ReleaseRecord]) -> list[dict]:
    """The releases applied to this draft, each with the as-of date of the run that scored it (None: it was
    applied when the draft was made, so no run scored it as a change)."""
    applied = (page["role"].get("draft") or {}).get("releases") or []
    return [
        {
            "name": releases[r].name,
            "date": releases[r].date,
            "scored_on": next((h["as_of"] for h in page["history"] if h.get("reason") == releases[r].reason), None),
        }
        for r in applied
        if r in releases
    ]


def render_role(page: dict, releases: Mapping[str, ReleaseRecord] | None = None, **context: Any) -> str:
    score, releases = page["score"], releases or {}
    reasons = {reason for r in releases.values() for reason in r.reasons}
    history = [(str(h["as_of"]), h["aijri"]) for h in page["history"]] or [(str(dt.date.today()), score["aijri"])]
    figures = {
        "waterfall": charts.waterfall(score["waterfall"], score["aijri"]),
        "history": charts.history_chart(
            history,
            markers=[(str(h["as_of"]), "release") for h in page["history"] if h.get("reason") in reasons],
        ),
    }
    sources = {name for row in page["evidence"] for name in row["sources"]}
    attributions = sorted(sources) or ["analyst assessment"]
    return render(
        "role.html.j2",
        page=page,
        charts=figures,
        attributions=attributions,
        applied_releases=_applied(page, releases),
        personal=personal_inputs(page),
        country_view=COUNTRIES[page["country"]["code"]],
        **context,
    )


def personal_inputs(page: dict) -> dict:
    """What the static site's personal-score script needs from the page: the role's task scores, the product of
    its published modifiers and the band's half-width (web/static/personal.js holds the formula's constants)."""
    score, band = page["score"], page.get("confidence_band") or {}
    modifiers = score["modifiers"]
    return {
        "tasks": [task["score"] for task in page["role"]["tasks"]],
        "modifier": modifiers["evidence"] * modifiers["barriers"] * modifiers["growth"],
        "growth": score["ai_growth"],
        "half": band.get("half_width", 0.0),
        "published": f"{score['aijri_display']}, {score['label']}",
    }


def personal_script() -> str:
    """web/static/personal.js with the formula's constants written in (one copy for the whole static site)."""
    script = (STATIC / "personal.js").read_text(encoding="utf-8")
    return script.replace("/*CONSTANTS*/{}", json.dumps(aijri.CONSTANTS, sort_keys=True))


def methodology_html(**context: Any) -> str:
    from web import methodology

    return render("methodology.html.j2", m=methodology.context(), **context)


def search_html(settings: WebSettings, q: str | None, **context: Any) -> str:
    results = listing.current(settings).search(q) if q else []
    return render("search.html.j2", q=q or "", results=results, **context)


def categories_html(settings: WebSettings, country: str = DEFAULT_COUNTRY, **context: Any) -> str:
    categories = listing.current(settings, country).categories
    return render("categories.html.j2", categories=categories, country_view=COUNTRIES[country], **context)


def category_html(
    settings: WebSettings,
    category_slug: str,
    sort: str | None = None,
    page: int = 1,
    link: Callable[[int], str] | None = None,
    country: str = DEFAULT_COUNTRY,
    **context: Any,
) -> str:
    sort = "move" if sort == "move" else "score"
    name, rows = listing.current(settings, country).in_category(category_slug, sort)
    link = link or query_link(sort=None if sort == "score" else sort, country=_asked(country))
    listed = _listed(settings, rows, page, link, country)
    return render("category.html.j2", name=name, slug=category_slug, sort=sort, **listed, **context)


def compare_html(settings: WebSettings, a: str, b: str, **context: Any) -> str:
    cmp = browse.compare(settings, a, b)
    points = [[(str(h["as_of"]), h["aijri"]) for h in page["history"]] for page in (cmp["a"], cmp["b"])]
    chart = charts.history_chart(points[0], also=(cmp["b"]["role"]["title"], points[1]), name=cmp["a"]["role"]["title"])
    return render("compare.html.j2", cmp=cmp, chart=chart, **context)


def movers_html(
    settings: WebSettings, window: str | None = None, country: str = DEFAULT_COUNTRY, **context: Any
) -> str:
    moved = browse.movers(settings, window or "run", country)
    return render("movers.html.j2", movers=moved, country_view=COUNTRIES[country], **context)


def _entry(
    base_url: str,
    role_id: str,
    title: str,
    run_id: int,
    as_of: dt.date,
    before: float | None,
    after: float,
    causes: list[str],
    country: str,
) -> dict:
    return {
        "title": f"{title}: {before:.1f} → {after:.1f}",
        "id": f"{base_url}/roles/{role_id}#run-{run_id}",
        "url": base_url + role_href(role_id, country),
        "updated": f"{as_of}T00:00:00Z",
        "summary": "; ".join(causes),
    }


def movers_atom(settings: WebSettings, country: str = DEFAULT_COUNTRY) -> str:
    """The moves of the country view's last 30 days as an Atom feed."""
    base = settings.base_url.rstrip("/")
    rows = browse.movers(settings, "30d", country)
    entries = [
        _entry(
            base,
            m["role_id"],
            m["title"],
            m["run_id"],
            m["as_of"],
            m["before_aijri"],
            m["after_aijri"],
            m["plain_causes"],
            country,
        )
        for m in rows
    ]
    named = "" if country == DEFAULT_COUNTRY else f" in {COUNTRIES[country].in_words}"
    return render(
        "feed.atom.j2",
        title=f"jobzone: what moved{named}",
        feed_url=base + view_href("movers.atom", "movers", country),
        page_url=base + view_href("movers", "movers", country),
        updated=max((e["updated"] for e in entries), default=_now()),
        entries=entries,
    )


def role_atom(settings: WebSettings, role_id: str, page: dict | None = None, country: str = DEFAULT_COUNTRY) -> str:
    """A role's moves in the country's view as an Atom feed (page: its page's data, when already read)."""
    base = settings.base_url.rstrip("/")
    page = page or data.role_page(settings, role_id, country)
    country = page["country"]["code"]
    title = page["role"]["title"] + ("" if country == DEFAULT_COUNTRY else f" ({page['country']['name']})")
    entries = [
        _entry(base, role_id, title, c["run_id"], c["as_of"], c["before"], c["after"], c["causes"], country)
        for c in page["changes"]
        if c["before"] is not None
    ]
    return render(
        "feed.atom.j2",
        title=f"jobzone: {title}",
        feed_url=base + view_href(f"roles/{role_id}.atom", f"roles/{role_id}", country),
        page_url=base + role_href(role_id, country),
        updated=max((e["updated"] for e in entries), default=_now()),
        entries=entries,
    )


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def releases_html(settings: WebSettings, **context: Any) -> str:
    return render("releases.html.j2", releases=browse.releases(settings), **context)


def ai_html(settings: WebSettings, **context: Any) -> str:
    from web.capability import capability_page

    return render("ai.html.j2", **capability_page(settings), **context)
