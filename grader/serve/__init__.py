"""`grader serve`: the web self-check page and its API (extra `[web]`: Starlette, uvicorn).

One concept per module, imported by their own names (this package imports nothing, so a
grading worker loads no web framework):

- `_limits`: the limits of one server (`ServeLimits`), the per-client token bucket, the
  request size and time bounds as ASGI middleware;
- `_work`: what a grading worker does with one job (check a YAML text, read one field);
- `_pool`: the worker processes, one job at a time each, a time budget per job kept by the
  parent, a worker over budget replaced;
- `_form`: the form of a rubric (one field per item, grouped by question) and the safe YAML
  a filled form becomes;
- `_page`: the HTML page (no inline script; `static/app.js` and `static/app.css`);
- `_app`: the Starlette application: routes, language, security headers.
"""

from __future__ import annotations

__all__: list[str] = []
