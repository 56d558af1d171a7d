"""The hazard log (docs/safety.rst) names only tests and code that exist (issue 13, item 5).

The page is parsed here, never imported or rendered: every pytest node id it names
(``tests/file.py::test``, ``tests/file.py::TestClass::test``, a parametrized
``test[...]`` naming ``test``) must name a file, class and test function that exist,
found with :mod:`ast`. Every code name written ``ldn.…`` must resolve, every rule id
must be one of :class:`ldn.RuleId`, and every hazard must have each field, at least
one control naming code and at least one test. Hazard ids run HAZ-01, HAZ-02, ...
without gaps or repeats, as in the summary table.
"""

from __future__ import annotations

import ast
import importlib
import re
from functools import cache
from pathlib import Path

import pytest
from attrs import frozen

import ldn

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "safety.rst"

#: The fields of every hazard, in this order.
FIELDS = ("Hazard", "Harm", "Causes", "Source", "Controls", "Tests", "Residual risk")
HEADING = re.compile(r"^(HAZ-[0-9]+): (.+)\n-+$", re.MULTILINE)
#: A row of the summary table: the id, then two spaces or more.
TABLE_ROW = re.compile(r"^(HAZ-[0-9]+) {2,}", re.MULTILINE)
FIELD = re.compile(r"^:([^:]+):(.*)$")
NODE_ID = re.compile(r"``(tests/[^`\s]+?\.py::[^`\s]+)``")
CODE_NAME = re.compile(r"``(ldn(?:\.\w+)+)``")
RULE_ID = re.compile(r"\bLDN-[A-Z]+(?:-[A-Z]+)*\b")


@frozen
class Hazard:
    id: str
    title: str
    fields: dict[str, str]
    stray: tuple[str, ...]  # lines of the section outside any field


def hazards(text: str) -> list[Hazard]:
    """The hazard sections of the page, in page order."""
    headings = list(HEADING.finditer(text))
    found = []
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
        fields: dict[str, list[str]] = {}
        stray: list[str] = []
        current: list[str] | None = None
        for line in text[heading.end() : end].splitlines():
            field = FIELD.match(line)
            if field:
                current = fields.setdefault(field.group(1), [])
                current.append(field.group(2))
            elif current is not None and (not line.strip() or line[0].isspace()):
                current.append(line)
            elif line.strip():
                stray.append(line)
        found.append(
            Hazard(
                heading.group(1),
                heading.group(2),
                {name: "\n".join(lines).strip() for name, lines in fields.items()},
                tuple(stray),
            )
        )
    return found


def bullets(body: str) -> list[str]:
    """The items of a bullet list (each item's lines joined by single spaces)."""
    items: list[list[str]] = []
    for line in body.splitlines():
        stripped = line.strip()
        if stripped.startswith("- "):
            items.append([stripped[2:]])
        elif stripped and items:
            items[-1].append(stripped)
    return [" ".join(item) for item in items]


def missing_test(node_id: str, root: Path = ROOT) -> str | None:
    """Why ``node_id`` names no test (file, class or function missing), or None when it does."""
    path, *names = node_id.split("::")
    if not names or not all(names):
        return f"{node_id}: not a node id (file::[Class::]test)"
    *classes, function = names
    function = re.sub(r"\[.*\]$", "", function)
    file = root / path
    if not file.is_file():
        return f"{node_id}: no file {path}"
    body: list[ast.stmt] = ast.parse(file.read_text(encoding="utf-8")).body
    for name in classes:
        found = [n for n in body if isinstance(n, ast.ClassDef) and n.name == name]
        if not found or not name.startswith("Test"):
            return f"{node_id}: no test class {name}"
        body = found[0].body
    functions = (ast.FunctionDef, ast.AsyncFunctionDef)
    if not function.startswith("test") or not any(
        isinstance(n, functions) and n.name == function for n in body
    ):
        return f"{node_id}: no test function {function}"
    return None


