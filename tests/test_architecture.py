"""The shape of ldn/: no import cycle, no upward import, no private name used across
modules, no module over 600 lines (data tables excepted), and a current picture of the
import graph in the docs (docs/images/import-graph.svg).

The checks live in tools/import_graph.py (which also draws the picture); each is run
here on ldn/ itself, and on a tiny tree written for the test, where it must fail.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import ldn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from import_graph import (
    LAYERS,
    MAX_LINES,
    PICTURE,
    cycles,
    edges,
    main,
    oversized,
    private_crossings,
    stale_picture,
    svg,
    upward_imports,
)

# Slow (reads and parses all of ldn/): .ci/run's slow stage runs it, not the README command.
pytestmark = pytest.mark.slow

#: The package under test: the installed one, when the tests run against a wheel.
PACKAGE = Path(ldn.__file__).resolve().parent


def listed(found: list[str]) -> str:
    return "\n".join(found)


def test_no_import_cycle() -> None:
    found = cycles(PACKAGE)
    assert found == [], f"import cycles:\n{listed(found)}"


def test_no_upward_import() -> None:
    found = upward_imports(PACKAGE)
    assert found == [], f"imports against the layers:\n{listed(found)}"


def test_no_private_name_crosses_a_module() -> None:
    found = private_crossings(PACKAGE)
    assert found == [], f"private names used across modules:\n{listed(found)}"


def test_no_module_is_too_long() -> None:
    found = oversized(PACKAGE)
    assert found == [], f"modules over {MAX_LINES} lines:\n{listed(found)}"


def test_the_picture_is_current() -> None:
    assert stale_picture(PACKAGE, PICTURE) == []


# -- each check fails when it should, on a tree written for the test -----------------------


def tree(root: Path, files: dict[str, str]) -> Path:
    """Write ``files`` (paths under ``ldn/``) below ``root``; return the package folder."""
    package = root / "ldn"
    for name, text in {"__init__.py": "", **files}.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


def test_a_cycle_is_named(tmp_path: Path) -> None:
    package = tree(
        tmp_path,
        {
            "dose.py": "from ldn.medication import Medication\n",
            "medication.py": "def f():\n    from ldn.dose import Dose\n",
            "monograph.py": "from ldn.dose import Dose\n",
        },
    )
    assert cycles(package) == ["ldn.dose -> ldn.medication -> ldn.dose"]


def test_every_kind_of_import_counts(tmp_path: Path) -> None:
    package = tree(
        tmp_path,
        {
            "dose.py": "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from ldn.schedule import Plan\n",
            "schedule.py": "from . import dose\nfrom .monograph import Policy\n",
            "monograph.py": "def f():\n    import ldn.chart as chart\n",
            "chart.py": "from ldn import dose\n",
        },
    )
    assert edges(package) == {
        ("ldn.dose", "ldn.schedule"),
        ("ldn.schedule", "ldn.dose"),
        ("ldn.schedule", "ldn.monograph"),
        ("ldn.monograph", "ldn.chart"),
        ("ldn.chart", "ldn.dose"),
    }
    assert cycles(package) == [
        "ldn.chart -> ldn.dose -> ldn.schedule -> ldn.monograph -> ldn.chart"
    ]


def test_a_package_counts_as_one_module_between_packages(tmp_path: Path) -> None:
    package = tree(
        tmp_path,
        {
            "fhir/__init__.py": "from ldn.fhir._reader import read\nfrom ._writer import write\n",
            "fhir/_reader.py": "from ldn.fhir._codes import CODES\nfrom ldn.cds import card\n",
            "fhir/_writer.py": "from ldn.fhir._codes import CODES\n",
            "fhir/_codes.py": "CODES = {}\n",
            "cds.py": "from ldn.fhir import write\n",
        },
    )
    # cds imports only the writer's package, but the package imports the reader,
    # which imports cds: a cycle between the two packages.
    assert cycles(package) == ["ldn.cds -> ldn.fhir -> ldn.cds"]
    (package / "fhir" / "_reader.py").write_text("from ldn.fhir import write\n")
    assert cycles(package) == ["ldn.fhir -> ldn.fhir._reader -> ldn.fhir"]
    (package / "fhir" / "_reader.py").write_text("from ldn.fhir._codes import CODES\n")
    assert cycles(package) == []


def test_an_upward_import_is_named(tmp_path: Path) -> None:
    package = tree(
        tmp_path,
        {
            "errors.py": "",
            "dose.py": "from ldn.errors import LdnError\n",
            "schedule.py": "def svg():\n    from ldn.chart import plan_svg\n",
            "chart.py": "from ldn.schedule import TitrationPlan\n",
            "fhir/__init__.py": "",
            "fhir/_reader.py": "from ldn.cds import card\nfrom ldn.chart import x\n",
            "cds.py": "",
        },
    )
    assert upward_imports(package) == [
        "ldn.fhir._reader (layer 6) imports ldn.cds (layer 7): an upward import",
        "ldn.schedule (layer 3) imports ldn.chart (layer 6): an upward import",
    ]
    assert LAYERS["ldn.schedule"] < LAYERS["ldn.chart"]


def test_a_module_in_no_layer_is_named(tmp_path: Path) -> None:
    package = tree(
        tmp_path,
        {"_fhir_input.py": "", "dose.py": "from ldn import _fhir_input\n"},
    )
    assert upward_imports(package) == [
        "ldn._fhir_input is in no layer (add it to LAYERS in tools/import_graph.py)"
    ]
    (package / "dose.py").write_text("from ldn import titrate\n")
    assert upward_imports(package)[-1] == (
        "ldn.dose imports the package root ldn (import from the module)"
    )


def test_a_private_name_across_modules_is_named(tmp_path: Path) -> None:
    package = tree(
        tmp_path,
        {
            "opioids.py": "_TABLE = {}\n"
            "class Vocabulary:\n"
            "    def _scan(self): ...\n"
            "    def __init__(self):\n"
            "        self._cache = {}\n",
            "cds.py": "from ldn.opioids import Vocabulary, _TABLE\n"
            "def f(v):\n"
            "    return v._scan(), v._cache, v._unknown, v.__init__\n",
            "contraindication.py": "class Severity:\n"
            "    def _key(self): ...\n"
            "    def rank(self): return self._key()\n",
            "regimen.py": "import enum\n"
            "class Form(enum.Enum):\n"
            "    def _missing_(cls, value): ...\n",
            "chart.py": "def f(form):\n    return form._missing_(1), form._value2member_map_\n",
        },
    )
    assert private_crossings(package) == [
        "ldn.cds imports _TABLE from ldn.opioids",
        "ldn.cds uses v._cache (line 3), private to ldn.opioids",
        "ldn.cds uses v._scan (line 3), private to ldn.opioids",
    ]


def test_a_private_file_of_a_package_is_imported_only_inside_it(tmp_path: Path) -> None:
    package = tree(
        tmp_path,
        {
            "fhir/__init__.py": "from ldn.fhir._reader import read\n",
            "fhir/_writer.py": "from ._reader import read\n",
            "fhir/_reader.py": "def read(): ...\n",
            "_vocabulary/__init__.py": "",
            "_vocabulary/codes.py": "CODES = {}\n",
            "opioids.py": "from ldn._vocabulary.codes import CODES\n",
            "cds.py": "from ldn.fhir._reader import read\nfrom ldn.fhir import _reader\n",
        },
    )
    assert private_crossings(package) == [
        "ldn.cds imports ldn.fhir._reader, a private file of ldn.fhir (import from ldn.fhir)"
    ]


def test_a_long_module_is_named(tmp_path: Path) -> None:
    package = tree(
        tmp_path,
        {
            "dose.py": "x = 1\n" * MAX_LINES,
            "schedule.py": "x = 1\n" * (MAX_LINES + 1),
            "_vocabulary/__init__.py": "",
            "_vocabulary/codes.py": "CODES = 1\n" * 2000,
        },
    )
    assert oversized(package) == [f"ldn/schedule.py has {MAX_LINES + 1} lines, over {MAX_LINES}"]
    (package / "_vocabulary" / "terms.py").write_text("def helper(): ...\n")
    assert oversized(package)[0] == (
        "ldn/_vocabulary/terms.py is excused as data but defines helper"
    )


def test_a_stale_picture_is_named(tmp_path: Path) -> None:
    package = tree(
        tmp_path,
        {"dose.py": "from ldn.errors import LdnError\n", "errors.py": ""},
    )
    picture = tmp_path / "docs" / "graph.svg"
    assert stale_picture(package, picture) == [
        "graph.svg is missing: run python tools/import_graph.py"
    ]
    assert main([], package, picture) == 0
    assert stale_picture(package, picture) == []
    assert main(["--check"], package, picture) == 0
    assert "ldn.dose imports ldn.errors" in picture.read_text()
    (package / "schedule.py").write_text("from ldn.dose import Dose\n")
    assert stale_picture(package, picture) == [
        "graph.svg is not current: run python tools/import_graph.py"
    ]
    assert main(["--check"], package, picture) == 1


def test_the_picture_marks_what_is_wrong(tmp_path: Path) -> None:
    package = tree(
        tmp_path,
        {
            "dose.py": "from ldn.schedule import x\n",
            "schedule.py": "",
            "extra.py": "",
            "fhir/__init__.py": "from ldn.fhir._reader import x\n",
            "fhir/_reader.py": "from ldn.dose import x\n",
            "_vocabulary/__init__.py": "",
            "_vocabulary/codes.py": "",
        },
    )
    picture = svg(package)
    assert 'stroke="#c00"' in picture  # the upward import, in red
    assert "not in the layer table" in picture  # ldn.extra's row
    assert "ldn.fhir imports ldn.dose" in picture  # the reader drawn as its package
    assert ">ldn._vocabulary<" in picture
    assert ">ldn.fhir._reader<" not in picture
    assert picture == svg(package)  # the same tree, the same picture
