"""Benchmark: jobzone's nightly against a minimal pipeline doing the same core work, at 1k / 10k / 100k roles.

The roles are the shipped role files (the drafted O*NET catalogue and the hand-written ones) cloned under new ids
until there are N: as long as real ones, rationales included, following the same market series. Each (size,
pipeline, repetition) runs in its own process on a fresh DuckDB file: a first run (empty warehouse) then a second
run (nothing changed). The table shows the min and median of the repetitions, peak RSS, and jobzone's stages.

The minimal pipeline (below) is the floor: fetch the same recorded responses, hash and archive new bodies, parse
them with the same pure parsers, read + parse + hash every role file (rtoml, as jobzone does), score with numpy,
diff against the previous run, and write texts, scores, evidence values and changes in one DuckDB transaction.
It takes the files' evidence as written: jobzone's market mapping, lineage of evidence inputs, validation and
run bookkeeping are what the ratio measures."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, child, report

FIXTURES = Path(os.environ.get("JOBZONE_FIXTURES", REPO.parent / "shared" / "fixtures"))
ID_LINE = re.compile(r'^id = "([^"]+)"$', re.M)


def write_roles(directory: Path, count: int) -> None:
    """N role files cloned from the shipped ones, each under a new id (the file name follows the id)."""
    sources = sorted((REPO / "roles").rglob("*.toml"))
    texts = [path.read_text() for path in sources]
    directory.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        text = texts[index % len(texts)]
        new_id = f"{ID_LINE.search(text).group(1)}-{index // len(texts)}"
        (directory / f"{new_id}.toml").write_text(ID_LINE.sub(f'id = "{new_id}"', text, count=1))


# ---- the minimal pipeline -------------------------------------------------------------------------------------

MINIMAL_SCHEMA = """
CREATE TABLE IF NOT EXISTS bodies (hash VARCHAR PRIMARY KEY, body BLOB);
CREATE TABLE IF NOT EXISTS obs (source VARCHAR, series VARCHAR, period DATE, metric VARCHAR, value DOUBLE,
                                hash VARCHAR);
