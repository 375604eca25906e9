"""The zip a TA uploads to Gradescope (`grader autograder`): this grader as a wheel, a
`setup.sh` that installs it into a virtual environment (images that forbid system-wide
`pip install` are fine), and a `run_autograder` that grades the one YAML file uploaded.

The wheel is written here from the installed package's own files (no build tools, no
network), and every archive is deterministic: sorted entries, a fixed date.
"""

from __future__ import annotations

import base64
import hashlib
import io
import shlex
import zipfile
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

__all__ = ["autograder_zip", "run_script", "setup_script", "wheel"]

_DATE = (1980, 1, 1, 0, 0, 0)


def _entry(name: str, data: bytes, executable: bool = False) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name, date_time=_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (0o100755 if executable else 0o100644) << 16
    return info, data


def _archive(entries: Iterable[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info, data in sorted(entries, key=lambda e: e[0].filename):
            archive.writestr(info, data)
    return buffer.getvalue()


def _package_files() -> list[tuple[str, bytes]]:
    """(path in the wheel, bytes) of the grader and reference packages and the rubrics."""
    import grader
    import reference
    from grader.rubric import builtin_rubric_dir

    files: list[tuple[str, bytes]] = []
    for package in (grader, reference):
        root = Path(package.__file__ or ".").resolve().parent
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root)
            if path.is_file() and "__pycache__" not in rel.parts and path.suffix != ".pyc" \
                    and rel.parts[0] != "_rubrics":
                files.append((f"{root.name}/{rel.as_posix()}", path.read_bytes()))
    for path in sorted(builtin_rubric_dir().glob("*.yaml")):
        files.append((f"grader/_rubrics/{path.name}", path.read_bytes()))
    return files


def wheel() -> tuple[str, bytes]:
    """The installed grader as a pure-Python wheel: (file name, bytes)."""
    meta = metadata.metadata("grader")
    version = meta["Version"]
    dist = f"grader-{version}.dist-info"
    lines = ["Metadata-Version: 2.1", "Name: grader", f"Version: {version}"]
    for field in ("Summary", "Requires-Python"):
        lines += [f"{field}: {value}" for value in (meta.get_all(field) or [])[:1]]
    lines += [f"Requires-Dist: {r}" for r in meta.get_all("Requires-Dist") or []
              if "extra ==" not in r]
    files = _package_files()
    files += [
        (f"{dist}/METADATA", ("\n".join(lines) + "\n").encode()),
        (f"{dist}/WHEEL", b"Wheel-Version: 1.0\nGenerator: grader\nRoot-Is-Purelib: true\n"
                          b"Tag: py3-none-any\n"),
        (f"{dist}/entry_points.txt", b"[console_scripts]\ngrader = grader.cli:main\n"),
    ]
    record = [f"{name},sha256={_digest(data)},{len(data)}" for name, data in files]
    record.append(f"{dist}/RECORD,,")
    files.append((f"{dist}/RECORD", ("\n".join(record) + "\n").encode()))
    return f"grader-{version}-py3-none-any.whl", _archive(_entry(n, d) for n, d in files)


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def setup_script(wheel_name: str) -> str:
    """`setup.sh`: Python with venv if the image lacks it, then the wheel into a venv."""
    return f"""#!/usr/bin/env bash
# Runs once, when Gradescope builds the autograder image.
set -euo pipefail
if ! python3 -m venv --help > /dev/null 2>&1; then
  apt-get update && apt-get install -y python3 python3-venv
fi
python3 -m venv /autograder/venv
/autograder/venv/bin/python -m pip install --quiet /autograder/source/{wheel_name}
"""


def run_script(rubric: str, lang: str) -> str:
    """`run_autograder`: grades the one .yaml/.yml uploaded, whatever its name."""
    return f"""#!/usr/bin/env bash
# Runs for every submission: writes /autograder/results/results.json, always (an unreadable
# or missing upload is a message to the student, not a failed run).
set -uo pipefail
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
PYTHON="${{GRADER_PYTHON:-/autograder/venv/bin/python}}"
exec "$PYTHON" -m grader.gradescope_run --root "$ROOT" --rubric {shlex.quote(rubric)} \\
  --lang {shlex.quote(lang)}
"""


def autograder_zip(rubric: str, lang: str, rubric_file: Path | None = None) -> bytes:
    """The zip: setup.sh, run_autograder, the wheel (and a rubric file of the TA's own)."""
    name, data = wheel()
    entries = [_entry(name, data)]
    target = rubric
    if rubric_file is not None:
        entries.append(_entry("rubric.yaml", rubric_file.read_bytes()))
        target = "/autograder/source/rubric.yaml"
    entries.append(_entry("setup.sh", setup_script(name).encode(), executable=True))
    entries.append(_entry("run_autograder", run_script(target, lang).encode(), executable=True))
    return _archive(entries)
