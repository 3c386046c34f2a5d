"""The MkDocs adapter: load and check the rules, render pages, add them to the build.

Everything MkDocs-specific lives here; loading, checking and rendering know nothing of MkDocs,
so another site builder could replace this file alone."""
from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .checks import check_guide
from .errors import RuleError
from .loader import load_guide
from .render import DEFAULT_TEMPLATES, SiteOptions, render_pages

ASSETS = ("assets/fug.css",)
SCRIPTS = ()


class PluginConfig(Config):
    rules = c.Type(str, default="rules")
    templates = c.Optional(c.Type(str))
    edit_base = c.Optional(c.Type(str))


class FollowUpGuidePlugin(BasePlugin[PluginConfig]):
    def on_config(self, config):
        root = Path(config.config_file_path).resolve().parent
        self.rules_dir = (root / self.config.rules).resolve()
        self.templates = (root / self.config.templates).resolve() if self.config.templates else DEFAULT_TEMPLATES
        self.project_root = root
        try:
            self.guide = check_guide(load_guide(self.rules_dir))
        except RuleError as err:
            # PluginError ends the build with this text and no traceback.
            raise PluginError(f"{len(err.problems)} problem(s) in the rules:\n{err}") from None
        options = SiteOptions(directory_urls=config.use_directory_urls, edit_base=self.config.edit_base,
                              project_root=root, templates=self.templates, extra=dict(config.extra))
        self.pages = render_pages(self.guide, options)
        for css in ASSETS:
            if css not in config.extra_css:
                config.extra_css.append(css)
        if config.nav is None:
            config.nav = self._nav(config)
        return config

    def _nav(self, config):
        titles = {p.src_uri: p.title for p in self.pages}
        docs = Path(config.docs_dir)
        hand_written = [{self._title_of(p): p.relative_to(docs).as_posix()} for p in sorted(docs.glob("*.md"))
                        if p.name != "index.md"]
        return ([{"Home": "index.md"},
                 {"Topics": [{titles[f"topics/{t.id}.md"]: f"topics/{t.id}.md"} for t in self.guide.topics]},
                 {"All rules, A to Z": "rules.md"},
                 {titles["disagreements.md"]: "disagreements.md"},
                 {"Sources": "sources.md"}] + hand_written)

    @staticmethod
    def _title_of(path: Path) -> str:
        for line in path.read_text("utf-8").splitlines():
            if line.startswith("# "):
                return line[2:].strip()
        return path.stem.replace("-", " ").capitalize()

    def on_files(self, files: Files, config) -> Files:
        for page in self.pages:
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                raise PluginError(f"{page.src_uri} in {config.docs_dir} clashes with a generated page; rename or remove it")
            f = File.generated(config, page.src_uri, content=page.content)
            f.edit_uri = None
            files.append(f)
        for asset in ASSETS + SCRIPTS:
            files.append(File.generated(config, asset, abs_src_path=str(self.templates / asset)))
        return files

    def on_serve(self, server, config, builder):
        server.watch(str(self.rules_dir))
        server.watch(str(self.templates))
        return server
