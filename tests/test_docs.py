"""The documentation covers the public surface."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import ldn

DOCS = Path(__file__).resolve().parent.parent / "docs"
DIRECTIVE = re.compile(r"^\.\. auto(?:class|function|data|exception|module)::\s+(\S+)", re.M)


def documented() -> set[str]:
    names: set[str] = set()
    for page in DOCS.glob("*.rst"):
        names |= set(DIRECTIVE.findall(page.read_text(encoding="utf-8")))
    return names


@pytest.mark.parametrize("name", ldn.__all__)
def test_every_public_name_is_documented(name: str) -> None:
    assert f"ldn.{name}" in documented(), f"ldn.{name} has no autodoc entry in docs/"


@pytest.mark.parametrize("name", [n for n in ldn.__all__ if n != "__version__"])
def test_every_public_name_has_a_docstring(name: str) -> None:
    obj = getattr(ldn, name)
    if callable(obj):
        assert (obj.__doc__ or "").strip(), name


@pytest.mark.corpus
def test_the_corpus_page_is_up_to_date() -> None:
    """docs/corpus.rst is generated from tests/corpus by tools/corpus_table.py."""
    import subprocess
    import sys

    tool = DOCS.parent / "tools" / "corpus_table.py"
    assert subprocess.run([sys.executable, str(tool), "--check"], check=False).returncode == 0