def unresolved(name: str) -> bool:
    """Whether a dotted ``ldn`` name names nothing (no module, no attribute)."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            if not hasattr(found, attribute):
                return True
            found = getattr(found, attribute)
        return False
    return True  # pragma: no cover - "ldn" itself always imports


def problems(text: str, root: Path = ROOT) -> list[str]:
    """Everything wrong with a hazard log; empty when it is true."""
    found = hazards(text)
    wrong: list[str] = []
    ids = [h.id for h in found]
    if not ids:
        wrong.append("no hazards")
    repeated = sorted({each for each in ids if ids.count(each) > 1})
    if repeated:
        wrong.append(f"repeated hazard ids: {', '.join(repeated)}")
    expected = [f"HAZ-{number:02d}" for number in range(1, len(ids) + 1)]
    if ids != expected:
        wrong.append(f"hazard ids must run {', '.join(expected)}; got {', '.join(ids)}")
    table = TABLE_ROW.findall(text)
    if table and table != ids:
        wrong.append(f"summary table lists {', '.join(table)}; sections {', '.join(ids)}")
    for hazard in found:
        where = f"{hazard.id} ({hazard.title})"
        for name in FIELDS:
            if not hazard.fields.get(name):
                wrong.append(f"{where}: no {name}")
        for name in sorted(set(hazard.fields) - set(FIELDS)):
            wrong.append(f"{where}: unknown field {name}")
        for line in hazard.stray:
            wrong.append(f"{where}: text outside the fields: {line.strip()[:60]}")
        controls = bullets(hazard.fields.get("Controls", ""))
        if not controls:
            wrong.append(f"{where}: no control")
        for control in controls:
            if not CODE_NAME.search(control):
                wrong.append(f"{where}: a control names no code (``ldn.…``): {control[:60]}")
        tests = bullets(hazard.fields.get("Tests", ""))
        if not tests:
            wrong.append(f"{where}: no test")
        for test in tests:
            if not NODE_ID.fullmatch(test):
                wrong.append(f"{where}: a test line is not one node id: {test[:60]}")
    for node_id in sorted(set(NODE_ID.findall(text))):
        reason = missing_test(node_id, root)
        if reason is not None:
            wrong.append(reason)
    for name in sorted(set(CODE_NAME.findall(text))):
        if unresolved(name):
            wrong.append(f"code name {name} resolves to nothing")
    known = {str(rule) for rule in ldn.RuleId}
    for rule_id in sorted(set(RULE_ID.findall(text)) - known):
        wrong.append(f"unknown rule id {rule_id}")
    return wrong


@cache
def page() -> str:
    return PAGE.read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_hazard_log_is_true() -> None:
    assert problems(page()) == []


def test_the_log_covers_the_hazards_of_issue_13() -> None:
    titles = " | ".join(h.title.lower() for h in hazards(page()))
    for words in (
        "above the maximum",
        "starting range",
        "too soon",
        "unit slip",
        "mg and ml",
        "float",
        "opioid missed in a written",
        "opioid missed in a coded",
        "stopped too recently",
        "unreadable",
        "antagonist",
        "fhir input",
        "filler",
        "cannot measure",
        "supply",
        "stale",
        "past the calendar",
        "decimal context",
        "foreign exception",
        "fhir export",
        "words for the patient",
    ):
        assert words in titles, words


# -- the checks themselves fail when they should --------------------------------------

EXISTING = "tests/test_dose.py::TestNotation::test_str"
GOOD_ENTRY = """
{id}: {title}
-------------

:Hazard: h
:Harm: h
:Causes: c
:Source: monograph, Dosing; LDN-DOSE-MAX
:Controls:
   - ``ldn.Policy.check_daily_dose`` refuses
     a dose above the maximum.
:Tests:
   - ``{test}``
