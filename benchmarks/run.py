"""Run the benchmarks and print each ldn timing beside its baseline.

    python benchmarks/run.py

Needs the ``bench`` extra (pytest-benchmark). Prints medians, the ratio
ldn / baseline per group, screening throughput, and import cost over bare Python.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "bench.json"
        command = [
            sys.executable,
            "-m",
            "pytest",
            str(HERE),
            "-q",
            "--no-cov",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=",
            "--benchmark-only",
            f"--benchmark-json={report}",
        ]
        status = subprocess.run(command, check=False).returncode
        if status != 0:
            return status
        data = json.loads(report.read_text())
    groups: dict[str, dict[str, float]] = defaultdict(dict)
    for bench in data["benchmarks"]:
        kind = "ldn" if bench["name"].startswith("test_ldn") else "baseline"
        groups[bench["group"]][kind] = bench["stats"]["median"]
    print(f"\n{'operation':45} {'ldn':>12} {'baseline':>12} {'ratio':>7}")
    for group, medians in sorted(groups.items()):
        ldn, base = medians["ldn"], medians["baseline"]
        print(f"{group:45} {ldn * 1e3:10.3f}ms {base * 1e3:10.3f}ms {ldn / base:6.2f}x")
    screening = groups["screen: 10,000 patients x 10 medications"]["ldn"]
    print(f"\nscreening throughput: {100_000 / screening:,.0f} medication strings per second")
    low, median, high = paired_import_cost()
    print(
        f"import ldn over bare Python, {PAIRS} interleaved pairs: median {median:.1f} ms (p10 {low:.1f}, p90 {high:.1f})"
    )
    return 0


PAIRS = 40


def paired_import_cost() -> tuple[float, float, float]:
    """Time `python -c "import ldn"` and `python -c "pass"` alternately; the differences' p10, median, p90 in ms.

    Bytecode caching is on, as in any installed environment: one warm-up start
    writes ldn's .pyc files. (With PYTHONDONTWRITEBYTECODE=1 every start compiles
    ldn's sources again, which adds about 9 ms on the reference machine.)
    """
    _seconds("import ldn")
    differences = []
    for _ in range(PAIRS):
        bare = _seconds("pass")
        differences.append((_seconds("import ldn") - bare) * 1e3)
    differences.sort()
    return differences[PAIRS // 10], statistics.median(differences), differences[PAIRS * 9 // 10]


_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def _seconds(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=_ENV)
    return time.perf_counter() - start


if __name__ == "__main__":
    raise SystemExit(main())
