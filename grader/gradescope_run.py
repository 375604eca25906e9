"""What `run_autograder` does on Gradescope: grade the one YAML file a student uploaded,
whatever its name, and write `results/results.json`.

`python -m grader.gradescope_run --rubric ch3 --lang zh [--root /autograder]`. The layout is
Gradescope's: the upload in `ROOT/submission/`, the results in `ROOT/results/`. Every run
writes a results file — an unreadable upload or none at all is a message to the student in
both languages, never a failed run — and says which file it graded.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

__all__ = ["find_upload", "main", "results_for"]

_SUFFIXES = (".yaml", ".yml")
_LANGS = ("zh", "en")
_SID = re.compile(r"[A-Za-z0-9_.-]{1,64}")


def find_upload(submission: Path) -> tuple[Path | None, list[str]]:
    """The YAML file to grade (the shallowest, then by name) and every YAML file found."""
    found = sorted((p for p in submission.rglob("*") if p.suffix.lower() in _SUFFIXES
                    and p.is_file() and not any(part.startswith(".") for part in
                                                p.relative_to(submission).parts)),
                   key=lambda p: (len(p.relative_to(submission).parts), str(p)))
    names = [str(p.relative_to(submission)) for p in found]
    return (found[0] if found else None), names


def _both(key: str, **params: object) -> str:
    from grader.i18n import t

    return "\n\n".join(t(key, lang, **params) for lang in _LANGS)  # type: ignore[arg-type]


def gradescope_sid(metadata: Path | None) -> str | None:
    """The submitter's student id from Gradescope's `submission_metadata.json`: the `sid`
    of its one user (None when absent, unreadable, a group, or not a short plain id)."""
    if metadata is None or not metadata.is_file() or metadata.stat().st_size > 1_000_000:
        return None
    try:
        data = json.loads(metadata.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    users = data.get("users") if isinstance(data, dict) else None
    if not isinstance(users, list) or len(users) != 1 or not isinstance(users[0], dict):
        return None
    sid = users[0].get("sid")
    if isinstance(sid, int) and not isinstance(sid, bool):
        sid = str(sid)
    if not isinstance(sid, str) or not _SID.fullmatch(sid.strip()):
        return None
    return sid.strip()


def results_for(submission: Path, rubric: str, lang: str,
                metadata: Path | None = None) -> dict[str, Any]:
    """results.json for the upload in `submission`, graded with `rubric`. For a rubric with
    per-student parameters the submitter's Gradescope id (from `metadata`) picks the
    parameters, whatever id the file gives."""
    from grader.engine import grade
    from grader.errors import GraderError, InputError
    from grader.gradescope import gradescope_results
    from grader.i18n import t
    from grader.rubric import find_rubric
    from grader.submission import load_submission

    upload, names = find_upload(submission)
    if upload is None:
        return {"score": 0, "output": _both("gradescope.no_file"), "output_format": "md",
                "tests": []}
    shown = str(upload.relative_to(submission))
    notes = [_both("gradescope.graded_file", file=shown)]
    if len(names) > 1:
        notes.append(_both("gradescope.several_files", files=", ".join(names), file=shown))
    try:
        submission_, found = load_submission(upload, find_rubric(rubric))
        sid = gradescope_sid(metadata) if found.parameters is not None else None
        if sid is not None:
            written = submission_.student.id
            notes.append(_both("gradescope.own_parameters", sid=sid) if written in (None, sid)
                         else _both("gradescope.other_id", sid=sid, written=written))
            submission_ = replace(submission_, student=submission_.student.model_copy(
                update={"id": sid}))
        report = grade(found, submission_)
    except GraderError as exc:
        reason = exc.describe(lang) if isinstance(exc, InputError) else str(exc)
        return {"score": 0, "output": "\n\n".join(
                    [*notes, t("gradescope.unreadable", lang, reason=reason)]),  # type: ignore[arg-type]
                "output_format": "md", "tests": []}
    results = gradescope_results(report, lang=lang)  # type: ignore[arg-type]
    results["output"] = "\n\n".join([*notes, results["output"]])
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader.gradescope_run",
                                     description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--root", default="/autograder", type=Path)
    parser.add_argument("--rubric", default="ch3")
    parser.add_argument("--lang", default="zh", choices=_LANGS)
    args = parser.parse_args(argv)
    results = results_for(args.root / "submission", args.rubric, args.lang,
                          args.root / "submission_metadata.json")
    out = args.root / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n",
                                      encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
