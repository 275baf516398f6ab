"""Benchmark: `jobzone site` over the whole catalogue (roles/, 924 roles, one run scored from the role files):
seconds, files, and page weights (role pages must stay under 100 KB of HTML and CSS)."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from common import REPO, report


def main() -> None:
    from flows.pipeline import RunRequest, run_pipeline
    from jobzone.settings import Settings
    from web.site import write_site

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(db=Path(tmp) / "site.duckdb", roles=REPO / "roles", prefect=False, secret="x" * 32)
        start = time.perf_counter()
        run_pipeline(settings, RunRequest.nightly(skip_ingest=True))
        scored = time.perf_counter() - start
        start = time.perf_counter()
        written = write_site(settings, Path(tmp) / "site")
        site = time.perf_counter() - start
        sizes = [p.stat().st_size for p in (Path(tmp) / "site" / "roles").glob("*.html")]
    report(
        "static site over the catalogue",
        [("score the catalogue (one run)", scored), ("jobzone site", site)],
        {
            "files": len(written),
            "role_pages": len(sizes),
            "role_page_kb": {"median": round(statistics.median(sizes) / 1024, 1), "max": round(max(sizes) / 1024, 1)},
        },
        "site",
    )


if __name__ == "__main__":
    main()
