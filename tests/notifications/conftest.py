import pytest

from jobzone.settings import Settings
from tests.helpers import SECRET


@pytest.fixture
def settings(tmp_path, roles_dir, smtp) -> Settings:
    return Settings(
        db=tmp_path / "w.duckdb",
        roles=roles_dir,
        prefect=False,
        secret=SECRET,
        smtp_url=smtp.url,
        smtp_rate=0,
        base_url="https://jobzone.test",
        unsubscribe_mailto="unsubscribe@jobzone.test",
        outbox_dir=tmp_path / "outbox",
        webhook_private_targets=True,  # the receivers in these tests listen on 127.0.0.1
    )
