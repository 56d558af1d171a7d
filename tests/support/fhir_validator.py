"""An independent FHIR validator for the test suite, built from HL7's own core packages.

``fhir.resources`` checks structure only. This module checks what it does not, from the
definitions HL7 publishes on the npm registry as ``hl7.fhir.r4b.core`` and
``hl7.fhir.r5.core`` (pinned below by version and integrity hash):

* every element present is defined for its parent (unknown elements are errors);
* cardinality (``min``/``max``, arrays where ``max`` is above 1, never an empty array);
* the type of every element present: primitives by JSON type and the regular
  expression of the primitive's StructureDefinition, complex types recursively by
  their own snapshot, contained resources by theirs, and the target type of
  relative and contained references;
* every required binding: the code (``code``, ``Coding``, ``CodeableConcept``) must be
  in the ValueSet, expanded from the package's own ValueSets and CodeSystems;
* every invariant (the FHIRPath ``constraint`` of each element definition in the
  snapshots), evaluated with ``fhirpathpy``.

Nothing is skipped silently. An invariant that uses a FHIRPath function which
``fhirpathpy`` lacks (and this module does not supply) is reported as *unevaluated*
wherever it applies, and :func:`unevaluable_invariants` lists all of them for a package
so that a test pins the list. A required binding whose ValueSet cannot be expanded
from the package is reported the same way.

The packages are fetched once with ``npm pack`` into ``.cache/fhir-packages/`` at the
root of the clone (git-ignored; ``LDN_FHIR_PACKAGE_CACHE`` overrides the place), checked
against the pinned hash, and unpacked with an index; later runs read the cache. Within
a session each definition file is parsed once, on first use.
"""

from __future__ import annotations

import base64
import calendar
import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from fhirpathpy import apply_parsed_path
from fhirpathpy.engine.invocations import invocation_registry
from fhirpathpy.engine.nodes import FP_DateTime, ResourceNode
from fhirpathpy.models import models as fhirpath_models
from fhirpathpy.parser import parse


@dataclass(frozen=True)
class CorePackage:
    """One HL7 core package on the npm registry, pinned by version and integrity hash."""

    name: str
    version: str
    integrity: str  # npm's dist.integrity: "sha512-" and the base64 digest of the tarball
    fhirpath_model: str  # the fhirpathpy model with the type information for FHIRPath


#: The packages this validator reads. fhirpathpy has no R4B model; its R4 model has the
#: same paths and types for every element the ldn exports use.
PACKAGES: dict[str, CorePackage] = {
    "R4B": CorePackage(
        "hl7.fhir.r4b.core",
        "4.3.0",
        "sha512-2Xa3QB5PQxNchsA8chSq3OLMHJf55iEc44bZCFaRarX6Leo8qjeTXSq4RNSMpvKtfG4u7CkWpEmlQtb0rwLWFw==",
        "r4",
    ),
    "R5": CorePackage(
        "hl7.fhir.r5.core",
        "5.0.0",
        "sha512-0TvJB1KKtokn/P2mRwcqEY8v8RN8IE/pQjvtlsPaJdYaDfYx4UBhuY4afAGeQjW01p9SNYPphxAFFkEsS6P05A==",
        "r5",
    ),
}
#: ldn writes R4 in the same shape as R4B; it is checked against the R4B package.
PACKAGE_FOR = {"R4": "R4B", "R4B": "R4B", "R5": "R5"}

