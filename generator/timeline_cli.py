"""`python -m generator timeline`: the reader's dated plan in a terminal, or as JSON.

Bad input exits 2 with one line naming each wrong option and the same message the page shows."""
from __future__ import annotations

import datetime
import json
import sys

from .holidays_data import DEFAULT_COUNTRIES, unknown_countries
from .timeline import parse_day, plan, weekday
from .timeline_data import timeline_data

OPTIONS = {"interview": "--interview", "promised": "--promised", "offer_deadline": "--competing-offer",
           "country": "--country", "today": "--today"}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def add_parser(sub) -> None:
    t = sub.add_parser("timeline", help="print the dated follow-up plan for an interview",
                       description="Print the dated follow-up plan the guide's rules give for an interview.")
    t.add_argument("--interview", default="", metavar="YYYY-MM-DD", help="the interview date (required)")
    t.add_argument("--promised", default="", metavar="YYYY-MM-DD", help="the date they said you would hear by")
    t.add_argument("--country", default="", metavar="CODE",
                   help=f"count this country's public holidays as non-business days (e.g. {', '.join(DEFAULT_COUNTRIES)})")
    t.add_argument("--recruiter", action="store_true", help="a recruiter arranged the interview")
    t.add_argument("--competing-offer", dest="offer_deadline", default="", metavar="YYYY-MM-DD",
                   help="the deadline of another employer's written offer")
    t.add_argument("--we-will-call", action="store_true", help="they said \"we'll call you\"")
    t.add_argument("--still-interviewing", action="store_true", help="they are still holding first-round interviews")
    t.add_argument("--today", default="", metavar="YYYY-MM-DD", help="today's date (default: the local date)")
    t.add_argument("--json", action="store_true", help='print {"steps": [...]} (see CONTRIBUTING.md)')
    t.set_defaults(fn=run)


def run(args) -> int:
    from .center import checked_guide

    today = args.today or datetime.date.today().isoformat()
    # Holidays are built around the reader's today, as the site builds them around its build day.
    try:
        around = datetime.date.fromisoformat(today)
    except ValueError:  # plan() reports the bad --today
        around = datetime.date.today()
    country = args.country.upper()
    countries = [country] if country and not unknown_countries([country]) else list(DEFAULT_COUNTRIES)
    data = timeline_data(checked_guide(args.rules), countries, around)
    raw = {"interview": args.interview, "promised": args.promised, "offer_deadline": args.offer_deadline,
           "country": country, "recruiter": args.recruiter, "we_will_call": args.we_will_call,
           "still_interviewing": args.still_interviewing, "today": today}
    result = plan(data, raw)
    if "errors" in result:
        print("; ".join(f"{OPTIONS[f]}: {m}" for f, m in sorted(result["errors"].items(), key=lambda e: list(OPTIONS).index(e[0]))),
              file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(as_text(result["steps"], data))
    return 0


def as_text(steps: list[dict], data: dict) -> str:
    words = data["words"]
    lines = []
    for s in steps:
        day = WEEKDAYS[weekday(parse_day(s["date"]))]
        how = f" ({words['channels'][s['channel']].lower()})" if s["channel"] else ""
        lines.append(f"{day} {s['date']}  {words['actions'][s['action']]}{how}"
                     f"  [window {s['earliest']} to {s['latest']}; rule {s['rule']}"
                     + (f"; template {s['template']}" if s["template"] else "") + "]")
    return "\n".join(lines)
