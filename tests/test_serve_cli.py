"""`grader serve` as a TA runs it (issue 18): the real command in a child process, behind a
pretend reverse proxy — forwarded addresses trusted only when --forwarded-allow-ips says so,
the page under --root-path — and the load script's function on a small load."""

from __future__ import annotations

import importlib.util
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.conftest import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def _serving(*args: str) -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "grader", "serve", "--port", str(port),
                             "--workers", "1", "--lang", "en", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=1):
                    break
            except (OSError, urllib.error.URLError):
                time.sleep(0.1)
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        yield url
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=30)
        # Nothing a student sent is ever printed or logged.
        assert b"SECRET-ANSWER" not in out + err


def _post(url: str, body: bytes, forwarded: str | None = None) -> int:
    headers = {"content-type": "application/yaml"}
    if forwarded:
        headers["x-forwarded-for"] = forwarded
    request = urllib.request.Request(f"{url}/api/check", data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            status: int = answer.status
            return status
    except urllib.error.HTTPError as exc:
        return exc.code


BODY = b"assignment: ch3\nanswers: {acceleration: SECRET-ANSWER}\n"


@pytest.mark.parametrize("trusted,expected", [
    # behind a proxy we were told of: each forwarded client has its own bucket
    (True, [200, 200, 429, 200]),
    # nobody said to trust the header: everyone is the proxy's one address
    (False, [200, 200, 429, 429]),
])
def test_forwarded_addresses_are_trusted_only_when_told(trusted: bool,
                                                         expected: list[int]) -> None:
    extra = ["--forwarded-allow-ips", "127.0.0.1"] if trusted else []
    with _serving("--rate", "2", "--root-path", "/grader", *extra) as url:
        got = [_post(url, BODY, "10.0.0.1"), _post(url, BODY, "10.0.0.1"),
               _post(url, BODY, "10.0.0.1"), _post(url, BODY, "10.0.0.2")]
        # Under --root-path the proxy strips the prefix; the page's addresses are relative.
        with urllib.request.urlopen(f"{url}/", timeout=10) as page:
            text = page.read().decode()
    assert got == expected
    assert 'href="static/app.css"' in text and 'src="static/app.js"' in text


def test_the_load_script_runs_a_small_load() -> None:
    spec = importlib.util.spec_from_file_location("bench_serve",
                                                  ROOT / "scripts" / "bench_serve.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules["bench_serve"] = bench
    spec.loader.exec_module(bench)
    result = bench.bench_serve(clients=4, requests=3, workers=1)
    summary = result.summary()
    assert summary["errors"] == {} and summary["ok"] == 12
    assert 0 < summary["p50_ms"] <= summary["p95_ms"] <= summary["max_ms"]
    json.dumps(summary)
