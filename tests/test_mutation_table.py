"""tools/mutation_table.py: the per-module mutation table of docs/quality.rst."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.support.modules import load_file

TOOL = Path(__file__).resolve().parents[1] / "tools" / "mutation_table.py"

LISTING = """\
    ldn.dose.x_to_ml__mutmut_1: killed
    ldn.dose.x_to_ml__mutmut_2: timeout
    ldn.dose.x_to_ml__mutmut_3: skipped
    ldn.fhir._reader.xǁReaderǁread__mutmut_1: survived
    ldn.fhir._reader.xǁReaderǁread__mutmut_2: no tests
    ldn.fhir._reader.xǁReaderǁread__mutmut_3: killed
    ldn.fhir._reader.xǁReaderǁread__mutmut_4: not checked
    ldn._html.x_escape__mutmut_7: suspicious
a line that is no mutant
"""


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    return load_file("mutation_table", TOOL)


def test_each_module_counts_killed_and_tested_as_the_gate_does(tool: ModuleType) -> None:
    assert tool.tally(LISTING.splitlines()) == {
        "_html": (1, 0),
        "dose": (2, 2),
        "fhir/_reader": (3, 1),
    }


def test_the_table_has_a_row_per_module_and_a_total(tool: ModuleType) -> None:
    text = tool.table(tool.tally(LISTING.splitlines()))
    assert text.startswith(".. list-table::\n   :header-rows: 1\n\n   * - module\n")
    assert "   * - ``fhir/_reader``\n     - 3\n     - 1\n     - 33.3%\n" in text
    assert text.endswith("   * - all\n     - 6\n     - 3\n     - 50.0%\n")
    assert "all" not in tool.table({})


def test_the_command_reads_stdin_and_refuses_an_empty_listing() -> None:
    run = [sys.executable, str(TOOL)]
    done = subprocess.run(run, input=LISTING, capture_output=True, text=True, check=True)
    assert "``dose``" in done.stdout
    empty = subprocess.run(run, input="", capture_output=True, text=True, check=False)
    assert empty.returncode == 1
    assert "no mutant lines" in empty.stderr
