"""The layout of the code: imports flow one way (ingest -> clean -> layout -> segment -> rank -> summarise ->
assemble -> render -> publish/deliver -> archive, and ``flows`` above ``summarize``), the library imports no
Prefect, and segmenting a page loads no ranker."""
from __future__ import annotations

import ast
import graphlib
import subprocess
import sys

from .conftest import ROOT

PACKAGES = ("summarize", "flows")


def _imports() -> dict[str, set[str]]:
    """``{module: the project's modules it imports}``, module-level and function-level imports alike."""
    graph: dict[str, set[str]] = {}
    for package in PACKAGES:
        for path in (ROOT / package).glob("*.py"):
            name = package if path.stem == "__init__" else f"{package}.{path.stem}"
            found: set[str] = set()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module in PACKAGES:
                    found |= {f"{node.module}.{alias.name}" for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in PACKAGES:
                    found.add(node.module)
                elif isinstance(node, ast.Import):
                    found |= {a.name for a in node.names if a.name.split(".")[0] in PACKAGES}
            graph[name] = found - {name}
    return graph


def test_the_modules_import_each_other_one_way():
    graph = _imports()
    try:
        order = list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as err:
        raise AssertionError(f"import cycle: {' -> '.join(err.args[1])}") from None
    assert {"summarize.segment", "summarize.summary", "flows.daily", "flows.server"} <= set(order)
    # the library never reaches up into the flows
    assert not [(m, d) for m, deps in graph.items() if m.startswith("summarize") for d in deps if d.startswith("flows")]


def _loaded_after(statement: str) -> set[str]:
    """The top-level packages in ``sys.modules`` after ``statement`` runs in a fresh interpreter."""
    code = f"import sys; {statement}; print('\\n'.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


def test_segmenting_loads_no_ranker():
    loaded = _loaded_after("import summarize.segment")
    assert "jieba" in loaded  # the tokenizer the segmenter reads line breaks with ...
    assert not loaded & {"networkx", "textrank4zh", "prefect"}  # ... but not the ranker's libraries


def test_the_library_imports_no_prefect():
    modules = sorted(f"summarize.{p.stem}" for p in (ROOT / "summarize").glob("*.py") if p.stem != "__init__")
    loaded = _loaded_after("; ".join(f"import {m}" for m in modules))
    assert "numpy" in loaded and not loaded & {"prefect", "networkx", "textrank4zh"}
