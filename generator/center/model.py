"""A career center's file (center.yml): its name, contact block, branding, holiday countries, and
what it hides, overrides and adds. ``center.merge`` applies it to the guide."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.calculator.public_holidays import unknown_countries
from generator.center.colours import MIN_LINK_CONTRAST, contrast
from generator.center.images import image_problem
from generator.core.errors import Collector, RuleError, display_path
from generator.core.loader import load_validated
from generator.core.models import Guide
from generator.core.yaml_reader import Document

# Rule fields a center may override (besides reason and evidence); center.schema.json lists the same.
OVERRIDABLE = ("title", "summary", "body", "timing", "channels", "do", "dont", "contested")


@dataclass(frozen=True)
class Contact:
    office: str
    email: str | None = None
    phone: str | None = None
    booking: str | None = None
    hours: str | None = None


@dataclass
class Override:
    rule_id: str
    reason: str
    fields: dict  # overridden field -> the center's value (timing: only the keys it changes)
    evidence: list  # local evidence entries added to the rule's own
    line: int


@dataclass
class Center:
    path: Path
    doc: Document
    name: str
    contact: Contact
    logo: Path | None = None
    favicon: Path | None = None
    colours: dict = field(default_factory=dict)
    countries: tuple[str, ...] | None = None
    local: Path | None = None
    hide: dict = field(default_factory=dict)  # "rules" | "trees" | "templates" -> tuple of ids
    overrides: dict[str, Override] = field(default_factory=dict)
    # Filled in by ``edition``: the guide before the center's changes, and what the center added.
    upstream: Guide | None = None
    added: dict = field(default_factory=dict)  # "rules" | "trees" | "templates" | "sources" | "topics" -> ids

    def line(self, *pointer) -> int:
        return self.doc.line(pointer)

    def hidden(self, kind: str) -> tuple[str, ...]:
        return self.hide.get(kind, ())


MAX_IMAGE_BYTES = 1_000_000


def _path_problem(target: Path, base: Path, want_folder: bool) -> str | None:
    """Why a path center.yml names cannot be used: it must lie inside the center's folder (a
    ``local: /`` would walk the whole disk) and be what it claims. Logos are copied into the
    site as they are, so a link (to a system file) or a FIFO is refused, not followed."""
    if not want_folder and target.is_symlink():
        return "is a symbolic link; put the file itself next to center.yml"
    try:
        resolved, folder = target.resolve(), base.resolve()
    except (OSError, RuntimeError):
        return "is a loop of symbolic links"
    if resolved == folder:
        return "is the center's folder itself; name a folder inside it, e.g. local"
    if not resolved.is_relative_to(folder):
        return f"is outside the center's folder ({display_path(base) or '.'}); give a path inside it"
    if not target.exists():
        return "not found next to center.yml"
    if want_folder:
        return None if target.is_dir() else "is not a folder; local: names the folder of your own rules"
    if not target.is_file():
        return "is not a file (a folder, pipe or device); give an image file"
    if target.stat().st_size > MAX_IMAGE_BYTES:
        return f"is larger than {MAX_IMAGE_BYTES // 1000} kB"
    return None


def load_center(path: Path) -> Center:
    path = Path(path)
    errors = Collector()
    if not path.is_file():
        raise RuleError.one(path, 1, "center file not found")
    doc = load_validated(path, "center", errors)
    errors.raise_if_any()
    d = doc.data
    base = path.parent
    center = Center(
        path=path,
        doc=doc,
        name=d["name"],
        contact=Contact(**d["contact"]),
        logo=base / d["logo"] if "logo" in d else None,
        favicon=base / d["favicon"] if "favicon" in d else None,
        colours=dict(d.get("colours", {})),
        countries=tuple(d["countries"]) if "countries" in d else None,
        local=base / d["local"] if "local" in d else None,
        hide={k: tuple(v) for k, v in d.get("hide", {}).items()},
        overrides={
            rid: Override(
                rid,
                o["reason"],
                {k: v for k, v in o.items() if k in OVERRIDABLE},
                list(o.get("evidence", ())),
                doc.line(("overrides", rid)),
            )
            for rid, o in d.get("overrides", {}).items()
        },
    )
    for key in ("logo", "favicon", "local"):
        target = getattr(center, key)
        if target is not None:
            problem = _path_problem(target, base, want_folder=key == "local")
            if problem is None and key != "local":
                problem = image_problem(target)
            if problem:
                errors.add(path, center.line(key), f"{key}: {d[key]!r} {problem}")
    for code in unknown_countries(center.countries or ()):
        errors.add(
            path,
            center.line("countries", center.countries.index(code)),
            f"countries: unknown country code '{code}'; use ISO 3166 codes the 'holidays' package knows, e.g. US, GB",
        )
    primary = center.colours.get("primary")
    if primary and contrast(primary, "#ffffff") < MIN_LINK_CONTRAST:
        errors.add(
            path,
            center.line("colours", "primary"),
            f"colours.primary: {primary} on white has contrast {contrast(primary, '#ffffff'):.1f}:1; links are "
            f"drawn in this colour and need at least {MIN_LINK_CONTRAST}:1, so choose a darker one",
        )
    errors.raise_if_any()
    return center
