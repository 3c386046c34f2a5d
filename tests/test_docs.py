"""The repository's docs hold together: every relative link in README, CONTRIBUTING and docs/ leads
to a file (and heading) that exists, every docs path the code mentions exists, and CONTRIBUTING.md
stays the short task it promises to be. (content/ is the site's own pages: MkDocs checks those.)"""

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Folders that hold no docs of ours: tools, build output, and the site's pages (checked by MkDocs).
SKIP_TOP = {".git", ".venv", "content", "bench-out", "node_modules"}
SKIP_ANY = {"__pycache__", ".lighthouse", ".pytest_cache", ".hypothesis", "node_modules", "site", "site-offline"}
CONTRIBUTING_MAX_BYTES = 5000

FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$", re.M)
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)  # http:, https:, mailto:, ...


def doc_files() -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(ROOT):
        here = Path(folder)
        dirs[:] = [
            d for d in dirs if d not in SKIP_ANY and not (here == ROOT and (d in SKIP_TOP or d.startswith(".site-")))
        ]
        found += [here / f for f in files if f.endswith(".md")]
    return sorted(found)


def prose(text: str) -> str:
    """The text with code blocks and code spans blanked: `[a](b)` in code is not a link."""
    return CODE_SPAN.sub(" ", FENCE.sub(" ", text))


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]|<[^>]+>", "", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    out = set()
    for heading in HEADING.findall(FENCE.sub(" ", path.read_text("utf-8"))):
        base = slug(heading)
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.add(base if n == 0 else f"{base}-{n}")
    return out


def broken_links(path: Path) -> list[str]:
    text = prose(path.read_text("utf-8"))
    problems = []
    for target in INLINE_LINK.findall(text) + REFERENCE_LINK.findall(text):
        if EXTERNAL.match(target):
            continue
        file_part, _, fragment = target.partition("#")
        dest = (path.parent / file_part).resolve() if file_part else path
        if not dest.exists():
            problems.append(f"{target}: no such file")
        elif fragment and dest.suffix == ".md" and fragment not in anchors(dest):
            problems.append(f"{target}: no heading '#{fragment}' in {dest.name}")
    return problems


@pytest.mark.parametrize("doc", [p.relative_to(ROOT).as_posix() for p in doc_files()])
def test_relative_links_resolve(doc):
    assert broken_links(ROOT / doc) == []


def test_the_link_check_sees_the_docs_and_catches_broken_links(tmp_path):
    docs = {p.relative_to(ROOT).as_posix() for p in doc_files()}
    assert {"README.md", "CONTRIBUTING.md", "bench/README.md", "docs/design/architecture.md"} <= docs
    assert not any(d.startswith("content/") for d in docs)
    (tmp_path / "other.md").write_text("# Other page\n\n## Its `part`: one\n", "utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n[ok](other.md#its-part-one) [gone](missing.md) [bad](other.md#nope) [here](#page)\n"
        "`[code](ignored.md)` [web](https://example.org/x.md) [top](#nowhere)\n",
        "utf-8",
    )
    assert broken_links(page) == [
        "missing.md: no such file",
        "other.md#nope: no heading '#nope' in other.md",
        "#nowhere: no heading '#nowhere' in page.md",
    ]


def test_contributing_is_only_the_contributors_task():
    size = len((ROOT / "CONTRIBUTING.md").read_bytes())
    assert size <= CONTRIBUTING_MAX_BYTES, f"CONTRIBUTING.md is {size} bytes; move detail to docs/reference/"


# Paths under docs/ that code, templates and configuration point readers to, and sections of the
# top-level docs they name, like CONTRIBUTING.md ("Hosting").
DOCS_PATH = re.compile(r"\bdocs/[\w./-]*\w\.(?:md|yml)\b")
SECTION = re.compile(r"\b((?:CONTRIBUTING|README)\.md)\W{1,3}\"([^\"]+)\"")
POINTERS = [
    "Makefile",
    "mkdocs.yml",
    "mkdocs-offline.yml",
    "generator/**/*.py",
    "site-templates/**/*.js",
    "site-templates/**/*.j2",
    "site-templates/**/*.html",
    "bench/*.py",
    "examples/**/*.yml",
    ".ci/*",
]


def pointer_texts():
    return {
        p.relative_to(ROOT).as_posix(): p.read_text("utf-8", errors="replace")
        for pattern in POINTERS
        for p in ROOT.glob(pattern)
        if p.is_file()
    }


def test_docs_paths_named_in_code_exist():
    named = {(f, m) for f, text in pointer_texts().items() for m in DOCS_PATH.findall(text)}
    assert named, "no file points at docs/: the pattern or the file list is wrong"
    assert [(f, m) for f, m in sorted(named) if not (ROOT / m).exists()] == []


def test_doc_sections_named_in_code_exist():
    named = {(f, doc, section) for f, text in pointer_texts().items() for doc, section in SECTION.findall(text)}
    assert [(f, doc, section) for f, doc, section in sorted(named) if slug(section) not in anchors(ROOT / doc)] == []
