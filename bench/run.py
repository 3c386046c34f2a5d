"""`make bench`: every performance budget, rerunnable on any machine, printed as Markdown tables.

Build speed at 100, 1,000 and 5,000 rules (our load, check and render against MkDocs' share, a
plain mkdocs-material baseline, peak memory, `generator check`), live-preview latency, page weight
per page type and Lighthouse scores (bench/pages.py). Not part of `make test`: timings depend on
the machine, so they are reported with a met / NOT MET verdict, not asserted.
BENCH_SIZES=100,1000 picks other sizes. `python -m bench.run check` times only `generator check`
(default rules, and a synthetic guide of the largest size: seconds, not the whole benchmark)."""

from __future__ import annotations

import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .synth import ROOT, make_baseline, make_guide

ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "100,1000,5000").split(",")]

# Runs a build in a child process and prints wall time, peak memory and the time spent in our
# plugin's hooks (load + check + render), so both figures come from the same build.
PROFILE_BUILD = r"""
import json, resource, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
import generator.pipeline as gc
import generator.plugin as gp
import generator.site.output as gs
ours = 0.0
parts = {"load": 0.0, "check": 0.0, "render": 0.0}
def timed(fn):
    def wrapper(*a, **k):
        global ours
        t = time.perf_counter(); r = fn(*a, **k); ours += time.perf_counter() - t; return r
    return wrapper
def part(name, fn):
    def wrapper(*a, **k):
        t = time.perf_counter(); r = fn(*a, **k); parts[name] += time.perf_counter() - t; return r
    return wrapper
for hook in ("on_config", "on_files", "on_nav", "on_page_markdown", "on_post_build"):
    if hasattr(gp.FollowUpGuidePlugin, hook):
        setattr(gp.FollowUpGuidePlugin, hook, timed(getattr(gp.FollowUpGuidePlugin, hook)))
# called by their names in their modules: load and check (pipeline.publishable_guide), and rendering
# (pages + calculator data, in site.output)
gc.load_guide = part("load", gc.load_guide)
gc.check_guide = part("check", gc.check_guide)
gs.render_pages = part("render", gs.render_pages)
gs.calculator_data = part("render", gs.calculator_data)
t = time.perf_counter()
cfg = load_config(sys.argv[1], site_dir=sys.argv[2], strict=True)
build(cfg)
wall = time.perf_counter() - t
print(json.dumps({"wall": wall, "ours": ours, **parts,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _run_build(config: Path, site: Path) -> dict:
    import json

    out = subprocess.run(
        [sys.executable, "-c", PROFILE_BUILD, str(config), str(site)],
        env=ENV,
        capture_output=True,
        text=True,
        cwd=config.parent,
    )
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _time_cmd(cmd: list[str], cwd: Path, repeat: int = 5) -> float:
    """Median wall time of ``repeat`` runs after one warm-up run (bytecode compiled, files cached), in seconds."""
    subprocess.run(cmd, cwd=cwd, env=ENV, check=True, capture_output=True)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, env=ENV, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def check_default_rules() -> None:
    check = _time_cmd([sys.executable, "-m", "generator", "check"], ROOT, repeat=10)
    print(f"python -m generator check, default rules, median of 10: {check:.2f} s (target < 0.5 s): {_ok(check < 0.5)}")


def check_at_scale() -> None:
    """`generator check` alone on a synthetic guide of the largest size (the build table times it too)."""
    with tempfile.TemporaryDirectory() as tmp:
        project = make_guide(Path(tmp) / "guide", SIZES[-1])
        rules, _, _ = _guide_size(project / "rules")
        chk = _time_cmd([sys.executable, "-m", "generator", "--rules", str(project / "rules"), "check"], ROOT)
        print(f"`generator check` on {rules} rules, median of 5: {chk:.2f} s (target < 2 s): {_ok(chk < 2)}")


def _guide_size(rules: Path) -> tuple[int, int, int]:
    from generator.pipeline import load_guide

    g = load_guide(rules)
    return len(g.rules), len(g.trees), len(g.templates)


def build_table() -> list[dict]:
    rows = []
    print(
        "| rules | trees | templates | build s | load s | check s | render s | ours s | ours % | mkdocs s "
        "| peak MB | baseline s | build / baseline | ours ms/rule | build ms/rule | `check` s |"
    )
    print("|" + "---:|" * 16)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for n in SIZES:
            project = make_guide(tmp / f"guide-{n}", n)
            rules, trees, templates = _guide_size(project / "rules")
            r = _run_build(project / "mkdocs.yml", tmp / f"site-{n}")
            base = _run_build(make_baseline(tmp / f"base-{n}", rules) / "mkdocs.yml", tmp / f"bsite-{n}")
            chk = _time_cmd([sys.executable, "-m", "generator", "--rules", str(project / "rules"), "check"], ROOT)
            row = dict(r, rules=rules, trees=trees, templates=templates, baseline=base["wall"], check_cli=chk)
            rows.append(row)
            print(
                f"| {rules} | {trees} | {templates} | {r['wall']:.1f} | {r['load']:.2f} | {r['check']:.2f} | "
                f"{r['render']:.2f} | {r['ours']:.2f} | {100 * r['ours'] / r['wall']:.0f} | "
                f"{r['wall'] - r['ours']:.1f} | {r['rss_mb']:.0f} | {base['wall']:.1f} | "
                f"{r['wall'] / base['wall']:.2f} | {1000 * r['ours'] / rules:.2f} | {1000 * r['wall'] / rules:.2f} | "
                f"{chk:.2f} |",
                flush=True,
            )
            shutil.rmtree(tmp / f"site-{n}", ignore_errors=True)
            shutil.rmtree(tmp / f"bsite-{n}", ignore_errors=True)
    return rows


def verdicts(rows: list[dict]) -> None:
    big = rows[-1]
    share = max(100 * r["ours"] / r["wall"] for r in rows)
    # Linear means each added rule costs the same: compare the marginal cost between sizes (the
    # fixed cost of a build, paid once at any size, would make small guides look dear per rule).
    marginal = [(b["ours"] - a["ours"]) / (b["rules"] - a["rules"]) for a, b in zip(rows, rows[1:])]
    print(f"- our share of the build at most 10% at every size: {share:.0f}% at worst: {_ok(share <= 10)}")
    print(
        f"- {big['rules']}-rule build within 1.2x the baseline: {big['wall'] / big['baseline']:.2f}x: "
        f"{_ok(big['wall'] / big['baseline'] <= 1.2)}"
    )
    print(
        f"- `generator check` on {big['rules']} rules under 2 s (median of 5): {big['check_cli']:.2f} s: "
        f"{_ok(big['check_cli'] < 2)}"
    )
    if marginal:
        growth = max(marginal) / min(marginal)
        print(
            f"- our cost grows linearly: each added rule costs "
            f"{', then '.join(f'{1000 * m:.2f}' for m in marginal)} ms (within 1.5x): {_ok(growth <= 1.5)}"
        )


def _ok(met: bool) -> str:
    return "met" if met else "NOT MET"


def main() -> None:
    print(
        f"# Follow-Up Guide benchmark: {platform.node()}, {_cpu()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    check_default_rules()
    if sys.argv[1:] == ["check"]:
        check_at_scale()
        return
    from .pages import build_default_site

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"  # kept for the page-weight report at the end
        t = time.perf_counter()
        build_default_site(site)
        seconds = time.perf_counter() - t
        print(f"make site, default guide: {seconds:.2f} s (target < 5 s): {_ok(seconds < 5)}")
        preview = live_preview_seconds()
        print(
            f"live preview (save a rule file during mkdocs serve -> its page served with the change), default guide: "
            f"{preview:.2f} s (target < 2 s): {_ok(preview < 2)}"
        )
        print()
        print("## Build at scale (synthetic guides: whole copies of the real rules, trees and templates)")
        print()
        rows = build_table()
        print()
        verdicts(rows)
        print()
        page_report(site)


def _cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines() if Path("/proc/cpuinfo").exists() else []:
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def live_preview_seconds(timeout: float = 60) -> float:
    """Seconds from saving a rule file (in a copy of the default guide) while `mkdocs serve` runs
    to the moment the server hands out the rebuilt topic page with the change."""
    import socket
    import urllib.request

    with tempfile.TemporaryDirectory() as tmp:
        project = make_guide(Path(tmp) / "guide", 1)  # one copy: the default guide, ids renamed
        rule = sorted((project / "rules" / "timing").glob("*.yml"))[0]
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}/topics/timing/"

        def page() -> str:
            try:
                with urllib.request.urlopen(url, timeout=5) as r:
                    return r.read().decode("utf-8")
            except OSError:
                return ""

        try:
            deadline = time.monotonic() + timeout
            while "</html>" not in page():
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("mkdocs serve did not start")
                time.sleep(0.1)
            time.sleep(1)  # let the watcher settle
            marker = f"Saved {time.time_ns() % 10**6}"
            text = re.sub(r"^title: .*$", f"title: {marker}", rule.read_text("utf-8"), count=1, flags=re.M)
            saved = time.perf_counter()
            rule.write_text(text, "utf-8")
            while marker not in page():
                if time.perf_counter() - saved > timeout:
                    raise SystemExit("the change never reached the served page")
                time.sleep(0.02)
            return time.perf_counter() - saved
        finally:
            server.terminate()
            server.wait()


def page_report(site: Path) -> None:
    """Page weight and Lighthouse scores of the default guide, built in ``site``."""
    from . import pages

    print("## Page weight, first visit, gzipped, in Chromium (default guide)")
    assets = pages.our_assets_gzipped(site)
    print()
    print(
        f"our JavaScript + CSS: {assets / 1024:.1f} KB gzipped (target < 15 KB): "
        f"{_ok(assets < pages.BUDGET_OURS_CSS_JS)}"
    )
    with pages.serve(site) as base:
        weights = pages.page_weights(base)
        print()
        print("| page | ours KB | mkdocs-material KB | total KB | search index KB (apart) | under 150 KB |")
        print("|---|---:|---:|---:|---:|---|")
        for kind, w in weights.items():
            total = w["ours"] + w["material"]
            print(
                f"| {kind} | {w['ours'] / 1024:.1f} | {w['material'] / 1024:.1f} | {total / 1024:.1f} | "
                f"{w['search_index'] / 1024:.1f} | {_ok(total < pages.BUDGET_PAGE)} |"
            )
        print()
        print(
            "## Lighthouse, mobile preset, Debian's Chromium (targets: performance 95, accessibility 100, "
            "best practices 100)"
        )
        print()
        scores = pages.lighthouse_scores(base)
        if isinstance(scores, str):
            print(f"Lighthouse not run: {scores}")
            return
        print("| page | performance | accessibility | best practices | targets |")
        print("|---|---:|---:|---:|---|")
        for kind, sc in scores.items():
            met = all(sc[c] >= t for c, t in pages.LIGHTHOUSE_TARGETS.items())
            print(f"| {kind} | {sc['performance']} | {sc['accessibility']} | {sc['best-practices']} | {_ok(met)} |")


if __name__ == "__main__":
    main()
