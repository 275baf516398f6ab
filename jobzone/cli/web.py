"""Web commands: web (serve the pages and endpoints), site (write the read-only pages as static files)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from jobzone.cli.app import DB_OPTION, app, split_ids
from jobzone.cli.output import console


@app.command()
def web(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    db: Optional[Path] = DB_OPTION,
) -> None:
    """Serve the role pages, JSON API and the subscribe / confirm / unsubscribe endpoints (needs JOBZONE_SECRET)."""
    import uvicorn

    from jobzone.settings import load_settings
    from web.app import create_app

    uvicorn.run(create_app(load_settings(db=db)), host=host, port=port, log_level="warning")


@app.command()
def site(
    out: Path = typer.Argument(..., help="Folder to write the static site into."),
    countries: Optional[str] = typer.Option(
        None,
        "--countries",
        help="Comma-separated country views to publish beside the US's, e.g. GB,DE (default: every view with a run).",
    ),
    db: Optional[Path] = DB_OPTION,
) -> None:
    """Write the read-only pages (index, every role, JSON) as static files for any static host: the US view, and
    each other country's view as index.gb.html, roles/ID.gb.html, api/roles/ID.gb.json, ..."""
    from jobzone.settings import load_settings
    from web.site import write_site

    written = write_site(load_settings(db=db), out, split_ids(countries))
    console.print(f"wrote {len(written)} files to {out} (open {out / 'index.html'})", markup=False)
