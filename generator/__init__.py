"""Follow-Up Guide: interview follow-up advice kept as YAML rules, built into a guide site.

One folder per feature (core, trees, templates, calculator, center, site); ``pipeline`` reads the
rules, runs every check and hands back the guide; ``site`` renders it; ``plugin`` is the thin
MkDocs adapter; ``cli`` has one function per command. docs/design/architecture.md has the map.
"""

from pathlib import Path

# The guide's own checkout: its rules/ and site-templates/ serve centers that build from elsewhere.
GUIDE_ROOT = Path(__file__).resolve().parent.parent
