"""Shared fixtures: the real rules, a built copy of the default guide, a local server, a browser."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")


def mkdocs_build(config: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """A strict build in a subprocess, as a user runs it (never with -q: it hides warnings)."""
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
                          cwd=config.parent, env=ENV, capture_output=True, text=True)


@pytest.fixture(scope="session")
def guide():
    from generator.loader import load_guide

    return load_guide(RULES)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site") / "site"
    result = mkdocs_build(ROOT / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    warnings = [l for l in result.stderr.splitlines() if l.startswith("WARNING")]
    assert not warnings, "\n".join(warnings)
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def expected_messages(folder: Path) -> dict[str, list[str]]:
    """A broken-fixture folder's EXPECTED.txt (`file:line: message` lines) grouped by fixture; a
    line naming a file that is not a fixture belongs to the fixture above it."""
    by_case: dict[str, list[str]] = {}
    current = None
    for line in (folder / "EXPECTED.txt").read_text("utf-8").splitlines():
        name = line.split(":", 1)[0]
        if (folder / name).exists():
            current = name
        by_case.setdefault(current, []).append(line)
    return by_case


def problems_of(rules: Path) -> list[str]:
    """Every problem the checker reports for a rules folder, as sorted `file:line[:col]: message`."""
    from generator.checks import check_guide
    from generator.errors import RuleError
    from generator.loader import load_guide

    with pytest.raises(RuleError) as err:
        check_guide(load_guide(rules))
    return sorted(f"{Path(p.path).name}:{p.line}{f':{p.column}' if p.column else ''}: {p.message}"
                  for p in err.value.problems)


@pytest.fixture()
def rules_copy(tmp_path) -> Path:
    """A small valid rules folder (tests/fixtures/base) to break on purpose."""
    shutil.copytree(FIXTURES / "base", tmp_path, dirs_exist_ok=True)
    return tmp_path / "rules"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does this)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}


class PageWatch:
    """A page that blocks and records any request leaving 127.0.0.1, and collects console errors."""

    def __init__(self, context):
        self.page = context.new_page()
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()


@pytest.fixture(params=sorted(VIEWPORTS))
def watched(request, browser):
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    watch = PageWatch(context)
    watch.viewport = request.param
    yield watch
    context.close()


def serious_accessibility_violations(page, include: list[str], inject: bool = True) -> list[str]:
    """axe-core (shipped inside the axe-playwright-python package, so no download) run on the parts
    of the page matching ``include``; violations of serious or critical impact, described.
    ``inject=False`` reuses the copy already added to this page."""
    if inject:
        page.add_script_tag(path=str(Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js"))
    result = page.evaluate("include => axe.run({include: include.map(s => [s])})", include)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} elements, e.g. {v['nodes'][0]['html'][:120]})"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]
