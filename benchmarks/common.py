"""Shared helpers for benchmark scripts: synthetic roles, timing, and table + JSON output."""

from __future__ import annotations

import json
import random
import re
import sys
import time
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scoring.roles import LoadedRole, parse_role  # noqa: E402

REFERENCE = (REPO / "roles" / "mlops-engineer.toml").read_text()


def synthetic_role_text(index: int, rng: random.Random) -> str:
    """The reference role with a new id and randomised task scores and evidence (synthetic)."""
    text = REFERENCE.replace('id = "mlops-engineer"', f'id = "synthetic-{index:05d}"')
    text = re.sub(r"^score = \d$", lambda _: f"score = {rng.randint(1, 5)}", text, flags=re.M)
    for name in ("job_posting_trends", "company_actions", "wage_trends"):
        text = re.sub(rf"^{name} = -?\d$", f"{name} = {rng.randint(-2, 2)}", text, count=1, flags=re.M)
    return text


def synthetic_roles(count: int, seed: int = 7) -> list[LoadedRole]:
    rng = random.Random(seed)
    return [parse_role(synthetic_role_text(i, rng), Path(f"synthetic-{i:05d}.toml")) for i in range(count)]


class Timings:
    def __init__(self):
        self.rows: list[tuple[str, float]] = []

    @contextmanager
    def measure(self, name: str):
        start = time.perf_counter()
        yield
        self.rows.append((name, time.perf_counter() - start))


def report(title: str, rows: list[tuple[str, float]], extra: dict, out_name: str) -> None:
    width = max(len(name) for name, _ in rows)
    print(f"\n{title}\n" + "-" * (width + 14))
    for name, seconds in rows:
        print(f"{name:<{width}}  {seconds:9.3f} s")
    data = {"benchmark": title, "seconds": {name: round(s, 4) for name, s in rows}, **extra}
    out = REPO / "benchmarks" / "results"
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
