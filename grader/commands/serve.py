"""`grader serve`: the web self-check page (logic in `grader.serve`; needs the extra
`[web]`, imported only when the command runs so every other command works without it)."""

from __future__ import annotations

from typing import Annotated

import typer

from grader.commands._options import EXIT_UNREADABLE, LangOpt, fail

__all__ = ["register", "serve"]


def _web_installed() -> bool:
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        return False
    return True


def serve(
    rubric: Annotated[str, typer.Option(
        "--rubric", help="Rubric file or shipped id the page asks and grades.")] = "ch3",
    host: Annotated[str, typer.Option(
        "--host", help="Address to listen on (0.0.0.0: every interface).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    root_path: Annotated[str, typer.Option(
        "--root-path", help="Path prefix under a reverse proxy, e.g. /grader.")] = "",
    forwarded_allow_ips: Annotated[str | None, typer.Option(
        "--forwarded-allow-ips",
        help="Proxies whose X-Forwarded-For/-Proto are trusted (comma-separated IPs or "
             "networks, '*' for any); unset, none is.")] = None,
    rate: Annotated[int, typer.Option(
        "--rate", help="API requests a minute per client address (0: no limit).")] = 120,
    workers: Annotated[int, typer.Option(
        "--workers", help="Grading worker processes.")] = 2,
    timeout: Annotated[float, typer.Option(
        "--timeout", help="Seconds of grading one request may take (503 after).")] = 5.0,
    max_bytes: Annotated[int, typer.Option(
        "--max-bytes", help="Largest request body in bytes (413 above).")] = 2_000_000,
    lang: LangOpt = None,
) -> None:
    """Serve the self-check page and its API (GET /, POST /api/check, GET /healthz)."""
    from grader.i18n import t
    from grader.render import console
    from grader.settings import resolve_lang

    if not _web_installed():
        # Said in both languages: this is a setup step, before any setting is read.
        console(stderr=True).print(f"{t('serve.needs_extra', 'zh')}\n"
                                   f"{t('serve.needs_extra', 'en')}", markup=False)
        raise typer.Exit(EXIT_UNREADABLE)
    import uvicorn

    from grader.errors import GraderError, InputError
    from grader.rubric import find_rubric
    from grader.serve._app import create_app
    from grader.serve._limits import ServeLimits

    try:
        found = find_rubric(rubric)
    except GraderError as exc:
        raise fail(exc.describe(resolve_lang(lang)) if isinstance(exc, InputError)
                   else str(exc)) from None
    chosen = resolve_lang(lang, found)
    try:
        limits = ServeLimits(max_bytes=max_bytes, rate=rate, workers=workers, budget=timeout)
    except ValueError:
        raise fail(t("serve.bad_limits", chosen)) from None
    app = create_app(rubric, limits)
    shown_host = f"[{host}]" if ":" in host else host
    console().print(t("serve.started", chosen, rubric=found.id,
                      url=f"http://{shown_host}:{port}{root_path}/", workers=workers,
                      rate=rate, budget=timeout), markup=False)
    uvicorn.run(app, host=host, port=port, root_path=root_path,
                proxy_headers=forwarded_allow_ips is not None,
                forwarded_allow_ips=forwarded_allow_ips or "",
                access_log=False, server_header=False, log_level="warning",
                limit_concurrency=limits.concurrency, timeout_keep_alive=5)


def register(app: typer.Typer) -> None:
    """Add this module's command to `app`."""
    app.command(name="serve")(serve)
