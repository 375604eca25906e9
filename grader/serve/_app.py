"""The Starlette application of `grader serve`: the page, its static files, the API.

Routes: `GET /` (the page), `GET /static/app.js|app.css`, `GET /healthz`,
`POST /api/check` (a YAML file as the body, `application/yaml` or `text/plain`, or a
multipart upload in the field `file`: the SPEC §3 report), `POST /api/read` (JSON
`{"path", "text", "student_id"}`: how one field is read), `POST /api/parameters` (JSON
`{"student_id"}`: a personal rubric's parameters of that student).

Every response carries the security headers; every `/api/` request takes a token from its
client's bucket (429 when there is none). Grading happens in the worker pool, never here.
Language: `?lang=`, else Accept-Language, else the rubric's.
"""

from __future__ import annotations

import contextlib
import email.parser
import email.policy
import json
import math
from collections.abc import AsyncIterator, Mapping
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from grader.i18n import LANGS, Lang, t
from grader.rubric import Rubric, find_rubric
from grader.serve._form import MAX_FIELD_CHARS, field_paths
from grader.serve._limits import (
    BodyTooLarge,
    BodyTooSlow,
    RateLimiter,
    ServeLimits,
    read_bounded,
)
from grader.serve._page import STATIC, page_html, static_file
from grader.serve._pool import GradingPool, PoolBusy, WorkerFailed, WorkerTimeout
from grader.settings import resolve_lang

__all__ = ["SECURITY_HEADERS", "create_app", "negotiate"]

SECURITY_HEADERS: Mapping[str, str] = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; "
        "frame-ancestors 'none'"),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}

_YAML_TYPES = frozenset({"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml",
                         "text/plain"})
_SMALL_JSON = 64 * 1024
"""The largest body of /api/read and /api/parameters (one field, or a student id)."""


def negotiate(query: str | None, accept: str | None, default: Lang) -> Lang:
    """The language of a response: `?lang=` when it is zh or en, else the Accept-Language
    tag of highest weight that is (zh-CN, zh-TW, en-GB … count), else `default`."""
    if query:
        code = query.strip().lower()[:2]
        if code in LANGS:
            return code
    best: tuple[float, int, Lang] | None = None
    for index, part in enumerate((accept or "")[:500].split(",")):
        tag, _, params = part.strip().partition(";")
        code = tag.strip().lower()[:2]
        if code not in LANGS:
            continue
        weight = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                weight = float(params[2:])
            except ValueError:
                continue
        if not math.isfinite(weight) or weight <= 0:
            continue
        candidate = (weight, -index, code)
        if best is None or candidate > best:
            best = candidate
    return best[2] if best is not None else default


