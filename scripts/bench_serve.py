"""A bounded load test of `grader serve` on loopback (issue 18).

`bench_serve()` starts `grader serve` in a child process on a free loopback port (rate limit
off: every client here shares one address), waits for /healthz, then runs `clients`
concurrent clients that each post `requests` counts-only submissions to /api/check one
after another, and reports the latency percentiles and the errors. The target: p95 at most
200 ms on two cores, no error, at 50 clients × 20 requests.

    python scripts/bench_serve.py                      # 50 × 20, two workers
    python scripts/bench_serve.py --clients 10 --requests 5 --workers 1
    python scripts/bench_serve.py --url http://127.0.0.1:8000   # a server already running

The clients speak HTTP/1.1 over keep-alive connections with asyncio streams, nothing more,
so that on a two-core machine the load generator takes little of the CPU it measures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.request import urlopen

SUBMISSION = """assignment: ch3
student: {id: "2023001", name: 张三}
answers:
  network_counts:
    alexnet: {neurons: 650000, params: "60,965,224"}
    vgg19: {neurons: 14.9M, params: 143667240}
    resnet152: {neurons: 22000000, params: 60.2M}
  forward_ops:
    alexnet: {mults: 7.2e8, adds: 7.2e8}
    vgg19: {mults: "19.6G", adds: 19.6e9}
    resnet152: {mults: 11.5e9, adds: 11.5e9}
""".encode()
"""A counts-only submission (the numbers of 3.1 and 3.2, some right, some not)."""


@dataclass(frozen=True)
class BenchResult:
    """Latencies in milliseconds, sorted; errors by kind."""

    latencies: tuple[float, ...]
    errors: dict[str, int]
    seconds: float

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        index = min(len(self.latencies) - 1, max(0, round(p / 100 * len(self.latencies)) - 1))
        return self.latencies[index]

    def summary(self) -> dict[str, object]:
        return {"requests": len(self.latencies) + sum(self.errors.values()),
                "ok": len(self.latencies), "errors": self.errors,
                "p50_ms": round(self.percentile(50), 1), "p95_ms": round(self.percentile(95), 1),
                "max_ms": round(self.latencies[-1], 1) if self.latencies else None,
                "seconds": round(self.seconds, 2),
                "requests_per_second": round(len(self.latencies) / self.seconds, 1)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def running_server(workers: int) -> Iterator[str]:
    """`grader serve` in a child process; its base URL while the block runs."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "grader", "serve", "--port", str(port), "--rate", "0",
         "--workers", str(workers), "--lang", "en"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urlopen(f"{url}/healthz", timeout=1) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("grader serve did not start: "
                                   + (proc.stderr.read().decode() if proc.stderr else ""))
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


class _Connection:
    """One keep-alive HTTP/1.1 connection, as lean as a client can be (so that on a small
    machine the load generator takes as little as possible of the CPU it measures)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                 host: str) -> None:
        self.reader, self.writer, self.host = reader, writer, host

    @classmethod
    async def open(cls, url: str) -> _Connection:
        parts = urlsplit(url)
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port or 80)
        return cls(reader, writer, parts.netloc)

    async def post(self, path: str, body: bytes, content_type: str) -> tuple[int, bytes]:
        self.writer.write(
            f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        length = next(int(line.split(":", 1)[1]) for line in lines[1:]
                      if line.lower().startswith("content-length:"))
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        self.writer.close()


async def _load(url: str, clients: int, requests: int) -> BenchResult:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    path = urlsplit(url).path.rstrip("/") + "/api/check"

    async def client(connection: _Connection) -> None:
        for _ in range(requests):
            start = time.perf_counter()
            try:
                status, body = await connection.post(path, SUBMISSION, "application/yaml")
                ok = status == 200 and b'"questions"' in body
                kind = f"HTTP {status}"
            except (OSError, asyncio.IncompleteReadError, ValueError, StopIteration) as exc:
                ok, kind = False, type(exc).__name__
            if ok:
                latencies.append((time.perf_counter() - start) * 1000)
            else:
                errors[kind] = errors.get(kind, 0) + 1

    connections = [await _Connection.open(url) for _ in range(clients)]
    try:
        # One request on each connection first: the measurement starts warm.
        await asyncio.gather(*(c.post(path, SUBMISSION, "application/yaml")
                               for c in connections))
        began = time.perf_counter()
        await asyncio.gather(*(client(c) for c in connections))
        seconds = time.perf_counter() - began
    finally:
        for c in connections:
            c.close()
    return BenchResult(tuple(sorted(latencies)), errors, seconds)


def bench_serve(clients: int = 50, requests: int = 20, workers: int = 2,
                url: str | None = None) -> BenchResult:
    """Run the load (see the module's docstring) against `url`, or a server started here."""
    if url is not None:
        return asyncio.run(_load(url, clients, requests))
    with running_server(workers) as started:
        return asyncio.run(_load(started, clients, requests))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--url", default=None, help="a running server (its --rate must allow "
                                                    "the load)")
    args = parser.parse_args()
    result = bench_serve(args.clients, args.requests, args.workers, args.url)
    summary = result.summary()
    summary.update(clients=args.clients, per_client=args.requests, cpus=os.cpu_count())
    print(json.dumps(summary, indent=2))
    sys.exit(0 if not result.errors else 1)


if __name__ == "__main__":
    main()
