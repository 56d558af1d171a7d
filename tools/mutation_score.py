"""Print the mutation score of the last `mutmut run`, per module and in total.

Score = (killed + timed out) / all mutants but skipped ones: a timeout means the
mutant made the tests hang, so they noticed it; a mutant no test reaches counts as
a survivor. Reads mutmut's own result files under mutants/.

    python tools/mutation_score.py [--fail-under PERCENT]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    fail_under = float(argv[argv.index("--fail-under") + 1]) if "--fail-under" in argv else 0.0
    # Every module, in packages too (mutants/ldn/fhir/_reader.py.meta is ldn/fhir/_reader.py).
    base = ROOT / "mutants" / "ldn"
    metas = sorted(base.rglob("*.py.meta"))
    if not metas:
        print("no mutmut results: run tools/mutation.sh first", file=sys.stderr)
        return 1
    total: Counter[str] = Counter()
    print(f"{'module':28} {'mutants':>8} {'killed':>7} {'survived':>9} {'score':>7}")
    for meta in metas:
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        counts = Counter(status_by_exit_code[code] for code in codes.values())
        total += counts
        print(_row(meta.relative_to(base).as_posix().removesuffix(".py.meta"), counts))
    print(_row("TOTAL", total))
    score = _score(total)
    if score < fail_under:
        print(f"mutation score {score:.1f}% is under the required {fail_under:g}%", file=sys.stderr)
        return 1
    return 0


def _score(counts: Counter[str]) -> float:
    killed = counts["killed"] + counts["timeout"]
    scored = sum(counts.values()) - counts["skipped"]
    return 100 * killed / scored if scored else 100.0


def _row(name: str, counts: Counter[str]) -> str:
    killed = counts["killed"] + counts["timeout"]
    scored = sum(counts.values()) - counts["skipped"]
    return f"{name:28} {scored:8} {killed:7} {scored - killed:9} {_score(counts):6.1f}%"


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
