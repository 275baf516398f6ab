"""`jobzone backtest`: the old and the new method over the same as-of dates, side by side per year, on
throwaway warehouses (the operator's warehouse is neither created nor written)."""

from tests.helpers import add_drafts, jobzone_json


def test_backtest_compares_the_methods_per_year_and_leaves_the_warehouse_alone(tmp_path, fixtures):
    roles = tmp_path / "roles"
    add_drafts(roles, "registered-nurses", "telemarketers")
    db = tmp_path / "operator.duckdb"
    args = ("backtest", "--from", "2023-09-01", "--to", "2024-09-01", "--every", "year", "--replay", str(fixtures))
    rows = jobzone_json(*args, db=db, roles=roles)  # the table form prints the same rows (cli/backtest.py)
    assert sorted((r["year"], r["method"]) for r in rows) == [
        (year, method) for year in (2023, 2024) for method in ("new", "old")
    ]
    assert all(r["roles"] == 2 and r["runs"] == 1 for r in rows)
    first = [r for r in rows if r["year"] == 2023]
    assert all(r["moved_share"] == 0 and r["alerts_per_role_year"] == 0 for r in first)  # nothing to move from
    assert any(r["moved_share"] > 0 for r in rows if r["year"] == 2024)
    assert not db.exists()


def test_backtest_in_the_uk_view_reads_uk_data(tmp_path, fixtures):
    """The same two methods over the UK's view: both years read ASHE and Indeed GB, so the nurses move."""
    roles = tmp_path / "roles"
    add_drafts(roles, "registered-nurses")
    args = ("backtest", "--from", "2023-08-15", "--to", "2024-08-15", "--every", "year", "--replay", str(fixtures))
    rows = jobzone_json(*args, "--country", "GB", db=tmp_path / "operator.duckdb", roles=roles)
    assert sorted((r["year"], r["method"]) for r in rows) == [(y, m) for y in (2023, 2024) for m in ("new", "old")]
    assert any(r["moved_share"] > 0 for r in rows if r["year"] == 2024)
