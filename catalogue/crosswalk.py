"""Building the SOC -> Indeed sector table (sources/data/soc_indeed_sectors.csv) from the reviewed rules, and
checking it against Indeed's own example job titles per sector matched to O*NET's titles."""

from __future__ import annotations

import csv
import io
import re

from sources.crosswalk import rule_for

COLUMNS = ("soc", "title", "sector", "why", "title_evidence")


def _norm(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", title.lower()).strip()


def title_evidence(examples: list[dict], onet: dict[str, list[dict]]) -> dict[str, set[str]]:
    """6-digit SOC -> sectors whose example job titles equal one of the occupation's O*NET titles."""
    names: dict[str, set[str]] = {}
    for row in onet["onet:Occupation Data"]:
        names.setdefault(_norm(row["Title"]), set()).add(row["O*NET-SOC Code"][:7])
    for sheet, column in (
        ("onet:Alternate Titles", "Alternate Title"),
        ("onet:Sample of Reported Titles", "Reported Job Title"),
    ):
        for row in onet[sheet]:
            if row[column]:
                names.setdefault(_norm(str(row[column])), set()).add(row["O*NET-SOC Code"][:7])
    out: dict[str, set[str]] = {}
    for example in examples:
        for title in str(example["job_titles"]).split(","):
            for soc in names.get(_norm(title), ()):
                out.setdefault(soc, set()).add(example["sector"])
    return out


def build(onet: dict[str, list[dict]], examples: list[dict]) -> list[dict]:
    """One row per 6-digit SOC of O*NET's occupations, sorted by SOC."""
    titles: dict[str, str] = {}
    for row in sorted(onet["onet:Occupation Data"], key=lambda r: r["O*NET-SOC Code"]):
        titles.setdefault(row["O*NET-SOC Code"][:7], str(row["Title"]).strip())
    evidence = title_evidence(examples, onet)
    rows = []
    for soc, title in sorted(titles.items()):
        sector, why = rule_for(soc)
        rows.append(
            {
                "soc": soc,
                "title": title,
                "sector": sector,
                "why": why,
                "title_evidence": "; ".join(sorted(evidence.get(soc, ()))),
            }
        )
    return rows


def to_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def summary(rows: list[dict]) -> dict:
    evidence = [r for r in rows if r["title_evidence"]]
    return {
        "socs": len(rows),
        "with_sector": sum(r["sector"] != "none" for r in rows),
        "with_title_evidence": len(evidence),
        "agree": sum(r["sector"] in r["title_evidence"].split("; ") for r in evidence),
    }
