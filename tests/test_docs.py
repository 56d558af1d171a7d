"""The documentation covers the public surface."""

from __future__ import annotations

import ast
import doctest
import re
import textwrap
from pathlib import Path

import pytest

import ldn

DOCS = Path(__file__).resolve().parent.parent / "docs"
BLOCK = re.compile(r"^\.\. doctest::[^\n]*\n((?:[ \t]*\n|   [^\n]*\n)+)", re.M)
# Names an example may only use after importing them in the same block: the library,
# the standard modules the pages use, and every name any page imports.
ALWAYS_IMPORTED = {"ldn", "dt", "Decimal", "Fraction", "json"}


def doctest_blocks() -> list[tuple[str, str]]:
    return [
        (page.name, match.group(1))
        for page in sorted(DOCS.glob("*.rst"))
        for match in BLOCK.finditer(page.read_text(encoding="utf-8"))
    ]


def names_of(block: str) -> tuple[list[str], set[str]]:
    """The names a block loads before binding them, and the names its imports bind."""
    loaded: list[str] = []
    bound: set[str] = set()
    imported: set[str] = set()
    for example in doctest.DocTestParser().get_examples(textwrap.dedent(block)):
        for node in ast.walk(ast.parse(example.source)):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for alias in node.names:
                    name = alias.asname or alias.name.split(".")[0]
                    imported.add(name)
                    bound.add(name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                bound.add(node.id)
            elif isinstance(node, ast.Name) and node.id not in bound:
                loaded.append(node.id)
    return loaded, imported


def test_the_build_adds_nothing_behind_the_scenes() -> None:
    conf = (DOCS / "conf.py").read_text(encoding="utf-8")
    assert "doctest_global_setup" not in conf
    assert "testsetup" not in " ".join(
        page.read_text(encoding="utf-8") for page in DOCS.glob("*.rst")
    )


def test_every_example_imports_what_it_uses() -> None:
    """A reader can copy any example: each imports the modules and names it uses."""
    blocks = doctest_blocks()
    assert len(blocks) > 40
    importable = ALWAYS_IMPORTED | {name for _, block in blocks for name in names_of(block)[1]}
    for page, block in blocks:
        loaded, imported = names_of(block)
        missing = sorted({name for name in loaded if name in importable} - imported)
        assert not missing, f"an example in docs/{page} uses {missing} without importing them"


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
