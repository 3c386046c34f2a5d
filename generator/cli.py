"""`python -m generator COMMAND`: one function per command, each importing only what it needs (so
`check` stays fast and never loads the site's Jinja, Markdown or nh3)."""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import re
import signal
import sys
from pathlib import Path

from generator import GUIDE_ROOT
from generator.core.errors import RuleError, UsageError, printable

# The guide these tools were installed from: a center checks against it from its own folder.
GUIDE_RULES = GUIDE_ROOT / "rules"


def version() -> str:
    """The guide's version, from its one place: pyproject.toml, as installed."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("follow-up-guide")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def check(args) -> int:
    from generator.pipeline import publishable_guide

    # One short run that keeps everything it loads: the cyclic garbage collector would only walk
    # those objects again and again (a fifth of the time on 5,000 rules) and find nothing to free.
    gc.disable()
    guide = publishable_guide(args.rules, args.center)
    whose = f"{guide.center.name}: " if args.center else ""
    print(f"{whose}{len(guide.rules)} rules in {len(guide.topics)} topics: no problems found")
    return 0


def new_rule(args) -> int:
    from generator.core.new_rule import new_rule as scaffold

    path = scaffold(args.rules, args.topic, args.id)
    print(f"created {path}: fill it in, then run `python -m generator check`")
    return 0


def init_center(args) -> int:
    from generator.center.scaffold import init_center as scaffold

    for path in scaffold(args.folder, args.name):
        print(f"created {path}")
    print(f"next: fill in {args.folder / 'center.yml'}, then `make site CENTER={args.folder}`")
    return 0


def build(args) -> int:
    from generator.site.build import build_atomically

    return build_atomically(args.config, args.site_dir)


def pages(args) -> int:
    from generator.site.folder import FolderError, generate, write
    from generator.site.offline import BundleError
    from generator.site.output import SettingsError

    try:
        files = generate(args.config)
        write(files, args.folder)
    except (FolderError, SettingsError, BundleError) as err:
        print(f"pages: {err}", file=sys.stderr)
        return 2
    count = sum(f.title is not None for f in files)
    print(f"{count} generated pages and {len(files) - count} other files written to {args.folder}")
    return 0


# The plan command's options, by the input names the calculator's plan uses.
PLAN_OPTIONS = {
    "interview": "--interview",
    "promised": "--promised",
    "offer_deadline": "--competing-offer",
    "country": "--country",
    "today": "--today",
    "thank_you_sent": "--thank-you-sent",
    "followed_up": "--followed-up",
    "called": "--called",
    "they_said": "--they-said",
}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def plan(args) -> int:
    """The reader's dated plan in a terminal, or as JSON. Bad input exits 2 with one line naming
    each wrong option and the same message the page shows."""
    from generator.calculator.data import calculator_data
    from generator.calculator.plan import plan as make_plan
    from generator.calculator.public_holidays import DEFAULT_COUNTRIES, YEARS_AHEAD, YEARS_BACK, unknown_countries
    from generator.pipeline import publishable_guide

    today = args.today or datetime.date.today().isoformat()
    # Holidays are built around the reader's today, as the site builds them around its build day.
    try:
        around = datetime.date.fromisoformat(today)
    except ValueError:  # plan() reports the bad --today
        around = datetime.date.today()
    first, last = datetime.MINYEAR + YEARS_BACK, datetime.MAXYEAR - YEARS_AHEAD - 1
    if not first <= around.year <= last:
        raise UsageError(f"--today: {today} is outside the years the calculator can count ({first} to {last})")
    # ASCII letters only: "ıN".upper() is "IN", and a dotless i is not India.
    country = args.country.upper() if re.fullmatch(r"[A-Za-z]{2}", args.country) else args.country
    countries = [country] if country and not unknown_countries([country]) else list(DEFAULT_COUNTRIES)
    data = calculator_data(publishable_guide(args.rules), countries, around)
    raw = {
        "interview": args.interview,
        "promised": args.promised,
        "offer_deadline": args.offer_deadline,
        "country": country,
        "recruiter": args.recruiter,
        "today": today,
        "thank_you_sent": args.thank_you_sent,
        "followed_up": args.followed_up,
        "called": args.called,
        "they_said": args.they_said,
    }
    result = make_plan(data, raw)
    if "errors" in result:
        order = list(PLAN_OPTIONS)
        print(
            "; ".join(
                f"{PLAN_OPTIONS[f]}: {m}" for f, m in sorted(result["errors"].items(), key=lambda e: order.index(e[0]))
            ),
            file=sys.stderr,
        )
        return 2
    print(json.dumps(result, indent=2, ensure_ascii=False) if args.json else plan_text(result["steps"], data))
    return 0


def plan_text(steps: list[dict], data: dict) -> str:
    from generator.calculator.plan import parse_day, weekday

    words = data["words"]
    status = {"done": "done", "missed": "missed", "planned": "to do"}
    lines = []
    for s in steps:
        day = WEEKDAYS[weekday(parse_day(s["date"]))]
        how = f" ({words['channels'][s['channel']].lower()})" if s["channel"] else ""
        also = "".join(
            f", and {words['actions'][data['rules'][r]['action']].lower()} in the same message" for r in s["also"]
        )
        line = f"{day} {s['date']}  [{status[s['status']]}] {words['actions'][s['action']]}{how}{also}"
        if s["status"] != "done":
            line += (
                f"  [window {s['earliest']} to {s['latest']}; rule {s['rule']}"
                + (f"; template {s['template']}" if s["template"] else "")
                + "]"
            )
        if s["instead"]:
            line += f"\n    instead: {words['actions'][data['rules'][s['instead']]['action']]}, the next step below"
        lines.append(line)
    return "\n".join(lines)


class OneLineParser(argparse.ArgumentParser):
    """A bad argument is one line (no usage block) and exit status 2, like every other failure."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: {printable(message)} (see --help)\n")


