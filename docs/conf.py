"""Sphinx configuration for the ldn documentation."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from traceability import table  # noqa: E402

import ldn  # noqa: E402

project = "ldn"
author = "ldn maintainers"
copyright = "2026, ldn maintainers"
release = ldn.__version__
version = release

extensions = ["sphinx.ext.autodoc", "sphinx.ext.doctest", "sphinx.ext.intersphinx"]
exclude_patterns = ["_build", "images/*.html", "_generated/*.html"]
html_theme = "alabaster"
html_static_path: list[str] = []

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_preserve_defaults = True
intersphinx_mapping: dict[str, tuple[str, None]] = {}

# Docstring examples are run by pytest (--doctest-modules); the doctest builder runs
# the examples written on these pages, in `.. doctest::` blocks.
doctest_test_doctest_blocks = ""
doctest_global_setup = "import datetime as dt\nfrom decimal import Decimal\nimport ldn"

# The traceability table is generated from the tests on every build.
generated = Path(__file__).resolve().parent / "_generated"
generated.mkdir(exist_ok=True)
(generated / "traceability.rst").write_text(table(), encoding="utf-8")

# The chart page's HTML, text and SVG examples are drawn from the current code on every build.
from chart_images import write_examples  # noqa: E402

write_examples(generated)
