"""A real `jobzone web` server process, a real SMTP server, and headless Debian chromium via Selenium."""

import contextlib
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests

from tests.conftest import REPO
from tests.helpers import SECRET, cli, free_port, jobzone_command

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


@pytest.fixture
def site_env(tmp_path, roles_dir, smtp):
    port = free_port()
    return {
        **os.environ,
        "JOBZONE_DB": str(tmp_path / "w.duckdb"),
        "JOBZONE_ROLES": str(roles_dir),
        "JOBZONE_SECRET": SECRET,
        "JOBZONE_SMTP_URL": smtp.url,
        "JOBZONE_SMTP_RATE": "0",
        "JOBZONE_BASE_URL": f"http://127.0.0.1:{port}",
        "JOBZONE_PREFECT": "false",
        "PORT": str(port),
    }


@contextlib.contextmanager
def web_process(env):
    """A real `jobzone web` process with this environment, answering on its port; stopped afterwards."""
    process = subprocess.Popen(
        jobzone_command("web", "--port", env["PORT"]),
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = env["JOBZONE_BASE_URL"]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/api/roles", timeout=1).ok:
                break
        except requests.ConnectionError:
            time.sleep(0.2)
    else:
        process.kill()
        raise AssertionError(f"jobzone web did not start: {process.stdout.read().decode()[-2000:]}")
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def server(site_env):
    cli(site_env, "run", "--skip-ingest")
    with web_process(site_env) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        message = "Debian chromium and chromium-driver are needed for browser tests (.ci/run installs them)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ):
        options.add_argument(flag)
    profile = Path(os.environ.get("TMPDIR", "/tmp")) / f"jobzone-chromium-{os.getpid()}"
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


ONET = REPO / "roles" / "onet"
ROLES = (
    "registered-nurses",
    "cooks-restaurant",
    "cooks-fast-food",
    "bookkeeping-accounting-and-auditing-clerks",
    "heavy-and-tractor-trailer-truck-drivers",
    "licensed-practical-and-licensed-vocational-nurses",
)


@pytest.fixture
def catalogue_roles(roles_dir):
    """A few drafted roles beside the reference one, and the names people use for every O*NET occupation."""
    for role_id in ROLES:
        shutil.copy(ONET / f"{role_id}.toml", roles_dir / f"{role_id}.toml")
    shutil.copy(ONET / "titles.csv", roles_dir / "titles.csv")
    return roles_dir


AXE = REPO / ".axe" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        import os

        message = f"axe-core not installed at {AXE} (`make test` installs it with npm)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text()
