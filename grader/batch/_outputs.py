"""A run's outputs as one set: staged beside the old ones, then swapped in, under a lock.

Every output is first written to `OUTDIR/.grader-staging/`; only when the whole set is
there (and `READY.json` says so) are the files renamed into place. While they are being
renamed `OUTDIR/INCOMPLETE.txt` says so; if the run dies in that moment, the next
`grader batch` into the folder finishes the swap before anything else. A lock file keeps
two runs out of one folder. grader deletes only files its own last run wrote (listed in
`.grader-manifest.json`): a TA's notes in `reports/` are never touched. Report files that
workers wrote while grading wait in `OUTDIR/.grader-parts/` and are moved into the staged
set (a rename, not a copy).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath
from typing import IO

from grader.atomic import atomic_write_bytes
from grader.i18n import t

__all__ = ["INCOMPLETE", "LOCK", "MANIFEST", "PARTS", "STAGING", "OutputLocked", "locked",
           "parts_dir", "recover", "write_set"]

MANIFEST = ".grader-manifest.json"
STAGING = ".grader-staging"
PARTS = ".grader-parts"
LOCK = ".grader.lock"
INCOMPLETE = "INCOMPLETE.txt"
_READY = "READY.json"


class OutputLocked(OSError):
    """Another run holds the output folder's lock."""


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold `out`'s lock for the block (OutputLocked at once if another run holds it).

    The operating system releases the lock when the process ends, however it ends.
    """
    out.mkdir(parents=True, exist_ok=True)
    handle = open(out / LOCK, "a+b")  # noqa: SIM115 - held for the whole block
    try:
        try:
            _lock(handle)
        except OSError:
            raise OutputLocked(str(out)) from None
        yield
    finally:
        handle.close()


def _lock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def parts_dir(out: Path) -> Path:
    """An empty folder in `out` where workers write report files before they are staged."""
    parts = out / PARTS
    shutil.rmtree(parts, ignore_errors=True)
    parts.mkdir(parents=True)
    return parts


def write_set(out: Path, files: Mapping[str, bytes | Path]) -> list[str]:
    """Write `files` (paths relative to `out`, '/'-separated) as one set; returns them sorted.

    A value is the file's bytes, or a file already written (in `parts_dir`) to be moved in.
    Old files of the previous run that this set does not contain are removed in the swap.
    """
    staging = out / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    names = sorted(files)
    made: set[Path] = set()
    try:
        for name in names:
            target = staging / _checked(name)
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            content = files[name]
            if isinstance(content, Path):
                os.replace(content, target)
            else:
                target.write_bytes(content)
        (staging / MANIFEST).write_text(json.dumps({"files": names}, indent=1) + "\n",
                                        encoding="utf-8")
        remove = sorted(_manifest(out) - set(names))
        atomic_write_bytes(staging / _READY, json.dumps(
            {"files": [*names, MANIFEST], "remove": remove}).encode("utf-8"))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)  # the old set stays as it was
        raise
    _swap(out)
    shutil.rmtree(out / PARTS, ignore_errors=True)
    return names


def recover(out: Path) -> bool:
    """Finish a swap an earlier run left half done (True), or drop its partial staging."""
    staging = out / STAGING
    shutil.rmtree(out / PARTS, ignore_errors=True)
    if (staging / _READY).is_file():
        _swap(out)
        return True
    shutil.rmtree(staging, ignore_errors=True)
    return False


def _swap(out: Path) -> None:
    staging = out / STAGING
    plan = json.loads((staging / _READY).read_text(encoding="utf-8"))
    atomic_write_bytes(out / INCOMPLETE, _incomplete_text().encode("utf-8"))
    made: set[Path] = set()
    for name in plan["files"]:
        source = staging / _checked(name)
        target = out / _checked(name)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        with contextlib.suppress(FileNotFoundError):   # moved already by an earlier swap
            os.replace(source, target)
    for name in plan["remove"]:
        with contextlib.suppress(OSError, ValueError):
            (out / _checked(name)).unlink()
    (out / INCOMPLETE).unlink()
    shutil.rmtree(staging, ignore_errors=True)


def _manifest(out: Path) -> set[str]:
    """What the last complete run wrote (nothing when unknown: then nothing is removed)."""
    try:
        listed = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    found = set()
    for name in listed if isinstance(listed, list) else []:
        with contextlib.suppress(ValueError, TypeError):
            found.add(str(_checked(name)))
    return found


def _checked(name: str) -> PurePosixPath:
    """`name` as a relative path that stays inside the folder (ValueError otherwise)."""
    if not isinstance(name, str):
        raise ValueError(f"not a relative output path: {name!r}")
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"not a relative output path: {name!r}")
    return path


def _incomplete_text() -> str:
    return "\n\n".join(t("batch.incomplete", lang) for lang in ("zh", "en")) + "\n"
