"""Guards on the shape of the code that the project relies on."""
import ast
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parent.parent / "generator"


@pytest.mark.parametrize("module", sorted(p.name for p in GENERATOR.glob("*.py") if p.name != "plugin.py"))
def test_only_the_plugin_imports_mkdocs(module):
    """Loading, checking and rendering must survive a change of site builder."""
    tree = ast.parse((GENERATOR / module).read_text("utf-8"))
    imported = [n.module if isinstance(n, ast.ImportFrom) else a.name
                for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))
                for a in (n.names if isinstance(n, ast.Import) else [n])]
    assert not [m for m in imported if m and m.split(".")[0] == "mkdocs"]


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
