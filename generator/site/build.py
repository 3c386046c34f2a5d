"""Atomic site builds: build into a fresh folder beside the target, swap it in only on success.

A failed MkDocs build still leaves a half-filled site folder, so we never build in place. MkDocs
refuses a site folder that holds the project, but it only ever sees our temporary folder: so the
target is checked here, before anything is built or replaced (``refuse_target``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from generator import GUIDE_ROOT
from generator.core.errors import UsageError, display_path, printable
from generator.site.config import PLUGIN, plugins, read_config, read_yaml

# Written into every site we build: only a folder holding it is replaced by the next build.
SITE_MARKER = ".follow-up-guide-site"
# What a static host serving as another user needs (mkdtemp makes the folder 0700).
DIR_MODE, FILE_MODE = 0o755, 0o644


def _inputs(config: Path) -> dict[Path, tuple[str, bool]]:
    """Every path a build reads: what it is, and whether a site folder may lie inside it. The
    target may be none of them and hold none of them."""
    config = config.resolve()
    inputs = {
        Path.cwd().resolve(): ("the folder you are in", True),
        config: ("the site's configuration", False),
        config.parent: ("the folder of the site's configuration", True),
        GUIDE_ROOT.resolve(): ("the guide's project folder", True),
    }
    for name in ("rules", "content", "site-templates", "generator"):
        inputs[(GUIDE_ROOT / name).resolve()] = (f"the guide's {name} folder", False)
    try:  # the config's own folders (a center's point elsewhere); a config we cannot read fails in mkdocs
        inputs.update(_config_inputs(config))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError, TypeError, AttributeError):
        pass
    return inputs


def _config_inputs(config: Path) -> dict[Path, tuple[str, bool]]:
    data, root, inputs = read_config(config), config.parent, {}
    inputs[(root / str(data.get("docs_dir", "docs"))).resolve()] = ("the site's docs_dir (content)", False)
    theme = data.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        inputs[(root / str(theme["custom_dir"])).resolve()] = ("the theme's custom_dir (site-templates)", False)
    options = plugins(data).get(PLUGIN)
    if options is None:
        return inputs
    inputs[(root / str(options.get("rules", "rules"))).resolve()] = ("the rules folder", False)
    if options.get("center"):
        center = (root / str(options["center"])).resolve()
        inputs[center] = ("the center's file", False)
        inputs[center.parent] = ("the center's folder", True)
        for key, value in (read_yaml(center) or {}).items():
            if key in ("local", "logo", "favicon") and isinstance(value, str):
                inputs[(center.parent / value).resolve()] = (f"the center's {key}", False)
    return inputs


def refuse_target(config: Path, site_dir: Path) -> None:
    """Raise UsageError unless ``site_dir`` is missing, empty, or a site we built before."""
    target = site_dir.resolve()
    where = display_path(site_dir)
    for path, (what, may_hold_site) in _inputs(config).items():
        if target == path or target in path.parents:
            raise UsageError(
                f"-d {where} would replace {what} ({display_path(path)}); build into a new folder such as site/"
            )
        if not may_hold_site and path in target.parents:
            raise UsageError(f"-d {where} is inside {what} ({display_path(path)}); build outside it")
    if site_dir.is_symlink():
        raise UsageError(f"-d {where} is a symbolic link; give the real folder")
    if target.exists() and not target.is_dir():
        raise UsageError(f"-d {where} is an existing file, not a site folder; choose another path")
    if target.is_dir() and any(target.iterdir()) and not (target / SITE_MARKER).is_file():
        raise UsageError(
            f"-d {where} is a folder with other files in it (no {SITE_MARKER} from an "
            "earlier build): empty it, remove it, or choose another folder"
        )


def _publishable(root: Path) -> None:
    for folder, dirs, files in os.walk(root):
        os.chmod(folder, DIR_MODE)
        for name in files:
            os.chmod(os.path.join(folder, name), FILE_MODE)


def _stop(child: subprocess.Popen) -> None:
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def build_atomically(config: Path, site_dir: Path) -> int:
    refuse_target(config, site_dir)
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-", dir=site_dir.parent))
    old = None
    child = None
    try:
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        # --strict without -q: -q hides warnings from --strict's count (an upstream bug). Its own
        # session: Ctrl-C reaches only us, and we stop it (no second traceback from the child).
        child = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(tmp)],
            env=env,
            start_new_session=True,
        )
        if child.wait() != 0:
            print(f"build failed; {display_path(site_dir)} left as it was", file=sys.stderr)
            return 2
        (tmp / SITE_MARKER).write_text(
            "Built by `python -m generator build`; the next build replaces this folder.\n", "utf-8"
        )
        _publishable(tmp)
        if site_dir.exists():
            old = site_dir.with_name(tmp.name + "-old")
            site_dir.rename(old)
        tmp.rename(site_dir)
        print(f"site written to {printable(str(site_dir))}")
        return 0
    finally:  # also on Ctrl-C and SIGTERM (cli.main turns it into an exception): no child, no leftovers
        if child is not None:
            _stop(child)
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
