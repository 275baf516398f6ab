"""Shared helpers for benchmark scripts: synthetic roles, timing, and table + JSON output."""

from __future__ import annotations

import json
import os
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


REFERENCE = (REPO / "roles" / "mlops-engineer.toml").read_text()


def synthetic_role_text(index: int, rng: random.Random) -> str:
    """The reference role with a new id and randomised task scores and evidence (synthetic)."""
    text = REFERENCE.replace('id = "mlops-engineer"', f'id = "synthetic-{index:05d}"')
    text = re.sub(r"^score = \d$", lambda _: f"score = {rng.randint(1, 5)}", text, flags=re.M)
    for name in ("job_posting_trends", "company_actions", "wage_trends"):
        text = re.sub(rf"^{name} = -?\d$", f"{name} = {rng.randint(-2, 2)}", text, count=1, flags=re.M)
    return text


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spread(values) -> dict:
    """min and median of repeated measurements (the machines are shared: quote the median, compare in one run)."""
    import statistics

    values = list(values)
    return {"min": min(values), "median": statistics.median(values)}


def timed_row(label: str, stats: dict, places: int = 2) -> tuple[str, float]:
    """A table row: the label with the min, and the median."""
    return f"{label} (min {stats['min']:.{places}f})", stats["median"]


def timed_rows(runs: list[dict], labels: dict[str, str], places: int = 2) -> list[tuple[str, float]]:
    """A row per measured key of repeated runs (labels: label -> key)."""
    return [timed_row(label, spread(run[key] for run in runs), places) for label, key in labels.items()]


def report(title: str, rows: list[tuple[str, float]], extra: dict, out_name: str) -> None:
    width = max(len(name) for name, _ in rows)
    print(f"\n{title}\n" + "-" * (width + 14))
    for name, seconds in rows:
        print(f"{name:<{width}}  {seconds:9.3f} s")
    data = {"benchmark": title, "seconds": {name: round(s, 4) for name, s in rows}, **extra}
    out = Path(os.environ.get("JOBZONE_BENCH_RESULTS", REPO / "benchmarks" / "results"))
    out.mkdir(exist_ok=True)
    (out / f"{out_name}.json").write_text(json.dumps(data, indent=2))
    print(json.dumps(data))


def child(script: str, *args: str) -> dict:
    """Run a benchmark part in its own process (its own peak memory); its last stdout line is JSON."""
    import subprocess

    out = subprocess.run([sys.executable, script, *args], capture_output=True, text=True, cwd=REPO)
    if out.returncode != 0:
        raise SystemExit(f"{Path(script).name} {' '.join(args)} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])
