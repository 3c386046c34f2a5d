"""`make bench`: build speed and the generator's share of it, rerunnable on any machine.

Not part of `make test`: timings depend on the machine, so they are reported, not asserted."""
from __future__ import annotations

import os
import platform
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
import generator.plugin as gp
ours = 0.0
def timed(fn):
    def wrapper(*a, **k):
        global ours
        t = time.perf_counter(); r = fn(*a, **k); ours += time.perf_counter() - t; return r
    return wrapper
for hook in ("on_config", "on_files", "on_nav", "on_page_markdown", "on_post_build"):
    if hasattr(gp.FollowUpGuidePlugin, hook):
        setattr(gp.FollowUpGuidePlugin, hook, timed(getattr(gp.FollowUpGuidePlugin, hook)))
t = time.perf_counter()
cfg = load_config(sys.argv[1], site_dir=sys.argv[2], strict=True)
build(cfg)
wall = time.perf_counter() - t
print(json.dumps({"wall": wall, "ours": ours, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _run_build(config: Path, site: Path) -> dict:
    import json

    out = subprocess.run([sys.executable, "-c", PROFILE_BUILD, str(config), str(site)], env=ENV,
                         capture_output=True, text=True, cwd=config.parent)
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _time_cmd(cmd: list[str], cwd: Path, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, env=ENV, check=True, capture_output=True)
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    print(f"# Follow-Up Guide benchmark — {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    check = _time_cmd([sys.executable, "-m", "generator", "check"], ROOT)
    print(f"python -m generator check, default rules: {check:.2f} s (target < 0.5 s)")
    with tempfile.TemporaryDirectory() as tmp:
        site = _time_cmd([sys.executable, "-m", "generator", "build", "-d", str(Path(tmp) / "site")], ROOT, repeat=1)
    print(f"make site, default guide: {site:.2f} s (target < 5 s)")
    print()
    print("| rules | build s | ours s | ours % | peak MB | baseline s | ratio | check s |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for n in SIZES:
            project = make_guide(tmp / f"guide-{n}", n)
            r = _run_build(project / "mkdocs.yml", tmp / f"site-{n}")
            base = _run_build(make_baseline(tmp / f"base-{n}", n) / "mkdocs.yml", tmp / f"bsite-{n}")
            chk = _time_cmd([sys.executable, "-m", "generator", "--rules", str(project / "rules"), "check"], ROOT, repeat=1)
            print(f"| {n} | {r['wall']:.1f} | {r['ours']:.2f} | {100 * r['ours'] / r['wall']:.1f} | "
                  f"{r['rss_mb']:.0f} | {base['wall']:.1f} | {r['wall'] / base['wall']:.2f} | {chk:.2f} |", flush=True)


if __name__ == "__main__":
    main()
