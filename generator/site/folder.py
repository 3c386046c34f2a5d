"""`python -m generator pages DIR`: the guide's pages and assets (``site.output.site_files``) and the
hand-written pages written into a folder, for a site builder other than the MkDocs plugin to read.

The options come from the same config file MkDocs reads (mkdocs.yml, INHERIT followed), read as
plain data (``site.config``), since this must work without MkDocs. DIR must be empty, missing, or an earlier
output of this command (it carries MARKER, listing what was written): nothing else is ever
overwritten or deleted."""

from __future__ import annotations

import json
import shutil
from dataclasses import fields
from pathlib import Path

from generator.pipeline import publishable_guide
from generator.site.config import PLUGIN, plugins, read_config
from generator.site.output import Settings, SiteFile, site_files, site_options

MARKER = ".follow-up-guide-pages"


class FolderError(Exception):
    """A folder or config this command will not use; the message says why."""


def settings_from(config: dict) -> Settings:
    options = plugins(config).get(PLUGIN)
    if options is None:
        raise FolderError(f"the config does not use the {PLUGIN} plugin")
    known = {f.name: list if f.name == "countries" else str for f in fields(Settings)}
    unknown = sorted(set(options) - set(known))
    if unknown:
        raise FolderError(f"{PLUGIN}: unknown option(s) {', '.join(unknown)}")
    wrong = [name for name, value in options.items() if value is not None and not isinstance(value, known[name])]
    if wrong:
        raise FolderError(f"{PLUGIN}: {', '.join(wrong)}: expected {' / '.join(known[n].__name__ for n in wrong)}")
    return Settings(**options)


def hand_written(docs_dir: Path) -> list[SiteFile]:
    """Every file of docs_dir (hidden ones aside, as MkDocs does), copied as it is."""
    return [
        SiteFile(p.relative_to(docs_dir).as_posix(), source=p)
        for p in sorted(docs_dir.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(docs_dir).parts)
    ]


def generate(config_file: Path) -> list[SiteFile]:
    """What the plugin adds to a build of ``config_file``, and the hand-written pages beside it."""
    if not config_file.is_file():
        raise FolderError(f"{config_file}: no such config file")
    config = read_config(config_file)
    root = config_file.resolve().parent
    settings = settings_from(config)
    offline = any(name.endswith("offline") and (o or {}).get("enabled", True) for name, o in plugins(config).items())
    guide = publishable_guide(
        (root / settings.rules).resolve(), (root / settings.center).resolve() if settings.center else None
    )
    options = site_options(
        guide,
        settings,
        root,
        directory_urls=bool(config.get("use_directory_urls", True)) and not offline,
        site_url=config.get("site_url"),
        extra=dict(config.get("extra") or {}),
        offline=offline,
    )
    generated = site_files(guide, options)
    docs = hand_written(root / config.get("docs_dir", "docs"))
    clashes = sorted({f.path for f in docs} & {f.path for f in generated})
    if clashes:
        raise FolderError(f"{', '.join(clashes)} in docs_dir clash with generated files; rename or remove them")
    return generated + docs


def with_front_matter(page: SiteFile) -> str:
    """A generated page's Markdown with its title in the YAML front matter, merged into the front
    matter its template may write (``hide: [toc]``). A JSON string is a YAML double-quoted scalar.
    (The plugin hands MkDocs the page without it: MkDocs takes titles from the nav, and a title in
    the front matter would change the home page's <title>.)"""
    title = f"title: {json.dumps(page.title, ensure_ascii=False)}\n"
    if page.content.startswith("---\n"):
        return "---\n" + title + page.content[4:]
    return "---\n" + title + "---\n\n" + page.content


def write(files: list[SiteFile], out: Path) -> None:
    """Write ``files`` into ``out``: a missing or empty folder, or one this function wrote before
    (then the files it wrote last time are replaced; anything else in it stays)."""
    marker = out / MARKER
    if out.exists() and not out.is_dir():
        raise FolderError(f"{out} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not marker.is_file():
        raise FolderError(
            f"{out} is not empty and holds no earlier `pages` output ({MARKER}); choose an empty or new folder"
        )
    if marker.is_file():
        for line in marker.read_text("utf-8").splitlines():
            old = (out / line).resolve()
            if line and old.is_relative_to(out.resolve()) and old.is_file():
                old.unlink()
    out.mkdir(parents=True, exist_ok=True)
    # Written first, so a run that fails half-way can be repeated into the same folder.
    marker.write_text("".join(f"{f.path}\n" for f in files), encoding="utf-8")
    for f in files:
        target = out / f.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if f.source is not None:
            shutil.copyfile(f.source, target)
        else:
            target.write_text(with_front_matter(f) if f.title is not None else f.content, encoding="utf-8")
