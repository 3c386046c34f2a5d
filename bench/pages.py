"""Page weight and Lighthouse scores of the default guide, per page type, measured in Chromium.

The built site is served by a small local server that gzips text responses, as any real host
does, so the figures are bytes transferred on a reader's first visit (empty cache)."""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

from generator.calculator.data import DATA_FILE
from generator.site.output import ASSETS, SCRIPTS

from .synth import ROOT

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PAGE_TYPES = {
    "home": "",
    "topic": "topics/timing/",
    "tree": "trees/should-i-follow-up-now/",
    "template": "templates/",
    "calculator": "calculator/",
    "sources": "sources/",
}
OURS = {f"/{a}" for a in ASSETS + SCRIPTS + (DATA_FILE,)}
SEARCH_INDEX = "/search/search_index.json"
BUDGET_OURS_CSS_JS = 15 * 1024  # our JavaScript and CSS together, gzipped
BUDGET_PAGE = 150 * 1024  # any page's first visit, gzipped, without the search index
LIGHTHOUSE = "lighthouse@12.8.2"  # the last release that runs on Debian's Node 20
LIGHTHOUSE_DIR = Path(__file__).resolve().parent / ".lighthouse"  # npm install target, ignored by git
LIGHTHOUSE_TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100}
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped (level 6, nginx's usual) when the client accepts it."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if not ("gzip" in self.headers.get("Accept-Encoding", "") and path.suffix in COMPRESSIBLE and path.is_file()):
            return super().send_head()  # also redirects /dir to /dir/
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(site: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def build_default_site(site: Path) -> None:
    """The default guide, built into ``site`` as `make site` builds it (strict, atomic)."""
    build = subprocess.run(
        [sys.executable, "-m", "generator", "build", "-d", str(site)],
        cwd=ROOT,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        capture_output=True,
        text=True,
    )
    if build.returncode:
        raise SystemExit(build.stderr)


def our_assets_gzipped(site: Path) -> int:
    return sum(len(gzip.compress((site / a).read_bytes(), 6)) for a in ASSETS + SCRIPTS)


def page_weights(base: str) -> dict[str, dict[str, int]]:
    """Per page type: bytes over the wire (body as sent, gzipped, plus headers) on a first visit,
    split into ours (the page's HTML, our CSS/JS/data) and mkdocs-material's, and the search index
    apart (Material's search fetches it in the background)."""
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for kind, path in PAGE_TYPES.items():
            context = browser.new_context(viewport={"width": 360, "height": 740})  # fresh cache
            page = context.new_page()
            sizes = {"ours": 0, "material": 0, "search_index": 0}
            document = base + path

            def finished(request, sizes=sizes, document=document):
                s = request.sizes()
                n = s["responseBodySize"] + s["responseHeadersSize"]
                url = request.url.split("?")[0].split("#")[0]
                local = "/" + url.split("/", 3)[3] if url.count("/") >= 3 else url
                if local == SEARCH_INDEX:
                    sizes["search_index"] += n
                elif url == document or local in OURS:
                    sizes["ours"] += n
                else:
                    sizes["material"] += n

            page.on("requestfinished", finished)
            page.goto(document, wait_until="networkidle")
            page.wait_for_timeout(300)
            out[kind] = sizes
            context.close()
        browser.close()
    return out


def ensure_lighthouse() -> Path | str:
    """The Lighthouse CLI, installed once with npm into bench/.lighthouse; a reason if it cannot be."""
    cli = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
    if cli.exists():
        return cli
    if not shutil.which("npm") or not shutil.which("node"):
        return "node and npm are not installed (apt-get install nodejs npm)"
    LIGHTHOUSE_DIR.mkdir(exist_ok=True)
    r = subprocess.run(
        ["npm", "install", "--prefix", str(LIGHTHOUSE_DIR), "--no-audit", "--no-fund", "--silent", LIGHTHOUSE],
        capture_output=True,
        text=True,
    )
    if r.returncode or not cli.exists():
        return f"npm install {LIGHTHOUSE} failed: {(r.stderr or r.stdout).strip().splitlines()[-1:]}"
    return cli


def lighthouse_scores(base: str) -> dict[str, dict[str, int]] | str:
    """Per page type: Lighthouse's mobile preset (its default) scores, 0-100; or why none."""
    cli = ensure_lighthouse()
    if isinstance(cli, str):
        return cli
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    out = {}
    for kind, path in PAGE_TYPES.items():
        r = subprocess.run(
            [
                "node",
                str(cli),
                base + path,
                "--quiet",
                "--output=json",
                "--output-path=stdout",
                "--only-categories=" + ",".join(LIGHTHOUSE_TARGETS),
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            ],
            capture_output=True,
            text=True,
            env=env,
        )
        if r.returncode:
            return f"lighthouse failed on {kind}: {r.stderr.strip().splitlines()[-1:]}"
        categories = json.loads(r.stdout)["categories"]
        out[kind] = {c: round(100 * (categories[c]["score"] or 0)) for c in LIGHTHOUSE_TARGETS}
    return out
