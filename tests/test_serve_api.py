"""`grader serve`'s API (issue 18) through Starlette's TestClient: exact statuses and JSON
keys, the same report as `grader check --format json`, nothing expected unless the rubric
reveals it, 400 with line and column, 413 by Content-Length and while streaming, 429 past
the rate, security headers on every response, hostile files answered within the budget
while other requests go on, a worker over budget replaced."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from grader.cli import app as cli_app
from grader.serve._app import SECURITY_HEADERS, create_app, negotiate
from grader.serve._form import field_paths, form_of, submission_text
from grader.serve._limits import BodyTooLarge, BodyTooSlow, RateLimiter, ServeLimits, read_bounded
from grader.serve._pool import GradingPool
from tests.conftest import ANSWERS, ROOT

with warnings.catch_warnings():
    # Newer Starlette prefers the `httpx2` package and says so on import; httpx works.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

HOSTILE = ROOT / "tests" / "hostile"
REPORT_KEYS = {"student", "assignment", "score", "max_score", "questions", "unknown_fields"}
ITEM_KEYS = {"path", "submitted", "read_as", "verdict", "score", "max_score", "diagnoses",
             "graded"}
YAML = {"content-type": "application/yaml"}


class _FakePool:
    """A pool that grades nothing (routes that never reach the workers, and the rate)."""

    replaced = 0

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def run(self, job: Any) -> tuple[int, str]:
        return 200, "{}"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    app = create_app("ch3", ServeLimits(rate=0, workers=2, budget=5.0))
    with TestClient(app) as c:
        yield c


def _fake(rubric: str = "ch3", **limits: Any) -> TestClient:
    return TestClient(create_app(rubric, ServeLimits(**limits), pool=_FakePool()))  # type: ignore[arg-type]


def _cli_json(path: Path, lang: str) -> Any:
    result = CliRunner().invoke(cli_app, ["check", str(path), "--format", "json", "--lang", lang])
    return json.loads(result.stdout)


# ------------------------------------------------------------------------------ /api/check

@pytest.mark.parametrize("name,lang", [
    ("seed_001.yaml", "en"),     # a real student's answer, mistakes and all
    ("seed_001.yaml", "zh"),     # the same in Chinese
    ("perfect.yaml", "en"),      # everything right
])
def test_check_gives_the_report_of_grader_check(client: TestClient, name: str,
                                                lang: str) -> None:
    raw = (ANSWERS / name).read_bytes()
    response = client.post(f"/api/check?lang={lang}", content=raw, headers=YAML)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    got = response.json()
    expected = _cli_json(ANSWERS / name, lang)
    # The CLI names the file it read; the server reports as `grader check` does otherwise.
    assert got == expected
    assert set(got) == REPORT_KEYS


@pytest.mark.parametrize("content_type", [
    "application/yaml",                 # the documented type
    "text/plain; charset=utf-8",        # what curl --data-binary and a browser send
    "application/x-yaml",               # an older name
    "multipart/form-data",              # a file upload, field `file`
])
def test_every_way_of_sending_a_file_is_graded_alike(client: TestClient,
                                                     content_type: str) -> None:
    raw = (ANSWERS / "seed_001.yaml").read_bytes()
    if content_type == "multipart/form-data":
        response = client.post("/api/check?lang=en", files={"file": ("hw3.yaml", raw)})
    else:
        response = client.post("/api/check?lang=en", content=raw,
                               headers={"content-type": content_type})
    assert response.status_code == 200
    assert response.json()["score"] == _cli_json(ANSWERS / "seed_001.yaml", "en")["score"]


def test_no_expected_value_leaves_the_server_in_student_mode(client: TestClient) -> None:
    response = client.post("/api/check", content=(ANSWERS / "seed_001.yaml").read_bytes(),
                           headers=YAML)
    report = response.json()
    items = [item for q in report["questions"] for item in q["items"]]
    assert items and all(set(item) <= ITEM_KEYS for item in items)
    assert "expected" not in response.text
    assert "60965224" not in json.dumps([i for i in items if i["path"] ==
                                         "network_counts.alexnet.neurons"])


def test_a_rubric_that_reveals_sends_expected_values(tmp_path: Path) -> None:
    rubric = tmp_path / "open.yaml"
    rubric.write_text((ROOT / "rubrics" / "ch3.yaml").read_text(encoding="utf-8").replace(
        "reveal: false", "reveal: true", 1), encoding="utf-8")
    with TestClient(create_app(str(rubric), ServeLimits(rate=0, workers=1))) as c:
        report = c.post("/api/check?lang=en", content=(ANSWERS / "perfect.yaml").read_bytes(),
                        headers=YAML).json()
    item = report["questions"][0]["items"][1]
    assert item["path"] == "network_counts.alexnet.params"
    assert item["expected"] == "60,965,224"


@pytest.mark.parametrize("text,line,column,words", [
    # an unclosed bracket: where YAML gave up
    ("assignment: ch3\nanswers: [\n", 3, 1, "YAML cannot read"),
    # a tab where spaces belong
    ("assignment: ch3\nanswers:\n\tforward_ops: {}\n", 3, 1, "a Tab is used"),
    # the alias bomb: refused at the alias that passes the bound
    (None, 6, 15, "20,000 values"),
    # not a mapping at all
    ("- a list\n", 1, 1, "keys at the left margin"),
])
def test_an_unreadable_file_is_400_with_line_and_column(client: TestClient, text: str | None,
                                                       line: int, column: int,
                                                       words: str) -> None:
    raw = (HOSTILE / "alias_bomb.yaml").read_bytes() if text is None else text.encode()
    response = client.post("/api/check?lang=en", content=raw, headers=YAML)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"message", "line", "column"}
    assert (body["error"]["line"], body["error"]["column"]) == (line, column)
    assert words in body["error"]["message"]
    assert body["error"]["message"].startswith(f"submission.yaml:{line}:{column}:")


def test_the_400_message_is_in_the_requested_language(client: TestClient) -> None:
    raw = b"assignment: ch3\nanswers: [\n"
    by_query = client.post("/api/check?lang=zh", content=raw, headers=YAML).json()
    by_header = client.post("/api/check", content=raw,
                            headers={**YAML, "accept-language": "en-GB,en;q=0.9"}).json()
    assert re.search(r"[\u4e00-\u9fff]", by_query["error"]["message"])
    assert not re.search(r"[\u4e00-\u9fff]", by_header["error"]["message"])


def test_a_body_over_the_limit_is_413_by_its_length_and_while_streaming(
        client: TestClient) -> None:
    big = b"assignment: ch3\n" + b"#" * 2_000_000
    declared = client.post("/api/check?lang=en", content=big, headers=YAML)
    assert declared.status_code == 413
    assert declared.json() == {"error": {"code": "too_large", "message":
                                         "the request is larger than 2,000,000 bytes"}}

    def chunks() -> Iterator[bytes]:      # no Content-Length: chunked, counted as it comes
        for _ in range(30):
            yield b"#" * 100_000

    streamed = client.post("/api/check?lang=en", content=chunks(), headers=YAML)
    assert streamed.status_code == 413
    assert streamed.json()["error"]["code"] == "too_large"
    # A file just under the limit is read (and refused by the grader for what it is).
    assert client.post("/api/check", content=b"x: 1\n" + b"#" * 1_000,
                       headers=YAML).status_code == 400


@pytest.mark.parametrize("headers,content,status,code", [
    ({"content-type": "application/json"}, b"{}", 415, "unsupported"),     # not a YAML file
    ({"content-type": "multipart/form-data; boundary=x"},                  # no part `file`
     b"--x\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nhi\r\n--x--\r\n",
     400, "bad_request"),
    ({**YAML, "content-length": "abc"}, b"", 400, "bad_request"),          # a broken length
])
def test_requests_of_the_wrong_shape(client: TestClient, headers: dict[str, str],
                                     content: bytes, status: int, code: str) -> None:
    response = client.post("/api/check?lang=en", content=content, headers=headers)
    assert response.status_code == status
    assert set(response.json()["error"]) == {"code", "message"}
    assert response.json()["error"]["code"] == code


# ------------------------------------------------------------------- /api/read, parameters

@pytest.mark.parametrize("path,text,expected", [
    # a sum is read as its value
    ("network_counts.alexnet.params", "11*11*3*96 + 96", {"read_as": "34944"}),
    # magnitude words
    ("network_counts.vgg19.params", "143.7M", {"read_as": "143700000"}),
    # a fraction stays exact
    ("detection_metrics.recall", "4/25", {"read_as": "4/25"}),
    # a worked answer is read by its last value
    ("detection_metrics.precision", "4/(4 + 6) = 0.4", {"read_as": "2/5"}),
    # a formula is normalised
    ("lstm_gates.forget_gate", r"\sigma(W_f [h_{t-1}; x_t] + b_f)",
     {"read_as": r"\sigma(W_{f}(h_{t-1}, x_{t}) + b_{f})"}),
    # empty: nothing to say
    ("detection_metrics.precision", "  ", {"read_as": None}),
    # why it cannot be read, with the column
    ("detection_metrics.precision", "4/(4+", {"error": "column 6: the value ends too early: "
                                                       "expected a number, '(' or '-' here"}),
    # absurd input refused, quickly
    ("detection_metrics.precision", "9^9^9^9",
     {"error": "column 5: the exponent is too large: expected a whole number between "
               "-1,000 and 1,000"}),
])
def test_read_says_how_a_field_is_read(client: TestClient, path: str, text: str,
                                       expected: dict[str, Any]) -> None:
    response = client.post("/api/read?lang=en", json={"path": path, "text": text})
    assert response.status_code == 200
    assert response.json() == expected


@pytest.mark.parametrize("body,status,code", [
    ({"path": "answers.nope", "text": "1"}, 400, "bad_field"),           # not a field
    ({"path": "detection_metrics.ap"}, 400, "bad_request"),              # no text
    ({"path": "detection_metrics.ap", "text": "1", "student_id": 7}, 400, "bad_request"),
    ({"path": "acceleration", "text": "x" * 20_001}, 413, "too_large"),  # one field's limit
    ([1, 2], 400, "bad_request"),                                        # not an object
])
def test_read_refuses_what_is_not_a_field(client: TestClient, body: Any, status: int,
                                          code: str) -> None:
    response = client.post("/api/read?lang=en", json=body)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_parameters_of_a_personal_rubric() -> None:
    from grader.assign import parameter_lines
    from grader.rubric import find_rubric

    with _fake("ch3-variants", rate=0) as c:
        got = c.post("/api/parameters?lang=en", json={"student_id": "2023001"})
        page = c.get("/?lang=en").text
    assert got.status_code == 200
    assert got.json() == {"parameters": parameter_lines(find_rubric("ch3-variants"),
                                                        "2023001", "en")}
    assert got.json()["parameters"][0] == "network input size: 3×256×256"
    assert 'id="parameters"' in page
    with _fake("ch3", rate=0) as c:
        assert c.post("/api/parameters", json={"student_id": "1"}).json() == {
            "parameters": []}
        assert c.post("/api/parameters", json={"student_id": ""}).status_code == 400


def test_a_personal_rubric_checks_against_the_students_own_numbers() -> None:
    with TestClient(create_app("ch3-variants", ServeLimits(rate=0, workers=1))) as c:
        no_id = c.post("/api/check?lang=en", content=b"assignment: ch3-variants\n",
                       headers=YAML)
        with_id = c.post("/api/check?lang=en", headers=YAML, content=(
            b"assignment: ch3-variants\nstudent: {id: '2023001'}\n"
            b"answers: {detection_metrics: {precision: 0.4}}\n"))
    assert no_id.status_code == 400
    assert "student id" in no_id.json()["error"]["message"]
    assert with_id.status_code == 200
    assert "expected" not in with_id.text


# --------------------------------------------------------------------------- the page

@pytest.mark.parametrize("query,headers,lang", [
    ("?lang=en", {}, "en"),                                  # asked for
    ("", {"accept-language": "en-US,en;q=0.9"}, "en"),       # the browser's
    ("", {"accept-language": "fr, zh-CN;q=0.5"}, "zh"),      # the first one we speak
    ("", {}, "zh"),                                          # the rubric's (ch3: zh)
])
def test_the_page_speaks_the_asked_language(client: TestClient, query: str,
                                            headers: dict[str, str], lang: str) -> None:
    from grader.rubric import find_rubric

    response = client.get("/" + query, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.text
    assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}">' in page
    rubric = find_rubric("ch3")
    for q in form_of(rubric, lang):   # every question's title, every field once
        assert f"<legend>{q.title}</legend>" in page
    assert page.count(" data-path=") == len(field_paths(rubric))


def test_the_page_has_no_inline_script_and_nothing_from_elsewhere(client: TestClient) -> None:
    page = client.get("/").text
    for tag in re.findall(r"<script[^>]*>", page):
        assert 'src="static/' in tag or 'type="application/json"' in tag
    assert not re.search(r"\son[a-z]+=", page)            # no inline event handler
    assert "http://" not in page and "https://" not in page and "//" not in page.replace(
        "<!doctype", "")
    js = client.get("/static/app.js")
    css = client.get("/static/app.css")
    assert js.status_code == css.status_code == 200
    assert js.headers["content-type"].startswith("text/javascript")
    assert css.headers["content-type"].startswith("text/css")
    assert "@import" not in css.text and "url(" not in css.text
    assert client.get("/static/secret.py").status_code == 404


@pytest.mark.parametrize("method,path", [
    ("GET", "/"), ("GET", "/healthz"), ("GET", "/static/app.js"), ("GET", "/nowhere"),
    ("POST", "/api/check"), ("POST", "/api/read"), ("GET", "/api/check"),
])
def test_every_response_carries_the_security_headers(client: TestClient, method: str,
                                                     path: str) -> None:
    response = client.request(method, path, content=b"x", headers=YAML)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["cache-control"] == (
        "public, max-age=3600" if path.startswith("/static/") else "no-store")


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


# ------------------------------------------------------------------------- the limits

def test_past_the_rate_a_client_gets_429_and_when_to_come_back() -> None:
    with _fake(rate=3) as c:
        statuses = [c.post("/api/read?lang=en", json={"path": "acceleration",
                                                      "text": "x"}).status_code
                    for _ in range(4)]
        refused = c.post("/api/check?lang=en", content=b"x", headers=YAML)
        page = c.get("/")
        health = c.get("/healthz")
    assert statuses == [200, 200, 200, 429]
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "20"          # 3 a minute: one every 20 s
    assert refused.json() == {"error": {"code": "too_many", "message":
                              "too many requests from your address: try again in 20 s"}}
    for name in SECURITY_HEADERS:
        assert name in refused.headers
    assert page.status_code == health.status_code == 200   # only the API is metered


def test_hostile_files_are_answered_within_the_budget_while_others_are_graded(
        client: TestClient) -> None:
    hostile = {
        "power tower": b"assignment: ch3\nanswers:\n  detection_metrics:\n"
                       b"    precision: 9^9^9^9\n    recall: '(((((((((((((((((((((((1'\n",
        "alias bomb": (HOSTILE / "alias_bomb.yaml").read_bytes(),
        "a megabyte": b"assignment: ch3\nanswers:\n  acceleration: '" + b"9" * 1_500_000
                      + b"'\n",
    }
    results: dict[str, tuple[int, float]] = {}

    def send(name: str, raw: bytes) -> None:
        start = time.monotonic()
        status = client.post("/api/check?lang=en", content=raw, headers=YAML).status_code
        results[name] = (status, time.monotonic() - start)

    threads = [threading.Thread(target=send, args=item) for item in [
        *hostile.items(), ("ordinary", (ANSWERS / "seed_001.yaml").read_bytes())]]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=30)
    assert {name: status for name, (status, _) in results.items()} == {
        "power tower": 200, "alias bomb": 400, "a megabyte": 200, "ordinary": 200}
    assert max(seconds for _, seconds in results.values()) < 5.0


def test_a_job_over_budget_is_503_and_its_worker_replaced() -> None:
    pool = GradingPool(2, target="tests.serve_slow:handle_slowly",
                       init="grader.serve._work:init", init_arg="ch3", budget=1.0)
    app = create_app("ch3", ServeLimits(rate=0, budget=1.0), pool=pool)
    with TestClient(app) as c:
        results: dict[str, Any] = {}

        def slow() -> None:
            results["slow"] = c.post("/api/check?lang=zh", content=b"# SLOW_DOWN\n",
                                     headers=YAML)

        thread = threading.Thread(target=slow)
        thread.start()
        time.sleep(0.2)
        ordinary = c.post("/api/check", content=(ANSWERS / "perfect.yaml").read_bytes(),
                          headers=YAML)
        thread.join(timeout=20)
        after = c.post("/api/check", content=(ANSWERS / "perfect.yaml").read_bytes(),
                       headers=YAML)
    assert ordinary.status_code == 200              # the other worker went on grading
    assert results["slow"].status_code == 503
    assert results["slow"].json() == {"error": {"code": "timeout", "message": (
        "评分超过 1 秒，已被停止；请检查答案中是否有过长或嵌套过深的内容")}}
    assert pool.replaced == 1
    assert after.status_code == 200


# ------------------------------------------------------------------------ pure parts

@pytest.mark.parametrize("query,accept,expected", [
    ("en", "zh-CN", "en"),                   # the query wins
    ("EN-us", None, "en"),                   # any case, any region
    ("fr", "zh-TW,zh;q=0.8", "zh"),          # a language we do not speak: the header
    (None, "en;q=0.2, zh;q=0.9", "zh"),      # the weights decide
    (None, "en;q=0, zh-CN;q=bad", "zh"),     # q=0 is 'not this', a bad weight is skipped
    (None, "de, fr", "zh"),                  # nothing we speak: the default
    (None, None, "zh"),
])
def test_negotiate(query: str | None, accept: str | None, expected: str) -> None:
    assert negotiate(query, accept, "zh") == expected


def test_the_rate_limiter_is_a_token_bucket_per_client() -> None:
    now = [0.0]
    limiter = RateLimiter(60, clock=lambda: now[0], max_clients=2)   # one a second
    assert [limiter.take("a") for _ in range(60)] == [0.0] * 60      # a full bucket
    assert limiter.take("a") == pytest.approx(1.0)                   # then one a second
    assert limiter.take("b") == 0.0                                  # another client
    now[0] += 1.0
    assert limiter.take("a") == 0.0
    assert limiter.take("a") == pytest.approx(1.0)
    limiter.take("c")                                                # "b", least recent, goes
    assert RateLimiter(0).take("a") == 0.0                           # 0: no limit


@pytest.mark.parametrize("chunks,delay,error", [
    ([b"a" * 10, b"b" * 10], 0.0, None),           # within both bounds
    ([b"a" * 10, b"b" * 11], 0.0, BodyTooLarge),   # one byte too many
    ([b"a", b"b"], 0.5, BodyTooSlow),              # a trickle
])
def test_read_bounded(chunks: list[bytes], delay: float, error: type[Exception] | None) -> None:
    async def stream() -> AsyncIterator[bytes]:
        for chunk in chunks:
            await asyncio.sleep(delay)
            yield chunk

    if error is None:
        assert asyncio.run(read_bounded(stream(), 20, 0.3)) == b"".join(chunks)
    else:
        with pytest.raises(error):
            asyncio.run(read_bounded(stream(), 20, 0.3))


@pytest.mark.parametrize("text", [
    "60,965,224",               # digits and commas
    "1e3",                      # YAML would read a float
    "yes",                      # YAML 1.1 would read a boolean
    "'quoted' and \"double\"",  # quotes
    "a: b # not a comment",     # a colon and a hash
    "*alias &anchor !tag",      # YAML's own signs
    "line one\nline two",       # a line break
    "  leading spaces",
])
def test_the_form_becomes_yaml_that_reads_back_exactly(text: str) -> None:
    from grader.rubric import find_rubric
    from grader.submission import parse_submission, read_document

    rubric = find_rubric("ch3")
    raw = submission_text(rubric, {"detection_metrics.ap": text, "acceleration": text,
                                   "not.a.field": "x"}, student_id="2023\"001")
    parsed = parse_submission(read_document(text=raw), rubric)
    assert parsed.answers["detection_metrics"].ap == text
    assert parsed.answers["acceleration"] == text
    assert parsed.student.id == "2023\"001"
    assert parsed.unknown == ()


# ------------------------------------------------------------------------- the command

def test_serve_without_the_extra_says_how_to_install_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "starlette", None)    # as if not installed
    result = CliRunner().invoke(cli_app, ["serve"])
    assert result.exit_code == 2
    assert 'pip install "grader[web]"' in result.output
    assert "需要安装 web 扩展" in result.output and "needs the web extra" in result.output


def test_check_imports_no_web_framework() -> None:
    code = ("import sys; sys.modules['starlette'] = None; sys.modules['uvicorn'] = None\n"
            "from grader.cli import main; sys.argv = ['grader', 'check', "
            f"{str(ANSWERS / 'perfect.yaml')!r}]; main()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("args", [["--workers", "0"], ["--timeout", "0"], ["--rate", "-1"]])
def test_serve_refuses_limits_that_cannot_be(args: list[str]) -> None:
    result = CliRunner().invoke(cli_app, ["serve", "--lang", "en", *args])
    assert result.exit_code == 2
    assert "must be positive" in result.output
