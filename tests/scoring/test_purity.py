"""scoring/ is pure domain logic: it reads role files but writes nothing, keeps no cache and leaves the garbage
collector alone (the run's role loader in flows/ does those)."""

import ast

from tests.conftest import REPO

FORBIDDEN_MODULES = {"gc", "pickle", "shutil", "tempfile", "duckdb", "requests"}
WRITES = {"write_text", "write_bytes", "mkdir", "unlink", "touch"}  # Path methods that change the disk
OS_WRITES = {"replace", "rename", "remove", "makedirs", "unlink"}


def test_scoring_imports_no_state_and_writes_no_file():
    found = []
    for path in sorted((REPO / "scoring").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [f"{path.name}: import {a.name}" for a in node.names if a.name in FORBIDDEN_MODULES]
            elif isinstance(node, ast.ImportFrom) and (node.module or "") in FORBIDDEN_MODULES:
                found.append(f"{path.name}: from {node.module}")
            elif isinstance(node, ast.Call):
                found += [f"{path.name}:{node.lineno}: {call}" for call in _writes(node.func)]
    assert found == []


def _writes(func: ast.expr) -> list[str]:
    if isinstance(func, ast.Name) and func.id == "open":
        return ["open()"]
    if not isinstance(func, ast.Attribute):
        return []
    on_os = isinstance(func.value, ast.Name) and func.value.id == "os"
    if func.attr in WRITES or func.attr == "open" or (on_os and func.attr in OS_WRITES):
        return [f".{func.attr}()"]
    return []
