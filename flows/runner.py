"""How the pipeline's stages execute: one Runner protocol, a plain runner, and a clock that times stages."""

from __future__ import annotations

import time
from typing import Callable, Protocol, Sequence


class Runner(Protocol):
    """Runs a stage (`call`) or a stage over items (`map`); the Prefect runner makes each a task run."""

    def call(self, name: str, fn: Callable, *args): ...

    def map(self, name: str, name_of: Callable, fn: Callable, items: Sequence) -> list: ...


class PlainRunner:
    """Each stage is a plain call; `map` runs its items one after another."""

    def call(self, name: str, fn: Callable, *args):
        return fn(*args)

    def map(self, name: str, name_of: Callable, fn: Callable, items: Sequence) -> list:
        return [fn(item) for item in items]


class StageClock:
    """A Runner that times each stage (by name) around another runner."""

    def __init__(self, runner: Runner):
        self.runner = runner
        self.seconds: dict[str, float] = {}

    def _timed(self, name: str, work: Callable):
        start = time.perf_counter()
        try:
            return work()
        finally:
            self.seconds[name] = round(self.seconds.get(name, 0) + time.perf_counter() - start, 4)

    def call(self, name: str, fn: Callable, *args):
        return self._timed(name, lambda: self.runner.call(name, fn, *args))

    def map(self, name: str, name_of: Callable, fn: Callable, items: Sequence) -> list:
        return self._timed(name, lambda: self.runner.map(name, name_of, fn, items))