:Residual risk: none
"""


#: The control and the test line of GOOD_ENTRY, as they read once formatted.
CONTROL = "   - ``ldn.Policy.check_daily_dose`` refuses\n     a dose above the maximum.\n"
TEST_LINE = f"   - ``{EXISTING}``\n"


def log(*entries: str, table: str = "") -> str:
    return "Hazard log\n==========\n" + table + "".join(entries)


def entry(number: int, replace: dict[str, str] | None = None, test: str = EXISTING) -> str:
    text = GOOD_ENTRY.format(id=f"HAZ-{number:02d}", title=f"hazard {number}", test=test)
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def test_a_good_log_has_no_problem() -> None:
    assert problems(log(entry(1), entry(2))) == []
    parsed = hazards(log(entry(1)))
    assert parsed[0].fields["Controls"].count("\n") == 1
    assert bullets(parsed[0].fields["Controls"]) == [
        "``ldn.Policy.check_daily_dose`` refuses a dose above the maximum."
    ]


@pytest.mark.parametrize(
    ("node_id", "reason"),
    [
        ("tests/test_nothing.py::test_x", "no file tests/test_nothing.py"),
        ("tests/test_dose.py::TestNothing::test_str", "no test class TestNothing"),
        ("tests/test_dose.py::TestNotation::test_nothing", "no test function test_nothing"),
        ("tests/test_dose.py::test_str", "no test function test_str"),  # it is a method
        ("tests/test_dose.py::TestParse::test_str", "no test function test_str"),
        ("tests/test_dose.py::ISMP_NUMBER", "no test function ISMP_NUMBER"),
        ("tests/test_exact.py::_places", "no test function _places"),  # a helper
        ("tests/test_chart.py::page", "no test function"),
        ("tests/test_dose.py::TestNotation", "no test function TestNotation"),
        ("tests/test_dose.py::", "not a node id"),
        ("tests/test_dose.py", "not a node id"),
    ],
)
def test_a_missing_test_is_named(node_id: str, reason: str) -> None:
    assert reason in (missing_test(node_id) or "")


@pytest.mark.parametrize(
    "node_id",
    [
        EXISTING,
        "tests/test_dose.py::TestNotation::test_str[1-1 mg]",
        "tests/test_exact.py::test_the_exact_context_holds_any_result",
        "tests/test_messages.py::test_message",
    ],
)
def test_an_existing_test_is_found(node_id: str) -> None:
    assert missing_test(node_id) is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (log(), "no hazards"),
        (log(entry(1), entry(1)), "repeated hazard ids: HAZ-01"),
        (log(entry(2), entry(1)), "must run HAZ-01, HAZ-02; got HAZ-02, HAZ-01"),
        (log(entry(1), entry(3)), "got HAZ-01, HAZ-03"),
        (log(entry(1), table="HAZ-02   x\n"), "summary table lists HAZ-02; sections HAZ-01"),
        (log(entry(1, {":Harm:": ":Effect:"})), "HAZ-01 (hazard 1): no Harm"),
        (log(entry(1, {":Harm:": ":Effect:"})), "HAZ-01 (hazard 1): unknown field Effect"),
        (
            log(entry(1, {":Residual risk: none": ":Residual risk:"})),
            "HAZ-01 (hazard 1): no Residual risk",
        ),
        (log(entry(1, {CONTROL: ""})), "no control"),
        (
            log(entry(1, {"   - ``ldn.Policy.check_daily_dose`` refuses": "   - it refuses"})),
            "a control names no code",
        ),
        (log(entry(1, {TEST_LINE: ""})), "no test"),
        (log(entry(1, {":Tests:": "Tests:"})), "text outside the fields: Tests:"),
        (
            log(entry(1, test=f"{EXISTING}`` and ``{EXISTING}")),
            "a test line is not one node id",
        ),
        (
            log(entry(1, test="tests/test_dose.py::TestNotation::test_gone")),
            "tests/test_dose.py::TestNotation::test_gone: no test function test_gone",
        ),
        (
            log(entry(1, {"check_daily_dose": "check_daily_dosage"})),
            "code name ldn.Policy.check_daily_dosage resolves to nothing",
        ),
        (
            log(entry(1, {"Policy": "nothing.Policy"})),
            "code name ldn.nothing.Policy.check_daily_dose resolves to nothing",
        ),
        (log(entry(1, {"LDN-DOSE-MAX": "LDN-DOSE-MAXIMUM"})), "unknown rule id LDN-DOSE-MAXIMUM"),
    ],
)
def test_a_wrong_log_is_refused(text: str, problem: str) -> None:
    found = problems(text)
    assert any(problem in each for each in found), found


def test_code_names_resolve_through_modules_and_attributes() -> None:
    assert not unresolved("ldn.fhir.patient_from_fhir")
    assert not unresolved("ldn._exact.EXACT")
    assert not unresolved("ldn.TitrationPlan.step_back")
    assert unresolved("ldn.fhir.nothing")
    assert unresolved("ldn.TitrationPlan.nothing")
