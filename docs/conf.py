"""Sphinx configuration for the ldn documentation."""

from __future__ import annotations

import os
import sys
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import attrs  # noqa: E402
from chart_images import write_examples  # noqa: E402
from traceability import table  # noqa: E402

import ldn  # noqa: E402
import ldn.fhir  # noqa: E402
import ldn.opioids  # noqa: E402

project = "ldn"
author = "ldn maintainers"
copyright = "2026, ldn maintainers"
release = ldn.__version__
version = release

extensions = ["sphinx.ext.autodoc", "sphinx.ext.doctest", "sphinx.ext.intersphinx", "myst_nb"]
exclude_patterns = [
    "_build",
    "_inventories",
    "images/*.html",
    "_generated/*.html",
    "cds_deployment.rst",
]
# Furo gives code its whole width: a long signature or doctest line scrolls, never cut off.
html_theme = "furo"
html_static_path: list[str] = []
html_title = f"ldn {release}"

# The researchers' notebook (notebook.ipynb) is executed on every build; an error fails it.
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_timeout = 300

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_preserve_defaults = True
# Python's, attrs' and hypothesis' object inventories are kept in docs/_inventories (taken
# from Debian's documentation packages; see the README there): the build reads no network.
intersphinx_mapping = {
    "python": ("https://docs.python.org/3.11/", "_inventories/python-3.11.inv"),
    "attrs": ("https://www.attrs.org/en/22.2.0/", "_inventories/attrs-22.2.inv"),
    "hypothesis": (
        "https://hypothesis.readthedocs.io/en/latest/",
        "_inventories/hypothesis-6.67.inv",
    ),
}
# Type aliases are strings in the signatures (``DoseInput``); each links to its entry
# (see _resolve below: autodoc_type_aliases renders ``DoseInput | None`` wrongly).
TYPE_ALIASES = {
    "DoseInput": "ldn.dose.DoseInput",
    "VolumeInput": "ldn.dose.VolumeInput",
    "DayOrDate": "ldn.schedule.DayOrDate",
    "Figure": "ldn.monograph.Figure",
    "MedicationInput": "ldn.medication.MedicationInput",
    "FhirVersion": "ldn.fhir.FhirVersion",
}
# Standard-library names as the signatures spell them (``import datetime as dt``).
EXTERNAL_NAMES = {
    "dt.date": "datetime.date",
    "dt.datetime": "datetime.datetime",
    "Fraction": "fractions.Fraction",
    "Decimal": "decimal.Decimal",
}

# Filler.words (an enum member's property) returns this private class: it has no entry.
nitpick_ignore = [("py:class", "ldn.formulation._fillers.FillerWords")]

# Docstring examples are run by pytest (--doctest-modules); the doctest builder runs
# the examples written on these pages, in `.. doctest::` blocks.
# Each example imports what it uses: nothing is added behind the scenes.
doctest_test_doctest_blocks = ""


# A public module re-exports its constants from private files (``ldn.fhir`` from
# ``ldn/fhir/_codes.py``), where their ``#:`` comments are. Autodoc reads comments in the
# module it documents, so a re-exported constant would show its type's docstring
# instead; this takes the comment from the ldn module that defines the constant.
import importlib  # noqa: E402
import pkgutil  # noqa: E402

from sphinx.pycode import ModuleAnalyzer  # noqa: E402
from sphinx.util import logging  # noqa: E402

_logger = logging.getLogger(__name__)


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
    elif type(obj).__module__ == "builtins":
        lines[:] = []  # a constant with no comment: not the docstring of str or int


