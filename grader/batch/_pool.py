"""Grading a class in worker processes that may die or hang without costing anyone else.

Each worker grades one file at a time (a few more wait in its pipe), so when a worker dies
(the OOM killer, a crash) only the file it was grading is affected: it is retried once in
a fresh worker, then reported with the reason; every other file is graded as usual. A
worker past its time limit is killed and replaced the same way; the limit is kept by the
parent process, so it works wherever processes can be killed (no SIGALRM). Workers leave
when the parent does, even after a SIGKILL: each watches its pipe and the parent's pid.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Protocol

from grader.batch._grading import FileResult, GradeJob, grade_file, internal_failure

__all__ = ["MAX_ATTEMPTS", "ProgressSink", "grade_all", "worker_count"]

MAX_ATTEMPTS = 2
"""A file whose worker died while grading it is tried this many times before it is reported."""
PREFETCH = 4
"""Jobs sent ahead to each worker (fewer round trips); only the first is being graded."""
_POLL = 1.0


class ProgressSink(Protocol):
    """Receives progress: `start` once (after worker processes exist), then `advance`."""

    def start(self, total: int) -> None: ...

    def advance(self, result: FileResult) -> None: ...


def worker_count(requested: int | None, files: int) -> int:
    """Workers to start: as asked (default: one per CPU), never more than the CPUs or files."""
    cpus = os.cpu_count() or 1
    wanted = cpus if requested is None else requested
    return max(1, min(wanted, cpus, files))


def grade_all(jobs: Sequence[GradeJob], workers: int = 1,
              progress: ProgressSink | None = None) -> list[FileResult]:
    """Grade every job; results sorted by file.

    With one worker the files are graded in this process, one after the other, with no time
    limit (work per file is bounded by steps); with more, in worker processes as described
    in the module's docstring.
    """
    if workers <= 1 or len(jobs) <= 1:
        if progress:
            progress.start(len(jobs))
        results = []
        for job in jobs:
            result = grade_file(job)
            results.append(result)
            if progress:
                progress.advance(result)
        return sorted(results, key=lambda r: r.rel)
    return _Pool(jobs, workers, progress).run()


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    queue: deque[int] = field(default_factory=deque)
    """Jobs sent and not answered, in order: the first is the one being graded."""
    deadline: float = float("inf")
    """When the first job in `queue` runs out of time."""


class _Pool:
    def __init__(self, jobs: Sequence[GradeJob], workers: int,
                 progress: ProgressSink | None) -> None:
        methods = multiprocessing.get_all_start_methods()
        self.ctx: Any = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.jobs, self.size, self.progress = jobs, min(workers, len(jobs)), progress
        self.pending: deque[int] = deque(range(len(jobs)))
        self.attempts = [0] * len(jobs)
        self.results: dict[int, FileResult] = {}
        self.workers: list[_Worker] = []

    def run(self) -> list[FileResult]:
        try:
            self.workers = [self._start() for _ in range(self.size)]
            if self.progress:
                self.progress.start(len(self.jobs))  # after forking: no thread is copied
            while len(self.results) < len(self.jobs):
                self._assign()
                self._collect()
        finally:
            for worker in self.workers:
                self._stop(worker)
        return sorted(self.results.values(), key=lambda r: r.rel)

    def _start(self) -> _Worker:
        parent, child = self.ctx.Pipe()
        others = [w.conn for w in self.workers]
        process = self.ctx.Process(target=_serve, args=(child, parent, others, os.getpid()),
                                   daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def _assign(self) -> None:
        for position, worker in enumerate(self.workers):
            if not worker.queue and self.pending and not worker.process.is_alive():
                self._stop(worker)   # died while idle: nothing lost
                worker = self.workers[position] = self._start()
            while len(worker.queue) < PREFETCH and self.pending:
                index = self.pending.popleft()
                if not worker.queue:
                    worker.deadline = self._deadline(index)
                worker.queue.append(index)
                try:
                    worker.conn.send(self.jobs[index])
                except OSError:
                    self._lost(worker, died=True)
                    break

    def _deadline(self, index: int) -> float:
        timeout = self.jobs[index].timeout
        return time.monotonic() + timeout if timeout > 0 else float("inf")

    def _collect(self) -> None:
        busy = [w for w in self.workers if w.queue]
        if not busy:
            return
        nearest = min(w.deadline for w in busy)
        timeout = max(0.0, min(_POLL, nearest - time.monotonic()))
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                         timeout=timeout))
        for worker in busy:
            if worker.conn in ready:
                try:
                    while worker.queue and worker.conn.poll():
                        result: FileResult = worker.conn.recv()
                        self._done(worker.queue.popleft(), result)
                        if worker.queue:
                            worker.deadline = self._deadline(worker.queue[0])
                except (EOFError, OSError):
                    self._lost(worker, died=True)
            elif worker.process.sentinel in ready:
                self._lost(worker, died=True)
            elif time.monotonic() >= worker.deadline:
                self._lost(worker, died=False)

    def _done(self, index: int, result: FileResult) -> None:
        self.results[index] = result
        if self.progress:
            self.progress.advance(result)

    def _lost(self, worker: _Worker, *, died: bool) -> None:
        """The worker died or ran out of time: replace it. The job it was grading (the first
        unanswered) is retried or reported; the ones queued behind it go back untouched."""
        queue = list(worker.queue)
        worker.queue.clear()
        self._stop(worker)
        self.workers[self.workers.index(worker)] = self._start()
        if not queue:
            return
        index, waiting = queue[0], queue[1:]
        self.pending.extendleft(reversed(waiting))
        job = self.jobs[index]
        self.attempts[index] += 1
        if not died:
            self._done(index, internal_failure(job, "batch.error.timeout",
                                               seconds=f"{job.timeout:g}"))
        elif self.attempts[index] < MAX_ATTEMPTS:
            self.pending.appendleft(index)
        else:
            self._done(index, internal_failure(job, "batch.error.worker_died",
                                               how=_how(worker.process.exitcode)))

    @staticmethod
    def _stop(worker: _Worker) -> None:
        if worker.process.is_alive() and not worker.queue:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
            worker.process.join(0.5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join(5)
        worker.conn.close()


def _how(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return signal.Signals(-exitcode).name
        except ValueError:
            return f"signal {-exitcode}"
    return f"exit code {exitcode}"


def _serve(conn: Connection, parent_end: Connection, others: list[Connection],
           parent_pid: int) -> None:
    """A worker's loop: grade the jobs it is sent until told to stop or the parent is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    for inherited in (parent_end, *others):       # so the pipes close when the parent dies
        inherited.close()
    while True:
        try:
            while not conn.poll(_POLL):
                if os.getppid() != parent_pid:
                    return
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            conn.send(grade_file(job))
        except (OSError, EOFError):
            return
