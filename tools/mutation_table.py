"""Per-module mutation figures, from mutmut's own listing, as the table of docs/quality.rst.

    python -m mutmut results --all true | python tools/mutation_table.py

Run it in the tree where ``tools/mutation.sh`` (the full run) has just finished. Each
line ``<module>.x_<function>__mutmut_<n>: <status>`` counts for its module: ``killed``
and ``timeout`` as killed; ``skipped`` and ``not checked`` not at all; any other status
(``survived``, ``no tests``, ``suspicious``, ``segfault``) as not killed, as
``tools/mutation.sh`` scores them. Prints an RST list-table, then the total.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterable

#: A mutant's line: its module (dotted), its function or method, its number, its status.
LINE = re.compile(r"^\s*(?P<module>[\w.]+?)\.x[_ǁ]\S*__mutmut_\d+: (?P<status>[a-z ]+?)\s*$")
KILLED = frozenset({"killed", "timeout"})
UNCOUNTED = frozenset({"skipped", "not checked"})


def tally(lines: Iterable[str]) -> dict[str, tuple[int, int]]:
    """Each module's (mutants tested, killed), by its path below ``ldn/``."""
    tested: Counter[str] = Counter()
    killed: Counter[str] = Counter()
    for line in lines:
        match = LINE.match(line)
        if match is None or match["status"] in UNCOUNTED:
            continue
        module = match["module"].removeprefix("ldn.").replace(".", "/")
        tested[module] += 1
        killed[module] += match["status"] in KILLED
    return {module: (tested[module], killed[module]) for module in sorted(tested)}


def table(figures: dict[str, tuple[int, int]]) -> str:
    """The RST list-table of ``figures``, with a total row."""
    out = [".. list-table::", "   :header-rows: 1", ""]
    rows = [("module", "mutants", "killed", "score")]
    rows += [
        (f"``{m}``", f"{t:,}", f"{k:,}", f"{100 * k / t:.1f}%") for m, (t, k) in figures.items()
    ]
    tested = sum(t for t, _ in figures.values())
    killed = sum(k for _, k in figures.values())
    if tested:
        rows.append(("all", f"{tested:,}", f"{killed:,}", f"{100 * killed / tested:.1f}%"))
    for row in rows:
        out += [f"   * - {row[0]}", *(f"     - {cell}" for cell in row[1:])]
    return "\n".join(out) + "\n"


def main() -> int:
    figures = tally(sys.stdin)
    if not figures:
        print(
            "no mutant lines on stdin (run: python -m mutmut results --all true)", file=sys.stderr
        )
        return 1
    sys.stdout.write(table(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
