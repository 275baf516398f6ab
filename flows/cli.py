"""The `jobzone` entry point: registers every command; errors become one readable line and exit 1."""
from __future__ import annotations

import sys

import typer

from flows import cmd_notify, cmd_pipeline, cmd_scoring, cmd_sources, cmd_warehouse, cmd_web  # noqa: F401  (registers)
from flows.cli_app import app
from flows.output import errors
from scoring.errors import JobzoneError, RoleFileError


def main() -> None:
    try:
        code = app(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except RoleFileError as exc:
        for problem in exc.problems:
            errors.print(f"error: {problem}", markup=False)
        sys.exit(1)
    except JobzoneError as exc:
        errors.print(f"error: {exc}", markup=False)
        sys.exit(1)
    except (typer.Abort, KeyboardInterrupt):
        errors.print("aborted")
        sys.exit(130)
    except Exception as exc:
        # Usage errors (typer vendors click, so match by shape): click's own one-line message and exit code 2.
        if hasattr(exc, "show") and hasattr(exc, "exit_code"):
            exc.show()
            sys.exit(exc.exit_code)
        raise
