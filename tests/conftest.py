"""Shared fixtures: the real rules, a built copy of the default guide, a local server, a browser."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import settings
from playwright.sync_api import Error as PlaywrightError

# Tests are not timed (speed lives in `make bench`): no per-example deadline that a busy CI machine
# could miss, and no example database left behind between runs.
settings.register_profile("suite", deadline=None, database=None)
settings.load_profile("suite")

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
BROKEN = Path(__file__).resolve().parent / "broken"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")


# -- markers: `make test-fast` runs what needs none of them ------------------------------------------
# A test gets `build` or `browser` from the fixtures it uses (directly or through other fixtures), so
# using one is enough. Subprocesses are checked as they start: a test that runs mkdocs or
# `python -m generator` without `build`, or node without `node`, fails and says which mark to add.
MARKED_BY_FIXTURE = {"browser": "browser", "built_site": "build", "center_site": "build"}
MARKER_REASON = {
    "build": "builds a site or runs mkdocs / python -m generator in a subprocess",
    "node": "runs JavaScript in node",
    "browser": "drives Chromium",
}


def pytest_collection_modifyitems(items):
    for item in items:
        for marker in sorted({m for f, m in MARKED_BY_FIXTURE.items() if f in item.fixturenames}):
            item.add_marker(marker)


_running: list = []  # the test item being set up, run or torn down


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    _running.append(item)
    try:
        return (yield)
    finally:
        _running.pop()


NODE_NAMES = ("node", "nodejs")


def subprocess_marker(args) -> str | None:
    """The marker a subprocess needs: node, mkdocs or ``python -m generator|mkdocs``."""
    argv = [os.fspath(a) for a in args] if isinstance(args, (list, tuple)) else [os.fspath(args)]
    if "playwright" in Path(argv[0]).parts:  # Playwright's own driver (a bundled node) starts Chromium
        return "browser"
    if Path(argv[0]).name in NODE_NAMES:
        return "node"
    if Path(argv[0]).name == "mkdocs" or any(
        a == "-m" and b.split(".")[0] in ("generator", "mkdocs") for a, b in zip(argv, argv[1:])
    ):
        return "build"
    return None


_popen_init = subprocess.Popen.__init__


def _checked_popen_init(self, args, *rest, **kwargs):
    marker = subprocess_marker(args)
    item = _running[-1] if _running else None
    if marker and item is not None and item.get_closest_marker(marker) is None:
        pytest.fail(
            f"{item.nodeid} {MARKER_REASON[marker]}: mark it @pytest.mark.{marker} "
            f"(`make test-fast` leaves out {marker} tests)",
            pytrace=False,
        )
    _popen_init(self, args, *rest, **kwargs)


subprocess.Popen.__init__ = _checked_popen_init


def mkdocs_build(config: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """A strict build in a subprocess, as a user runs it (never with -q: it hides warnings)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        cwd=config.parent,
        env=ENV,
        capture_output=True,
        text=True,
    )


def run_generator(*args, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """``python -m generator ARGS`` as a contributor runs it, from ``cwd``."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=ENV, capture_output=True, text=True)


@functools.cache
def real_guide():
    """The guide in rules/, loaded once per run (tests that change a guide load their own copy)."""
    from generator.pipeline import load_guide

    return load_guide(RULES)


@functools.cache
def real_problems() -> dict[str, tuple]:
    """What each check reports on the guide in rules/, by check name, run once per run. If the
    guide does not even load, the loader's problems come back under "loading"."""
    from generator.core.errors import RuleError
    from generator.pipeline import CHECKS

    try:
        guide = real_guide()
    except RuleError as err:
        return {"loading": tuple(err.problems)}
    return {check.__name__: tuple(check(guide)) for check in CHECKS}


@pytest.fixture(scope="session")
def guide():
    return real_guide()


def strict_site(config: Path, site: Path) -> Path:
    """``site`` built from ``config``; the build must succeed with no warning."""
    result = mkdocs_build(config, site)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert not warnings, "\n".join(warnings)
    return site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    return strict_site(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("site") / "site")


EXAMPLE_CENTER = ROOT / "examples" / "riverside"


@pytest.fixture(scope="session")
def center_site(tmp_path_factory) -> Path:
    return strict_site(EXAMPLE_CENTER / "mkdocs-offline.yml", tmp_path_factory.mktemp("center") / "site")


@pytest.fixture(scope="session")
def riverside():
    from generator.pipeline import edition

    return edition(RULES, EXAMPLE_CENTER / "center.yml")


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


def problems_of(rules: Path) -> list[str]:
    """Every problem the checker reports for a rules folder, as sorted `file:line[:col]: message`."""
    from generator.core.errors import RuleError
    from generator.pipeline import check_guide, load_guide

    with pytest.raises(RuleError) as err:
        check_guide(load_guide(rules))
    return sorted(
        f"{Path(p.path).name}:{p.line}{f':{p.column}' if p.column else ''}: {p.message}" for p in err.value.problems
    )


def support_guide(dest: Path, kind: str | None = None) -> Path:
    """The one small valid guide (tests/broken/_guide) copied to ``dest``, with what the cases of
    ``kind`` lean on (tests/broken/<kind>/_guide: rules that trees cite, templates and the rules they
    serve, a tree and template for centers to hide) laid over it; returns its rules folder."""
    shutil.copytree(BROKEN / "_guide", dest, dirs_exist_ok=True)
    if kind and (BROKEN / kind / "_guide").is_dir():
        shutil.copytree(BROKEN / kind / "_guide", dest, dirs_exist_ok=True)
    return dest / "rules"


@pytest.fixture()
def rules_copy(tmp_path) -> Path:
    """A small valid rules folder (tests/broken/_guide) to break on purpose."""
    return support_guide(tmp_path)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does this)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


