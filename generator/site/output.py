"""Every file the guide adds to a site: the generated pages (Markdown with YAML front matter) and
the assets (styles, scripts, the calculator's data, a center's branding). One function,
``site_files``, decides them; the MkDocs plugin registers what it returns for a build or a live
preview, and ``python -m generator pages DIR`` writes it into a folder any builder can read
(see docs/design/builders.md). Neither knows anything the other does not."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from generator import GUIDE_ROOT
from generator.calculator.data import DATA_FILE, calculator_data
from generator.calculator.public_holidays import DEFAULT_COUNTRIES, unknown_countries
from generator.center.colours import branding_css
from generator.core.models import Guide
from generator.site import offline
from generator.site.escape import json_text
from generator.site.pages import render_pages
from generator.site.render import DEFAULT_TEMPLATES, SiteOptions

ASSETS = ("assets/fug.css", "assets/trees.css", "assets/templates.css", "assets/calculator.css")
SCRIPTS = (
    "assets/trees.js",
    "assets/templates.js",
    "assets/plan.js",
    "assets/ics.js",
    "assets/calculator.js",
)  # ES modules
# A career center's branding files in the built site (see center/model.py), each with its own suffix.
CENTER_CSS = "assets/center.css"
CENTER_FILES = {"logo": "assets/center/logo", "favicon": "assets/center/favicon"}
VENDOR = GUIDE_ROOT / "site-templates" / "vendor"


@dataclass
class Settings:
    """The follow-up-guide plugin's options, as a builder's config file (mkdocs.yml) spells them;
    paths are relative to that file. The plugin's config schema takes its defaults from here."""

    rules: str = "rules"
    templates: str | None = None
    edit_base: str | None = None
    # ISO codes of the countries whose public holidays the calculator offers to skip.
    countries: list[str] = field(default_factory=lambda: list(DEFAULT_COUNTRIES))
    calculator_topic: str = "timing"  # topic page with the calculator's compact form
    center: str | None = None  # a career center's file (center.yml)


def center_file(center, key: str) -> str:
    """Where a center's logo or favicon goes in the site."""
    return CENTER_FILES[key] + getattr(center, key).suffix.lower()


class SettingsError(ValueError):
    """A plugin option the guide cannot use; the message names the option."""


def site_options(guide: Guide, settings: Settings, root: Path, **site) -> SiteOptions:
    """The options every page and asset is made with: the plugin's settings (paths resolved against
    ``root``, the config file's folder) and the builder's own (``site``: directory_urls, site_url,
    extra, offline)."""
    unknown = unknown_countries(settings.countries)
    if unknown:
        raise SettingsError(
            f"follow-up-guide: countries: unknown country code(s) {', '.join(unknown)}; "
            "use ISO 3166 codes the 'holidays' package knows, e.g. US, GB"
        )
    if settings.calculator_topic not in {t.id for t in guide.topics}:
        raise SettingsError(f"follow-up-guide: calculator_topic: no topic '{settings.calculator_topic}' in topics.yml")
    countries = tuple(settings.countries)
    if guide.center and guide.center.countries is not None:
        countries = guide.center.countries
    templates = (root / settings.templates).resolve() if settings.templates else DEFAULT_TEMPLATES
    return SiteOptions(
        edit_base=settings.edit_base,
        project_root=root,
        templates=templates,
        countries=countries,
        calculator_topic=settings.calculator_topic,
        **site,
    )


@dataclass(frozen=True)
class SiteFile:
    path: str  # where it goes in the docs folder, e.g. "topics/thank-you.md", "assets/fug.css"
    content: str | None = None  # generated text, or
    source: Path | None = None  # a file copied as it is
    title: str | None = None  # set for generated pages: MkDocs takes it from the nav, a folder from front matter


def site_files(guide: Guide, options: SiteOptions, today: datetime.date | None = None) -> list[SiteFile]:
    """Every page and asset the guide adds to a site, in a stable order. Raises offline.BundleError
    when the offline build cannot bundle the scripts."""
    data = json_text(
        calculator_data(
            guide, options.countries, today or datetime.date.today(), options.directory_urls, options.site_url
        )
    )
    files = [SiteFile(p.src_uri, p.content, title=p.title) for p in render_pages(guide, options)]
    files += [SiteFile(asset, source=options.templates / asset) for asset in ASSETS + SCRIPTS]
    files.append(SiteFile(DATA_FILE, data))
    if guide.center:
        files.append(
            SiteFile(CENTER_CSS, branding_css(guide.center, (options.templates / CENTER_CSS).read_text("utf-8")))
        )
        files += [
            SiteFile(center_file(guide.center, key), source=Path(getattr(guide.center, key)))
            for key in CENTER_FILES
            if getattr(guide.center, key)
        ]
    if options.offline:
        scripts = {Path(js).name: (options.templates / js).read_text("utf-8") for js in SCRIPTS}
        files.append(SiteFile(offline.BUNDLE, offline.bundle(scripts, {Path(DATA_FILE).name: data})))
        files.append(SiteFile(offline.SHIM, source=VENDOR / "iframe-worker" / "shim.js"))
    return files
