"""Run the benchmarks and print each ldn timing beside its baseline.

    python benchmarks/run.py

Needs the ``bench`` extra (pytest-benchmark). Prints medians, the ratio
ldn / baseline per group, screening throughput, and ldn's share of the import
cost over its dependencies (benchmarks/import_cost.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from import_cost import CASES, paired_cost  # beside this file

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
    for label, base, with_ldn in CASES:
        low, median, high = paired_cost(base, with_ldn, PAIRS)
        print(
            f"{label}: ldn's own share over its dependencies, {PAIRS} interleaved pairs: "
            f"median {median:.1f} ms (p10 {low:.1f}, p90 {high:.1f})"
        )
    return 0


PAIRS = 40


if __name__ == "__main__":
    raise SystemExit(main())
