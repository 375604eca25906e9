"""Atomic file writes: a reader sees the old file or the new one, never half of either.

The data goes to a temporary file in the destination's own directory (so the final
`os.replace` never crosses a filesystem), is flushed to disk, and then replaces the target
in one step. On any failure the temporary file is removed and the target is untouched.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["TEMP_PREFIX", "atomic_write_bytes", "atomic_write_text", "check_writable"]

TEMP_PREFIX = ".grader-tmp-"
"""Name prefix of the temporary files (a crash can leave one behind; safe to delete)."""


def _umask() -> int:
    # os.umask can only be read by setting it; do so once, before any worker thread exists.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()


def atomic_write_bytes(path: str | Path, data: bytes, *, durable: bool = True) -> None:
    """Write `data` to `path` atomically (creating parent directories).

    `durable` also flushes the data to disk before the rename, so a power cut cannot leave
    an empty file behind; per-student reports, which a re-run recreates, skip that cost.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp, _FILE_MODE)  # mkstemp creates 0600; give the usual permissions
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: str | Path, text: str, *, bom: bool = False,
                      durable: bool = True) -> None:
    """Write `text` as UTF-8 (with a byte-order mark when `bom`), atomically."""
    data = text.encode("utf-8")
    atomic_write_bytes(path, b"\xef\xbb\xbf" + data if bom else data, durable=durable)


def check_writable(directory: str | Path) -> None:
    """Create `directory` if needed and prove a file can be written there (raises OSError)."""
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    if not target.is_dir():
        raise NotADirectoryError(f"{target} is not a directory")
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".tmp", dir=target)
    os.close(fd)
    os.unlink(tmp)
