"""The import graph keeps its floors: the ground floor (``policykg``'s errors, settings and plumbing)
imports nothing above it, the packages between it and the façade build on each other in one order,
and only the façade at the top (the rest of ``policykg``: ``corpus.py``, the CLI; ``app.py``, ``ui``)
imports everything. Every import counts, wherever it stands: at the top, inside a function, under
``TYPE_CHECKING`` or through ``importlib.import_module("…")``; a lazy import is still an arrow."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ("policykg", "ingest", "graph", "embeddings", "queries", "ui")
# The ground floor, by name: a new module of it goes here; any other module of ``policykg`` is façade.
GROUND = tuple(f"policykg{m}" for m in ("", ".errors", ".settings", ".workers", ".atomic", ".kinds", ".offline"))
MIDDLE = ("ingest", "graph", "embeddings", "queries")  # in order: each builds on those before it
FACADE = ("policykg", "app", "ui")  # policykg less GROUND: corpus.py, the CLI and what they use


def module_files() -> dict[str, Path]:
    files = {"app": ROOT / "app.py"}
    for package in (*PRODUCT, "bench"):
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return files


MODULES = module_files()


def imported_names(module: str, path: Path) -> Iterator[str]:
    """Every dotted name the module imports, relative imports resolved."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.args[0].value


def known(name: str) -> str | None:
    """The longest module of ours that ``name`` starts with (``graph.iri.ID`` -> ``graph.iri``)."""
    parts = name.split(".")
    while parts and ".".join(parts) not in MODULES:
        parts.pop()
    return ".".join(parts) or None


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        targets = {known(name) for name in imported_names(module, path)}
        graph[module] = {t for t in targets if t is not None and t != module}
    return graph


GRAPH = import_graph()


def floor(module: str) -> str:
    """``ground``, a middle package, ``facade`` or ``bench``."""
    top = module.split(".")[0]
    if module in GROUND:
        return "ground"
    if top in MIDDLE or top == "bench":
        return top
    assert top in FACADE, module
    return "facade"


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def arrows(source: str, target: str) -> list[str]:
    return sorted(f"{a} -> {b}" for a, bs in GRAPH.items() for b in bs if floor(a) == source and floor(b) == target)


def test_the_walk_sees_lazy_and_type_only_imports() -> None:
    assert "embeddings.factory" in GRAPH["policykg.corpus"]  # imported inside a method
    assert "embeddings.store" in GRAPH["policykg.corpus"]  # imported under TYPE_CHECKING


def test_the_ground_floor_imports_nothing_above_it() -> None:
    above = [f"{a} -> {b}" for a, bs in GRAPH.items() if floor(a) == "ground" for b in bs if floor(b) != "ground"]
    assert above == []


def test_below_the_facade_nothing_imports_the_facade_or_the_benchmarks() -> None:
    for middle in ("ground", *MIDDLE):
        assert arrows(middle, "facade") == arrows(middle, "bench") == []


def test_the_packages_between_build_on_each_other_in_one_order() -> None:
    """ingest, graph, embeddings, queries: each imports only those before it, so no two packages
    import each other, directly or round a loop."""
    upward = [
        f"{a} -> {b}"
        for a, bs in GRAPH.items()
        for b in bs
        if floor(a) in MIDDLE and floor(b) in MIDDLE and MIDDLE.index(floor(b)) > MIDDLE.index(floor(a))
    ]
    assert upward == []


def test_no_module_imports_another_that_imports_it_back() -> None:
    assert cycles(GRAPH) == []


def test_the_benchmarks_touch_no_private_name_of_the_product() -> None:
    """``bench`` drives the product through its public names; its own helpers may be private (and
    a private attribute of any object but ``self`` counts, whoever owns it)."""
    touched = []
    for module, path in MODULES.items():
        if floor(module) != "bench":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (source := known(node.module or "")) and floor(source) != "bench":
                touched += [f"{module}: {a.name}" for a in node.names if a.name.startswith("_")]
            elif isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
                owner = node.value
                if not (isinstance(owner, ast.Name) and owner.id == "self"):
                    touched.append(f"{module}:{node.lineno}: .{node.attr}")
    assert touched == []
