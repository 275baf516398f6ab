"""How the pipeline's stages execute: one Runner protocol, a plain runner, and a clock that times stages."""

from __future__ import annotations

import time
from typing import Any, Callable, Protocol, TypeVar

T = TypeVar("T")


class Runner(Protocol):
    """Runs a stage; the Prefect runner makes each stage one task run."""

    def call(self, name: str, fn: Callable[..., T], *args: Any) -> T: ...


class PlainRunner:
    """Each stage is a plain call."""

    def call(self, name: str, fn: Callable[..., T], *args: Any) -> T:
        return fn(*args)


class StageClock:
    """A Runner that times each stage (by name) around another runner."""

    def __init__(self, runner: Runner):
        self.runner = runner
        self.seconds: dict[str, float] = {}

    def _timed(self, name: str, work: Callable[[], T]) -> T:
        start = time.perf_counter()
        try:
            return work()
        finally:
            self.seconds[name] = round(self.seconds.get(name, 0) + time.perf_counter() - start, 4)

    def call(self, name: str, fn: Callable[..., T], *args: Any) -> T:
        return self._timed(name, lambda: self.runner.call(name, fn, *args))


class AnnouncingRunner:
    """Each stage a plain call, its name told first (a long run's progress on screen)."""

    def __init__(self, announce: Callable[[str], None]):
        self.announce = announce

    def call(self, name: str, fn: Callable[..., T], *args: Any) -> T:
        self.announce(name)
        return fn(*args)