#: FHIRPath functions fhirpathpy lacks that this module supplies (see _OPTIONS below).
SUPPLIED_FUNCTIONS = frozenset({"hasValue", "lowBoundary", "highBoundary"})
#: Invariants evaluated with a corrected expression, each with the reason. R4B's dom-3
#: applies ``as(canonical)`` to a whole collection, which FHIRPath defines as an error
#: (fhirpathpy raises); HL7 corrected it to ``ofType()`` in R5, and that text is used.
ERRATA: dict[tuple[str, str], tuple[str, str]] = {
    ("R4B", "dom-3"): (
        "contained.where((('#'+id in (%resource.descendants().reference"
        " | %resource.descendants().ofType(canonical) | %resource.descendants().ofType(uri)"
        " | %resource.descendants().ofType(url))) or descendants().where(reference = '#').exists()"
        " or descendants().where(ofType(canonical) = '#').exists()"
        " or descendants().where(ofType(canonical) = '#').exists()).not()).trace('unmatched', id).empty()",
        "as() on a collection is an error in FHIRPath; R5's text uses ofType()",
    ),
    ("R5", "csd-4"): (
        "content = 'supplement' implies supplements.exists()",
        "R5's text starts with the type name (CodeSystem.content = ...), which fhirpathpy "
        "reads as empty on a resource node, so the invariant never held",
    ),
}
_KEPT = re.compile(
    r"package/(?:StructureDefinition|ValueSet|CodeSystem)-[^/]+\.json|package/package\.json"
)
_REGEX_EXTENSION = "http://hl7.org/fhir/StructureDefinition/regex"
_FHIR_TYPE_EXTENSION = "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type"
_INTEGERS = {"integer", "positiveInt", "unsignedInt"}
_SYSTEM_TYPES = {
    "http://hl7.org/fhirpath/System.String": "string",
    "http://hl7.org/fhirpath/System.Boolean": "boolean",
    "http://hl7.org/fhirpath/System.Integer": "integer",
    "http://hl7.org/fhirpath/System.Decimal": "decimal",
    "http://hl7.org/fhirpath/System.Date": "date",
    "http://hl7.org/fhirpath/System.DateTime": "dateTime",
    "http://hl7.org/fhirpath/System.Time": "time",
}
_RELATIVE_REFERENCE = re.compile(r"([A-Z][A-Za-z]+)/[A-Za-z0-9\-.]{1,64}(/_history/.+)?")


class PackageError(RuntimeError):
    """The core package could not be fetched, verified or read: the tests cannot run."""


# --------------------------------------------------------------------------------------
# Fetching and caching the packages


def cache_dir() -> Path:
    """``.cache/fhir-packages`` at the root of the clone (found by its ``.git``)."""
    override = os.environ.get("LDN_FHIR_PACKAGE_CACHE")
    if override:
        return Path(override)
    here = Path(__file__).resolve().parent
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder / ".cache" / "fhir-packages"
    return here.parent.parent / ".cache" / "fhir-packages"


def _integrity(path: Path) -> str:
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode("ascii")


def fetch(package: CorePackage, cache: Path | None = None) -> Path:
    """The tarball of ``package`` in the cache, fetched with ``npm pack`` when absent."""
    cache = cache or cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    tarball = cache / f"{package.name}-{package.version}.tgz"
    if not tarball.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise PackageError(f"npm is needed once to fetch {package.name}; it is not on PATH")
        with tempfile.TemporaryDirectory(dir=cache) as scratch:
            subprocess.run(
                [npm, "pack", f"{package.name}@{package.version}", "--pack-destination", scratch],
                check=True,
                capture_output=True,
                timeout=900,
            )
            (Path(scratch) / tarball.name).replace(tarball)
    found = _integrity(tarball)
    if found != package.integrity:
        tarball.unlink()
        raise PackageError(f"{tarball.name} has integrity {found}, expected {package.integrity}")
    return tarball


