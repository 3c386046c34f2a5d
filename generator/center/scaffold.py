"""`init-center DIR --name NAME`: scaffold a career center's edition (mkdocs.yml and
mkdocs-offline.yml, center.yml with a comment on every key, a local folder, placeholder logo and
favicon) that builds as it is, online and offline."""

from __future__ import annotations

import json
import os
from pathlib import Path

from generator import GUIDE_ROOT
from generator.core.errors import Problem, RuleError, UsageError, display_path

MKDOCS = """\
# {name}'s edition of the Follow-Up Guide. Build it with
#   mkdocs build --strict -f {dir}/mkdocs.yml      (or: make site CENTER={dir})
# INHERIT takes everything from the guide's mkdocs.yml, but lists (plugins, markdown_extensions,
# nav, theme features) REPLACE the guide's rather than add to them, and relative paths resolve
# against THIS file. So the plugins list is restated in full, and the paths point at the guide.
INHERIT: {inherit}
site_url: http://127.0.0.1:8000/   # your site's address once it is hosted
docs_dir: {docs_dir}
theme:
  name: material
  custom_dir: {custom_dir}
plugins:
  - search
  - follow-up-guide:
      rules: {rules}
      center: center.yml
  # A copy that works from a folder or USB stick (file://): mkdocs-offline.yml, beside this file.
markdown_extensions:   # restated in full (a list); snippets also look in the guide's folder
  - abbr
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.snippets:
      base_path: [".", {guide_q}]   # relative to where mkdocs runs: here, or the guide's folder
      check_paths: true
"""

MKDOCS_OFFLINE = """\
# {name}'s edition as a folder that works when opened from disk (file://): intranets, USB sticks.
# Build it with  make offline CENTER={dir}  (writes {dir}/site-offline/).
# Lists replace the inherited ones, so the plugins list is restated in full, with `offline` added.
INHERIT: mkdocs.yml
plugins:
  - search
  - follow-up-guide:
      rules: {rules}
      center: center.yml
  - offline
"""

CENTER = """\
# yaml-language-server: $schema={guide}/generator/schemas/center.schema.json
# {name}'s edition of the Follow-Up Guide. Every key is described in
# {guide}/generator/schemas/center.schema.json and {guide}/docs/reference/centers.md.
# Paths are relative to this file. Check it with: python -m generator check --center {dir}/center.yml
name: {name_q}
logo: logo.svg          # an SVG shown in the header (replace the placeholder)
favicon: favicon.svg    # an SVG for the browser tab
# colours:              # #rrggbb; links use the primary colour, so it must read on white (4.5:1)
#   primary: "#00695c"
#   accent: "#bf360c"
contact:                # shown under every page and with every decision-tree answer
  office: Where to find you, e.g. Student Centre, room 2.14
  # email: careers@example.edu
  # phone: +1 555 0100
  # booking: https://example.edu/careers/book
  # hours: Monday to Friday, 9:00 to 17:00
# countries: [US]       # public holidays the calculator offers (ISO codes); default: the guide's list
local: local            # your own rules, trees and templates, laid out like the guide's rules/
# hide:                 # leave parts of the guide out (ids are file names without .yml)
#   rules: [ask-for-the-timeline]
#   trees: []
#   templates: []
# overrides:            # change a rule; readers see it labelled as yours, with the reason
#   follow-up-when-no-date-given:
#     reason: Why you advise differently (shown to readers).
#     timing: {{recommended: 10}}    # also: title, summary, body, channels, do, dont, contested
#     evidence:                     # needed when the new timing goes beyond what the rule's sources say
#       - source: your-local-source # listed in local/sources.yml
#         quote: words copied exactly from that source's text
#         window: {{unit: days, earliest: 10, latest: 10}}
"""

LOCAL_README = """\
Your own rules, decision trees and message templates, in the same format as the guide's rules/
folder (see the guide's docs/reference/centers.md): rules in <topic>/<rule-id>.yml (a guide topic,
or one you list in topics.yml here), trees in trees/, templates in templates/, and the sources
your rules cite in sources.yml. Ids must differ from the guide's: prefix them with your center's
short name.
"""

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" '
    'fill="#00695c"/><text x="16" y="22" font-size="16" text-anchor="middle" fill="#ffffff" '
    'font-family="sans-serif">{initial}</text></svg>\n'
)


def _yaml(value: str) -> str:
    """A YAML scalar through a serializer (JSON is YAML): no value can start a key of its own."""
    return json.dumps(value, ensure_ascii=False)


def _refuse_unprintable(value: str, what: str) -> None:
    # Comments and messages print these as they are: a line break or escape code would end the
    # comment (a new top-level key in mkdocs.yml) or rewrite the terminal.
    bad = next((ch for ch in value if not ch.isprintable()), None)
    if bad is not None:
        raise UsageError(f"{what} must be one line of printable text; it holds {repr(bad)[1:-1]}")


def init_center(folder: Path, name: str) -> list[Path]:
    folder = Path(folder)
    _refuse_unprintable(name, "--name")
    _refuse_unprintable(str(folder), "the folder")
    if not name.strip():
        raise UsageError("--name must not be empty")
    if os.path.lexists(folder) and not folder.is_dir():
        raise UsageError(f"{display_path(folder)} is not a folder; give a new or empty folder")
    guide = Path(os.path.relpath(GUIDE_ROOT, folder.resolve())).as_posix()
    _refuse_unprintable(guide, "the guide's folder")
    values = {
        "name": name,
        "name_q": _yaml(name),
        "guide": guide,
        "guide_q": _yaml(guide),
        "dir": folder.as_posix(),
        "inherit": _yaml(f"{guide}/mkdocs.yml"),
        "docs_dir": _yaml(f"{guide}/content"),
        "custom_dir": _yaml(f"{guide}/site-templates/overrides"),
        "rules": _yaml(f"{guide}/rules"),
    }
    svg = SVG.format(initial=next((ch for ch in name if ch.isalnum()), "C").upper())
    files = {
        folder / "mkdocs.yml": MKDOCS.format(**values),
        folder / "mkdocs-offline.yml": MKDOCS_OFFLINE.format(**values),
        folder / "center.yml": CENTER.format(**values),
        folder / "local" / "README.md": LOCAL_README,
        folder / "logo.svg": svg,
        folder / "favicon.svg": svg,
    }
    existing = [p for p in files if os.path.lexists(p)]
    if existing:  # every one named, before anything is written
        raise RuleError(
            [
                Problem(
                    str(p),
                    1,
                    "already exists; init-center never overwrites a file: move it away or choose a new folder",
                )
                for p in existing
            ]
        )
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "x", encoding="utf-8") as out:  # "x": never replaces a file, nor follows a link
                out.write(text)
    except OSError as err:
        raise UsageError(f"cannot write {display_path(err.filename or folder)}: {err.strerror}") from None
    return list(files)
