"""The names people use for each drafted occupation (O*NET title, alternate and short titles, reported titles),
as one CSV the site's search reads: tens of thousands of names, so "RN" or "line cook" finds its role."""

from __future__ import annotations

import csv
import io

from catalogue.document import role_ids
from catalogue.draft import Tables, index

FILE_NAME = "titles.csv"


def title_rows(raw: dict[str, list[dict]]) -> list[tuple[str, str, str]]:
    """(role id, name, kind) sorted, without repeats; kind is title | alternate | reported."""
    t: Tables = index(raw)
    ids = role_ids(t)
    rows: set[tuple[str, str, str]] = set()
    for code, role_id in ids.items():
        rows.add((role_id, str(t.occupations[code]["Title"]).strip(), "title"))
    for row in raw["onet:Alternate Titles"]:
        alternate_of = ids.get(row["O*NET-SOC Code"])
        for name in (row["Alternate Title"], row["Short Title"]):
            if alternate_of and name:
                rows.add((alternate_of, str(name).strip(), "alternate"))
    for row in raw["onet:Sample of Reported Titles"]:
        reported_for = ids.get(row["O*NET-SOC Code"])
        if reported_for and row["Reported Job Title"]:
            rows.add((reported_for, str(row["Reported Job Title"]).strip(), "reported"))
    return sorted(rows)


def titles_csv(raw: dict[str, list[dict]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("role_id", "name", "kind"))
    writer.writerows(title_rows(raw))
    return out.getvalue()
