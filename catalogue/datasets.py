"""The open datasets a draft is made from: where each is published, its recording, vintage, licence, and the
contract its reader checks (columns, code formats, row counts), as the source adapters do."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Callable

from sources.errors import ParseError

ONET_SOC = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
SOC = re.compile(r"^\d{2}-\d{4}$")
ONET = "https://www.onetcenter.org/dl_files/database/db_29_3_excel"
GITHUB = "https://raw.githubusercontent.com"


@dataclass(frozen=True)
class Dataset:
    name: str
    url: str  # the publisher's file (the live path)
    recording: str  # the same file under the fixtures folder (replay)
    vintage: str
    licence: str
    columns: tuple[str, ...]
    min_rows: int
    codes: tuple[tuple[str, re.Pattern], ...] = ()  # (column, format every non-empty value must match)
    header_row: int = 0  # rows above the header (a publisher's title lines)


def _onet(name: str, columns: tuple[str, ...], min_rows: int, code: bool = True, folder: str = "onet_29_3") -> Dataset:
    return Dataset(
        f"onet:{name}",
        f"{ONET}/{name.replace(' ', '%20').replace(',', '%2C')}.xlsx",
        f"catalogue/{folder}/{name}.xlsx",
        "O*NET 29.3 (May 2025)",
        "CC BY 4.0 (USDOL/ETA)",
        columns,
        min_rows,
        (("O*NET-SOC Code", ONET_SOC),) if code else (),
    )


DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        _onet("Occupation Data", ("O*NET-SOC Code", "Title", "Description"), 1000),
        _onet("Task Statements", ("O*NET-SOC Code", "Task ID", "Task", "Task Type"), 18000),
        _onet("Alternate Titles", ("O*NET-SOC Code", "Alternate Title", "Short Title"), 50000),
        _onet("Sample of Reported Titles", ("O*NET-SOC Code", "Reported Job Title", "Shown in My Next Move"), 7000),
        _onet("Job Zones", ("O*NET-SOC Code", "Job Zone"), 900),
        _onet("Tasks to DWAs", ("O*NET-SOC Code", "Task ID", "DWA ID"), 20000),
        _onet("DWA Reference", ("Element ID", "IWA ID", "DWA ID"), 2000, code=False),
        _onet(
            "Skills",
            ("O*NET-SOC Code", "Element Name", "Scale ID", "Data Value"),
            50000,
            folder="onet_29_3_worker_attributes",
        ),
        Dataset(
            "bls_projections",
            "https://data.bls.gov/projections/occupationProj",
            "catalogue/bls_employment_projections_2024_34/Employment Projections.csv",
            "BLS Employment Projections 2024-34 (2025-08)",
            "public domain (cite BLS)",
            (
                "Occupation Code",
                "Employment Percent Change, 2024-2034",
                "Typical Entry-Level Education",
                "Typical on-the-job Training",
            ),
            800,
            (("Occupation Code", SOC),),
        ),
        Dataset(
            "nem_crosswalk",
            "https://www.bls.gov/emp/classifications-crosswalks/nem-onet-to-soc-crosswalk.xlsx",
            "catalogue/crosswalks/nem-onet-to-soc-crosswalk.xlsx",
            "BLS O*NET-SOC to NEM crosswalk (as of 2023-09-06)",
            "public domain (BLS)",
            ("O*NET-SOC Code", "NEM Code"),
            900,
            (("O*NET-SOC Code", ONET_SOC), ("NEM Code", SOC)),
            header_row=4,
        ),
        Dataset(
            "task_ratings",
            f"{GITHUB}/theodorewright11/aei_data_analysis/028ed65b46e35707e57ffb8691625aed4a4c80b5/"
            "scripts/task_level_with_freq_importance_relevance.csv",
            "catalogue/onet_task_ratings_derived/task_level_with_freq_importance_relevance.csv",
            "O*NET Task Ratings 29.x, per-task summary (derived, 2025-08)",
            "O*NET values, CC BY 4.0 (USDOL/ETA)",
            ("O*NET-SOC Code", "Task ID", "freq_mean", "importance", "relevance"),
            17000,
            (("O*NET-SOC Code", ONET_SOC),),
        ),
        Dataset(
            "gpts_are_gpts",
            f"{GITHUB}/openai/GPTs-are-GPTs/0471612fef3cc22b74fb884d27bff9dbd3770582/data/full_labelset.tsv",
            "catalogue/gpts_are_gpts/full_labelset.tsv",
            "GPTs are GPTs task labels (Eloundou et al., Science 2024)",
            "MIT (OpenAI)",
            ("O*NET-SOC Code", "Task ID", "human_exposure_agg", "gpt4_exposure", "gpt4_automation"),
            19000,
            (("O*NET-SOC Code", ONET_SOC),),
        ),
        Dataset(
            "ms_applicability",
            f"{GITHUB}/microsoft/working-with-ai/84c4ebacaa39d1c11e26e16c2f2c98aa89a11834/"
            "soc_ai_applicability_scores.csv",
            "catalogue/microsoft_working_with_ai/soc_ai_applicability_scores.csv",
            "Working with AI (Tomlinson et al. 2025)",
            "CC BY 4.0 (Microsoft)",
            ("SOC Code", "ai_applicability_score"),
            700,
            (("SOC Code", SOC),),
        ),
    )
}

# Not a drafting input: Indeed's example job titles per sector, the evidence the SOC -> sector crosswalk is checked by.
SECTOR_EXAMPLES = Dataset(
    "indeed_sector_examples",
    f"{GITHUB}/hiring-lab/job_postings_tracker/master/sector-job-title-examples.csv",
    "hiringlab/sector-job-title-examples.csv",
    "Indeed Hiring Lab sector job-title examples (2026-08)",
    "CC BY 4.0 (Indeed Hiring Lab)",
    ("sector", "job_titles"),
    40,
)


def _xlsx_rows(body: bytes, where: str) -> list[list]:
    import openpyxl  # imported here: only drafting needs it

    try:
        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True, data_only=True)
        rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
        return rows
    except Exception as exc:  # a damaged or non-Excel body: openpyxl raises many kinds
        raise ParseError(where, f"not a readable Excel workbook ({type(exc).__name__}: {exc})") from None


def _text_rows(body: bytes, where: str, delimiter: str) -> list[list]:
    try:
        return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=delimiter))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ParseError(where, f"not a readable {'TSV' if delimiter == chr(9) else 'CSV'} file: {exc}") from None


def read(dataset: Dataset, body: bytes) -> list[dict]:
    """The dataset's rows as dicts, after checking its contract; a ParseError names the file and the rule."""
    where = dataset.url
    if dataset.url.endswith(".xlsx"):
        rows = _xlsx_rows(body, where)
    else:
        rows = _text_rows(body, where, "\t" if dataset.url.endswith(".tsv") else ",")
    if not rows:
        raise ParseError(where, "empty file")
    rows = rows[dataset.header_row :]
    if not rows:
        raise ParseError(where, f"no header row after {dataset.header_row} title line(s)")
    header = ["" if cell is None else str(cell) for cell in rows[0]]
    missing = [c for c in dataset.columns if c not in header]
    if missing:
        raise ParseError(where, f"lacks column(s) {', '.join(missing)}; header is {header}")
    records = [dict(zip(header, row)) for row in rows[1:] if any(cell not in (None, "") for cell in row)]
    if len(records) < dataset.min_rows:
        raise ParseError(where, f"expected at least {dataset.min_rows} rows, found {len(records)}")
    for column, pattern in dataset.codes:
        bad = next(
            (r[column] for r in records if r[column] not in (None, "") and not pattern.match(str(r[column]))), None
        )
        if bad is not None:
            raise ParseError(where, f"{column} {bad!r} is not in the expected format {pattern.pattern}")
    return records


Fetch = Callable[[Dataset], bytes]


def read_all(fetch: Fetch) -> dict[str, list[dict]]:
    """Every dataset, read through `fetch` (from the recordings, or live through the polite client)."""
    return {name: read(dataset, fetch(dataset)) for name, dataset in DATASETS.items()}
