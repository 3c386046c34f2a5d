"""Atomic site builds: build into a fresh folder beside the target, swap it in only on success.

A failed MkDocs build still leaves a half-filled site folder, so we never build in place."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def build_atomically(config: Path, site_dir: Path) -> int:
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-", dir=site_dir.parent))
    old = None
    try:
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        # --strict without -q: -q hides warnings from --strict's count (an upstream bug).
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config),
                                 "-d", str(tmp)], env=env)
        if result.returncode != 0:
            print(f"build failed; {site_dir} left as it was", file=sys.stderr)
            return result.returncode
        if site_dir.exists():
            old = site_dir.with_name(tmp.name + "-old")
            site_dir.rename(old)
        tmp.rename(site_dir)
        print(f"site written to {site_dir}")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
