"""Every benchmark runs: each script at a tiny size, once, as a process (a crash like bench_parsers' once was
fails here, not in someone's `make bench`). The numbers are not checked: they are measured, not tested."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

TINY = {
    "bench_backtest.py": ["--roles", "{roles}", "--from", "2024-09-01", "--to", "2024-09-01"],
    "bench_capability.py": ["--roles", "{roles}", "--from", "2026-03-31", "--to", "2026-03-31"],
    "bench_catalogue.py": ["--repeats", "1", "--only", "15-1252"],
    "bench_countries.py": ["--sizes", "10"],
    "bench_delivery.py": ["--messages", "20", "--repeats", "1"],
    "bench_nightly.py": ["--sizes", "3", "--repeats", "1", "--no-cold", "--settle", "0"],
    "bench_parsers.py": ["--seconds", "0.001", "--repeats", "1"],
    "bench_release.py": ["--repeats", "1", "--only", "15-1252", "--subscribers", "1"],
    "bench_scale.py": ["--sizes", "10", "--repeats", "1"],
    "bench_search.py": ["--limit", "5"],
    "bench_signals.py": ["--roles", "{roles}", "--from", "2024-01-01", "--to", "2024-03-01", "--repeats", "1"],
    "bench_site.py": ["--roles", "{roles}", "--repeats", "1"],
    "bench_warehouse.py": ["--roles", "20", "--repeats", "1"],
    "bench_web.py": ["--sizes", "30", "--clients", "2"],
}


def test_every_benchmark_script_has_a_tiny_run():
    scripts = sorted(p.name for p in (REPO / "benchmarks").glob("bench_*.py"))
    assert scripts == sorted(TINY)


@pytest.mark.parametrize("script", sorted(TINY))
def test_benchmark_runs_at_a_tiny_size_and_prints_json(script, tmp_path, fixtures):
    roles = tmp_path / "roles"
    roles.mkdir()
    for name in ("mlops-engineer.toml", "onet/registered-nurses.toml", "onet/telemarketers.toml"):
        shutil.copy(REPO / "roles" / name, roles / name.split("/")[-1])
    args = [arg.format(roles=roles) for arg in TINY[script]]
    env = {
        **os.environ,
        "JOBZONE_FIXTURES": str(fixtures),
        "JOBZONE_BENCH_RESULTS": str(tmp_path / "results"),
        "PREFECT_HOME": str(tmp_path / "prefect"),
    }
    env.pop("PREFECT_API_URL", None)
    result = subprocess.run(
        [sys.executable, f"benchmarks/{script}", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    printed = json.loads(result.stdout.strip().splitlines()[-1])
    assert printed and (tmp_path / "results").is_dir()