def unpack(package: CorePackage, cache: Path | None = None) -> Path:
    """The unpacked definitions of ``package`` (with ``index.json``), made once."""
    cache = cache or cache_dir()
    target = cache / f"{package.name}-{package.version}"
    if (target / "index.json").exists():
        return target
    tarball = fetch(package, cache)
    with tempfile.TemporaryDirectory(dir=cache) as scratch:
        folder = Path(scratch) / "definitions"
        folder.mkdir()
        index: dict[str, dict[str, str]] = {"types": {}, "ValueSet": {}, "CodeSystem": {}}
        with tarfile.open(tarball) as archive:
            for member in archive:
                if not (member.isfile() and _KEPT.fullmatch(member.name)):
                    continue
                name = member.name.removeprefix("package/")
                data = archive.extractfile(member).read()  # type: ignore[union-attr]
                (folder / name).write_bytes(data)
                resource = json.loads(data)
                kind = resource.get("resourceType")
                if kind in ("ValueSet", "CodeSystem"):
                    index[kind][resource["url"]] = name
                elif kind == "StructureDefinition" and resource.get("derivation") != "constraint":
                    index["types"][resource["type"]] = name
        (folder / "index.json").write_text(json.dumps(index, indent=1, sort_keys=True))
        if target.exists():  # a half-made folder from an interrupted run
            shutil.rmtree(target)
        folder.replace(target)
    return target


# --------------------------------------------------------------------------------------
# Reading the definitions


class UnexpandableError(Exception):
    """A ValueSet that cannot be expanded from the package alone."""


class Package:
    """The definitions of one unpacked core package, each file parsed on first use."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.index = json.loads((folder / "index.json").read_text())
        self.meta = json.loads((folder / "package.json").read_text())

    @functools.cache  # noqa: B019 - a Package lives for the whole session
    def _read(self, name: str) -> dict[str, Any]:
        return json.loads((self.folder / name).read_text(encoding="utf-8"))  # type: ignore[no-any-return]

    def has_type(self, code: str) -> bool:
        return code in self.index["types"]

    @functools.cache  # noqa: B019
    def definition(self, code: str) -> Definition:
        """The snapshot of the base StructureDefinition of a type or resource."""
        if code not in self.index["types"]:
            raise KeyError(code)
        return Definition(self._read(self.index["types"][code]))

    def type_names(self) -> list[str]:
        return sorted(self.index["types"])

    def value_set(self, url: str) -> dict[str, Any]:
        name = self.index["ValueSet"].get(url)
        if name is None:
            raise UnexpandableError(f"ValueSet {url} is not in {self.meta['name']}")
        return self._read(name)

    def code_system(self, url: str) -> dict[str, Any]:
        name = self.index["CodeSystem"].get(url)
        if name is None:
            raise UnexpandableError(f"CodeSystem {url} is not in {self.meta['name']}")
        return self._read(name)

    @functools.cache  # noqa: B019
    def expand(self, url: str) -> frozenset[tuple[str, str]]:
        """Every (system, code) of a ValueSet, from its ``compose`` and the CodeSystems."""
        value_set = self.value_set(url.partition("|")[0])
        compose = value_set.get("compose")
        if compose is None:
            raise UnexpandableError(f"ValueSet {url} has no compose")
        codes: set[tuple[str, str]] = set()
        for include in compose.get("include", []):
            codes |= self._part(include, url)
        for exclude in compose.get("exclude", []):
            codes -= self._part(exclude, url)
        return frozenset(codes)

    def _part(self, part: dict[str, Any], url: str) -> set[tuple[str, str]]:
        found: set[tuple[str, str]] | None = None
        system = part.get("system")
        if system is not None:
            if "filter" in part:
                raise UnexpandableError(
                    f"ValueSet {url} filters {system}; filters are not expanded"
                )
            if "concept" in part:
                found = {(system, concept["code"]) for concept in part["concept"]}
            else:
                found = set(self._whole_system(system))
        for other in part.get("valueSet", []):
            nested = set(self.expand(other))
            found = nested if found is None else found & nested
        if found is None:
            raise UnexpandableError(f"ValueSet {url} has an include with no system and no valueSet")
        return found

    def _whole_system(self, url: str) -> Iterator[tuple[str, str]]:
        system = self.code_system(url)
        if system.get("content") != "complete":
            raise UnexpandableError(f"CodeSystem {url} content is {system.get('content')!r}")
        stack = list(system.get("concept", []))
        while stack:
            concept = stack.pop()
            stack.extend(concept.get("concept", []))
            properties = {p["code"]: p.get("valueBoolean") for p in concept.get("property", [])}
            if not (properties.get("notSelectable") or properties.get("abstract")):
                yield url, concept["code"]


class Definition:
    """One StructureDefinition snapshot: elements by path, children of each path."""

    def __init__(self, structure: dict[str, Any]) -> None:
        self.structure = structure
        self.type = structure["type"]
        self.kind = structure["kind"]
        self.elements: dict[str, dict[str, Any]] = {}
        self.children: dict[str, list[dict[str, Any]]] = {}
        for element in structure["snapshot"]["element"]:
            path = element["path"]
            if ":" in element.get("id", path):  # slices: the base definition is not sliced
                continue
            self.elements[path] = element
            parent, _, _ = path.rpartition(".")
            if parent:
                self.children.setdefault(parent, []).append(element)

    @property
    def root(self) -> dict[str, Any]:
        return self.elements[self.type]

    def regex(self) -> re.Pattern[str] | None:
        """A primitive type's regular expression (on its ``value`` element)."""
        value = self.elements.get(f"{self.type}.value")
        for type_ in (value or {}).get("type", []):
            for extension in type_.get("extension", []):
                if extension["url"] == _REGEX_EXTENSION:
                    return re.compile(extension["valueString"])
        return None


