"""CHANGELOG.md keeps the shape docs/releasing.rst gives it (Keep a Changelog, SemVer).

Its level-two headings are one ``[Unreleased]`` first, then released versions, newest
first, each ``[X.Y.Z] - YYYY-MM-DD`` with a real date; the newest released version is
``ldn.__version__`` (a release sets both).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import ldn

CHANGELOG = Path(__file__).resolve().parent.parent / "CHANGELOG.md"
RELEASED = re.compile(r"\[(\d+)\.(\d+)\.(\d+)\] - (\d{4}-\d{2}-\d{2})")


def headings(text: str) -> list[str]:
    """The text of every level-two heading, in order."""
    return [line[3:] for line in text.splitlines() if line.startswith("## ")]


def problems(text: str, version: str) -> list[str]:
    """What is wrong with a changelog's headings, for a package at ``version``."""
    found = headings(text)
    if not found or found[0] != "[Unreleased]":
        return [f"the first section must be [Unreleased], not {found[:1]}"]
    wrong: list[str] = []
    versions: list[tuple[int, int, int]] = []
    for heading in found[1:]:
        match = RELEASED.fullmatch(heading)
        if match is None:
            wrong.append(f"{heading!r} is not '[X.Y.Z] - YYYY-MM-DD'")
            continue
        try:
            dt.date.fromisoformat(match[4])
        except ValueError:
            wrong.append(f"{heading!r} has no real date")
        versions.append((int(match[1]), int(match[2]), int(match[3])))
    if versions != sorted(versions, reverse=True) or len(set(versions)) != len(versions):
        wrong.append(f"released versions are not newest first, once each: {versions}")
    if versions and ".".join(map(str, versions[0])) != version:
        wrong.append(f"the newest released version {versions[0]} is not __version__ {version}")
    return wrong


def test_the_changelog_has_the_release_shape() -> None:
    assert problems(CHANGELOG.read_text(encoding="utf-8"), ldn.__version__) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "# Changelog\n\n## [Unreleased]\n\n## [0.3.0] - 2026-12-04\n\n## [0.2.0] - 2026-01-05\n",
            [],
        ),
        (
            "## [0.3.0] - 2026-12-04\n",
            ["the first section must be [Unreleased], not ['[0.3.0] - 2026-12-04']"],
        ),
        ("# Changelog\n", ["the first section must be [Unreleased], not []"]),
        ("## [Unreleased]\n## [0.3.0]\n", ["'[0.3.0]' is not '[X.Y.Z] - YYYY-MM-DD'"]),
        ("## [Unreleased]\n## [0.3.0] - 2026-02-30\n", ["'[0.3.0] - 2026-02-30' has no real date"]),
        (
            "## [Unreleased]\n## [0.2.0] - 2026-01-05\n## [0.3.0] - 2026-12-04\n",
            [
                "released versions are not newest first, once each: [(0, 2, 0), (0, 3, 0)]",
                "the newest released version (0, 2, 0) is not __version__ 0.3.0",
            ],
        ),
        (
            "## [Unreleased]\n## [0.3.0] - 2026-12-04\n## [0.3.0] - 2026-12-01\n",
            ["released versions are not newest first, once each: [(0, 3, 0), (0, 3, 0)]"],
        ),
        (
            "## [Unreleased]\n## [0.2.1] - 2026-12-04\n",
            ["the newest released version (0, 2, 1) is not __version__ 0.3.0"],
        ),
        ("## [Unreleased]\n", []),
    ],
)
def test_each_wrong_shape_is_named(text: str, expected: list[str]) -> None:
    assert problems(text, "0.3.0") == expected
