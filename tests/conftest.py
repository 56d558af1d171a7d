"""Shared test configuration: hypothesis profiles, the ``rule`` marker, the slow stages."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Profiles (HYPOTHESIS_PROFILE selects one; without it "ci" when CI is set, else "quick"):
# - quick: the README test command, for feedback in under a minute: 10 examples a property.
# - dev: 60 examples; .ci/run runs the fast set (the README command) and the slow set with it.
# - ci: .ci/run's rule stage (`pytest -m rule`): every rule test, properties at 300 examples
#   (600 before, for every property of the suite, twice: CI took 38 to 80 minutes). CI runs
#   in a fresh clone, so there is no example database to replay (database=None), and each
#   run draws new examples (not derandomized: CI keeps exploring); print_blob prints the
#   @reproduce_failure line that replays a failure anywhere.
# - mutation: tools/mutation.sh.
settings.register_profile("quick", max_examples=10, deadline=None)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
# For mutation testing (tools/mutation.sh): mutmut calls each test many times in one
# process, from new class instances; that is not the flakiness this check guards against.
settings.register_profile(
    "mutation",
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.differing_executors],
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "quick")
)

# The markers of tests left out of the README test command (registered in pyproject.toml):
# each of them implies `slow`, which the command deselects (`-m "not slow"` in addopts) and
# the slow stage of .ci/run selects.
SLOW_KINDS = ("validator", "browser", "fuzz", "corpus")
#: A module's own mark (`pytestmark = ...`, one line or a bracketed list).
MODULE_MARK = re.compile(r"^pytestmark = (?:\[[^\]]*\]|.*)$", re.MULTILINE)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "rule(rule_id): the monograph rule (DESIGN.md rule id) this test checks"
    )
    # .ci/run tests the installed wheel from a copy of the tests; make sure that is what runs.
    installed_under = os.environ.get("LDN_INSTALLED_UNDER")
    if installed_under is not None:
        import ldn

        location = Path(ldn.__file__).resolve()
        if not location.is_relative_to(Path(installed_under).resolve()):
            raise pytest.UsageError(f"ldn imported from {location}, not from {installed_under}")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test of a slow kind is slow: runs before `-m` deselects."""
    for item in items:
        if any(item.get_closest_marker(kind) for kind in SLOW_KINDS):
            item.add_marker(pytest.mark.slow)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Under the README command's `-m "not slow"`, a module slow as a whole is not imported."""
    if config.option.markexpr != "not slow" or not collection_path.name.startswith("test_"):
        return None
    if collection_path.suffix != ".py" or not collection_path.is_file():
        return None
    mark = MODULE_MARK.search(collection_path.read_text(encoding="utf-8"))
    kinds = ("slow", *SLOW_KINDS)
    if mark is not None and any(f"pytest.mark.{kind}" in mark.group() for kind in kinds):
        return True
    return None


# Under mutation testing (tools/mutation.sh sets LDN_MUTATION=1) mutmut forks each mutant's
# test run from a process that has already run the whole suite once: the shipped
# vocabulary's compiled matcher, its memos of texts and entries and the fold table were
# all built by the unmutated code, so a mutant of the matcher's constructor, of a scan or
# of the fold would never run for a text the first run saw. In a mutation run the matcher
# is compiled afresh once per run (about 0.15 s) and its memos and the fold table are
# emptied before each test. A memo never changes a result
# (tests/test_screening_real_lists.py, tests/test_scan_speed_equivalence.py), so
# this changes what a mutant can hide, not what a test checks.
if os.environ.get("LDN_MUTATION") == "1":

    @pytest.fixture(scope="session", autouse=True)
    def _compiled_afresh() -> None:
        from ldn.opioids import default_vocabulary

        default_vocabulary()._matcher.clear()

    @pytest.fixture(autouse=True)
    def _memos_emptied(_compiled_afresh: None) -> None:
        from ldn._matching import _FOLD_TABLE
        from ldn.opioids import default_vocabulary

        vocabulary = default_vocabulary()
        vocabulary._alone_memo.clear()
        for matcher in vocabulary._matcher:
            matcher.memo.clear()
            matcher.text_memo.clear()
            matcher.entry_memo.clear()
        _FOLD_TABLE.clear()
