"""The `jobzone` entry point: registers every command; errors become one readable line and a non-zero exit."""

from __future__ import annotations

import os
import sys

import typer

from jobzone.cli import (  # noqa: F401
    backtest,
    capability,
    catalogue,
    reads,
    releases,
    roles,
    runs,
    sources,
    subscribers,
    web,
)
from jobzone.cli.app import app
from jobzone.cli.output import errors
from jobzone.errors import JobzoneError

INTERNAL_ERROR = 70  # EX_SOFTWARE


def main() -> None:
    try:
        code = app(standalone_mode=False, prog_name="jobzone")
        if isinstance(code, int) and code:
            sys.exit(code)
    except JobzoneError as exc:  # a role file's or a setting's problems: one line each
        for problem in getattr(exc, "problems", None) or [str(exc)]:
            errors.print(f"error: {problem}", markup=False)
        sys.exit(1)
    except (typer.Abort, KeyboardInterrupt):
        errors.print("aborted")
        sys.exit(130)
    except Exception as exc:
        # Usage errors (typer vendors click, so match by shape): click's own one-line message and exit code 2.
        if hasattr(exc, "show") and hasattr(exc, "exit_code"):
            exc.show()
            sys.exit(exc.exit_code)
        if os.environ.get("JOBZONE_DEBUG"):
            raise
        errors.print(
            f"error: internal error ({type(exc).__name__}: {exc}); this is a bug in jobzone. "
            "Run again with JOBZONE_DEBUG=1 for the traceback and report it.",
            markup=False,
        )
        sys.exit(INTERNAL_ERROR)
