"""Grading worker processes: a small pool, one job at a time per worker, each job's time
budget kept by the parent. A worker over budget is killed and replaced, so one hostile
submission cannot stall the others; a worker is also replaced after a number of jobs.

Workers are started with `spawn` (no fork of a threaded server) and run `target`, a
function named `module:function` called with each job; `init`, if named, is called once
with `init_arg` before the worker says it is ready. Jobs and answers are pickled tuples.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import multiprocessing
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

__all__ = ["GradingPool", "PoolBusy", "WorkerFailed", "WorkerTimeout"]

log = logging.getLogger("grader.serve")

STARTUP_SECONDS = 120.0
"""How long a new worker may take to import the grader and warm its caches."""


class WorkerTimeout(Exception):
    """A job took longer than its budget; its worker was replaced."""


class WorkerFailed(Exception):
    """A worker died during a job (or could not start); it was replaced."""


class PoolBusy(Exception):
    """No worker became free in time."""


def _resolve(name: str) -> Callable[..., Any]:
    module, _, function = name.partition(":")
    found: Callable[..., Any] = getattr(importlib.import_module(module), function)
    return found


def _worker_main(conn: Connection, target: str, init: str | None, init_arg: Any,
                 warm_job: Any) -> None:
    """A worker's life: set up, say ready, then answer jobs until the pipe closes."""
    try:
        if init is not None:
            _resolve(init)(init_arg)
        run = _resolve(target)
        if warm_job is not None:
            run(warm_job)
        conn.send(("ready", None))
    except BaseException as exc:  # reported to the parent, which decides
        conn.send(("failed", type(exc).__name__))
        return
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer: tuple[str, Any] = ("ok", run(job))
        except BaseException as exc:  # one job's failure, not the worker's
            answer = ("error", type(exc).__name__)
        conn.send(answer)


class _Worker:
    """One process and its end of the pipe (used by one thread at a time)."""

    def __init__(self, ctx: Any, target: str, init: str | None, init_arg: Any,
                 warm_job: Any) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, daemon=True,
                                   args=(child, target, init, init_arg, warm_job))
        self.process.start()
        child.close()
        self.ready = False
        self.jobs = 0

    def wait_ready(self, seconds: float = STARTUP_SECONDS) -> None:
        if self.ready:
            return
        try:
            if not self.conn.poll(seconds):
                raise WorkerFailed("worker did not start in time")
            status, detail = self.conn.recv()
        except (EOFError, OSError) as exc:
            raise WorkerFailed("worker exited while starting") from exc
        if status != "ready":
            raise WorkerFailed(f"worker could not start: {detail}")
        self.ready = True

    def call(self, job: Any, budget: float) -> Any:
        """Run `job`; its answer, or WorkerTimeout / WorkerFailed (the worker is then dead
        or to be killed)."""
        self.wait_ready()
        self.jobs += 1
        try:
            self.conn.send(job)
            if not self.conn.poll(budget):
                raise WorkerTimeout
            status, value = self.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            raise WorkerFailed("worker died") from exc
        if status != "ok":
            raise WorkerFailed(f"job failed in the worker: {value}")
        return value

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class GradingPool:
    """`size` workers running `target`; `await pool.run(job)` gives its answer."""

    def __init__(self, size: int, *, target: str, budget: float, init: str | None = None,
                 init_arg: Any = None, warm_job: Any = None, jobs_per_worker: int = 5_000,
                 wait: float | None = None) -> None:
        self.size = size
        self.budget = budget
        self.wait = wait if wait is not None else 2 * budget
        """How long a job may wait for a free worker before PoolBusy."""
        self.jobs_per_worker = jobs_per_worker
        self.replaced = 0
        """Workers replaced so far (over budget, dead, or worn out)."""
        self._spec = (target, init, init_arg, warm_job)
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._running: set[asyncio.Future[Any]] = set()

    def _spawn(self) -> _Worker:
        worker = _Worker(self._ctx, *self._spec)
        with self._lock:
            self._all.add(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.kill()

    async def start(self) -> None:
        """Start every worker and wait until each is ready."""
        self._idle = asyncio.Queue()
        workers = [self._spawn() for _ in range(self.size)]
        await asyncio.gather(*(asyncio.to_thread(w.wait_ready) for w in workers))
        for w in workers:
            self._idle.put_nowait(w)

    async def run(self, job: Any) -> Any:
        """The answer to `job` from a free worker (WorkerTimeout, WorkerFailed, PoolBusy)."""
        assert self._idle is not None, "start() first"
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout=self.wait)
        except asyncio.TimeoutError:
            raise PoolBusy from None
        # The job goes on in its thread even if this request is cancelled (the client
        # left): the worker returns to the pool only when its job is over.
        task = asyncio.ensure_future(self._use(worker, job))
        self._running.add(task)
        task.add_done_callback(self._finished)
        return await asyncio.shield(task)

    def _finished(self, task: asyncio.Future[Any]) -> None:
        self._running.discard(task)
        if not task.cancelled():
            task.exception()        # retrieved: an abandoned job's failure is not an error

    async def _use(self, worker: _Worker, job: Any) -> Any:
        assert self._idle is not None
        keep = worker
        try:
            return await asyncio.to_thread(worker.call, job, self.budget)
        except (WorkerTimeout, WorkerFailed) as exc:
            log.warning("grading worker replaced: %s", type(exc).__name__)
            keep = await self._replace(worker)
            raise
        finally:
            if keep is worker and worker.jobs >= self.jobs_per_worker:
                keep = await self._replace(worker)
            self._idle.put_nowait(keep)

    async def _replace(self, worker: _Worker) -> _Worker:
        self.replaced += 1
        await asyncio.to_thread(self._retire, worker)
        return self._spawn()      # ready by the time it is needed; its first call waits

    async def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            workers = list(self._all)
        for w in workers:
            await asyncio.to_thread(self._retire, w)
