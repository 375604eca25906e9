"""report.html in a real browser (issue 16): headless Chromium, with the CJK fonts a Chinese
class needs, at a 1,400-pixel window. The page must not overflow sideways, must log no
error, and its student table must sort and filter.

`.ci/run` installs Debian's `chromium` and `fonts-noto-cjk` when they are missing; where
Chromium cannot be found this module is skipped and says so.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from grader.cli import app

ANSWERS = Path(__file__).resolve().parent.parent / "answers"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which(
    "google-chrome")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium here (Debian: apt-get install chromium "
                             "fonts-noto-cjk; .ci/run does it)")

_BEFORE = """<script>window.__errors=[];window.addEventListener('error',function(e){
__errors.push(String(e.message));});var __ce=console.error;console.error=function(){
__errors.push(Array.prototype.join.call(arguments,' '));__ce.apply(console,arguments);};
</script>"""

# Runs after the page's own script: measures, sorts by the total twice, filters, records.
_AFTER = """<script>(function(){
var r={errors:window.__errors,width:document.documentElement.scrollWidth,
window:window.innerWidth};
var t=document.getElementById('students'),heads=t.tHead.rows[0].cells,col=-1;
for(var i=0;i<heads.length;i++){if(heads[i].textContent.trim()===%(total)s)col=i;}
function column(){return Array.prototype.map.call(t.tBodies[0].rows,function(row){
var v=row.cells[col].getAttribute('data-v');return v===''?null:parseFloat(v);});}
heads[col].click();r.ascending=column();r.sort1=heads[col].getAttribute('aria-sort');
heads[col].click();r.descending=column();r.sort2=heads[col].getAttribute('aria-sort');
var f=document.getElementById('filter');f.value=%(needle)s;
f.dispatchEvent(new Event('input'));
r.shown=Array.prototype.filter.call(t.tBodies[0].rows,function(row){return !row.hidden;})
.map(function(row){return row.textContent;});
r.rows=t.tBodies[0].rows.length;
document.body.setAttribute('data-result',JSON.stringify(r));})();</script>"""


def _class(root: Path, students: int) -> Path:
    """A class of `students` (long Chinese names, every question answered some way), two
    broken files and one of another assignment."""
    root.mkdir()
    sources = [ANSWERS / n for n in ("perfect.yaml", "seed_000.yaml", "seed_001.yaml")]
    texts = [p.read_text(encoding="utf-8") for p in sources]
    for k in range(students):
        data = yaml.safe_load(texts[k % len(texts)])
        data["student"] = {"id": f"2023{k:04d}", "name": f"欧阳·长长长名字第{k}号同学"}
        (root / f"student_{k:03d}_with_a_rather_long_file_name.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (root / "broken.yaml").write_text("assignment: ch3\nanswers: [\n", encoding="utf-8")
    (root / "empty.yaml").write_text("", encoding="utf-8")
    (root / "other.yaml").write_text("assignment: cnn-basics\nanswers: {}\n",
                                     encoding="utf-8")
    return root


def _run_in_chromium(page: Path, tmp: Path, total: str, needle: str) -> dict[str, Any]:
    text = page.read_text(encoding="utf-8")
    probe = tmp / "probe.html"
    probe.write_text(text.replace("<head>", "<head>" + _BEFORE, 1).replace(
        "</body>", _AFTER % {"total": json.dumps(total), "needle": json.dumps(needle)}
        + "</body>", 1), encoding="utf-8")
    assert CHROMIUM is not None
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--window-size=1400,1000", "--virtual-time-budget=3000", "--dump-dom",
         probe.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    found = re.search(r'data-result="([^"]*)"', proc.stdout)
    assert found is not None, proc.stderr[-2000:]
    result: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return result


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_class_page_works_in_a_real_browser(tmp_path: Path, lang: str) -> None:
    root = _class(tmp_path / "class", 40)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["batch", str(root), "--out", str(out), "--lang", lang])
    assert result.exit_code == 0, result.output
    total = "总分" if lang == "zh" else "total"
    seen = _run_in_chromium(out / "report.html", tmp_path, total, "20230007")
    assert seen["errors"] == []
    assert seen["window"] == 1400
    assert seen["width"] <= 1400                     # no horizontal overflow
    assert seen["rows"] == 43                        # 40 graded, 2 failed, 1 other assignment
    numbers = [v for v in seen["ascending"] if v is not None]
    assert numbers == sorted(numbers) and len(numbers) == 40
    assert seen["sort1"] == "ascending" and seen["sort2"] == "descending"
    assert [v for v in seen["descending"] if v is not None] == sorted(numbers, reverse=True)
    assert len(seen["shown"]) == 1 and "20230007" in seen["shown"][0]


def test_the_anonymised_page_works_and_names_nobody(tmp_path: Path) -> None:
    root = _class(tmp_path / "class", 12)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["batch", str(root), "--out", str(out), "--lang", "zh",
                                      "--anonymise"])
    assert result.exit_code == 0, result.output
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "欧阳" not in page and "2023000" not in page and "student_0" not in page
    assert "reports/" not in page
    seen = _run_in_chromium(out / "report.html", tmp_path, "总分", "")
    assert seen["errors"] == [] and seen["width"] <= 1400
    assert seen["rows"] == 12 and len(seen["shown"]) == 12
