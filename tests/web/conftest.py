"""A real `jobzone web` server process, a real SMTP server, and headless Debian chromium via Selenium."""

import contextlib
import hashlib
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest
import requests

from tests.conftest import REFERENCE_ROLE, REPO
from tests.helpers import SECRET, cli, free_port, jobzone_command

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


def environment(db: Path, roles: Path, smtp_url: str) -> dict[str, str]:
    """What a `jobzone web` process and the CLI beside it run with: this warehouse, these roles, this mail server."""
    port = free_port()
    return {
        **os.environ,
        "JOBZONE_DB": str(db),
        "JOBZONE_ROLES": str(roles),
        "JOBZONE_SECRET": SECRET,
        "JOBZONE_SMTP_URL": smtp_url,
        "JOBZONE_SMTP_RATE": "0",
        "JOBZONE_BASE_URL": f"http://127.0.0.1:{port}",
        "JOBZONE_PREFECT": "false",
        "PORT": str(port),
    }


@pytest.fixture
def site_env(tmp_path, roles_dir, smtp):
    return environment(tmp_path / "w.duckdb", roles_dir, smtp.url)


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


class ScoredWarehouses:
    """A warehouse scored by `jobzone run --skip-ingest` once per test process for each set of role files, copied
    for each test that starts from it (a copy takes milliseconds; a run in its own process, a second or more)."""

    def __init__(self, root: Path):
        self.root = root

    def copy_into(self, env: dict[str, str]) -> None:
        roles = Path(env["JOBZONE_ROLES"])
        digest = hashlib.sha256()
        for path in sorted(roles.rglob("*")):
            if path.is_file():
                digest.update(f"{path.relative_to(roles)}\0".encode() + path.read_bytes() + b"\0")
        template = self.root / f"{digest.hexdigest()[:16]}.duckdb"
        if not template.exists():
            cli({**env, "JOBZONE_DB": str(template)}, "run", "--skip-ingest")
        shutil.copy(template, env["JOBZONE_DB"])


@pytest.fixture(scope="session")
def scored_warehouses(tmp_path_factory) -> ScoredWarehouses:
    return ScoredWarehouses(tmp_path_factory.mktemp("scored"))


@pytest.fixture
def server(site_env, scored_warehouses):
    """The roles folder as it is when the test asks, scored, and a `jobzone web` process serving it."""
    scored_warehouses.copy_into(site_env)
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


def add_catalogue_roles(roles_dir: Path) -> Path:
    """A few drafted roles beside the reference one, and the names people use for every O*NET occupation."""
    for role_id in ROLES:
        shutil.copy(ONET / f"{role_id}.toml", roles_dir / f"{role_id}.toml")
    shutil.copy(ONET / "titles.csv", roles_dir / "titles.csv")
    return roles_dir


@pytest.fixture
def catalogue_roles(roles_dir):
    return add_catalogue_roles(roles_dir)


def move_registered_nurses(roles_dir: Path, env: dict[str, str]) -> None:
    """A rerun after an edit: registered nurses move, with the edit as the cause."""
    path = roles_dir / "registered-nurses.toml"
    path.write_text(path.read_text().replace("score = 2\n", "score = 4\n"))
    cli(env, "rerun", "--reason", "a model that charts and doses")


@pytest.fixture
def moved(catalogue_roles, server, site_env):
    """The catalogue's few roles served, after registered nurses moved (for a test that changes what it serves)."""
    move_registered_nurses(catalogue_roles, site_env)
    return server


@dataclass(frozen=True)
class SharedSite:
    base: str  # the served URL
    env: dict[str, str]
    roles: Path


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory) -> Iterator[SharedSite]:
    """The `moved` catalogue, made and served once for a module's read-only tests (a test that subscribes, edits a
    role or runs again takes its own `moved`): each copy costs a scoring run, a rerun and a server start."""
    from tests.smtp_server import SmtpServer

    root = tmp_path_factory.mktemp("moved-site")
    roles = root / "roles"
    roles.mkdir()
    shutil.copy(REFERENCE_ROLE, roles / REFERENCE_ROLE.name)
    add_catalogue_roles(roles)
    with SmtpServer() as smtp:
        env = environment(root / "w.duckdb", roles, smtp.url)
        cli(env, "run", "--skip-ingest")
        move_registered_nurses(roles, env)
        with web_process(env) as base:
            yield SharedSite(base, env, roles)


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
