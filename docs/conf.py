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

extensions = ["sphinx.ext.autodoc", "sphinx.ext.doctest", "sphinx.ext.intersphinx", "myst_nb"]
exclude_patterns = ["_build", "images/*.html", "_generated/*.html", "cds_deployment.rst"]
html_theme = "alabaster"
html_static_path: list[str] = []

# The researchers' notebook (notebook.ipynb) is executed on every build; an error fails it.
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_timeout = 300

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


# A public module re-exports its constants from private files (``ldn.fhir`` from
# ``ldn/fhir/_codes.py``), where their ``#:`` comments are. Autodoc reads comments in the
# module it documents, so a re-exported constant would show its type's docstring
# instead; this takes the comment from the ldn module that defines the constant.
import importlib  # noqa: E402
import pkgutil  # noqa: E402

from sphinx.pycode import ModuleAnalyzer  # noqa: E402


def _defining_comment(attribute: str, value: object) -> list[str] | None:
    for info in pkgutil.walk_packages(ldn.__path__, "ldn."):
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional integration whose extra is not installed
            continue
        if getattr(module, attribute, None) is not value:
            continue
        comment = ModuleAnalyzer.for_module(info.name).find_attr_docs().get(("", attribute))
        if comment:
            return list(comment)
    return None


def _re_exported_constant(app, what, name, obj, options, lines):  # type: ignore[no-untyped-def]
    if what != "data" or not name.startswith("ldn."):
        return
    module_name, _, attribute = name.rpartition(".")
    if ModuleAnalyzer.for_module(module_name).find_attr_docs().get(("", attribute)):
        return  # documented where it is exported
    comment = _defining_comment(attribute, obj)
    if comment is not None:
        lines[:] = comment


def setup(app):  # type: ignore[no-untyped-def]
    app.connect("autodoc-process-docstring", _re_exported_constant)
