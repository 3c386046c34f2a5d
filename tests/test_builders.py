"""The guide does not depend on one site builder: `python -m generator pages DIR` writes every page
and asset the MkDocs plugin adds, and the guide built with ProperDocs (the maintained MkDocs 1.x
fork, in its own virtualenv: `make test-builders`) reads like the MkDocs build, page for page."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.site.folder import MARKER
from generator.site.output import ASSETS, SCRIPTS
from generator.site.sitemap import site_map

from .conftest import ENV, ROOT, real_guide, run_generator

pytestmark = pytest.mark.build  # every test here runs `python -m generator` or a site builder
PROPERDOCS = ROOT / ".venv-properdocs" / "bin" / "properdocs"


class _MainText(HTMLParser):
    """The words of a page's article (Material's md-content__inner), markup and whitespace aside."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # open elements inside the article; 0 outside it
        self.words: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += tag not in {"br", "hr", "img", "input", "meta", "link", "wbr", "source"}
        elif tag == "article" and "md-content__inner" in (dict(attrs).get("class") or ""):
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth and tag not in {"br", "hr", "img", "input", "meta", "link", "wbr", "source"}:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.words += data.split()


def main_text(page: Path) -> str:
    parser = _MainText()
    parser.feed(page.read_text("utf-8"))
    return " ".join(parser.words)


def pages_of(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): main_text(p) for p in sorted(site.rglob("*.html"))}


def assert_same_pages(ours: Path, theirs: Path) -> None:
    a, b = pages_of(ours), pages_of(theirs)
    assert sorted(a) == sorted(b)
    assert [page for page in a if not a[page]] == []  # the text is really read
    assert [page for page in a if a[page] != b[page]] == []


# -- pages as files ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pages_folder(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pages") / "docs"
    result = run_generator("pages", str(out))
    assert result.returncode == 0, result.stderr
    return out


def front_matter(path: Path) -> dict:
    text = path.read_text("utf-8")
    assert text.startswith("---\n"), path
    return yaml.safe_load(text.split("---\n", 2)[1])


def test_pages_writes_every_page_of_the_site_map_with_its_title(pages_folder):
    for page in site_map(real_guide()):
        assert front_matter(pages_folder / page.src_uri)["title"] == page.title


def test_pages_writes_every_asset_and_the_hand_written_pages(pages_folder):
    wanted = [
        *ASSETS,
        *SCRIPTS,
        "assets/calculator-data.json",
        *(p.relative_to(ROOT / "content").as_posix() for p in (ROOT / "content").glob("*.md")),
    ]
    assert [name for name in wanted if not (pages_folder / name).is_file()] == []


def test_pages_reads_a_centers_config_through_inherit(tmp_path):
    """examples/riverside/mkdocs-offline.yml inherits the center's mkdocs.yml, which inherits ours and
    names the center: the folder gets the center's page and branding, and the offline bundle."""
    result = run_generator("pages", str(tmp_path), "-f", str(ROOT / "examples" / "riverside" / "mkdocs-offline.yml"))
    assert result.returncode == 0, result.stderr
    wanted = ["differences.md", "assets/center.css", "assets/fug-offline.js", "assets/vendor/iframe-worker/shim.js"]
    assert [name for name in wanted if not (tmp_path / name).is_file()] == []
    assert list((tmp_path / "assets" / "center").glob("logo.*"))


def test_pages_are_the_same_whatever_the_hash_seed(tmp_path):
    """A build is reproducible: no page depends on the order of a set (string hashes vary per run)."""
    outs = []
    for seed in ("1", "3"):
        out = tmp_path / seed
        result = subprocess.run(
            [sys.executable, "-m", "generator", "pages", str(out)],
            cwd=ROOT,
            env=dict(ENV, PYTHONHASHSEED=seed),
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        outs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert sorted(outs[0]) == sorted(outs[1])
    assert [name for name in outs[0] if outs[0][name] != outs[1][name]] == []


def test_pages_refuses_a_folder_it_did_not_write(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = run_generator("pages", str(tmp_path))
    assert result.returncode == 2
    assert "not empty" in result.stderr and "Traceback" not in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_pages_rewrites_its_own_folder_and_keeps_other_files(tmp_path):
    out = tmp_path / "docs"
    assert run_generator("pages", str(out)).returncode == 0
    (out / "index.md").write_text("stale")
    (out / "mine.txt").write_text("mine")
    assert run_generator("pages", str(out)).returncode == 0
    assert (out / "index.md").read_text("utf-8").startswith("---\ntitle:")
    assert (out / "mine.txt").read_text("utf-8") == "mine"
    assert "index.md" in (out / MARKER).read_text("utf-8").splitlines()


def test_a_plain_mkdocs_build_of_the_pages_folder_reads_like_the_plugins(pages_folder, built_site, tmp_path):
    """The folder is enough: MkDocs without our plugin, on the folder, gives the same pages."""
    config = tmp_path / "mkdocs.yml"
    theme = {"name": "material", "custom_dir": str(ROOT / "site-templates" / "overrides")}
    config.write_text(
        yaml.safe_dump(
            {
                "INHERIT": str(ROOT / "mkdocs.yml"),
                "docs_dir": str(pages_folder),
                "theme": theme,
                "plugins": ["search"],
                "validation": {"nav": {"omitted_files": "ignore"}},
            }
        )
    )
    # From the guide's folder, as the snippets in content/ expect.
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(tmp_path / "site")],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert_same_pages(built_site, tmp_path / "site")


# -- ProperDocs ---------------------------------------------------------------------------------------
@pytest.mark.skipif(not PROPERDOCS.exists(), reason="no .venv-properdocs: `make test-builders` creates it")
def test_properdocs_builds_the_same_pages_as_mkdocs(built_site, tmp_path):
    site = tmp_path / "site"
    result = subprocess.run(
        [str(PROPERDOCS), "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("WARNING")] == []
    assert_same_pages(built_site, site)
