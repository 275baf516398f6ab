"""The typer app and the options every command shares."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="jobzone: keeps AI job-resistance (AIJRI) scores of roles current.",
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        print(f"jobzone {version('jobzone')}")
        raise typer.Exit()


@app.callback()
def _options(
    show_version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """jobzone: keeps AI job-resistance (AIJRI) scores of roles current."""


JSON_OPTION = typer.Option(False, "--json", help="Print machine-readable JSON instead of tables.")
DB_OPTION = typer.Option(None, "--db", help="DuckDB file (default: JOBZONE_DB or ./jobzone.duckdb).")
ROLES_OPTION = typer.Option(None, "--roles", help="Comma-separated role ids (default: every role).")
COUNTRY_OPTION = typer.Option(
    "US", "--country", help="The country's view: its market evidence is that country's (US, GB, AU, CA, DE, FR)."
)


def split_ids(value: Optional[str]) -> Optional[list[str]]:
    return [part.strip() for part in value.split(",") if part.strip()] if value else None


def db_path(option: Optional[Path]) -> Path:
    from jobzone.settings import load_settings

    return load_settings(db=option).db
