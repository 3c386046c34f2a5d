"""The dependency rules of generator/ (docs/design): core imports no feature; only site/ and the
MkDocs adapter render (Jinja, Markdown, nh3); only the adapter imports MkDocs; the renderer knows no
feature's views; the list of checks does not depend on import order; `check` renders nothing."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ENV, ROOT

GENERATOR = ROOT / "generator"
FEATURES = ("trees", "templates", "calculator", "center", "site", "pipeline", "cli", "plugin")
RENDERING = ("jinja2", "markdown", "nh3")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function, relative imports resolved."""
    package = module_name(path).split(".") if path.name == "__init__.py" else module_name(path).split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = (
                ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
                if node.level
                else node.module
            )
            found.add(base)
            found |= {f"{base}.{a.name}" for a in node.names}  # `from generator import trees`
    return found


MODULES = {module_name(p): imports(p) for p in sorted(GENERATOR.rglob("*.py"))}


def offenders(modules, forbidden) -> dict[str, list[str]]:
    """The modules among ``modules`` that import one of ``forbidden`` (or a module under one), and what."""

    def hit(name):
        return any(name == f or name.startswith(f + ".") for f in forbidden)

    return {m: sorted(filter(hit, MODULES[m])) for m in modules if any(map(hit, MODULES[m]))}


def test_the_module_list_is_read():
    assert {"generator.core.checks", "generator.pipeline", "generator.plugin", "generator.site.render"} <= set(MODULES)


def test_core_imports_no_feature():
    core = [m for m in MODULES if m.startswith("generator.core")]
    assert offenders(core, tuple(f"generator.{f}" for f in FEATURES)) == {}


def test_only_the_site_package_and_the_adapter_render():
    others = [m for m in MODULES if not m.startswith("generator.site") and m != "generator.plugin"]
    assert offenders(others, RENDERING) == {}


def test_only_the_adapter_imports_mkdocs():
    assert offenders([m for m in MODULES if m != "generator.plugin"], ("mkdocs",)) == {}


def test_the_renderer_imports_no_feature_views():
    views = tuple(m for m in MODULES if m.endswith(".views"))
    assert offenders(["generator.site.render"], views) == {}
    # site/pages.py hands the views their Renderer; a view importing it back would close a circle
    assert offenders(views, ("generator.site.pages",)) == {}


# Modules a contributor or a tool may import first; each in a fresh interpreter.
FIRST_IMPORTS = [
    "generator.pipeline",
    "generator.core.checks",
    "generator.core.loader",
    "generator.trees.checks",
    "generator.templates.checks",
    "generator.cli",
    "generator.plugin",
    "generator.site.pages",
]
CHECK_LIST = (
    "import importlib, sys; importlib.import_module(sys.argv[1]); import generator.pipeline as p; "
    "print(' '.join(f'{c.__module__}.{c.__qualname__}' for c in p.CHECKS))"
)


def test_the_checks_are_the_same_whatever_is_imported_first():
    runs = {
        m: subprocess.Popen(
            [sys.executable, "-c", CHECK_LIST, m],
            cwd=ROOT,
            env=ENV,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for m in FIRST_IMPORTS
    }
    lists = {}
    for module, run in runs.items():
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
        lists[module] = out.split()
    assert len(lists["generator.pipeline"]) >= 20
    assert {m: checks for m, checks in lists.items() if checks != lists["generator.pipeline"]} == {}


@pytest.mark.build
def test_check_loads_no_rendering_library():
    """`python -m generator check` must stay fast: loading and checking render nothing."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "generator", "check"],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    loaded = {line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "generator.pipeline" in loaded  # the importtime trace was read
    assert sorted(m for m in loaded if m.split(".")[0] in RENDERING) == []


def test_serve_watches_rules_and_templates(tmp_path):
    from generator.plugin import FollowUpGuidePlugin

    class Server:
        watched = []

        def watch(self, path):
            self.watched.append(path)

    plugin = FollowUpGuidePlugin()
    plugin.rules_dir, plugin.templates = tmp_path / "rules", tmp_path / "site-templates"
    plugin.on_serve(Server(), None, None)
    assert Server.watched == [str(tmp_path / "rules"), str(tmp_path / "site-templates")]
