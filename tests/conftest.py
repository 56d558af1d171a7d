"""Shared test configuration: hypothesis profiles and the ``rule`` marker."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# A quick profile for development, a thorough one for CI (selected when CI is set,
# as it is in `.ci/run`). HYPOTHESIS_PROFILE overrides both.
settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci",
    max_examples=600,
    deadline=None,
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
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


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
