"""Print the mutation score of the last `mutmut run`, per module and in total.

Score = killed / (killed + survived + timeout-free survivors), where a timeout counts
as killed (the mutant made the tests hang) and mutants with no covering test count
as survivors. Reads mutmut's own result files under mutants/.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    metas = sorted((ROOT / "mutants" / "ldn").glob("*.py.meta"))
    if not metas:
        print("no mutmut results: run tools/mutation.sh first", file=sys.stderr)
        return 1
    total: Counter[str] = Counter()
    print(f"{'module':28} {'mutants':>8} {'killed':>7} {'survived':>9} {'score':>7}")
    for meta in metas:
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        counts = Counter(status_by_exit_code[code] for code in codes.values())
        total += counts
        print(_row(meta.name.removesuffix(".py.meta"), counts))
    print(_row("TOTAL", total))
    return 0


def _row(name: str, counts: Counter[str]) -> str:
    killed = counts["killed"] + counts["timeout"]
    scored = sum(counts.values()) - counts["skipped"]
    score = 100 * killed / scored if scored else 100.0
    return f"{name:28} {scored:8} {killed:7} {scored - killed:9} {score:6.1f}%"


if __name__ == "__main__":
    raise SystemExit(main())
