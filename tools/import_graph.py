"""The import graph of ``ldn/``: its layers, the checks on it, and its picture.

Every module of ``ldn/`` is read with :mod:`ast` (nothing is imported): a file is a
module, a package's ``__init__.py`` is the package (``ldn/fhir/__init__.py`` is
``ldn.fhir``). ``ldn/__init__.py`` is left out: its lazy table names every module
only to re-export their names. Every import between ``ldn`` modules counts: at
module level, inside functions (lazy imports), under ``if TYPE_CHECKING:``, and
relative ones.

Run ``python tools/import_graph.py`` to redraw ``docs/images/import-graph.svg``;
``python tools/import_graph.py --check`` exits 1 when that file is not current.
``tests/test_architecture.py`` runs the checks below (no cycle, no upward import, no
private name across modules, no module over :data:`MAX_LINES` lines, a current
picture) through :func:`problems`.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ldn"
PICTURE = ROOT / "docs" / "images" / "import-graph.svg"

#: The layer of each module: a module imports only modules of its own layer or lower.
#: The modules of a package (``ldn.fhir._reader``) take the package's layer. A module
#: of ``ldn/`` missing here is an error (add it where it belongs); a name here with no
#: module yet is fine.
LAYERS: Mapping[str, int] = {
    # 0 foundation: errors, argument checks, exact decimals, HTML and SVG drawing,
    # text matching and the vocabulary tables; they know no dosing concept.
    "ldn.errors": 0,
    "ldn._checks": 0,
    "ldn._exact": 0,
    "ldn._html": 0,
    "ldn._matching": 0,
    "ldn._vocabulary": 0,
    "ldn._lexicon": 0,
    "ldn._svg": 0,
    "ldn._card": 0,
    "ldn._validators": 0,
    "ldn._version": 0,
    # 1 values
    "ldn.dose": 1,
    "ldn.medication": 1,
    # 2 rules
    "ldn.monograph": 2,
    # 3 plans and vocabulary
    "ldn.schedule": 3,
    "ldn.opioids": 3,
    # 4 products
    "ldn.formulation": 4,
    # 5 regimens and screening
    "ldn.regimen": 5,
    "ldn.contraindication": 5,
    # 6 charts and FHIR
    "ldn.chart": 6,
    "ldn.fhir": 6,
    # 7 clinical decision support
    "ldn.cds": 7,
    # 8 optional integrations (need packages that `import ldn` never imports)
    "ldn.strategies": 8,
}
LAYER_NAMES: Mapping[int, str] = {
    0: "foundation",
    1: "values",
    2: "rules",
    3: "plans and vocabulary",
    4: "products",
    5: "regimens and screening",
    6: "charts and FHIR",
    7: "decision support",
    8: "optional integrations",
}

#: The longest a module of ``ldn/`` may be, in lines.
MAX_LINES = 600
#: Data tables, excused from :data:`MAX_LINES`: every file under these folders, and
#: these files. A file excused as data defines no function and no class.
DATA_FOLDERS = ("ldn/_vocabulary/", "ldn/_lexicon/")
DATA_FILES: tuple[str, ...] = ()

#: Underscore names that belong to the standard library or attrs, not to an ldn
#: module: using them across modules crosses no boundary of ldn's own.
#: ``_missing_``, ``_ignore_``, ``_generate_next_value_``, ``_value2member_map_`` and
#: ``_member_map_`` are :mod:`enum`'s hooks and tables (an enum of one module may
#: define ``_missing_``; another module may call it through the enum API);
#: ``_repr_html_`` is the IPython display protocol (a notebook calls it).
#: Dunder names (``__attrs_post_init__``) are never private and need no entry.
STANDARD_PRIVATE_NAMES = frozenset(
    {
        "_missing_",
        "_ignore_",
        "_generate_next_value_",
        "_value2member_map_",
        "_member_map_",
        "_repr_html_",
    }
)


# -- reading the modules ----------------------------------------------------------------


def modules(package: Path = PACKAGE) -> dict[str, Path]:
    """Every module of the package at ``package`` (a folder named ``ldn``), by dotted name."""
    found: dict[str, Path] = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if len(parts) > 1:  # ldn/__init__.py (the lazy table) is left out
            found[".".join(parts)] = path
    return found


def is_private(name: str) -> bool:
    """Whether a name is private: one leading underscore or more, and not a dunder."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def package_of(module: str) -> str:
    """The top-level unit a module belongs to: ``ldn.fhir`` for ``ldn.fhir._reader``."""
    return ".".join(module.split(".")[:2])


