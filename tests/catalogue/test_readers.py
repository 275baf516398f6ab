"""Each dataset reader checks its contract: columns, code formats, row counts, readable bodies."""

import dataclasses
import re

import pytest

from catalogue.datasets import DATASETS, read
from sources.errors import ParseError

RATINGS = DATASETS["task_ratings"]
HEADER = "O*NET-SOC Code,Title,Task ID,Task,freq_mean,importance,relevance\n"


def small(dataset, min_rows=2):
    return dataclasses.replace(dataset, min_rows=min_rows)


def test_a_valid_file_reads_as_rows():
    body = (HEADER + "15-1252.00,Dev,1,Write code,2.0,4.5,90\n15-1252.00,Dev,2,Test code,1.0,4.0,80\n").encode()
    rows = read(small(RATINGS), body)
    assert [r["Task ID"] for r in rows] == ["1", "2"]


@pytest.mark.parametrize(
    "body, message",
    [
        ("O*NET-SOC Code,Task ID\n15-1252.00,1\n15-1252.00,2\n", "lacks column(s) freq_mean, importance, relevance"),
        (
            HEADER + "15-1252,Dev,1,Write,2,4,90\n15-1252.00,Dev,2,Test,1,4,80\n",
            "'15-1252' is not in the expected format",
        ),
        (HEADER + "15-1252.00,Dev,1,Write,2,4,90\n", "expected at least 2 rows, found 1"),
        ("", "empty file"),
    ],
)
def test_contract_violations_name_the_file_and_rule(body, message):
    with pytest.raises(ParseError, match=re.escape(message)) as caught:
        read(small(RATINGS), body.encode())
    assert caught.value.url == RATINGS.url


def test_a_body_that_is_not_a_workbook_is_a_parse_error():
    dataset = small(DATASETS["onet:Occupation Data"])
    with pytest.raises(ParseError, match="not a readable Excel workbook"):
        read(dataset, b"<html>not found</html>")