CREATE TABLE IF NOT EXISTS texts (hash VARCHAR PRIMARY KEY, role_id VARCHAR, text VARCHAR USING COMPRESSION zstd);
CREATE TABLE IF NOT EXISTS scores (run INTEGER, role_id VARCHAR, hash VARCHAR, aijri DOUBLE, zone VARCHAR);
CREATE TABLE IF NOT EXISTS evidence (run INTEGER, role_id VARCHAR, dimension VARCHAR, value INTEGER);
CREATE TABLE IF NOT EXISTS changes (run INTEGER, role_id VARCHAR, before DOUBLE, after DOUBLE);
"""
DIMENSIONS = ("job_posting_trends", "company_actions", "wage_trends", "ai_tool_maturity", "expert_consensus")


def minimal_fetch(distinct_roles: list[dict], replay: Path, con) -> None:
    """Fetch the recorded responses the roles' signals name; archive and parse bodies not seen before.
    `distinct_roles`: one parsed file per distinct [signals] / SOC (gathered while loading)."""
    from flows.ingest import fetch_plan
    from scoring.model import Role
    from sources.errors import SourceError
    from sources.ingest import parse_body
    from sources.replay import replay_session
    from sources.signals import effective_signals

    tables = [effective_signals(Role.model_validate(data))[0] for data in distinct_roles]
    session = replay_session(replay, "bench")
    known = {h for (h,) in con.execute("SELECT hash FROM bodies").fetchall()}
    for source, params in fetch_plan(tables):
        for request in source.requests_for(params):
            try:
                body = session.request(request.method, request.url, json=request.json_body).content
            except SourceError:
                continue  # not recorded: jobzone marks the source stale; the minimal pipeline skips it
            digest = hashlib.sha256(body).hexdigest()
            if digest in known:
                continue
            known.add(digest)
            rows = parse_body(source, request, body)
            con.execute("INSERT INTO bodies VALUES (?, ?)", [digest, body])
            con.execute(
                "INSERT INTO obs SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::DATE[]), "
                "unnest(?::VARCHAR[]), unnest(?::DOUBLE[]), ?",
                [
                    [o.source for o in rows],
                    [o.series_key for o in rows],
                    [o.period_date for o in rows],
                    [o.metric for o in rows],
                    [o.value for o in rows],
                    digest,
                ],
            )


def minimal_run(roles_dir: Path, db: Path, replay: Path, run: int) -> dict:
    import duckdb
    import numpy as np

    from scoring.roles import parse_toml

    seconds = {}
    start = time.perf_counter()
    ids, hashes, texts, pct, task_score, owner, evidence, barriers, growth = [], [], [], [], [], [], [], [], []
    distinct: dict[str, dict] = {}
    for index, path in enumerate(sorted(roles_dir.glob("*.toml"))):
        text = path.read_text()
        data = parse_toml(text)
        signals_key = json.dumps(data.get("signals"), sort_keys=True, default=str) + str(data.get("soc"))
        distinct.setdefault(signals_key + str(data.get("draft", {}).get("status")), data)
        ids.append(data["id"])
        hashes.append(hashlib.sha256(text.encode()).hexdigest())
        texts.append(text)
        for task in data["tasks"]:
            pct.append(task["time_pct"])
            task_score.append(task["score"])
            owner.append(index)
        evidence.append([data["evidence"][name] for name in DIMENSIONS])
        barriers.append(sum(v for v in data["barriers"].values() if isinstance(v, int)))
        growth.append(data["ai_growth"])
    seconds["load"] = time.perf_counter() - start

    mark = time.perf_counter()
    con = duckdb.connect(str(db))
    con.execute(MINIMAL_SCHEMA)
    con.execute("BEGIN")
    minimal_fetch(list(distinct.values()), replay, con)
    seconds["fetch, archive, parse"] = time.perf_counter() - mark

    mark = time.perf_counter()
    weighted = np.bincount(owner, weights=np.array(pct) / 100 * np.array(task_score), minlength=len(ids))
    values = np.array(evidence)
    raw = (6 - weighted) * (1 + 0.04 * values.sum(1)) * (1 + 0.02 * np.array(barriers)) * (1 + 0.05 * np.array(growth))
    aijri = np.clip((raw - 0.54) / 7.93 * 100, 0, 100)
    zone = np.where(aijri >= 48, "Green", np.where(aijri >= 25, "Yellow", "Red"))
    seconds["score"] = time.perf_counter() - mark

    mark = time.perf_counter()
    previous = dict(con.execute("SELECT role_id, aijri FROM scores WHERE run = ?", [run - 1]).fetchall())
    moved = [(i, previous.get(role_id)) for i, role_id in enumerate(ids) if previous.get(role_id) != aijri[i]]
    seconds["diff"] = time.perf_counter() - mark

    mark = time.perf_counter()
    stored = {h for (h,) in con.execute("SELECT hash FROM texts").fetchall()}
    new = [i for i, h in enumerate(hashes) if h not in stored]
    con.execute(
        "INSERT INTO texts SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
        [[hashes[i] for i in new], [ids[i] for i in new], [texts[i] for i in new]],
    )
    con.execute(
        "INSERT INTO scores SELECT ?, unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::DOUBLE[]), "
        "unnest(?::VARCHAR[])",
        [run, ids, hashes, aijri.tolist(), zone.tolist()],
    )
    con.execute(
        "INSERT INTO evidence SELECT ?, unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::INTEGER[])",
        [run, [r for r in ids for _ in DIMENSIONS], list(DIMENSIONS) * len(ids), values.ravel().tolist()],
    )
    con.execute(
        "INSERT INTO changes SELECT ?, unnest(?::VARCHAR[]), unnest(?::DOUBLE[]), unnest(?::DOUBLE[])",
        [run, [ids[i] for i, _ in moved], [b for _, b in moved], [float(aijri[i]) for i, _ in moved]],
    )
    con.execute("COMMIT")
    con.close()
    seconds["write"] = time.perf_counter() - mark
    return {"wall": time.perf_counter() - start, "stages": seconds}


# ---- jobzone ---------------------------------------------------------------------------------------------------


def jobzone_run(roles_dir: Path, db: Path, replay: Path) -> dict:
    from flows.pipeline import run_pipeline
    from flows.request import RunRequest
    from jobzone.settings import Settings

    settings = Settings(db=db, roles=roles_dir, prefect=False)
    start = time.perf_counter()
    result = run_pipeline(settings, RunRequest.nightly(replay=replay))
    return {"wall": time.perf_counter() - start, "stages": result.seconds}


def one_process(pipeline: str, workdir: Path) -> dict:
    """Both runs of one pipeline on a fresh warehouse, in this process (peak RSS is its own)."""
    sys.path.insert(0, str(REPO))
    roles, db = workdir / "roles", workdir / f"{pipeline}-{os.getpid()}.duckdb"
    runs = []
    for run in (1, 2):
        if pipeline == "minimal":
            runs.append(minimal_run(roles, db, FIXTURES, run))
        else:
            runs.append(jobzone_run(roles, db, FIXTURES))
    for path in db.parent.glob(db.name + "*"):
        path.unlink()
    return {"runs": runs, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def measure(size: int, repeats: int) -> dict:
    """min / median of `repeats` processes per pipeline at one size."""
    with tempfile.TemporaryDirectory() as tmp:
        write_roles(Path(tmp) / "roles", size)
        samples = {
            pipeline: [child(__file__, "--child", pipeline, "--dir", tmp) for _ in range(repeats)]
            for pipeline in ("jobzone", "minimal")
        }
    out = {}
    for pipeline, runs in samples.items():
        first = [r["runs"][0]["wall"] for r in runs]
        second = [r["runs"][1]["wall"] for r in runs]
        out[pipeline] = {
            "first_min": min(first),
            "first_median": statistics.median(first),
            "second_min": min(second),
            "second_median": statistics.median(second),
            "peak_rss_mb": statistics.median(r["peak_rss_mb"] for r in runs),
            "stages_first": _median_stages([r["runs"][0]["stages"] for r in runs]),
            "stages_second": _median_stages([r["runs"][1]["stages"] for r in runs]),
        }
    for key in ("first", "second"):
        out[f"ratio_{key}_median"] = out["jobzone"][f"{key}_median"] / out["minimal"][f"{key}_median"]
    return out


def _median_stages(stage_sets: list[dict]) -> dict:
    return {name: statistics.median(s.get(name, 0.0) for s in stage_sets) for name in stage_sets[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000", help="role counts, comma-separated")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--child", choices=("jobzone", "minimal"), help=argparse.SUPPRESS)
    parser.add_argument("--dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_process(args.child, Path(args.dir))))
        return
    results = {size: measure(size, args.repeats) for size in map(int, args.sizes.split(","))}
    rows = []
    for size, r in results.items():
        for pipeline in ("jobzone", "minimal"):
            p = r[pipeline]
            rows += [
                (f"{size:>7,} {pipeline}: first run (min / median {p['first_min']:.2f})", p["first_median"]),
                (f"{size:>7,} {pipeline}: second run (min / median {p['second_min']:.2f})", p["second_median"]),
            ]
        rows += [(f"{size:>7,} jobzone first run: {stage}", s) for stage, s in r["jobzone"]["stages_first"].items()]
        rows += [(f"{size:>7,} jobzone second run: {stage}", s) for stage, s in r["jobzone"]["stages_second"].items()]
    summary = {
        str(size): {
            "ratio_first": round(r["ratio_first_median"], 2),
            "ratio_second": round(r["ratio_second_median"], 2),
            "peak_rss_mb": {p: round(r[p]["peak_rss_mb"]) for p in ("jobzone", "minimal")},
            "minimal_stages_first": {k: round(v, 3) for k, v in r["minimal"]["stages_first"].items()},
        }
        for size, r in results.items()
    }
    for size, s in summary.items():
        print(
            f"{int(size):>7,} roles: jobzone / minimal = {s['ratio_first']:.2f} (first run), "
            f"{s['ratio_second']:.2f} (second run); peak RSS {s['peak_rss_mb']['jobzone']} MB vs "
            f"{s['peak_rss_mb']['minimal']} MB"
        )
    report(
        f"nightly at scale: jobzone vs a minimal pipeline (median of {args.repeats} processes each)",
        rows,
        {"repeats": args.repeats, "sizes": summary},
        "scale",
    )


if __name__ == "__main__":
    main()
