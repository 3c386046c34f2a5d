"""The MkDocs adapter: load and check the rules, then add the files ``site.output.site_files``
makes to the build (and watch the rules for a live preview).

Everything MkDocs-specific lives here; loading, checking and rendering know nothing of MkDocs,
so another site builder could replace this file alone (`python -m generator pages` is one)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from generator.core.errors import RuleError
from generator.pipeline import publishable_guide
from generator.site import offline, sitemap
from generator.site.escape import link_url, theme_text
from generator.site.output import (
    ASSETS,
    CENTER_CSS,
    SCRIPTS,
    Settings,
    SettingsError,
    center_file,
    site_files,
    site_options,
)

DEFAULTS = Settings()


class PluginConfig(Config):
    rules = c.Type(str, default=DEFAULTS.rules)
    templates = c.Optional(c.Type(str))
    edit_base = c.Optional(c.Type(str))
    countries = c.ListOfItems(c.Type(str), default=DEFAULTS.countries)
    calculator_topic = c.Type(str, default=DEFAULTS.calculator_topic)
    center = c.Optional(c.Type(str))  # see generator.site.output.Settings


class FollowUpGuidePlugin(BasePlugin[PluginConfig]):
    center_file: Path | None = None  # set in on_config when the `center` option is given

    def on_config(self, config):
        root = Path(config.config_file_path).resolve().parent
        settings = Settings(**{name: self.config[name] for name in vars(DEFAULTS)})
        self.rules_dir = (root / settings.rules).resolve()
        self.center_file = (root / settings.center).resolve() if settings.center else None
        try:
            self.guide = publishable_guide(self.rules_dir, self.center_file)
        except RuleError as err:
            # PluginError ends the build with this text and no traceback.
            raise PluginError(f"{len(err.problems)} problem(s) in the rules:\n{err}") from None
        self.center = self.guide.center
        if self.center:
            self._brand(config)
        is_offline = self._offline(config)
        try:
            options = site_options(
                self.guide,
                settings,
                root,
                directory_urls=config.use_directory_urls,
                site_url=config.site_url,
                extra=dict(config.extra),
                offline=is_offline,
            )
            self.files = site_files(self.guide, options)
        except (SettingsError, offline.BundleError) as err:
            raise PluginError(str(err)) from None
        self.templates = options.templates
        for css in ASSETS:
            if css not in config.extra_css:
                config.extra_css.append(css)
        for js in SCRIPTS if not is_offline else ():
            if js not in [str(s) for s in config.extra_javascript]:
                script = c.ExtraScriptValue(js)
                script.type = "module"
                config.extra_javascript.append(script)
        if is_offline and offline.BUNDLE not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(c.ExtraScriptValue(offline.BUNDLE))  # a classic script: see offline.py
        if config.nav is None:
            config.nav = self._nav(config)
        return config

    def _nav(self, config):
        docs = Path(config.docs_dir)
        hand_written = [
            (self._title_of(p), p.relative_to(docs).as_posix())
            for p in sorted(docs.glob("*.md"))
            if p.name != "index.md"
        ]
        return sitemap.nav(sitemap.site_map(self.guide), hand_written)

    def _brand(self, config) -> None:
        """The center's name, logo, favicon, colours and contact details (center.yml) on every page.
        The theme prints site_name raw in places, so it gets escaped text (theme_text)."""
        config.site_name = theme_text(self.center.name)
        for key in ("logo", "favicon"):
            if getattr(self.center, key):
                config.theme[key] = center_file(self.center, key)
        if CENTER_CSS not in config.extra_css:
            config.extra_css.append(CENTER_CSS)
        # Read by site-templates/overrides/main.html for the contact block (which escapes every value);
        # the booking link is checked here, where the allowed schemes are known.
        contact = {k: v for k, v in vars(self.center.contact).items() if v}
        if "booking" in contact:
            contact["booking"] = link_url(contact["booking"])
        config.extra["fug_center"] = {"name": self.center.name, **{k: v for k, v in contact.items() if v}}

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

    @staticmethod
    def _title_of(path: Path) -> str:
        for line in path.read_text("utf-8").splitlines():
            if line.startswith("# "):
                return line[2:].strip()
        return path.stem.replace("-", " ").capitalize()

    def on_files(self, files: Files, config) -> Files:
        for out in self.files:
            if out.title is not None and files.get_file_from_path(out.path) is not None:
                raise PluginError(f"{out.path} in {config.docs_dir} clashes with a generated page; rename or remove it")
            source = {"abs_src_path": str(out.source)} if out.source else {"content": out.content}
            f = File.generated(config, out.path, **source)
            if out.title is not None:
                f.edit_uri = None
            files.append(f)
        return files

    def on_serve(self, server, config, builder):
        server.watch(str(self.rules_dir))
        if self.center_file:
            server.watch(str(self.center_file.parent))
        server.watch(str(self.templates))
        return server