def layer_of(module: str, layers: Mapping[str, int] = LAYERS) -> int | None:
    """The layer of a module (a package's modules take the package's), or None if unlisted."""
    if module in layers:
        return layers[module]
    return layers.get(package_of(module))


@dataclass(frozen=True, order=True)
class Import:
    """One import statement of one ldn module of another (or of one name from it)."""

    importer: str
    imported: str  # the module imported (``ldn`` for the package root)
    line: int
    names: tuple[str, ...] = ()  # the names taken with ``from ... import``
    submodule: bool = False  # ``from ldn.fhir import _reader``: the name is a module


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def _resolve(name: str, known: Mapping[str, Path]) -> str:
    """The longest known module that ``name`` (a dotted import target) starts with."""
    parts = name.split(".")
    for cut in range(len(parts), 1, -1):
        candidate = ".".join(parts[:cut])
        if candidate in known:
            return candidate
    return parts[0]


def _imports_of(module: str, path: Path, known: Mapping[str, Path]) -> Iterator[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "ldn" or alias.name.startswith("ldn."):
                    yield Import(module, _resolve(alias.name, known), node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                if not _is_package(path):
                    base = base[:-1]
                base = base[: len(base) - (node.level - 1)]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            if source != "ldn" and not source.startswith("ldn."):
                continue
            submodules: list[str] = []
            names: list[str] = []
            for alias in node.names:
                target = f"{source}.{alias.name}"
                (submodules if target in known else names).append(alias.name)
            for name in submodules:  # ``from ldn.fhir import _reader`` imports a module
                yield Import(module, f"{source}.{name}", node.lineno, (name,), submodule=True)
            if names:
                yield Import(module, _resolve(source, known), node.lineno, tuple(names))


def imports(package: Path = PACKAGE) -> list[Import]:
    """Every import of an ldn module by another ldn module (a module's own name excluded)."""
    known = modules(package)
    found = {
        each
        for module, path in known.items()
        for each in _imports_of(module, path, known)
        if each.imported != module
    }
    return sorted(found)


def edges(package: Path = PACKAGE) -> set[tuple[str, str]]:
    """The import graph: (importer, imported) pairs of modules."""
    return {(each.importer, each.imported) for each in imports(package)}


# -- the checks -------------------------------------------------------------------------


def _cycle_in(component: set[str], graph: Mapping[str, set[str]]) -> list[str]:
    """A shortest cycle through the first node (by name) of a strongly connected set."""
    start = min(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(graph.get(node, set()) & component):
            if target == start:
                return [*paths[node], start]
            if target not in paths:
                paths[target] = [*paths[node], target]
                queue.append(target)
    raise AssertionError("not a cycle")  # pragma: no cover - components always have one


def _components(graph: Mapping[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of a graph (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, set()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph.get(target, set())))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    found.append(component)
    return found


def cycles(package: Path = PACKAGE) -> list[str]:
    """Each import cycle, named ``a -> b -> a``.

    Between two packages, a package's modules count as the package (``ldn.fhir._reader``
    importing ``ldn.cds`` is ``ldn.fhir`` importing it); inside one, each file is itself.
    """
    graph: dict[str, set[str]] = {}
    for importer, imported in edges(package):
        if package_of(importer) != package_of(imported):
            importer, imported = package_of(importer), package_of(imported)
        graph.setdefault(importer, set()).add(imported)
    found = [_cycle_in(c, graph) for c in _components(graph) if len(c) > 1]
    return sorted(" -> ".join(cycle) for cycle in found)


def upward_imports(package: Path = PACKAGE, layers: Mapping[str, int] = LAYERS) -> list[str]:
    """Each import of a module of a higher layer, and each module with no layer."""
    wrong = [
        f"{module} is in no layer (add it to LAYERS in tools/import_graph.py)"
        for module in modules(package)
        if layer_of(module, layers) is None
    ]
    for importer, imported in sorted(edges(package)):
        low, high = layer_of(importer, layers), layer_of(imported, layers)
        if imported == "ldn":
            wrong.append(f"{importer} imports the package root ldn (import from the module)")
        elif low is not None and high is not None and high > low:
            wrong.append(
                f"{importer} (layer {low}) imports {imported} (layer {high}): an upward import"
            )
    return wrong


def _definitions(tree: ast.Module) -> set[str]:
    """The names a module defines: at top level, and as members of its classes."""
    defined: set[str] = set()

    def targets(node: ast.expr) -> Iterator[str]:
        if isinstance(node, ast.Name):
            yield node.id
        elif isinstance(node, ast.Tuple | ast.List):
            for element in node.elts:
                yield from targets(element)

    def body(statements: Iterable[ast.stmt], in_class: bool) -> None:
        for node in statements:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                defined.add(node.name)
                if isinstance(node, ast.ClassDef):
                    body(node.body, in_class=True)
                elif in_class:  # self._x = ... in a method defines a member
                    for inner in ast.walk(node):
                        if (
                            isinstance(inner, ast.Attribute)
                            and isinstance(inner.ctx, ast.Store)
                            and isinstance(inner.value, ast.Name)
                            and inner.value.id in {"self", "cls"}
                        ):
                            defined.add(inner.attr)
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    defined.update(targets(target))
            elif isinstance(node, ast.AnnAssign | ast.AugAssign):
                defined.update(targets(node.target))
            elif isinstance(node, ast.If | ast.Try):
                body(node.body, in_class)
                body(node.orelse, in_class)

    body(tree.body, in_class=False)
    return defined


def private_crossings(package: Path = PACKAGE) -> list[str]:
    """Each private name of one ldn module imported or used as an attribute in another.

    Also each private file of a package (``ldn.fhir._reader``) imported from outside
    that package: other modules import from the package's public home.
    """
    known = modules(package)
    trees = {module: ast.parse(path.read_text(encoding="utf-8")) for module, path in known.items()}
    defined = {module: _definitions(tree) for module, tree in trees.items()}
    owners: dict[str, list[str]] = {}
    for module, names in defined.items():
        for name in names:
            owners.setdefault(name, []).append(module)
    wrong: set[str] = set()
    for each in imports(package):
        for name in each.names:
            if is_private(name) and not each.submodule:
                wrong.add(f"{each.importer} imports {name} from {each.imported}")
        parts = each.imported.split(".")
        if (
            len(parts) > 2
            and any(is_private(part) for part in parts[2:])
            and package_of(each.importer) != package_of(each.imported)
        ):
            wrong.add(
                f"{each.importer} imports {each.imported}, a private file of "
                f"{package_of(each.imported)} (import from {package_of(each.imported)})"
            )
    for module, tree in trees.items():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and is_private(node.attr)
                and node.attr not in STANDARD_PRIVATE_NAMES
                and node.attr not in defined[module]
                and node.attr in owners
            ):
                where = ", ".join(sorted(owners[node.attr]))
                wrong.add(
                    f"{module} uses {ast.unparse(node)} (line {node.lineno}), private to {where}"
                )
    return sorted(wrong)


def is_data(relative: str) -> bool:
    """Whether a file (``ldn/...py``, relative to the repository) is a data table."""
    return relative in DATA_FILES or relative.startswith(DATA_FOLDERS)


def oversized(package: Path = PACKAGE, limit: int = MAX_LINES) -> list[str]:
    """Each module over ``limit`` lines (data tables excused), and each excused file with code."""
    wrong = []
    for path in modules(package).values():
        relative = path.relative_to(package.parent).as_posix()
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if is_data(relative):
            code = [
                node.name
                for node in ast.walk(ast.parse(text))
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            ]
            if code:
                wrong.append(f"{relative} is excused as data but defines {', '.join(code)}")
        elif lines > limit:
            wrong.append(f"{relative} has {lines} lines, over {limit}")
    return wrong


def stale_picture(package: Path = PACKAGE, picture: Path = PICTURE) -> list[str]:
    """Why ``picture`` is not the current drawing of the graph (empty when it is)."""
    if not picture.is_file():
        return [f"{picture.name} is missing: run python tools/import_graph.py"]
    if picture.read_text(encoding="utf-8") != svg(package):
        return [f"{picture.name} is not current: run python tools/import_graph.py"]
    return []


# -- the picture ------------------------------------------------------------------------


def box_of(module: str) -> str:
    """The box a module is drawn in: a package's private files and the vocabulary
    tables are drawn as their package."""
    for data in ("ldn._vocabulary", "ldn._lexicon"):
        if module.startswith(data + "."):
            return data
    parts = module.split(".")
    for cut in range(2, len(parts)):
        if is_private(parts[cut]):
            return ".".join(parts[:cut])
    return module


_CHAR = 8  # width of one character of the 12 px monospace labels, rounded up
_BOX_HEIGHT = 28
_ROW_GAP = 84
_BOX_GAP = 24
_MARGIN = 24
_LABEL_WIDTH = 180
_HEADER = 48  # the two lines of the legend
_MIN_CONTENT = 800


def svg(package: Path = PACKAGE, layers: Mapping[str, int] = LAYERS) -> str:
    """The picture: one row of boxes per layer (the highest on top), an arrow from
    each importer to each module it imports; a red arrow is an upward import."""
    members: dict[str, list[str]] = {}
    for module, path in modules(package).items():
        members.setdefault(box_of(module), []).append(path.relative_to(package.parent).as_posix())
    unlisted = max(layers.values(), default=0) + 1  # the row of modules in no layer
    rows: dict[int, list[str]] = {}
    for box in sorted(members):
        layer = layer_of(box, layers)
        rows.setdefault(unlisted if layer is None else layer, []).append(box)
    arrows = sorted(
        {
            (box_of(a), box_of(b))
            for a, b in edges(package)
            if box_of(b) in members and box_of(a) != box_of(b)
        }
    )
    widths = {box: 16 + _CHAR * len(box) for box in members}
    row_widths = {
        layer: sum(widths[b] for b in boxes) + _BOX_GAP * (len(boxes) - 1)
        for layer, boxes in rows.items()
    }
    content = max([_MIN_CONTENT, *row_widths.values()])
    width = _MARGIN * 2 + _LABEL_WIDTH + content
    order = sorted(rows, reverse=True)
    height = _MARGIN * 2 + _HEADER + len(order) * (_BOX_HEIGHT + _ROW_GAP)
    place: dict[str, tuple[int, int]] = {}  # box -> (left x, top y)
    targets: dict[str, list[str]] = {}
    for a, b in arrows:
        targets.setdefault(a, []).append(b)
    # From the bottom row up, each row ordered by where its imports sit (fewer
    # crossings), then spread evenly over the width.
    for layer in reversed(order):
        top = _MARGIN + _HEADER + order.index(layer) * (_BOX_HEIGHT + _ROW_GAP)

        def middle(box: str) -> int:
            below = [place[b][0] + widths[b] // 2 for b in targets.get(box, []) if b in place]
            return sum(below) // len(below) if below else content

        boxes = sorted(rows[layer], key=lambda box: (middle(box), box))
        gap = (content - row_widths[layer] + _BOX_GAP * (len(boxes) - 1)) // (len(boxes) + 1)
        x = _MARGIN + _LABEL_WIDTH + gap
        for box in boxes:
            place[box] = (x, top)
            x += widths[box] + gap

    def row(box: str) -> int:
        return place[box][1]

    # Spread the ends of the arrows along each box's edge, ordered by the other end's x.
    leaving: dict[str, list[tuple[str, str]]] = {}
    arriving: dict[str, list[tuple[str, str]]] = {}
    for arrow in arrows:
        leaving.setdefault(arrow[0], []).append(arrow)
        arriving.setdefault(arrow[1], []).append(arrow)

    def spread(box: str, group: list[tuple[str, str]], other: int) -> dict[tuple[str, str], int]:
        group = sorted(group, key=lambda a: (place[a[other]][0], a))
        left, count = place[box][0], len(group)
        return {a: left + (i + 1) * widths[box] // (count + 1) for i, a in enumerate(group)}

    start_x: dict[tuple[str, str], int] = {}
    end_x: dict[tuple[str, str], int] = {}
    for box, group in leaving.items():
        start_x.update(spread(box, group, 1))
    for box, group in arriving.items():
        end_x.update(spread(box, group, 0))

    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="monospace" font-size="12">',
        "<title>Import graph of ldn (generated by tools/import_graph.py)</title>",
        "<defs>",
        '<marker id="down" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#555"/></marker>',
        '<marker id="up" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#c00"/></marker>',
        "</defs>",
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
        f'<text x="{_MARGIN}" y="{_MARGIN + 12}">An arrow runs from a module to a module it '
        "imports: down the layers, or within one (an arc).</text>",
        f'<text x="{_MARGIN}" y="{_MARGIN + 28}">A red arrow is an upward import. Private '
        "files of a package are drawn as the package.</text>",
    ]
    for index, layer in enumerate(order):
        top = _MARGIN + _HEADER + index * (_BOX_HEIGHT + _ROW_GAP)
        name = "not in the layer table" if layer == unlisted else LAYER_NAMES.get(layer, "")
        label = f"{layer} {name}" if layer != unlisted else name
        out.append(f'<text x="{_MARGIN}" y="{top + 18}" fill="#777">{escape(label)}</text>')
    for arrow in arrows:
        a, b = arrow
        ax, bx = start_x[arrow], end_x[arrow]
        low, high = layer_of(a, layers), layer_of(b, layers)
        upward = low is not None and high is not None and high > low
        colour, marker = ("#c00", "up") if upward else ("#888", "down")
        if row(a) < row(b):  # importer above: bottom edge to top edge
            path = f"M{ax},{row(a) + _BOX_HEIGHT} L{bx},{row(b)}"
        elif row(a) > row(b):  # importer below: top edge to bottom edge
            path = f"M{ax},{row(a)} L{bx},{row(b) + _BOX_HEIGHT}"
        else:  # the same row: an arc under it
            low = row(a) + _BOX_HEIGHT
            dip = low + 18 + abs(ax - bx) // 12
            path = f"M{ax},{low} C{ax},{dip} {bx},{dip} {bx},{low}"
        out.append(
            f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="1" '
            f'marker-end="url(#{marker})"><title>{escape(a)} imports {escape(b)}</title></path>'
        )
    for box in sorted(place):
        x, y = place[box]
        files = ", ".join(sorted(members[box]))
        fill = "#fde8e8" if layer_of(box, layers) is None else "#eef3fb"
        out.append(
            f"<g><title>{escape(box)}: {escape(files)}</title>"
            f'<rect x="{x}" y="{y}" width="{widths[box]}" height="{_BOX_HEIGHT}" rx="4" '
            f'fill="{fill}" stroke="#34568b"/>'
            f'<text x="{x + widths[box] // 2}" y="{y + 18}" text-anchor="middle">'
            f"{escape(box)}</text></g>"
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


# -- all of it --------------------------------------------------------------------------


def problems(package: Path = PACKAGE, picture: Path = PICTURE) -> dict[str, list[str]]:
    """Every check by name, with what it found wrong (an empty list when it holds)."""
    return {
        "cycles": cycles(package),
        "upward imports": upward_imports(package),
        "private names": private_crossings(package),
        "sizes": oversized(package),
        "picture": stale_picture(package, picture),
    }


def main(argv: list[str] | None = None, package: Path = PACKAGE, picture: Path = PICTURE) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the picture is not current")
    arguments = parser.parse_args(argv)
    if arguments.check:
        stale = stale_picture(package, picture)
        for line in stale:
            print(line, file=sys.stderr)
        return 1 if stale else 0
    picture.parent.mkdir(parents=True, exist_ok=True)
    picture.write_text(svg(package), encoding="utf-8")
    print(f"wrote {picture}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
