"""The limits of one server: body size, body time, grading budget, workers, and the
per-client rate (a token bucket per client address, in memory).

Nothing here knows HTTP beyond a stream of body chunks: the routes turn the exceptions into
413 and 408 responses, the rate into 429 with Retry-After.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import AsyncIterable, Callable
from dataclasses import dataclass

__all__ = ["MAX_BODY_BYTES", "BodyTooLarge", "BodyTooSlow", "RateLimiter", "ServeLimits",
           "read_bounded"]

MAX_BODY_BYTES = 2_000_000
"""The largest request body: the largest submission `grader check` reads (yamlsafe)."""


@dataclass(frozen=True)
class ServeLimits:
    """What one server allows. `rate` is requests per minute per client address to the
    API (0: no limit); the bucket holds `rate` requests, refilled at `rate` a minute."""

    max_bytes: int = MAX_BODY_BYTES
    rate: int = 120
    workers: int = 2
    budget: float = 5.0
    """Seconds of grading one request may take before its worker is replaced (503)."""
    body_seconds: float = 10.0
    """Seconds a client has to send its whole request body (408 after)."""
    concurrency: int = 200
    """Open connections at once (uvicorn answers 503 beyond)."""
    jobs_per_worker: int = 5_000
    """A worker is replaced after this many jobs, so no cache grows without bound."""

    def __post_init__(self) -> None:
        if self.max_bytes < 1 or self.rate < 0 or self.workers < 1 or self.budget <= 0 \
                or self.body_seconds <= 0 or self.concurrency < 1 or self.jobs_per_worker < 1:
            raise ValueError("serve limits must be positive (rate may be 0: no limit)")


class BodyTooLarge(Exception):
    """The request body is over the size limit (413)."""


class BodyTooSlow(Exception):
    """The request body did not arrive within its time (408)."""


async def read_bounded(chunks: AsyncIterable[bytes], limit: int, seconds: float) -> bytes:
    """The whole body, refused as soon as it passes `limit` bytes or takes `seconds`."""
    async def collect() -> bytes:
        parts: list[bytes] = []
        size = 0
        async for chunk in chunks:
            size += len(chunk)
            if size > limit:
                raise BodyTooLarge
            parts.append(chunk)
        return b"".join(parts)

    try:
        return await asyncio.wait_for(collect(), timeout=seconds)
    except asyncio.TimeoutError:
        raise BodyTooSlow from None


class RateLimiter:
    """A token bucket per client: `rate` tokens, refilled at `rate` per minute; a request
    takes one. In memory, bounded: past `max_clients` the longest-idle client is forgotten
    (a forgotten client starts again with a full bucket)."""

    def __init__(self, rate: int, *, clock: Callable[[], float] = time.monotonic,
                 max_clients: int = 100_000) -> None:
        self._rate = rate
        self._clock = clock
        self._max = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, client: str) -> float:
        """0 when `client` may go on (a token taken), else the seconds until it may."""
        if self._rate <= 0:
            return 0.0
        now = self._clock()
        tokens, last = self._buckets.pop(client, (float(self._rate), now))
        tokens = min(float(self._rate), tokens + (now - last) * self._rate / 60.0)
        if tokens >= 1.0:
            self._buckets[client] = (tokens - 1.0, now)
            wait = 0.0
        else:
            self._buckets[client] = (tokens, now)
            wait = (1.0 - tokens) * 60.0 / self._rate
        while len(self._buckets) > self._max:
            self._buckets.popitem(last=False)
        return wait
