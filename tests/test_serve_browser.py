"""The self-check page in a real browser (issue 18): headless Chromium, driven the way
tests/test_report_browser.py drives it (`--dump-dom` with a virtual time budget and a probe
script that records what it saw in the DOM), against `grader serve`'s application run by
uvicorn on a free loopback port.

The probe is served by the test from the same origin (the page's Content-Security-Policy
allows no inline script, and the test keeps it that way). It types into a field, waits for
the field's read-as, types a value that cannot be read and waits for the reason, fills an
essay with YAML's special characters, presses "check" and collects the verdicts; then
pastes a file, checks it and sees its answer fill the form.

Skipped, saying why, where Chromium cannot be found.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which(
    "google-chrome")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium here (Debian: apt-get install chromium "
                             "fonts-noto-cjk; .ci/run does it)")

ESSAY = 'GPUs: "fast" # not a comment\nsecond line: *alias &anchor'

_PROBE = r"""(function () {
var r = {errors: []};
window.addEventListener('error', function (e) { r.errors.push(String(e.message)); });
var ce = console.error;
console.error = function () {
  r.errors.push(Array.prototype.join.call(arguments, ' ')); ce.apply(console, arguments); };
function q(s) { return document.querySelector(s); }
function field(path) { return q('[data-path="' + path + '"]'); }
function type(path, text) {
  var f = field(path); f.value = text; f.dispatchEvent(new Event('input', {bubbles: true}));
  return f.parentNode.querySelector('output.read');
}
function until(test, then, tries) {
  if (test()) { then(); return; }
  if (tries <= 0) { finish('timed out'); return; }
  setTimeout(function () { until(test, then, tries - 1); }, 100);
}
function finish(state) {
  r.state = state;
  document.body.setAttribute('data-result', JSON.stringify(r));
}
function start() {
  r.ready = document.documentElement.getAttribute('data-ready');
  var ok = type('network_counts.alexnet.params', '11*11*3*96 + 96');
  until(function () { return /ok/.test(ok.className); }, function () {
    r.read_as = ok.textContent;
    var bad = type('detection_metrics.precision', '4/(4+');
    until(function () { return /error/.test(bad.className); }, function () {
      r.read_error = bad.textContent;
      type('detection_metrics.precision', '4/(4 + 6)');
      type('network_counts.alexnet.neurons', '809800');
      field('acceleration').value = %(essay)s;
      q('#student-id').value = '2023001';
      q('#check').click();
      var report = q('#report');
      until(function () { return report.getAttribute('data-state') === 'done'; }, function () {
        r.score = q('#report .score').textContent;
        r.items = Array.prototype.map.call(document.querySelectorAll('#report li.item'),
          function (li) { return [li.querySelector('.path').textContent,
                                  li.querySelector('.badge').textContent,
                                  (li.querySelector('.submitted') || {}).textContent || null]; });
        r.under_field = q('[data-verdict-for="network_counts.alexnet.neurons"]').textContent;
        r.width = document.documentElement.scrollWidth;
        r.window = window.innerWidth;
        // A pasted file is checked, and its answers fill the form.
        q('#yaml-text').value = 'assignment: ch3\nanswers:\n  detection_metrics:\n' +
                                '    recall: 4/25\n';
        q('#check-file').click();
        until(function () { return report.getAttribute('data-state') === 'done'; },
              function () {
          r.pasted_recall = field('detection_metrics.recall').value;
          r.pasted_score = q('#report .score').textContent;
          finish('done');
        }, 100);
      }, 100);
    }, 60);
  }, 60);
}
if (document.documentElement.getAttribute('data-ready')) start();
else window.addEventListener('load', start);
})();
"""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The app, with the probe beside it, served by uvicorn on a free loopback port."""
    import uvicorn
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    from grader.serve._app import create_app
    from grader.serve._limits import ServeLimits
    from grader.serve._page import page_html

    app = create_app("ch3", ServeLimits(rate=0, workers=2))
    rubric = app.state.server.rubric

    async def probe_page(request: Request) -> Response:
        lang = request.query_params.get("lang", "en")
        page = page_html(rubric, "zh" if lang == "zh" else "en").replace(
            "</head>", '<script src="probe.js" defer></script>\n</head>', 1)
        return Response(page, media_type="text/html; charset=utf-8")

    async def probe_js(request: Request) -> Response:
        return Response(_PROBE % {"essay": json.dumps(ESSAY)}, media_type="text/javascript")

    app.router.routes.insert(0, Route("/probe", probe_page))
    app.router.routes.insert(0, Route("/probe.js", probe_js))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running.started, "the server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=30)
        sock.close()


def _run(url: str, width: int) -> dict[str, Any]:
    assert CHROMIUM is not None
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--window-size={width},900", "--virtual-time-budget=30000", "--dump-dom", url],
        capture_output=True, text=True, timeout=120, check=False)
    found = re.search(r'data-result="([^"]*)"', proc.stdout)
    assert found is not None, proc.stderr[-2000:]
    result: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return result


@pytest.mark.parametrize("lang,width,words", [
    ("en", 1280, {"read": "read as 34944", "correct": "correct", "score": "Score:"}),
    # a phone's width, in Chinese
    ("zh", 390, {"read": "读作 34944", "correct": "正确", "score": "得分："}),
])
def test_the_page_reads_fields_as_typed_and_shows_the_verdicts(
        server: str, lang: str, width: int, words: dict[str, str]) -> None:
    seen = _run(f"{server}/probe?lang={lang}", width)
    assert seen["state"] == "done", seen
    assert seen["errors"] == []
    assert seen["ready"] == "1"
    assert seen["read_as"] == words["read"]
    assert "column 6" in seen["read_error"] or "第 6 列" in seen["read_error"]
    assert seen["score"].startswith(words["score"])
    items = {path: (verdict, submitted) for path, verdict, submitted in seen["items"]}
    assert items["detection_metrics.precision"] == (words["correct"], "4/(4 + 6)")
    assert items["network_counts.alexnet.neurons"][0] != words["correct"]   # input counted
    assert "input_included" not in seen["under_field"]         # the message, not the code
    assert items["network_counts.alexnet.neurons"][1] == "809800"
    assert items["acceleration"][1] == ESSAY                  # the YAML was built safely
    assert seen["width"] <= seen["window"]                    # nothing wider than the screen
    assert seen["pasted_recall"] == "4/25"                    # a pasted file fills the form
    assert seen["pasted_score"].startswith(words["score"] + (" 2" if lang == "en" else "2"))