# --------------------------------------------------------------------------------------
# FHIRPath


def _functions(node: Any, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        if node.get("type") == "Functn":
            found.add(node["children"][0]["text"])
        for child in node.get("children") or []:
            _functions(child, found)
    return found


@functools.cache
def compiled(expression: str) -> tuple[Any, frozenset[str]]:
    """The parsed expression and the functions it uses that nothing here provides."""
    tree = parse(expression)
    used = _functions(tree, set())
    return tree, frozenset(used - set(invocation_registry) - SUPPLIED_FUNCTIONS)


def _has_value(inputs: list[Any]) -> list[bool]:
    """FHIRPath ``hasValue()``: one item that is a primitive value (not an object)."""
    return [len(inputs) == 1 and inputs[0] is not None and not isinstance(inputs[0], dict)]


_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _boundary(inputs: list[Any], high: bool) -> list[Any]:
    """``lowBoundary()``/``highBoundary()`` of a date; a dateTime with a time is its own.

    Only the date and dateTime forms are supplied (the only ones the core invariants
    use them on, in ``per-1``); any other input gives an empty result, which fails the
    invariant visibly instead of passing it.
    """
    if len(inputs) != 1:
        return []
    text = str(inputs[0])
    match = _DATE.fullmatch(text)
    if match is None:
        boundary = FP_DateTime(text) if "T" in text else None
        return [] if boundary is None else [boundary]
    year, month, day = match.groups()
    if month is None:
        month = "12" if high else "01"
    if day is None:
        day = f"{calendar.monthrange(int(year), int(month))[1]:02d}" if high else "01"
    return [FP_DateTime(f"{year}-{month}-{day}")]


_OPTIONS = {
    "userInvocationTable": {
        "hasValue": {"fn": _has_value},
        "lowBoundary": {"fn": lambda inputs: _boundary(inputs, high=False)},
        "highBoundary": {"fn": lambda inputs: _boundary(inputs, high=True)},
    },
    "traceFn": lambda *_: None,
}


def unevaluable_invariants(version: str) -> dict[str, list[str]]:
    """Every invariant of the package's base definitions that cannot be evaluated here.

    Keys are ``"Type:key"``; values the FHIRPath functions that are missing (or
    ``"(parse error)"``). A test pins this list, so a change in fhirpathpy or in the
    package shows up as a diff, never as a silent skip.
    """
    package = load(version).package
    missing: dict[str, list[str]] = {}
    for code in package.type_names():
        definition = package.definition(code)
        for element in definition.elements.values():
            for constraint in element.get("constraint", []):
                if constraint.get("source", "").rpartition("/")[2] not in ("", code):
                    continue  # inherited: listed under the type that defines it
                expression = constraint.get("expression")
                if expression is None:
                    continue
                try:
                    lacking = sorted(compiled(expression)[1])
                except Exception:  # fhirpathpy's parser raises bare exceptions
                    lacking = ["(parse error)"]
                if lacking:
                    missing[f"{code}:{constraint['key']}"] = lacking
    return dict(sorted(missing.items()))


# --------------------------------------------------------------------------------------
# Validation


@dataclass(frozen=True)
class Issue:
    severity: str  # "error", "warning" (an invariant of severity warning), "unevaluated"
    location: str  # e.g. "MedicationRequest.dosageInstruction[0].timing.repeat.when[0]"
    rule: str  # "structure", "cardinality", "type", "binding", "reference" or an invariant key
    message: str

    def __str__(self) -> str:
        return f"{self.severity} {self.rule} at {self.location}: {self.message}"


@dataclass(frozen=True)
class Outcome:
    issues: tuple[Issue, ...]

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def unevaluated(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "unevaluated"]

    @property
    def ok(self) -> bool:
        """No error and nothing left unevaluated (warnings are allowed)."""
        return not self.errors and not self.unevaluated

    def rules(self, severity: str = "error") -> set[str]:
        return {i.rule for i in self.issues if i.severity == severity}

    def __str__(self) -> str:
        return "\n".join(map(str, self.issues)) or "no issues"


class _Context:
    """One validation run: the issues found so far."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def add(self, severity: str, location: str, rule: str, message: str) -> None:
        self.issues.append(Issue(severity, location, rule, message))


def _json_type_ok(type_code: str, value: object) -> bool:
    if type_code == "boolean":
        return isinstance(value, bool)
    if type_code in _INTEGERS:
        return isinstance(value, int) and not isinstance(value, bool)
    if type_code == "decimal":
        return isinstance(value, int | Decimal | float) and not isinstance(value, bool)
    return isinstance(value, str)


def _integer_range_ok(type_code: str, value: int) -> bool:
    low = {"integer": -(2**31), "unsignedInt": 0, "positiveInt": 1}[type_code]
    return low <= value <= 2**31 - 1


class Validator:
    """Validates resource dicts (parsed JSON) against one core package."""

    def __init__(self, package: Package, model: str, errata: dict[str, str]) -> None:
        self.package = package
        self.model = fhirpath_models[model]
        self.errata = errata

    # ---- entry point

    def validate(self, resource: object) -> Outcome:
        """Every issue of a resource, parsed from JSON (numbers as int or Decimal)."""
        context = _Context()
        if not isinstance(resource, dict):
            context.add("error", "(root)", "structure", "a resource must be a JSON object")
        else:
            self._resource(resource, None, "", context, resource)
        return Outcome(tuple(context.issues))

    # ---- walking

    def _resource(
        self,
        resource: dict[str, Any],
        element: dict[str, Any] | None,
        location: str,
        context: _Context,
        root: dict[str, Any],
    ) -> None:
        kind = resource.get("resourceType")
        where = f"{location}({kind})" if location else str(kind)
        if not isinstance(kind, str) or not self.package.has_type(kind):
            context.add("error", where, "structure", f"unknown resourceType {kind!r}")
            return
        definition = self.package.definition(kind)
        if definition.kind != "resource":
            context.add("error", where, "structure", f"{kind} is not a resource type")
            return
        variables = {"resource": resource, "rootResource": root}
        self._object(resource, definition, kind, where, context, variables, is_resource=True)
        constraints = list(definition.root.get("constraint", []))
        if element is not None:
            constraints += element.get("constraint", [])
        self._invariants(resource, kind, constraints, where, context, variables)

    def _object(
        self,
        value: dict[str, Any],
        definition: Definition,
        path: str,
        location: str,
        context: _Context,
        variables: dict[str, Any],
        is_resource: bool = False,
    ) -> None:
        children = definition.children.get(path, [])
        allowed = {"resourceType"} if is_resource else set()
        for child in children:
            name = child["path"].rpartition(".")[2]
            keys = self._keys(name, child)
            allowed |= set(keys)
            present = [key for key in keys if key in value or f"_{key}" in value]
            if len(present) > 1:
                context.add(
                    "error",
                    f"{location}.{name}",
                    "cardinality",
                    f"only one of {', '.join(present)} may be present",
                )
            if not present:
                if int(child.get("min", 0)) > 0:
                    context.add(
                        "error",
                        f"{location}.{name}",
                        "cardinality",
                        f"required element {name} is missing (min {child['min']})",
                    )
                continue
            key = present[0]
            type_code = keys[key]
            if f"_{key}" in value:
                self._primitive_extension(
                    value[f"_{key}"], type_code, key, location, context, variables
                )
            if key in value:
                self._element(
                    value[key], child, type_code, definition, key, location, context, variables
                )
        for key in value:
            if key not in allowed and not (key.startswith("_") and key[1:] in allowed):
                context.add("error", f"{location}.{key}", "structure", f"unknown element {key!r}")

    def _keys(self, name: str, element: dict[str, Any]) -> dict[str, str]:
        """JSON keys an element may appear under, each with its type code."""
        types = [self._type_code(t) for t in element.get("type", [])]
        if name.endswith("[x]"):
            stem = name[:-3]
            return {stem + code[0].upper() + code[1:]: code for code in types}
        if not types:  # a contentReference: the type is that of the referenced element
            return {name: "(content)"}
        return {name: types[0]}

    @staticmethod
    def _type_code(type_: dict[str, Any]) -> str:
        code = type_["code"]
        for extension in type_.get("extension", []):
            if extension["url"] == _FHIR_TYPE_EXTENSION:
                return str(extension.get("valueUrl") or extension.get("valueUri"))
        return _SYSTEM_TYPES.get(code, code)

    def _element(
        self,
        value: Any,
        element: dict[str, Any],
        type_code: str,
        definition: Definition,
        key: str,
        location: str,
        context: _Context,
        variables: dict[str, Any],
    ) -> None:
        where = f"{location}.{key}"
        maximum = element.get("max", "1")
        if maximum == "1":
            if isinstance(value, list):
                context.add("error", where, "cardinality", "max 1, but an array was given")
                return
            items = [value]
        else:
            if not isinstance(value, list):
                context.add("error", where, "cardinality", f"max {maximum}: must be an array")
                return
            if not value:
                context.add("error", where, "cardinality", "an empty array is not allowed")
            if maximum != "*" and len(value) > int(maximum):
                context.add("error", where, "cardinality", f"{len(value)} items, max {maximum}")
            if len(value) < int(element.get("min", 0)):
                context.add(
                    "error", where, "cardinality", f"{len(value)} items, min {element['min']}"
                )
        for index, item in enumerate(items if maximum == "1" else value):
            here = where if maximum == "1" else f"{where}[{index}]"
            self._item(item, element, type_code, definition, here, context, variables)

    def _item(
        self,
        item: Any,
        element: dict[str, Any],
        type_code: str,
        definition: Definition,
        location: str,
        context: _Context,
        variables: dict[str, Any],
    ) -> None:
        path = element["path"]
        if item is None:
            context.add("error", location, "type", "null is not allowed in FHIR JSON")
            return
        constraints = list(element.get("constraint", []))
        base = path
        if type_code == "(content)":
            reference = element["contentReference"].partition("#")[2]
            owner = self.package.definition(reference.partition(".")[0])
            if not isinstance(item, dict):
                context.add("error", location, "type", f"expected an object ({reference})")
                return
            self._object(item, owner, reference, location, context, variables)
            constraints += owner.elements[reference].get("constraint", [])
            base = reference
        elif (
            self.package.has_type(type_code)
            and self.package.definition(type_code).kind == "primitive-type"
        ):
            if not self._primitive(item, type_code, location, context):
                return
        elif type_code in ("Resource", "DomainResource") or (
            self.package.has_type(type_code)
            and self.package.definition(type_code).kind == "resource"
        ):
            if not isinstance(item, dict):
                context.add("error", location, "type", "expected a resource object")
                return
            self._resource(item, element, location, context, variables["rootResource"])
            return
        elif type_code in _SYSTEM_TYPES.values():  # System types of id, url, value
            self._primitive(item, type_code, location, context)
        else:
            if not isinstance(item, dict):
                context.add("error", location, "type", f"expected a {type_code} object")
                return
            if definition.children.get(path):  # a BackboneElement defined inline
                self._object(item, definition, path, location, context, variables)
            else:
                if not self.package.has_type(type_code):
                    context.add("unevaluated", location, "type", f"no definition for {type_code}")
                    return
                own = self.package.definition(type_code)
                self._object(item, own, type_code, location, context, variables)
                constraints += own.root.get("constraint", [])
                base = type_code
            if type_code == "Reference":
                self._reference(item, element, location, context, variables)
        binding = element.get("binding")
        if binding is not None and binding.get("strength") == "required":
            self._binding(item, type_code, binding, location, context)
        self._invariants(item, base, constraints, location, context, variables)

    def _primitive(self, item: Any, type_code: str, location: str, context: _Context) -> bool:
        if not _json_type_ok(type_code, item):
            context.add("error", location, "type", f"{item!r} is not a JSON value of {type_code}")
            return False
        if type_code in _INTEGERS and not _integer_range_ok(type_code, item):
            context.add("error", location, "type", f"{item} is out of range for {type_code}")
            return False
        if self.package.has_type(type_code):
            pattern = self.package.definition(type_code).regex()
            text = str(item).lower() if isinstance(item, bool) else str(item)
            if pattern is not None and not pattern.fullmatch(text):
                context.add(
                    "error", location, "type", f"{item!r} does not match {type_code}'s regex"
                )
                return False
        return True

    def _primitive_extension(
        self,
        value: Any,
        type_code: str,
        key: str,
        location: str,
        context: _Context,
        variables: dict[str, Any],
    ) -> None:
        items = value if isinstance(value, list) else [value]
        element = self.package.definition("Element")
        for index, item in enumerate(items):
            here = f"{location}._{key}" + (f"[{index}]" if isinstance(value, list) else "")
            if item is None and isinstance(value, list):
                continue  # a gap matching a value without extensions
            if not isinstance(item, dict):
                context.add("error", here, "type", "a primitive's extension must be an object")
                continue
            self._object(item, element, "Element", here, context, variables)

    def _reference(
        self,
        item: dict[str, Any],
        element: dict[str, Any],
        location: str,
        context: _Context,
        variables: dict[str, Any],
    ) -> None:
        reference = item.get("reference")
        if not isinstance(reference, str):
            return
        targets = {
            profile.rpartition("/")[2]
            for type_ in element.get("type", [])
            for profile in type_.get("targetProfile", [])
        }
        if reference.startswith("#"):
            contained = variables["rootResource"].get("contained", [])
            found = [r for r in contained if isinstance(r, dict) and r.get("id") == reference[1:]]
            if not found:
                return  # ref-1 reports a dangling contained reference
            kind = found[0].get("resourceType")
        else:
            match = _RELATIVE_REFERENCE.fullmatch(reference)
            if match is None:
                return  # absolute or logical references name no type to check here
            kind = match.group(1)
        if targets and "Resource" not in targets and kind not in targets:
            context.add(
                "error",
                location,
                "reference",
                f"{reference!r} refers to a {kind}; allowed: {', '.join(sorted(targets))}",
            )

    def _binding(
        self, item: Any, type_code: str, binding: dict[str, Any], location: str, context: _Context
    ) -> None:
        url = binding.get("valueSet")
        if url is None:
            context.add("unevaluated", location, "binding", "a required binding names no value set")
            return
        try:
            codes = self.package.expand(url)
        except UnexpandableError as exc:
            context.add("unevaluated", location, "binding", str(exc))
            return
        if type_code in ("code", "string", "uri"):
            ok = item in {code for _, code in codes}
            given = repr(item)
        elif type_code == "Coding":
            ok = (item.get("system"), item.get("code")) in codes
            given = f"{item.get('system')}|{item.get('code')}"
        elif type_code in ("CodeableConcept", "CodeableReference"):
            concept = item if type_code == "CodeableConcept" else item.get("concept")
            if concept is None:
                return  # a CodeableReference by reference only: the binding has no code
            codings = concept.get("coding", [])
            ok = any((c.get("system"), c.get("code")) in codes for c in codings)
            given = ", ".join(f"{c.get('system')}|{c.get('code')}" for c in codings) or "no coding"
        else:
            context.add("unevaluated", location, "binding", f"binding on a {type_code} not checked")
            return
        if not ok:
            context.add("error", location, "binding", f"{given} is not in {url}")

    def _invariants(
        self,
        item: Any,
        base: str,
        constraints: list[dict[str, Any]],
        location: str,
        context: _Context,
        variables: dict[str, Any],
    ) -> None:
        seen: set[tuple[str, str]] = set()
        for constraint in constraints:
            key = constraint["key"]
            expression = self.errata.get(key, constraint.get("expression"))
            if expression is None or (key, expression) in seen:
                continue
            seen.add((key, expression))
            try:
                tree, lacking = compiled(expression)
            except Exception:  # fhirpathpy's parser raises bare exceptions
                context.add("unevaluated", location, key, f"cannot parse {expression!r}")
                continue
            if lacking:
                context.add(
                    "unevaluated",
                    location,
                    key,
                    f"fhirpathpy lacks {', '.join(sorted(lacking))}: {expression}",
                )
                continue
            try:
                result = apply_parsed_path(
                    ResourceNode.create_node(item, base),
                    tree,
                    dict(variables),
                    self.model,
                    _OPTIONS,
                )
            except Exception as exc:  # an engine failure is an unevaluated invariant
                context.add("unevaluated", location, key, f"fhirpathpy failed: {exc!r:.200}")
                continue
            if result != [True]:
                severity = "warning" if constraint.get("severity") == "warning" else "error"
                context.add(severity, location, key, f"{constraint.get('human')} ({expression})")


# --------------------------------------------------------------------------------------
# Session-wide access


def load(version: str) -> Validator:
    """The validator for ``"R4"``, ``"R4B"`` or ``"R5"``, loaded once per session."""
    return _load(PACKAGE_FOR[version])


@functools.cache
def _load(name: str) -> Validator:
    package = PACKAGES[name]
    errata = {key: text for (where, key), (text, _) in ERRATA.items() if where == name}
    return Validator(Package(unpack(package)), package.fhirpath_model, errata)


def validate(resource: object, version: str) -> Outcome:
    return load(version).validate(resource)


if __name__ == "__main__":  # python -m tests.support.fhir_validator: fetch and unpack, then report
    import time

    for name in PACKAGES:
        began = time.perf_counter()
        validator = load(name)
        meta = validator.package.meta
        print(
            f"{meta['name']} {meta['version']}: ready in {time.perf_counter() - began:.2f} s "
            f"({validator.package.folder})"
        )
