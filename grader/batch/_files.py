"""Which files a batch grades, how their names are shown, and what the reports are called.

A class folder comes from students' zips, made on any system: names may not be UTF-8,
links may point anywhere, hidden files hide mistakes. Discovery stays inside the class
folder, lists what it skipped and why, and gives every file a printable name.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from grader.batch._model import SkippedFile

__all__ = ["SUFFIXES", "Scan", "discover", "display_name", "report_key_for",
           "safe_text", "scan"]

SUFFIXES = (".yaml", ".yml")
MAX_KEY_BYTES = 96
"""Report names are bounded in UTF-8 bytes (file systems allow 255; room for `-NN.json`)."""
MAX_SHOWN_CHARS = 200

# Control characters (ESC, bidirectional overrides, zero-width marks) are shown, never obeyed.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


@dataclass(frozen=True)
class Scan:
    """What discovery found: files to grade as (shown name, real path), and what it skipped."""

    files: list[tuple[str, Path]] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)


def safe_text(text: str, limit: int = MAX_SHOWN_CHARS) -> str:
    """`text` fit for a terminal or a table cell: control characters shown as `\\xNN` or
    `\\uNNNN`, unpaired surrogates (undecodable bytes) shown as `\\xNN`, bounded in length."""
    shown = _CONTROL.sub(lambda m: _escape(m.group()), _undecodable(text))
    return shown if len(shown) <= limit else shown[:limit - 1] + "…"


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _has_raw_bytes(text: str) -> bool:
    """Whether `text` holds bytes the file system could not decode (as lone surrogates)."""
    return os.name != "nt" and any("\udc80" <= ch <= "\udcff" for ch in text)


def _undecodable(text: str) -> str:
    """`text` with undecodable bytes shown as `\\xNN`."""
    return os.fsencode(text).decode("utf-8", "backslashreplace") if _has_raw_bytes(text) else text


def display_name(rel: str) -> str:
    """How a file name is shown: itself when it is UTF-8; else, when its bytes read as GBK
    (zips made on Chinese Windows), that reading; else its bytes escaped (`\\xd5`)."""
    if not _has_raw_bytes(rel):
        return rel
    raw = os.fsencode(rel)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def scan(root: Path, *, exclude: Iterable[Path] = ()) -> Scan:
    """Every `*.yaml`/`*.yml` file under `root`, sorted by shown name, and what was skipped.

    Directories are followed through symlinks that stay inside `root`, each real directory
    once (so loops end); a link leading outside `root` is skipped and listed, as is a
    hidden `*.yaml` file. Hidden directories and the `exclude`d paths (the output folder,
    the overrides file) are passed over silently.
    """
    top = os.path.realpath(root)
    excluded = {os.path.realpath(p) for p in exclude}
    files: list[tuple[str, Path]] = []
    skipped: list[SkippedFile] = []
    visited: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        real_dir = os.path.realpath(dirpath)
        try:
            st = os.stat(dirpath)
        except OSError:
            dirnames[:] = []
            continue
        key = (st.st_dev, st.st_ino)
        if key in visited or real_dir in excluded:
            dirnames[:] = []
            continue
        visited.add(key)
        keep = []
        for d in sorted(dirnames):
            if d.startswith("."):
                continue
            if not _inside(os.path.realpath(os.path.join(dirpath, d)), top):
                skipped.append(SkippedFile(_rel(root, Path(dirpath) / d) + "/", "outside"))
                continue
            keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            if not name.lower().endswith(SUFFIXES):
                continue
            path = Path(dirpath) / name
            rel = _rel(root, path)
            if name.startswith("."):
                skipped.append(SkippedFile(rel, "hidden"))
                continue
            real = os.path.realpath(path)
            if real in excluded or os.path.isdir(real):
                continue
            if not _inside(real, top):
                skipped.append(SkippedFile(rel, "outside"))
                continue
            files.append((rel, path))
    files.sort(key=lambda pair: pair[0])
    skipped.sort(key=lambda s: s.file)
    return Scan(files=files, skipped=skipped)


def discover(root: Path, *, exclude: Iterable[Path] = ()) -> list[tuple[str, Path]]:
    """The files `scan` would grade: (shown name relative to `root`, path), sorted."""
    return scan(root, exclude=exclude).files


def _rel(root: Path, path: Path) -> str:
    return display_name(PurePosixPath(*path.relative_to(root).parts).as_posix())


def _inside(real: str, top: str) -> bool:
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def report_key_for(student_id: str | None, rel: str, used: set[str]) -> str:
    """A report name for a submission (student id, else file stem): safe characters only,
    at most MAX_KEY_BYTES bytes of UTF-8, unique in `used` even case-insensitively (added)."""
    base = _safe_name(student_id or "") or _safe_name(PurePosixPath(rel).stem) or "submission"
    key, n = base, 1
    while key.casefold() in used:
        n += 1
        key = f"{_bounded(base, MAX_KEY_BYTES - len(str(n)) - 1)}-{n}"
    used.add(key.casefold())
    return key


def _safe_name(text: str) -> str:
    cleaned = re.sub(r"[^\w.-]+", "_", unicodedata.normalize("NFC", _undecodable(text).strip()))
    cleaned = "".join(ch for ch in cleaned if not "\ud800" <= ch <= "\udfff")
    return _bounded(cleaned.strip("._"), MAX_KEY_BYTES).strip("._")


def _bounded(text: str, limit: int) -> str:
    """The longest prefix of `text` whose UTF-8 form has at most `limit` bytes."""
    data = text.encode("utf-8", "surrogatepass")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", "ignore")