# The reference (docs/reference.rst) is generated from the ``__all__`` of every public
# module. Each object has one full entry, in the first module below that exports it (its
# home); the other modules exporting it, ``ldn`` among them, give a short entry that names
# the import and links to the full one. Every entry starts with the import a program writes.
PUBLIC_MODULES = (
    "ldn",
    "ldn.dose",
    "ldn.monograph",
    "ldn.schedule",
    "ldn.contraindication",
    "ldn.opioids",
    "ldn.medication",
    "ldn.formulation",
    "ldn.regimen",
    "ldn.fhir",
    "ldn.cds",
    "ldn.chart",
    "ldn.errors",
    "ldn.strategies",
)
TITLES = {
    "ldn": "The everyday names",
    "ldn.dose": "Doses and volumes",
    "ldn.monograph": "Rules and policies",
    "ldn.schedule": "Titration",
    "ldn.contraindication": "Screening",
    "ldn.opioids": "Opioid vocabulary",
    "ldn.medication": "Medication lists",
    "ldn.formulation": "Formulations",
    "ldn.regimen": "Formulation advice and regimens",
    "ldn.fhir": "FHIR export and reading",
    "ldn.cds": "CDS Hooks services",
    "ldn.chart": "Charts in notebooks",
    "ldn.errors": "Errors",
    "ldn.strategies": "Hypothesis strategies",
}
# The members a class entry shows (default: the class alone; enums show every member).
OPTIONS = {
    "ldn.dose.Dose": [":members: parse"],
    "ldn.monograph.Rule": [":members: sources"],
    "ldn.monograph.Reference": [":members: link"],
    "ldn.monograph.Policy": [
        ":members: rules, rule, figures, derive, allows_start, allows_daily, allows_interval,"
        " allows_rise_after, allows_rise, continues_after, allows_timing, opioid_free_interval,"
        " allows_start_after_opioid, allows_confirmation_age, check_daily_dose,"
        " check_start_dose, check_interval, is_typical",
        ":special-members: __str__",
    ],
    "ldn.schedule.TitrationPlan": [":members:", ":special-members: __str__"],
    "ldn.schedule.Step": [":members: days"],
    "ldn.schedule.InstructionLine": [":members: of"],
    "ldn.errors.MissingExtraError": [":members: of"],
    "ldn.contraindication.ScreeningReport": [":members:", ":special-members: __str__"],
    "ldn.contraindication.Finding": [":members: to_cds_card", ":special-members: __str__"],
    "ldn.contraindication.LdnUse": [":members: continues"],
    "ldn.contraindication.LdnCourse": [":members: last_dose, references"],
    "ldn.medication.Coding": [":members:"],
    "ldn.medication.Medication": [":members:"],
    "ldn.formulation.OralLiquid": [":members:"],
    "ldn.formulation.Concentration": [":members: of, volume_for"],
    "ldn.formulation.Syringe": [":members: holds, measures"],
    "ldn.formulation.ReportedCost": [":members: per_day"],
    "ldn.formulation.Bottle": [":members: last_night"],
    "ldn.regimen.FormulationAdvice": [":members: regimen"],
    "ldn.regimen.Regimen": [":members:", ":special-members: __str__"],
    "ldn.errors.HookRequestError": [":members: http_status"],
    "ldn.fhir.Reader": [":members: medications, resolve, resolve_all"],
    "ldn.fhir.DosageStep": [":members: daily"],
    "ldn.fhir.Canonical": [
        ":members: finding, order_check, override_reason, observation, systems, rule_url"
    ],
    "ldn.cds.CardSource": [":members: to_json"],
    # The opioid vocabulary's values (its attrs classes): every documented member.
    **{
        f"ldn.opioids.{name}": [":members:"]
        for name in ldn.opioids.__all__
        if isinstance(getattr(ldn.opioids, name), type) and attrs.has(getattr(ldn.opioids, name))
    },
}


def _module(name: str):  # type: ignore[no-untyped-def]
    return importlib.import_module(name)


def _same(a: object, b: object) -> bool:
    # Equal values count too: a lazily built export (``ldn.opioids.OPIOIDS``) is a new
    # object on each access.
    return a is b or (type(a) is type(b) and bool(a == b))


def home_of(module: str, name: str) -> str:
    """The full entry's path of ``name`` as ``module`` exports it."""
    value = getattr(_module(module), name)
    for candidate in PUBLIC_MODULES[1:]:
        exported = _module(candidate)
        if name in exported.__all__ and _same(getattr(exported, name), value):
            return f"{candidate}.{name}"
    return f"{module}.{name}"