def parser() -> argparse.ArgumentParser:
    from generator.calculator.plan import THEY_SAID

    p = OneLineParser(prog="python -m generator", description=__doc__)
    p.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    p.add_argument(
        "--rules",
        type=Path,
        default=None,
        help="rules folder (default: ./rules, or else the rules of the guide these tools belong to)",
    )
    sub = p.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    k = sub.add_parser("check", help="load and check every rule; print path:line: message for each problem")
    k.add_argument("--center", type=Path, help="also apply and check a career center's file (center.yml)")
    k.set_defaults(fn=check)
    i = sub.add_parser("init-center", help="scaffold a career center's edition in FOLDER")
    i.add_argument("folder", type=Path)
    i.add_argument("--name", required=True, help='the center\'s name, e.g. "Riverside College Careers Service"')
    i.set_defaults(fn=init_center)
    n = sub.add_parser("new-rule", help="scaffold rules/TOPIC/ID.yml")
    n.add_argument("topic")
    n.add_argument("id")
    n.set_defaults(fn=new_rule)
    b = sub.add_parser("build", help="build the site with mkdocs --strict, replacing the site folder only on success")
    b.add_argument("-f", "--config", type=Path, default=Path("mkdocs.yml"))
    b.add_argument("-d", "--site-dir", type=Path, default=Path("site"))
    b.set_defaults(fn=build)
    g = sub.add_parser(
        "pages",
        help="write the guide's pages (Markdown with front matter), assets and hand-written "
        "pages into FOLDER, for any site builder to read",
        description="Write every page and asset the MkDocs plugin adds, and the config's hand-written "
        "pages, into FOLDER. FOLDER must be new, empty, or an earlier output of this command.",
    )
    g.add_argument("folder", type=Path)
    g.add_argument(
        "-f",
        "--config",
        type=Path,
        default=Path("mkdocs.yml"),
        help="the builder's config whose follow-up-guide options to use (default: mkdocs.yml)",
    )
    g.set_defaults(fn=pages)
    t = sub.add_parser(
        "plan",
        help="print the calculator's dated follow-up plan for an interview",
        description="Print the dated follow-up plan the guide's rules give for an interview.",
    )
    t.add_argument("--interview", default="", metavar="YYYY-MM-DD", help="the interview date (required)")
    t.add_argument("--promised", default="", metavar="YYYY-MM-DD", help="the date they said you would hear by")
    t.add_argument(
        "--country",
        default="",
        metavar="CODE",
        help="count this country's public holidays as non-business days (an ISO 3166 code, e.g. GB)",
    )
    t.add_argument("--recruiter", action="store_true", help="a recruiter arranged the interview")
    t.add_argument(
        "--competing-offer",
        dest="offer_deadline",
        default="",
        metavar="YYYY-MM-DD",
        help="the deadline of another employer's written offer",
    )
    t.add_argument("--thank-you-sent", default="", metavar="YYYY-MM-DD", help="the day you sent your thank-you")
    t.add_argument(
        "--followed-up",
        action="append",
        default=[],
        metavar="YYYY-MM-DD[:CHANNEL]",
        help="a day you followed up, and how (default email); repeat for each",
    )
    t.add_argument(
        "--called", action="append", default=[], metavar="YYYY-MM-DD", help="a day you phoned them; repeat for each"
    )
    t.add_argument(
        "--they-said",
        default="nothing",
        choices=list(THEY_SAID),
        help='what they said last: nothing yet, "we\'ll call you", still interviewing others, a new date '
        "(give it with --promised), or their decision",
    )
    t.add_argument("--today", default="", metavar="YYYY-MM-DD", help="today's date (default: the local date)")
    t.add_argument("--json", action="store_true", help='print {"steps": [...]} (see docs/design/calculator.md)')
    t.set_defaults(fn=plan)
    return p


# Exit statuses: 0 done, 2 any problem (bad input, a bad argument, a failed build), 128 + signal
# number when interrupted (130 for Ctrl-C, 143 for SIGTERM), as shells report it.
EXIT_PROBLEMS = 2


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so every command's cleanup (``finally``) runs."""

    signum = signal.SIGTERM


def _terminate(signum, frame):
    raise Terminated()


def main(argv=None) -> int:
    signal.signal(signal.SIGTERM, _terminate)
    try:
        args = parser().parse_args(argv)
        if args.rules is None:
            args.rules = Path("rules") if Path("rules").is_dir() or args.command == "new-rule" else GUIDE_RULES
        return args.fn(args)
    except RuleError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        if len(err.problems) > 1:
            print(f"{len(err.problems)} problems found", file=sys.stderr)
        return EXIT_PROBLEMS
    except UsageError as err:
        print(f"python -m generator {args.command}: {printable(str(err))}", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt as err:
        signum = getattr(err, "signum", signal.SIGINT)
        print(f"python -m generator: interrupted ({signal.Signals(signum).name})", file=sys.stderr)
        return 128 + signum
    except BrokenPipeError:
        # Output piped into `head` or a pager that closed early: not a failure. Point stdout at
        # devnull so the interpreter's own final flush does not fail again (Python docs' recipe).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
