"""Rendering pages from templates; shared by the live app and the static site."""

from __future__ import annotations

import datetime as dt

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from web import charts, data

_env = Environment(
    loader=PackageLoader("web", "templates"), autoescape=select_autoescape(["j2", "html"]), undefined=StrictUndefined
)
_env.globals.update(root="/", suffix="", interactive=True, csrf="")


def render(template: str, **context) -> str:
    return _env.get_template(template).render(**context)


def index_html(settings, zone: str | None = None, q: str | None = None, status: str | None = None, **context) -> str:
    rows = data.filter_roles(data.roles_index(settings), zone, q, status)
    for row in rows:
        row["spark"] = charts.sparkline([h["aijri"] for h in row["history"]])
    return render("index.html.j2", roles=rows, zone=zone, q=q, status=status, **context)


def role_html(settings, role_id: str, **context) -> str:
    page = data.role_page(settings, role_id)
    score = page["score"]
    history = [(str(h["as_of"]), h["aijri"]) for h in page["history"]] or [(str(dt.date.today()), score["aijri"])]
    figures = {
        "waterfall": charts.waterfall(score["waterfall"], score["aijri"]),
        "history": charts.history_chart(history),
    }
    sources = {name for row in page["evidence"] for name in row["sources"]}
    attributions = sorted(sources) or ["analyst assessment"]
    return render("role.html.j2", page=page, charts=figures, attributions=attributions, **context)
