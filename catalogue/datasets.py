"""The open datasets a draft is made from: where each is published, its recording, vintage, licence, and the
contract its reader checks (columns, code formats, row counts), as the source adapters do."""

from __future__ import annotations

import csv
import io
import re
import sys
from dataclasses import dataclass
from typing import Callable, Iterator

from sources.errors import ParseError

ONET_SOC = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
SOC = re.compile(r"^\d{2}-\d{4}$")
PADDED_SOC = re.compile(r"^\d{2}-\d{4}\s*$")  # BLS's ISCO crosswalk leaves a trailing space on some codes
# ISCO-08 unit groups; a copy may drop the armed forces' leading zero (0110 -> 110), BLS's leaves trailing spaces
ISCO = re.compile(r"^\d{3,4}\s*$")
UK_SOC = re.compile(r"^\d{4}$")
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
    sheet: str | None = None  # a workbook's sheet (default: the first)
    keep: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (column, values): the only rows drafting reads


def _onet(
    name: str, columns: tuple[str, ...], min_rows: int, code: bool = True, folder: str = "onet_29_3", keep: tuple = ()
) -> Dataset:
    return Dataset(
        f"onet:{name}",
        f"{ONET}/{name.replace(' ', '%20').replace(',', '%2C')}.xlsx",
        f"catalogue/{folder}/{name}.xlsx",
        "O*NET 29.3 (May 2025)",
        "CC BY 4.0 (USDOL/ETA)",
        columns,
        min_rows,
        (("O*NET-SOC Code", ONET_SOC),) if code else (),
        keep=keep,
    )


WORK_CONTEXT = "https://www.onetonline.org/find/descriptor/result"


