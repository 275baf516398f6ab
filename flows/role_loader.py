"""Loading a run's roles: every file validated (its [signals] against the source registry), kept as a slim
view, reused from the view cache when the same code validated the same text before, and checked in worker
processes when a first run has many files. One object holds the cache, the signal resolver and the workers."""

from __future__ import annotations

import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

from flows.view_cache import ViewCache, validation_fingerprint
from scoring.batch import draft_note
from scoring.errors import JobzoneError, RoleFileError
from scoring.roles import Checked, LoadedRole, check_file, collect, load_roles, read_role_text, unique_role_paths
from scoring.view import RoleView
from sources.signals import SignalResolver, signal_problems

PARALLEL_MIN = 20_000  # measured: 10,000 files 4.5 s in one process, 4.6 s in two; 50,000: 20.8 s vs 14.1 s
BATCH = 500


def load_checked_roles(targets: Sequence[Path] | Path, only: Sequence[str] | None = None) -> list[LoadedRole]:
    """Role files validated whole, [signals] included (against the source registry)."""
    return load_roles(targets, only, extra_check=signal_problems)


class RoleLoader:
    """Loads role files as views. With `cache`, files validated before by the same code are not parsed again;
    from `parallel_from` files to check, they are checked in `workers` processes (0: one per core)."""

    def __init__(self, cache: Path | None = None, workers: int = 0, parallel_from: int | None = None):
        self.resolve = SignalResolver()
        self.views = ViewCache(cache, validation_fingerprint()) if cache else None
        self.workers = workers or os.cpu_count() or 1
        self.parallel_from = PARALLEL_MIN if parallel_from is None else parallel_from

    def load(self, roles_dir: Path, only: Sequence[str] | None = None) -> list[RoleView]:
        paths = unique_role_paths(roles_dir)
        with collector_paused():
            checked = self._check_all(paths)
        views = collect(paths, checked, only)
        if self.views:  # every file was checked, whichever roles were asked for: the next load reuses them all
            self.views.save()
        return views

    def _check_all(self, paths: list[Path]) -> list[Checked]:
        """Each file reused from the cache, or checked now, or (many files) deferred to the worker processes."""
        checked: list[Checked | None] = [None] * len(paths)
        later: list[int] = []
        defer = len(paths) >= self.parallel_from
        for index, path in enumerate(paths):
            text = None
            if self.views:
                try:
                    text = read_role_text(path)
                except RoleFileError as exc:
                    checked[index] = (None, None, exc.problems)
                    continue
                hit = self.views.reuse(path, text)
                if hit is not None:
                    checked[index] = (hit[0], hit[1], [])
                    continue
            if defer:
                later.append(index)  # read again where it is checked: holding 100,000 texts here costs ~1 GB
            else:
                checked[index] = check_file(path, self.resolve.problems, self._view, text)
        for index, result in zip(later, self._check_many([paths[i] for i in later]) if later else ()):
            checked[index] = result
        return [result for result in checked if result is not None]

    def _view(self, loaded: LoadedRole) -> RoleView:
        return self._keep(view_of(loaded, self.resolve))

    def _keep(self, view: RoleView) -> RoleView:
        return self.views.keep(view) if self.views else view

    def _check_many(self, paths: list[Path]) -> list[Checked]:
        if len(paths) < self.parallel_from or self.workers < 2:  # e.g. a few edited files in a large catalogue
            return [check_file(path, self.resolve.problems, self._view) for path in paths]
        batches = [[str(path) for path in paths[i : i + BATCH]] for i in range(0, len(paths), BATCH)]
        try:
            with ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn")) as pool:
                results = [one for batch in pool.map(check_views, batches) for one in batch]
        except BrokenProcessPool as exc:
            raise JobzoneError(
                f"checking {len(paths)} role files in {self.workers} worker processes failed ({exc}); a script "
                "that runs the pipeline must guard its entry point (if __name__ == '__main__'), or set "
                "JOBZONE_LOAD_WORKERS=1"
            ) from None
        # Views from other processes share their signals only within a batch: adopt this process's copies.
        return [
            (role_id, self._keep(self.resolve.adopt(*made)) if made else None, found)
            for role_id, made, found in results
        ]


def load_role_views(
    roles_dir: Path, only: Sequence[str] | None = None, cache: Path | None = None, workers: int = 0
) -> list[RoleView]:
    """The run's roles as views (see RoleLoader)."""
    return RoleLoader(cache, workers).load(roles_dir, only)


def view_of(loaded: LoadedRole, resolve: SignalResolver) -> RoleView:
    return RoleView.of(loaded, *resolve(loaded.role), draft_note(loaded.role))


def check_views(paths: list[str]) -> list[Checked]:
    """In a worker process: (role id, (signals key, view), problems) of each role file, made as RoleLoader
    makes them; the key lets the parent share signals between roles again."""
    resolve = SignalResolver()

    def keyed_view(loaded: LoadedRole) -> tuple[object, RoleView]:
        return resolve.key(loaded.role), view_of(loaded, resolve)

    with collector_paused():
        return [check_file(path, resolve.problems, keyed_view) for path in map(Path, paths)]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Loading allocates millions of acyclic objects; the cyclic collector would rescan them again and again
    (1.6 s of 4.2 s at 10,000 roles)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