def imports_of(path: str) -> list[str]:
    """Every import that gives the object documented at ``path``, its home first."""
    module, _, name = path.rpartition(".")
    value = getattr(_module(module), name)
    return [
        f"from {candidate} import {name}"
        for candidate in PUBLIC_MODULES
        if name in _module(candidate).__all__ and _same(getattr(_module(candidate), name), value)
    ]


def _kind(value: object) -> str:
    if isinstance(value, type):
        return "exception" if issubclass(value, BaseException) else "class"
    if callable(value) and hasattr(value, "__code__"):
        return "function"
    return "data"


def reference_rst() -> str:
    """The reference: one section per public module, one entry per name of its ``__all__``."""
    out: list[str] = []
    for module in PUBLIC_MODULES:
        title = f"``{module}``: {TITLES[module]}"
        out += [title, "-" * len(title), "", f".. automodule:: {module}", "   :no-members:", ""]
        for name in _module(module).__all__:
            value = getattr(_module(module), name)
            path = f"{module}.{name}"
            home = home_of(module, name)
            kind = _kind(value)
            if home != path:
                role = {"exception": "exc", "class": "class", "function": "func"}.get(kind, "data")
                imports = " or ".join(f"``{line}``" for line in imports_of(path))
                out += [
                    f".. py:{kind}:: {name}" + ("()" if kind == "function" else ""),
                    f"   :module: {module}",
                    "",
                    f"   Import: {imports}. Documented at :{role}:`{home}`.",
                    "",
                ]
                continue
            out.append(f".. auto{kind}:: {path}")
            options = OPTIONS.get(path, [])
            if kind == "class" and not options and hasattr(value, "__members__"):
                options = [":members:", ":undoc-members:"]  # an enum: its members
            if kind == "data" and len(repr(value)) > 70:
                options = [":no-value:"]
            out += [f"   {option}" for option in options]
            out.append("")
    return "\n".join(out)


def _import_line(app, what, name, obj, options, lines):  # type: ignore[no-untyped-def]
    module, _, attribute = name.rpartition(".")
    if module not in PUBLIC_MODULES or attribute not in _module(module).__all__:
        return
    if home_of(module, attribute) != name:
        return
    imports = " or ".join(f"``{line}``" for line in imports_of(name))
    lines[:0] = [f"Import: {imports}.", ""]


def missing_entries(documented: set[str]) -> list[str]:
    """The names of a public module's ``__all__`` that have no entry among ``documented``."""
    return [
        f"{module}.{name}"
        for module in PUBLIC_MODULES
        for name in _module(module).__all__
        if f"{module}.{name}" not in documented
    ]


def short_entries() -> set[str]:
    """The paths of the short entries: a name exported again, away from its home."""
    return {
        f"{module}.{name}"
        for module in PUBLIC_MODULES
        for name in _module(module).__all__
        if home_of(module, name) != f"{module}.{name}"
    }


def _check_reference(app, env):  # type: ignore[no-untyped-def]
    objects = env.get_domain("py").objects
    for path in missing_entries(set(objects)):
        _logger.warning("public name %s has no reference entry (docs/reference.rst)", path)
    # A short entry is another name of its full entry's object: marked an alias, a bare
    # ``Policy`` in a signature links to the full entry instead of being ambiguous.
    for path in short_entries() & set(objects):
        objects[path] = objects[path]._replace(aliased=True)


def _generate(app):  # type: ignore[no-untyped-def]
    generated = Path(app.srcdir) / "_generated"
    generated.mkdir(exist_ok=True)
    # The traceability table is generated from the tests on every build.
    (generated / "traceability.rst").write_text(table(), encoding="utf-8")
    # The chart page's HTML, text and SVG examples are drawn from the current code.
    write_examples(generated)
    (generated / "reference.inc").write_text(reference_rst(), encoding="utf-8")


