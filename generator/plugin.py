"""The MkDocs adapter: load and check the rules, render pages, add them to the build.

Everything MkDocs-specific lives here; loading, checking and rendering know nothing of MkDocs,
so another site builder could replace this file alone."""
from __future__ import annotations

import datetime
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from generator import GUIDE_ROOT
from generator.calculator.data import DATA_FILE, calculator_data
from generator.calculator.public_holidays import DEFAULT_COUNTRIES, unknown_countries
from generator.center.colours import branding_css
from generator.core.errors import RuleError
from generator.pipeline import publishable_guide
from generator.site import offline, sitemap
from generator.site.escape import json_text, link_url, theme_text
from generator.site.pages import render_pages
from generator.site.render import DEFAULT_TEMPLATES, SiteOptions

ASSETS = ("assets/fug.css", "assets/trees.css", "assets/templates.css", "assets/calculator.css")
# A career center's branding files in the built site (see center/model.py), each with its own suffix.
CENTER_CSS = "assets/center.css"
CENTER_FILES = {"logo": "assets/center/logo", "favicon": "assets/center/favicon"}
VENDOR = GUIDE_ROOT / "site-templates" / "vendor"
SCRIPTS = ("assets/trees.js", "assets/templates.js", "assets/plan.js", "assets/ics.js", "assets/calculator.js")  # ES modules, added as <script type="module">


class PluginConfig(Config):
    rules = c.Type(str, default="rules")
    templates = c.Optional(c.Type(str))
    edit_base = c.Optional(c.Type(str))
    # ISO codes of the countries whose public holidays the calculator offers to skip.
    countries = c.ListOfItems(c.Type(str), default=list(DEFAULT_COUNTRIES))
    calculator_topic = c.Type(str, default="timing")  # topic page with the calculator's compact form
    center = c.Optional(c.Type(str))  # a career center's file (center.yml), relative to this mkdocs.yml


class FollowUpGuidePlugin(BasePlugin[PluginConfig]):
    center_file: Path | None = None  # set in on_config when the `center` option is given

    def on_config(self, config):
        root = Path(config.config_file_path).resolve().parent
        self.rules_dir = (root / self.config.rules).resolve()
        self.templates = (root / self.config.templates).resolve() if self.config.templates else DEFAULT_TEMPLATES
        self.project_root = root
        self.center_file = (root / self.config.center).resolve() if self.config.center else None
        try:
            self.guide = publishable_guide(self.rules_dir, self.center_file)
        except RuleError as err:
            # PluginError ends the build with this text and no traceback.
            raise PluginError(f"{len(err.problems)} problem(s) in the rules:\n{err}") from None
        self.center = self.guide.center
        if self.center:
            self._brand(config)
        self.offline = self._offline(config)
        self._check_calculator_config()
        options = SiteOptions(directory_urls=config.use_directory_urls, edit_base=self.config.edit_base,
                              project_root=root, templates=self.templates, extra=dict(config.extra),
                              countries=tuple(self.config.countries), calculator_topic=self.config.calculator_topic)
        if self.center and self.center.countries is not None:
            options.countries = self.center.countries
        self.calculator_json = json_text(calculator_data(self.guide, options.countries, datetime.date.today(),
                                                         config.use_directory_urls, config.site_url))
        self.pages = render_pages(self.guide, options)
        for css in ASSETS:
            if css not in config.extra_css:
                config.extra_css.append(css)
        for js in SCRIPTS if not self.offline else ():
            if js not in [str(s) for s in config.extra_javascript]:
                script = c.ExtraScriptValue(js)
                script.type = "module"
                config.extra_javascript.append(script)
        if self.offline and offline.BUNDLE not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(c.ExtraScriptValue(offline.BUNDLE))  # a classic script: see offline.py
        if config.nav is None:
            config.nav = self._nav(config)
        return config

    def _nav(self, config):
        docs = Path(config.docs_dir)
        hand_written = [(self._title_of(p), p.relative_to(docs).as_posix()) for p in sorted(docs.glob("*.md"))
                        if p.name != "index.md"]
        return sitemap.nav(sitemap.site_map(self.guide), hand_written)

    def _brand(self, config) -> None:
        """The center's name, logo, favicon, colours and contact details (center.yml) on every page.
        The theme prints site_name raw in places, so it gets escaped text (theme_text)."""
        config.site_name = theme_text(self.center.name)
        for key in ("logo", "favicon"):
            if getattr(self.center, key):
                config.theme[key] = self._center_file(key)
        if CENTER_CSS not in config.extra_css:
            config.extra_css.append(CENTER_CSS)
        # Read by site-templates/overrides/main.html for the contact block (which escapes every value);
        # the booking link is checked here, where the allowed schemes are known.
        contact = {k: v for k, v in vars(self.center.contact).items() if v}
        if "booking" in contact:
            contact["booking"] = link_url(contact["booking"])
        config.extra["fug_center"] = {"name": self.center.name, **{k: v for k, v in contact.items() if v}}

    def _center_file(self, key: str) -> str:
        return CENTER_FILES[key] + getattr(self.center, key).suffix.lower()

    @staticmethod
    def _offline(config) -> bool:
        """True when mkdocs-material's offline plugin is on: then the site must work from file://.
        Set here, not left to that plugin, because this plugin's on_config may run first."""
        on = any(name.endswith("offline") and getattr(p.config, "enabled", False) for name, p in config.plugins.items())
        if on:
            config.use_directory_urls = False
            # Instant navigation fetches pages, which file:// forbids.
            config.theme["features"] = [f for f in config.theme.get("features", []) if f != "navigation.instant"]
            polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in str(p)]
            config.extra["polyfills"] = polyfills + [offline.SHIM]  # instead of the CDN copy the offline plugin adds
        return on

    def _check_calculator_config(self):
        unknown = unknown_countries(self.config.countries)
        if unknown:
            raise PluginError(f"follow-up-guide: countries: unknown country code(s) {', '.join(unknown)}; "
                              "use ISO 3166 codes the 'holidays' package knows, e.g. US, GB")
        if self.config.calculator_topic not in {t.id for t in self.guide.topics}:
            raise PluginError(f"follow-up-guide: calculator_topic: no topic '{self.config.calculator_topic}' in topics.yml")

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
        files.append(File.generated(config, DATA_FILE, content=self.calculator_json))
        if self.center:
            files.append(File.generated(config, CENTER_CSS, content=branding_css(self.center, (self.templates / CENTER_CSS).read_text("utf-8"))))
            for key in CENTER_FILES:
                if getattr(self.center, key):
                    files.append(File.generated(config, self._center_file(key), abs_src_path=str(getattr(self.center, key))))
        if self.offline:
            scripts = {Path(js).name: (self.templates / js).read_text("utf-8") for js in SCRIPTS}
            try:
                content = offline.bundle(scripts, {Path(DATA_FILE).name: self.calculator_json})
            except offline.BundleError as err:
                raise PluginError(str(err)) from None
            files.append(File.generated(config, offline.BUNDLE, content=content))
            files.append(File.generated(config, offline.SHIM, abs_src_path=str(VENDOR / "iframe-worker" / "shim.js")))
        return files

    def on_serve(self, server, config, builder):
        server.watch(str(self.rules_dir))
        if self.center_file:
            server.watch(str(self.center_file.parent))
        server.watch(str(self.templates))
        return server
