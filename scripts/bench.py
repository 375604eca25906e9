"""Benchmark: how fast the grader reads, grades and starts, against the floor of YAML parsing.

    python scripts/bench.py [--n 1000] [--jobs 2] [--profile]

Generates N realistic ch3 submissions (scripts/make_class.py) in a temporary directory and
reports, with the machine it ran on:

- in-process grading: submissions/s of `grader.engine.grade` over parsed submissions, and
  of the whole read → parse → validate → grade → JSON pipeline;
- `grader batch DIR --jobs J` as a subprocess (end to end, output files included);
- the floor: reading and YAML-parsing the same files in one process (C loader if present),
  and each rate's ratio to it;
- cold `grader check` (a fresh process) on a counts-only and on a full submission, median
  of 5, and whether sympy was imported on the counts-only path;
- every reference network computed with the caches cleared.

`--profile` adds the cProfile hotspots of in-process grading.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import io
import os
import platform
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from make_class import COUNTS_ONLY, write_class  # noqa: E402

TARGETS = {
    "batch": "≤ 5× floor",
    "counts_cold": "≤ 0.3 s",
    "full_cold": "≤ 1.5 s",
    "reference": "≤ 50 ms",
    "formula": "≤ 20 ms",
}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    loader = "C (libyaml)" if getattr(yaml, "__with_libyaml__", False) else "pure Python"
    return (f"{cpu}; {os.cpu_count()} cores; Python {platform.python_version()} "
            f"({platform.python_implementation()}); PyYAML {yaml.__version__} {loader} loader")


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def grader_command() -> list[str]:
    exe = shutil.which("grader")
    return [exe] if exe else [sys.executable, "-m", "grader.cli"]


# ----------------------------------------------------------------------------- measurements


def floor(paths: list[Path]) -> float:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def run() -> None:
        for p in paths:
            yaml.load(p.read_bytes().decode("utf-8"), Loader=loader)  # a safe loader
    run()  # warm the page cache
    return timed(run)


def in_process(paths: list[Path]) -> tuple[float, float]:
    """(seconds to grade the parsed submissions, seconds for the whole pipeline)."""
    from grader.engine import grade
    from grader.submission import parse_submission, read_document, rubric_for

    def pipeline() -> list[tuple[object, object]]:
        out = []
        for p in paths:
            doc = read_document(p)
            rubric = rubric_for(doc, None)
            out.append((rubric, parse_submission(doc, rubric)))
        return out

    parsed = pipeline()                       # warm: imports, rubric and reference caches
    for rubric, sub in parsed[:20]:
        grade(rubric, sub)  # type: ignore[arg-type]

    def grade_all() -> None:
        for rubric, sub in parsed:
            grade(rubric, sub)  # type: ignore[arg-type]

    crashes: list[str] = []

    def full() -> None:
        crashes.clear()
        for rubric, sub in pipeline():
            report = grade(rubric, sub)  # type: ignore[arg-type]
            try:
                report.to_json(lang="zh", reveal=False)
            except Exception as exc:  # a bug elsewhere: count it, keep measuring
                crashes.append(f"{type(exc).__name__}: {exc}")

    t_grade, t_full = timed(grade_all), timed(full)
    if crashes:
        print(f"WARNING: {len(crashes)} reports crashed in to_json(): {crashes[0]}")
    return t_grade, t_full


def profile(paths: list[Path], top: int = 18) -> str:
    from grader.engine import grade
    from grader.submission import parse_submission, read_document, rubric_for

    def full() -> None:
        for p in paths:
            doc = read_document(p)
            rubric = rubric_for(doc, None)
            with contextlib.suppress(AttributeError):   # see the WARNING of in_process
                grade(rubric, parse_submission(doc, rubric)).to_json(lang="zh", reveal=False)

    full()
    prof = cProfile.Profile()
    prof.runcall(full)
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def batch(directory: Path, jobs: int) -> tuple[float | None, str, float]:
    """Seconds of `grader batch` as a subprocess (None and why when it could not run), and
    the peak resident memory of its largest process in MiB."""
    batch_module = ROOT / "grader" / "commands" / "batch.py"
    if "def batch(" not in batch_module.read_text(encoding="utf-8"):
        return None, "grader/commands/batch.py does not implement `grader batch` yet", 0.0
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        proc = subprocess.run([*grader_command(), "batch", str(directory), "--out", out,
                               "--jobs", str(jobs)], capture_output=True, text=True,
                              env=_installed_env())
        took = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024   # KiB on Linux
    if proc.returncode != 0:
        return None, f"grader batch exited {proc.returncode}: {proc.stderr.strip()[-300:]}", peak
    return took, "", peak


def _installed_env() -> dict[str, str]:
    """The environment of an installed grader: bytecode written and reused, as pip's install
    does (a sandbox's PYTHONDONTWRITEBYTECODE would make every start compile from source)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "COLUMNS": "100"}


def cold_check(path: Path, runs: int = 5) -> tuple[float, int]:
    times = []
    code = -1
    subprocess.run([*grader_command(), "check", str(path)], capture_output=True,
                   env=_installed_env())           # writes the bytecode, not timed
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run([*grader_command(), "check", str(path)], capture_output=True,
                              env=_installed_env())
        times.append(time.perf_counter() - start)
        code = proc.returncode
    return statistics.median(times), code


_PROBE = """
import sys
from grader.cli import main
sys.argv = ["grader", "check", sys.argv[1]]
try:
    main()
except SystemExit:
    pass
sys.stderr.write("\\nSYMPY=%s\\n" % ("sympy" in sys.modules))
"""


def sympy_on_counts_path(path: Path) -> bool:
    proc = subprocess.run([sys.executable, "-c", _PROBE, str(path)], capture_output=True,
                          text=True)
    return "SYMPY=True" in proc.stderr


def import_hotspots(path: Path, top: int = 8) -> list[tuple[float, str]]:
    """The slowest imports (cumulative) of a cold counts-only `check`."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", _PROBE, str(path)],
                          capture_output=True, text=True)
    rows = []
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            parts = [p.strip() for p in line[len("import time:"):].split("|")]
            if parts[1].isdigit():
                rows.append((int(parts[1]) / 1e6, parts[2]))
    rows.sort(reverse=True)
    return rows[:top]


def references() -> tuple[float, int]:
    from reference.engine import analyse
    from reference.networks import NETWORKS

    analyse.cache_clear()
    gc.collect()          # the earlier measures' garbage is theirs to collect, not this one's

    def run() -> None:
        for network in NETWORKS:
            analyse(network)
    took = timed(run)
    return took, len(NETWORKS)


def formula_checks(paths: list[Path]) -> tuple[float, float, int]:
    """Median time of a warm check of a spelling not seen before, and of a repeated one.

    The spellings are the class's own; the first check of each pays for parsing and the
    symbolic comparison, a repeat is answered from the cache.
    """
    import statistics

    import yaml

    from grader.formula import _check_cached, check_formula
    from grader.formula.compare import assess

    spellings: dict[tuple[str, str], None] = {}
    refs = {"forget_gate": "lstm.forget_gate", "input_gate": "lstm.input_gate",
            "output_gate": "lstm.output_gate", "discriminator_loss": "gan.discriminator_loss",
            "generator_loss": "gan.generator_loss"}
    for path in paths:
        answers = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("answers") or {}
        for question in ("lstm_gates", "gan_losses"):
            for name, text in (answers.get(question) or {}).items():
                if name in refs and isinstance(text, str):
                    spellings[(text, refs[name])] = None
    check_formula(r"\sigma(W_f [h_{t-1}; x_t] + b_f)", "lstm.forget_gate")  # import sympy
    _check_cached.cache_clear()
    assess.cache_clear()  # the in-process grading above has judged these already
    first, again = [], []
    for text, ref in spellings:
        first.append(timed(lambda t=text, r=ref: check_formula(t, r)))
        again.append(timed(lambda t=text, r=ref: check_formula(t, r)))
    return statistics.median(first), statistics.median(again), len(spellings)


# ----------------------------------------------------------------------------- report


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the grader.")
    parser.add_argument("--n", type=int, default=1000, help="submissions to generate")
    parser.add_argument("--jobs", type=int, default=2, help="workers for `grader batch`")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profile", action="store_true", help="print cProfile hotspots")
    args = parser.parse_args()

    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "class"
        paths = write_class(directory, args.n, args.seed)
        counts_only = Path(tmp) / "counts_only.yaml"
        counts_only.write_text(COUNTS_ONLY, encoding="utf-8")
        n = len(paths)
        print(f"{n} submissions, {sum(p.stat().st_size for p in paths) / n / 1024:.1f} KiB "
              "each on average\n")

        t_floor = floor(paths)
        t_grade, t_full = in_process(paths)
        t_batch, batch_note, peak_mib = batch(directory, args.jobs)
        counts_cold, counts_code = cold_check(counts_only)
        full_cold, full_code = cold_check(paths[0])
        sympy_loaded = sympy_on_counts_path(counts_only)
        imports = import_hotspots(counts_only)
        t_refs, n_refs = references()
        f_first, f_again, n_spellings = formula_checks(paths)

        rows: list[tuple[str, str, str, str]] = []

        def rate(seconds: float) -> str:
            return f"{n / seconds:,.0f}/s"

        rows.append(("floor: read + YAML parse (1 process)", rate(t_floor),
                     f"{t_floor:.3f} s", "1.0×"))
        rows.append(("grade() over parsed submissions", rate(t_grade), f"{t_grade:.3f} s",
                     f"{t_grade / t_floor:.1f}×"))
        rows.append(("read+parse+validate+grade+JSON (1 process)", rate(t_full),
                     f"{t_full:.3f} s", f"{t_full / t_floor:.1f}×"))
        if t_batch is not None:
            rows.append((f"`grader batch --jobs {args.jobs}` (subprocess, files written)",
                         rate(t_batch), f"{t_batch:.3f} s",
                         f"{t_batch / t_floor:.1f}× (target {TARGETS['batch']})"))
            rows.append(("`grader batch`: peak memory of its largest process", "",
                         f"{peak_mib:,.0f} MiB", ""))
        else:
            rows.append(("`grader batch`", "skipped", batch_note, ""))
        rows.append(("cold `grader check`, counts only (median of 5)", f"exit {counts_code}",
                     f"{counts_cold:.3f} s", f"target {TARGETS['counts_cold']}"))
        rows.append(("cold `grader check`, full submission (median of 5)", f"exit {full_code}",
                     f"{full_cold:.3f} s", f"target {TARGETS['full_cold']}"))
        rows.append(("sympy imported on the counts-only path", str(sympy_loaded), "", "want False"))
        rows.append((f"warm formula check, each of {n_spellings} spellings first (median)", "",
                     f"{f_first * 1000:.2f} ms", f"target {TARGETS['formula']}"))
        rows.append(("warm formula check, repeated spelling (median)", "",
                     f"{f_again * 1000:.3f} ms", ""))
        rows.append((f"all {n_refs} reference networks, caches cleared", "",
                     f"{t_refs * 1000:.1f} ms", f"target {TARGETS['reference']}"))

        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        header = ("measure", "rate", "time", "vs floor / target")
        widths = [max(w, len(h)) for w, h in zip(widths, header, strict=True)]
        line = " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
        print(line)
        print("-|-".join("-" * w for w in widths))
        for row in rows:
            print(" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))

        print("\nslowest imports of a cold counts-only check (cumulative):")
        for seconds, module in imports:
            print(f"  {seconds * 1000:7.1f} ms  {module}")
        if args.profile:
            print("\ncProfile of read+parse+validate+grade+JSON:")
            print(profile(paths))


if __name__ == "__main__":
    main()
