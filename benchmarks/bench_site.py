"""Benchmark: `jobzone site` over the whole catalogue (roles/, 924 roles, one run scored from the role files):
seconds, files, and page weights (role pages must stay under 100 KB of HTML and CSS). Median of --repeats."""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from common import REPO, report, timed_rows


def one_repeat(roles: Path) -> dict:
    from flows.pipeline import run_pipeline
    from flows.request import RunRequest
    from jobzone.settings import Settings
    from web.site import write_site

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(db=Path(tmp) / "site.duckdb", roles=roles, prefect=False, secret="x" * 32)
        start = time.perf_counter()
        run_pipeline(settings, RunRequest.nightly(skip_ingest=True))
        scored = time.perf_counter() - start
        start = time.perf_counter()
        written = write_site(settings, Path(tmp) / "site")
        site = time.perf_counter() - start
        sizes = [p.stat().st_size for p in (Path(tmp) / "site" / "roles").glob("*.html")]
    return {"scored": scored, "site": site, "files": len(written), "sizes": sizes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--roles", default=str(REPO / "roles"))
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    runs = [one_repeat(Path(args.roles)) for _ in range(args.repeats)]
    sizes = runs[0]["sizes"]
    report(
        f"static site over {len(sizes)} roles (median of {args.repeats})",
        timed_rows(runs, {"score the roles (one run)": "scored", "jobzone site": "site"}),
        {
            "files": runs[0]["files"],
            "role_pages": len(sizes),
            "role_page_kb": {"median": round(statistics.median(sizes) / 1024, 1), "max": round(max(sizes) / 1024, 1)},
        },
        "site",
    )


if __name__ == "__main__":
    main()
