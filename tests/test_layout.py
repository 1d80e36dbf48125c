"""The package layout: the folder tree is the data flow, so imports run one way only.

Every import counts, also one inside a function (lazy, for start-up time) or under TYPE_CHECKING:
each is a dependency a reader has to follow.
"""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src"

# A module may import from its own stage or an earlier one, never a later one. First the leaves every
# stage speaks: the package itself (its version), errors, fields (times, TSV columns), records. Then
# cli, what every command needs whatever it does (the runner, where inputs come from, progress,
# signals), and text, the line readers and tokenising rules: au-stt judges windows by their tokens
# and reads its manifest with them, so they sit below transcribe, not with the token batches.
# Then the pipeline in the order data flows: audio is decoded, split into chunks, transcribed;
# transcripts in any form are read and made into token batches, counted; hits are checked against
# the audio; batch runs all of that over many recordings; commands are the thin layer on top.
STAGES = ("audiowc", "errors", "fields", "records", "cli", "text", "audio", "split", "transcribe",
          "transcripts", "tokens", "count", "hits", "batch", "commands")
MAX_LINES = 300


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(node: ast.ImportFrom, importer: str, is_package: bool, modules: set[str]) -> set[str]:
    """The modules a from-import reaches: `from X import name` reaches X.name when that is a module."""
    base = node.module or ""
    if node.level:
        package = importer.split(".") if is_package else importer.split(".")[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join(package + ([base] if base else []))
    reached = {f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in modules}
    return reached if len(reached) == len(node.names) else reached | {base}


def import_graph(root: Path, package: str = "audiowc") -> dict[str, set[str]]:
    """Each module of the package under root, with the package's modules it imports."""
    paths = {module_name(path, root): path for path in (root / package).rglob("*.py")}
    modules = set(paths)
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                edges |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                edges |= _imported(node, name, path.name == "__init__.py", modules)
        graph[name] = {edge for edge in edges if edge in modules and edge != name}
    return graph


def stage(module: str) -> int:
    """The module's place in STAGES, by its first name under the package."""
    parts = module.split(".")
    return STAGES.index(parts[1] if len(parts) > 1 else parts[0])


def upward_imports(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    return sorted((importer, imported) for importer, edges in graph.items() for imported in edges
                  if stage(imported) > stage(importer))


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other, directly or round a loop (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for edge in sorted(graph.get(module, ())):
            if edge not in index:
                visit(edge)
                low[module] = min(low[module], low[edge])
            elif edge in stack:
                low[module] = min(low[module], index[edge])
        if low[module] == index[module]:
            group = []
            while not group or group[-1] != module:
                group.append(stack.pop())
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_every_module_belongs_to_a_stage() -> None:
    unplaced = []
    for module in import_graph(SOURCE):
        try:
            stage(module)
        except ValueError:
            unplaced.append(module)
    assert unplaced == [], "add these to a stage's package (or a stage to STAGES, with its reason)"


def test_nothing_imports_a_later_stage() -> None:
    assert upward_imports(import_graph(SOURCE)) == []


def test_no_import_cycles() -> None:
    assert cycles(import_graph(SOURCE)) == []


def test_modules_stay_small() -> None:
    long = {str(path.relative_to(SOURCE)): lines for path in (SOURCE / "audiowc").rglob("*.py")
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_stage_packages_say_what_they_take_and_give_and_import_nothing() -> None:
    """Importing a stage's module runs its package's __init__ first: keep it a one-line docstring."""
    for name in STAGES:
        init = SOURCE / "audiowc" / name / "__init__.py"
        if not init.exists() or name == "commands":  # commands/ holds au-stt's early entry point
            continue
        tree = ast.parse(init.read_text(encoding="utf-8"))
        docstring = ast.get_docstring(tree)
        assert docstring and "\n" not in docstring, init
        assert len(tree.body) == 1, f"{init}: only its docstring"


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "audiowc" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_the_checks_find_an_upward_import_and_a_cycle(tmp_path: Path) -> None:
    root = _write(tmp_path, {
        "__init__.py": "",
        "errors.py": "",
        "audio/__init__.py": '"""Audio."""',
        "audio/decode.py": "from ..errors import x\n\ndef f():\n    from ..count import match\n",
        "count/__init__.py": '"""Counting."""',
        "count/match.py": "from . import tally\nfrom audiowc.audio.decode import f\n",
        "count/tally.py": "from .match import y\n",
    })
    graph = import_graph(root)
    assert graph["audiowc.audio.decode"] == {"audiowc.errors", "audiowc.count.match"}
    assert upward_imports(graph) == [("audiowc.audio.decode", "audiowc.count.match")]
    assert cycles(graph) == [["audiowc.audio.decode", "audiowc.count.match", "audiowc.count.tally"]]
    assert cycles({**graph, "audiowc.audio.decode": {"audiowc.errors"}}) == [
        ["audiowc.count.match", "audiowc.count.tally"]]
