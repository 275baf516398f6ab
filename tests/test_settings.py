"""Settings fail as mistakes, not bugs: every malformed JOBZONE_* value is one
line naming the variable, the value and what is expected, exit 1; never "internal error" (exit 70)."""

import pytest

from jobzone.settings import ConfigError, Settings, load_settings
from tests.helpers import jobzone, quick_run

MALFORMED = ("abc", "nan", "inf", "-inf", "", "-1", "0", "1e400", " ")
VARIABLES = sorted(f"JOBZONE_{name.upper()}" for name in Settings.model_fields)


def test_no_malformed_setting_is_an_internal_error(tmp_path, roles_dir):
    db = tmp_path / "w.duckdb"
    quick_run(
        Settings(db=db, roles=roles_dir, prefect=False)
    )  # `jobzone runs` then succeeds unless a setting is refused
    outcomes = {}
    for variable in VARIABLES:
        for value in MALFORMED:
            env = {"JOBZONE_DB": str(db), variable: value}
            result = jobzone("runs", db=db, check=False, env=env)
            outcomes[(variable, value)] = result
            assert result.returncode in (0, 1), (variable, value, result.stderr)
            assert "internal error" not in result.stderr and "Traceback" not in result.stderr, (variable, value)
            if result.returncode == 1 and variable != "JOBZONE_DB":
                assert result.stderr.startswith(f"error: {variable}="), (variable, value, result.stderr)
    refused = sum(r.returncode == 1 for r in outcomes.values())
    assert refused >= 100  # most of them are refused, each naming its variable


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("JOBZONE_ALERT_MIN_POINTS", "0", "greater than 0"),  # would mail "48.4 -> 48.4" on every unchanged run
        ("JOBZONE_SEND_DEADLINE", "0", "greater than 0"),  # would report "left queued 0" while 5 stay queued
        ("JOBZONE_CHANNEL_BREAKER_AFTER", "0", "greater than or equal to 1"),  # would never send
        ("JOBZONE_SMTP_PER_CONNECTION", "0", "greater than or equal to 1"),  # a ZeroDivisionError after one message
        ("JOBZONE_HTTP_RETRIES", "nan", "valid integer"),
        ("JOBZONE_PREFECT", "", "valid boolean"),
    ],
)
def test_a_value_that_would_misbehave_is_refused_naming_its_variable(monkeypatch, variable, value, expected):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert caught.value.problems[0].startswith(f"{variable}=") and expected in caught.value.problems[0]


def test_a_blank_secret_is_no_secret(monkeypatch):
    from notifications.errors import SubscriptionError

    monkeypatch.setenv("JOBZONE_SECRET", " " * 40)
    with pytest.raises(SubscriptionError, match="JOBZONE_SECRET is not set"):
        load_settings().signing_secret()
