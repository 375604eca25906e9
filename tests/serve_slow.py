"""A grading worker's target for the serve tests: a check whose file says SLOW_DOWN takes a
minute (as a submission that defeated every bound would), anything else is graded."""

from __future__ import annotations

import time
from typing import Any

from grader.serve._work import handle


def handle_slowly(job: tuple[Any, ...]) -> tuple[int, str]:
    if job[0] == "check" and b"SLOW_DOWN" in job[1]:
        time.sleep(60)
    return handle(job)
