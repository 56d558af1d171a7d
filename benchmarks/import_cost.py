"""What ``import ldn`` costs a fresh interpreter, beside importing only its dependencies.

    python benchmarks/import_cost.py [pairs]

Each round starts fresh interpreters in turn: one that imports only what ldn
depends on (attrs and the standard modules ldn's own modules import), then one
that imports ldn, then the same pair again for a first use (import and build one
titration plan, which loads the modules a plan needs). ldn's own share is the
difference within each pair; the script prints the median and the p10/p90 of
those differences, in ms. Bytecode caching is on, as in any installed
environment: a warm-up start writes the .pyc files first.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

#: attrs plus every standard module that ldn's modules import (ldn/*.py, strategies aside).
DEPENDENCIES = (
    "import attrs, bisect, collections.abc, datetime, decimal, enum, fractions, functools, "
    "itertools, math, re, typing"
)
#: Timed codes: (label, dependencies only, with ldn).
CASES = (
    ("import ldn", DEPENDENCIES, f"{DEPENDENCIES}; import ldn"),
    (
        "import ldn and build a plan",
        DEPENDENCIES,
        f"{DEPENDENCIES}; import ldn; "
        "ldn.titrate(start='1.5', step='1.5', interval_days=14, target='4.5')",
    ),
    (
        "import ldn, plan, liquid, screen",
        DEPENDENCIES,
        f"{DEPENDENCIES}; import ldn; "
        "p = ldn.titrate(start='1.5', step='1.5', interval_days=14, target='4.5'); "
        "ldn.OralLiquid.from_tablet().volume_ml(p.maintenance_dose); "
        "ldn.screen(ldn.Patient(medications=['tramadol'], opioid_use=False))",
    ),
)
_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def _seconds(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=_ENV)
    return time.perf_counter() - start


def paired_cost(base: str, with_ldn: str, pairs: int) -> tuple[float, float, float]:
    """p10, median and p90 in ms of (with_ldn - base) over interleaved fresh-interpreter pairs."""
    _seconds(with_ldn)  # writes the .pyc files
    differences = []
    for _ in range(pairs):
        before = _seconds(base)
        differences.append((_seconds(with_ldn) - before) * 1e3)
    differences.sort()
    return differences[pairs // 10], statistics.median(differences), differences[pairs * 9 // 10]


def main(pairs: int = 40) -> int:
    bare = statistics.median(_seconds("pass") for _ in range(10)) * 1e3
    deps = statistics.median(_seconds(DEPENDENCIES) for _ in range(10)) * 1e3
    print(
        f"bare interpreter: {bare:.1f} ms; dependencies only: {deps:.1f} ms ({deps - bare:.1f} over bare)"
    )
    for label, base, with_ldn in CASES:
        low, median, high = paired_cost(base, with_ldn, pairs)
        print(
            f"{label:35} ldn's own share over dependencies, {pairs} pairs: "
            f"median {median:.1f} ms (p10 {low:.1f}, p90 {high:.1f})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*(int(arg) for arg in sys.argv[1:2])))