def _resolve(app, env, node, contnode):  # type: ignore[no-untyped-def]
    """Links a type alias written bare in a signature (``DoseInput``) to its entry, and a
    member of a name ``ldn`` re-exports (``ldn.Policy.derive``) to the member's entry in
    the full one (``ldn.monograph.Policy.derive``)."""
    if node.get("refdomain") != "py":
        return None
    target = node["reftarget"]
    if target in EXTERNAL_NAMES:
        node["reftarget"] = EXTERNAL_NAMES[target]
        return None  # intersphinx, connected after this, resolves it
    head, _, rest = target.removeprefix("ldn.").partition(".")
    if target in TYPE_ALIASES:
        target = TYPE_ALIASES[target]
    elif target.startswith("ldn.") and rest and head in ldn.__all__:
        target = f"{home_of('ldn', head)}.{rest}"
    else:
        return None
    return env.get_domain("py").resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], target, node, contnode
    )


# The code systems (docs/fhir_identity.rst) are published with the html output, each where
# its URL points below the base: ``<path>.json`` (the CodeSystem) and ``<path>/index.html``
# (the same, to read). A deployer that publishes them under its own host builds with
# LDN_CANONICAL_BASE (and LDN_CANONICAL_DOCS, where its rules page is) set.
def canonical_from(environ: dict[str, str]) -> ldn.fhir.Canonical:
    """The :class:`ldn.fhir.Canonical` of a build: the defaults, or the environment's."""
    base = environ.get("LDN_CANONICAL_BASE") or ldn.fhir.DEFAULT_CANONICAL.base
    return ldn.fhir.Canonical(base, docs=environ.get("LDN_CANONICAL_DOCS") or None)


def _code_system_page(system: dict[str, object], json_name: str) -> str:
    rows = "\n".join(
        f"<tr><td><code>{escape(c['code'])}</code></td><td>{escape(c['display'])}</td>"
        f"<td>{escape(c['definition'])}</td></tr>"
        for c in system["concept"]  # type: ignore[attr-defined]
    )
    title = escape(str(system["title"]))
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<link rel="alternate" type="application/fhir+json" href="../{json_name}">'
        f"<title>{title}</title></head><body>\n<h1>{title}</h1>\n"
        f"<p>FHIR CodeSystem <code>{escape(str(system['url']))}</code>, version "
        f"{escape(str(system['version']))}, {escape(str(system['status']))}. "
        f'As JSON: <a href="../{json_name}">{escape(json_name)}</a>.</p>\n'
        f"<p>{escape(str(system['description']))}</p>\n"
        "<table><thead><tr><th>code</th><th>display</th><th>definition</th></tr></thead>\n"
        f"<tbody>\n{rows}\n</tbody></table>\n</body></html>\n"
    )


def write_code_systems(outdir: Path, canonical: ldn.fhir.Canonical) -> list[Path]:
    """Writes each CodeSystem below ``outdir`` where its URL points below ``canonical.base``.

    ``<path>.json`` is the resource (``ldn.fhir.to_json``, indented) and
    ``<path>/index.html`` a page of its concepts; returns the files written.
    """
    written = []
    for system in ldn.fhir.code_systems(canonical=canonical):
        relative = system["url"].removeprefix(f"{canonical.base}/")
        target = Path(outdir, *relative.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        as_json = target.with_name(f"{target.name}.json")
        as_json.write_text(ldn.fhir.to_json(system, indent=2) + "\n", encoding="utf-8")
        target.mkdir(exist_ok=True)
        page = target / "index.html"
        page.write_text(_code_system_page(system, as_json.name), encoding="utf-8")
        written += [as_json, page]
    return written


def _publish_code_systems(app, exception):  # type: ignore[no-untyped-def]
    if exception is None and app.builder.format == "html":
        write_code_systems(Path(app.outdir), canonical_from(dict(os.environ)))


def setup(app):  # type: ignore[no-untyped-def]
    app.connect("build-finished", _publish_code_systems)
    app.connect("missing-reference", _resolve, priority=400)
    app.connect("builder-inited", _generate)
    app.connect("autodoc-process-docstring", _re_exported_constant)
    app.connect("autodoc-process-docstring", _import_line)
    app.connect("env-check-consistency", _check_reference)