def search_result_links(page, phrase: str, wanted, timeout_ms: int = 10_000) -> list[str]:
    """Type ``phrase`` into Material's search and return the result links' hrefs, once one of them
    satisfies ``wanted`` (or the wait ends). Results re-render as the search refines, so the links
    are read all at once, never one by one."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.keyboard.type(phrase)
    read = "() => [...document.querySelectorAll('.md-search-result__link')].map(a => a.getAttribute('href'))"
    deadline = time.monotonic() + timeout_ms / 1000
    hrefs = page.evaluate(read)
    while not any(h and wanted(h) for h in hrefs) and time.monotonic() < deadline:
        page.wait_for_timeout(100)
        hrefs = page.evaluate(read)
    return hrefs


VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}


class PageWatch:
    """A page that blocks and records any request not to an allowed place (127.0.0.1 by default;
    file:// for the offline build), and collects console errors."""

    def __init__(self, context, allowed=("http://127.0.0.1",)):
        self.allowed = tuple(allowed) + ("data:", "blob:", "about:")
        self.page = context.new_page()
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.allowed):
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


WCAG_21_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def accessibility_violations(page, include: list[str] | None = None, inject: bool = True) -> list[str]:
    """axe-core (shipped inside the axe-playwright-python package, so no download) run on the
    whole page, or on the parts matching ``include``: every violation of a WCAG 2.1 A or AA rule,
    whatever its impact, described. ``inject=False`` reuses the copy already added to this page."""
    if inject:
        page.add_script_tag(path=str(Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js"))
    result = page.evaluate(
        """([include, tags]) => axe.run(include ? {include: include.map(s => [s])} : document,
                                                          {runOnly: {type: "tag", values: tags}})""",
        [include, WCAG_21_A_AA],
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} ({len(v['nodes'])} elements, e.g. "
        f"{v['nodes'][0]['target']} {v['nodes'][0]['html'][:120]})"
        for v in result["violations"]
    ]


# The site_url in mkdocs.yml. Material's instant navigation only follows links that sitemap.xml
# lists, comparing the port too, so on the test server's port every click is a full page load.
CONFIGURED_URL = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text("utf-8"), re.M).group(1)


def instant_navigation_ready(page) -> None:
    """Wait until Material's instant navigation is listening: it takes over only links it found in
    sitemap.xml, which it fetches after the page has loaded; a click before that reloads the page."""
    page.wait_for_load_state("networkidle")


@pytest.fixture(scope="session")
def configured_origin(site_url):
    """Serve the built site under mkdocs.yml's site_url in a browser context or page (a page's own
    routes, like PageWatch's, would otherwise answer first); returns that URL. Use it wherever a
    test claims instant navigation: ``base = configured_origin(context)``."""

    def forward(route) -> None:
        try:
            response = route.fetch(url=route.request.url.replace(CONFIGURED_URL, site_url, 1))
        except PlaywrightError:  # the page closed while a request (the favicon, say) was in flight
            return
        route.fulfill(response=response)

    def serve(target) -> str:
        target.route(CONFIGURED_URL + "**", forward)
        return CONFIGURED_URL

    return serve
