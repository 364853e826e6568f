"""The library's layout shows the pipeline: layers that only import downwards, small modules, one catalogue
of rules, page modules that name their glue keys, and a README that matches the tree."""
import ast
import re
from pathlib import Path

from conftest import ROOT, THEMES
from shuanggao.errors import CATALOGUE, catalogue_markdown

LIB = ROOT / "lib" / "shuanggao"
# From the bottom of the pipeline to the top; a module may import its own layer or any layer below.
# A module of a package may sit in a layer of its own (the translator's report reads the whole book).
LAYERS = [
    {"errors", "format", "normalize", "registry", "inline", "project", "terms", "translation"},
    {"data"},
    {"coding"},
    {"figures"},
    {"pages"},
    {"site"},
    {"run"},
    {"cli", "lab", "scaffold", "translation.report", "__init__", "__main__"},
]


def layer_of(module: str) -> int:
    """The layer of the longest dotted prefix of `module` that a layer names (translation.report, then
    translation)."""
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        prefix = ".".join(parts[:n])
        for i, names in enumerate(LAYERS):
            if prefix in names:
                return i
    raise KeyError(module)


def modules() -> dict[str, Path]:
    return {p.relative_to(LIB).with_suffix("").as_posix().replace("/", ".").removesuffix(".__init__"): p
            for p in sorted(LIB.rglob("*.py"))}


def imports_of(name: str, path: Path) -> set[str]:
    """The package's own modules that `name` imports (relative imports resolved)."""
    package = name.split(".")[:-1] if path.name != "__init__.py" else name.split(".")
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)]
            target = ".".join([*base, node.module] if node.module else base)
            found.add(target)
            if not node.module:
                found |= {f"{target}.{a.name}".strip(".") for a in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("shuanggao."):
            found.add(node.module.removeprefix("shuanggao."))
    return {f for f in found if f}


def test_no_module_imports_one_above_it():
    upward = []
    for name, path in modules().items():
        for target in imports_of(name, path):
            if layer_of(target) > layer_of(name):
                upward.append(f"{name} imports {target}")
    assert upward == []


def test_no_import_cycle_between_modules():
    mods = modules()
    graph = {n: {t for t in imports_of(n, p) if t in mods and t != n} for n, p in mods.items()}
    # Packages' __init__ re-export lazily; a module importing its package is not a cycle.
    graph = {n: {t for t in ts if not n.startswith(t + ".")} for n, ts in graph.items()}
    state: dict[str, int] = {}
    cycles = []

    def visit(n, path):
        state[n] = 1
        for t in graph[n]:
            if state.get(t) == 1:
                cycles.append(" → ".join([*path[path.index(t):], t]))
            elif t not in state:
                visit(t, [*path, t])
        state[n] = 2

    for n in graph:
        if n not in state:
            visit(n, [n])
    assert cycles == []


def test_modules_are_small_or_say_why():
    long = [f"{p.relative_to(LIB)}: {n} lines" for p in LIB.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 250
            and "longer than 250 lines because" not in (ast.get_docstring(ast.parse(p.read_text())) or "")]
    assert long == []


def test_every_problem_cites_a_declared_rule():
    cited = set()
    for path in LIB.rglob("*.py"):
        cited |= set(re.findall(r"\bE\.([A-Z_]+)\b", path.read_text(encoding="utf-8")))
    import shuanggao.errors as errors

    for constant in cited:
        assert getattr(errors, constant) in CATALOGUE, constant


def test_data_readme_lists_the_rule_catalogue():
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- rules:start -->\n")[1].split("<!-- rules:end -->")[0]
    assert section == catalogue_markdown()


def test_page_modules_name_every_key_they_glue(built):
    from shuanggao import registry
    from shuanggao.project import chapters

    themes = set(THEMES)  # their pages are made by pages/theme.py
    missing = []
    for row in registry.load(built / "src" / "book"):
        module = "theme" if row["notebook"] in themes else row["notebook"]
        doc = ast.get_docstring(ast.parse((LIB / "pages" / f"{module}.py").read_text(encoding="utf-8")))
        if not re.search(rf"\b{re.escape(row['key'])}\b", doc):
            missing.append(f"pages/{module}.py: {row['key']}")
    assert missing == []
    assert set(chapters(ROOT)) - {"index"} <= {p.stem for p in (LIB / "pages").glob("*.py")} | themes


def test_readme_layout_table_matches_the_tree():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Layout")[1].split("\n## ")[0]
    for path in sorted(LIB.rglob("*.py")):
        rel = path.relative_to(LIB)
        if rel.name == "__init__.py" and rel.parent != Path("."):
            assert f"`{rel.parent.as_posix()}/`" in table, rel.parent
        elif rel.name not in ("__main__.py", "__init__.py"):
            assert f"`{rel.stem}`" in table, rel