def _work_context(file: str, element: str, column: str) -> Dataset:
    """One O*NET OnLine descriptor export (0-100 per O*NET-SOC 2010 occupation)."""
    return Dataset(
        f"work_context:{file.split('_to_')[0]}",
        f"{WORK_CONTEXT}/{element}/{file}.csv?fmt=csv&a=1",
        f"catalogue/onet_online_work_context_2020/{file}.csv",
        "O*NET OnLine descriptor exports, O*NET 24.2 (2020-03)",
        "CC BY 4.0 (USDOL/ETA)",
        (column, "Code"),
        900,
        (("Code", ONET_SOC),),
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
        _onet(
            "DWA Reference",
            ("Element ID", "Element Name", "IWA ID", "IWA Title", "DWA ID", "DWA Title"),
            2000,
            code=False,
        ),
        _onet(
            "Skills",
            ("O*NET-SOC Code", "Element Name", "Scale ID", "Data Value"),
            30000,
            folder="onet_29_3_worker_attributes",
            keep=(("Scale ID", ("IM",)),),
        ),
        _onet(
            "Education, Training, and Experience",
            ("O*NET-SOC Code", "Element ID", "Scale ID", "Category", "Data Value"),
            1000,
            folder="onet_29_3_worker_attributes",
            keep=(("Scale ID", ("IM",)),),
        ),
        _work_context("Physical_Proximity", "4.C.2.a.3", "Context"),
        _work_context(
            "Spend_Time_Using_Your_Hands_to_Handle_Control_or_Feel_Objects_Tools_or_Controls", "4.C.2.d.1.g", "Context"
        ),
        _work_context("Handling_and_Moving_Objects", "4.A.3.a.2", "Importance"),
        _work_context("Assisting_and_Caring_for_Others", "4.A.4.a.5", "Importance"),
        _work_context("Face-to-Face_Discussions", "4.C.1.a.2.l", "Context"),
        _work_context("Establishing_and_Maintaining_Interpersonal_Relationships", "4.A.4.a.4", "Importance"),
        _work_context("Coaching_and_Developing_Others", "4.A.4.b.5", "Importance"),
        Dataset(
            "soc_2010_2018",
            "https://www.bls.gov/soc/2018/soc_2010_to_2018_crosswalk.xlsx",
            "catalogue/soc_2010_to_2018_crosswalk/soc_2010_to_2018_crosswalk.xlsx",
            "BLS SOC 2010 -> 2018 crosswalk (2017-11)",
            "public domain (BLS)",
            ("2010 SOC Code", "2018 SOC Code"),
            800,
            (("2010 SOC Code", SOC), ("2018 SOC Code", SOC)),
            header_row=8,
        ),
        Dataset(
            "isco_soc2010",
            "https://www.bls.gov/soc/ISCO_SOC_Crosswalk.xls",
            "isco/isco_soc_crosswalk.xls",
            "BLS ISCO-08 <-> 2010 SOC crosswalk (2012-08, updated 2015-06)",
            "public domain (BLS)",
            ("2010 SOC Code", "ISCO-08 Code", "ISCO-08 Title EN", "part"),
            1000,
            (("2010 SOC Code", PADDED_SOC), ("ISCO-08 Code", ISCO)),
            header_row=6,
            sheet="2010 SOC to ISCO-08",
        ),
        Dataset(
            "uk_soc2020_isco08",
            f"{GITHUB}/ParthG60/ai-economic-indicators-uk/0f86f07c224447d3a8dac62cde6bbf2f9f1f4343/"
            "reference/soc2020_isco08_crosswalk.csv",
            "uk/soc2020_isco08_crosswalk.csv",
            "UK SOC 2020 -> ISCO-08 crosswalk from the ONS SOC 2020 coding index (P. Goyal, 2026)",
            "MIT (P. Goyal), from ONS material under the Open Government Licence v3.0",
            ("SOC2020", "SOC2020_title", "ISCO08", "isco_share", "n_index_entries"),
            400,
            (("SOC2020", UK_SOC), ("ISCO08", ISCO)),
        ),
        Dataset(
            "teleworkable",
            f"{GITHUB}/jdingel/DingelNeiman-workathome/3ebab4f646ed45b01162ecd7794f00a518932c53/"
            "occ_onet_scores/output/occupations_workathome.csv",
            "catalogue/dingel_neiman_teleworkable/occupations_workathome.csv",
            "Dingel & Neiman (2020) teleworkable, O*NET 24.2 inputs",
            "cite Dingel & Neiman (2020), J. Public Econ. 189 (repository GPL-3.0)",
            ("onetsoccode", "teleworkable"),
            900,
            (("onetsoccode", ONET_SOC),),
        ),
        Dataset(
            "bls_factors",
            "https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx",
            "catalogue/bls_employment_projections_2024_34/occupation.xlsx",
            "BLS Employment Projections 2024-34, Table 1.12 (2025-08)",
            "public domain (cite BLS)",
            ("2024 National Employment Matrix occupation code", "Factors affecting occupational utilization"),
            900,
            (("2024 National Employment Matrix occupation code", SOC),),
            header_row=1,
            sheet="Table 1.12",
        ),
        Dataset(
            "anthropic_collaboration",
            "https://huggingface.co/datasets/Anthropic/EconomicIndex/resolve/main/release_2025_03_27/"
            "automation_vs_augmentation_by_task.csv",
            "catalogue/anthropic_economic_index/release_2025_03_27/automation_vs_augmentation_by_task.csv",
            "Anthropic Economic Index, release 2025-03-27 (Claude.ai conversations, Feb-Mar 2025)",
            "CC BY (Anthropic); task text O*NET, CC BY 4.0",
            ("task_name", "feedback_loop", "directive", "task_iteration", "validation", "learning", "filtered"),
            3000,
        ),
        Dataset(
            "anthropic_task_statements",
            "https://huggingface.co/datasets/Anthropic/EconomicIndex/resolve/main/release_2025_02_10/"
            "onet_task_statements.csv",
            "catalogue/anthropic_economic_index/release_2025_02_10/onet_task_statements.csv",
            "O*NET 20.1 task statements as the Anthropic Economic Index joins them (release 2025-02-10)",
            "O*NET values, CC BY 4.0 (USDOL/ETA)",
            ("Task ID", "Task"),
            19000,
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


def _xlsx_rows(body: bytes, where: str, sheet: str | None = None) -> Iterator[list]:
    from python_calamine import CalamineWorkbook  # imported here: only drafting needs it

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(body))
    except Exception as exc:  # a damaged or non-Excel body: the reader raises several kinds
        raise ParseError(where, f"not a readable Excel workbook ({type(exc).__name__}: {exc})") from None
    if sheet is not None and sheet not in book.sheet_names:
        raise ParseError(where, f"has no sheet {sheet!r}; its sheets are {book.sheet_names}")
    found = book.get_sheet_by_name(sheet) if sheet else book.get_sheet_by_index(0)
    return ([None if cell == "" else cell for cell in row] for row in found.iter_rows())


def _text_rows(body: bytes, where: str, delimiter: str) -> Iterator[list]:
    kind = "TSV" if delimiter == chr(9) else "CSV"
    try:
        reader = csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=delimiter)
        yield from reader
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ParseError(where, f"not a readable {kind} file: {exc}") from None


def _shared(cell: object) -> object:
    """Short strings (codes, scale ids) repeat on thousands of rows: one object each, not one per row."""
    return sys.intern(cell) if isinstance(cell, str) and len(cell) <= 16 else cell


def read(dataset: Dataset, body: bytes) -> list[dict]:
    """The dataset's rows as dicts, after checking its contract; a ParseError names the file and the rule. Rows
    stream from the file: only the contract's columns of the rows drafting reads are ever held."""
    where = dataset.url
    if dataset.url.endswith((".xlsx", ".xls")):
        rows = _xlsx_rows(body, where, dataset.sheet)
    else:
        rows = _text_rows(body, where, "\t" if dataset.url.endswith(".tsv") else ",")
    for _ in range(dataset.header_row):
        if next(rows, None) is None:
            break
    first = next(rows, None)
    if first is None:
        raise ParseError(
            where, "empty file" if not dataset.header_row else f"no header row after {dataset.header_row} title line(s)"
        )
    header = ["" if cell is None else str(cell) for cell in first]
    missing = [c for c in dataset.columns if c not in header]
    if missing:
        raise ParseError(where, f"lacks column(s) {', '.join(missing)}; header is {header}")
    wanted = [(column, header.index(column)) for column in dataset.columns]
    keep = [(header.index(column), values) for column, values in dataset.keep]
    records = [
        {column: _shared(row[i]) if i < len(row) else None for column, i in wanted}
        for row in rows
        if any(cell not in (None, "") for cell in row) and all(str(row[i]) in values for i, values in keep)
    ]
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
