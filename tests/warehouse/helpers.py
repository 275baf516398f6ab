"""Helpers for warehouse tests: run the real CLI against a temp database and role directory."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import REPO


def jobzone(*args: str, db, roles=None, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    # CLI tests exercise the commands plainly; tests/flows runs the same pipeline under Prefect.
    full_env = {**os.environ, "JOBZONE_DB": str(db), "JOBZONE_PREFECT": "false", **(env or {})}
    if roles is not None:
        full_env["JOBZONE_ROLES"] = str(roles)
    result = subprocess.run([sys.executable, "-m", "flows", *args], capture_output=True, text=True, cwd=REPO,
                            env=full_env, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"jobzone {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return result


def jobzone_json(*args: str, db, roles=None):
    return json.loads(jobzone(*args, "--json", db=db, roles=roles).stdout)
