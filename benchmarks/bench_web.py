"""Benchmark: the web pages and the static site at 1k / 10k / 100k roles.

Per size: the shipped role files cloned under new ids until there are N (as bench_scale.py does), one nightly
scored from them (no fetch), then a real `jobzone web` process on 127.0.0.1 and CLIENTS threads asking at once:
the listing pages (the index, a page of it, the API's roles, the categories, a page of a category), a role page,
and search (a set of everyday job names). The table shows p50 / p95 per kind, the first listing request and the first
search after the run (they read the run's listing and build the search index, once per run), and the server's
peak memory; then `jobzone site` over the same warehouse
(seconds, files). The clones carry no O*NET other-titles file, so search matches titles and aliases only."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
from bench_scale import write_roles
from common import REPO, child, free_port, report

QUERIES = ("nurse", "software developer", "cook", "truck driver", "accountant", "teacher", "electrician", "sofware")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _start_server(env: dict) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "jobzone", "web", "--port", env["PORT"]],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(f"{env['JOBZONE_BASE_URL']}/methodology", timeout=2)
            return process
        except requests.ConnectionError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"jobzone web did not start: {process.stderr.read().decode()[-2000:] if process.stderr else ''}")


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _paths(base: str, role_ids: list[str], biggest: dict, pages: int, rng: random.Random) -> dict[str, list[str]]:
    listing = []
    for _ in range(10):
        page = rng.randint(1, pages)
        listing += [f"{base}/", f"{base}/?page={page}", f"{base}/api/roles?page={page}", f"{base}/categories"]
        listing.append(f"{base}/categories/{biggest['slug']}?page={min(2, -(-biggest['roles'] // 100))}")
    return {
        "listing": listing,
        "role page": [f"{base}/roles/{rng.choice(role_ids)}" for _ in range(30)],
        "search": [f"{base}/search?q={query}" for query in QUERIES * 4],
    }


def _ask(urls: list[str], clients: int) -> list[float]:
    """Each URL once, `clients` at a time; the seconds each took (any answer but 200 stops the benchmark)."""
    times: list[float] = []
    queue = list(urls)
    lock = threading.Lock()
    failures: list[str] = []

    def worker() -> None:
        with requests.Session() as session:
            while True:
                with lock:
                    if not queue:
                        return
                    url = queue.pop()
                start = time.perf_counter()
                answer = session.get(url, timeout=600)
                took = time.perf_counter() - start
                with lock:
                    times.append(took)
                    if answer.status_code != 200:
                        failures.append(f"{url}: {answer.status_code}")

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(f"{len(failures)} request(s) failed, e.g. {failures[0]}")
    return times


def one_size(size: int, clients: int) -> dict:
    """One size in this process: roles, a run, the server under load, the static site."""
    sys.path.insert(0, str(REPO))
    from flows.pipeline import run_pipeline
    from flows.request import RunRequest
    from jobzone.settings import Settings
    from web.site import write_site

    rng = random.Random(size)
    with tempfile.TemporaryDirectory() as tmp:
        roles, db = Path(tmp) / "roles", Path(tmp) / "web.duckdb"
        write_roles(roles, size)
        settings = Settings(db=db, roles=roles, prefect=False, secret="b" * 32)
        start = time.perf_counter()
        run_pipeline(settings, RunRequest.nightly(skip_ingest=True))
        scored = time.perf_counter() - start
        port = str(free_port())
        env = {
            **os.environ,
            "JOBZONE_DB": str(db),
            "JOBZONE_ROLES": str(roles),
            "JOBZONE_SECRET": "b" * 32,
            "JOBZONE_PREFECT": "false",
            "JOBZONE_BASE_URL": f"http://127.0.0.1:{port}",
            "JOBZONE_WEB_SEND_EVERY": "0",
            "PORT": port,
        }
        server = _start_server(env)
        try:
            base = env["JOBZONE_BASE_URL"]
            start = time.perf_counter()
            first = requests.get(f"{base}/api/roles", timeout=600).json()
            cold = time.perf_counter() - start
            start = time.perf_counter()
            requests.get(f"{base}/search?q=nurse", timeout=600).raise_for_status()
            cold_search = time.perf_counter() - start
            categories = requests.get(f"{base}/api/categories", timeout=600).json()
            biggest = max(categories, key=lambda c: c["roles"])
            role_ids = [p.stem for p in sorted(roles.glob("*.toml"))]
            timings = {
                kind: _ask(urls, clients) for kind, urls in _paths(base, role_ids, biggest, first["pages"], rng).items()
            }
            peak = _peak_rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
        start = time.perf_counter()
        written = write_site(settings, Path(tmp) / "site")
        site = time.perf_counter() - start
    return {
        "size": size,
        "scored": scored,
        "cold": cold,
        "cold_search": cold_search,
        "peak_mb": round(peak),
        "site": site,
        "site_files": len(written),
        **{
            kind: {"p50": statistics.median(times), "p95": percentile(times, 0.95), "requests": len(times)}
            for kind, times in timings.items()
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child measuring one size
    args = parser.parse_args()
    if args.one:
        import json

        print(json.dumps(one_size(args.one, args.clients)))
        return
    results = [
        child(str(Path(__file__)), "--one", size, "--clients", str(args.clients)) for size in args.sizes.split(",")
    ]
    rows = []
    for r in results:
        size = f"{r['size']:>7,}"
        rows.append((f"{size} run that scored them (not the web)", r["scored"]))
        rows.append((f"{size} first listing request after the run", r["cold"]))
        rows.append((f"{size} first search after the run (builds its index)", r["cold_search"]))
        for kind in ("listing", "role page", "search"):
            rows.append((f"{size} {kind}: p50 ({args.clients} clients)", r[kind]["p50"]))
            rows.append((f"{size} {kind}: p95 ({args.clients} clients)", r[kind]["p95"]))
        rows.append((f"{size} jobzone site ({r['site_files']:,} files)", r["site"]))
    for r in results:
        print(f"{r['size']:>7,} roles: the web server's peak memory {r['peak_mb']} MB")
    report(
        f"web pages with {args.clients} concurrent clients, and the static site",
        rows,
        {"clients": args.clients, "sizes": {str(r["size"]): r for r in results}},
        "web",
    )


if __name__ == "__main__":
    main()
