"""`jobzone site OUTDIR`: the read-only pages and JSON as static files for any static host."""

from __future__ import annotations

import json
from pathlib import Path

from web import data, pages


def write_site(settings, out: Path) -> list[Path]:
    out = Path(out)
    (out / "roles").mkdir(parents=True, exist_ok=True)
    (out / "api" / "roles").mkdir(parents=True, exist_ok=True)
    static = {"interactive": False, "suffix": ".html"}
    written = [_write(out / "index.html", pages.index_html(settings, root="", **static))]
    rows = data.roles_index(settings)
    written.append(_write(out / "api" / "roles.json", _json(rows)))
    for row in rows:
        written.append(
            _write(out / "roles" / f"{row['id']}.html", pages.role_html(settings, row["id"], root="../", **static))
        )
        page = data.role_page(settings, row["id"])
        written.append(_write(out / "api" / "roles" / f"{row['id']}.json", _json(page)))
        written.append(_write(out / "api" / "roles" / f"{row['id']}.history.json", _json(page["history"])))
    return written


def _json(value) -> str:
    return json.dumps(value, default=str, indent=1, ensure_ascii=False)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