class _Guard:
    """Pure ASGI middleware: security headers on every response, the rate on `/api/`."""

    def __init__(self, app: ASGIApp, *, limiter: RateLimiter, default: Lang) -> None:
        self.app = app
        self.limiter = limiter
        self.default = default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        root: str = scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root):]
        static = path.startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.decode("latin-1").lower() not in SECURITY_HEADERS]
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                headers.append((b"cache-control",
                                b"public, max-age=3600" if static else b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        if path.startswith("/api/"):
            client = scope.get("client")
            wait = self.limiter.take(client[0] if client else "unknown")
            if wait > 0:
                request = Request(scope)
                lang = negotiate(request.query_params.get("lang"),
                                 request.headers.get("accept-language"), self.default)
                seconds = max(1, math.ceil(wait))
                response = _error(429, "too_many", t("serve.too_many", lang, seconds=seconds),
                                  headers={"retry-after": str(seconds)})
                await response(scope, receive, send_with_headers)
                return
        await self.app(scope, receive, send_with_headers)


def _error(status: int, code: str, message: str,
           headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status,
                        headers=dict(headers or {}))


def _multipart_file(content_type: str, body: bytes) -> bytes | None:
    """The content of the part named `file` of a multipart/form-data body, parsed in memory
    (never spooled to disk), or None."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    if not message.is_multipart():
        return None
    for part in message.iter_parts():
        if part.get_param("name", header="content-disposition") == "file":
            payload = part.get_payload(decode=True)
            return payload if isinstance(payload, bytes) else None
    return None


class _Server:
    """The routes' shared state: rubric, limits, limiter, pool."""

    def __init__(self, rubric: Rubric, rubric_ref: str, limits: ServeLimits,
                 pool: GradingPool | None) -> None:
        self.rubric = rubric
        self.limits = limits
        self.default: Lang = resolve_lang(None, rubric)
        self.paths = field_paths(rubric)
        self.pool = pool or GradingPool(
            limits.workers, target="grader.serve._work:handle", init="grader.serve._work:init",
            init_arg=rubric_ref, warm_job=("warm",), budget=limits.budget,
            jobs_per_worker=limits.jobs_per_worker)

    def lang(self, request: Request) -> Lang:
        return negotiate(request.query_params.get("lang"),
                         request.headers.get("accept-language"), self.default)

    async def body(self, request: Request, limit: int, lang: Lang) -> bytes | Response:
        """The request's body within `limit` bytes and the body time, or the 413/408."""
        declared = request.headers.get("content-length")
        too_large = _error(413, "too_large", t("serve.too_large", lang, limit=limit))
        if declared is not None:
            if not declared.isdigit():
                return _error(400, "bad_request", t("serve.bad_request", lang,
                                                    expected="Content-Length"))
            if int(declared) > limit:
                return too_large
        try:
            return await read_bounded(request.stream(), limit, self.limits.body_seconds)
        except BodyTooLarge:
            return too_large
        except BodyTooSlow:
            return _error(408, "too_slow", t("serve.too_slow", lang,
                                             seconds=int(self.limits.body_seconds)))

    async def grade(self, job: tuple[Any, ...], lang: Lang) -> tuple[int, str] | Response:
        """A job's (status, JSON text) from the pool, or the 503/500 saying why not."""
        try:
            answer: tuple[int, str] = await self.pool.run(job)
            return answer
        except WorkerTimeout:
            return _error(503, "timeout", t("serve.timeout", lang,
                                            seconds=_seconds(self.limits.budget)))
        except PoolBusy:
            return _error(503, "busy", t("serve.busy", lang), headers={"retry-after": "5"})
        except WorkerFailed:
            return _error(500, "internal", t("serve.internal", lang, kind="worker"))

    # ----------------------------------------------------------------------------- routes

    async def page(self, request: Request) -> Response:
        return Response(page_html(self.rubric, self.lang(request)),
                        media_type="text/html; charset=utf-8")

    async def static(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC:
            return Response("Not Found", status_code=404, media_type="text/plain")
        return Response(static_file(name), media_type=STATIC[name])

    async def healthz(self, request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def check(self, request: Request) -> Response:
        lang = self.lang(request)
        content_type = request.headers.get("content-type", "text/plain")
        media = content_type.split(";", 1)[0].strip().lower()
        if media not in _YAML_TYPES and media != "multipart/form-data":
            return _error(415, "unsupported", t("serve.bad_request", lang,
                                                expected="application/yaml, text/plain, "
                                                         "multipart/form-data (file)"))
        body = await self.body(request, self.limits.max_bytes, lang)
        if isinstance(body, Response):
            return body
        if media == "multipart/form-data":
            found = _multipart_file(content_type, body)
            if found is None:
                return _error(400, "bad_request", t("serve.bad_request", lang,
                                                    expected="multipart/form-data (file)"))
            body = found
        answer = await self.grade(("check", body, lang), lang)
        if isinstance(answer, Response):
            return answer
        status, text = answer
        return Response(text, status_code=status, media_type="application/json")

    async def _json(self, request: Request, lang: Lang, expected: str
                    ) -> dict[str, Any] | Response:
        body = await self.body(request, _SMALL_JSON, lang)
        if isinstance(body, Response):
            return body
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            data = None
        if not isinstance(data, dict):
            return _error(400, "bad_request", t("serve.bad_request", lang, expected=expected))
        return data

    async def read(self, request: Request) -> Response:
        lang = self.lang(request)
        expected = 'JSON {"path": "...", "text": "...", "student_id": "..."}'
        data = await self._json(request, lang, expected)
        if isinstance(data, Response):
            return data
        path, text, who = data.get("path"), data.get("text"), data.get("student_id")
        if not isinstance(path, str) or not isinstance(text, str) \
                or not (who is None or _student_id(who)):
            return _error(400, "bad_request", t("serve.bad_request", lang, expected=expected))
        if path not in self.paths:
            return _error(400, "bad_field", t("serve.bad_field", lang))
        if len(text) > MAX_FIELD_CHARS:
            return _error(413, "too_large", t("serve.too_large", lang, limit=MAX_FIELD_CHARS))
        answer = await self.grade(("read", path, text, who, lang), lang)
        if isinstance(answer, Response):
            return answer
        status, body = answer
        return Response(body, status_code=status, media_type="application/json")

    async def parameters(self, request: Request) -> Response:
        lang = self.lang(request)
        expected = 'JSON {"student_id": "..."}'
        data = await self._json(request, lang, expected)
        if isinstance(data, Response):
            return data
        who = data.get("student_id")
        if not _student_id(who):
            return _error(400, "bad_request", t("serve.bad_request", lang, expected=expected))
        if self.rubric.parameters is None:
            return JSONResponse({"parameters": []})
        from grader.assign import parameter_lines

        return JSONResponse({"parameters": parameter_lines(self.rubric, str(who), lang)})


def _student_id(value: Any) -> bool:
    """A student id as a roster has them: 1 to 100 printable characters."""
    return isinstance(value, str) and 0 < len(value.strip()) <= 100 and value.isprintable()


def _seconds(value: float) -> int | float:
    return int(value) if value == int(value) else value


def create_app(rubric_ref: str = "ch3", limits: ServeLimits | None = None, *,
               pool: GradingPool | None = None) -> Starlette:
    """The application for the rubric `rubric_ref` (an id or a file) under `limits`; `pool`
    replaces the grading workers (tests)."""
    from starlette.middleware import Middleware

    chosen = limits or ServeLimits()
    server = _Server(find_rubric(rubric_ref), rubric_ref, chosen, pool)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await server.pool.start()
        try:
            yield
        finally:
            await server.pool.close()

    routes = [
        Route("/", server.page, methods=["GET"]),
        Route("/static/{name}", server.static, methods=["GET"]),
        Route("/healthz", server.healthz, methods=["GET"]),
        Route("/api/check", server.check, methods=["POST"]),
        Route("/api/read", server.read, methods=["POST"]),
        Route("/api/parameters", server.parameters, methods=["POST"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=[
        Middleware(_Guard, limiter=RateLimiter(chosen.rate), default=server.default)])
    app.state.server = server
    return app
