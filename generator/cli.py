"""`python -m generator`: check the rules, scaffold a rule, build the site atomically."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import timeline_cli
from .errors import RuleError


def _check(args) -> int:
    from .center import checked_guide

    guide = checked_guide(args.rules, args.center)
    whose = f"{guide.extra['center'].name}: " if args.center else ""
    print(f"{whose}{len(guide.rules)} rules in {len(guide.topics)} topics: no problems found")
    return 0


def _new_rule(args) -> int:
    from .scaffold import new_rule

    path = new_rule(args.rules, args.topic, args.id)
    print(f"created {path}: fill it in, then run `python -m generator check`")
    return 0


def _init_center(args) -> int:
    from .center_init import init_center

    for path in init_center(args.folder, args.name):
        print(f"created {path}")
    print(f"next: fill in {args.folder / 'center.yml'}, then `make site CENTER={args.folder}`")
    return 0


def _build(args) -> int:
    from .sitebuild import build_atomically

    return build_atomically(args.config, args.site_dir)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    p.add_argument("--rules", type=Path, default=None,
                   help="rules folder (default: ./rules, or else the rules of the guide these tools belong to)")
    sub = p.add_subparsers(dest="command", required=True)
    k = sub.add_parser("check", help="load and check every rule; print path:line: message for each problem")
    k.add_argument("--center", type=Path, help="also apply and check a career center's file (center.yml)")
    k.set_defaults(fn=_check)
    i = sub.add_parser("init-center", help="scaffold a career center's edition in FOLDER")
    i.add_argument("folder", type=Path)
    i.add_argument("--name", required=True, help="the center's name, e.g. \"Riverside College Careers Service\"")
    i.set_defaults(fn=_init_center)
    n = sub.add_parser("new-rule", help="scaffold rules/TOPIC/ID.yml")
    n.add_argument("topic")
    n.add_argument("id")
    n.set_defaults(fn=_new_rule)
    b = sub.add_parser("build", help="build the site with mkdocs --strict, replacing the site folder only on success")
    b.add_argument("-f", "--config", type=Path, default=Path("mkdocs.yml"))
    b.add_argument("-d", "--site-dir", type=Path, default=Path("site"))
    b.set_defaults(fn=_build)
    timeline_cli.add_parser(sub)
    return p


# The guide these tools were installed from: a center checks against it from its own folder.
GUIDE_RULES = Path(__file__).resolve().parent.parent / "rules"


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    if args.rules is None:
        args.rules = Path("rules") if Path("rules").is_dir() or args.command == "new-rule" else GUIDE_RULES
    try:
        return args.fn(args)
    except RuleError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        count = len(err.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # Output piped into `head` or a pager that closed early: not a failure. Point stdout at
        # devnull so the interpreter's own final flush does not fail again (Python docs' recipe).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
